//! ICE configuration handed to the browser's RTCPeerConnection: the JSON shape
//! of STUNner's auth service `/ice` answer, which `/api/ice` also returns.

use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IceTransportPolicy {
    #[default]
    All,
    Relay,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IceServer {
    /// `turn:HOST:PORT?transport=udp` and friends. Accepts a single string too.
    #[serde(deserialize_with = "one_or_many")]
    pub urls: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IceConfiguration {
    #[serde(default)]
    pub ice_servers: Vec<IceServer>,
    #[serde(default)]
    pub ice_transport_policy: IceTransportPolicy,
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_stunner_auth_service_answer() {
        let v = json!({"iceServers":[{"urls":["turn:1.2.3.4:3478?transport=udp"],
            "username":"1700000000:U","credential":"abc="}],"iceTransportPolicy":"relay"});
        let c: IceConfiguration = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(c.ice_transport_policy, IceTransportPolicy::Relay);
        assert_eq!(c.ice_servers[0].username.as_deref(), Some("1700000000:U"));
        assert_eq!(serde_json::to_value(&c).unwrap(), v);
    }

    #[test]
    fn accepts_a_single_url_string_and_defaults() {
        let c: IceConfiguration =
            serde_json::from_value(json!({"iceServers":[{"urls":"stun:h:3478"}]})).unwrap();
        assert_eq!(c.ice_servers[0].urls, vec!["stun:h:3478".to_string()]);
        assert_eq!(c.ice_transport_policy, IceTransportPolicy::All);
        assert_eq!(
            serde_json::to_value(IceConfiguration::default()).unwrap(),
            json!({"iceServers":[],"iceTransportPolicy":"all"})
        );
    }
}

/// What the page URL says about ICE (the seed demo's parameters).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UrlIceSettings {
    /// Set by `enableIceServer=yes` and its companions: use this, not `/api/ice`.
    pub config: Option<IceConfiguration>,
    /// `iceTransportPolicy=all|relay`: overrides whichever configuration is used.
    pub policy: Option<IceTransportPolicy>,
}

impl UrlIceSettings {
    /// Applies the URL's policy override to a configuration from elsewhere.
    pub fn apply_policy(&self, mut config: IceConfiguration) -> IceConfiguration {
        if let Some(p) = self.policy {
            config.ice_transport_policy = p;
        }
        config
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("URL parameter `{name}`: {why}")]
pub struct IceParamError {
    pub name: &'static str,
    pub why: String,
}

fn param_error(name: &'static str, why: impl Into<String>) -> IceParamError {
    IceParamError {
        name,
        why: why.into(),
    }
}

const SERVER_PARAMS: [&str; 5] = [
    "iceServerHost",
    "iceServerPort",
    "iceServerProto",
    "iceServerUser",
    "iceServerPass",
];

/// Reads `enableIceServer=yes&iceServerHost=..&iceServerPort=..&iceServerProto=udp|tcp&
/// iceServerUser=..&iceServerPass=..` and `iceTransportPolicy=all|relay`.
/// `get` returns a URL parameter's decoded value. Anything wrong is an error
/// naming the parameter: a half-configured TURN server is never ignored.
pub fn from_url_params(
    get: impl Fn(&str) -> Option<String>,
) -> Result<UrlIceSettings, IceParamError> {
    let policy = match get("iceTransportPolicy").as_deref() {
        None => None,
        Some("all") => Some(IceTransportPolicy::All),
        Some("relay") => Some(IceTransportPolicy::Relay),
        Some(other) => {
            return Err(param_error(
                "iceTransportPolicy",
                format!("must be `all` or `relay`, not {other:?}"),
            ))
        }
    };
    let enabled = match get("enableIceServer").as_deref() {
        None | Some("no") | Some("false") => false,
        Some("yes") | Some("true") => true,
        Some(other) => {
            return Err(param_error(
                "enableIceServer",
                format!("must be `yes` or `no`, not {other:?}"),
            ))
        }
    };
    if !enabled {
        if let Some(name) = SERVER_PARAMS.iter().find(|n| get(n).is_some()) {
            return Err(param_error(
                "enableIceServer",
                format!("`{name}` is given but `enableIceServer=yes` is missing"),
            ));
        }
        return Ok(UrlIceSettings {
            config: None,
            policy,
        });
    }
    let required = |name: &'static str| {
        get(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| param_error(name, "is required with `enableIceServer=yes`"))
    };
    let host = required("iceServerHost")?;
    if host
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '/' | '?' | '#' | '@'))
    {
        return Err(param_error(
            "iceServerHost",
            format!("{host:?} is not a host name or IP address"),
        ));
    }
    let port_text = required("iceServerPort")?;
    let port = match port_text.parse::<u16>() {
        Ok(p) if p > 0 => p,
        _ => {
            return Err(param_error(
                "iceServerPort",
                format!("{port_text:?} is not a port number (1-65535)"),
            ))
        }
    };
    let proto = required("iceServerProto")?;
    if proto != "udp" && proto != "tcp" {
        return Err(param_error(
            "iceServerProto",
            format!("must be `udp` or `tcp`, not {proto:?}"),
        ));
    }
    let username = required("iceServerUser")?;
    let credential = required("iceServerPass")?;
    // A bare IPv6 address needs brackets inside a URI.
    let host = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host
    };
    Ok(UrlIceSettings {
        config: Some(IceConfiguration {
            ice_servers: vec![IceServer {
                urls: vec![format!("turn:{host}:{port}?transport={proto}")],
                username: Some(username),
                credential: Some(credential),
            }],
            ice_transport_policy: policy.unwrap_or(IceTransportPolicy::Relay),
        }),
        policy,
    })
}

#[cfg(test)]
mod url_tests {
    use super::*;

    fn parse(query: &[(&str, &str)]) -> Result<UrlIceSettings, IceParamError> {
        from_url_params(|name| {
            query
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    const SEED: [(&str, &str); 6] = [
        ("enableIceServer", "yes"),
        ("iceServerHost", "34.118.18.210"),
        ("iceServerPort", "3478"),
        ("iceServerProto", "udp"),
        ("iceServerUser", "user-1"),
        ("iceServerPass", "pass-1"),
    ];

    #[test]
    fn seed_parameters_give_one_relay_only_turn_server() {
        let s = parse(&SEED).unwrap();
        let c = s.config.unwrap();
        assert_eq!(c.ice_transport_policy, IceTransportPolicy::Relay);
        assert_eq!(
            c.ice_servers,
            vec![IceServer {
                urls: vec!["turn:34.118.18.210:3478?transport=udp".into()],
                username: Some("user-1".into()),
                credential: Some("pass-1".into()),
            }]
        );
    }

    #[test]
    fn policy_parameter_overrides() {
        let mut q = SEED.to_vec();
        q.push(("iceTransportPolicy", "all"));
        let s = parse(&q).unwrap();
        assert_eq!(
            s.config.unwrap().ice_transport_policy,
            IceTransportPolicy::All
        );
        let s = parse(&[("iceTransportPolicy", "relay")]).unwrap();
        assert_eq!(s.config, None);
        let c = s.apply_policy(IceConfiguration::default());
        assert_eq!(c.ice_transport_policy, IceTransportPolicy::Relay);
    }

    #[test]
    fn nothing_given_means_ask_the_server() {
        assert_eq!(parse(&[]).unwrap(), UrlIceSettings::default());
        assert_eq!(
            parse(&[("enableIceServer", "no")]).unwrap(),
            UrlIceSettings::default()
        );
    }

    #[test]
    fn ipv6_hosts_get_brackets() {
        let mut q = SEED.to_vec();
        q[1] = ("iceServerHost", "::1");
        let c = parse(&q).unwrap().config.unwrap();
        assert_eq!(c.ice_servers[0].urls[0], "turn:[::1]:3478?transport=udp");
    }

    #[test]
    fn every_wrong_value_names_its_parameter() {
        let cases: [(&str, Option<&str>); 11] = [
            ("iceServerPort", Some("abc")),
            ("iceServerPort", Some("70000")),
            ("iceServerPort", Some("0")),
            ("iceServerProto", Some("sctp")),
            ("iceServerHost", Some("a b")),
            ("iceServerHost", None),
            ("iceServerPort", None),
            ("iceServerProto", None),
            ("iceServerUser", None),
            ("iceServerPass", None),
            ("iceServerPass", Some("")),
        ];
        for (name, value) in cases {
            let mut q: Vec<(&str, &str)> =
                SEED.iter().copied().filter(|(k, _)| *k != name).collect();
            if let Some(v) = value {
                q.push((name, v));
            }
            let e = parse(&q).unwrap_err();
            assert_eq!(e.name, name, "{name}={value:?}: {e}");
            assert!(e.to_string().contains(name));
        }
        let e = parse(&[("enableIceServer", "maybe")]).unwrap_err();
        assert_eq!(e.name, "enableIceServer");
        let e = parse(&[("iceServerHost", "h")]).unwrap_err();
        assert_eq!(e.name, "enableIceServer");
        let e = parse(&[("iceTransportPolicy", "none")]).unwrap_err();
        assert_eq!(e.name, "iceTransportPolicy");
    }
}
