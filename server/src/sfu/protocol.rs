//! What the server and a worker process say to each other: one JSON object
//! per line on the worker's stdin (calls) and stdout (answers and events).
//!
//! Every request is its own struct naming its answer type ([`Request`]), so
//! the server side decodes exactly what the worker side produced.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use stunroom_shared::broadcaster::PlainTransportInfo;
use stunroom_shared::ids::{ConsumerId, DataConsumerId, DataProducerId, ProducerId, TransportId};
use stunroom_shared::media::{
    DtlsParameters, IceParameters, MediaKind, RtpCapabilities, RtpParameters, SctpStreamParameters,
};
use stunroom_shared::messages::TransportInfo;

use super::{
    ConsumerControl, ConsumerInfo, DataConsumerInfo, Op, PlainOptions, RoomEvent, RouterKey,
    SfuError, SfuEvent, SfuStatus, StatsOf, WebRtcTransportOptions,
};

/// Names the server-side channel an object's events go to (a session's).
pub type SinkId = u64;

/// Server → worker.
#[derive(Debug, Serialize, Deserialize)]
pub struct CallFrame {
    pub id: u64,
    pub call: Call,
}

/// Worker → server.
#[derive(Debug, Serialize, Deserialize)]
pub enum WorkerFrame {
    /// The worker runs (sent once, first).
    Ready {
        pid: u32,
        webrtc_server_port: Option<u16>,
    },
    /// The answer to call `id`.
    Answer {
        id: u64,
        result: Result<Value, SfuError>,
    },
    /// An object's event, for a session.
    Event { sink: SinkId, event: SfuEvent },
    /// A room's event (active speaker, bot).
    Room { router: RouterKey, event: RoomEvent },
}

/// A request and the type of its answer.
pub trait Request: Serialize {
    /// What a successful call returns.
    type Answer: DeserializeOwned + Serialize;
    /// Wraps it for the wire.
    fn into_call(self) -> Call;
}

macro_rules! requests {
    ($( $(#[$doc:meta])* $name:ident { $($field:ident : $ty:ty),* $(,)? } -> $answer:ty; )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, Serialize, Deserialize)]
            pub struct $name { $(pub $field: $ty),* }

            impl Request for $name {
                type Answer = $answer;
                fn into_call(self) -> Call {
                    Call::$name(self)
                }
            }
        )*

        /// Every request, for the worker's dispatch.
        #[derive(Debug, Serialize, Deserialize)]
        pub enum Call {
            $($name($name)),*
        }

        impl Call {
            /// The request's name, for logs.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Call::$name(_) => stringify!($name)),*
                }
            }
        }
    };
}

requests! {
    /// Creates the router of a room (idempotent); answers its capabilities.
    CreateRouter { router: RouterKey } -> RtpCapabilities;
    /// Closes a router with everything in it.
    CloseRouter { router: RouterKey } -> ();
    /// The room's AudioLevelObserver and bot (idempotent): answers the bot's data producer.
    SetUpRoom { router: RouterKey } -> DataProducerId;
    CreateWebRtcTransport { router: RouterKey, options: WebRtcTransportOptions, sink: SinkId } -> TransportInfo;
    CreatePlainTransport { router: RouterKey, options: PlainOptions } -> PlainTransportInfo;
    ConnectTransport { transport: TransportId, dtls_parameters: DtlsParameters } -> ();
    /// A plain transport on 127.0.0.1 for a recorder (ffmpeg): comedia off, RTCP on its own port.
    CreateRecordingTransport { router: RouterKey } -> PlainTransportInfo;
    /// Where a plain transport sends (comedia off): the recorder's RTP and RTCP ports on 127.0.0.1.
    ConnectPlainTransport { transport: TransportId, port: u16, rtcp_port: Option<u16> } -> ();
    RestartIce { transport: TransportId } -> IceParameters;
    /// Closes a transport with its producers, consumers and data channels.
    CloseTransport { transport: TransportId } -> ();
    Produce { transport: TransportId, kind: MediaKind, rtp_parameters: RtpParameters } -> ProducerId;
    ProducerOp { producer: ProducerId, op: Op } -> ();
    /// Scores to `sink`; an audio producer also joins the room's AudioLevelObserver.
    WatchProducer { router: RouterKey, producer: ProducerId, sink: SinkId } -> ();
    /// A paused consumer, or `None` when the capabilities cannot consume the producer.
    Consume { transport: TransportId, producer: ProducerId, rtp_capabilities: RtpCapabilities, sink: SinkId } -> Option<ConsumerInfo>;
    ConsumerOp { consumer: ConsumerId, op: Op } -> ();
    ConsumerControlCall { consumer: ConsumerId, control: ConsumerControl } -> Value;
    ProduceData { transport: TransportId, sctp_stream_parameters: SctpStreamParameters, label: String, protocol: String } -> DataProducerId;
    /// A data consumer of a peer's data producer, or of the room's bot.
    ConsumeData { transport: TransportId, data_producer: DataProducerId, sink: SinkId } -> DataConsumerInfo;
    CloseDataConsumer { data_consumer: DataConsumerId } -> ();
    /// The room's bot reads a peer's `bot` data producer.
    BotListen { router: RouterKey, data_producer: DataProducerId } -> ();
    BotSend { router: RouterKey, text: String } -> ();
    Stats { of: StatsOf } -> Vec<Value>;
    /// Which of `producers` these capabilities can consume.
    CanConsume { router: RouterKey, producers: Vec<ProducerId>, rtp_capabilities: RtpCapabilities } -> Vec<ProducerId>;
    /// Counts; with `probe_ms`, the worker must answer a dump that fast.
    Status { probe_ms: Option<u64> } -> SfuStatus;
    /// Closes every router; answers how many were open.
    CloseAll {} -> usize;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_one_json_line() {
        let frame = CallFrame {
            id: 7,
            call: ProducerOp {
                producer: ProducerId::new("p\n1"),
                op: Op::Pause,
            }
            .into_call(),
        };
        let line = serde_json::to_string(&frame).unwrap();
        assert!(!line.contains('\n'), "{line}");
        let back: CallFrame = serde_json::from_str(&line).unwrap();
        assert_eq!(back.id, 7);
        assert_eq!(back.call.name(), "ProducerOp");
    }
}
