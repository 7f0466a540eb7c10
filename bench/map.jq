# map.jq: Cloudflare Logpush http_requests record -> ECS document, in jq.
#
# A baseline for the cfecs benchmark (bench/run.sh): the mapping cfecs does
# for http_requests (see OUTPUT in cfecs(1)), written the way a user would
# write it in jq.  Run as
#
#	jq -c -f bench/map.jq FILE.ndjson
#
# Works with jq 1.6.  jq keeps every number as a double, so nanosecond
# timestamps (about 1.7e18, beyond 2^53) lose their last digits: the
# fractions of @timestamp/event.start/event.end, event.duration and the
# passthrough copies under cloudflare.* are only approximately right.
# That imprecision is one of the things the comparison shows.

# "" and null both mean "absent".
def nz: if . == "" then null else . end;

# A valid IP address (IPv4-mapped IPv6 unwrapped), or null.
def v4re: "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$";
def v6re: "^(([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(([0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4})?::(([0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4})?)$";
def ip:
  if type != "string" or . == "" then null
  elif test(v4re) then .
  elif test("^::[Ff]{4}:") and (.[7:] | test(v4re)) then .[7:]
  elif test(v6re) then .
  else null end;

# A Logpush time (unixnano, unix, ms, digit string, RFC 3339 with any
# fraction and Z or offset) -> [seconds, nanoseconds], or null.
def tparts:
  if type == "number" then
    if . >= 1e17 then [(. / 1e9 | floor), (. % 1000000000)]
    elif . >= 1e11 then [(. / 1e3 | floor), ((. % 1000) * 1000000)]
    elif . > 0 then [floor, 0]
    else null end
  elif type == "string" then
    if test("^[0-9]+$") then tonumber | tparts
    else
      (capture("^(?<d>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ](?<t>[0-9]{2}:[0-9]{2}:[0-9]{2})(\\.(?<f>[0-9]{1,9}))?(?<z>[Zz]|[+-][0-9]{2}:?[0-9]{2})$") // null)
      | if . == null then null
        else
          ((.d + "T" + .t + "Z") | fromdateiso8601) as $s
          | (if .z == "Z" or .z == "z" then 0
             else (.z | gsub(":"; "")) as $o
               | ($o[1:3] | tonumber) * 3600 + ($o[3:5] | tonumber) * 60
               | if $o[0:1] == "-" then -. else . end
             end) as $off
          | [$s - $off, ((.f // "") + "000000000")[0:9] | tonumber]
        end
      | if . != null and .[0] <= 0 then null else . end
    end
  else null end;

# [seconds, nanoseconds] -> "YYYY-MM-DDTHH:MM:SS.ffffffZ" (truncated).
def rfc3339us:
  (.[0] | todate | .[0:19]) + "."
  + ("000000" + ((.[1] / 1000) | floor | tostring))[-6:] + "Z";

# "TLSv1.3" -> "1.3"; "none"/"unknown" -> null.
def tlsver:
  if type == "string" and test("^(TLS|SSL)v?[0-9]") then sub("^(TLS|SSL)v?"; "")
  else null end;
def tlsproto:
  if type == "string" and test("^(TLS|SSL)v?[0-9]") then .[0:3] | ascii_downcase
  else null end;
def notnone:
  if type == "string" and (ascii_downcase | . == "" or . == "none" or . == "unknown" or . == "unk") then null
  else . end;

# Actions and what they mean for event.outcome.
def outcome:
  ascii_downcase | gsub("[_ -]"; "") as $a
  | if ["allow", "allowed", "bypass", "challengesolved", "jschallengesolved",
        "managedchallengeinteractivesolved",
        "managedchallengenoninteractivesolved", "skip"] | index([$a]) then "success"
    elif ["block", "blocked", "drop", "challenge", "jschallenge",
          "managedchallenge", "challengefailed", "jschallengefailed",
          "connectionclose", "forceconnectionclose"] | index([$a]) then "failure"
    else "unknown" end;

# Drop nulls and empty objects, recursively (arrays are kept as they are).
# (reduce over keys is much faster than to_entries/from_entries in jq 1.6.)
def prune:
  if type == "object" then
    . as $o
    | reduce keys_unsorted[] as $k ({};
        ($o[$k] | prune) as $v
        | if $v == null or $v == {} then . else .[$k] = $v end)
  else . end;

# Distinct non-null values, first-seen order.
def uniq: reduce .[] as $x ([]; if $x == null or any(.[]; . == $x) then . else . + [$x] end)
  | if length == 0 then null else . end;

# The record without "" and null; integers beyond 2^53 become strings
# (jq cannot give their exact digits).
def passthrough:
  . as $r
  | reduce keys_unsorted[] as $k ({};
      $r[$k] as $v
      | if $v == null or $v == "" then .
        elif ($v | type) == "number" and ($v | fabs) >= 9007199254740992
        then .[$k] = ($v | tostring)
        else .[$k] = $v end);

# ISO 3166-1 alpha-2 -> English short name.
def cnames: {
  "AD":"Andorra", "AE":"United Arab Emirates", "AF":"Afghanistan",
  "AG":"Antigua and Barbuda", "AI":"Anguilla", "AL":"Albania", "AM":"Armenia",
  "AO":"Angola", "AQ":"Antarctica", "AR":"Argentina", "AS":"American Samoa",
  "AT":"Austria", "AU":"Australia", "AW":"Aruba", "AX":"Åland Islands",
  "AZ":"Azerbaijan", "BA":"Bosnia and Herzegovina", "BB":"Barbados",
  "BD":"Bangladesh", "BE":"Belgium", "BF":"Burkina Faso", "BG":"Bulgaria",
  "BH":"Bahrain", "BI":"Burundi", "BJ":"Benin", "BL":"Saint Barthélemy",
  "BM":"Bermuda", "BN":"Brunei Darussalam",
  "BO":"Bolivia, Plurinational State of",
  "BQ":"Bonaire, Sint Eustatius and Saba", "BR":"Brazil", "BS":"Bahamas",
  "BT":"Bhutan", "BV":"Bouvet Island", "BW":"Botswana", "BY":"Belarus",
  "BZ":"Belize", "CA":"Canada", "CC":"Cocos (Keeling) Islands",
  "CD":"Congo, The Democratic Republic of the",
  "CF":"Central African Republic", "CG":"Congo", "CH":"Switzerland",
  "CI":"Côte d'Ivoire", "CK":"Cook Islands", "CL":"Chile", "CM":"Cameroon",
  "CN":"China", "CO":"Colombia", "CR":"Costa Rica", "CU":"Cuba",
  "CV":"Cabo Verde", "CW":"Curaçao", "CX":"Christmas Island", "CY":"Cyprus",
  "CZ":"Czechia", "DE":"Germany", "DJ":"Djibouti", "DK":"Denmark",
  "DM":"Dominica", "DO":"Dominican Republic", "DZ":"Algeria", "EC":"Ecuador",
  "EE":"Estonia", "EG":"Egypt", "EH":"Western Sahara", "ER":"Eritrea",
  "ES":"Spain", "ET":"Ethiopia", "FI":"Finland", "FJ":"Fiji",
  "FK":"Falkland Islands (Malvinas)", "FM":"Micronesia, Federated States of",
  "FO":"Faroe Islands", "FR":"France", "GA":"Gabon", "GB":"United Kingdom",
  "GD":"Grenada", "GE":"Georgia", "GF":"French Guiana", "GG":"Guernsey",
  "GH":"Ghana", "GI":"Gibraltar", "GL":"Greenland", "GM":"Gambia",
  "GN":"Guinea", "GP":"Guadeloupe", "GQ":"Equatorial Guinea", "GR":"Greece",
  "GS":"South Georgia and the South Sandwich Islands", "GT":"Guatemala",
  "GU":"Guam", "GW":"Guinea-Bissau", "GY":"Guyana", "HK":"Hong Kong",
  "HM":"Heard Island and McDonald Islands", "HN":"Honduras", "HR":"Croatia",
  "HT":"Haiti", "HU":"Hungary", "ID":"Indonesia", "IE":"Ireland",
  "IL":"Israel", "IM":"Isle of Man", "IN":"India",
  "IO":"British Indian Ocean Territory", "IQ":"Iraq",
  "IR":"Iran, Islamic Republic of", "IS":"Iceland", "IT":"Italy",
  "JE":"Jersey", "JM":"Jamaica", "JO":"Jordan", "JP":"Japan", "KE":"Kenya",
  "KG":"Kyrgyzstan", "KH":"Cambodia", "KI":"Kiribati", "KM":"Comoros",
  "KN":"Saint Kitts and Nevis", "KP":"Korea, Democratic People's Republic of",
  "KR":"Korea, Republic of", "KW":"Kuwait", "KY":"Cayman Islands",
  "KZ":"Kazakhstan", "LA":"Lao People's Democratic Republic", "LB":"Lebanon",
  "LC":"Saint Lucia", "LI":"Liechtenstein", "LK":"Sri Lanka", "LR":"Liberia",
  "LS":"Lesotho", "LT":"Lithuania", "LU":"Luxembourg", "LV":"Latvia",
  "LY":"Libya", "MA":"Morocco", "MC":"Monaco", "MD":"Moldova, Republic of",
  "ME":"Montenegro", "MF":"Saint Martin (French part)", "MG":"Madagascar",
  "MH":"Marshall Islands", "MK":"North Macedonia", "ML":"Mali",
  "MM":"Myanmar", "MN":"Mongolia", "MO":"Macao",
  "MP":"Northern Mariana Islands", "MQ":"Martinique", "MR":"Mauritania",
  "MS":"Montserrat", "MT":"Malta", "MU":"Mauritius", "MV":"Maldives",
  "MW":"Malawi", "MX":"Mexico", "MY":"Malaysia", "MZ":"Mozambique",
  "NA":"Namibia", "NC":"New Caledonia", "NE":"Niger", "NF":"Norfolk Island",
  "NG":"Nigeria", "NI":"Nicaragua", "NL":"Netherlands", "NO":"Norway",
  "NP":"Nepal", "NR":"Nauru", "NU":"Niue", "NZ":"New Zealand", "OM":"Oman",
  "PA":"Panama", "PE":"Peru", "PF":"French Polynesia",
  "PG":"Papua New Guinea", "PH":"Philippines", "PK":"Pakistan", "PL":"Poland",
  "PM":"Saint Pierre and Miquelon", "PN":"Pitcairn", "PR":"Puerto Rico",
  "PS":"Palestine, State of", "PT":"Portugal", "PW":"Palau", "PY":"Paraguay",
  "QA":"Qatar", "RE":"Réunion", "RO":"Romania", "RS":"Serbia",
  "RU":"Russian Federation", "RW":"Rwanda", "SA":"Saudi Arabia",
  "SB":"Solomon Islands", "SC":"Seychelles", "SD":"Sudan", "SE":"Sweden",
  "SG":"Singapore", "SH":"Saint Helena, Ascension and Tristan da Cunha",
  "SI":"Slovenia", "SJ":"Svalbard and Jan Mayen", "SK":"Slovakia",
  "SL":"Sierra Leone", "SM":"San Marino", "SN":"Senegal", "SO":"Somalia",
  "SR":"Suriname", "SS":"South Sudan", "ST":"Sao Tome and Principe",
  "SV":"El Salvador", "SX":"Sint Maarten (Dutch part)",
  "SY":"Syrian Arab Republic", "SZ":"Eswatini",
  "TC":"Turks and Caicos Islands", "TD":"Chad",
  "TF":"French Southern Territories", "TG":"Togo", "TH":"Thailand",
  "TJ":"Tajikistan", "TK":"Tokelau", "TL":"Timor-Leste", "TM":"Turkmenistan",
  "TN":"Tunisia", "TO":"Tonga", "TR":"Türkiye", "TT":"Trinidad and Tobago",
  "TV":"Tuvalu", "TW":"Taiwan, Province of China",
  "TZ":"Tanzania, United Republic of", "UA":"Ukraine", "UG":"Uganda",
  "UM":"United States Minor Outlying Islands", "US":"United States",
  "UY":"Uruguay", "UZ":"Uzbekistan", "VA":"Holy See (Vatican City State)",
  "VC":"Saint Vincent and the Grenadines",
  "VE":"Venezuela, Bolivarian Republic of", "VG":"Virgin Islands, British",
  "VI":"Virgin Islands, U.S.", "VN":"Viet Nam", "VU":"Vanuatu",
  "WF":"Wallis and Futuna", "WS":"Samoa", "YE":"Yemen", "YT":"Mayotte",
  "ZA":"South Africa", "ZM":"Zambia", "ZW":"Zimbabwe"
};

. as $r
| ($r.EdgeStartTimestamp | tparts) as $start
| ($r.EdgeEndTimestamp | tparts) as $fin
| ($r.ClientIP | ip) as $sip
| ($r.OriginIP | ip) as $dip
| ($r.EdgeServerIP | ip) as $oip
| ($r.ClientCountry | nz | if type == "string" then ascii_upcase else null end) as $cc
| ($r.ClientRequestURI | nz) as $uri
| ($r.SecurityAction | nz) as $action
| ($r.SecurityRuleID | nz) as $ruleid
| {
    "@timestamp": ($start | if . then rfc3339us else null end),
    event: {
      kind: "event",
      category: ["web"],
      type: ["access"],
      dataset: "http_requests",
      action: $action,
      outcome: ($action | if . then outcome else null end),
      id: ($r.RayID | nz),
      start: ($start | if . then rfc3339us else null end),
      "end": ($fin | if . then rfc3339us else null end),
      duration: (if $start and $fin
                 then ($fin[0] - $start[0]) * 1000000000 + ($fin[1] - $start[1])
                 else null end)
    },
    source: {
      ip: $sip,
      address: ($sip // ($r.ClientIP | nz)),
      port: $r.ClientSrcPort,
      as: { number: ($r.ClientASN | if type == "string" then tonumber? // null else . end) },
      geo: {
        city_name: ($r.ClientCity | nz),
        country_iso_code: $cc,
        country_name: (if $cc then cnames[$cc] else null end),
        region_iso_code: (if $cc and ($r.ClientRegionCode | nz) and ($cc | length) == 2
                          then $cc + "-" + $r.ClientRegionCode else null end)
      }
    },
    destination: {
      address: ($r.ClientRequestHost | nz),
      ip: $dip
    },
    network: {
      protocol: ($r.ClientRequestProtocol | nz
                 | if type == "string" then split("/")[0] | ascii_downcase else null end)
    },
    http: {
      request: {
        id: ($r.RayID | nz),
        method: ($r.ClientRequestMethod | nz),
        bytes: $r.ClientRequestBytes,
        referrer: ($r.ClientRequestReferer | nz)
      },
      response: {
        status_code: $r.EdgeResponseStatus,
        bytes: $r.EdgeResponseBytes,
        body: { bytes: $r.EdgeResponseBodyBytes },
        mime_type: ($r.EdgeResponseContentType | nz)
      },
      version: ($r.ClientRequestProtocol | nz
                | if type == "string" and test("^[Hh][Tt][Tt][Pp]/") then .[5:] else null end)
    },
    url: {
      original: $uri,
      scheme: ($r.ClientRequestScheme | nz | if . then ascii_downcase else null end),
      domain: ($r.ClientRequestHost | nz),
      path: (($r.ClientRequestPath | nz) // ($uri | if . then split("?")[0] else null end)),
      query: ($uri | if . and contains("?") then .[(index("?") + 1):] | nz else null end)
    },
    user_agent: { original: ($r.ClientRequestUserAgent | nz) },
    tls: {
      cipher: ($r.ClientSSLCipher | notnone),
      version: ($r.ClientSSLProtocol | tlsver),
      version_protocol: ($r.ClientSSLProtocol | tlsproto),
      client: {
        ja3: ($r.JA3Hash | nz),
        hash: { sha256: ($r.ClientMTLSAuthCertFingerprint | nz) }
      }
    },
    rule: {
      id: $ruleid,
      ruleset: ($r.SecuritySources
                | if type == "array" and length > 0 then
                    (if length == 1 then .[0]
                     else ($r.SecurityRuleIDs // [] | index([$ruleid])) as $i
                       | if $i then .[$i] else null end
                     end)
                  else null end | nz),
      description: ($r.SecurityRuleDescription | nz)
    },
    observer: {
      vendor: "Cloudflare",
      type: "proxy",
      ip: $oip,
      geo: { name: ($r.EdgeColoCode | nz) }
    }
  }
| prune
| . + {
    cloudflare: ($r | passthrough),
    related: ({
      ip: ([$sip, $dip, $oip] | uniq),
      hosts: ([($r.ClientRequestHost | nz), ($r.EdgeRequestHost | nz)] | uniq),
      hash: ([($r.JA3Hash | nz), ($r.ClientMTLSAuthCertFingerprint | nz), ($r.JA4 | nz)] | uniq),
      user: ([($r.FraudUserID | nz)] | uniq)
    } | prune)
  }
| if .related == {} then del(.related) else . end
