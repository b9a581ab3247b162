//! The rooms' domain: rooms, peers and what a peer can do, called by the
//! protoo session (`session.rs` + `protoo.rs`) and by the Broadcaster REST API
//! (`broadcaster.rs`) alike. Nothing here knows about sockets or HTTP: a peer
//! is reached through [`channel::PeerChannel`], the media engine through
//! [`crate::sfu`].
//!
//! - `room.rs`: the registry and each room's state (locked, never across an await);
//! - `peer.rs`: [`Peer`], a connection of a peer in its room: transports, join, names;
//! - `media.rs`, `consume.rs`: producers, and consumers offered to the others;
//! - `data.rs`: data channels (chat, the bot);
//! - `events.rs`: what the SFU reports, turned into notifications; a dead worker;
//! - `extras.rs`: stunroom's own raised hands and emoji reactions;
//! - `broadcaster.rs`: a REST broadcaster found again by its ids, and expired when idle;
//! - `limits.rs`, `validate.rs`: what a client may allocate and send.

mod broadcaster;
pub mod channel;
mod consume;
pub mod data;
pub mod error;
mod events;
pub mod extras;
pub mod limits;
mod media;
pub mod peer;
pub mod room;
#[cfg(test)]
mod tests;
pub mod validate;

pub use error::PeerError;
#[cfg(test)]
pub use events::bot_reply;
pub use limits::{LimitArgs, Limits};
pub use peer::{FollowUp, Peer};
pub use room::{Arrival, PeerKind, PeerLink, Rooms};

use crate::sfu::Sfu;

/// The rooms and the media engine under them; shared by every connection.
pub struct Hub {
    pub sfu: Sfu,
    pub rooms: Rooms,
}

impl Hub {
    pub fn new(sfu: Sfu, limits: Limits) -> Self {
        Hub {
            sfu,
            rooms: Rooms::new(limits),
        }
    }

    pub fn limits(&self) -> &Limits {
        self.rooms.limits()
    }
}
