//! Typed method payloads of the mediasoup-demo v3 protocol.
//!
//! Each direction has one enum whose serde form is `{"method": …, "data": …}`,
//! so a [`protoo::Request`](crate::protoo::Request) converts to and from it
//! with [`ClientRequest::from_request`] / [`ClientRequest::into_parts`] and friends.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::ids::{ConsumerId, DataConsumerId, DataProducerId, PeerId, ProducerId, TransportId};
use crate::media::{
    ConsumerType, DtlsParameters, IceCandidate, IceParameters, MediaKind, RtpCapabilities,
    RtpParameters, SctpCapabilities, SctpParameters, SctpStreamParameters,
};
use crate::protoo::{ErrorResponse, Notification, Request};

/// Any JSON object; used for `appData`.
pub type AppData = serde_json::Map<String, Value>;

/// Data of methods that carry none. Accepts `{}` and ignores extra fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Empty {}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeviceInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinRequest {
    pub display_name: String,
    #[serde(default)]
    pub device: DeviceInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtp_capabilities: Option<RtpCapabilities>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sctp_capabilities: Option<SctpCapabilities>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateWebRtcTransportRequest {
    #[serde(default)]
    pub force_tcp: bool,
    #[serde(default)]
    pub producing: bool,
    #[serde(default)]
    pub consuming: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sctp_capabilities: Option<SctpCapabilities>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectWebRtcTransportRequest {
    pub transport_id: TransportId,
    pub dtls_parameters: DtlsParameters,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProduceRequest {
    pub transport_id: TransportId,
    pub kind: MediaKind,
    pub rtp_parameters: RtpParameters,
    #[serde(default)]
    pub app_data: AppData,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProducerIdRequest {
    pub producer_id: ProducerId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerIdRequest {
    pub consumer_id: ConsumerId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransportIdRequest {
    pub transport_id: TransportId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataProducerIdRequest {
    pub data_producer_id: DataProducerId,
}

/// Also the data of the `dataConsumerClosed` notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataConsumerIdRequest {
    pub data_consumer_id: DataConsumerId,
}

/// `setConsumerPreferredLayers`: the highest layers to forward (simulcast/SVC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetConsumerPreferredLayersRequest {
    pub consumer_id: ConsumerId,
    pub spatial_layer: u8,
    /// Absent or `null`: the highest temporal layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporal_layer: Option<u8>,
}

/// `setConsumerPriority`: 1 (default) to 255.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetConsumerPriorityRequest {
    pub consumer_id: ConsumerId,
    pub priority: u8,
}

/// `produceData`: a DataChannel the client sends on. Labels the server acts on:
/// [`CHAT_LABEL`] (relayed to every other peer) and [`BOT_LABEL`] (read by the bot).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProduceDataRequest {
    pub transport_id: TransportId,
    pub sctp_stream_parameters: SctpStreamParameters,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub protocol: String,
    #[serde(default)]
    pub app_data: AppData,
}

/// Data producer label of chat messages.
pub const CHAT_LABEL: &str = "chat";
/// Data producer label of messages to (from a peer) and from (the server's) bot.
pub const BOT_LABEL: &str = "bot";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeDisplayNameRequest {
    pub display_name: String,
}

/// `applyNetworkThrottle` (the reference server shapes the host's network with
/// it; stunroom answers [`NETWORK_THROTTLE_UNSUPPORTED`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplyNetworkThrottleRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplink: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downlink: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packet_loss: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResetNetworkThrottleRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// Error code and reason of `applyNetworkThrottle`/`resetNetworkThrottle`:
/// throttling the host's network is not something this server does.
pub const NETWORK_THROTTLE_UNSUPPORTED: (u16, &str) =
    (501, "network throttling is not supported by this server");

/// `setHandRaised` (stunroom's own): raise or lower my hand; the others get
/// [`ServerNotification::PeerHandChanged`], late joiners [`PeerInfo::hand_raised`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetHandRaisedRequest {
    pub raised: bool,
}

/// `sendReaction` (stunroom's own): one emoji of [`REACTIONS`], shown on my
/// tile for a moment; the others get [`ServerNotification::PeerReaction`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendReactionRequest {
    pub emoji: String,
}

/// The reactions a peer may send (the server refuses any other).
pub const REACTIONS: &[&str] = &["👍", "❤️", "😂", "🎉", "👏", "😮"];

/// Success data of the five `get*Stats` requests: mediasoup's stats objects,
/// each with its `type` (e.g. `webrtc-transport`, `inbound-rtp`, `outbound-rtp`,
/// `data-producer`, `data-consumer`), as a bare JSON array.
pub type Stats = Vec<Value>;

/// Client → server requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", content = "data")]
pub enum ClientRequest {
    #[serde(rename = "getRouterRtpCapabilities")]
    GetRouterRtpCapabilities(Empty),
    #[serde(rename = "createWebRtcTransport")]
    CreateWebRtcTransport(CreateWebRtcTransportRequest),
    #[serde(rename = "connectWebRtcTransport")]
    ConnectWebRtcTransport(ConnectWebRtcTransportRequest),
    #[serde(rename = "join")]
    Join(JoinRequest),
    #[serde(rename = "produce")]
    Produce(ProduceRequest),
    #[serde(rename = "closeProducer")]
    CloseProducer(ProducerIdRequest),
    #[serde(rename = "pauseProducer")]
    PauseProducer(ProducerIdRequest),
    #[serde(rename = "resumeProducer")]
    ResumeProducer(ProducerIdRequest),
    #[serde(rename = "pauseConsumer")]
    PauseConsumer(ConsumerIdRequest),
    #[serde(rename = "resumeConsumer")]
    ResumeConsumer(ConsumerIdRequest),
    #[serde(rename = "restartIce")]
    RestartIce(TransportIdRequest),
    #[serde(rename = "setConsumerPreferredLayers")]
    SetConsumerPreferredLayers(SetConsumerPreferredLayersRequest),
    #[serde(rename = "setConsumerPriority")]
    SetConsumerPriority(SetConsumerPriorityRequest),
    #[serde(rename = "requestConsumerKeyFrame")]
    RequestConsumerKeyFrame(ConsumerIdRequest),
    #[serde(rename = "produceData")]
    ProduceData(ProduceDataRequest),
    #[serde(rename = "changeDisplayName")]
    ChangeDisplayName(ChangeDisplayNameRequest),
    #[serde(rename = "getTransportStats")]
    GetTransportStats(TransportIdRequest),
    #[serde(rename = "getProducerStats")]
    GetProducerStats(ProducerIdRequest),
    #[serde(rename = "getConsumerStats")]
    GetConsumerStats(ConsumerIdRequest),
    #[serde(rename = "getDataProducerStats")]
    GetDataProducerStats(DataProducerIdRequest),
    #[serde(rename = "getDataConsumerStats")]
    GetDataConsumerStats(DataConsumerIdRequest),
    #[serde(rename = "applyNetworkThrottle")]
    ApplyNetworkThrottle(ApplyNetworkThrottleRequest),
    #[serde(rename = "resetNetworkThrottle")]
    ResetNetworkThrottle(ResetNetworkThrottleRequest),
    #[serde(rename = "setHandRaised")]
    SetHandRaised(SetHandRaisedRequest),
    #[serde(rename = "sendReaction")]
    SendReaction(SendReactionRequest),
}

impl ClientRequest {
    /// Every method this enum knows, in wire spelling.
    pub const METHODS: &'static [&'static str] = &[
        "getRouterRtpCapabilities",
        "createWebRtcTransport",
        "connectWebRtcTransport",
        "join",
        "produce",
        "closeProducer",
        "pauseProducer",
        "resumeProducer",
        "pauseConsumer",
        "resumeConsumer",
        "restartIce",
        "setConsumerPreferredLayers",
        "setConsumerPriority",
        "requestConsumerKeyFrame",
        "produceData",
        "changeDisplayName",
        "getTransportStats",
        "getProducerStats",
        "getConsumerStats",
        "getDataProducerStats",
        "getDataConsumerStats",
        "applyNetworkThrottle",
        "resetNetworkThrottle",
        "setHandRaised",
        "sendReaction",
    ];

    /// Decodes a request, with protoo-style error reasons that name the problem.
    pub fn from_request(request: &Request) -> Result<Self, ErrorResponse> {
        decode_method(Self::METHODS, "request", &request.method, &request.data)
    }

    pub fn method(&self) -> &'static str {
        method_of(self)
    }

    /// `(method, data)` for building a [`Request`].
    pub fn into_parts(self) -> (String, Value) {
        split(&self)
    }
}

/// `createWebRtcTransport` success data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransportInfo {
    pub id: TransportId,
    pub ice_parameters: IceParameters,
    pub ice_candidates: Vec<IceCandidate>,
    pub dtls_parameters: DtlsParameters,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sctp_parameters: Option<SctpParameters>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeerInfo {
    pub id: PeerId,
    pub display_name: String,
    #[serde(default)]
    pub device: DeviceInfo,
    /// stunroom's own: the peer's hand is up (absent, as for the reference
    /// server, when it is not).
    #[serde(default, skip_serializing_if = "is_false")]
    pub hand_raised: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `join` success data: the peers already in the room.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct JoinResponse {
    pub peers: Vec<PeerInfo>,
}

/// `produceData` success data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProduceDataResponse {
    pub id: DataProducerId,
}

/// `produce` success data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProduceResponse {
    pub id: ProducerId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewConsumer {
    pub peer_id: PeerId,
    pub producer_id: ProducerId,
    pub id: ConsumerId,
    pub kind: MediaKind,
    pub rtp_parameters: RtpParameters,
    #[serde(rename = "type")]
    pub consumer_type: ConsumerType,
    #[serde(default)]
    pub app_data: AppData,
    #[serde(default)]
    pub producer_paused: bool,
}

/// Server → client requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", content = "data")]
pub enum ServerRequest {
    #[serde(rename = "newConsumer")]
    NewConsumer(NewConsumer),
    #[serde(rename = "newDataConsumer")]
    NewDataConsumer(NewDataConsumer),
}

/// A data consumer offered to the client; `peer_id` is `None` for the bot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDataConsumer {
    pub peer_id: Option<PeerId>,
    pub data_producer_id: DataProducerId,
    pub id: DataConsumerId,
    pub sctp_stream_parameters: SctpStreamParameters,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub protocol: String,
    #[serde(default)]
    pub app_data: AppData,
}

impl ServerRequest {
    pub const METHODS: &'static [&'static str] = &["newConsumer", "newDataConsumer"];

    pub fn from_request(request: &Request) -> Result<Self, ErrorResponse> {
        let (m, d) = (request.method.as_str(), &request.data);
        Ok(match m {
            "newConsumer" => Self::NewConsumer(data_as(m, d)?),
            "newDataConsumer" => Self::NewDataConsumer(data_as(m, d)?),
            _ => {
                return Err(ErrorResponse::new(
                    500,
                    format!("unknown request.method \"{m}\""),
                ))
            }
        })
    }

    pub fn into_parts(self) -> (String, Value) {
        split(&self)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeerIdData {
    pub peer_id: PeerId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionData {
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerScoreData {
    pub consumer_id: ConsumerId,
    pub score: Value,
}

/// mediasoup's consumer score.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerScore {
    /// Of the stream sent to the consumer, 0–10.
    pub score: u8,
    /// Of the producer stream currently forwarded, 0–10.
    pub producer_score: u8,
    /// Of every producer stream (one per simulcast encoding).
    #[serde(default)]
    pub producer_scores: Vec<u8>,
}

impl ConsumerScoreData {
    /// The score as a typed value (`None` if the server sent something else).
    pub fn typed(&self) -> Option<ConsumerScore> {
        serde_json::from_value(self.score.clone()).ok()
    }
}

/// One producer stream's score (mediasoup's `ProducerScore`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProducerScore {
    pub encoding_idx: u32,
    pub ssrc: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rid: Option<String>,
    pub score: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProducerScoreData {
    pub producer_id: ProducerId,
    pub score: Vec<ProducerScore>,
}

/// `consumerLayersChanged`: the layers now forwarded; both `null` when none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsumerLayersChangedData {
    pub consumer_id: ConsumerId,
    #[serde(default)]
    pub spatial_layer: Option<u8>,
    #[serde(default)]
    pub temporal_layer: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeerDisplayNameChangedData {
    pub peer_id: PeerId,
    pub display_name: String,
    pub old_display_name: String,
}

/// `downlinkBwe`: the receive transport's bandwidth estimate, bits per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DownlinkBweData {
    pub desired_bitrate: u32,
    pub effective_desired_bitrate: u32,
    pub available_bitrate: u32,
}

/// `peerHandChanged` (stunroom's own): a peer raised or lowered its hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeerHandChangedData {
    pub peer_id: PeerId,
    pub raised: bool,
}

/// `peerReaction` (stunroom's own): a peer sent one of [`REACTIONS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeerReactionData {
    pub peer_id: PeerId,
    pub emoji: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveSpeakerData {
    pub peer_id: Option<PeerId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<i32>,
}

/// Server → client notifications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", content = "data")]
pub enum ServerNotification {
    #[serde(rename = "mediasoup-version")]
    MediasoupVersion(VersionData),
    #[serde(rename = "newPeer")]
    NewPeer(PeerInfo),
    #[serde(rename = "peerClosed")]
    PeerClosed(PeerIdData),
    #[serde(rename = "consumerClosed")]
    ConsumerClosed(ConsumerIdRequest),
    #[serde(rename = "consumerPaused")]
    ConsumerPaused(ConsumerIdRequest),
    #[serde(rename = "consumerResumed")]
    ConsumerResumed(ConsumerIdRequest),
    #[serde(rename = "consumerScore")]
    ConsumerScore(ConsumerScoreData),
    #[serde(rename = "activeSpeaker")]
    ActiveSpeaker(ActiveSpeakerData),
    #[serde(rename = "peerDisplayNameChanged")]
    PeerDisplayNameChanged(PeerDisplayNameChangedData),
    #[serde(rename = "producerScore")]
    ProducerScore(ProducerScoreData),
    #[serde(rename = "consumerLayersChanged")]
    ConsumerLayersChanged(ConsumerLayersChangedData),
    #[serde(rename = "downlinkBwe")]
    DownlinkBwe(DownlinkBweData),
    #[serde(rename = "dataConsumerClosed")]
    DataConsumerClosed(DataConsumerIdRequest),
    #[serde(rename = "peerHandChanged")]
    PeerHandChanged(PeerHandChangedData),
    #[serde(rename = "peerReaction")]
    PeerReaction(PeerReactionData),
    /// The room's recording started or stopped (also sent on joining a room being recorded).
    #[serde(rename = "recordingStateChanged")]
    RecordingStateChanged(crate::recording::RecordingStateChangedData),
}

impl ServerNotification {
    pub const METHODS: &'static [&'static str] = &[
        "mediasoup-version",
        "newPeer",
        "peerClosed",
        "consumerClosed",
        "consumerPaused",
        "consumerResumed",
        "consumerScore",
        "activeSpeaker",
        "peerDisplayNameChanged",
        "producerScore",
        "consumerLayersChanged",
        "downlinkBwe",
        "dataConsumerClosed",
        "peerHandChanged",
        "peerReaction",
        "recordingStateChanged",
    ];

    /// `Ok(None)` for a notification this side does not know (a newer server may send more).
    pub fn from_notification(n: &Notification) -> Result<Option<Self>, ErrorResponse> {
        let (m, d) = (n.method.as_str(), &n.data);
        Ok(Some(match m {
            "mediasoup-version" => Self::MediasoupVersion(data_as(m, d)?),
            "newPeer" => Self::NewPeer(data_as(m, d)?),
            "peerClosed" => Self::PeerClosed(data_as(m, d)?),
            "consumerClosed" => Self::ConsumerClosed(data_as(m, d)?),
            "consumerPaused" => Self::ConsumerPaused(data_as(m, d)?),
            "consumerResumed" => Self::ConsumerResumed(data_as(m, d)?),
            "consumerScore" => Self::ConsumerScore(data_as(m, d)?),
            "activeSpeaker" => Self::ActiveSpeaker(data_as(m, d)?),
            "peerDisplayNameChanged" => Self::PeerDisplayNameChanged(data_as(m, d)?),
            "producerScore" => Self::ProducerScore(data_as(m, d)?),
            "consumerLayersChanged" => Self::ConsumerLayersChanged(data_as(m, d)?),
            "downlinkBwe" => Self::DownlinkBwe(data_as(m, d)?),
            "dataConsumerClosed" => Self::DataConsumerClosed(data_as(m, d)?),
            "peerHandChanged" => Self::PeerHandChanged(data_as(m, d)?),
            "peerReaction" => Self::PeerReaction(data_as(m, d)?),
            "recordingStateChanged" => Self::RecordingStateChanged(data_as(m, d)?),
            _ => return Ok(None),
        }))
    }

    pub fn into_notification(self) -> Notification {
        let (method, data) = split(&self);
        Notification { method, data }
    }
}

fn decode_method<T: DeserializeOwned>(
    known: &[&str],
    what: &str,
    method: &str,
    data: &Value,
) -> Result<T, ErrorResponse> {
    if !known.contains(&method) {
        return Err(ErrorResponse::new(
            500,
            format!("unknown {what}.method \"{method}\""),
        ));
    }
    serde_json::from_value(json!({ "method": method, "data": data }))
        .map_err(|e| ErrorResponse::new(400, format!("invalid data for \"{method}\": {e}")))
}

/// The `data` of `method` as `T`, read straight from the JSON value. The
/// server-to-client messages are decoded this way rather than through the
/// adjacently tagged enum's derived `Deserialize`, which buffers the data in
/// serde's `Content` and instantiates every payload type for three
/// deserializers: the browser's wasm is that much smaller (issue 11). The
/// method names stay those of the enums' `serde(rename)`s (tested).
fn data_as<T: DeserializeOwned>(method: &str, data: &Value) -> Result<T, ErrorResponse> {
    T::deserialize(data)
        .map_err(|e| ErrorResponse::new(400, format!("invalid data for \"{method}\": {e}")))
}

fn split<T: Serialize>(message: &T) -> (String, Value) {
    // Adjacently tagged enums of plain data always serialize to {method, data}.
    let mut v = serde_json::to_value(message).unwrap_or(Value::Null);
    let method = v["method"].as_str().unwrap_or_default().to_owned();
    let data = match v.get_mut("data").map(Value::take) {
        None | Some(Value::Null) => json!({}),
        Some(d) => d,
    };
    (method, data)
}

fn method_of(request: &ClientRequest) -> &'static str {
    match request {
        ClientRequest::GetRouterRtpCapabilities(_) => "getRouterRtpCapabilities",
        ClientRequest::CreateWebRtcTransport(_) => "createWebRtcTransport",
        ClientRequest::ConnectWebRtcTransport(_) => "connectWebRtcTransport",
        ClientRequest::Join(_) => "join",
        ClientRequest::Produce(_) => "produce",
        ClientRequest::CloseProducer(_) => "closeProducer",
        ClientRequest::PauseProducer(_) => "pauseProducer",
        ClientRequest::ResumeProducer(_) => "resumeProducer",
        ClientRequest::PauseConsumer(_) => "pauseConsumer",
        ClientRequest::ResumeConsumer(_) => "resumeConsumer",
        ClientRequest::RestartIce(_) => "restartIce",
        ClientRequest::SetConsumerPreferredLayers(_) => "setConsumerPreferredLayers",
        ClientRequest::SetConsumerPriority(_) => "setConsumerPriority",
        ClientRequest::RequestConsumerKeyFrame(_) => "requestConsumerKeyFrame",
        ClientRequest::ProduceData(_) => "produceData",
        ClientRequest::ChangeDisplayName(_) => "changeDisplayName",
        ClientRequest::GetTransportStats(_) => "getTransportStats",
        ClientRequest::GetProducerStats(_) => "getProducerStats",
        ClientRequest::GetConsumerStats(_) => "getConsumerStats",
        ClientRequest::GetDataProducerStats(_) => "getDataProducerStats",
        ClientRequest::GetDataConsumerStats(_) => "getDataConsumerStats",
        ClientRequest::ApplyNetworkThrottle(_) => "applyNetworkThrottle",
        ClientRequest::ResetNetworkThrottle(_) => "resetNetworkThrottle",
        ClientRequest::SetHandRaised(_) => "setHandRaised",
        ClientRequest::SendReaction(_) => "sendReaction",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written method dispatch agrees with the enums' serde names:
    /// each method decodes to a variant that serializes under that method,
    /// with the same data.
    #[test]
    fn direct_dispatch_matches_the_serde_names() {
        let samples = [
            ("mediasoup-version", json!({"version": "3.14.0"})),
            (
                "newPeer",
                json!({"id": "p1", "displayName": "A", "device": {"flag": "chrome", "name": "Chrome", "version": "1"}}),
            ),
            ("peerClosed", json!({"peerId": "p1"})),
            ("consumerClosed", json!({"consumerId": "c1"})),
            ("consumerPaused", json!({"consumerId": "c1"})),
            ("consumerResumed", json!({"consumerId": "c1"})),
            (
                "consumerScore",
                json!({"consumerId": "c1", "score": {"score": 10, "producerScore": 9, "producerScores": [9]}}),
            ),
            ("activeSpeaker", json!({"peerId": "p1", "volume": -40})),
            (
                "peerDisplayNameChanged",
                json!({"peerId": "p1", "displayName": "B", "oldDisplayName": "A"}),
            ),
            (
                "producerScore",
                json!({"producerId": "pr1", "score": [{"encodingIdx": 0, "ssrc": 1, "score": 10}]}),
            ),
            (
                "consumerLayersChanged",
                json!({"consumerId": "c1", "spatialLayer": 1, "temporalLayer": 2}),
            ),
            (
                "downlinkBwe",
                json!({"desiredBitrate": 1, "effectiveDesiredBitrate": 2, "availableBitrate": 3}),
            ),
            ("dataConsumerClosed", json!({"dataConsumerId": "d1"})),
            ("peerHandChanged", json!({"peerId": "p1", "raised": true})),
            ("peerReaction", json!({"peerId": "p1", "emoji": "🎉"})),
            ("recordingStateChanged", json!({"recording": true})),
        ];
        let methods: Vec<&str> = samples.iter().map(|(m, _)| *m).collect();
        assert_eq!(
            methods,
            ServerNotification::METHODS,
            "a sample per notification"
        );
        for (method, data) in samples {
            let n = Notification {
                method: method.into(),
                data: data.clone(),
            };
            let decoded = ServerNotification::from_notification(&n)
                .unwrap_or_else(|e| panic!("{method}: {e:?}"))
                .unwrap_or_else(|| panic!("{method}: not recognised"));
            let again = decoded.into_notification();
            assert_eq!(again.method, method);
            let redecoded = ServerNotification::from_notification(&again).unwrap();
            assert_eq!(
                redecoded.map(ServerNotification::into_notification),
                Some(again),
                "{method}"
            );
        }
        for method in ServerRequest::METHODS {
            let r = Request {
                id: 1,
                method: (*method).into(),
                data: json!({}),
            };
            let e = ServerRequest::from_request(&r).unwrap_err();
            assert!(
                e.reason.contains(&format!("invalid data for \"{method}\"")),
                "{method}: {e:?}"
            );
        }
        let unknown = Request {
            id: 1,
            method: "nope".into(),
            data: json!({}),
        };
        assert_eq!(ServerRequest::from_request(&unknown).unwrap_err().code, 500);
    }
    use crate::protoo::Message;

    fn request(text: &str) -> Request {
        match Message::parse(text).unwrap() {
            Message::Request(r) => r,
            other => panic!("not a request: {other:?}"),
        }
    }

    #[test]
    fn decodes_the_join_flow() {
        let r = request(r#"{"request":true,"id":1,"method":"getRouterRtpCapabilities"}"#);
        assert_eq!(
            ClientRequest::from_request(&r).unwrap(),
            ClientRequest::GetRouterRtpCapabilities(Empty {})
        );
        let r = request(
            r#"{"request":true,"id":2,"method":"createWebRtcTransport","data":{"forceTcp":false,"producing":true,"consuming":false,"sctpCapabilities":{"numStreams":{"OS":1024,"MIS":1024}}}}"#,
        );
        let ClientRequest::CreateWebRtcTransport(t) = ClientRequest::from_request(&r).unwrap()
        else {
            panic!()
        };
        assert!(t.producing && !t.consuming);
        assert_eq!(t.sctp_capabilities.unwrap().num_streams.mis, 1024);
        let r = request(
            r#"{"request":true,"id":3,"method":"join","data":{"displayName":"Alice","device":{"flag":"chrome","name":"Chrome","version":"156.0"},"rtpCapabilities":{"codecs":[],"headerExtensions":[]}}}"#,
        );
        let ClientRequest::Join(j) = ClientRequest::from_request(&r).unwrap() else {
            panic!()
        };
        assert_eq!(j.display_name, "Alice");
        assert_eq!(j.device.flag.as_deref(), Some("chrome"));
        let r = request(
            r#"{"request":true,"id":4,"method":"connectWebRtcTransport","data":{"transportId":"t1","dtlsParameters":{"role":"client","fingerprints":[{"algorithm":"sha-256","value":"AA:BB"}]}}}"#,
        );
        let ClientRequest::ConnectWebRtcTransport(c) = ClientRequest::from_request(&r).unwrap()
        else {
            panic!()
        };
        assert_eq!(c.transport_id.as_str(), "t1");
        let r = request(
            r#"{"request":true,"id":5,"method":"produce","data":{"transportId":"t1","kind":"audio","rtpParameters":{"mid":"0","codecs":[{"mimeType":"audio/opus","payloadType":111,"clockRate":48000,"channels":2,"parameters":{"minptime":10,"useinbandfec":1},"rtcpFeedback":[{"type":"transport-cc","parameter":""}]}],"headerExtensions":[],"encodings":[{"ssrc":1234,"dtx":false}],"rtcp":{"cname":"c","reducedSize":true}},"appData":{"share":false}}}"#,
        );
        let ClientRequest::Produce(p) = ClientRequest::from_request(&r).unwrap() else {
            panic!()
        };
        assert_eq!(p.kind, MediaKind::Audio);
        assert_eq!(p.app_data["share"], Value::Bool(false));
    }

    #[test]
    fn error_reasons_name_the_problem() {
        let r = request(r#"{"request":true,"id":1,"method":"fly","data":{}}"#);
        let e = ClientRequest::from_request(&r).unwrap_err();
        assert_eq!(e.reason, "unknown request.method \"fly\"");
        let r = request(r#"{"request":true,"id":1,"method":"produce","data":{"kind":"audio"}}"#);
        let e = ClientRequest::from_request(&r).unwrap_err();
        assert!(e.reason.contains("transportId"), "{}", e.reason);
        let r =
            request(r#"{"request":true,"id":1,"method":"closeProducer","data":{"producerId":42}}"#);
        let e = ClientRequest::from_request(&r).unwrap_err();
        assert!(e.reason.contains("closeProducer") && e.reason.contains("invalid type"));
    }

    #[test]
    fn server_messages_round_trip() {
        let text = r#"{"request":true,"id":9,"method":"newConsumer","data":{"peerId":"p1","producerId":"pr","id":"c1","kind":"video","rtpParameters":{"mid":"1","codecs":[{"mimeType":"video/VP8","payloadType":101,"clockRate":90000,"parameters":{},"rtcpFeedback":[]}],"headerExtensions":[],"encodings":[{"ssrc":5}],"rtcp":{"cname":"x","reducedSize":true,"mux":true}},"type":"simple","appData":{"share":false,"peerId":"p1"},"producerPaused":false}}"#;
        let r = request(text);
        let ServerRequest::NewConsumer(c) = ServerRequest::from_request(&r).unwrap() else {
            panic!("not a newConsumer")
        };
        assert_eq!(c.consumer_type, ConsumerType::Simple);
        let (method, data) = ServerRequest::NewConsumer(c).into_parts();
        assert_eq!(method, "newConsumer");
        assert_eq!(data, r.data);

        let n = ServerNotification::PeerClosed(PeerIdData {
            peer_id: PeerId::parse("p").unwrap(),
        })
        .into_notification();
        assert_eq!(n.method, "peerClosed");
        assert_eq!(n.data, json!({"peerId":"p"}));
        let unknown = Notification {
            method: "someFutureNotification".into(),
            data: json!({}),
        };
        assert_eq!(ServerNotification::from_notification(&unknown), Ok(None));
    }

    #[test]
    fn data_channel_and_layer_messages() {
        let r = request(
            r#"{"request":true,"id":3,"method":"newDataConsumer","data":{"peerId":null,"dataProducerId":"dp","id":"dc","sctpStreamParameters":{"streamId":1,"ordered":false,"maxRetransmits":1},"label":"bot","protocol":"","appData":{}}}"#,
        );
        let Ok(ServerRequest::NewDataConsumer(d)) = ServerRequest::from_request(&r) else {
            panic!("not a newDataConsumer")
        };
        assert_eq!(d.peer_id, None);
        assert_eq!(d.sctp_stream_parameters.max_retransmits, Some(1));
        let n = Notification {
            method: "consumerLayersChanged".into(),
            data: json!({"consumerId":"c","spatialLayer":null,"temporalLayer":null}),
        };
        let Ok(Some(ServerNotification::ConsumerLayersChanged(l))) =
            ServerNotification::from_notification(&n)
        else {
            panic!("not consumerLayersChanged")
        };
        assert_eq!((l.spatial_layer, l.temporal_layer), (None, None));
        let r = request(
            r#"{"request":true,"id":4,"method":"setConsumerPreferredLayers","data":{"consumerId":"c","spatialLayer":2,"temporalLayer":1}}"#,
        );
        assert!(matches!(
            ClientRequest::from_request(&r),
            Ok(ClientRequest::SetConsumerPreferredLayers(_))
        ));
        for m in ClientRequest::METHODS {
            assert!(
                ClientRequest::from_request(&Request {
                    id: 1,
                    method: (*m).into(),
                    data: json!({})
                })
                .map_or_else(|e| !e.reason.starts_with("unknown"), |_| true),
                "{m} is listed but not decodable"
            );
        }
    }

    /// Wire JSON of the reference server/client for each method added for the full v3 protocol.
    #[test]
    fn full_protocol_messages_match_the_wire() {
        let cases = [
            r#"{"request":true,"id":1,"method":"setConsumerPreferredLayers","data":{"consumerId":"c","spatialLayer":2,"temporalLayer":1}}"#,
            r#"{"request":true,"id":1,"method":"setConsumerPreferredLayers","data":{"consumerId":"c","spatialLayer":0}}"#,
            r#"{"request":true,"id":1,"method":"setConsumerPriority","data":{"consumerId":"c","priority":7}}"#,
            r#"{"request":true,"id":1,"method":"requestConsumerKeyFrame","data":{"consumerId":"c"}}"#,
            r#"{"request":true,"id":1,"method":"produceData","data":{"transportId":"t","sctpStreamParameters":{"streamId":0,"ordered":false,"maxRetransmits":1},"label":"chat","protocol":"","appData":{"info":"my-chat-DataProducer"}}}"#,
            r#"{"request":true,"id":1,"method":"changeDisplayName","data":{"displayName":"Zed"}}"#,
            r#"{"request":true,"id":1,"method":"getTransportStats","data":{"transportId":"t"}}"#,
            r#"{"request":true,"id":1,"method":"getProducerStats","data":{"producerId":"p"}}"#,
            r#"{"request":true,"id":1,"method":"getConsumerStats","data":{"consumerId":"c"}}"#,
            r#"{"request":true,"id":1,"method":"getDataProducerStats","data":{"dataProducerId":"d"}}"#,
            r#"{"request":true,"id":1,"method":"getDataConsumerStats","data":{"dataConsumerId":"d"}}"#,
            r#"{"request":true,"id":1,"method":"applyNetworkThrottle","data":{"secret":"s","uplink":100000.0,"downlink":200000.0,"rtt":50.0,"packetLoss":2.5}}"#,
            r#"{"request":true,"id":1,"method":"resetNetworkThrottle","data":{"secret":"s"}}"#,
        ];
        for text in cases {
            let r = request(text);
            let decoded = ClientRequest::from_request(&r).unwrap();
            assert_eq!(decoded.method(), r.method);
            let (method, data) = decoded.into_parts();
            assert_eq!((method, data), (r.method.clone(), r.data.clone()), "{text}");
        }
        let r = request(
            r#"{"request":true,"id":1,"method":"setConsumerPriority","data":{"consumerId":"c","priority":256}}"#,
        );
        let e = ClientRequest::from_request(&r).unwrap_err();
        assert!(e.reason.contains("setConsumerPriority"), "{}", e.reason);

        let notifications = [
            (
                "peerDisplayNameChanged",
                json!({"peerId":"p","displayName":"B","oldDisplayName":"A"}),
            ),
            (
                "producerScore",
                json!({"producerId":"p","score":[{"encodingIdx":0,"ssrc":1,"rid":"r0","score":10},{"encodingIdx":1,"ssrc":2,"score":9}]}),
            ),
            (
                "consumerLayersChanged",
                json!({"consumerId":"c","spatialLayer":2,"temporalLayer":null}),
            ),
            (
                "consumerLayersChanged",
                json!({"consumerId":"c","spatialLayer":null,"temporalLayer":null}),
            ),
            ("dataConsumerClosed", json!({"dataConsumerId":"d"})),
            (
                "downlinkBwe",
                json!({"desiredBitrate":1,"effectiveDesiredBitrate":2,"availableBitrate":3}),
            ),
            ("activeSpeaker", json!({"peerId":"p","volume":-40})),
            ("activeSpeaker", json!({"peerId":null})),
            (
                "consumerScore",
                json!({"consumerId":"c","score":{"score":10,"producerScore":9,"producerScores":[0,9,10]}}),
            ),
        ];
        for (method, data) in notifications {
            let n = Notification {
                method: method.into(),
                data: data.clone(),
            };
            let decoded = ServerNotification::from_notification(&n).unwrap().unwrap();
            if let ServerNotification::ConsumerScore(s) = &decoded {
                assert_eq!(s.typed().unwrap().producer_scores, vec![0, 9, 10]);
            }
            let back = decoded.into_notification();
            assert_eq!((back.method.as_str(), back.data), (method, data));
        }
    }

    /// stunroom's own hand and reaction messages; a lowered hand leaves
    /// `PeerInfo` exactly as the reference server sends it.
    #[test]
    fn hand_and_reaction_messages() {
        for text in [
            r#"{"request":true,"id":1,"method":"setHandRaised","data":{"raised":true}}"#,
            r#"{"request":true,"id":1,"method":"sendReaction","data":{"emoji":"🎉"}}"#,
        ] {
            let r = request(text);
            let decoded = ClientRequest::from_request(&r).unwrap();
            assert_eq!(decoded.method(), r.method);
            assert_eq!(decoded.into_parts(), (r.method.clone(), r.data.clone()));
        }
        let r = request(r#"{"request":true,"id":1,"method":"setHandRaised","data":{}}"#);
        let e = ClientRequest::from_request(&r).unwrap_err();
        assert!(e.reason.contains("raised"), "{}", e.reason);
        let info = |hand_raised| PeerInfo {
            id: PeerId::parse("p").unwrap(),
            display_name: "A".into(),
            device: DeviceInfo::default(),
            hand_raised,
        };
        let lowered = serde_json::to_value(info(false)).unwrap();
        assert!(lowered.get("handRaised").is_none(), "{lowered}");
        assert_eq!(
            serde_json::to_value(info(true)).unwrap()["handRaised"],
            true
        );
        let reference: PeerInfo =
            serde_json::from_value(json!({"id":"p","displayName":"A","device":{}})).unwrap();
        assert!(!reference.hand_raised);
        assert!(REACTIONS.contains(&"🎉") && !REACTIONS.contains(&"💩"));
    }

    #[test]
    fn method_names_match_serde() {
        let r = ClientRequest::RestartIce(TransportIdRequest {
            transport_id: "t".into(),
        });
        assert_eq!(r.method(), "restartIce");
        assert_eq!(r.into_parts().0, "restartIce");
        assert_eq!(
            ClientRequest::GetRouterRtpCapabilities(Empty {}).into_parts(),
            ("getRouterRtpCapabilities".into(), json!({}))
        );
    }
}
