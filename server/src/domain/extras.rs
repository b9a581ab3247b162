//! Room extras of stunroom's own client (not in the mediasoup-demo protocol):
//! a raised hand, kept per peer so that late joiners see it in `join`'s peer
//! list, and emoji reactions, relayed to the others and rate-limited per peer.
//! The reference client never sends these requests, so it never gets the
//! notifications either.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use stunroom_shared::messages::{
    PeerHandChangedData, PeerReactionData, ServerNotification, REACTIONS,
};

use super::error::PeerError;
use super::peer::Peer;
use super::room::PeerLink;

/// At most this many reactions per peer in [`REACTION_WINDOW`].
pub const MAX_REACTIONS: usize = 5;
pub const REACTION_WINDOW: Duration = Duration::from_secs(3);
/// Characters of a refused emoji quoted back in the error.
const QUOTED_CHARS: usize = 16;

/// A peer's extras, in its room entry.
#[derive(Debug, Default)]
pub struct PeerExtras {
    pub hand_raised: bool,
    pub reactions: ReactionWindow,
}

/// When the last reactions were accepted (at most [`MAX_REACTIONS`] kept).
#[derive(Debug, Default)]
pub struct ReactionWindow(VecDeque<Instant>);

impl ReactionWindow {
    /// Takes one more reaction at `now` unless [`MAX_REACTIONS`] were taken
    /// in the [`REACTION_WINDOW`] before it.
    pub fn allow(&mut self, now: Instant) -> bool {
        while self
            .0
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= REACTION_WINDOW)
        {
            self.0.pop_front();
        }
        if self.0.len() >= MAX_REACTIONS {
            return false;
        }
        self.0.push_back(now);
        true
    }
}

/// The emoji if it is one of [`REACTIONS`]; an error naming it otherwise.
pub fn check_reaction(emoji: &str) -> Result<(), PeerError> {
    if REACTIONS.contains(&emoji) {
        return Ok(());
    }
    let quoted: String = emoji.chars().take(QUOTED_CHARS).collect();
    Err(PeerError::invalid(
        "emoji",
        format!(
            "{quoted:?} is not an allowed reaction (allowed: {})",
            REACTIONS.join(" ")
        ),
    ))
}

impl Peer {
    /// Raises or lowers this peer's hand and tells the others (only on a change).
    pub fn set_hand_raised(&self, raised: bool) -> Result<(), PeerError> {
        self.joined()?;
        let changed = self
            .room
            .with_peer(&self.id, self.conn_id, |p| {
                std::mem::replace(&mut p.extras.hand_raised, raised) != raised
            })
            .ok_or(PeerError::Gone)?;
        if !changed {
            return Ok(());
        }
        let others = self.room.joined_links(Some(&self.id));
        let changed = ServerNotification::PeerHandChanged(PeerHandChangedData {
            peer_id: self.id.clone(),
            raised,
        });
        notify_all(&others, &changed);
        Ok(())
    }

    /// Relays one reaction to the others, within the rate limit.
    pub fn send_reaction(&self, emoji: String) -> Result<(), PeerError> {
        self.joined()?;
        check_reaction(&emoji)?;
        let allowed = self
            .room
            .with_peer(&self.id, self.conn_id, |p| {
                p.extras.reactions.allow(Instant::now())
            })
            .ok_or(PeerError::Gone)?;
        if !allowed {
            return Err(PeerError::Limit {
                what: "reactions",
                max: MAX_REACTIONS,
            });
        }
        let reaction = ServerNotification::PeerReaction(PeerReactionData {
            peer_id: self.id.clone(),
            emoji,
        });
        notify_all(&self.room.joined_links(Some(&self.id)), &reaction);
        Ok(())
    }
}

fn notify_all(links: &[PeerLink], n: &ServerNotification) {
    for link in links {
        link.channel.notify(n.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reactions_are_limited_per_window() {
        let mut w = ReactionWindow::default();
        let t0 = Instant::now();
        for i in 0..MAX_REACTIONS {
            assert!(w.allow(t0 + Duration::from_millis(i as u64 * 10)), "{i}");
        }
        assert!(!w.allow(t0 + Duration::from_millis(500)));
        assert!(!w.allow(t0 + REACTION_WINDOW - Duration::from_millis(1)));
        // The first one has left the window: one more fits, not two.
        assert!(w.allow(t0 + REACTION_WINDOW));
        assert!(!w.allow(t0 + REACTION_WINDOW + Duration::from_millis(5)));
        assert!(w.allow(t0 + REACTION_WINDOW * 3));
    }

    #[test]
    fn only_listed_emoji_are_reactions() {
        for e in REACTIONS {
            assert_eq!(check_reaction(e), Ok(()));
        }
        let e = check_reaction("💩").unwrap_err();
        assert_eq!(e.code(), 400);
        assert!(
            e.to_string().contains("\"💩\" is not an allowed reaction"),
            "{e}"
        );
        assert!(e.to_string().contains("🎉"), "{e}");
        // A long refusal is quoted shortened.
        let long = "x".repeat(10_000);
        assert!(check_reaction(&long).unwrap_err().to_string().len() < 200);
        assert!(check_reaction("").is_err());
        assert!(check_reaction("👍👍").is_err());
    }
}
