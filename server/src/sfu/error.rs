//! Why an SFU call failed. Serializable: it crosses the worker-process pipe.

use serde::{Deserialize, Serialize};

/// The kinds of mediasoup objects, for "not found" errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entity {
    Router,
    Transport,
    Producer,
    Consumer,
    DataProducer,
    DataConsumer,
    Bot,
}

impl Entity {
    /// The protocol's name for it (`dataProducer`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Entity::Router => "router",
            Entity::Transport => "transport",
            Entity::Producer => "producer",
            Entity::Consumer => "consumer",
            Entity::DataProducer => "dataProducer",
            Entity::DataConsumer => "dataConsumer",
            Entity::Bot => "bot",
        }
    }
}

/// Why an SFU call failed; each maps to a protoo error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum SfuError {
    /// The caller's data cannot be used; `field` names where (e.g. `rtpParameters.codecs[0]`).
    #[error("invalid {field}: {reason}")]
    Invalid { field: String, reason: String },
    /// A well-formed request mediasoup (or the object's state) refuses.
    #[error("{what}: {reason}")]
    Refused { what: String, reason: String },
    /// An id that does not exist (or no longer does).
    #[error("{} with id \"{id}\" not found", .entity.name())]
    NotFound { entity: Entity, id: String },
    /// More than a limit allows.
    #[error("too many {what} (at most {max})")]
    Limit { what: String, max: usize },
    /// The mediasoup worker process holding the object is gone.
    #[error("the media worker {worker} stopped")]
    WorkerDied { worker: usize },
    /// mediasoup or the SFU itself failed.
    #[error("{0}")]
    Internal(String),
}

impl SfuError {
    /// The protoo / HTTP status for this error.
    pub fn code(&self) -> u16 {
        match self {
            SfuError::Invalid { .. } | SfuError::Refused { .. } => 400,
            SfuError::NotFound { .. } => 404,
            SfuError::Limit { .. } => 429,
            SfuError::WorkerDied { .. } => 503,
            SfuError::Internal(_) => 500,
        }
    }

    pub(super) fn not_found(entity: Entity, id: impl std::fmt::Display) -> Self {
        SfuError::NotFound {
            entity,
            id: id.to_string(),
        }
    }

    pub(super) fn invalid(field: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        SfuError::Invalid {
            field: field.into(),
            reason: reason.to_string(),
        }
    }

    pub(super) fn internal(what: &str, e: impl std::fmt::Display) -> Self {
        SfuError::Internal(format!("{what} failed: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_what_and_map_to_codes() {
        let e = SfuError::not_found(Entity::DataProducer, "x1");
        assert_eq!(e.to_string(), "dataProducer with id \"x1\" not found");
        assert_eq!(e.code(), 404);
        let e = SfuError::invalid("rtpParameters.encodings", "at most 4");
        assert_eq!(e.to_string(), "invalid rtpParameters.encodings: at most 4");
        assert_eq!(e.code(), 400);
        assert_eq!(SfuError::WorkerDied { worker: 1 }.code(), 503);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<SfuError>(&json).unwrap(), e);
    }
}
