//! The stats panel: what the browser measures next to what the server does,
//! for each transport.

use js_sys::Reflect;
use leptos::prelude::*;
use serde_json::Value;
use stunroom_shared::messages::{ClientRequest, TransportIdRequest};
use wasm_bindgen::JsValue;

use super::Room;
use crate::state::StatsRow;
use crate::webrtc::PeerConnection;

impl Room {
    pub async fn refresh_stats(&self) -> Result<(), String> {
        let mut rows = Vec::new();
        let transports = [
            self.send.as_ref().map(|t| ("Sending", &t.id, &t.pc)),
            self.recv.as_ref().map(|t| ("Receiving", &t.id, &t.pc)),
        ];
        for (label, id, pc) in transports.into_iter().flatten() {
            let local = browser_summary(pc).await?;
            let server: Vec<Value> = self
                .signaling
                .request(ClientRequest::GetTransportStats(TransportIdRequest {
                    transport_id: id.clone(),
                }))
                .await
                .map_err(|e| e.to_string())?;
            rows.push(StatsRow {
                label: label.into(),
                local,
                server: server_summary(&server),
            });
        }
        self.state.stats.set(rows);
        Ok(())
    }
}

fn field(report: &JsValue, name: &str) -> Option<String> {
    let v = Reflect::get(report, &name.into()).ok()?;
    if let Some(n) = v.as_f64() {
        return Some(if n.fract() == 0.0 {
            format!("{n:.0}")
        } else {
            format!("{n:.3}")
        });
    }
    v.as_string()
}

/// Selected candidate pair, local candidate type and RTP totals.
async fn browser_summary(pc: &PeerConnection) -> Result<Vec<(String, String)>, String> {
    let reports = pc.stats().await.map_err(|e| e.to_string())?;
    let by_id = |id: &str| {
        reports
            .iter()
            .find(|r| field(r, "id").as_deref() == Some(id))
            .cloned()
    };
    let mut out = Vec::new();
    let transport = reports
        .iter()
        .find(|r| field(r, "type").as_deref() == Some("transport"));
    let pair = transport
        .and_then(|t| field(t, "selectedCandidatePairId"))
        .and_then(|id| by_id(&id));
    if let Some(pair) = &pair {
        for (key, label) in [
            ("bytesSent", "bytes sent"),
            ("bytesReceived", "bytes received"),
            ("currentRoundTripTime", "round trip (s)"),
            ("availableOutgoingBitrate", "outgoing bitrate estimate"),
        ] {
            if let Some(v) = field(pair, key) {
                out.push((label.to_owned(), v));
            }
        }
        if let Some(local) = field(pair, "localCandidateId").and_then(|id| by_id(&id)) {
            if let Some(t) = field(&local, "candidateType") {
                out.push(("local candidate".to_owned(), t));
            }
        }
    }
    for kind in ["outbound-rtp", "inbound-rtp"] {
        let video = reports.iter().filter(|r| {
            field(r, "type").as_deref() == Some(kind)
                && field(r, "kind").as_deref() == Some("video")
        });
        let frames: f64 = video
            .filter_map(|r| {
                Reflect::get(
                    r,
                    &(if kind == "outbound-rtp" {
                        "framesEncoded"
                    } else {
                        "framesDecoded"
                    })
                    .into(),
                )
                .ok()
                .and_then(|v| v.as_f64())
            })
            .sum();
        if frames > 0.0 {
            let label = if kind == "outbound-rtp" {
                "video frames encoded"
            } else {
                "video frames decoded"
            };
            out.push((label.to_owned(), format!("{frames:.0}")));
        }
    }
    Ok(out)
}

fn server_summary(stats: &[Value]) -> Vec<(String, String)> {
    let Some(t) = stats.first() else {
        return Vec::new();
    };
    [
        ("bytesReceived", "bytes received"),
        ("bytesSent", "bytes sent"),
        ("recvBitrate", "receive bitrate"),
        ("sendBitrate", "send bitrate"),
        ("iceState", "ICE state"),
        ("dtlsState", "DTLS state"),
        ("availableOutgoingBitrate", "outgoing bitrate estimate"),
    ]
    .into_iter()
    .filter_map(|(key, label)| {
        let v = t.get(key)?;
        let text = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Some((label.to_owned(), text))
    })
    .collect()
}
