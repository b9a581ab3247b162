//! The protoo envelope: requests, responses and notifications as JSON text frames.
//!
//! ```text
//! request      {"request":true,"id":N,"method":"…","data":{…}}
//! success      {"response":true,"id":N,"ok":true,"data":{…}}
//! error        {"response":true,"id":N,"ok":false,"errorCode":N,"errorReason":"…"}
//! notification {"notification":true,"method":"…","data":{…}}
//! ```
//! Typed method payloads live in [`crate::messages`]; this module only moves
//! `data` around as JSON values.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The WebSocket subprotocol every protoo peer must negotiate.
pub const SUBPROTOCOL: &str = "protoo";
/// Largest text frame protoo accepts.
pub const MAX_FRAME_BYTES: usize = 960_000;
/// Close code telling the reference client not to reconnect.
pub const CLOSE_NO_RECONNECT: u16 = 4000;

/// Request id: a JSON number (the reference draws a random integer < 10^7).
pub type RequestId = u64;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Request(Request),
    Response(Response),
    Notification(Notification),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: RequestId,
    pub method: String,
    pub data: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub id: RequestId,
    pub result: Result<Value, ErrorResponse>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason} (code {code})")]
pub struct ErrorResponse {
    pub code: u16,
    pub reason: String,
}

impl ErrorResponse {
    pub fn new(code: u16, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub method: String,
    pub data: Value,
}

/// Why a frame is not a protoo message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error(
        "not a protoo message: expected one of `request`, `response` or `notification` set to true"
    )]
    UnknownKind,
    #[error("request without a numeric `id`")]
    MissingId,
    #[error("message without a string `method`")]
    MissingMethod,
}

/// Wire shape shared by all three kinds; only used for (de)serialization.
#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    request: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    response: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    notification: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ok: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error_code: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    data: Option<Value>,
}

fn numeric_id(id: Option<Value>) -> Option<RequestId> {
    match id? {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        _ => None,
    }
}

fn data_or_empty(data: Option<Value>) -> Value {
    match data {
        None | Some(Value::Null) => Value::Object(Default::default()),
        Some(v) => v,
    }
}

impl Message {
    pub fn parse(text: &str) -> Result<Message, EnvelopeError> {
        let wire: Wire =
            serde_json::from_str(text).map_err(|e| EnvelopeError::Json(e.to_string()))?;
        if wire.request == Some(true) {
            let id = numeric_id(wire.id).ok_or(EnvelopeError::MissingId)?;
            let method = wire.method.ok_or(EnvelopeError::MissingMethod)?;
            Ok(Message::Request(Request {
                id,
                method,
                data: data_or_empty(wire.data),
            }))
        } else if wire.response == Some(true) {
            let id = numeric_id(wire.id).ok_or(EnvelopeError::MissingId)?;
            // The reference server omits `ok` on errors: only `ok: true` is success.
            let result = if wire.ok == Some(true) {
                Ok(data_or_empty(wire.data))
            } else {
                Err(ErrorResponse {
                    code: wire.error_code.unwrap_or(500),
                    reason: wire.error_reason.unwrap_or_default(),
                })
            };
            Ok(Message::Response(Response { id, result }))
        } else if wire.notification == Some(true) {
            let method = wire.method.ok_or(EnvelopeError::MissingMethod)?;
            Ok(Message::Notification(Notification {
                method,
                data: data_or_empty(wire.data),
            }))
        } else {
            Err(EnvelopeError::UnknownKind)
        }
    }

    pub fn to_json(&self) -> String {
        let wire = match self {
            Message::Request(r) => Wire {
                request: Some(true),
                id: Some(r.id.into()),
                method: Some(r.method.clone()),
                data: Some(r.data.clone()),
                ..Wire::default()
            },
            Message::Response(r) => match &r.result {
                Ok(data) => Wire {
                    response: Some(true),
                    id: Some(r.id.into()),
                    ok: Some(true),
                    data: Some(data.clone()),
                    ..Wire::default()
                },
                Err(e) => Wire {
                    response: Some(true),
                    id: Some(r.id.into()),
                    ok: Some(false),
                    error_code: Some(e.code),
                    error_reason: Some(e.reason.clone()),
                    ..Wire::default()
                },
            },
            Message::Notification(n) => Wire {
                notification: Some(true),
                method: Some(n.method.clone()),
                data: Some(n.data.clone()),
                ..Wire::default()
            },
        };
        // A `Wire` holds only strings, numbers, booleans and JSON values: it always serializes.
        serde_json::to_string(&wire).unwrap_or_default()
    }
}

impl Response {
    pub fn ok(id: RequestId, data: Value) -> Self {
        Self {
            id,
            result: Ok(data),
        }
    }

    pub fn error(id: RequestId, error: ErrorResponse) -> Self {
        Self {
            id,
            result: Err(error),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn numbers_survive_a_round_trip() {
        // Found by the protoo fuzz target: without serde_json's exact float
        // parsing, 1.8888888888888865e39 came back as ...68e39.
        let text = r#"{"request":true,"id":5,"method":"produce","data":{"appData":{"x":1.8888888888888865e+39}}}"#;
        let once = Message::parse(text).unwrap().to_json();
        let twice = Message::parse(&once).unwrap().to_json();
        assert_eq!(once, twice);
        assert!(
            once.contains("1.8888888888888865e39") || once.contains("1.8888888888888865e+39"),
            "{once}"
        );
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn parses_the_four_shapes() {
        let req = Message::parse(
            r#"{"request":true,"id":4321,"method":"getRouterRtpCapabilities","data":{}}"#,
        )
        .unwrap();
        assert_eq!(
            req,
            Message::Request(Request {
                id: 4321,
                method: "getRouterRtpCapabilities".into(),
                data: json!({})
            })
        );
        let ok = Message::parse(r#"{"response":true,"id":7,"ok":true,"data":{"id":"x"}}"#).unwrap();
        assert_eq!(ok, Message::Response(Response::ok(7, json!({"id":"x"}))));
        let err = Message::parse(
            r#"{"response":true,"id":7,"errorCode":500,"errorReason":"Peer not yet joined"}"#,
        )
        .unwrap();
        assert_eq!(
            err,
            Message::Response(Response::error(
                7,
                ErrorResponse::new(500, "Peer not yet joined")
            ))
        );
        let n = Message::parse(
            r#"{"notification":true,"method":"mediasoup-version","data":{"version":"3.9.0"}}"#,
        )
        .unwrap();
        assert_eq!(
            n,
            Message::Notification(Notification {
                method: "mediasoup-version".into(),
                data: json!({"version":"3.9.0"})
            })
        );
    }

    #[test]
    fn missing_data_defaults_to_empty_object() {
        let Message::Request(r) =
            Message::parse(r#"{"request":true,"id":1,"method":"join"}"#).unwrap()
        else {
            panic!("not a request")
        };
        assert_eq!(r.data, json!({}));
    }

    #[test]
    fn rejects_non_protoo_frames() {
        assert!(matches!(
            Message::parse("{nope"),
            Err(EnvelopeError::Json(_))
        ));
        assert_eq!(
            Message::parse(r#"{"foo":1}"#),
            Err(EnvelopeError::UnknownKind)
        );
        assert_eq!(
            Message::parse(r#"{"request":true,"id":"abc","method":"join"}"#),
            Err(EnvelopeError::MissingId)
        );
        assert_eq!(
            Message::parse(r#"{"request":true,"id":3}"#),
            Err(EnvelopeError::MissingMethod)
        );
    }

    #[test]
    fn serializes_exactly_like_protoo() {
        let err = Message::Response(Response::error(9, ErrorResponse::new(403, "nope")));
        let v: Value = serde_json::from_str(&err.to_json()).unwrap();
        assert_eq!(
            v,
            json!({"response":true,"id":9,"ok":false,"errorCode":403,"errorReason":"nope"})
        );
        let n = Message::Notification(Notification {
            method: "peerClosed".into(),
            data: json!({"peerId":"p"}),
        });
        let v: Value = serde_json::from_str(&n.to_json()).unwrap();
        assert_eq!(
            v,
            json!({"notification":true,"method":"peerClosed","data":{"peerId":"p"}})
        );
    }
}
