//! Switching camera / microphone and the camera resolution mid-call: the
//! new track goes onto the producer's existing sender (`replaceTrack`), so
//! there is no renegotiation and the server sees the same producer; the
//! sender keeps its simulcast encodings (1/4, 1/2, 1 of the new capture).

use leptos::prelude::*;
use web_sys::MediaStreamTrack;

use super::send::Slot;
use super::Room;
use crate::lobby::{Chosen, DeviceKind, Resolution};
use crate::webrtc::devices;

impl Room {
    /// Uses device `id` (`None`: the default) for `kind` from now on; what is
    /// being sent switches to it at once.
    pub async fn switch_device(
        &self,
        kind: DeviceKind,
        device: Option<Chosen>,
    ) -> Result<(), String> {
        let id = device.as_ref().map(|d| d.id.clone());
        let slot = match kind {
            DeviceKind::Camera => Slot::Cam,
            DeviceKind::Mic => Slot::Mic,
            DeviceKind::Speaker => {
                devices::set_speaker(id.as_deref().unwrap_or(""));
                return Ok(());
            }
        };
        devices::set_picks(|p| match kind {
            DeviceKind::Camera => p.camera = id.clone(),
            _ => p.mic = id.clone(),
        });
        let Some((sender, old)) = self.producers.sender_of(slot) else {
            // Not sending it now: the next capture (turning it on) uses the pick.
            return Ok(());
        };
        let track = devices::capture_one(kind, id.as_deref()).await?;
        if slot == Slot::Mic {
            // A muted microphone stays muted on the new device.
            track.set_enabled(old.enabled());
        }
        if let Err(e) = devices::replace_track(&sender, &track).await {
            track.stop();
            return Err(e);
        }
        self.producers.set_track(slot, track.clone());
        self.swap_local_track(&old, &track);
        old.stop();
        devices::note(&format!(
            "{} switched to {}",
            kind.noun(),
            id.as_deref().unwrap_or("the default")
        ));
        Ok(())
    }

    /// Captures the camera at `r` from now on; the camera being sent changes
    /// in place (applyConstraints), its simulcast layers scale with it.
    pub async fn set_resolution(&self, r: Resolution) -> Result<(), String> {
        devices::set_picks(|p| p.resolution = r);
        let Some((sender, old)) = self.producers.sender_of(Slot::Cam) else {
            devices::note(&format!("resolution {}: no camera is sent", r.label()));
            return Ok(());
        };
        let applied = devices::apply_resolution(&old, r).await;
        let height = devices::track_height(&old);
        devices::note(&format!(
            "resolution {}: applyConstraints {applied:?}, now {height:?}",
            r.label()
        ));
        if applied.is_ok() && height.is_some_and(|h| h <= r.height()) {
            return Ok(());
        }
        // Some cameras refuse to change while open: capture anew instead.
        let id = devices::track_device_id(&old);
        old.stop();
        let track = devices::capture_one(DeviceKind::Camera, id.as_deref()).await?;
        devices::replace_track(&sender, &track).await?;
        self.producers.set_track(Slot::Cam, track.clone());
        self.swap_local_track(&old, &track);
        Ok(())
    }

    /// The self-view shows the new track in place of the old one.
    fn swap_local_track(&self, old: &MediaStreamTrack, new: &MediaStreamTrack) {
        if let Some(local) = self.state.local.get_value() {
            local.remove_track(old);
            local.add_track(new);
            self.state.set_local(Some(local));
        }
    }
}
