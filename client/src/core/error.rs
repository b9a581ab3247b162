//! The core's error type.

use stunroom_shared::media::MediaKind;
use thiserror::Error;

use super::sdp::SdpError;

/// Why a core operation failed. None of them leaves the core in a changed state
/// unless stated on the method.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CoreError {
    #[error("invalid SDP: {0}")]
    Sdp(#[from] SdpError),
    #[error("invalid RTP capabilities: {0}")]
    InvalidCapabilities(String),
    #[error("invalid RTP parameters: {0}")]
    InvalidParameters(String),
    #[error("no media section with mid {0:?}")]
    UnknownMid(String),
    #[error("cannot produce {0}: no codec in common with the router")]
    CannotProduce(MediaKind),
    #[error("cannot consume {0}: its first codec is not in our receive capabilities")]
    CannotConsume(String),
    #[error("no matching codec found")]
    NoMatchingCodec,
    #[error("no a=ssrc lines found in media section {0:?}")]
    NoSsrc(String),
    #[error("{0}")]
    NoDtls(&'static str),
    #[error("the local SDP has no m=application section")]
    NoDataChannelSection,
    #[error("the transport has no SCTP parameters")]
    NoSctp,
}
