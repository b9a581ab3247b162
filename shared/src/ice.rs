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
