//! Media parameter types whose JSON is exactly mediasoup's (ORTC-style objects).
//!
//! These are deliberately open: mime types, header-extension URIs and codec
//! parameters are strings/maps rather than closed enums, because the browser
//! offers codecs and extensions that the router may not know. Matching against
//! the router's capabilities is the client core's job (`ortc`), and the server's
//! SFU adapter converts to mediasoup's own types, rejecting what it cannot use.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// `"audio"` or `"video"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Audio,
    Video,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Audio => "audio",
            MediaKind::Video => "video",
        }
    }
}

impl fmt::Display for MediaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A codec `fmtp` parameter value: mediasoup keeps numbers as numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    Number(u32),
    Float(f64),
    String(String),
}

impl ParamValue {
    /// Parses an SDP `fmtp` value the way mediasoup-client does: integers become
    /// numbers, everything else stays a string.
    pub fn from_sdp(value: &str) -> Self {
        match value.parse::<u32>() {
            Ok(n) if !value.starts_with('0') || value == "0" => ParamValue::Number(n),
            _ => ParamValue::String(value.to_owned()),
        }
    }

    pub fn as_u32(&self) -> Option<u32> {
        match self {
            ParamValue::Number(n) => Some(*n),
            ParamValue::Float(f) if f.fract() == 0.0 && *f >= 0.0 => Some(*f as u32),
            ParamValue::String(s) => s.parse().ok(),
            ParamValue::Float(_) => None,
        }
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Number(n) => write!(f, "{n}"),
            ParamValue::Float(x) => write!(f, "{x}"),
            ParamValue::String(s) => f.write_str(s),
        }
    }
}

/// Codec parameters (`fmtp` key/values), ordered by key like mediasoup's map.
pub type CodecParameters = BTreeMap<String, ParamValue>;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RtcpFeedback {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub parameter: String,
}

impl RtcpFeedback {
    pub fn new(kind: &str, parameter: &str) -> Self {
        Self {
            kind: kind.to_owned(),
            parameter: parameter.to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RtpCodecCapability {
    pub kind: MediaKind,
    pub mime_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_payload_type: Option<u8>,
    pub clock_rate: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<u8>,
    #[serde(default)]
    pub parameters: CodecParameters,
    #[serde(default)]
    pub rtcp_feedback: Vec<RtcpFeedback>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Sendrecv,
    Sendonly,
    Recvonly,
    Inactive,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RtpHeaderExtension {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<MediaKind>,
    pub uri: String,
    pub preferred_id: u16,
    #[serde(default)]
    pub preferred_encrypt: bool,
    #[serde(default)]
    pub direction: Direction,
}

/// What a router (or a browser) can send and receive.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RtpCapabilities {
    #[serde(default)]
    pub codecs: Vec<RtpCodecCapability>,
    #[serde(default)]
    pub header_extensions: Vec<RtpHeaderExtension>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RtpCodecParameters {
    pub mime_type: String,
    pub payload_type: u8,
    pub clock_rate: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<u8>,
    #[serde(default)]
    pub parameters: CodecParameters,
    #[serde(default)]
    pub rtcp_feedback: Vec<RtcpFeedback>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RtpHeaderExtensionParameters {
    pub uri: String,
    pub id: u16,
    #[serde(default)]
    pub encrypt: bool,
    #[serde(default, skip_serializing_if = "CodecParameters::is_empty")]
    pub parameters: CodecParameters,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RtxSsrc {
    pub ssrc: u32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RtpEncodingParameters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssrc: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codec_payload_type: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtx: Option<RtxSsrc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dtx: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scalability_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_resolution_down_by: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bitrate: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_framerate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RtcpParameters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cname: Option<String>,
    #[serde(default = "default_true")]
    pub reduced_size: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mux: Option<bool>,
}

fn default_true() -> bool {
    true
}

/// What a producer sends or a consumer receives.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RtpParameters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mid: Option<String>,
    pub codecs: Vec<RtpCodecParameters>,
    #[serde(default)]
    pub header_extensions: Vec<RtpHeaderExtensionParameters>,
    #[serde(default)]
    pub encodings: Vec<RtpEncodingParameters>,
    #[serde(default)]
    pub rtcp: RtcpParameters,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IceParameters {
    pub username_fragment: String,
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ice_lite: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransportProtocol {
    Udp,
    Tcp,
}

impl TransportProtocol {
    pub fn as_str(self) -> &'static str {
        match self {
            TransportProtocol::Udp => "udp",
            TransportProtocol::Tcp => "tcp",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IceCandidateType {
    Host,
    Srflx,
    Prflx,
    Relay,
}

impl IceCandidateType {
    pub fn as_str(self) -> &'static str {
        match self {
            IceCandidateType::Host => "host",
            IceCandidateType::Srflx => "srflx",
            IceCandidateType::Prflx => "prflx",
            IceCandidateType::Relay => "relay",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IceCandidateTcpType {
    Passive,
}

/// A server ICE candidate. mediasoup 0.8 names the address `ip`, newer versions
/// `address`; we always send both and accept either.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IceCandidate {
    pub foundation: String,
    pub priority: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub protocol: TransportProtocol,
    pub port: u16,
    #[serde(rename = "type")]
    pub kind: IceCandidateType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp_type: Option<IceCandidateTcpType>,
}

impl IceCandidate {
    /// The candidate's address, whichever field carried it.
    pub fn addr(&self) -> &str {
        self.address
            .as_deref()
            .or(self.ip.as_deref())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DtlsRole {
    #[default]
    Auto,
    Client,
    Server,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DtlsFingerprint {
    /// `sha-256`, `sha-1`, ...
    pub algorithm: String,
    /// Colon-separated upper-case hex.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DtlsParameters {
    #[serde(default)]
    pub role: DtlsRole,
    pub fingerprints: Vec<DtlsFingerprint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumSctpStreams {
    #[serde(rename = "OS")]
    pub os: u16,
    #[serde(rename = "MIS")]
    pub mis: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SctpCapabilities {
    pub num_streams: NumSctpStreams,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SctpParameters {
    pub port: u16,
    #[serde(rename = "OS")]
    pub os: u16,
    #[serde(rename = "MIS")]
    pub mis: u16,
    pub max_message_size: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SctpStreamParameters {
    pub stream_id: u16,
    #[serde(default = "default_true")]
    pub ordered: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_packet_life_time: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retransmits: Option<u16>,
}

/// mediasoup's consumer type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsumerType {
    Simple,
    Simulcast,
    Svc,
    Pipe,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn router_capabilities_round_trip() {
        let caps = json!({
            "codecs": [
                {"kind":"audio","mimeType":"audio/opus","preferredPayloadType":100,"clockRate":48000,
                 "channels":2,"parameters":{},"rtcpFeedback":[{"type":"nack","parameter":""},{"type":"transport-cc","parameter":""}]},
                {"kind":"video","mimeType":"video/VP8","preferredPayloadType":101,"clockRate":90000,
                 "parameters":{"x-google-start-bitrate":1000},
                 "rtcpFeedback":[{"type":"nack","parameter":""},{"type":"nack","parameter":"pli"},{"type":"ccm","parameter":"fir"},{"type":"goog-remb","parameter":""},{"type":"transport-cc","parameter":""}]},
                {"kind":"video","mimeType":"video/rtx","preferredPayloadType":102,"clockRate":90000,"parameters":{"apt":101},"rtcpFeedback":[]},
                {"kind":"video","mimeType":"video/H264","preferredPayloadType":107,"clockRate":90000,
                 "parameters":{"level-asymmetry-allowed":1,"packetization-mode":1,"profile-level-id":"4d0032"},"rtcpFeedback":[]}
            ],
            "headerExtensions": [
                {"kind":"audio","uri":"urn:ietf:params:rtp-hdrext:sdes:mid","preferredId":1,"preferredEncrypt":false,"direction":"sendrecv"},
                {"kind":"video","uri":"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time","preferredId":4,"preferredEncrypt":false,"direction":"sendrecv"},
                {"kind":"video","uri":"urn:3gpp:video-orientation","preferredId":11,"preferredEncrypt":false,"direction":"sendrecv"}
            ]
        });
        let parsed: RtpCapabilities = serde_json::from_value(caps.clone()).unwrap();
        assert_eq!(
            parsed.codecs[1].parameters["x-google-start-bitrate"],
            ParamValue::Number(1000)
        );
        assert_eq!(
            parsed.codecs[3].parameters["profile-level-id"],
            ParamValue::String("4d0032".into())
        );
        assert_eq!(serde_json::to_value(&parsed).unwrap(), caps);
    }

    #[test]
    fn producer_rtp_parameters_round_trip() {
        let params = json!({
            "mid": "0",
            "codecs": [
                {"mimeType":"video/VP8","payloadType":96,"clockRate":90000,"parameters":{},
                 "rtcpFeedback":[{"type":"goog-remb","parameter":""},{"type":"nack","parameter":"pli"}]},
                {"mimeType":"video/rtx","payloadType":97,"clockRate":90000,"parameters":{"apt":96},"rtcpFeedback":[]}
            ],
            "headerExtensions": [{"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":4,"encrypt":false}],
            "encodings": [
                {"rid":"r0","scalabilityMode":"L1T3","scaleResolutionDownBy":4.0,"maxBitrate":500000},
                {"ssrc":1111,"rtx":{"ssrc":2222},"dtx":false}
            ],
            "rtcp": {"cname":"abc","reducedSize":true}
        });
        let parsed: RtpParameters = serde_json::from_value(params.clone()).unwrap();
        assert_eq!(parsed.encodings[1].rtx, Some(RtxSsrc { ssrc: 2222 }));
        assert_eq!(serde_json::to_value(&parsed).unwrap(), params);
    }

    #[test]
    fn transport_parameters_round_trip() {
        let v = json!({
            "iceParameters": {"usernameFragment":"u1","password":"p1","iceLite":true},
            "iceCandidates": [{"foundation":"udpcandidate","priority":1076302079,"ip":"10.0.0.5",
                "address":"10.0.0.5","protocol":"udp","port":40001,"type":"host"},
                {"foundation":"tcpcandidate","priority":1076276479,"address":"10.0.0.5",
                "protocol":"tcp","port":40002,"type":"host","tcpType":"passive"}],
            "dtlsParameters": {"role":"auto","fingerprints":[{"algorithm":"sha-256","value":"AB:CD"}]},
            "sctpParameters": {"port":5000,"OS":1024,"MIS":1024,"maxMessageSize":262144}
        });
        let ice: IceParameters = serde_json::from_value(v["iceParameters"].clone()).unwrap();
        assert_eq!(ice.ice_lite, Some(true));
        let cands: Vec<IceCandidate> = serde_json::from_value(v["iceCandidates"].clone()).unwrap();
        assert_eq!(cands[1].addr(), "10.0.0.5");
        assert_eq!(cands[1].tcp_type, Some(IceCandidateTcpType::Passive));
        assert_eq!(serde_json::to_value(&cands).unwrap(), v["iceCandidates"]);
        let dtls: DtlsParameters = serde_json::from_value(v["dtlsParameters"].clone()).unwrap();
        assert_eq!(dtls.role, DtlsRole::Auto);
        let sctp: SctpParameters = serde_json::from_value(v["sctpParameters"].clone()).unwrap();
        assert_eq!(serde_json::to_value(sctp).unwrap(), v["sctpParameters"]);
    }

    #[test]
    fn fmtp_values_parse_like_mediasoup_client() {
        assert_eq!(ParamValue::from_sdp("1"), ParamValue::Number(1));
        assert_eq!(
            ParamValue::from_sdp("42e01f"),
            ParamValue::String("42e01f".into())
        );
        assert_eq!(
            ParamValue::from_sdp("640c1f"),
            ParamValue::String("640c1f".into())
        );
        assert_eq!(ParamValue::Number(96).to_string(), "96");
    }
}
