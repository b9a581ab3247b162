//! A worker process (`stunroom sfu-worker INDEX SETTINGS`): one mediasoup
//! Worker and every object of the rooms placed on it, driven by the calls the
//! server writes to our stdin; answers and events go to stdout, logs to stderr.
//!
//! All objects are owned by one task on a single-threaded runtime ([`State`]
//! behind `Rc<RefCell>`); a call that awaits mediasoup runs as its own local
//! task, never holding a state borrow across an await.

mod data;
mod media;
mod recording;
mod room;
mod state;
mod stats;
#[cfg(test)]
mod tests;
mod transport;
mod worker;

use std::cell::RefCell;
use std::process::ExitCode;
use std::rc::Rc;

use serde::Serialize;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

use super::protocol::{Call, CallFrame, SinkId, WorkerFrame};
use super::{RoomEvent, RouterKey, SfuError, SfuEvent, SfuSettings};
use state::{Forget, State};

/// The hidden subcommand that runs a worker process.
pub const SUBCOMMAND: &str = "sfu-worker";
/// Frames queued for stdout; events beyond this are dropped (and logged).
const OUT_QUEUE: usize = 16 * 1024;

pub(super) type Shared = Rc<RefCell<State>>;

/// Where a worker's answers and events go (to the server). Cheap to clone, `Send`:
/// mediasoup calls its event handlers from its own threads.
#[derive(Clone)]
pub(super) struct Out {
    tx: mpsc::Sender<WorkerFrame>,
}

impl Out {
    /// An object's event for session `sink`.
    pub(super) fn event(&self, sink: SinkId, event: SfuEvent) {
        if self
            .tx
            .try_send(WorkerFrame::Event { sink, event })
            .is_err()
        {
            tracing::warn!(
                sink,
                "the server does not read the worker's events: one dropped"
            );
        }
    }

    /// A room's event.
    pub(super) fn room(&self, router: RouterKey, event: RoomEvent) {
        let _ = self.tx.try_send(WorkerFrame::Room { router, event });
    }
}

/// Entry point of `stunroom sfu-worker INDEX SETTINGS_JSON`.
pub fn run_worker_process(args: &[String]) -> ExitCode {
    let (Some(index), Some(settings)) = (args.first(), args.get(1)) else {
        eprintln!("usage: stunroom {SUBCOMMAND} INDEX SETTINGS_JSON (started by the server)");
        return ExitCode::from(2);
    };
    let (Ok(index), Ok(settings)) = (
        index.parse::<usize>(),
        serde_json::from_str::<SfuSettings>(settings),
    ) else {
        eprintln!("stunroom {SUBCOMMAND}: bad INDEX or SETTINGS_JSON");
        return ExitCode::from(2);
    };
    init_tracing(&settings.log_filter, index);
    // Die with the server even if it is killed without closing our stdin.
    // SAFETY: prctl(PR_SET_PDEATHSIG) takes a signal number; no memory is involved.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!("cannot build the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let local = tokio::task::LocalSet::new();
    let result = local.block_on(
        &runtime,
        serve(index, settings, tokio::io::stdin(), tokio::io::stdout()),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(filter: &str, index: usize) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
    tracing::debug!(
        worker = index,
        pid = std::process::id(),
        "media worker process started"
    );
}

/// Runs until the server closes `input`.
async fn serve(
    index: usize,
    settings: SfuSettings,
    input: impl AsyncRead + Unpin,
    output: impl AsyncWrite + Unpin + 'static,
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel::<WorkerFrame>(OUT_QUEUE);
    let out = Out { tx };
    let writer = tokio::task::spawn_local(write_frames(output, rx));
    let (state, mut forget) = State::start(index, settings, out.clone())
        .await
        .map_err(|e| format!("media worker {index}: {e}"))?;
    let ready = WorkerFrame::Ready {
        pid: std::process::id(),
        webrtc_server_port: state.borrow().webrtc_server_port(),
    };
    if out.tx.send(ready).await.is_err() {
        return Err("stdout closed".into());
    }
    let mut lines = BufReader::new(input).lines();
    loop {
        tokio::select! {
            line = lines.next_line() => match line {
                Ok(Some(line)) => match serde_json::from_str::<CallFrame>(&line) {
                    Ok(frame) => dispatch(&state, &out, frame),
                    Err(e) => tracing::error!("unreadable call from the server: {e}"),
                },
                // The server is gone (or closed us): close everything and exit.
                _ => break,
            },
            Some(gone) = forget.recv() => state.borrow_mut().forget(gone),
        }
    }
    let closed = state.borrow_mut().close_all();
    drop(closed);
    // mediasoup sends the close requests of dropped objects from its own
    // executor: give them a moment before the worker goes (else each logs
    // "closing failed on drop: Channel already closed").
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    drop(out);
    let _ = writer.await;
    Ok(())
}

async fn write_frames(mut output: impl AsyncWrite + Unpin, mut rx: mpsc::Receiver<WorkerFrame>) {
    while let Some(frame) = rx.recv().await {
        let Ok(mut line) = serde_json::to_string(&frame) else {
            continue;
        };
        line.push('\n');
        if output.write_all(line.as_bytes()).await.is_err() || output.flush().await.is_err() {
            break;
        }
    }
}

fn answer<T: Serialize>(result: Result<T, SfuError>) -> Result<Value, SfuError> {
    result.and_then(|v| {
        serde_json::to_value(v)
            .map_err(|e| SfuError::Internal(format!("cannot encode an answer: {e}")))
    })
}

/// Runs one call as a local task and sends its answer.
fn dispatch(state: &Shared, out: &Out, frame: CallFrame) {
    let (state, tx) = (state.clone(), out.tx.clone());
    let CallFrame { id, call } = frame;
    tokio::task::spawn_local(async move {
        let name = call.name();
        let result = handle(&state, call).await;
        if let Err(e) = &result {
            tracing::debug!(call = name, "{e}");
        }
        let _ = tx.send(WorkerFrame::Answer { id, result }).await;
    });
}

async fn handle(state: &Shared, call: Call) -> Result<Value, SfuError> {
    match call {
        Call::CreateRouter(r) => answer(room::create_router(state, r.router).await),
        Call::CloseRouter(r) => answer(room::close_router(state, r.router)),
        Call::SetUpRoom(r) => answer(room::set_up_room(state, r.router).await),
        Call::CreateWebRtcTransport(r) => {
            answer(transport::create_webrtc(state, r.router, r.options, r.sink).await)
        }
        Call::CreatePlainTransport(r) => {
            answer(transport::create_plain(state, r.router, r.options).await)
        }
        Call::ConnectTransport(r) => {
            answer(transport::connect(state, r.transport, r.dtls_parameters).await)
        }
        Call::CreateRecordingTransport(r) => {
            answer(recording::create_transport(state, r.router).await)
        }
        Call::ConnectPlainTransport(r) => {
            answer(recording::connect(state, r.transport, r.port, r.rtcp_port).await)
        }
        Call::RestartIce(r) => answer(transport::restart_ice(state, r.transport).await),
        Call::CloseTransport(r) => answer(transport::close(state, &r.transport)),
        Call::Produce(r) => {
            answer(media::produce(state, r.transport, r.kind, r.rtp_parameters).await)
        }
        Call::ProducerOp(r) => answer(media::producer_op(state, r.producer, r.op).await),
        Call::WatchProducer(r) => {
            answer(media::watch_producer(state, r.router, r.producer, r.sink).await)
        }
        Call::Consume(r) => {
            answer(media::consume(state, r.transport, r.producer, r.rtp_capabilities, r.sink).await)
        }
        Call::ConsumerOp(r) => answer(media::consumer_op(state, r.consumer, r.op).await),
        Call::ConsumerControlCall(r) => media::consumer_control(state, r.consumer, r.control).await,
        Call::ProduceData(r) => answer(
            data::produce_data(
                state,
                r.transport,
                r.sctp_stream_parameters,
                r.label,
                r.protocol,
            )
            .await,
        ),
        Call::ConsumeData(r) => {
            answer(data::consume_data(state, r.transport, r.data_producer, r.sink).await)
        }
        Call::CloseDataConsumer(r) => answer(data::close_data_consumer(state, &r.data_consumer)),
        Call::BotListen(r) => answer(room::bot_listen(state, r.router, r.data_producer).await),
        Call::BotSend(r) => answer(room::bot_send(state, r.router, r.text)),
        Call::Stats(r) => answer(stats::stats(state, r.of).await),
        Call::CanConsume(r) => answer(media::can_consume(
            state,
            r.router,
            r.producers,
            &r.rtp_capabilities,
        )),
        Call::Status(r) => answer(stats::status(state, r.probe_ms).await),
        Call::CloseAll(_) => {
            let closed = state.borrow_mut().close_all();
            let n = closed.routers;
            drop(closed);
            answer(Ok(n))
        }
    }
}

/// Sends a "mediasoup closed this" note from a mediasoup callback.
pub(super) fn forget(tx: &mpsc::UnboundedSender<Forget>, what: Forget) {
    let _ = tx.send(what);
}
