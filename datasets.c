/*
 * datasets.c: one table per Logpush dataset (and scope).
 *
 * A table is data only: the dataset's documented fields (its detection
 * signature, and what --print-fields prints), its time fields, its ECS
 * categorisation and a list of (Logpush field -> ECS slot, converter)
 * rows.  Rows run in order and never overwrite a filled slot, so where a
 * dataset has a new and a legacy name for the same thing the new one
 * comes first.
 */
#include <stddef.h>

#include "mapper.h"

/* Field lists: every documented field of each Logpush dataset (and scope). */
static const char *const access_requests_fields[] = {
	"Action", "Allowed", "AppDomain", "AppUUID", "Connection", "Country",
	"CreatedAt", "Email", "IPAddress", "PurposeJustificationPrompt",
	"PurposeJustificationResponse", "RayID", "TemporaryAccessApprovers",
	"TemporaryAccessDuration", "UserUID", NULL
};

static const char *const account_abuse_protection_events_fields[] = {
	"AuthenticationIdentityProvider", "AuthenticationMethod",
	"AuthenticationStatus", "BotScore", "ClientASN", "ClientCity",
	"ClientCountry", "ClientIP", "Email", "EphemeralID", "EventSource",
	"EventType", "FraudEmailRisk", "Host", "JA4", "RayID", "Timestamp",
	"UserAgent", "UserID", NULL
};

static const char *const audit_logs_fields[] = {
	"ActionResult", "ActionType", "ActorEmail", "ActorID", "ActorIP",
	"ActorType", "ID", "Interface", "Metadata", "NewValue", "OldValue",
	"OwnerID", "ResourceID", "ResourceType", "When", NULL
};

static const char *const audit_logs_v2_fields[] = {
	"AccountID", "AccountName", "ActionDescription", "ActionResult",
	"ActionTimestamp", "ActionType", "ActorContext", "ActorEmail",
	"ActorID", "ActorIPAddress", "ActorTokenDetails", "ActorType",
	"AuditLogID", "Raw", "ResourceID", "ResourceProduct",
	"ResourceRequest", "ResourceResponse", "ResourceScope",
	"ResourceType", "ResourceValue", "ZoneID", "ZoneName", NULL
};

static const char *const biso_user_actions_fields[] = {
	"AccountID", "Decision", "DomainName", "Metadata", "Timestamp",
	"Type", "URL", "UserEmail", "UserID", NULL
};

static const char *const casb_findings_fields[] = {
	"AssetDisplayName", "AssetExternalID", "AssetLink", "AssetMetadata",
	"DetectedTimestamp", "FindingTypeDisplayName", "FindingTypeID",
	"FindingTypeSeverity", "InstanceID", "IntegrationDisplayName",
	"IntegrationID", "IntegrationPolicyVendor", NULL
};

static const char *const device_posture_results_fields[] = {
	"ClientVersion", "DeviceID", "DeviceManufacturer", "DeviceModel",
	"DeviceName", "DeviceSerialNumber", "DeviceType", "Email",
	"OSVersion", "PolicyID", "PostureCheckName", "PostureCheckType",
	"PostureEvaluatedResult", "PostureExpectedJSON",
	"PostureReceivedJSON", "RegistrationID", "Timestamp", "UserUID", NULL
};

static const char *const dex_application_tests_fields[] = {
	"AccountID", "ClientPlatform", "ClientVersion", "ColoCode",
	"DeviceID", "DeviceRegistrationID", "ExecutionContext",
	"HTTPClientIPASN", "HTTPClientIPASO", "HTTPClientIPAddress",
	"HTTPClientIPCity", "HTTPClientIPCountryISO", "HTTPClientIPNetmask",
	"HTTPClientIPStateISO", "HTTPClientIPVersion", "HTTPClientIPZip",
	"HTTPConnectEndMs", "HTTPConnectStartMs", "HTTPDomainLookupEndMs",
	"HTTPDomainLookupStartMs", "HTTPErrorMessage", "HTTPMethod",
	"HTTPRequestStartMs", "HTTPResponseBodyBytes", "HTTPResponseEndMs",
	"HTTPResponseHeaderBytes", "HTTPResponseStartMs",
	"HTTPSecureConnectionStartMs", "HTTPServerIPASN", "HTTPServerIPASO",
	"HTTPServerIPAddress", "HTTPServerIPCity", "HTTPServerIPCountryISO",
	"HTTPServerIPNetmask", "HTTPServerIPStateISO", "HTTPServerIPVersion",
	"HTTPServerIPZip", "HTTPStatusCode", "HTTPURL", "TestID", "TestType",
	"Timestamp", "TracerouteDestinationHostname",
	"TracerouteDestinationIPASN", "TracerouteDestinationIPASO",
	"TracerouteDestinationIPAddress", "TracerouteDestinationIPCity",
	"TracerouteDestinationIPCountryISO",
	"TracerouteDestinationIPNetmask", "TracerouteDestinationIPStateISO",
	"TracerouteDestinationIPVersion", "TracerouteDestinationIPZip",
	"TracerouteDurationMs", "TracerouteHops", "TracerouteMaxTTL",
	"TracerouteProtocol", "TracerouteSize", "TracerouteSourceIPASN",
	"TracerouteSourceIPASO", "TracerouteSourceIPAddress",
	"TracerouteSourceIPCity", "TracerouteSourceIPCountryISO",
	"TracerouteSourceIPNetmask", "TracerouteSourceIPStateISO",
	"TracerouteSourceIPVersion", "TracerouteSourceIPZip",
	"TracerouteStatus", "TracerouteTimeEnd", "TracerouteVersion",
	"TunnelType", "UserEmail", "UserID", NULL
};

static const char *const dex_device_state_events_fields[] = {
	"AccountID", "AlwaysOn", "AppFirewallEnabled", "BatteryCharging",
	"BatteryCycles", "BatteryPercentage", "CPUPercentage",
	"CPUPercentageByApp", "ClientPlatform", "ClientVersion",
	"ConnectionType", "DeviceID", "DeviceIPv4Address",
	"DeviceIPv4Netmask", "DeviceIPv6Address", "DeviceIPv6Netmask",
	"DeviceRegistrationID", "DeviceRegistrationProfileID", "DiskReadBPS",
	"DiskUsagePercentage", "DiskWriteBPS", "DoHSubdomain",
	"ExperimentalExtra", "FirewallEnabled", "GatewayIPv4Address",
	"GatewayIPv4Netmask", "GatewayIPv6Address", "GatewayIPv6Netmask",
	"HandshakeLatencyMs", "ISPIPv4ASN", "ISPIPv4ASO", "ISPIPv4Address",
	"ISPIPv4City", "ISPIPv4CountryISO", "ISPIPv4Netmask",
	"ISPIPv4StateISO", "ISPIPv4Zip", "ISPIPv6ASN", "ISPIPv6ASO",
	"ISPIPv6Address", "ISPIPv6City", "ISPIPv6CountryISO",
	"ISPIPv6Netmask", "ISPIPv6StateISO", "ISPIPv6Zip", "Mode",
	"NetworkReceivedBPS", "NetworkSSID", "NetworkSentBPS",
	"RAMAvailableKB", "RAMUsedPercentage", "RAMUsedPercentageByApp",
	"Status", "SwitchLocked", "Timestamp", "TunnelStatsDownstream",
	"TunnelStatsUpstream", "TunnelType", "WarpColoCode",
	"WiFiStrengthDBM", NULL
};

static const char *const dlp_forensic_copies_fields[] = {
	"AccountID", "Datetime", "ForensicCopyID", "GatewayRequestID",
	"Headers", "Payload", "Phase", "TriggeredRuleID", NULL
};

static const char *const dns_firewall_logs_fields[] = {
	"ClientResponseCode", "ClusterID", "ColoCode", "EDNSSubnet",
	"EDNSSubnetLength", "QueryDO", "QueryName", "QueryRD", "QuerySize",
	"QueryTCP", "QueryType", "ResponseCached", "ResponseCachedStale",
	"ResponseReason", "SourceIP", "Timestamp", "UpstreamIP",
	"UpstreamResponseCode", "UpstreamResponseTimeMs", NULL
};

static const char *const dns_logs_fields[] = {
	"ColoCode", "EDNSSubnet", "EDNSSubnetLength", "QueryName",
	"QueryType", "ResponseCached", "ResponseCode", "SourceIP",
	"Timestamp", NULL
};

static const char *const email_security_alerts_fields[] = {
	"AlertID", "AlertReasons", "Attachments", "BCC", "CC", "CCName",
	"DKIMResult", "DMARCPolicy", "DMARCResult", "FinalDisposition",
	"From", "FromName", "Links", "MessageDeliveryMode", "MessageID",
	"Origin", "OriginalSender", "ReplyTo", "ReplyToName",
	"SMTPEnvelopeFrom", "SMTPEnvelopeTo", "SMTPHeloServerIP",
	"SMTPHeloServerIPAsName", "SMTPHeloServerIPAsNumber",
	"SMTPHeloServerIPGeo", "SMTPHeloServerName", "SPFResult", "Subject",
	"ThreatCategories", "Timestamp", "To", "ToName", NULL
};

static const char *const email_security_post_delivery_events_fields[] = {
	"AlertID", "CompletedAt", "Destination", "FinalDisposition",
	"Folder", "From", "FromName", "MessageID", "MessageTimestamp",
	"MicrosoftTenantID", "Operation", "PostfixID", "Reasons",
	"Recipient", "RequestedAt", "RequestedBy", "RequestedDisposition",
	"Status", "Subject", "Success", "To", NULL
};

static const char *const firewall_events_account_fields[] = {
	"AISecurityCustomTopicCategories", "AISecurityInjectionScore",
	"AISecurityPIICategories", "AISecurityTokenCount",
	"AISecurityUnsafeTopicCategories", "Action", "ClientASN",
	"ClientASNDescription", "ClientCountry", "ClientIP", "ClientIPClass",
	"ClientRefererHost", "ClientRefererPath", "ClientRefererQuery",
	"ClientRefererScheme", "ClientRequestHost", "ClientRequestMethod",
	"ClientRequestPath", "ClientRequestProtocol", "ClientRequestQuery",
	"ClientRequestScheme", "ClientRequestUserAgent",
	"ContentScanObjResults", "ContentScanObjSizes",
	"ContentScanObjTypes", "Datetime", "Description", "EdgeColoCode",
	"EdgeResponseStatus", "FirewallForAIInjectionScore",
	"FirewallForAIPIICategories", "FirewallForAITokenCount",
	"FirewallForAIUnsafeTopicCategories", "FraudUserID", "Kind",
	"LeakedCredentialCheckResult", "MatchIndex", "Metadata",
	"OriginResponseStatus", "OriginatorRayID", "RayID", "Ref", "RuleID",
	"Source", "ZoneName", NULL
};

static const char *const firewall_events_fields[] = {
	"AISecurityInjectionScore", "AISecurityPIICategories",
	"AISecurityTokenCount", "AISecurityUnsafeTopicCategories", "Action",
	"ClientASN", "ClientASNDescription", "ClientCountry", "ClientIP",
	"ClientIPClass", "ClientRefererHost", "ClientRefererPath",
	"ClientRefererQuery", "ClientRefererScheme", "ClientRequestHost",
	"ClientRequestMethod", "ClientRequestPath", "ClientRequestProtocol",
	"ClientRequestQuery", "ClientRequestScheme",
	"ClientRequestUserAgent", "ContentScanObjResults",
	"ContentScanObjSizes", "ContentScanObjTypes", "Datetime",
	"Description", "EdgeColoCode", "EdgeResponseStatus",
	"FirewallForAIInjectionScore", "FirewallForAIPIICategories",
	"FirewallForAITokenCount", "FirewallForAIUnsafeTopicCategories",
	"FraudUserID", "Kind", "LeakedCredentialCheckResult", "MatchIndex",
	"Metadata", "OriginResponseStatus", "OriginatorRayID", "RayID",
	"Ref", "RuleID", "Source", NULL
};

static const char *const gateway_dns_fields[] = {
	"AccountID", "ApplicationID", "ApplicationName", "AppliedMaxTTL",
	"AuthoritativeNameServerIPs", "CNAMECategoryIDs",
	"CNAMECategoryNames", "CNAMEs", "CNAMEsReversed", "ColoCode",
	"ColoID", "CustomResolveDurationMs", "CustomResolverAddress",
	"CustomResolverPolicyID", "CustomResolverPolicyName",
	"CustomResolverResponse", "Datetime", "DeviceID", "DeviceName",
	"DoHSubdomain", "DoTSubdomain", "DstIP", "DstPort", "EDEErrors",
	"Email", "InitialCategoryIDs", "InitialCategoryNames",
	"InitialResolvedIPs", "InternalDNSDurationMs",
	"InternalDNSFallbackStrategy", "InternalDNSRCode",
	"InternalDNSViewID", "InternalDNSZoneID", "IsResponseCached",
	"Location", "LocationID", "MatchedCategoryIDs",
	"MatchedCategoryNames", "MatchedIndicatorFeedIDs",
	"MatchedIndicatorFeedNames", "Policy", "PolicyID", "PolicyName",
	"Protocol", "QueryApplicationIDs", "QueryApplicationNames",
	"QueryCategoryIDs", "QueryCategoryNames", "QueryID",
	"QueryIndicatorFeedIDs", "QueryIndicatorFeedNames", "QueryName",
	"QueryNameReversed", "QuerySize", "QueryType", "QueryTypeName",
	"RCode", "RData", "RedirectTargetURI", "RegistrationID",
	"RequestContextCategoryIDs", "RequestContextCategoryNames",
	"ResolvedIPCategoryIDs", "ResolvedIPCategoryNames",
	"ResolvedIPContinentCodes", "ResolvedIPCountryCodes", "ResolvedIPs",
	"ResolverDecision", "ResolverPolicyID", "ResolverPolicyName",
	"ResourceRecords", "ResourceRecordsJSON", "ResponseTimeMs", "SrcIP",
	"SrcIPContinentCode", "SrcIPCountryCode", "SrcPort", "TenantID",
	"TimeZone", "TimeZoneInferredMethod", "UpstreamRecordTTLs", "UserID", NULL
};

static const char *const gateway_http_fields[] = {
	"AccountID", "Action", "AddedHeaders", "AppControlInfo",
	"ApplicationIDs", "ApplicationNames", "ApplicationStatuses",
	"BlockedFileHash", "BlockedFileName", "BlockedFileReason",
	"BlockedFileSize", "BlockedFileType", "CategoryIDs", "CategoryNames",
	"Datetime", "DeletedHeaders", "DestinationIP",
	"DestinationIPContinentCode", "DestinationIPCountryCode",
	"DestinationPort", "DeviceID", "DeviceName",
	"DownloadMatchedDlpProfileEntries", "DownloadMatchedDlpProfiles",
	"DownloadedFileNames", "Email", "FileInfo", "ForensicCopyStatus",
	"HTTPHost", "HTTPMethod", "HTTPStatusCode", "HTTPVersion",
	"IsIsolated", "PolicyID", "PolicyName", "PrivateAppAUD",
	"ProxyEndpoint", "Quarantined", "RedirectTargetURI", "Referer",
	"RegistrationID", "RequestID", "SessionID", "SetHeaders", "SourceIP",
	"SourceIPContinentCode", "SourceIPCountryCode", "SourceInternalIP",
	"SourcePort", "TenantID", "URL", "UntrustedCertificateAction",
	"UploadMatchedDlpProfileEntries", "UploadMatchedDlpProfiles",
	"UploadedFileNames", "UserAgent", "UserID", "VirtualNetworkID",
	"VirtualNetworkName", "Warnings", NULL
};

static const char *const gateway_network_fields[] = {
	"AccountID", "Action", "ApplicationIDs", "ApplicationNames",
	"CategoryIDs", "CategoryNames", "Datetime", "DestinationIP",
	"DestinationIPContinentCode", "DestinationIPCountryCode",
	"DestinationPort", "DetectedProtocol", "DeviceID", "DeviceName",
	"Email", "OverrideIP", "OverridePort", "PolicyID", "PolicyName",
	"ProxyEndpoint", "RegistrationID", "SNI", "SessionID", "SourceIP",
	"SourceIPContinentCode", "SourceIPCountryCode", "SourceInternalIP",
	"SourcePort", "TenantID", "Transport", "TransportProtocol", "UserID",
	"VirtualNetworkID", "VirtualNetworkName", NULL
};

static const char *const http_requests_fields[] = {
	"BotDetectionIDs", "BotDetectionTags", "BotScore", "BotScoreSrc",
	"BotTags", "CacheCacheStatus", "CacheReserveUsed",
	"CacheResponseBytes", "CacheResponseStatus", "CacheTieredFill",
	"ClientASN", "ClientCity", "ClientCountry", "ClientDeviceType",
	"ClientIP", "ClientIPClass", "ClientLatitude", "ClientLongitude",
	"ClientMTLSAuthCertFingerprint", "ClientMTLSAuthStatus",
	"ClientRegionCode", "ClientRequestBytes", "ClientRequestHost",
	"ClientRequestMethod", "ClientRequestPath", "ClientRequestProtocol",
	"ClientRequestReferer", "ClientRequestScheme", "ClientRequestSource",
	"ClientRequestURI", "ClientRequestUserAgent", "ClientSSLCipher",
	"ClientSSLProtocol", "ClientSrcPort", "ClientTCPRTTMs",
	"ClientXRequestedWith", "ContentScanObjResults",
	"ContentScanObjSizes", "ContentScanObjTypes", "Cookies",
	"EdgeCFConnectingO2O", "EdgeColoCode", "EdgeColoID",
	"EdgeEndTimestamp", "EdgePathingOp", "EdgePathingSrc",
	"EdgePathingStatus", "EdgeRequestHost", "EdgeResponseBodyBytes",
	"EdgeResponseBytes", "EdgeResponseCompressionRatio",
	"EdgeResponseContentType", "EdgeResponseStatus", "EdgeServerIP",
	"EdgeStartTimestamp", "EdgeTimeToFirstByteMs", "FraudAttack",
	"FraudDetectionIDs", "FraudDetectionTags", "FraudEmailRisk",
	"FraudUserID", "JA3Hash", "JA4", "JA4Signals", "JSDetectionPassed",
	"LeakedCredentialCheckResult", "OriginDNSResponseTimeMs", "OriginIP",
	"OriginRequestHeaderSendDurationMs", "OriginResponseBytes",
	"OriginResponseDurationMs", "OriginResponseHTTPExpires",
	"OriginResponseHTTPLastModified",
	"OriginResponseHeaderReceiveDurationMs", "OriginResponseStatus",
	"OriginResponseTime", "OriginSSLProtocol",
	"OriginTCPHandshakeDurationMs", "OriginTLSHandshakeDurationMs",
	"ParentRayID", "PayPerCrawlStatus", "RayID", "RequestHeaders",
	"ResponseHeaders", "SecurityAction", "SecurityActions",
	"SecurityRuleDescription", "SecurityRuleID", "SecurityRuleIDs",
	"SecuritySources", "SmartRouteColoID", "UpperTierColoID",
	"VerifiedBotCategory", "WAFAttackScore", "WAFFlags", "WAFMatchedVar",
	"WAFRCEAttackScore", "WAFSQLiAttackScore", "WAFXSSAttackScore",
	"WebAssetsLabelsManaged", "WebAssetsOperationID", "WorkerCPUTime",
	"WorkerScriptName", "WorkerStatus", "WorkerSubrequest",
	"WorkerSubrequestCount", "WorkerWallTimeUs", "ZoneName",
	"Subrequests", NULL
};

static const char *const ipsec_logs_fields[] = {
	"Level", "LocalIP", "LocalPort", "Message", "RemoteIP", "RemotePort",
	"Timestamp", NULL
};

static const char *const magic_bgp_logs_fields[] = {
	"Direction", "EventData", "EventKind", "EventTimestamp", "TunnelID",
	"TunnelName", NULL
};

static const char *const magic_ids_detections_fields[] = {
	"Action", "ColoCity", "ColoCode", "DestinationIP", "DestinationPort",
	"Protocol", "SignatureID", "SignatureMessage", "SignatureRevision",
	"SourceIP", "SourcePort", "Timestamp", NULL
};

static const char *const mcp_portal_logs_fields[] = {
	"ClientCountry", "ClientIP", "ColoCode", "Datetime", "Error",
	"Method", "PortalAUD", "PortalID", "PromptGetName",
	"ResourceReadURI", "ServerAUD", "ServerID",
	"ServerResponseDurationMs", "ServerURL", "SessionID", "Success",
	"ToolCallName", "UserEmail", "UserID", NULL
};

static const char *const mnm_flow_logs_fields[] = {
	"AWSVPCFlowJSON", "Bits", "DestinationAS", "DestinationAddress",
	"DestinationPort", "DeviceID", "EgressBits", "EgressPackets",
	"Ethertype", "FlowProtocol", "FlowTimestamp", "NumFlows", "PacketID",
	"Packets", "Protocol", "RuleIDs", "SampleRate", "SampleRateType",
	"SamplerAddress", "SourceAS", "SourceAddress", "SourcePort",
	"TcpFlags", "Timestamp", NULL
};

static const char *const nel_reports_fields[] = {
	"ClientIPASN", "ClientIPASNDescription", "ClientIPCountry",
	"LastKnownGoodColoCode", "Phase", "Timestamp", "Type", NULL
};

static const char *const network_analytics_logs_fields[] = {
	"AttackCampaignID", "AttackID", "AttackVector", "ColoCity",
	"ColoCode", "ColoCountry", "ColoGeoHash", "ColoName", "Datetime",
	"DestinationASN", "DestinationASNName", "DestinationCountry",
	"DestinationGeoHash", "DestinationPort", "Direction", "GREChecksum",
	"GREEtherType", "GREHeaderLength", "GREKey", "GRESequenceNumber",
	"GREVersion", "ICMPChecksum", "ICMPCode", "ICMPType",
	"IPDestinationAddress", "IPDestinationSubnet", "IPFragmentOffset",
	"IPHeaderLength", "IPMoreFragments", "IPProtocol", "IPProtocolName",
	"IPSourceAddress", "IPSourceSubnet", "IPTTL", "IPTTLBuckets",
	"IPTotalLength", "IPTotalLengthBuckets", "IPv4Checksum", "IPv4DSCP",
	"IPv4DontFragment", "IPv4ECN", "IPv4Identification", "IPv4Options",
	"IPv6DSCP", "IPv6ECN", "IPv6ExtensionHeaders", "IPv6FlowLabel",
	"IPv6Identification", "MitigationReason", "MitigationScope",
	"MitigationSystem", "Outcome", "ProtocolState", "RuleID", "RuleName",
	"RulesetID", "RulesetOverrideID", "SampleInterval", "SourceASN",
	"SourceASNName", "SourceCountry", "SourceGeoHash", "SourcePort",
	"TCPAcknowledgementNumber", "TCPChecksum", "TCPDataOffset",
	"TCPFlags", "TCPFlagsString", "TCPMSS", "TCPOptions",
	"TCPSACKBlocks", "TCPSACKPermitted", "TCPSequenceNumber",
	"TCPTimestampECR", "TCPTimestampValue", "TCPUrgentPointer",
	"TCPWindowScale", "TCPWindowSize", "UDPChecksum", "UDPPayloadLength",
	"Verdict", NULL
};

static const char *const page_shield_events_fields[] = {
	"Action", "CSPDirective", "Host", "PageURL", "PolicyID",
	"ResourceType", "Timestamp", "URL", "URLContainsCDNCGIPath",
	"URLHost", NULL
};

static const char *const sinkhole_http_logs_fields[] = {
	"AccountID", "Body", "BodyLength", "DestAddr", "Headers", "Host",
	"Method", "Password", "R2Path", "Referrer", "SinkholeID", "SrcAddr",
	"Timestamp", "URI", "URL", "UserAgent", "Username", NULL
};

static const char *const spectrum_events_fields[] = {
	"Application", "ClientAsn", "ClientBytes", "ClientCountry",
	"ClientIP", "ClientMatchedIpFirewall", "ClientPort", "ClientProto",
	"ClientTcpRtt", "ClientTlsCipher", "ClientTlsClientHelloServerName",
	"ClientTlsProtocol", "ClientTlsStatus", "ColoCode",
	"ConnectTimestamp", "DisconnectTimestamp", "Event", "IpFirewall",
	"OriginBytes", "OriginIP", "OriginPort", "OriginProto",
	"OriginTcpRtt", "OriginTlsCipher", "OriginTlsFingerprint",
	"OriginTlsMode", "OriginTlsProtocol", "OriginTlsStatus",
	"ProxyProtocol", "Status", "Timestamp", NULL
};

static const char *const ssh_logs_fields[] = {
	"AccountID", "ClientAddress", "Datetime", "Error", "PTY", "Payload",
	"ProgramFinishDatetime", "ProgramID", "ProgramStartDatetime",
	"ProgramType", "ServerAddress", "SessionFinishDatetime", "SessionID",
	"SessionStartDatetime", "TargetID", "UserEmail", "UserID",
	"Username", NULL
};

static const char *const turnstile_events_fields[] = {
	"ASN", "Action", "BrowserMajor", "BrowserName", "ClientIP",
	"CountryCode", "EventType", "Hostname", "OSMajor", "OSName",
	"Sitekey", "Timestamp", "UserAgent", NULL
};

static const char *const warp_config_changes_fields[] = {
	"AccountIDFrom", "AccountIDTo", "AccountNameFrom", "AccountNameTo",
	"ConfigNameFrom", "ConfigNameTo", "DeviceID", "DeviceRegistrationID",
	"Hostname", "SerialNumber", "Timestamp", NULL
};

static const char *const warp_toggle_changes_fields[] = {
	"AccountID", "AccountName", "DeviceID", "DeviceRegistrationID",
	"Hostname", "SerialNumber", "Timestamp", "Toggled", "UserEmail", NULL
};

static const char *const websocket_analytics_account_fields[] = {
	"accountId", "byteRecvDownlink", "byteRecvUplink",
	"byteSentDownlink", "byteSentUplink", "clientASN", "clientIP",
	"clientRequestHTTPHost", "clientRequestPath",
	"clientRequestUserAgent", "coloCode", "connectionCloseReason",
	"connectionCloseSource", "connectionId", "rayId",
	"timestampEndNanos", "timestampStartNanos", "transportCloseCode",
	"zoneId", NULL
};

static const char *const websocket_analytics_fields[] = {
	"BytesReceivedClient", "BytesReceivedOrigin", "BytesSentClient",
	"BytesSentOrigin", "ClientASN", "ClientIP", "ClientRequestHost",
	"ClientRequestPath", "ClientRequestUserAgent", "ColoCode",
	"ConnectionCloseReason", "ConnectionCloseSource", "ConnectionID",
	"ConnectionTransportCloseCode", "EdgeEndTimestamp",
	"EdgeStartTimestamp", "RayID", NULL
};

static const char *const workers_trace_events_fields[] = {
	"CPUTimeMs", "DispatchNamespace", "Entrypoint", "Event",
	"EventTimestampMs", "EventType", "Exceptions", "Logs", "Outcome",
	"ScriptName", "ScriptTags", "ScriptVersion", "WallTimeMs", NULL
};

static const char *const zaraz_events_fields[] = {
	"Body", "EventDetails", "EventType", "IP", "RequestHeaders",
	"TimestampStart", "URL", NULL
};

static const char *const zero_trust_network_sessions_fields[] = {
	"AccountID", "BytesReceived", "BytesSent",
	"ClientTCPHandshakeDurationMs", "ClientTLSCipher",
	"ClientTLSHandshakeDurationMs", "ClientTLSVersion",
	"ConnectionCloseReason", "ConnectionReuse", "DestinationTunnelID",
	"DetectedProtocol", "DeviceID", "DeviceName", "EgressColoName",
	"EgressIP", "EgressPort", "EgressRuleID", "EgressRuleName", "Email",
	"IngressColoName", "InitialOriginIP", "Offramp", "OriginIP",
	"OriginPort", "OriginTLSCertificateIssuer",
	"OriginTLSCertificateValidationResult", "OriginTLSCipher",
	"OriginTLSHandshakeDurationMs", "OriginTLSVersion", "Protocol",
	"RegistrationID", "ResolvedFQDN", "RuleEvaluationDurationMs", "SNI",
	"SessionEndTime", "SessionID", "SessionStartTime", "SourceIP",
	"SourceInternalIP", "SourcePort", "TenantID", "UserID",
	"VirtualNetworkID", NULL
};

/* ---- categorisation shared by several tables ---- */

static const char *const cat_web[] = { "web", NULL };
static const char *const cat_network[] = { "network", NULL };
static const char *const type_access[] = { "access", NULL };
static const char *const type_protocol[] = { "protocol", NULL };

/* ---- http_requests ---- */

static const struct fmap http_requests_map[] = {
	{ "RayID",			SLOT_EVENT_ID,		conv_str },
	{ "SecurityAction",		SLOT_EVENT_ACTION,	conv_action },
	{ "WAFAction",			SLOT_EVENT_ACTION,	conv_action },
	{ "ClientIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "ClientIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "ClientSrcPort",		SLOT_SOURCE_PORT,	conv_port },
	{ "ClientASN",			SLOT_SOURCE_AS_NUMBER,	conv_long },
	{ "ClientCity",			SLOT_SOURCE_GEO_CITY,	conv_str },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "ClientRegionCode",		SLOT_SOURCE_GEO_REGION_ISO, conv_region },
	{ "OriginIP",			SLOT_DESTINATION_IP,	conv_ip },
	{ "ClientRequestHost",		SLOT_DESTINATION_ADDRESS, conv_host },
	{ "ClientRequestProtocol",	SLOT_NETWORK_PROTOCOL,	conv_net_protocol },
	{ "RayID",			SLOT_HTTP_REQUEST_ID,	conv_str },
	{ "ClientRequestMethod",	SLOT_HTTP_REQUEST_METHOD, conv_str },
	{ "ClientRequestBytes",		SLOT_HTTP_REQUEST_BYTES, conv_long },
	{ "ClientRequestReferer",	SLOT_HTTP_REQUEST_REFERRER, conv_str },
	{ "EdgeResponseStatus",		SLOT_HTTP_RESPONSE_STATUS, conv_long },
	{ "EdgeResponseBytes",		SLOT_HTTP_RESPONSE_BYTES, conv_long },
	{ "EdgeResponseBodyBytes",	SLOT_HTTP_RESPONSE_BODY_BYTES, conv_long },
	{ "EdgeResponseContentType",	SLOT_HTTP_RESPONSE_MIME_TYPE, conv_str },
	{ "ClientRequestProtocol",	SLOT_HTTP_VERSION,	conv_http_version },
	{ "ClientRequestURI",		SLOT_URL_ORIGINAL,	conv_str },
	{ "ClientRequestScheme",	SLOT_URL_SCHEME,	conv_lower },
	{ "ClientRequestHost",		SLOT_URL_DOMAIN,	conv_str },
	{ "ClientRequestPath",		SLOT_URL_PATH,		conv_url_path },
	{ "ClientRequestURI",		SLOT_URL_PATH,		conv_url_path },
	{ "ClientRequestURI",		SLOT_URL_QUERY,		conv_url_query },
	{ "ClientRequestUserAgent",	SLOT_USER_AGENT_ORIGINAL, conv_str },
	{ "ClientSSLProtocol",		SLOT_TLS_VERSION,	conv_tls_version },
	{ "ClientSSLProtocol",		SLOT_TLS_VERSION_PROTOCOL, conv_tls_protocol },
	{ "ClientSSLCipher",		SLOT_TLS_CIPHER,	conv_tls_cipher },
	{ "JA3Hash",			SLOT_TLS_CLIENT_JA3,	conv_hash },
	{ "ClientMTLSAuthCertFingerprint", SLOT_TLS_CLIENT_HASH_SHA256, conv_hash },
	{ "JA4",			SLOT_RELATED_HASH,	conv_hash },
	{ "SecurityRuleID",		SLOT_RULE_ID,		conv_str },
	{ "WAFRuleID",			SLOT_RULE_ID,		conv_str },
	{ "SecuritySources",		SLOT_RULE_RULESET,	conv_ruleset },
	{ "FirewallMatchesSources",	SLOT_RULE_RULESET,	conv_ruleset },
	{ "SecurityRuleDescription",	SLOT_RULE_DESCRIPTION,	conv_str },
	{ "WAFRuleMessage",		SLOT_RULE_DESCRIPTION,	conv_str },
	{ "EdgeServerIP",		SLOT_OBSERVER_IP,	conv_ip },
	{ "EdgeColoCode",		SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ "EdgeRequestHost",		SLOT_RELATED_HOSTS,	conv_host },
	{ "FraudUserID",		SLOT_RELATED_USER,	conv_user },
	{ NULL, 0, NULL }
};

/* ---- firewall_events (both scopes) ---- */

static const struct fmap firewall_events_map[] = {
	{ "RayID",			SLOT_EVENT_ID,		conv_str },
	{ "Action",			SLOT_EVENT_ACTION,	conv_action },
	{ "ClientIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "ClientIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "ClientASN",			SLOT_SOURCE_AS_NUMBER,	conv_long },
	{ "ClientASNDescription",	SLOT_SOURCE_AS_ORG,	conv_str },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "ClientRequestHost",		SLOT_DESTINATION_ADDRESS, conv_host },
	{ "ClientRequestProtocol",	SLOT_NETWORK_PROTOCOL,	conv_net_protocol },
	{ "ClientRequestMethod",	SLOT_HTTP_REQUEST_METHOD, conv_str },
	{ "EdgeResponseStatus",		SLOT_HTTP_RESPONSE_STATUS, conv_long },
	{ "ClientRequestProtocol",	SLOT_HTTP_VERSION,	conv_http_version },
	{ "ClientRequestScheme",	SLOT_URL_SCHEME,	conv_lower },
	{ "ClientRequestHost",		SLOT_URL_DOMAIN,	conv_str },
	{ "ClientRequestPath",		SLOT_URL_PATH,		conv_url_path },
	{ "ClientRequestQuery",		SLOT_URL_QUERY,		conv_url_query },
	{ "ClientRequestUserAgent",	SLOT_USER_AGENT_ORIGINAL, conv_str },
	{ "RuleID",			SLOT_RULE_ID,		conv_str },
	{ "Source",			SLOT_RULE_RULESET,	conv_str },
	{ "Description",		SLOT_RULE_DESCRIPTION,	conv_str },
	{ "EdgeColoCode",		SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ "ClientRefererHost",		SLOT_RELATED_HOSTS,	conv_host },
	{ "FraudUserID",		SLOT_RELATED_USER,	conv_user },
	{ NULL, 0, NULL }
};

/* ---- dns_logs ---- */

static const struct fmap dns_logs_map[] = {
	{ "SourceIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "SourceIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "QueryName",			SLOT_DNS_QUESTION_NAME,	conv_dns_name },
	{ "QueryType",			SLOT_DNS_QUESTION_TYPE,	conv_dns_type },
	{ "ResponseCode",		SLOT_DNS_RESPONSE_CODE,	conv_dns_rcode },
	{ "EDNSSubnet",			SLOT_RELATED_IP,	conv_ip },
	{ "ColoCode",			SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ NULL, 0, NULL }
};

static const struct konst dns_logs_constants[] = {
	{ SLOT_NETWORK_PROTOCOL, "dns" },
	{ 0, NULL }
};

static const struct dataset access_requests_dataset = {
	.name = "access_requests",
	.scope = "account",
	.fields = access_requests_fields,
	.time_field = "CreatedAt",
};

static const struct dataset account_abuse_protection_events_dataset = {
	.name = "account_abuse_protection_events",
	.scope = "zone",
	.fields = account_abuse_protection_events_fields,
	.time_field = "Timestamp",
};

static const struct dataset audit_logs_dataset = {
	.name = "audit_logs",
	.scope = "account",
	.fields = audit_logs_fields,
	.time_field = "When",
};

static const struct dataset audit_logs_v2_dataset = {
	.name = "audit_logs_v2",
	.scope = "account",
	.fields = audit_logs_v2_fields,
	.time_field = "ActionTimestamp",
};

static const struct dataset biso_user_actions_dataset = {
	.name = "biso_user_actions",
	.scope = "account",
	.fields = biso_user_actions_fields,
	.time_field = "Timestamp",
};

static const struct dataset casb_findings_dataset = {
	.name = "casb_findings",
	.scope = "account",
	.fields = casb_findings_fields,
	.time_field = "DetectedTimestamp",
};

static const struct dataset device_posture_results_dataset = {
	.name = "device_posture_results",
	.scope = "account",
	.fields = device_posture_results_fields,
	.time_field = "Timestamp",
};

static const struct dataset dex_application_tests_dataset = {
	.name = "dex_application_tests",
	.scope = "account",
	.fields = dex_application_tests_fields,
	.time_field = "Timestamp",
};

static const struct dataset dex_device_state_events_dataset = {
	.name = "dex_device_state_events",
	.scope = "account",
	.fields = dex_device_state_events_fields,
	.time_field = "Timestamp",
};

static const struct dataset dlp_forensic_copies_dataset = {
	.name = "dlp_forensic_copies",
	.scope = "account",
	.fields = dlp_forensic_copies_fields,
	.time_field = "Datetime",
};

static const struct dataset dns_firewall_logs_dataset = {
	.name = "dns_firewall_logs",
	.scope = "account",
	.fields = dns_firewall_logs_fields,
	.time_field = "Timestamp",
};

static const struct dataset dns_logs_dataset = {
	.name = "dns_logs",
	.scope = "zone",
	.fields = dns_logs_fields,
	.time_field = "Timestamp",
	.category = cat_network,
	.type = type_protocol,
	.observer_type = "dns",
	.map = dns_logs_map,
	.constants = dns_logs_constants,
};

static const struct dataset email_security_alerts_dataset = {
	.name = "email_security_alerts",
	.scope = "account",
	.fields = email_security_alerts_fields,
	.time_field = "Timestamp",
};

static const struct dataset email_security_post_delivery_events_dataset = {
	.name = "email_security_post_delivery_events",
	.scope = "account",
	.fields = email_security_post_delivery_events_fields,
	.time_field = "CompletedAt",
};

static const struct dataset firewall_events_account_dataset = {
	.name = "firewall_events",
	.scope = "account",
	.fields = firewall_events_account_fields,
	.time_field = "Datetime",
	.category = cat_network,
	.observer_type = "firewall",
	.map = firewall_events_map,
	.priority = 1,
};

static const struct dataset firewall_events_dataset = {
	.name = "firewall_events",
	.scope = "zone",
	.fields = firewall_events_fields,
	.time_field = "Datetime",
	.category = cat_network,
	.observer_type = "firewall",
	.map = firewall_events_map,
	.priority = 1,
};

static const struct dataset gateway_dns_dataset = {
	.name = "gateway_dns",
	.scope = "account",
	.fields = gateway_dns_fields,
	.time_field = "Datetime",
};

static const struct dataset gateway_http_dataset = {
	.name = "gateway_http",
	.scope = "account",
	.fields = gateway_http_fields,
	.time_field = "Datetime",
};

static const struct dataset gateway_network_dataset = {
	.name = "gateway_network",
	.scope = "account",
	.fields = gateway_network_fields,
	.time_field = "Datetime",
};

static const struct dataset http_requests_dataset = {
	.name = "http_requests",
	.scope = "zone",
	.fields = http_requests_fields,
	.time_field = "EdgeStartTimestamp",
	.start_field = "EdgeStartTimestamp",
	.end_field = "EdgeEndTimestamp",
	.category = cat_web,
	.type = type_access,
	.observer_type = "proxy",
	.map = http_requests_map,
	.priority = 2,		/* by far the most common dataset */
};

static const struct dataset ipsec_logs_dataset = {
	.name = "ipsec_logs",
	.scope = "account",
	.fields = ipsec_logs_fields,
	.time_field = "Timestamp",
};

static const struct dataset magic_bgp_logs_dataset = {
	.name = "magic_bgp_logs",
	.scope = "account",
	.fields = magic_bgp_logs_fields,
	.time_field = "EventTimestamp",
};

static const struct dataset magic_ids_detections_dataset = {
	.name = "magic_ids_detections",
	.scope = "account",
	.fields = magic_ids_detections_fields,
	.time_field = "Timestamp",
};

static const struct dataset mcp_portal_logs_dataset = {
	.name = "mcp_portal_logs",
	.scope = "account",
	.fields = mcp_portal_logs_fields,
	.time_field = "Datetime",
};

static const struct dataset mnm_flow_logs_dataset = {
	.name = "mnm_flow_logs",
	.scope = "account",
	.fields = mnm_flow_logs_fields,
	.time_field = "Timestamp",
};

static const struct dataset nel_reports_dataset = {
	.name = "nel_reports",
	.scope = "zone",
	.fields = nel_reports_fields,
	.time_field = "Timestamp",
};

static const struct dataset network_analytics_logs_dataset = {
	.name = "network_analytics_logs",
	.scope = "account",
	.fields = network_analytics_logs_fields,
	.time_field = "Datetime",
};

static const struct dataset page_shield_events_dataset = {
	.name = "page_shield_events",
	.scope = "zone",
	.fields = page_shield_events_fields,
	.time_field = "Timestamp",
};

static const struct dataset sinkhole_http_logs_dataset = {
	.name = "sinkhole_http_logs",
	.scope = "account",
	.fields = sinkhole_http_logs_fields,
	.time_field = "Timestamp",
};

static const struct dataset spectrum_events_dataset = {
	.name = "spectrum_events",
	.scope = "zone",
	.fields = spectrum_events_fields,
	.time_field = "Timestamp",
};

static const struct dataset ssh_logs_dataset = {
	.name = "ssh_logs",
	.scope = "account",
	.fields = ssh_logs_fields,
	.time_field = "Datetime",
};

static const struct dataset turnstile_events_dataset = {
	.name = "turnstile_events",
	.scope = "account",
	.fields = turnstile_events_fields,
	.time_field = "Timestamp",
};

static const struct dataset warp_config_changes_dataset = {
	.name = "warp_config_changes",
	.scope = "account",
	.fields = warp_config_changes_fields,
	.time_field = "Timestamp",
};

static const struct dataset warp_toggle_changes_dataset = {
	.name = "warp_toggle_changes",
	.scope = "account",
	.fields = warp_toggle_changes_fields,
	.time_field = "Timestamp",
};

static const struct dataset websocket_analytics_account_dataset = {
	.name = "websocket_analytics",
	.scope = "account",
	.fields = websocket_analytics_account_fields,
	.time_field = "timestampStartNanos",
};

static const struct dataset websocket_analytics_dataset = {
	.name = "websocket_analytics",
	.scope = "zone",
	.fields = websocket_analytics_fields,
	.time_field = "EdgeEndTimestamp",
};

static const struct dataset workers_trace_events_dataset = {
	.name = "workers_trace_events",
	.scope = "account",
	.fields = workers_trace_events_fields,
	.time_field = "EventTimestampMs",
};

static const struct dataset zaraz_events_dataset = {
	.name = "zaraz_events",
	.scope = "zone",
	.fields = zaraz_events_fields,
	.time_field = "TimestampStart",
};

static const struct dataset zero_trust_network_sessions_dataset = {
	.name = "zero_trust_network_sessions",
	.scope = "account",
	.fields = zero_trust_network_sessions_fields,
	.time_field = "SessionEndTime",
};

const struct dataset *const datasets[] = {
	&access_requests_dataset,
	&account_abuse_protection_events_dataset,
	&audit_logs_dataset,
	&audit_logs_v2_dataset,
	&biso_user_actions_dataset,
	&casb_findings_dataset,
	&device_posture_results_dataset,
	&dex_application_tests_dataset,
	&dex_device_state_events_dataset,
	&dlp_forensic_copies_dataset,
	&dns_firewall_logs_dataset,
	&dns_logs_dataset,
	&email_security_alerts_dataset,
	&email_security_post_delivery_events_dataset,
	&firewall_events_account_dataset,
	&firewall_events_dataset,
	&gateway_dns_dataset,
	&gateway_http_dataset,
	&gateway_network_dataset,
	&http_requests_dataset,
	&ipsec_logs_dataset,
	&magic_bgp_logs_dataset,
	&magic_ids_detections_dataset,
	&mcp_portal_logs_dataset,
	&mnm_flow_logs_dataset,
	&nel_reports_dataset,
	&network_analytics_logs_dataset,
	&page_shield_events_dataset,
	&sinkhole_http_logs_dataset,
	&spectrum_events_dataset,
	&ssh_logs_dataset,
	&turnstile_events_dataset,
	&warp_config_changes_dataset,
	&warp_toggle_changes_dataset,
	&websocket_analytics_account_dataset,
	&websocket_analytics_dataset,
	&workers_trace_events_dataset,
	&zaraz_events_dataset,
	&zero_trust_network_sessions_dataset,
	NULL
};
