//! The ICE configuration `/api/ice` hands to browsers (STUNner auth service shape).
//!
//! Only [`IceMode::None`] exists so far; static credentials, locally minted
//! STUNner `ephemeral` credentials and the auth-service pass-through come later.

use stunroom_shared::ice::{IceConfiguration, IceTransportPolicy};

/// Where ICE servers come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum IceMode {
    /// No ICE servers: browsers use host candidates only (`iceTransportPolicy: all`).
    #[default]
    None,
}

/// Who is asking (used by credential-minting modes).
#[derive(Debug, Clone, Default)]
pub struct IceRequest {
    pub peer_id: Option<String>,
    pub room_id: Option<String>,
}

/// The configuration for one browser.
pub fn configuration(mode: IceMode, request: &IceRequest) -> IceConfiguration {
    tracing::debug!(peer = ?request.peer_id, room = ?request.room_id, ?mode, "ICE configuration");
    match mode {
        IceMode::None => IceConfiguration {
            ice_servers: Vec::new(),
            ice_transport_policy: IceTransportPolicy::All,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_mode_has_no_servers() {
        let c = configuration(IceMode::None, &IceRequest::default());
        assert_eq!(
            serde_json::to_value(c).unwrap(),
            serde_json::json!({"iceServers":[],"iceTransportPolicy":"all"})
        );
    }
}
