//! One simulated peer: the mediasoup-demo join flow over protoo, then its
//! send and/or receive transport until the run ends.

mod params;
pub mod publisher;
pub mod subscriber;

use std::net::IpAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use serde_json::json;
use stunroom_shared::ids::{ProducerId, TransportId};
use stunroom_shared::media::{MediaKind, RtpCapabilities};
use stunroom_shared::messages::{
    ClientRequest, ConnectWebRtcTransportRequest, CreateWebRtcTransportRequest, DeviceInfo, Empty,
    JoinRequest, JoinResponse, ProduceRequest, ProduceResponse, ServerRequest, TransportInfo,
};
use stunroom_shared::protoo::ErrorResponse;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use crate::media::Media;
use crate::rtc::{self, RouterCodecs, Transport, TransportCounters};
use crate::run::Progress;
use crate::signaling::Signaling;
use publisher::Publisher;
use subscriber::{ConsumerStream, Expect, Subscriber};

/// Who a peer is and what it does.
#[derive(Debug, Clone)]
pub struct PeerPlan {
    /// The room it joins.
    pub room: String,
    /// Its peer id.
    pub peer_id: String,
    /// It sends audio (and video, if `video`).
    pub publish: bool,
    /// It consumes every producer of the room.
    pub subscribe: bool,
    /// Publishers also send video.
    pub video: bool,
}

/// What every peer of a run shares.
pub struct PeerShared {
    /// `ws://host:port/ws` of the server.
    pub ws_base: String,
    /// The encoded material.
    pub media: Arc<Media>,
    /// Layer bitrates (for the producer's encodings).
    pub layer_kbps: Vec<u32>,
    /// Which server addresses we may send media to.
    pub allowed: Arc<dyn Fn(IpAddr) -> bool + Send + Sync>,
}

/// What one peer measured.
pub struct PeerOutcome {
    /// The plan it ran.
    pub plan: PeerPlan,
    /// The first error that stopped it.
    pub error: Option<String>,
    /// WebSocket open → `join` answered, in ms.
    pub join_ms: Option<f64>,
    /// WebSocket open → the first RTP packet of every consumer it was offered, in ms.
    pub first_rtp_ms: Option<f64>,
    /// Its consumers' streams.
    pub streams: Vec<subscriber::Received>,
    /// Key-frame requests and RTP packets of its publisher side.
    pub published: Option<(u64, u64)>,
    /// Counters of its transports.
    pub transports: Vec<TransportCounters>,
    /// Notifications received, by method.
    pub notifications: std::collections::BTreeMap<String, u64>,
    /// When each step of the join finished, ms after the start.
    pub steps: Vec<(&'static str, f64)>,
}

/// The transport tasks a peer started.
#[derive(Default)]
struct Tasks {
    send: Option<JoinHandle<(Publisher, TransportCounters)>>,
    recv: Option<JoinHandle<(Subscriber, TransportCounters)>>,
}

/// Runs one peer until `stop` turns true.
pub async fn run_peer(
    plan: PeerPlan,
    shared: Arc<PeerShared>,
    stop: watch::Receiver<bool>,
    progress: Arc<Progress>,
) -> PeerOutcome {
    let mut outcome = PeerOutcome {
        plan: plan.clone(),
        error: None,
        join_ms: None,
        first_rtp_ms: None,
        streams: Vec::new(),
        published: None,
        transports: Vec::new(),
        notifications: Default::default(),
        steps: Vec::new(),
    };
    let started = Instant::now();
    let mut tasks = Tasks::default();
    let result = join_and_produce(
        &plan,
        &shared,
        &stop,
        started,
        &progress,
        &mut outcome,
        &mut tasks,
    )
    .await;
    if let Err(e) = result {
        if outcome.join_ms.is_none() {
            progress.failed.fetch_add(1, Ordering::Relaxed);
        }
        outcome.error = Some(e);
    }
    // Run until told to stop (also after an error, so every peer ends together).
    let mut wait = stop.clone();
    let _ = wait.wait_for(|s| *s).await;
    if let Some(task) = tasks.send {
        if let Ok((publisher, counters)) = task.await {
            outcome.published = Some((publisher.keyframe_requests, publisher.packets_sent));
            outcome.transports.push(counters);
        }
    }
    if let Some(task) = tasks.recv {
        if let Ok((subscriber, counters)) = task.await {
            outcome.streams = subscriber.streams;
            outcome.transports.push(counters);
        }
    }
    if outcome.error.is_none() {
        if let Some(e) = outcome.transports.iter().find_map(|t| t.error.clone()) {
            outcome.error = Some(format!("transport: {e}"));
        }
    }
    if plan.subscribe && !outcome.streams.is_empty() {
        let firsts: Option<Vec<Instant>> =
            outcome.streams.iter().map(|s| s.stats.first_at).collect();
        outcome.first_rtp_ms = firsts
            .and_then(|f| f.into_iter().max())
            .map(|last| last.saturating_duration_since(started).as_secs_f64() * 1000.0);
    }
    outcome
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

async fn join_and_produce(
    plan: &PeerPlan,
    shared: &PeerShared,
    stop: &watch::Receiver<bool>,
    started: Instant,
    progress: &Arc<Progress>,
    outcome: &mut PeerOutcome,
    tasks: &mut Tasks,
) -> Result<(), String> {
    let url = format!(
        "{}?roomId={}&peerId={}",
        shared.ws_base, plan.room, plan.peer_id
    );
    let step = |outcome: &mut PeerOutcome, name| {
        outcome
            .steps
            .push((name, started.elapsed().as_secs_f64() * 1000.0))
    };
    let (signal, requests) = Signaling::connect(&url).await.map_err(err)?;
    step(outcome, "websocket");
    let caps: RtpCapabilities = signal
        .request(ClientRequest::GetRouterRtpCapabilities(Empty {}))
        .await
        .map_err(err)?;
    step(outcome, "capabilities");
    let codecs = RouterCodecs::from_capabilities(&caps)?;
    let cname = format!("load-{}", plan.peer_id);

    let mut send = None;
    if plan.publish {
        let info = create_transport(&signal, true).await?;
        step(outcome, "send transport");
        let (mut transport, dtls) =
            Transport::open(&codecs, &info, shared.allowed.as_ref()).map_err(err)?;
        step(outcome, "send rtc");
        let (publisher, ssrcs) = Publisher::new(
            &mut transport.rtc,
            shared.media.clone(),
            codecs.opus_pt,
            codecs.vp8_pt,
            plan.video,
        );
        let (_commands, rx) = mpsc::channel(1);
        tasks.send = Some(tokio::spawn(rtc::run(
            transport,
            publisher,
            rx,
            stop.clone(),
        )));
        connect(&signal, &info, dtls).await?;
        step(outcome, "send connect");
        send = Some((info.id, ssrcs));
    }
    let mut recv_capabilities = None;
    if plan.subscribe {
        let info = create_transport(&signal, false).await?;
        step(outcome, "recv transport");
        let (transport, dtls) =
            Transport::open(&codecs, &info, shared.allowed.as_ref()).map_err(err)?;
        step(outcome, "recv rtc");
        let (commands, rx) = mpsc::channel(64);
        tasks.recv = Some(tokio::spawn(rtc::run(
            transport,
            Subscriber::new(started, progress.clone()),
            rx,
            stop.clone(),
        )));
        connect(&signal, &info, dtls).await?;
        step(outcome, "recv connect");
        tokio::spawn(answer_server_requests(
            signal.clone(),
            requests,
            Some(commands),
        ));
        recv_capabilities = Some(params::receive_capabilities(&codecs));
    } else {
        tokio::spawn(answer_server_requests(signal.clone(), requests, None));
    }

    let _: JoinResponse = signal
        .request(ClientRequest::Join(JoinRequest {
            display_name: plan.peer_id.clone(),
            device: DeviceInfo {
                flag: Some("stunroom-load".into()),
                name: "str0m".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            },
            rtp_capabilities: recv_capabilities,
            sctp_capabilities: None,
        }))
        .await
        .map_err(err)?;
    outcome.join_ms = Some(started.elapsed().as_secs_f64() * 1000.0);
    step(outcome, "join");
    progress.joined.fetch_add(1, Ordering::Relaxed);

    if let Some((transport_id, ssrcs)) = send {
        if let Some(ssrc) = ssrcs.audio {
            produce(
                &signal,
                &transport_id,
                MediaKind::Audio,
                params::audio_parameters(&codecs, ssrc, &cname),
            )
            .await?;
        }
        if !ssrcs.video.is_empty() {
            produce(
                &signal,
                &transport_id,
                MediaKind::Video,
                params::video_parameters(&codecs, &ssrcs, &shared.layer_kbps, &cname),
            )
            .await?;
        }
    }
    // Keep the signaling open until the end; the server cleans up when it closes.
    let mut wait = stop.clone();
    let _ = wait.wait_for(|s| *s).await;
    outcome.notifications = signal.notifications();
    signal.close().await;
    Ok(())
}

async fn create_transport(signal: &Signaling, producing: bool) -> Result<TransportInfo, String> {
    signal
        .request(ClientRequest::CreateWebRtcTransport(
            CreateWebRtcTransportRequest {
                force_tcp: false,
                producing,
                consuming: !producing,
                sctp_capabilities: None,
            },
        ))
        .await
        .map_err(err)
}

async fn connect(
    signal: &Signaling,
    info: &TransportInfo,
    dtls: stunroom_shared::media::DtlsParameters,
) -> Result<(), String> {
    let _: serde_json::Value = signal
        .request(ClientRequest::ConnectWebRtcTransport(
            ConnectWebRtcTransportRequest {
                transport_id: info.id.clone(),
                dtls_parameters: dtls,
            },
        ))
        .await
        .map_err(err)?;
    Ok(())
}

async fn produce(
    signal: &Signaling,
    transport_id: &TransportId,
    kind: MediaKind,
    rtp_parameters: stunroom_shared::media::RtpParameters,
) -> Result<ProducerId, String> {
    let answer: ProduceResponse = signal
        .request(ClientRequest::Produce(ProduceRequest {
            transport_id: transport_id.clone(),
            kind,
            rtp_parameters,
            app_data: Default::default(),
        }))
        .await
        .map_err(err)?;
    Ok(answer.id)
}

/// Accepts every `newConsumer` (after the receive transport expects its
/// stream); refuses data consumers and, without a receive side, everything.
async fn answer_server_requests(
    signal: Signaling,
    mut requests: mpsc::Receiver<crate::signaling::ServerRequestFrame>,
    consumers: Option<mpsc::Sender<Expect>>,
) {
    while let Some(request) = requests.recv().await {
        let result = match (ServerRequest::from_request(&request), &consumers) {
            (Ok(ServerRequest::NewConsumer(c)), Some(tx)) => match consumer_stream(&c) {
                Ok(stream) => {
                    let (applied, done) = tokio::sync::oneshot::channel();
                    let sent = tx.send(Expect { stream, applied }).await.is_ok();
                    if sent && done.await.is_ok() {
                        Ok(json!({}))
                    } else {
                        Err(ErrorResponse::new(500, "the receive transport is gone"))
                    }
                }
                Err(reason) => Err(ErrorResponse::new(400, reason)),
            },
            (Ok(_), _) => Err(ErrorResponse::new(403, "not consuming")),
            (Err(e), _) => Err(e),
        };
        signal.respond(request.id, result).await;
    }
}

fn consumer_stream(c: &stunroom_shared::messages::NewConsumer) -> Result<ConsumerStream, String> {
    let p = &c.rtp_parameters;
    let encoding = p.encodings.first().ok_or("consumer without encodings")?;
    let ssrc = encoding.ssrc.ok_or("consumer encoding without ssrc")?;
    let codec = p.codecs.first().ok_or("consumer without codecs")?;
    let mid = p.mid.clone().ok_or("consumer without mid")?;
    Ok(ConsumerStream {
        mid,
        kind: c.kind,
        ssrc,
        rtx: encoding.rtx.map(|r| r.ssrc),
        clock_rate: codec.clock_rate,
    })
}
