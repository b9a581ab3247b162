//! Typed ids. mediasoup's objects are named by UUID strings and rooms and peers
//! by names the client picks; on the wire all are JSON strings
//! (`serde(transparent)`), in Rust each is its own type so a consumer id can
//! never be passed where a transport id is meant.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! object_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id string (as mediasoup made it).
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }
    };
}

object_id!(
    /// A WebRTC, plain or direct transport.
    TransportId
);
object_id!(
    /// An RTP producer.
    ProducerId
);
object_id!(
    /// An RTP consumer.
    ConsumerId
);
object_id!(
    /// An SCTP (or direct) data producer.
    DataProducerId
);
object_id!(
    /// An SCTP (or direct) data consumer.
    DataConsumerId
);

/// Longest room or peer name.
pub const MAX_NAME_LEN: usize = 64;

/// Why a room or peer name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Empty (or only spaces).
    #[error("{0} is empty")]
    Empty(&'static str),
    /// Longer than [`MAX_NAME_LEN`] bytes.
    #[error("{0} is longer than {MAX_NAME_LEN} characters")]
    TooLong(&'static str),
    /// A character outside letters, digits, `-`, `_`, `.`.
    #[error("{what} has the character {ch:?}; use letters, digits, '-', '_' or '.'")]
    BadChar {
        /// `roomId` or `peerId`.
        what: &'static str,
        /// The first offending character.
        ch: char,
    },
}

/// Checks a room or peer name: 1 to 64 ASCII letters, digits, `-`, `_`, `.`
/// (so it is safe in URLs, log lines and file names as it is).
fn check_name(what: &'static str, name: &str) -> Result<(), NameError> {
    if name.trim().is_empty() {
        return Err(NameError::Empty(what));
    }
    if name.len() > MAX_NAME_LEN {
        return Err(NameError::TooLong(what));
    }
    match name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        Some(ch) => Err(NameError::BadChar { what, ch }),
        None => Ok(()),
    }
}

macro_rules! name_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Validates a name (see [`MAX_NAME_LEN`] and the allowed characters).
            pub fn parse(name: &str) -> Result<Self, NameError> {
                check_name($what, name).map(|()| Self(name.to_owned()))
            }

            /// The name as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = NameError;

            fn try_from(name: String) -> Result<Self, NameError> {
                check_name($what, &name).map(|()| Self(name))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

name_id!(
    /// A room's name (`roomId`), validated.
    RoomId,
    "roomId"
);
name_id!(
    /// A peer's id (`peerId`), validated.
    PeerId,
    "peerId"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_ids_are_plain_json_strings() {
        let id = TransportId::new("6f0c…");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"6f0c…\"");
        let back: ConsumerId = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(back.as_str(), "abc");
        assert_eq!(back.to_string(), "abc");
    }

    #[test]
    fn names_are_checked() {
        assert!(RoomId::parse("demo-1_a.b").is_ok());
        assert_eq!(RoomId::parse(""), Err(NameError::Empty("roomId")));
        assert_eq!(
            RoomId::parse(&"x".repeat(65)),
            Err(NameError::TooLong("roomId"))
        );
        assert!(RoomId::parse(&"x".repeat(64)).is_ok());
        let e = PeerId::parse("a\r\nINFO forged").unwrap_err();
        assert_eq!(
            e,
            NameError::BadChar {
                what: "peerId",
                ch: '\r'
            }
        );
        assert!(e.to_string().contains("peerId"));
        assert!(PeerId::parse("zoë").is_err());
        // On the wire: checked while decoding.
        assert!(serde_json::from_str::<PeerId>("\"ok\"").is_ok());
        assert!(serde_json::from_str::<PeerId>("\"a b\"").is_err());
    }
}
