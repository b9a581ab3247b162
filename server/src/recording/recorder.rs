//! One recording's task. Every [`TICK`] it looks at the room: a producer it
//! does not record yet gets a track (a paused consumer on its own loopback
//! plain transport, an ffmpeg listening on the ports the transport sends to,
//! then resume and a keyframe request); a track whose producer has gone is
//! finished; joined peers not told yet get `recordingStateChanged`. It ends
//! when asked to, at its maximum duration, when the room closes, or (failed)
//! when an ffmpeg dies by itself.
//!
//! Polling the room keeps the rooms' domain unaware of recordings; a new
//! producer is picked up within one tick (its first half second is lost).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use stunroom_shared::ids::{ConsumerId, ProducerId, TransportId};
use stunroom_shared::media::{MediaKind, RtpCapabilities};
use stunroom_shared::messages::ServerNotification;
use stunroom_shared::recording::{RecordingState, RecordingStateChangedData};

use super::ffmpeg::{self, Ffmpeg};
use super::sdp;
use super::store::{Recording, TrackFile};
use crate::domain::room::{ProducerRecord, Room};
use crate::sfu::{ConsumerControl, Op, Router, SinkHandle};
use crate::App;

const TICK: Duration = Duration::from_millis(500);
/// A second keyframe request this long after the first (ffmpeg may still be probing).
const KEYFRAME_AGAIN: Duration = Duration::from_millis(1500);
/// Attempts to start ffmpeg on fresh ports (another process may take them first).
const START_ATTEMPTS: usize = 3;

struct Track {
    name: String,
    transport: TransportId,
    consumer: ConsumerId,
    kind: MediaKind,
    ffmpeg: Ffmpeg,
    keyframe_again: Option<Instant>,
}

/// What the recorder consumes with: the router's codecs without RTX (ffmpeg
/// sends no NACKs, and the SDP names one payload type).
fn recorder_caps(router: &RtpCapabilities) -> RtpCapabilities {
    let mut caps = router.clone();
    caps.codecs
        .retain(|c| !c.mime_type.to_ascii_lowercase().ends_with("/rtx"));
    caps
}

/// Tells joined peers not told yet whether the room is recorded.
fn tell_new_peers(room: &Room, told: &mut HashSet<usize>, recording: bool) {
    let links = room.joined_links(None);
    // The channel's address identifies the connection while it lives.
    let key = |link: &crate::domain::PeerLink| Arc::as_ptr(&link.channel) as *const () as usize;
    // Forget connections that have gone (bounds the set by the room's peers).
    let current: HashSet<usize> = links.iter().map(key).collect();
    told.retain(|k| current.contains(k));
    for link in links {
        if told.insert(key(&link)) {
            link.channel
                .notify(ServerNotification::RecordingStateChanged(
                    RecordingStateChangedData { recording },
                ));
        }
    }
}

pub async fn run(app: Arc<App>, rec: Arc<Recording>) {
    let mut stop = rec.stop_requested();
    let (sink, mut events) = app.hub.sfu.sink(64);
    let mut tracks: HashMap<ProducerId, Track> = HashMap::new();
    let mut seen: HashSet<ProducerId> = HashSet::new();
    let mut told: HashSet<usize> = HashSet::new();
    let mut router: Option<Router> = None;
    let mut tick = tokio::time::interval(TICK);
    let max_tracks = app.recordings.settings.max_tracks;
    let (state, error) = loop {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => break (RecordingState::Stopped, None),
            // Consumer events (its producer closed, paused): the next tick sees the room.
            Some(_) = events.recv() => continue,
            _ = tick.tick() => {}
        }
        if rec.started.elapsed() >= rec.max_duration {
            let why = format!(
                "stopped at its maximum duration ({} s)",
                rec.max_duration.as_secs()
            );
            break (RecordingState::Stopped, Some(why));
        }
        let room = match app.hub.rooms.get(&rec.room_id) {
            Some(room) if !room.is_closed() => room,
            _ => break (RecordingState::Stopped, Some("the room closed".into())),
        };
        tell_new_peers(&room, &mut told, true);
        let crashed = tracks.values_mut().find_map(|t| {
            t.ffmpeg
                .exited()
                .map(|status| (t.name.clone(), t.ffmpeg.failure(status)))
        });
        if let Some((name, e)) = crashed {
            tracing::warn!(recording = %rec.id, file = %name, "{e}");
            rec.file_error(&name, e.clone());
            break (RecordingState::Failed, Some(format!("{name}: {e}")));
        }
        let Some(r) = room.router_state().map(|s| s.router.clone()) else {
            continue;
        };
        let producers = room.all_producers();
        let gone: Vec<ProducerId> = tracks
            .keys()
            .filter(|id| !producers.iter().any(|p| &p.id == *id))
            .cloned()
            .collect();
        for id in gone {
            if let Some(track) = tracks.remove(&id) {
                finish_track(&r, &rec, track).await;
            }
        }
        for p in &producers {
            if !seen.insert(p.id.clone()) {
                continue;
            }
            if tracks.len() >= max_tracks {
                tracing::warn!(recording = %rec.id, producer = %p.id, "not recorded: {max_tracks} tracks already (--max-recording-tracks)");
                continue;
            }
            match start_track(&app, &r, &rec, &sink, p).await {
                Ok(track) => {
                    tracing::info!(recording = %rec.id, producer = %p.id, file = %track.name, "recording a track");
                    tracks.insert(p.id.clone(), track);
                }
                Err(e) => {
                    tracing::warn!(recording = %rec.id, producer = %p.id, "cannot record: {e}")
                }
            }
        }
        for t in tracks.values_mut() {
            if t.keyframe_again.is_some_and(|at| Instant::now() >= at) {
                t.keyframe_again = None;
                let _ = r
                    .consumer_control(t.consumer.clone(), ConsumerControl::KeyFrame)
                    .await;
            }
        }
        router = Some(r);
    };
    if let Some(r) = &router {
        let finishing = tracks
            .drain()
            .map(|(_, track)| finish_track(r, &rec, track));
        futures_util::future::join_all(finishing).await;
    }
    tracing::info!(recording = %rec.id, room = %rec.room_id, ?state, ?error, "recording ended");
    rec.finish(state, error);
    let still = app.recordings.is_recording(&rec.room_id);
    if let Some(room) = app.hub.rooms.get(&rec.room_id) {
        tell_new_peers(&room, &mut HashSet::new(), still);
    }
}

async fn start_track(
    app: &App,
    router: &Router,
    rec: &Recording,
    sink: &SinkHandle,
    p: &ProducerRecord,
) -> Result<Track, String> {
    let transport = router
        .create_recording_transport()
        .await
        .map_err(|e| e.to_string())?
        .id;
    let started = open_track(app, router, rec, sink, p, &transport).await;
    if started.is_err() {
        let _ = router.close_transport(transport).await;
    }
    started
}

async fn open_track(
    app: &App,
    router: &Router,
    rec: &Recording,
    sink: &SinkHandle,
    p: &ProducerRecord,
    transport: &TransportId,
) -> Result<Track, String> {
    let caps = recorder_caps(router.rtp_capabilities());
    let consumer = router
        .consume(transport.clone(), p.id.clone(), caps, sink)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the router cannot consume it with the recorder's codecs")?;
    let codec = consumer
        .rtp_parameters
        .codecs
        .first()
        .ok_or("its consumer has no codec")?;
    let kind = match p.kind {
        MediaKind::Audio => "audio",
        MediaKind::Video => "video",
    };
    let name = format!("{kind}-{}-{}", p.peer_id, p.id);
    let ext = sdp::extension(&codec.mime_type);
    let (sdp_path, out_path) = ffmpeg::paths(&rec.dir, &name, ext);
    let mut attempt = 0;
    let (ffmpeg, port) = loop {
        attempt += 1;
        let port = ffmpeg::free_port_pair().map_err(|e| e.to_string())?;
        tokio::fs::write(&sdp_path, sdp::render(p.kind, codec, port))
            .await
            .map_err(|e| format!("cannot write {}: {e}", sdp_path.display()))?;
        match Ffmpeg::start(&app.recordings.settings.ffmpeg, &sdp_path, &out_path, port).await {
            Ok(f) => break (f, port),
            Err(e) if attempt < START_ATTEMPTS => {
                tracing::debug!("ffmpeg attempt {attempt} on port {port}: {e}")
            }
            Err(e) => return Err(e),
        }
    };
    let file = TrackFile {
        name: format!("{name}.{ext}"),
        path: out_path,
        producer_id: p.id.clone(),
        kind: p.kind,
        mime_type: codec.mime_type.clone(),
        error: None,
    };
    let mut track = Track {
        name: file.name.clone(),
        transport: transport.clone(),
        consumer: consumer.id.clone(),
        kind: p.kind,
        ffmpeg,
        keyframe_again: None,
    };
    let wired = async {
        router
            .connect_plain(transport.clone(), port, Some(port + 1))
            .await?;
        router.consumer(consumer.id.clone(), Op::Resume).await?;
        if p.kind == MediaKind::Video {
            router
                .consumer_control(consumer.id.clone(), ConsumerControl::KeyFrame)
                .await?;
        }
        Ok::<_, crate::sfu::SfuError>(())
    }
    .await;
    if let Err(e) = wired {
        let _ = track.ffmpeg.stop().await;
        return Err(e.to_string());
    }
    if track.kind == MediaKind::Video {
        track.keyframe_again = Some(Instant::now() + KEYFRAME_AGAIN);
    }
    rec.add_file(file);
    Ok(track)
}

/// Lets ffmpeg write the file's end (while RTP still flows: see
/// [`Ffmpeg::stop`]), then closes the transport.
async fn finish_track(router: &Router, rec: &Recording, mut track: Track) {
    if let Err(e) = track.ffmpeg.stop().await {
        tracing::warn!(recording = %rec.id, file = %track.name, "{e}");
        rec.file_error(&track.name, e);
    }
    let _ = router.close_transport(track.transport.clone()).await;
}
