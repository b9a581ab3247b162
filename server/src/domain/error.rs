//! Why a peer's operation failed: one error type for the protoo session and
//! the REST API, each maps it to its own status.

use crate::sfu::SfuError;

use super::room::Refusal;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeerError {
    #[error(transparent)]
    Sfu(#[from] SfuError),
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The request needs a joined peer.
    #[error("Peer not yet joined")]
    NotJoined,
    #[error("Peer already joined")]
    AlreadyJoined,
    /// This connection left or was replaced while the request ran.
    #[error("peer connection closed")]
    Gone,
    /// An id the peer does not own (or that does not exist).
    #[error("{what} with id \"{id}\" not found")]
    NotFound { what: &'static str, id: String },
    /// More than a limit allows.
    #[error("too many {what} (at most {max})")]
    Limit { what: &'static str, max: usize },
    /// Bad data in the request; `field` names it.
    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    /// The request is understood but not supported here.
    #[error("{reason}")]
    Unsupported { code: u16, reason: &'static str },
    /// A bug on our side (e.g. a response that cannot be encoded).
    #[error("{0}")]
    Internal(String),
}

impl PeerError {
    /// The protoo error code / HTTP status.
    pub fn code(&self) -> u16 {
        match self {
            PeerError::Sfu(e) => e.code(),
            PeerError::Refused(Refusal::Taken(_)) => 409,
            PeerError::Refused(_) => 429,
            PeerError::NotJoined => 403,
            PeerError::AlreadyJoined => 409,
            PeerError::Gone => 410,
            PeerError::NotFound { .. } => 404,
            PeerError::Limit { .. } => 429,
            PeerError::Invalid { .. } => 400,
            PeerError::Unsupported { code, .. } => *code,
            PeerError::Internal(_) => 500,
        }
    }

    pub(super) fn not_found(what: &'static str, id: impl std::fmt::Display) -> Self {
        PeerError::NotFound {
            what,
            id: id.to_string(),
        }
    }

    pub(super) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        PeerError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}
