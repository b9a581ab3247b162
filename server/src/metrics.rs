//! `/metrics`: the server's Prometheus metrics.
//!
//! Gauges are exact counts taken at scrape time: rooms and peers from the room
//! registry, mediasoup objects and live workers from the SFU thread, WebSocket
//! sessions from the shutdown tracker ([`crate::shutdown`]). Only the counter of
//! accepted WebSocket connections is updated where it happens
//! ([`Metrics::websocket_accepted`]).
//!
//! | metric                                          | type    | what |
//! |-------------------------------------------------|---------|------|
//! | `stunroom_rooms`                                | gauge   | rooms open (one mediasoup router each) |
//! | `stunroom_peers`                                | gauge   | peers connected to a room (joined or not) |
//! | `stunroom_transports`                           | gauge   | mediasoup WebRTC transports |
//! | `stunroom_producers`                            | gauge   | mediasoup producers |
//! | `stunroom_consumers`                            | gauge   | mediasoup consumers |
//! | `stunroom_workers_alive`                        | gauge   | mediasoup workers alive |
//! | `stunroom_websocket_connections`                | gauge   | signaling WebSockets open now |
//! | `stunroom_websocket_connections_accepted_total` | counter | signaling WebSockets accepted since start |
//! | `stunroom_draining`                             | gauge   | 1 once shutdown has begun, else 0 |
//!
//! The Prometheus text format (0.0.4) by default; OpenMetrics text when the
//! scraper's `Accept` header asks for `application/openmetrics-text`.

use std::sync::Mutex;

use prometheus_client::encoding::{prometheus_text, text};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

/// `Content-Type` of the Prometheus text format.
pub const PROMETHEUS_TEXT: &str = prometheus_text::CONTENT_TYPE;
/// `Content-Type` of the OpenMetrics text format.
pub const OPENMETRICS_TEXT: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The counts a scrape reports, taken just before encoding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub rooms: usize,
    pub peers: usize,
    pub transports: usize,
    pub producers: usize,
    pub consumers: usize,
    pub workers_alive: usize,
    pub websocket_connections: usize,
    pub draining: bool,
}

/// Which text format to answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Prometheus,
    OpenMetrics,
}

impl Format {
    /// OpenMetrics if the `Accept` header names it, else the Prometheus text format.
    pub fn from_accept(accept: Option<&str>) -> Format {
        match accept {
            Some(a) if a.contains("application/openmetrics-text") => Format::OpenMetrics,
            _ => Format::Prometheus,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Prometheus => PROMETHEUS_TEXT,
            Format::OpenMetrics => OPENMETRICS_TEXT,
        }
    }
}

struct Gauges {
    rooms: Gauge,
    peers: Gauge,
    transports: Gauge,
    producers: Gauge,
    consumers: Gauge,
    workers_alive: Gauge,
    websocket_connections: Gauge,
    draining: Gauge,
}

/// The registry. One per process, shared through [`crate::App`].
pub struct Metrics {
    websocket_accepted: Counter,
    /// Locked for a whole scrape, so concurrent scrapes never interleave
    /// setting and encoding the gauges.
    scrape: Mutex<(Registry, Gauges)>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let mut gauge = |name: &str, help: &str| {
            let g = Gauge::default();
            registry.register(name, help, g.clone());
            g
        };
        let gauges = Gauges {
            rooms: gauge("stunroom_rooms", "Rooms open (one mediasoup router each)"),
            peers: gauge(
                "stunroom_peers",
                "Peers connected to a room (joined or not)",
            ),
            transports: gauge("stunroom_transports", "mediasoup WebRTC transports open"),
            producers: gauge("stunroom_producers", "mediasoup producers open"),
            consumers: gauge("stunroom_consumers", "mediasoup consumers open"),
            workers_alive: gauge("stunroom_workers_alive", "mediasoup workers alive"),
            websocket_connections: gauge(
                "stunroom_websocket_connections",
                "Signaling WebSocket connections open",
            ),
            draining: gauge(
                "stunroom_draining",
                "1 once graceful shutdown has begun (new joins refused), else 0",
            ),
        };
        let websocket_accepted = Counter::default();
        registry.register(
            // The encoder appends `_total`.
            "stunroom_websocket_connections_accepted",
            "Signaling WebSocket connections accepted since start",
            websocket_accepted.clone(),
        );
        Metrics {
            websocket_accepted,
            scrape: Mutex::new((registry, gauges)),
        }
    }
}

fn as_gauge(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Metrics {
    /// A signaling WebSocket was accepted.
    pub fn websocket_accepted(&self) {
        self.websocket_accepted.inc();
    }

    /// Encodes every metric, the gauges set from `now`.
    pub fn render(&self, now: &Snapshot, format: Format) -> Result<String, std::fmt::Error> {
        let scrape = self.scrape.lock().unwrap_or_else(|e| e.into_inner());
        let (registry, g) = &*scrape;
        g.rooms.set(as_gauge(now.rooms));
        g.peers.set(as_gauge(now.peers));
        g.transports.set(as_gauge(now.transports));
        g.producers.set(as_gauge(now.producers));
        g.consumers.set(as_gauge(now.consumers));
        g.workers_alive.set(as_gauge(now.workers_alive));
        g.websocket_connections
            .set(as_gauge(now.websocket_connections));
        g.draining.set(i64::from(now.draining));
        let mut out = String::new();
        match format {
            Format::Prometheus => prometheus_text::encode(&mut out, registry)?,
            Format::OpenMetrics => text::encode(&mut out, registry)?,
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value<'a>(text: &'a str, name: &str) -> Option<&'a str> {
        text.lines()
            .filter_map(|l| l.split_once(' '))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    #[test]
    fn renders_every_metric_in_both_formats() {
        let m = Metrics::default();
        m.websocket_accepted();
        m.websocket_accepted();
        let now = Snapshot {
            rooms: 1,
            peers: 2,
            transports: 4,
            producers: 3,
            consumers: 5,
            workers_alive: 2,
            websocket_connections: 2,
            draining: true,
        };
        let text = m.render(&now, Format::Prometheus).unwrap();
        for (name, v) in [
            ("stunroom_rooms", "1"),
            ("stunroom_peers", "2"),
            ("stunroom_transports", "4"),
            ("stunroom_producers", "3"),
            ("stunroom_consumers", "5"),
            ("stunroom_workers_alive", "2"),
            ("stunroom_websocket_connections", "2"),
            ("stunroom_websocket_connections_accepted_total", "2"),
            ("stunroom_draining", "1"),
        ] {
            assert_eq!(value(&text, name), Some(v), "{name} in\n{text}");
            assert!(text.contains(&format!("# HELP {name} ")), "{text}");
        }
        assert!(text.contains("# TYPE stunroom_rooms gauge\n"), "{text}");
        assert!(
            text.contains("# TYPE stunroom_websocket_connections_accepted_total counter\n"),
            "{text}"
        );
        assert!(!text.contains("# EOF"), "{text}");

        let open = m.render(&Snapshot::default(), Format::OpenMetrics).unwrap();
        assert!(open.ends_with("# EOF\n"), "{open}");
        assert_eq!(value(&open, "stunroom_rooms"), Some("0"));
        assert!(
            open.contains("# TYPE stunroom_websocket_connections_accepted counter\n"),
            "{open}"
        );
    }

    #[test]
    fn negotiates_the_format() {
        assert_eq!(Format::from_accept(None), Format::Prometheus);
        assert_eq!(
            Format::from_accept(Some("text/plain;version=0.0.4;q=0.3,*/*;q=0.2")),
            Format::Prometheus
        );
        let prometheus_v3 = "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,text/plain;version=0.0.4;q=0.3";
        assert_eq!(
            Format::from_accept(Some(prometheus_v3)),
            Format::OpenMetrics
        );
        assert!(Format::Prometheus.content_type().starts_with("text/plain"));
    }
}
