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
	{ "ClientASN",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "ClientCity",			SLOT_SOURCE_GEO_CITY,	conv_str },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "ClientRegionCode",		SLOT_SOURCE_GEO_REGION_ISO, conv_region },
	{ "ClientLatitude",		SLOT_SOURCE_GEO_LOCATION, conv_geo_location },
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
	{ "ClientRequestHost",		SLOT_URL_DOMAIN,	conv_host },
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
	{ "ClientASN",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "ClientASNDescription",	SLOT_SOURCE_AS_ORG,	conv_str },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "ClientRequestHost",		SLOT_DESTINATION_ADDRESS, conv_host },
	{ "ClientRequestProtocol",	SLOT_NETWORK_PROTOCOL,	conv_net_protocol },
	{ "ClientRequestMethod",	SLOT_HTTP_REQUEST_METHOD, conv_str },
	{ "EdgeResponseStatus",		SLOT_HTTP_RESPONSE_STATUS, conv_long },
	{ "ClientRequestProtocol",	SLOT_HTTP_VERSION,	conv_http_version },
	{ "ClientRequestScheme",	SLOT_URL_SCHEME,	conv_lower },
	{ "ClientRequestHost",		SLOT_URL_DOMAIN,	conv_host },
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

/* ---- categorisation of the other datasets ---- */

static const char *const cat_api[] = { "api", NULL };
static const char *const cat_auth_session[] = { "authentication", "session", NULL };
static const char *const cat_auth_web[] = { "authentication", "web", NULL };
static const char *const cat_configuration[] = { "configuration", NULL };
static const char *const cat_config_host[] = { "configuration", "host", NULL };
static const char *const cat_email[] = { "email", NULL };
static const char *const cat_file[] = { "file", NULL };
static const char *const cat_host[] = { "host", NULL };
static const char *const cat_ids[] = { "intrusion_detection", "network", NULL };
static const char *const cat_network_web[] = { "network", "web", NULL };
static const char *const cat_process[] = { "process", NULL };
static const char *const cat_session[] = { "session", NULL };
static const char *const cat_vulnerability[] = { "vulnerability", NULL };
static const char *const type_change[] = { "change", NULL };
static const char *const type_connection[] = { "connection", NULL };
static const char *const type_connection_end[] = { "connection", "end", NULL };
static const char *const type_end[] = { "end", NULL };
static const char *const type_error[] = { "error", NULL };

/* ---- access_requests ---- */

static const struct fmap access_requests_map[] = {
	{ "RayID",			SLOT_EVENT_ID,		conv_str },
	{ "Action",			SLOT_EVENT_ACTION,	conv_str },
	{ "Action",			SLOT_EVENT_TYPE,	conv_type_verb },
	{ "Allowed",			SLOT_EVENT_OUTCOME,	conv_outcome_bool },
	{ "IPAddress",			SLOT_SOURCE_IP,		conv_ip },
	{ "IPAddress",			SLOT_SOURCE_ADDRESS,	conv_address },
	/* the user's side of the Access session, as both references map it */
	{ "IPAddress",			SLOT_CLIENT_IP,		conv_ip },
	{ "IPAddress",			SLOT_CLIENT_ADDRESS,	conv_address },
	{ "Country",			SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "Country",			SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "AppDomain",			SLOT_URL_DOMAIN,	conv_hostpart },
	{ "UserUID",			SLOT_USER_ID,		conv_user },
	{ "Email",			SLOT_USER_EMAIL,	conv_user },
	{ "TemporaryAccessApprovers",	SLOT_RELATED_USER,	conv_strs },
	{ NULL, 0, NULL }
};

/* ---- account_abuse_protection_events ---- */

static const struct fmap account_abuse_protection_events_map[] = {
	{ "RayID",			SLOT_EVENT_ID,		conv_str },
	{ "EventType",			SLOT_EVENT_ACTION,	conv_str },
	{ "EventType",			SLOT_EVENT_TYPE,	conv_type_verb },
	{ "AuthenticationStatus",	SLOT_EVENT_OUTCOME,	conv_outcome_word },
	{ "ClientIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "ClientIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "ClientASN",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "ClientCity",			SLOT_SOURCE_GEO_CITY,	conv_str },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "Host",			SLOT_DESTINATION_ADDRESS, conv_host },
	{ "RayID",			SLOT_HTTP_REQUEST_ID,	conv_str },
	{ "Host",			SLOT_URL_DOMAIN,	conv_host },
	{ "UserAgent",			SLOT_USER_AGENT_ORIGINAL, conv_str },
	{ "UserID",			SLOT_USER_ID,		conv_user },
	{ "Email",			SLOT_USER_EMAIL,	conv_user },
	{ "JA4",			SLOT_RELATED_HASH,	conv_hash },
	{ NULL, 0, NULL }
};

/* ---- audit_logs ---- */

static const struct fmap audit_logs_map[] = {
	{ "ActionType",			SLOT_EVENT_ACTION,	conv_str },
	{ "ActionType",			SLOT_EVENT_TYPE,	conv_type_change },
	{ "ActionResult",		SLOT_EVENT_OUTCOME,	conv_outcome_bool },
	{ "Interface",			SLOT_EVENT_PROVIDER,	conv_str },
	{ "ID",				SLOT_EVENT_ID,		conv_str },
	{ "Metadata.account_id",	SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "OwnerID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "ActorIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "ActorIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "ActorID",			SLOT_USER_ID,		conv_user },
	{ "ActorEmail",			SLOT_USER_EMAIL,	conv_user },
	{ "OwnerID",			SLOT_RELATED_USER,	conv_user },
	{ NULL, 0, NULL }
};

/* ---- audit_logs_v2 ---- */

static const struct fmap audit_logs_v2_map[] = {
	{ "ActionType",			SLOT_EVENT_ACTION,	conv_str },
	{ "ActionType",			SLOT_EVENT_TYPE,	conv_type_change },
	{ "ActionResult",		SLOT_EVENT_OUTCOME,	conv_outcome_word },
	{ "AuditLogID",			SLOT_EVENT_ID,		conv_str },
	{ "ActionDescription",		SLOT_MESSAGE,		conv_str },
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "AccountName",		SLOT_CLOUD_ACCOUNT_NAME, conv_str },
	{ "ActorIPAddress",		SLOT_SOURCE_IP,		conv_ip },
	{ "ActorIPAddress",		SLOT_SOURCE_ADDRESS,	conv_address },
	{ "ActorID",			SLOT_USER_ID,		conv_user },
	{ "ActorEmail",			SLOT_USER_EMAIL,	conv_user },
	{ "ZoneName",			SLOT_RELATED_HOSTS,	conv_host },
	{ NULL, 0, NULL }
};

/* ---- biso_user_actions ---- */

static const struct fmap biso_user_actions_map[] = {
	{ "Type",			SLOT_EVENT_ACTION,	conv_str },
	{ "Decision",			SLOT_EVENT_OUTCOME,	conv_verdict },
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "URL",			SLOT_URL_ORIGINAL,	conv_url },
	{ "DomainName",			SLOT_URL_DOMAIN,	conv_host },
	{ "UserID",			SLOT_USER_ID,		conv_user },
	{ "UserEmail",			SLOT_USER_EMAIL,	conv_user },
	{ NULL, 0, NULL }
};

/* ---- casb_findings ---- */

static const struct fmap casb_findings_map[] = {
	{ "InstanceID",			SLOT_EVENT_ID,		conv_str },
	{ "FindingTypeSeverity",	SLOT_EVENT_SEVERITY,	conv_severity_word },
	{ "AssetLink",			SLOT_URL_ORIGINAL,	conv_url },
	{ "FindingTypeID",		SLOT_VULNERABILITY_ID,	conv_str },
	{ "FindingTypeDisplayName",	SLOT_VULNERABILITY_DESCRIPTION, conv_str },
	{ "FindingTypeSeverity",	SLOT_VULNERABILITY_SEVERITY, conv_str },
	{ NULL, 0, NULL }
};

static const struct konst casb_findings_constants[] = {
	{ SLOT_VULNERABILITY_SCANNER_VENDOR, "Cloudflare" },
	{ 0, NULL }
};

/* ---- device_posture_results ---- */

static const struct fmap device_posture_results_map[] = {
	{ "PostureEvaluatedResult",	SLOT_EVENT_OUTCOME,	conv_outcome_bool },
	{ "ClientVersion",		SLOT_AGENT_VERSION,	conv_str },
	{ "UserUID",			SLOT_USER_ID,		conv_user },
	{ "Email",			SLOT_USER_EMAIL,	conv_user },
	{ "DeviceID",			SLOT_HOST_ID,		conv_str },
	{ "DeviceName",			SLOT_HOST_NAME,		conv_str },
	{ "DeviceName",			SLOT_HOST_HOSTNAME,	conv_host },
	{ "DeviceType",			SLOT_HOST_OS_FAMILY,	conv_os },
	{ "DeviceType",			SLOT_HOST_OS_NAME,	conv_os },
	{ "OSVersion",			SLOT_HOST_OS_VERSION,	conv_str },
	{ "DeviceType",			SLOT_HOST_OS_PLATFORM,	conv_lower },
	{ "DeviceType",			SLOT_HOST_OS_TYPE,	conv_os },
	{ "DeviceID",			SLOT_DEVICE_ID,		conv_str },
	{ "DeviceModel",		SLOT_DEVICE_MODEL_IDENTIFIER, conv_str },
	{ "DeviceSerialNumber",		SLOT_DEVICE_SERIAL,	conv_str },
	{ "DeviceManufacturer",		SLOT_DEVICE_MANUFACTURER, conv_str },
	{ "PolicyID",			SLOT_RULE_ID,		conv_str },
	{ "PostureCheckName",		SLOT_RULE_NAME,		conv_str },
	{ "PostureCheckType",		SLOT_RULE_CATEGORY,	conv_str },
	{ NULL, 0, NULL }
};

/* ---- dex_application_tests ---- */

static const struct fmap dex_application_tests_map[] = {
	{ "TestType",			SLOT_EVENT_ACTION,	conv_str },
	{ "ClientVersion",		SLOT_AGENT_VERSION,	conv_str },
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "HTTPClientIPAddress",	SLOT_SOURCE_IP,		conv_ip },
	{ "TracerouteSourceIPAddress",	SLOT_SOURCE_IP,		conv_ip },
	{ "HTTPClientIPAddress",	SLOT_SOURCE_ADDRESS,	conv_address },
	{ "TracerouteSourceIPAddress",	SLOT_SOURCE_ADDRESS,	conv_address },
	{ "HTTPClientIPASN",		SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "TracerouteSourceIPASN",	SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "HTTPClientIPASO",		SLOT_SOURCE_AS_ORG,	conv_str },
	{ "TracerouteSourceIPASO",	SLOT_SOURCE_AS_ORG,	conv_str },
	{ "HTTPClientIPCity",		SLOT_SOURCE_GEO_CITY,	conv_str },
	{ "TracerouteSourceIPCity",	SLOT_SOURCE_GEO_CITY,	conv_str },
	{ "HTTPClientIPZip",		SLOT_SOURCE_GEO_POSTAL,	conv_str },
	{ "TracerouteSourceIPZip",	SLOT_SOURCE_GEO_POSTAL,	conv_str },
	{ "HTTPClientIPStateISO",	SLOT_SOURCE_GEO_REGION_ISO, conv_state_iso },
	{ "TracerouteSourceIPStateISO",	SLOT_SOURCE_GEO_REGION_ISO, conv_state_iso },
	{ "HTTPClientIPCountryISO",	SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "TracerouteSourceIPCountryISO", SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "HTTPClientIPCountryISO",	SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "TracerouteSourceIPCountryISO", SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "HTTPServerIPAddress",	SLOT_DESTINATION_IP,	conv_ip },
	{ "TracerouteDestinationIPAddress", SLOT_DESTINATION_IP, conv_ip },
	{ "TracerouteDestinationHostname", SLOT_DESTINATION_ADDRESS, conv_host },
	{ "HTTPServerIPAddress",	SLOT_DESTINATION_ADDRESS, conv_address },
	{ "TracerouteDestinationIPAddress", SLOT_DESTINATION_ADDRESS, conv_address },
	{ "TracerouteDestinationHostname", SLOT_DESTINATION_DOMAIN, conv_str },
	{ "HTTPServerIPASN",		SLOT_DESTINATION_AS_NUMBER, conv_long_pos },
	{ "TracerouteDestinationIPASN",	SLOT_DESTINATION_AS_NUMBER, conv_long_pos },
	{ "HTTPServerIPASO",		SLOT_DESTINATION_AS_ORG, conv_str },
	{ "TracerouteDestinationIPASO",	SLOT_DESTINATION_AS_ORG, conv_str },
	{ "HTTPServerIPCity",		SLOT_DESTINATION_GEO_CITY, conv_str },
	{ "TracerouteDestinationIPCity", SLOT_DESTINATION_GEO_CITY, conv_str },
	{ "HTTPServerIPZip",		SLOT_DESTINATION_GEO_POSTAL, conv_str },
	{ "TracerouteDestinationIPZip",	SLOT_DESTINATION_GEO_POSTAL, conv_str },
	{ "HTTPServerIPStateISO",	SLOT_DESTINATION_GEO_REGION_ISO, conv_state_iso },
	{ "TracerouteDestinationIPStateISO", SLOT_DESTINATION_GEO_REGION_ISO, conv_state_iso },
	{ "HTTPServerIPCountryISO",	SLOT_DESTINATION_GEO_COUNTRY_ISO, conv_country_iso },
	{ "TracerouteDestinationIPCountryISO", SLOT_DESTINATION_GEO_COUNTRY_ISO, conv_country_iso },
	{ "HTTPServerIPCountryISO",	SLOT_DESTINATION_GEO_COUNTRY_NAME, conv_country_name },
	{ "TracerouteDestinationIPCountryISO", SLOT_DESTINATION_GEO_COUNTRY_NAME, conv_country_name },
	{ "TracerouteProtocol",		SLOT_NETWORK_TRANSPORT,	conv_transport },
	{ "HTTPMethod",			SLOT_HTTP_REQUEST_METHOD, conv_str },
	{ "HTTPStatusCode",		SLOT_HTTP_RESPONSE_STATUS, conv_long_pos },
	{ "HTTPResponseBodyBytes",	SLOT_HTTP_RESPONSE_BODY_BYTES, conv_long_pos },
	{ "HTTPURL",			SLOT_URL_ORIGINAL,	conv_url },
	{ "HTTPErrorMessage",		SLOT_ERROR_MESSAGE,	conv_str },
	{ "UserID",			SLOT_USER_ID,		conv_user },
	{ "UserEmail",			SLOT_USER_EMAIL,	conv_user },
	{ "DeviceID",			SLOT_HOST_ID,		conv_str },
	{ "ClientPlatform",		SLOT_HOST_OS_FAMILY,	conv_os },
	{ "ClientPlatform",		SLOT_HOST_OS_NAME,	conv_os },
	{ "ClientPlatform",		SLOT_HOST_OS_PLATFORM,	conv_lower },
	{ "ClientPlatform",		SLOT_HOST_OS_TYPE,	conv_os },
	{ "DeviceID",			SLOT_DEVICE_ID,		conv_str },
	{ "ColoCode",			SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ NULL, 0, NULL }
};

/* ---- dex_device_state_events ---- */

static const struct fmap dex_device_state_events_map[] = {
	{ "ClientVersion",		SLOT_AGENT_VERSION,	conv_str },
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "DeviceID",			SLOT_HOST_ID,		conv_str },
	/* every address of the device, private and public, both families
	   (host.ip is a list; source.ip is the one public address below) */
	{ "DeviceIPv4Address",		SLOT_HOST_IP,		conv_ip },
	{ "DeviceIPv6Address",		SLOT_HOST_IP,		conv_ip },
	{ "ISPIPv4Address",		SLOT_HOST_IP,		conv_ip },
	{ "ISPIPv6Address",		SLOT_HOST_IP,		conv_ip },
	{ "ClientPlatform",		SLOT_HOST_OS_FAMILY,	conv_os },
	{ "ClientPlatform",		SLOT_HOST_OS_NAME,	conv_os },
	{ "ClientPlatform",		SLOT_HOST_OS_PLATFORM,	conv_lower },
	{ "ClientPlatform",		SLOT_HOST_OS_TYPE,	conv_os },
	{ "CPUPercentage",		SLOT_HOST_CPU_USAGE,	conv_num },
	{ "DeviceID",			SLOT_DEVICE_ID,		conv_str },
	{ "WarpColoCode",		SLOT_OBSERVER_GEO_NAME,	conv_known },
	{ "GatewayIPv4Address",		SLOT_RELATED_IP,	conv_ip },
	{ "GatewayIPv6Address",		SLOT_RELATED_IP,	conv_ip },
	{ "ISPIPv4Address",		SLOT_RELATED_IP,	conv_ip },
	{ "ISPIPv6Address",		SLOT_RELATED_IP,	conv_ip },
	/* The device's public address, as its ISP gave it: IPv4 first. */
	{ "ISPIPv4Address",		SLOT_SOURCE_IP,		conv_ip },
	{ "ISPIPv6Address",		SLOT_SOURCE_IP,		conv_ip },
	{ "ISPIPv4Address",		SLOT_SOURCE_ADDRESS,	conv_address },
	{ "ISPIPv6Address",		SLOT_SOURCE_ADDRESS,	conv_address },
	{ "ISPIPv4ASN",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "ISPIPv6ASN",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "ISPIPv4ASO",			SLOT_SOURCE_AS_ORG,	conv_str },
	{ "ISPIPv6ASO",			SLOT_SOURCE_AS_ORG,	conv_str },
	{ "ISPIPv4City",		SLOT_SOURCE_GEO_CITY,	conv_str },
	{ "ISPIPv6City",		SLOT_SOURCE_GEO_CITY,	conv_str },
	{ "ISPIPv4CountryISO",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "ISPIPv6CountryISO",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "ISPIPv4CountryISO",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "ISPIPv6CountryISO",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "ISPIPv4Zip",			SLOT_SOURCE_GEO_POSTAL,	conv_str },
	{ "ISPIPv6Zip",			SLOT_SOURCE_GEO_POSTAL,	conv_str },
	{ "ISPIPv4StateISO",		SLOT_SOURCE_GEO_REGION_ISO, conv_state_iso },
	{ "ISPIPv6StateISO",		SLOT_SOURCE_GEO_REGION_ISO, conv_state_iso },
	{ NULL, 0, NULL }
};

/* ---- dlp_forensic_copies ---- */

static const struct fmap dlp_forensic_copies_map[] = {
	{ "ForensicCopyID",		SLOT_EVENT_ID,		conv_str },
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "GatewayRequestID",		SLOT_HTTP_REQUEST_ID,	conv_str },
	{ "TriggeredRuleID",		SLOT_RULE_ID,		conv_str },
	{ NULL, 0, NULL }
};

/* ---- dns_firewall_logs ---- */

static const struct fmap dns_firewall_logs_map[] = {
	{ "ResponseReason",		SLOT_EVENT_REASON,	conv_str },
	{ "SourceIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "SourceIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "QuerySize",			SLOT_SOURCE_BYTES,	conv_long },
	{ "UpstreamIP",			SLOT_DESTINATION_IP,	conv_ip },
	{ "UpstreamIP",			SLOT_DESTINATION_ADDRESS, conv_address },
	{ "QueryName",			SLOT_DNS_QUESTION_NAME,	conv_dns_name },
	{ "QueryType",			SLOT_DNS_QUESTION_TYPE,	conv_dns_type },
	{ "ClientResponseCode",		SLOT_DNS_RESPONSE_CODE,	conv_dns_rcode },
	{ "QueryTCP",			SLOT_NETWORK_TRANSPORT,	conv_tcp_bool },
	{ "EDNSSubnet",			SLOT_RELATED_IP,	conv_ip },
	{ "ColoCode",			SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ NULL, 0, NULL }
};

/* ---- email_security_alerts ---- */

static const struct fmap email_security_alerts_map[] = {
	{ "FinalDisposition",		SLOT_EVENT_ACTION,	conv_str },
	{ "AlertID",			SLOT_EVENT_ID,		conv_str },
	{ "SMTPHeloServerIP",		SLOT_SOURCE_IP,		conv_ip },
	{ "SMTPHeloServerIP",		SLOT_SOURCE_ADDRESS,	conv_address },
	{ "SMTPHeloServerName",		SLOT_SOURCE_DOMAIN,	conv_host },
	{ "SMTPHeloServerIPAsNumber",	SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "SMTPHeloServerIPAsName",	SLOT_SOURCE_AS_ORG,	conv_str },
	{ "MessageID",			SLOT_EMAIL_MESSAGE_ID,	conv_str },
	{ "Subject",			SLOT_EMAIL_SUBJECT,	conv_str },
	{ "From",			SLOT_EMAIL_FROM,	conv_strs },
	{ "To",				SLOT_EMAIL_TO,		conv_strs },
	{ "CC",				SLOT_EMAIL_CC,		conv_strs },
	{ "BCC",			SLOT_EMAIL_BCC,		conv_strs },
	{ "ReplyTo",			SLOT_EMAIL_REPLY_TO,	conv_strs },
	{ "SMTPEnvelopeFrom",		SLOT_EMAIL_SENDER,	conv_str },
	{ "Attachments",		SLOT_EMAIL_ATTACHMENTS,	conv_attachments },
	{ NULL, 0, NULL }
};

/* Detections, not activity: ECS calls such an event an alert. */
static const struct konst alert_constants[] = {
	{ SLOT_EVENT_KIND, "alert" },
	{ 0, NULL }
};

/* ---- email_security_post_delivery_events ---- */

static const struct fmap email_security_post_delivery_events_map[] = {
	{ "Operation",			SLOT_EVENT_ACTION,	conv_str },
	{ "Success",			SLOT_EVENT_OUTCOME,	conv_outcome_bool },
	{ "RequestedBy",		SLOT_USER_NAME,		conv_user },
	{ "Recipient",			SLOT_USER_TARGET_EMAIL,	conv_user },
	{ "MessageID",			SLOT_EMAIL_MESSAGE_ID,	conv_str },
	{ "Subject",			SLOT_EMAIL_SUBJECT,	conv_str },
	{ "From",			SLOT_EMAIL_FROM,	conv_strs },
	{ "To",				SLOT_EMAIL_TO,		conv_strs },
	{ "MessageTimestamp",		SLOT_EMAIL_ORIGINATION_TS, conv_time },
	{ "PostfixID",			SLOT_EMAIL_LOCAL_ID,	conv_str },
	{ NULL, 0, NULL }
};

/* ---- gateway_dns ---- */

static const struct fmap gateway_dns_map[] = {
	{ "ResolverDecision",		SLOT_EVENT_ACTION,	conv_str },
	{ "ResolverDecision",		SLOT_EVENT_OUTCOME,	conv_verdict },
	{ "QueryID",			SLOT_EVENT_ID,		conv_str },
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "SrcIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "SrcIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "SrcPort",			SLOT_SOURCE_PORT,	conv_port },
	{ "SrcIPCountryCode",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "SrcIPCountryCode",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "SrcIPContinentCode",		SLOT_SOURCE_GEO_CONTINENT_CODE, conv_continent },
	{ "QuerySize",			SLOT_SOURCE_BYTES,	conv_long },
	{ "DstIP",			SLOT_DESTINATION_IP,	conv_ip },
	{ "DstIP",			SLOT_DESTINATION_ADDRESS, conv_address },
	{ "DstPort",			SLOT_DESTINATION_PORT,	conv_port },
	{ "QueryName",			SLOT_DNS_QUESTION_NAME,	conv_dns_name },
	{ "QueryTypeName",		SLOT_DNS_QUESTION_TYPE,	conv_str },
	{ "QueryType",			SLOT_DNS_QUESTION_TYPE,	conv_dns_type },
	{ "RCode",			SLOT_DNS_RESPONSE_CODE,	conv_dns_rcode },
	{ "ResolvedIPs",		SLOT_DNS_RESOLVED_IP,	conv_ips },
	{ "UserID",			SLOT_USER_ID,		conv_user },
	{ "Email",			SLOT_USER_EMAIL,	conv_user },
	{ "DeviceID",			SLOT_HOST_ID,		conv_str },
	{ "DeviceName",			SLOT_HOST_NAME,		conv_str },
	{ "DeviceName",			SLOT_HOST_HOSTNAME,	conv_host },
	{ "DeviceID",			SLOT_DEVICE_ID,		conv_str },
	{ "PolicyID",			SLOT_RULE_ID,		conv_str },
	{ "ResolverPolicyID",		SLOT_RULE_ID,		conv_str },
	{ "PolicyName",			SLOT_RULE_NAME,		conv_str },
	{ "ResolverPolicyName",		SLOT_RULE_NAME,		conv_str },
	{ "ColoCode",			SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ "AuthoritativeNameServerIPs",	SLOT_RELATED_IP,	conv_ips },
	{ NULL, 0, NULL }
};

static const struct konst dns_constants[] = {
	{ SLOT_NETWORK_PROTOCOL, "dns" },
	{ 0, NULL }
};

/* ---- gateway_http ---- */

static const struct fmap gateway_http_map[] = {
	{ "Action",			SLOT_EVENT_ACTION,	conv_action },
	{ "BlockedFileReason",		SLOT_EVENT_REASON,	conv_str },
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "SourceIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "SourceIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "SourcePort",			SLOT_SOURCE_PORT,	conv_port },
	{ "SourceIPCountryCode",	SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "SourceIPCountryCode",	SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "SourceIPContinentCode",	SLOT_SOURCE_GEO_CONTINENT_CODE, conv_continent },
	{ "DestinationIP",		SLOT_DESTINATION_IP,	conv_ip },
	/* The port connected to first: a Host header's port only fills in. */
	{ "DestinationPort",		SLOT_DESTINATION_PORT,	conv_port },
	{ "HTTPHost",			SLOT_DESTINATION_ADDRESS, conv_host },
	{ "DestinationIP",		SLOT_DESTINATION_ADDRESS, conv_address },
	{ "HTTPHost",			SLOT_DESTINATION_DOMAIN, conv_host },
	{ "DestinationIPCountryCode",	SLOT_DESTINATION_GEO_COUNTRY_ISO, conv_country_iso },
	{ "DestinationIPCountryCode",	SLOT_DESTINATION_GEO_COUNTRY_NAME, conv_country_name },
	{ "DestinationIPContinentCode",	SLOT_DESTINATION_GEO_CONTINENT_CODE, conv_continent },
	{ "HTTPVersion",		SLOT_NETWORK_PROTOCOL,	conv_net_protocol },
	{ "RequestID",			SLOT_HTTP_REQUEST_ID,	conv_str },
	{ "HTTPMethod",			SLOT_HTTP_REQUEST_METHOD, conv_str },
	{ "Referer",			SLOT_HTTP_REQUEST_REFERRER, conv_str },
	{ "HTTPStatusCode",		SLOT_HTTP_RESPONSE_STATUS, conv_long_pos },
	{ "HTTPVersion",		SLOT_HTTP_VERSION,	conv_http_version },
	{ "URL",			SLOT_URL_ORIGINAL,	conv_url },
	{ "UserAgent",			SLOT_USER_AGENT_ORIGINAL, conv_str },
	{ "UserID",			SLOT_USER_ID,		conv_user },
	{ "Email",			SLOT_USER_EMAIL,	conv_user },
	{ "DeviceID",			SLOT_HOST_ID,		conv_str },
	{ "DeviceName",			SLOT_HOST_NAME,		conv_str },
	{ "DeviceName",			SLOT_HOST_HOSTNAME,	conv_host },
	{ "DeviceID",			SLOT_DEVICE_ID,		conv_str },
	{ "BlockedFileName",		SLOT_FILE_NAME,		conv_str },
	{ "BlockedFileSize",		SLOT_FILE_SIZE,		conv_long },
	{ "BlockedFileHash",		SLOT_FILE_HASH_SHA256,	conv_hash },
	{ "PolicyID",			SLOT_RULE_ID,		conv_str },
	{ "PolicyName",			SLOT_RULE_NAME,		conv_str },
	{ "SourceInternalIP",		SLOT_RELATED_IP,	conv_ip },
	{ NULL, 0, NULL }
};

static const struct konst http_constants[] = {
	{ SLOT_NETWORK_PROTOCOL, "http" },
	{ 0, NULL }
};

/* ---- gateway_network ---- */

static const struct fmap gateway_network_map[] = {
	{ "Action",			SLOT_EVENT_ACTION,	conv_action },
	{ "SessionID",			SLOT_EVENT_ID,		conv_str },
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "SourceIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "SourceIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "SourcePort",			SLOT_SOURCE_PORT,	conv_port },
	{ "SourceIPCountryCode",	SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "SourceIPCountryCode",	SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "SourceIPContinentCode",	SLOT_SOURCE_GEO_CONTINENT_CODE, conv_continent },
	{ "DestinationIP",		SLOT_DESTINATION_IP,	conv_ip },
	{ "DestinationIP",		SLOT_DESTINATION_ADDRESS, conv_address },
	{ "SNI",			SLOT_DESTINATION_DOMAIN, conv_str },
	{ "DestinationPort",		SLOT_DESTINATION_PORT,	conv_port },
	{ "DestinationIPCountryCode",	SLOT_DESTINATION_GEO_COUNTRY_ISO, conv_country_iso },
	{ "DestinationIPCountryCode",	SLOT_DESTINATION_GEO_COUNTRY_NAME, conv_country_name },
	{ "DestinationIPContinentCode",	SLOT_DESTINATION_GEO_CONTINENT_CODE, conv_continent },
	{ "OverrideIP",			SLOT_DESTINATION_NAT_IP, conv_ip },
	{ "OverridePort",		SLOT_DESTINATION_NAT_PORT, conv_long_pos },
	{ "DetectedProtocol",		SLOT_NETWORK_PROTOCOL,	conv_net_protocol },
	{ "TransportProtocol",		SLOT_NETWORK_TRANSPORT,	conv_transport },
	{ "Transport",			SLOT_NETWORK_TRANSPORT,	conv_transport },
	{ "UserID",			SLOT_USER_ID,		conv_user },
	{ "Email",			SLOT_USER_EMAIL,	conv_user },
	{ "DeviceID",			SLOT_HOST_ID,		conv_str },
	{ "DeviceName",			SLOT_HOST_NAME,		conv_str },
	{ "DeviceName",			SLOT_HOST_HOSTNAME,	conv_host },
	{ "DeviceID",			SLOT_DEVICE_ID,		conv_str },
	{ "SNI",			SLOT_TLS_CLIENT_SERVER_NAME, conv_host },
	{ "PolicyID",			SLOT_RULE_ID,		conv_str },
	{ "PolicyName",			SLOT_RULE_NAME,		conv_str },
	{ "SourceInternalIP",		SLOT_RELATED_IP,	conv_ip },
	{ NULL, 0, NULL }
};

/*
 * ---- ipsec_logs ----
 * RemoteIP is the customer's end of the tunnel (source), LocalIP
 * Cloudflare's (destination).
 */

static const struct fmap ipsec_logs_map[] = {
	{ "Message",			SLOT_MESSAGE,		conv_str },
	{ "Level",			SLOT_LOG_LEVEL,		conv_lower },
	{ "RemoteIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "RemoteIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "RemotePort",			SLOT_SOURCE_PORT,	conv_port },
	{ "LocalIP",			SLOT_DESTINATION_IP,	conv_ip },
	{ "LocalIP",			SLOT_DESTINATION_ADDRESS, conv_address },
	{ "LocalPort",			SLOT_DESTINATION_PORT,	conv_port },
	{ NULL, 0, NULL }
};

static const struct konst ipsec_logs_constants[] = {
	{ SLOT_NETWORK_PROTOCOL, "ipsec" },
	{ 0, NULL }
};

/* ---- magic_bgp_logs ---- */

static const struct fmap magic_bgp_logs_map[] = {
	{ "EventKind",			SLOT_EVENT_ACTION,	conv_str },
	{ NULL, 0, NULL }
};

static const struct konst magic_bgp_logs_constants[] = {
	{ SLOT_NETWORK_PROTOCOL, "bgp" },
	{ 0, NULL }
};

/* ---- magic_ids_detections ---- */

static const struct fmap magic_ids_detections_map[] = {
	{ "Action",			SLOT_EVENT_ACTION,	conv_action },
	{ "SourceIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "SourceIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "SourcePort",			SLOT_SOURCE_PORT,	conv_long_pos },
	{ "DestinationIP",		SLOT_DESTINATION_IP,	conv_ip },
	{ "DestinationIP",		SLOT_DESTINATION_ADDRESS, conv_address },
	{ "DestinationPort",		SLOT_DESTINATION_PORT,	conv_long_pos },
	{ "Protocol",			SLOT_NETWORK_TRANSPORT,	conv_transport },
	{ "SignatureID",		SLOT_RULE_ID,		conv_str },
	{ "SignatureMessage",		SLOT_RULE_NAME,		conv_str },
	{ "SignatureRevision",		SLOT_RULE_VERSION,	conv_str },
	{ "ColoCode",			SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ "ColoCity",			SLOT_OBSERVER_GEO_CITY,	conv_str },
	{ NULL, 0, NULL }
};

/* ---- mcp_portal_logs ---- */

static const struct fmap mcp_portal_logs_map[] = {
	{ "Method",			SLOT_EVENT_ACTION,	conv_str },
	{ "Success",			SLOT_EVENT_OUTCOME,	conv_outcome_bool },
	{ "Error",			SLOT_ERROR_MESSAGE,	conv_str },
	{ "ClientIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "ClientIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "ServerURL",			SLOT_URL_ORIGINAL,	conv_url },
	{ "UserID",			SLOT_USER_ID,		conv_user },
	{ "UserEmail",			SLOT_USER_EMAIL,	conv_user },
	{ "ColoCode",			SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ NULL, 0, NULL }
};

/* ---- mnm_flow_logs ---- */

static const struct fmap mnm_flow_logs_map[] = {
	{ "SourceAddress",		SLOT_SOURCE_IP,		conv_ip },
	{ "SourceAddress",		SLOT_SOURCE_ADDRESS,	conv_address },
	{ "SourcePort",			SLOT_SOURCE_PORT,	conv_port },
	{ "SourceAS",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "DestinationAddress",		SLOT_DESTINATION_IP,	conv_ip },
	{ "DestinationAddress",		SLOT_DESTINATION_ADDRESS, conv_address },
	{ "DestinationPort",		SLOT_DESTINATION_PORT,	conv_port },
	{ "DestinationAS",		SLOT_DESTINATION_AS_NUMBER, conv_long_pos },
	{ "Protocol",			SLOT_NETWORK_TRANSPORT,	conv_transport },
	{ "Packets",			SLOT_NETWORK_PACKETS,	conv_long },
	{ "Protocol",			SLOT_NETWORK_IANA_NUMBER, conv_str },
	{ "SamplerAddress",		SLOT_OBSERVER_IP,	conv_ip },
	{ NULL, 0, NULL }
};

/* ---- nel_reports ---- */

static const struct fmap nel_reports_map[] = {
	{ "Type",			SLOT_ERROR_TYPE,	conv_str },
	{ "ClientIPASN",		SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "ClientIPASNDescription",	SLOT_SOURCE_AS_ORG,	conv_str },
	{ "ClientIPCountry",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "ClientIPCountry",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "LastKnownGoodColoCode",	SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ NULL, 0, NULL }
};

/* ---- network_analytics_logs ---- */

static const struct fmap network_analytics_logs_map[] = {
	{ "Outcome",			SLOT_EVENT_ACTION,	conv_action },
	{ "MitigationReason",		SLOT_EVENT_REASON,	conv_str },
	{ "IPSourceAddress",		SLOT_SOURCE_IP,		conv_ip },
	{ "IPSourceAddress",		SLOT_SOURCE_ADDRESS,	conv_address },
	{ "SourcePort",			SLOT_SOURCE_PORT,	conv_port },
	{ "SourceASN",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "SourceASNName",		SLOT_SOURCE_AS_ORG,	conv_str },
	{ "SourceCountry",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "SourceCountry",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "IPDestinationAddress",	SLOT_DESTINATION_IP,	conv_ip },
	{ "IPDestinationAddress",	SLOT_DESTINATION_ADDRESS, conv_address },
	{ "DestinationPort",		SLOT_DESTINATION_PORT,	conv_port },
	{ "DestinationASN",		SLOT_DESTINATION_AS_NUMBER, conv_long_pos },
	{ "DestinationASNName",		SLOT_DESTINATION_AS_ORG, conv_str },
	{ "DestinationCountry",		SLOT_DESTINATION_GEO_COUNTRY_ISO, conv_country_iso },
	{ "DestinationCountry",		SLOT_DESTINATION_GEO_COUNTRY_NAME, conv_country_name },
	{ "IPProtocolName",		SLOT_NETWORK_TRANSPORT,	conv_transport },
	{ "IPProtocol",			SLOT_NETWORK_TRANSPORT,	conv_transport },
	{ "Direction",			SLOT_NETWORK_DIRECTION,	conv_lower },
	{ "IPProtocol",			SLOT_NETWORK_IANA_NUMBER, conv_str },
	{ "RuleID",			SLOT_RULE_ID,		conv_str },
	{ "RuleName",			SLOT_RULE_NAME,		conv_str },
	{ "RulesetID",			SLOT_RULE_RULESET,	conv_str },
	{ "ColoCode",			SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ "ColoCity",			SLOT_OBSERVER_GEO_CITY,	conv_str },
	{ "ColoCountry",		SLOT_OBSERVER_GEO_COUNTRY_ISO, conv_country_iso },
	{ NULL, 0, NULL }
};

/* ---- page_shield_events ---- */

static const struct fmap page_shield_events_map[] = {
	{ "Action",			SLOT_EVENT_ACTION,	conv_str },
	{ "PageURL",			SLOT_HTTP_REQUEST_REFERRER, conv_str },
	{ "URL",			SLOT_URL_ORIGINAL,	conv_url },
	{ "URLHost",			SLOT_URL_DOMAIN,	conv_host },
	{ "PolicyID",			SLOT_RULE_ID,		conv_str },
	{ "Host",			SLOT_RELATED_HOSTS,	conv_host },
	{ NULL, 0, NULL }
};

/* ---- sinkhole_http_logs ---- */

static const struct fmap sinkhole_http_logs_map[] = {
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "SrcAddr",			SLOT_SOURCE_IP,		conv_ip },
	{ "SrcAddr",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "DestAddr",			SLOT_DESTINATION_IP,	conv_ip },
	{ "Host",			SLOT_DESTINATION_ADDRESS, conv_host },
	{ "DestAddr",			SLOT_DESTINATION_ADDRESS, conv_address },
	{ "Host",			SLOT_DESTINATION_DOMAIN, conv_host },
	{ "Method",			SLOT_HTTP_REQUEST_METHOD, conv_str },
	{ "BodyLength",			SLOT_HTTP_REQUEST_BODY_BYTES, conv_long },
	{ "Body",			SLOT_HTTP_REQUEST_BODY_CONTENT, conv_str },
	{ "Referrer",			SLOT_HTTP_REQUEST_REFERRER, conv_str },
	{ "URL",			SLOT_URL_ORIGINAL,	conv_url },
	{ "URI",			SLOT_URL_PATH,		conv_url_path },
	{ "URI",			SLOT_URL_QUERY,		conv_url_query },
	{ "UserAgent",			SLOT_USER_AGENT_ORIGINAL, conv_str },
	{ "Username",			SLOT_USER_NAME,		conv_user },
	{ NULL, 0, NULL }
};

/* ---- spectrum_events ---- */

static const struct fmap spectrum_events_map[] = {
	{ "Event",			SLOT_EVENT_ACTION,	conv_str },
	{ "Event",			SLOT_EVENT_TYPE,	conv_type_verb },
	{ "ClientMatchedIpFirewall",	SLOT_EVENT_OUTCOME,	conv_verdict },
	{ "ClientIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "ClientIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "ClientPort",			SLOT_SOURCE_PORT,	conv_port },
	{ "ClientBytes",		SLOT_SOURCE_BYTES,	conv_long },
	{ "ClientAsn",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "ClientCountry",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "OriginIP",			SLOT_DESTINATION_IP,	conv_ip },
	{ "OriginIP",			SLOT_DESTINATION_ADDRESS, conv_address },
	{ "OriginPort",			SLOT_DESTINATION_PORT,	conv_long_pos },
	{ "OriginBytes",		SLOT_DESTINATION_BYTES,	conv_long },
	{ "ClientProto",		SLOT_NETWORK_TRANSPORT,	conv_transport },
	{ "ClientTlsProtocol",		SLOT_TLS_VERSION,	conv_tls_version },
	{ "ClientTlsProtocol",		SLOT_TLS_VERSION_PROTOCOL, conv_tls_protocol },
	{ "ClientTlsCipher",		SLOT_TLS_CIPHER,	conv_tls_cipher },
	{ "ClientTlsClientHelloServerName", SLOT_TLS_CLIENT_SERVER_NAME, conv_host },
	{ "ColoCode",			SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ "OriginTlsFingerprint",	SLOT_RELATED_HASH,	conv_hash },
	{ NULL, 0, NULL }
};

/* ---- ssh_logs ---- */

static const struct fmap ssh_logs_map[] = {
	{ "ProgramType",		SLOT_EVENT_ACTION,	conv_str },
	{ "SessionStartDatetime",	SLOT_EVENT_START,	conv_time },
	{ "SessionFinishDatetime",	SLOT_EVENT_END,		conv_time },
	{ "Error",			SLOT_ERROR_MESSAGE,	conv_str },
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "ClientAddress",		SLOT_SOURCE_IP,		conv_hostport_ip },
	{ "ClientAddress",		SLOT_SOURCE_ADDRESS,	conv_hostport_address },
	{ "ClientAddress",		SLOT_SOURCE_PORT,	conv_hostport_port },
	{ "ServerAddress",		SLOT_DESTINATION_IP,	conv_hostport_ip },
	{ "ServerAddress",		SLOT_DESTINATION_ADDRESS, conv_hostport_address },
	{ "ServerAddress",		SLOT_DESTINATION_PORT,	conv_hostport_port },
	{ "Username",			SLOT_DESTINATION_USER_NAME, conv_user },
	{ "UserID",			SLOT_USER_ID,		conv_user },
	{ "UserEmail",			SLOT_USER_EMAIL,	conv_user },
	{ "TargetID",			SLOT_HOST_ID,		conv_str },
	{ NULL, 0, NULL }
};

static const struct konst ssh_logs_constants[] = {
	{ SLOT_NETWORK_PROTOCOL, "ssh" },
	{ 0, NULL }
};

/* ---- turnstile_events ---- */

static const struct fmap turnstile_events_map[] = {
	{ "EventType",			SLOT_EVENT_ACTION,	conv_str },
	{ "ClientIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "ClientIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "ASN",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "CountryCode",		SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "CountryCode",		SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "Hostname",			SLOT_URL_DOMAIN,	conv_host },
	{ "UserAgent",			SLOT_USER_AGENT_ORIGINAL, conv_str },
	{ "BrowserName",		SLOT_USER_AGENT_NAME,	conv_str },
	{ "BrowserMajor",		SLOT_USER_AGENT_VERSION, conv_str },
	{ "OSName",			SLOT_USER_AGENT_OS_NAME, conv_str },
	{ "OSMajor",			SLOT_USER_AGENT_OS_VERSION, conv_str },
	{ NULL, 0, NULL }
};

/* ---- warp_config_changes ---- */

static const struct fmap warp_config_changes_map[] = {
	{ "AccountIDTo",		SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "AccountNameTo",		SLOT_CLOUD_ACCOUNT_NAME, conv_str },
	{ "UserEmail",			SLOT_USER_EMAIL,	conv_user },
	{ "DeviceID",			SLOT_HOST_ID,		conv_str },
	{ "Hostname",			SLOT_HOST_NAME,		conv_str },
	{ "Hostname",			SLOT_HOST_HOSTNAME,	conv_host },
	{ "DeviceID",			SLOT_DEVICE_ID,		conv_str },
	{ "SerialNumber",		SLOT_DEVICE_SERIAL,	conv_str },
	{ NULL, 0, NULL }
};

/* ---- warp_toggle_changes ---- */

static const struct fmap warp_toggle_changes_map[] = {
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "AccountName",		SLOT_CLOUD_ACCOUNT_NAME, conv_str },
	{ "UserEmail",			SLOT_USER_EMAIL,	conv_user },
	{ "DeviceID",			SLOT_HOST_ID,		conv_str },
	{ "Hostname",			SLOT_HOST_NAME,		conv_str },
	{ "Hostname",			SLOT_HOST_HOSTNAME,	conv_host },
	{ "DeviceID",			SLOT_DEVICE_ID,		conv_str },
	{ "SerialNumber",		SLOT_DEVICE_SERIAL,	conv_str },
	{ NULL, 0, NULL }
};

/*
 * ---- websocket_analytics (zone: PascalCase; account: camelCase) ----
 * The account scope's timestamps are always integer nanoseconds, whatever
 * --time-format, so rows read them rather than the dataset's time fields.
 */

static const struct fmap websocket_analytics_map[] = {
	{ "RayID",			SLOT_EVENT_ID,		conv_str },
	{ "ConnectionCloseReason",	SLOT_EVENT_REASON,	conv_str },
	{ "ClientIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "ClientIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "BytesReceivedClient",	SLOT_SOURCE_BYTES,	conv_long },
	{ "ClientASN",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "ClientRequestHost",		SLOT_DESTINATION_ADDRESS, conv_host },
	{ "BytesSentClient",		SLOT_DESTINATION_BYTES,	conv_long },
	{ "RayID",			SLOT_HTTP_REQUEST_ID,	conv_str },
	{ "ClientRequestHost",		SLOT_URL_DOMAIN,	conv_host },
	{ "ClientRequestPath",		SLOT_URL_PATH,		conv_url_path },
	{ "ClientRequestUserAgent",	SLOT_USER_AGENT_ORIGINAL, conv_str },
	{ "ColoCode",			SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ NULL, 0, NULL }
};

static const struct fmap websocket_analytics_account_map[] = {
	{ "timestampEndNanos",		SLOT_TIMESTAMP,		conv_time_ns },
	{ "timestampStartNanos",	SLOT_EVENT_START,	conv_time_ns },
	{ "timestampEndNanos",		SLOT_EVENT_END,		conv_time_ns },
	{ "rayId",			SLOT_EVENT_ID,		conv_str },
	{ "connectionCloseReason",	SLOT_EVENT_REASON,	conv_str },
	{ "accountId",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "clientIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "clientIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "byteRecvUplink",		SLOT_SOURCE_BYTES,	conv_long },
	{ "clientASN",			SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "clientRequestHTTPHost",	SLOT_DESTINATION_ADDRESS, conv_host },
	{ "byteSentDownlink",		SLOT_DESTINATION_BYTES,	conv_long },
	{ "rayId",			SLOT_HTTP_REQUEST_ID,	conv_str },
	{ "clientRequestHTTPHost",	SLOT_URL_DOMAIN,	conv_host },
	{ "clientRequestPath",		SLOT_URL_PATH,		conv_url_path },
	{ "clientRequestUserAgent",	SLOT_USER_AGENT_ORIGINAL, conv_str },
	{ "coloCode",			SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ NULL, 0, NULL }
};

static const struct konst websocket_constants[] = {
	{ SLOT_NETWORK_PROTOCOL, "websocket" },
	{ 0, NULL }
};

/*
 * ---- workers_trace_events ----
 * EventTimestampMs is always integer milliseconds; the script name goes to
 * faas.name (ECS's serverless function fields).
 */

static const struct fmap workers_trace_events_map[] = {
	{ "EventTimestampMs",		SLOT_TIMESTAMP,		conv_time_ms },
	{ "EventType",			SLOT_EVENT_ACTION,	conv_str },
	{ "Outcome",			SLOT_EVENT_OUTCOME,	conv_outcome_word },
	{ "WallTimeMs",			SLOT_EVENT_DURATION,	conv_duration_ms },
	{ "ScriptTags",			SLOT_TAGS,		conv_strs },
	{ "ScriptName",			SLOT_FAAS_NAME,		conv_str },
	/* The request the Worker ran for, inside Event. */
	{ "Event.RayID",		SLOT_EVENT_ID,		conv_str },
	{ "Event.RayID",		SLOT_HTTP_REQUEST_ID,	conv_str },
	{ "Event.Request.URL",		SLOT_URL_ORIGINAL,	conv_url },
	{ "Event.request.url",		SLOT_URL_ORIGINAL,	conv_url },
	{ "Event.Request.Method",	SLOT_HTTP_REQUEST_METHOD, conv_str },
	{ "Event.request.method",	SLOT_HTTP_REQUEST_METHOD, conv_str },
	{ "Event.Response.Status",	SLOT_HTTP_RESPONSE_STATUS, conv_long },
	{ "Event.response.status",	SLOT_HTTP_RESPONSE_STATUS, conv_long },
	{ "Event.request.headers.cf-connecting-ip", SLOT_SOURCE_IP, conv_ip },
	{ "Event.request.headers.cf-connecting-ip", SLOT_SOURCE_ADDRESS, conv_address },
	{ "Event.request.headers.user-agent", SLOT_USER_AGENT_ORIGINAL, conv_str },
	{ "Event.request.cf.asn",	SLOT_SOURCE_AS_NUMBER,	conv_long_pos },
	{ "Event.request.cf.country",	SLOT_SOURCE_GEO_COUNTRY_ISO, conv_country_iso },
	{ "Event.request.cf.country",	SLOT_SOURCE_GEO_COUNTRY_NAME, conv_country_name },
	{ "Event.request.cf.httpProtocol", SLOT_NETWORK_PROTOCOL, conv_net_protocol },
	{ "Event.request.cf.httpProtocol", SLOT_HTTP_VERSION,	conv_http_version },
	{ "Event.request.cf.tlsVersion", SLOT_TLS_VERSION,	conv_tls_version },
	{ "Event.request.cf.tlsVersion", SLOT_TLS_VERSION_PROTOCOL, conv_tls_protocol },
	{ "Event.request.cf.colo",	SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ "Exceptions.name",		SLOT_ERROR_TYPE,	conv_str },
	{ "Exceptions.message",		SLOT_ERROR_MESSAGE,	conv_str },
	{ NULL, 0, NULL }
};

/* ---- zaraz_events ---- */

static const struct fmap zaraz_events_map[] = {
	{ "EventType",			SLOT_EVENT_ACTION,	conv_str },
	{ "IP",				SLOT_SOURCE_IP,		conv_ip },
	{ "IP",				SLOT_SOURCE_ADDRESS,	conv_address },
	{ "URL",			SLOT_URL_ORIGINAL,	conv_url },
	{ NULL, 0, NULL }
};

/* ---- zero_trust_network_sessions ---- */

static const struct fmap zero_trust_network_sessions_map[] = {
	{ "SessionID",			SLOT_EVENT_ID,		conv_str },
	{ "ConnectionCloseReason",	SLOT_EVENT_REASON,	conv_str },
	{ "AccountID",			SLOT_CLOUD_ACCOUNT_ID,	conv_str },
	{ "SourceIP",			SLOT_SOURCE_IP,		conv_ip },
	{ "SourceIP",			SLOT_SOURCE_ADDRESS,	conv_address },
	{ "SourcePort",			SLOT_SOURCE_PORT,	conv_port },
	{ "BytesSent",			SLOT_SOURCE_BYTES,	conv_long },
	{ "EgressIP",			SLOT_SOURCE_NAT_IP,	conv_ip },
	{ "EgressPort",			SLOT_SOURCE_NAT_PORT,	conv_port },
	{ "OriginIP",			SLOT_DESTINATION_IP,	conv_ip },
	{ "OriginIP",			SLOT_DESTINATION_ADDRESS, conv_address },
	{ "ResolvedFQDN",		SLOT_DESTINATION_DOMAIN, conv_host },
	{ "OriginPort",			SLOT_DESTINATION_PORT,	conv_port },
	{ "BytesReceived",		SLOT_DESTINATION_BYTES,	conv_long },
	{ "DetectedProtocol",		SLOT_NETWORK_PROTOCOL,	conv_net_protocol },
	{ "Protocol",			SLOT_NETWORK_TRANSPORT,	conv_transport },
	{ "UserID",			SLOT_USER_ID,		conv_user },
	{ "Email",			SLOT_USER_EMAIL,	conv_user },
	{ "DeviceID",			SLOT_HOST_ID,		conv_str },
	{ "DeviceName",			SLOT_HOST_NAME,		conv_str },
	{ "DeviceName",			SLOT_HOST_HOSTNAME,	conv_host },
	{ "DeviceID",			SLOT_DEVICE_ID,		conv_str },
	{ "ClientTLSVersion",		SLOT_TLS_VERSION,	conv_tls_version },
	{ "ClientTLSVersion",		SLOT_TLS_VERSION_PROTOCOL, conv_tls_protocol },
	{ "ClientTLSCipher",		SLOT_TLS_CIPHER,	conv_tls_cipher },
	{ "SNI",			SLOT_TLS_CLIENT_SERVER_NAME, conv_host },
	{ "OriginTLSCertificateIssuer",	SLOT_TLS_SERVER_ISSUER,	conv_str },
	{ "EgressRuleID",		SLOT_RULE_ID,		conv_str },
	{ "EgressRuleName",		SLOT_RULE_NAME,		conv_str },
	{ "IngressColoName",		SLOT_OBSERVER_GEO_NAME,	conv_str },
	{ "InitialOriginIP",		SLOT_RELATED_IP,	conv_ip },
	{ "SourceInternalIP",		SLOT_RELATED_IP,	conv_ip },
	{ NULL, 0, NULL }
};

/* Access logins and logouts: authentication, opening or closing a session. */
static const struct dataset access_requests_dataset = {
	.name = "access_requests",
	.scope = "account",
	.fields = access_requests_fields,
	.time_field = "CreatedAt",
	.category = cat_auth_session,
	.observer_type = "proxy",
	.observer_product = "Access",
	.map = access_requests_map,
};

/* Logins, signups... on a zone's site: authentication seen on the web. */
static const struct dataset account_abuse_protection_events_dataset = {
	.name = "account_abuse_protection_events",
	.scope = "zone",
	.fields = account_abuse_protection_events_fields,
	.time_field = "Timestamp",
	.category = cat_auth_web,
	.observer_type = "proxy",
	.map = account_abuse_protection_events_map,
};

/* Changes to account configuration; ActionType gives the kind of change. */
static const struct dataset audit_logs_dataset = {
	.name = "audit_logs",
	.scope = "account",
	.fields = audit_logs_fields,
	.time_field = "When",
	.category = cat_configuration,
	.map = audit_logs_map,
};

/* Changes to account configuration; ActionType create/update/delete. */
static const struct dataset audit_logs_v2_dataset = {
	.name = "audit_logs_v2",
	.scope = "account",
	.fields = audit_logs_v2_fields,
	.time_field = "ActionTimestamp",
	.category = cat_configuration,
	.map = audit_logs_v2_map,
};

/* Copy, paste, download in an isolated browser, allowed or blocked: web. */
static const struct dataset biso_user_actions_dataset = {
	.name = "biso_user_actions",
	.scope = "account",
	.fields = biso_user_actions_fields,
	.time_field = "Timestamp",
	.category = cat_web,
	.type = type_access,
	.observer_type = "proxy",
	.observer_product = "Browser Isolation",
	.map = biso_user_actions_map,
};

/* SaaS misconfigurations found by CASB scans: scan results, vulnerability. */
static const struct dataset casb_findings_dataset = {
	.name = "casb_findings",
	.scope = "account",
	.fields = casb_findings_fields,
	.time_field = "DetectedTimestamp",
	.category = cat_vulnerability,
	.observer_product = "CASB",
	.map = casb_findings_map,
	.constants = casb_findings_constants,
};

/* A posture check of a device (host) passed or failed. */
static const struct dataset device_posture_results_dataset = {
	.name = "device_posture_results",
	.scope = "account",
	.fields = device_posture_results_fields,
	.time_field = "Timestamp",
	.category = cat_host,
	.observer_product = "WARP",
	.map = device_posture_results_map,
};

/* Synthetic HTTP and traceroute tests run by a device across the network. */
static const struct dataset dex_application_tests_dataset = {
	.name = "dex_application_tests",
	.scope = "account",
	.fields = dex_application_tests_fields,
	.time_field = "Timestamp",
	.start_field = "Timestamp",
	.end_field = "TracerouteTimeEnd",
	.category = cat_network,
	.observer_product = "WARP",
	.map = dex_application_tests_map,
};

/* Periodic state of a device (CPU, memory, connectivity): host. */
static const struct dataset dex_device_state_events_dataset = {
	.name = "dex_device_state_events",
	.scope = "account",
	.fields = dex_device_state_events_fields,
	.time_field = "Timestamp",
	.category = cat_host,
	.observer_product = "WARP",
	.map = dex_device_state_events_map,
};

/* A request or response body copied because a DLP rule matched: file. */
static const struct dataset dlp_forensic_copies_dataset = {
	.name = "dlp_forensic_copies",
	.scope = "account",
	.fields = dlp_forensic_copies_fields,
	.time_field = "Datetime",
	.category = cat_file,
	.observer_type = "proxy",
	.observer_product = "Gateway",
	.map = dlp_forensic_copies_map,
};

/* DNS queries through the DNS Firewall recursive proxy: network protocol. */
static const struct dataset dns_firewall_logs_dataset = {
	.name = "dns_firewall_logs",
	.scope = "account",
	.fields = dns_firewall_logs_fields,
	.time_field = "Timestamp",
	.category = cat_network,
	.type = type_protocol,
	.observer_type = "dns",
	.observer_product = "DNS Firewall",
	.map = dns_firewall_logs_map,
	.constants = dns_constants,
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

/* A message classified by Email Security: email. */
static const struct dataset email_security_alerts_dataset = {
	.name = "email_security_alerts",
	.scope = "account",
	.fields = email_security_alerts_fields,
	.time_field = "Timestamp",
	.category = cat_email,
	.observer_product = "Email Security",
	.map = email_security_alerts_map,
	.constants = alert_constants,
};

/* A move, release or submission of a delivered message: email. */
static const struct dataset email_security_post_delivery_events_dataset = {
	.name = "email_security_post_delivery_events",
	.scope = "account",
	.fields = email_security_post_delivery_events_fields,
	.time_field = "CompletedAt",
	.start_field = "RequestedAt",
	.end_field = "CompletedAt",
	.category = cat_email,
	.observer_product = "Email Security",
	.map = email_security_post_delivery_events_map,
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

/* DNS queries filtered by Gateway: network protocol, allowed or denied. */
static const struct dataset gateway_dns_dataset = {
	.name = "gateway_dns",
	.scope = "account",
	.fields = gateway_dns_fields,
	.time_field = "Datetime",
	.category = cat_network,
	.type = type_protocol,
	.observer_type = "dns",
	.observer_product = "Gateway",
	.map = gateway_dns_map,
	.constants = dns_constants,
};

/* HTTP requests through the Gateway proxy: network, web, allowed or denied. */
static const struct dataset gateway_http_dataset = {
	.name = "gateway_http",
	.scope = "account",
	.fields = gateway_http_fields,
	.time_field = "Datetime",
	.category = cat_network_web,
	.observer_type = "proxy",
	.observer_product = "Gateway",
	.map = gateway_http_map,
	.constants = http_constants,
};

/* L4 sessions under Gateway network policies: network, allowed or denied. */
static const struct dataset gateway_network_dataset = {
	.name = "gateway_network",
	.scope = "account",
	.fields = gateway_network_fields,
	.time_field = "Datetime",
	.category = cat_network,
	.type = type_connection,
	.observer_type = "proxy",
	.observer_product = "Gateway",
	.map = gateway_network_map,
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

/* Log lines of Magic WAN IPsec tunnels: network. */
static const struct dataset ipsec_logs_dataset = {
	.name = "ipsec_logs",
	.scope = "account",
	.fields = ipsec_logs_fields,
	.time_field = "Timestamp",
	.category = cat_network,
	.observer_product = "Magic WAN",
	.map = ipsec_logs_map,
	.constants = ipsec_logs_constants,
};

/* BGP messages and state changes on Magic WAN tunnels: network. */
static const struct dataset magic_bgp_logs_dataset = {
	.name = "magic_bgp_logs",
	.scope = "account",
	.fields = magic_bgp_logs_fields,
	.time_field = "EventTimestamp",
	.category = cat_network,
	.observer_product = "Magic WAN",
	.map = magic_bgp_logs_map,
	.constants = magic_bgp_logs_constants,
};

/* IDS signature matches on network traffic: intrusion detection. */
static const struct dataset magic_ids_detections_dataset = {
	.name = "magic_ids_detections",
	.scope = "account",
	.fields = magic_ids_detections_fields,
	.time_field = "Timestamp",
	.category = cat_ids,
	.observer_type = "ids",
	.observer_product = "Magic Firewall",
	.map = magic_ids_detections_map,
	.constants = alert_constants,
};

/* JSON-RPC calls to MCP servers through an Access portal: API access. */
static const struct dataset mcp_portal_logs_dataset = {
	.name = "mcp_portal_logs",
	.scope = "account",
	.fields = mcp_portal_logs_fields,
	.time_field = "Datetime",
	.category = cat_api,
	.type = type_access,
	.observer_type = "proxy",
	.observer_product = "Access",
	.map = mcp_portal_logs_map,
};

/* Flow records (NetFlow, sFlow, IPFIX, VPC) of routers: network connections. */
static const struct dataset mnm_flow_logs_dataset = {
	.name = "mnm_flow_logs",
	.scope = "account",
	.fields = mnm_flow_logs_fields,
	.time_field = "Timestamp",
	.category = cat_network,
	.type = type_connection,
	.observer_product = "Magic Network Monitoring",
	.map = mnm_flow_logs_map,
};

/* Browsers reporting that they failed to reach the zone: web errors. */
static const struct dataset nel_reports_dataset = {
	.name = "nel_reports",
	.scope = "zone",
	.fields = nel_reports_fields,
	.time_field = "Timestamp",
	.category = cat_web,
	.type = type_error,
	.map = nel_reports_map,
};

/* Sampled packets and the DDoS/firewall verdict: network, allowed or denied. */
static const struct dataset network_analytics_logs_dataset = {
	.name = "network_analytics_logs",
	.scope = "account",
	.fields = network_analytics_logs_fields,
	.time_field = "Datetime",
	.category = cat_network,
	.observer_type = "firewall",
	.map = network_analytics_logs_map,
};

/* Content Security Policy reports of scripts and connections on a page: web. */
static const struct dataset page_shield_events_dataset = {
	.name = "page_shield_events",
	.scope = "zone",
	.fields = page_shield_events_fields,
	.time_field = "Timestamp",
	.category = cat_web,
	.observer_product = "Page Shield",
	.map = page_shield_events_map,
};

/* HTTP requests received by a sinkhole server: web access. */
static const struct dataset sinkhole_http_logs_dataset = {
	.name = "sinkhole_http_logs",
	.scope = "account",
	.fields = sinkhole_http_logs_fields,
	.time_field = "Timestamp",
	.category = cat_web,
	.type = type_access,
	.map = sinkhole_http_logs_map,
};

/* Connections proxied by Spectrum (L4): network connections, start and end. */
static const struct dataset spectrum_events_dataset = {
	.name = "spectrum_events",
	.scope = "zone",
	.fields = spectrum_events_fields,
	.time_field = "Timestamp",
	.start_field = "ConnectTimestamp",
	.end_field = "DisconnectTimestamp",
	.category = cat_network,
	.type = type_connection,
	.observer_type = "proxy",
	.observer_product = "Spectrum",
	.map = spectrum_events_map,
};

/* Programs run in SSH sessions through Access for Infrastructure: session. */
static const struct dataset ssh_logs_dataset = {
	.name = "ssh_logs",
	.scope = "account",
	.fields = ssh_logs_fields,
	.time_field = "Datetime",
	.start_field = "ProgramStartDatetime",
	.end_field = "ProgramFinishDatetime",
	.category = cat_session,
	.observer_type = "proxy",
	.observer_product = "Access",
	.map = ssh_logs_map,
	.constants = ssh_logs_constants,
};

/* Turnstile challenges issued and solved in a visitor's browser: web. */
static const struct dataset turnstile_events_dataset = {
	.name = "turnstile_events",
	.scope = "account",
	.fields = turnstile_events_fields,
	.time_field = "Timestamp",
	.category = cat_web,
	.observer_product = "Turnstile",
	.map = turnstile_events_map,
};

/* A device switched its WARP configuration: configuration change of a host. */
static const struct dataset warp_config_changes_dataset = {
	.name = "warp_config_changes",
	.scope = "account",
	.fields = warp_config_changes_fields,
	.time_field = "Timestamp",
	.category = cat_config_host,
	.type = type_change,
	.observer_product = "WARP",
	.map = warp_config_changes_map,
};

/* WARP switched on or off on a device: a change of the host. */
static const struct dataset warp_toggle_changes_dataset = {
	.name = "warp_toggle_changes",
	.scope = "account",
	.fields = warp_toggle_changes_fields,
	.time_field = "Timestamp",
	.category = cat_host,
	.type = type_change,
	.observer_product = "WARP",
	.map = warp_toggle_changes_map,
};

/* A proxied WebSocket connection, logged when it ends: network connection. */
static const struct dataset websocket_analytics_account_dataset = {
	.name = "websocket_analytics",
	.scope = "account",
	.fields = websocket_analytics_account_fields,
	.category = cat_network,
	.type = type_connection_end,
	.observer_type = "proxy",
	.map = websocket_analytics_account_map,
	.constants = websocket_constants,
};

/* A proxied WebSocket connection, logged when it ends: network connection. */
static const struct dataset websocket_analytics_dataset = {
	.name = "websocket_analytics",
	.scope = "zone",
	.fields = websocket_analytics_fields,
	.time_field = "EdgeEndTimestamp",
	.start_field = "EdgeStartTimestamp",
	.end_field = "EdgeEndTimestamp",
	.category = cat_network,
	.type = type_connection_end,
	.observer_type = "proxy",
	.map = websocket_analytics_map,
	.constants = websocket_constants,
};

/* A Worker invocation, logged when it ends: closest ECS category is process. */
static const struct dataset workers_trace_events_dataset = {
	.name = "workers_trace_events",
	.scope = "account",
	.fields = workers_trace_events_fields,
	.category = cat_process,
	.type = type_end,
	.observer_product = "Workers",
	.map = workers_trace_events_map,
};

/* Requests to the Zaraz tag manager endpoint of a zone: web. */
static const struct dataset zaraz_events_dataset = {
	.name = "zaraz_events",
	.scope = "zone",
	.fields = zaraz_events_fields,
	.time_field = "TimestampStart",
	.category = cat_web,
	.observer_product = "Zaraz",
	.map = zaraz_events_map,
};

/* A TCP/UDP session through the Zero Trust proxy, logged when it ends. */
static const struct dataset zero_trust_network_sessions_dataset = {
	.name = "zero_trust_network_sessions",
	.scope = "account",
	.fields = zero_trust_network_sessions_fields,
	.time_field = "SessionEndTime",
	.start_field = "SessionStartTime",
	.end_field = "SessionEndTime",
	.category = cat_network,
	.type = type_connection_end,
	.observer_type = "proxy",
	.observer_product = "Gateway",
	.map = zero_trust_network_sessions_map,
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
