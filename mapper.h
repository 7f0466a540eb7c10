/*
 * mapper.h: one Logpush record (a parsed JSON object) -> one ECS event.
 *
 * The ECS document is a fixed list of output slots (ECS_SLOTS below, in
 * output order).  A dataset is a table of (Logpush field -> slot,
 * converter) rows plus constants; mapping a record fills slots, writing
 * walks them in order.  Adding a dataset is adding a table in datasets.c.
 */
#ifndef CFECS_MAPPER_H
#define CFECS_MAPPER_H

#include <stddef.h>
#include <stdint.h>

#include "timefmt.h"

struct jval;
struct wbuf;

/*
 * Every ECS field cfecs writes, in output order.  Fields that share a
 * parent must be adjacent (checked at start-up): the writer opens and
 * closes nested objects as the path prefix changes.
 */
#define ECS_SLOTS(X) \
	X(TIMESTAMP,		"@timestamp") \
	X(EVENT_KIND,		"event.kind") \
	X(EVENT_CATEGORY,	"event.category") \
	X(EVENT_TYPE,		"event.type") \
	X(EVENT_ACTION,		"event.action") \
	X(EVENT_OUTCOME,	"event.outcome") \
	X(EVENT_REASON,		"event.reason") \
	X(EVENT_DATASET,	"event.dataset") \
	X(EVENT_MODULE,		"event.module") \
	X(EVENT_PROVIDER,	"event.provider") \
	X(EVENT_ID,		"event.id") \
	X(EVENT_CREATED,	"event.created") \
	X(EVENT_START,		"event.start") \
	X(EVENT_END,		"event.end") \
	X(EVENT_DURATION,	"event.duration") \
	X(EVENT_SEVERITY,	"event.severity") \
	X(EVENT_RISK_SCORE,	"event.risk_score") \
	X(EVENT_ORIGINAL,	"event.original") \
	X(ECS_VERSION,		"ecs.version") \
	X(MESSAGE,		"message") \
	X(TAGS,			"tags") \
	X(ERROR_TYPE,		"error.type") \
	X(ERROR_MESSAGE,	"error.message") \
	X(LOG_LEVEL,		"log.level") \
	X(LOG_FILE_PATH,	"log.file.path") \
	X(LOG_OFFSET,		"log.offset") \
	X(AGENT_VERSION,	"agent.version") \
	X(CLOUD_ACCOUNT_ID,	"cloud.account.id") \
	X(CLOUD_ACCOUNT_NAME,	"cloud.account.name") \
	X(CLOUD_PROVIDER,	"cloud.provider") \
	X(CLOUD_REGION,		"cloud.region") \
	X(CLIENT_IP,		"client.ip") \
	X(CLIENT_ADDRESS,	"client.address") \
	X(CLIENT_PORT,		"client.port") \
	X(CLIENT_BYTES,		"client.bytes") \
	X(CLIENT_AS_NUMBER,	"client.as.number") \
	X(CLIENT_AS_ORG,	"client.as.organization.name") \
	X(CLIENT_GEO_CITY,	"client.geo.city_name") \
	X(CLIENT_GEO_CONTINENT_CODE, "client.geo.continent_code") \
	X(CLIENT_GEO_CONTINENT_NAME, "client.geo.continent_name") \
	X(CLIENT_GEO_COUNTRY_ISO, "client.geo.country_iso_code") \
	X(CLIENT_GEO_COUNTRY_NAME, "client.geo.country_name") \
	X(CLIENT_GEO_LOCATION,	"client.geo.location") \
	X(CLIENT_GEO_POSTAL,	"client.geo.postal_code") \
	X(CLIENT_GEO_REGION_ISO, "client.geo.region_iso_code") \
	X(CLIENT_GEO_REGION_NAME, "client.geo.region_name") \
	X(CLIENT_GEO_TIMEZONE,	"client.geo.timezone") \
	X(SOURCE_IP,		"source.ip") \
	X(SOURCE_ADDRESS,	"source.address") \
	X(SOURCE_DOMAIN,	"source.domain") \
	X(SOURCE_REGISTERED_DOMAIN, "source.registered_domain") \
	X(SOURCE_TOP_LEVEL_DOMAIN, "source.top_level_domain") \
	X(SOURCE_SUBDOMAIN,	"source.subdomain") \
	X(SOURCE_PORT,		"source.port") \
	X(SOURCE_BYTES,		"source.bytes") \
	X(SOURCE_PACKETS,	"source.packets") \
	X(SOURCE_MAC,		"source.mac") \
	X(SOURCE_AS_NUMBER,	"source.as.number") \
	X(SOURCE_AS_ORG,	"source.as.organization.name") \
	X(SOURCE_GEO_CITY,	"source.geo.city_name") \
	X(SOURCE_GEO_CONTINENT_CODE, "source.geo.continent_code") \
	X(SOURCE_GEO_CONTINENT_NAME, "source.geo.continent_name") \
	X(SOURCE_GEO_COUNTRY_ISO, "source.geo.country_iso_code") \
	X(SOURCE_GEO_COUNTRY_NAME, "source.geo.country_name") \
	X(SOURCE_GEO_LOCATION,	"source.geo.location") \
	X(SOURCE_GEO_POSTAL,	"source.geo.postal_code") \
	X(SOURCE_GEO_REGION_ISO, "source.geo.region_iso_code") \
	X(SOURCE_GEO_REGION_NAME, "source.geo.region_name") \
	X(SOURCE_GEO_TIMEZONE,	"source.geo.timezone") \
	X(SOURCE_NAT_IP,	"source.nat.ip") \
	X(SOURCE_NAT_PORT,	"source.nat.port") \
	X(DESTINATION_IP,	"destination.ip") \
	X(DESTINATION_ADDRESS,	"destination.address") \
	X(DESTINATION_DOMAIN,	"destination.domain") \
	X(DESTINATION_REGISTERED_DOMAIN, "destination.registered_domain") \
	X(DESTINATION_TOP_LEVEL_DOMAIN, "destination.top_level_domain") \
	X(DESTINATION_SUBDOMAIN, "destination.subdomain") \
	X(DESTINATION_PORT,	"destination.port") \
	X(DESTINATION_BYTES,	"destination.bytes") \
	X(DESTINATION_PACKETS,	"destination.packets") \
	X(DESTINATION_MAC,	"destination.mac") \
	X(DESTINATION_AS_NUMBER, "destination.as.number") \
	X(DESTINATION_AS_ORG,	"destination.as.organization.name") \
	X(DESTINATION_GEO_CITY,	"destination.geo.city_name") \
	X(DESTINATION_GEO_CONTINENT_CODE, "destination.geo.continent_code") \
	X(DESTINATION_GEO_CONTINENT_NAME, "destination.geo.continent_name") \
	X(DESTINATION_GEO_COUNTRY_ISO, "destination.geo.country_iso_code") \
	X(DESTINATION_GEO_COUNTRY_NAME, "destination.geo.country_name") \
	X(DESTINATION_GEO_LOCATION, "destination.geo.location") \
	X(DESTINATION_GEO_POSTAL, "destination.geo.postal_code") \
	X(DESTINATION_GEO_REGION_ISO, "destination.geo.region_iso_code") \
	X(DESTINATION_GEO_REGION_NAME, "destination.geo.region_name") \
	X(DESTINATION_GEO_TIMEZONE, "destination.geo.timezone") \
	X(DESTINATION_NAT_IP,	"destination.nat.ip") \
	X(DESTINATION_NAT_PORT,	"destination.nat.port") \
	X(DESTINATION_USER_NAME, "destination.user.name") \
	X(SERVER_IP,		"server.ip") \
	X(SERVER_ADDRESS,	"server.address") \
	X(SERVER_PORT,		"server.port") \
	X(SERVER_AS_NUMBER,	"server.as.number") \
	X(SERVER_AS_ORG,	"server.as.organization.name") \
	X(SERVER_GEO_CITY,	"server.geo.city_name") \
	X(SERVER_GEO_CONTINENT_CODE, "server.geo.continent_code") \
	X(SERVER_GEO_CONTINENT_NAME, "server.geo.continent_name") \
	X(SERVER_GEO_COUNTRY_ISO, "server.geo.country_iso_code") \
	X(SERVER_GEO_COUNTRY_NAME, "server.geo.country_name") \
	X(SERVER_GEO_LOCATION,	"server.geo.location") \
	X(SERVER_GEO_POSTAL,	"server.geo.postal_code") \
	X(SERVER_GEO_REGION_ISO, "server.geo.region_iso_code") \
	X(SERVER_GEO_REGION_NAME, "server.geo.region_name") \
	X(SERVER_GEO_TIMEZONE,	"server.geo.timezone") \
	X(NETWORK_PROTOCOL,	"network.protocol") \
	X(NETWORK_TRANSPORT,	"network.transport") \
	X(NETWORK_TYPE,		"network.type") \
	X(NETWORK_DIRECTION,	"network.direction") \
	X(NETWORK_BYTES,	"network.bytes") \
	X(NETWORK_PACKETS,	"network.packets") \
	X(NETWORK_IANA_NUMBER,	"network.iana_number") \
	X(NETWORK_COMMUNITY_ID,	"network.community_id") \
	X(NETWORK_VLAN_ID,	"network.vlan.id") \
	X(DNS_ID,		"dns.id") \
	X(DNS_QUESTION_NAME,	"dns.question.name") \
	X(DNS_QUESTION_REGISTERED_DOMAIN, "dns.question.registered_domain") \
	X(DNS_QUESTION_TOP_LEVEL_DOMAIN, "dns.question.top_level_domain") \
	X(DNS_QUESTION_SUBDOMAIN, "dns.question.subdomain") \
	X(DNS_QUESTION_TYPE,	"dns.question.type") \
	X(DNS_RESPONSE_CODE,	"dns.response_code") \
	X(DNS_RESOLVED_IP,	"dns.resolved_ip") \
	X(HTTP_REQUEST_ID,	"http.request.id") \
	X(HTTP_REQUEST_METHOD,	"http.request.method") \
	X(HTTP_REQUEST_BYTES,	"http.request.bytes") \
	X(HTTP_REQUEST_BODY_BYTES, "http.request.body.bytes") \
	X(HTTP_REQUEST_BODY_CONTENT, "http.request.body.content") \
	X(HTTP_REQUEST_REFERRER, "http.request.referrer") \
	X(HTTP_REQUEST_MIME_TYPE, "http.request.mime_type") \
	X(HTTP_RESPONSE_STATUS,	"http.response.status_code") \
	X(HTTP_RESPONSE_BYTES,	"http.response.bytes") \
	X(HTTP_RESPONSE_BODY_BYTES, "http.response.body.bytes") \
	X(HTTP_RESPONSE_MIME_TYPE, "http.response.mime_type") \
	X(HTTP_VERSION,		"http.version") \
	X(URL_ORIGINAL,		"url.original") \
	X(URL_FULL,		"url.full") \
	X(URL_SCHEME,		"url.scheme") \
	X(URL_DOMAIN,		"url.domain") \
	X(URL_REGISTERED_DOMAIN,	"url.registered_domain") \
	X(URL_TOP_LEVEL_DOMAIN,	"url.top_level_domain") \
	X(URL_SUBDOMAIN,	"url.subdomain") \
	X(URL_PORT,		"url.port") \
	X(URL_PATH,		"url.path") \
	X(URL_QUERY,		"url.query") \
	X(USER_AGENT_ORIGINAL,	"user_agent.original") \
	X(USER_AGENT_NAME,	"user_agent.name") \
	X(USER_AGENT_VERSION,	"user_agent.version") \
	X(USER_AGENT_OS_NAME,	"user_agent.os.name") \
	X(USER_AGENT_OS_VERSION, "user_agent.os.version") \
	X(USER_AGENT_OS_FULL,	"user_agent.os.full") \
	X(USER_AGENT_DEVICE_NAME, "user_agent.device.name") \
	X(USER_ID,		"user.id") \
	X(USER_NAME,		"user.name") \
	X(USER_EMAIL,		"user.email") \
	X(USER_DOMAIN,		"user.domain") \
	X(USER_ROLES,		"user.roles") \
	X(USER_TARGET_ID,	"user.target.id") \
	X(USER_TARGET_EMAIL,	"user.target.email") \
	X(HOST_ID,		"host.id") \
	X(HOST_NAME,		"host.name") \
	X(HOST_HOSTNAME,	"host.hostname") \
	X(HOST_IP,		"host.ip") \
	X(HOST_MAC,		"host.mac") \
	X(HOST_OS_FAMILY,	"host.os.family") \
	X(HOST_OS_NAME,		"host.os.name") \
	X(HOST_OS_VERSION,	"host.os.version") \
	X(HOST_OS_PLATFORM,	"host.os.platform") \
	X(HOST_OS_TYPE,		"host.os.type") \
	X(HOST_CPU_USAGE,	"host.cpu.usage") \
	X(DEVICE_ID,		"device.id") \
	X(DEVICE_MODEL_IDENTIFIER, "device.model.identifier") \
	X(DEVICE_MODEL_NAME,	"device.model.name") \
	X(DEVICE_SERIAL,	"device.serial_number") \
	X(DEVICE_MANUFACTURER,	"device.manufacturer") \
	X(PROCESS_NAME,		"process.name") \
	X(FAAS_NAME,		"faas.name") \
	X(FILE_NAME,		"file.name") \
	X(FILE_PATH,		"file.path") \
	X(FILE_SIZE,		"file.size") \
	X(FILE_TYPE,		"file.type") \
	X(FILE_MIME_TYPE,	"file.mime_type") \
	X(FILE_HASH_SHA256,	"file.hash.sha256") \
	X(EMAIL_MESSAGE_ID,	"email.message_id") \
	X(EMAIL_SUBJECT,	"email.subject") \
	X(EMAIL_FROM,		"email.from.address") \
	X(EMAIL_TO,		"email.to.address") \
	X(EMAIL_CC,		"email.cc.address") \
	X(EMAIL_BCC,		"email.bcc.address") \
	X(EMAIL_REPLY_TO,	"email.reply_to.address") \
	X(EMAIL_SENDER,		"email.sender.address") \
	X(EMAIL_LOCAL_ID,	"email.local_id") \
	X(EMAIL_ORIGINATION_TS,	"email.origination_timestamp") \
	X(EMAIL_DELIVERY_TS,	"email.delivery_timestamp") \
	X(EMAIL_DIRECTION,	"email.direction") \
	X(EMAIL_ATTACHMENTS,	"email.attachments") \
	X(TLS_VERSION,		"tls.version") \
	X(TLS_VERSION_PROTOCOL,	"tls.version_protocol") \
	X(TLS_CIPHER,		"tls.cipher") \
	X(TLS_CLIENT_JA3,	"tls.client.ja3") \
	X(TLS_CLIENT_SERVER_NAME, "tls.client.server_name") \
	X(TLS_CLIENT_HASH_SHA256, "tls.client.hash.sha256") \
	X(TLS_SERVER_ISSUER,	"tls.server.issuer") \
	X(TLS_SERVER_JA3S,	"tls.server.ja3s") \
	X(RULE_ID,		"rule.id") \
	X(RULE_UUID,		"rule.uuid") \
	X(RULE_NAME,		"rule.name") \
	X(RULE_RULESET,		"rule.ruleset") \
	X(RULE_CATEGORY,	"rule.category") \
	X(RULE_DESCRIPTION,	"rule.description") \
	X(RULE_REFERENCE,	"rule.reference") \
	X(RULE_AUTHOR,		"rule.author") \
	X(RULE_VERSION,		"rule.version") \
	X(THREAT_FRAMEWORK,	"threat.framework") \
	X(THREAT_TACTIC_NAME,	"threat.tactic.name") \
	X(THREAT_TECHNIQUE_ID,	"threat.technique.id") \
	X(THREAT_INDICATOR_TYPE, "threat.indicator.type") \
	X(THREAT_ENRICHMENTS,	"threat.enrichments") \
	X(VULNERABILITY_ID,	"vulnerability.id") \
	X(VULNERABILITY_DESCRIPTION, "vulnerability.description") \
	X(VULNERABILITY_SEVERITY, "vulnerability.severity") \
	X(VULNERABILITY_SCANNER_VENDOR, "vulnerability.scanner.vendor") \
	X(ORGANIZATION_ID,	"organization.id") \
	X(SERVICE_NAME,		"service.name") \
	X(OBSERVER_VENDOR,	"observer.vendor") \
	X(OBSERVER_PRODUCT,	"observer.product") \
	X(OBSERVER_TYPE,	"observer.type") \
	X(OBSERVER_IP,		"observer.ip") \
	X(OBSERVER_HOSTNAME,	"observer.hostname") \
	X(OBSERVER_GEO_NAME,	"observer.geo.name") \
	X(OBSERVER_GEO_CITY,	"observer.geo.city_name") \
	X(OBSERVER_GEO_COUNTRY_ISO, "observer.geo.country_iso_code") \
	X(CFECS_MATCH,		"cfecs.match") \
	X(CLOUDFLARE,		"cloudflare") \
	X(RELATED_IP,		"related.ip") \
	X(RELATED_HOSTS,	"related.hosts") \
	X(RELATED_USER,		"related.user") \
	X(RELATED_HASH,		"related.hash")

#define X_ENUM(name, path) SLOT_##name,
enum slot { ECS_SLOTS(X_ENUM) SLOT_COUNT };
#undef X_ENUM

struct mapctx;
struct fmap;

/* A converter reads one Logpush value and fills the row's slot(s). */
typedef void convert_fn(struct mapctx *, const struct fmap *, const struct jval *);

/* One table row: Logpush field -> ECS slot through a converter.  Rows
 * run in table order and never overwrite a filled slot, so the first
 * row for a slot has priority (new Security* names before legacy WAF*). */
struct fmap {
	const char	*field;
	enum slot	 slot;
	convert_fn	*conv;
};

/* A constant ECS value of a dataset (network.protocol "dns", ...). */
struct konst {
	enum slot	 slot;
	const char	*value;
};

/* A whole dataset: the data that drives detection and mapping. */
struct dataset {
	const char		*name;		/* Logpush dataset name */
	const char		*scope;		/* "zone" or "account" */
	const char *const	*fields;	/* every documented field */
	const char		*time_field;	/* -> @timestamp */
	const char		*start_field;	/* -> event.start, or NULL */
	const char		*end_field;	/* -> event.end, or NULL */
	const char *const	*category;	/* event.category */
	const char *const	*type;		/* event.type; an action row (conv_action)
						   adds allowed/denied/info to it; with
						   neither, event.type is ["info"] */
	const char		*observer_type;
	const char		*observer_product;
	int			 priority;	/* wins ties in detection */
	const struct fmap	*map;		/* ends with a NULL field */
	const struct konst	*constants;	/* ends with a NULL value */
};

extern const struct dataset *const datasets[];	/* NULL-terminated */

/* Outcome of one record. */
enum map_result {
	MAP_OK,			/* converted, dataset known */
	MAP_UNKNOWN,		/* converted generically, dataset unknown */
	MAP_BAD_JSON,		/* not converted: not valid JSON */
	MAP_NOT_OBJECT		/* not converted: JSON, but not an object */
};

struct map_stage;

struct map_options {
	const struct map_stage	*const *stages;	/* after mapping, in order;
						   NULL-terminated, or NULL */
	const struct dataset	*force;		/* -d, or NULL to detect */
	enum time_format	 time_format;	/* --time-format */
	int			 time_digits;	/* 0, 3, 6 or 9 */
	int			 keep_empty;	/* --keep-empty */
	int			 original;	/* --original */
	const char		*ecs_version;	/* --ecs-version or NULL */
	const char *const	*fields;	/* -f patterns, NULL = all */
	const char *const	*exclude;	/* --exclude patterns */
	int			 passthrough;	/* cloudflare.* wanted at all */
	int			 want_info;	/* fill map_info (--bulk) */
	const char		*id_field;	/* map_info.id: "event.id" or a
						   Logpush field name; NULL: the
						   record's fingerprint; "none" */
};

/* Facts about the last converted record, for a bulk action line. */
struct map_info {
	int		 alert;		/* a stage called map_alert() */
	int		 has_time;
	int64_t		 time;		/* @timestamp, ns */
	size_t		 idlen;		/* 0: no id */
	char		 id[256];
	int		 id_absent;	/* id_field absent: the fingerprint */
	int		 bad_time;	/* error.type invalid_time or
					   missing_time (always filled) */
	char		 time_msg[160];	/* ... its error.message */
	int		 incomplete;	/* a stage could not evaluate all
					   its rules (map_incomplete) */
	char		 note[200];	/* ... why, for a message */
};

struct mapctx;

int		 map_init(const struct map_options *);
/* Could a -f / --exclude pattern select any field cfecs writes? */
int		 map_pattern_possible(const char *);
struct mapctx	*map_new(void);
void		 map_free(struct mapctx *);
enum map_result	 map_record(struct mapctx *, const char *, size_t,
		    const struct dataset *, struct wbuf *, const char **);
const struct dataset *map_dataset_by_name(const char *);
const struct dataset *map_last_dataset(const struct mapctx *);
const struct map_info *map_last_info(const struct mapctx *);
/* 16 bytes of a digest as the 22 characters of a bulk _id (base64url,
 * NUL-terminated); returns 22. */
size_t		 map_fingerprint_text(const unsigned char *, char *);
/*
 * Where the next record comes from: log.file.path (path NULL: none, as
 * for standard input) and log.offset, the byte offset of its line in the
 * decompressed stream.  path must last until map_record returns; the
 * origin holds for that one record.
 */
void		 map_set_origin(struct mapctx *, const char *path, size_t,
		    uint64_t offset);

/*
 * Stages after mapping (enrich.c, detect.c): each reads the slots the
 * table filled and the record's own values, and fills more slots before
 * the event is written.  Set up once, before the workers start, then
 * shared read-only; a stage's per-thread state (caches) is made by
 * worker_new for each converter (map_new) and lives as long as it.
 */
struct map_stage {
	void	 *shared;
	void	*(*worker_new)(void *shared);		/* may be NULL */
	void	 (*worker_free)(void *worker);		/* may be NULL */
	void	 (*run)(struct mapctx *, void *shared, void *worker);
};

/* Reading the record being converted (valid during run only). */
const struct dataset *map_record_dataset(const struct mapctx *);
int		 map_is_set(const struct mapctx *, enum slot);
/* A string slot's text; 0 when the slot is unset or not a string. */
int		 map_get_str(const struct mapctx *, enum slot, const char **,
		    size_t *);
/* An integer slot; 0 when unset or not an integer. */
int		 map_get_int(const struct mapctx *, enum slot, int64_t *);
/* The n-th string of a list slot (related.ip ...); 0 past the end. */
int		 map_get_list(const struct mapctx *, enum slot, size_t,
		    const char **, size_t *);
/*
 * A Logpush field by id (map_field_id, at set-up: any top-level key name,
 * known to a dataset or not) -> the record's value, or NULL when absent.
 * Numbers keep their exact text: map_value_text.
 */
int		 map_field_id(const char *name);
const struct jval *map_field(const struct mapctx *, int id);
/* A value's text: strings as they are, numbers as written, true/false. */
int		 map_value_text(const struct jval *, const char **, size_t *);
/* The record's top-level members in input order (duplicates: the last). */
size_t		 map_nmembers(const struct mapctx *);
const struct jval *map_member(const struct mapctx *, size_t);

/* Filling slots.  Memory from map_alloc lives until the event is written. */
void		*map_alloc(struct mapctx *, size_t);
/* Fill an unset slot (a set one keeps its value, as table rows do). */
void		 map_put_str(struct mapctx *, enum slot, const char *, size_t);
void		 map_put_int(struct mapctx *, enum slot, int64_t);
/* JSON text written as it is (an object, an array, a number). */
void		 map_put_json(struct mapctx *, enum slot, const char *, size_t);
void		 map_add_list(struct mapctx *, enum slot, const char *, size_t);
void		 map_clear(struct mapctx *, enum slot);
/* The event is an alert: event.kind "alert", map_info.alert set. */
void		 map_alert(struct mapctx *);
/* Detection could not evaluate everything: map_info.incomplete and
 * note (the first NOTE of the record). */
void		 map_incomplete(struct mapctx *, const char *note);

/* Converters usable in tables (convert.c). */
convert_fn conv_str, conv_continent, conv_lower, conv_long, conv_num, conv_bool, conv_ip,
    conv_address, conv_time, conv_time_ms, conv_host, conv_dns_name,
    conv_country_iso, conv_country_name, conv_http_version, conv_net_protocol,
    conv_tls_version, conv_tls_protocol, conv_tls_cipher, conv_action,
    conv_url_path, conv_url_query, conv_strs, conv_ips, conv_hash,
    conv_user, conv_dns_type, conv_dns_rcode, conv_region, conv_ruleset,
    conv_lower_transport, conv_outcome_bool, conv_url, conv_port,
    conv_attachments,
    conv_long_pos, conv_known, conv_time_ns, conv_duration_ms, conv_hostpart,
    conv_hostport_ip, conv_hostport_address, conv_hostport_port,
    conv_transport, conv_verdict, conv_type_verb, conv_type_change,
    conv_outcome_word;
convert_fn conv_os, conv_tcp_bool,
    conv_severity_word, conv_geo_location, conv_state_iso;

#endif
