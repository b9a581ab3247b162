//! Request and response bodies of the Broadcaster REST API (mediasoup-demo v3's
//! HTTP ingest for encoders such as ffmpeg or GStreamer):
//!
//! | route | body | answer |
//! |---|---|---|
//! | `GET /rooms/:roomId` | – | router [`RtpCapabilities`] |
//! | `POST /rooms/:roomId/broadcasters` | [`CreateBroadcasterRequest`] | [`CreateBroadcasterResponse`] |
//! | `DELETE /rooms/:roomId/broadcasters/:id` | – | 200 |
//! | `POST …/broadcasters/:id/transports` | [`CreateTransportRequest`] | [`PlainTransportInfo`] or [`TransportInfo`](crate::messages::TransportInfo) |
//! | `POST …/transports/:tid/connect` | [`ConnectTransportRequest`] | `{}` |
//! | `POST …/transports/:tid/producers` | [`CreateProducerRequest`] | [`ProduceResponse`](crate::messages::ProduceResponse) |
//! | `POST …/transports/:tid/consume?producerId=…` | – | [`ConsumeResponse`] |
//! | `POST …/transports/:tid/produce/data` | [`ProduceDataRequest`] | [`ProduceResponse`](crate::messages::ProduceResponse) |
//! | `POST …/transports/:tid/consume/data` | [`ConsumeDataRequest`] | [`ConsumeDataResponse`] |

use crate::ids::{ConsumerId, DataConsumerId, DataProducerId, PeerId, ProducerId, TransportId};
use serde::{Deserialize, Serialize};

use crate::media::{
    ConsumerType, DtlsParameters, MediaKind, RtpCapabilities, RtpParameters, SctpCapabilities,
    SctpStreamParameters,
};
use crate::messages::{AppData, DeviceInfo};

/// Why a request body was refused; the reason names the place in the body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("missing body: expected a JSON object")]
    Missing,
    /// `at` is `body` or `body.<path>` (e.g. `body.rtpParameters.codecs[0]`).
    #[error("invalid {at}: {reason}")]
    Invalid { at: String, reason: String },
}

/// Decodes a JSON request body of the Broadcaster API.
pub fn decode_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(BodyError::Missing);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        // The root prints as "."; a key that is empty or not text prints as
        // nothing useful: name the body then.
        let at = if path == "." || path.is_empty() || path.chars().any(char::is_control) {
            "body".to_owned()
        } else {
            format!("body.{path}")
        };
        BodyError::Invalid {
            at,
            reason: e.into_inner().to_string(),
        }
    })?;
    // Trailing bytes after the object are an error too.
    de.end().map_err(|e| BodyError::Invalid {
        at: "body".into(),
        reason: e.to_string(),
    })?;
    Ok(value)
}

/// The `device` of a broadcaster as it sends it (`name` is required).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BroadcasterDevice {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl BroadcasterDevice {
    /// What the room's peers see: flag `broadcaster`, as the reference server sets it.
    pub fn to_device_info(&self) -> DeviceInfo {
        DeviceInfo {
            flag: Some("broadcaster".into()),
            name: self.name.clone(),
            version: self.version.clone(),
        }
    }
}

/// `POST /rooms/:roomId/broadcasters`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateBroadcasterRequest {
    pub id: String,
    pub display_name: String,
    pub device: BroadcasterDevice,
    /// Needed only to consume; with it, the answer lists the room's producers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtp_capabilities: Option<RtpCapabilities>,
}

impl CreateBroadcasterRequest {
    /// The checks the reference server makes beyond the types: non-empty strings.
    /// Returns the offending field.
    pub fn empty_field(&self) -> Option<&'static str> {
        if self.id.trim().is_empty() {
            Some("id")
        } else if self.display_name.trim().is_empty() {
            Some("displayName")
        } else if self.device.name.trim().is_empty() {
            Some("device.name")
        } else {
            None
        }
    }
}

/// A producer of a peer, as listed to a new broadcaster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerSummary {
    pub id: ProducerId,
    pub kind: MediaKind,
}

/// A peer of the room, as listed to a new broadcaster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BroadcasterPeerInfo {
    pub id: PeerId,
    pub display_name: String,
    pub device: DeviceInfo,
    /// The producers the broadcaster can consume with its RTP capabilities.
    pub producers: Vec<ProducerSummary>,
}

/// Answer to `POST /rooms/:roomId/broadcasters`: the joined peers and their
/// producers, filled only when the broadcaster sent `rtpCapabilities`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreateBroadcasterResponse {
    pub peers: Vec<BroadcasterPeerInfo>,
}

/// `type` of a broadcaster transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransportType {
    /// Plain RTP over UDP (ffmpeg, GStreamer).
    Plain,
    /// A WebRTC transport (ICE + DTLS), as browsers use.
    #[serde(rename = "webrtc")]
    WebRtc,
}

fn default_true() -> bool {
    true
}

/// `POST …/broadcasters/:id/transports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTransportRequest {
    #[serde(rename = "type")]
    pub transport_type: TransportType,
    /// Plain only: RTP and RTCP on one port. Default false.
    #[serde(default)]
    pub rtcp_mux: bool,
    /// Plain only: learn the remote address from the first packet. Default true.
    #[serde(default = "default_true")]
    pub comedia: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sctp_capabilities: Option<SctpCapabilities>,
}

/// Answer for a plain transport: where to send RTP (and RTCP, unless muxed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlainTransportInfo {
    pub id: TransportId,
    pub ip: String,
    pub port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtcp_port: Option<u16>,
}

/// `POST …/transports/:tid/connect` (WebRTC transports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectTransportRequest {
    pub dtls_parameters: DtlsParameters,
}

/// `POST …/transports/:tid/producers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateProducerRequest {
    pub kind: MediaKind,
    pub rtp_parameters: RtpParameters,
    #[serde(default)]
    pub app_data: AppData,
}

/// Answer to `POST …/transports/:tid/consume?producerId=…`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumeResponse {
    pub id: ConsumerId,
    pub producer_id: ProducerId,
    pub kind: MediaKind,
    pub rtp_parameters: RtpParameters,
    #[serde(rename = "type")]
    pub consumer_type: ConsumerType,
}

/// `POST …/transports/:tid/produce/data` (a transport with SCTP).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProduceDataRequest {
    pub sctp_stream_parameters: SctpStreamParameters,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub protocol: String,
    #[serde(default)]
    pub app_data: AppData,
}

/// `POST …/transports/:tid/consume/data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumeDataRequest {
    pub data_producer_id: DataProducerId,
}

/// Answer to `POST …/transports/:tid/consume/data` (the reference's shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumeDataResponse {
    pub id: DataConsumerId,
    pub stream_id: u16,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ffmpeg_script_bodies_decode() {
        // What broadcasters/ffmpeg.sh of mediasoup-demo sends.
        let b: CreateBroadcasterRequest = serde_json::from_value(json!({
            "id": "abc", "displayName": "Broadcaster", "device": {"name": "FFmpeg"}
        }))
        .unwrap();
        assert_eq!(b.empty_field(), None);
        assert_eq!(
            b.device.to_device_info().flag.as_deref(),
            Some("broadcaster")
        );
        let t: CreateTransportRequest =
            serde_json::from_value(json!({"type": "plain", "comedia": true, "rtcpMux": false}))
                .unwrap();
        assert_eq!(t.transport_type, TransportType::Plain);
        assert!(t.comedia && !t.rtcp_mux);
        let t: CreateTransportRequest = serde_json::from_value(json!({"type": "webrtc"})).unwrap();
        assert_eq!(t.transport_type, TransportType::WebRtc);
        assert!(t.comedia, "comedia defaults to true");
        let p: CreateProducerRequest = serde_json::from_value(json!({
            "kind": "audio",
            "rtpParameters": {"codecs": [{"mimeType": "audio/opus", "payloadType": 100,
                "clockRate": 48000, "channels": 2, "parameters": {"sprop-stereo": 1}}],
                "encodings": [{"ssrc": 1111}]}
        }))
        .unwrap();
        assert_eq!(p.kind, MediaKind::Audio);
        assert_eq!(p.rtp_parameters.encodings[0].ssrc, Some(1111));
    }

    #[test]
    fn answers_have_the_reference_shape() {
        let plain = PlainTransportInfo {
            id: "t".into(),
            ip: "127.0.0.1".into(),
            port: 40000,
            rtcp_port: Some(40001),
        };
        assert_eq!(
            serde_json::to_value(&plain).unwrap(),
            json!({"id": "t", "ip": "127.0.0.1", "port": 40000, "rtcpPort": 40001})
        );
        let r = CreateBroadcasterResponse {
            peers: vec![BroadcasterPeerInfo {
                id: PeerId::parse("p").unwrap(),
                display_name: "P".into(),
                device: DeviceInfo::default(),
                producers: vec![ProducerSummary {
                    id: "x".into(),
                    kind: MediaKind::Video,
                }],
            }],
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"peers": [{"id": "p", "displayName": "P", "device": {"name": ""},
                "producers": [{"id": "x", "kind": "video"}]}]})
        );
    }

    #[test]
    fn missing_fields_are_named() {
        let e = serde_json::from_value::<CreateBroadcasterRequest>(json!({"id": "a"}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("displayName"), "{e}");
        let e = serde_json::from_value::<CreateTransportRequest>(json!({"type": "srt"}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("srt"), "{e}");
    }
}
