//! Sans-IO WebRTC core (port of mediasoup-client).
