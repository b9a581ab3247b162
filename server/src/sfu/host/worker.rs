//! Starting this process's mediasoup Worker and its WebRtcServer.

use mediasoup::data_structures::{ListenInfo, Protocol};
use mediasoup::prelude::{
    WebRtcServer, WebRtcServerListenInfos, WebRtcServerOptions, Worker, WorkerManager,
    WorkerSettings,
};
use mediasoup::worker::WorkerLogLevel;

use crate::sfu::{RtcMode, SfuError, SfuSettings, WorkerLog};

/// Splits `min..=max` into `n` contiguous, non-overlapping ranges; returns the `i`th.
pub(super) fn port_range(min: u16, max: u16, n: usize, i: usize) -> std::ops::RangeInclusive<u16> {
    let n = n.max(1);
    let total = usize::from(max.saturating_sub(min)) + 1;
    let per = (total / n).max(1);
    let start = usize::from(min) + i * per;
    let end = if i + 1 >= n {
        usize::from(max)
    } else {
        start + per - 1
    };
    let clamp = |v: usize| u16::try_from(v.min(usize::from(max))).unwrap_or(max);
    clamp(start)..=clamp(end)
}

/// Worker `index` with its share of the port range and, in WebRtcServer
/// mode, its WebRtcServer on UDP and TCP `rtc_port + index`.
pub(super) async fn start(
    index: usize,
    settings: &SfuSettings,
) -> Result<(Worker, Option<WebRtcServer>), SfuError> {
    let range = port_range(
        settings.rtc_min_port,
        settings.rtc_max_port,
        settings.workers,
        index,
    );
    let mut worker_settings = WorkerSettings::default();
    worker_settings.log_level = match settings.worker_log {
        WorkerLog::None => WorkerLogLevel::None,
        WorkerLog::Error => WorkerLogLevel::Error,
        WorkerLog::Warn => WorkerLogLevel::Warn,
        WorkerLog::Debug => WorkerLogLevel::Debug,
    };
    worker_settings.rtc_ports_range = range.clone();
    let worker = WorkerManager::new()
        .create_worker(worker_settings)
        .await
        .map_err(|e| SfuError::internal(&format!("starting mediasoup worker {index}"), e))?;
    tracing::info!(worker = index, ports = ?range, "mediasoup worker started");
    // The worker thread is this process's reason to be: without it, exit, and
    // the server (which sees our pipe close) restarts us.
    worker
        .on_dead(move |result| {
            tracing::error!(worker = index, ?result, "the mediasoup worker died");
            std::process::exit(1);
        })
        .detach();
    let server = create_webrtc_server(&worker, settings, index).await?;
    Ok((worker, server))
}

async fn create_webrtc_server(
    worker: &Worker,
    settings: &SfuSettings,
    index: usize,
) -> Result<Option<WebRtcServer>, SfuError> {
    if settings.rtc_mode != RtcMode::WebRtcServer {
        return Ok(None);
    }
    let port = match settings.rtc_port {
        0 => None,
        base => Some(u16::try_from(usize::from(base) + index).map_err(|_| {
            SfuError::Internal(format!(
                "worker {index}: port {base} + {index} is past 65535"
            ))
        })?),
    };
    let listen = |protocol| ListenInfo {
        protocol,
        ip: settings.rtc_listen_ip,
        announced_ip: Some(settings.announced_ip),
        port,
        send_buffer_size: None,
        recv_buffer_size: None,
    };
    let infos = WebRtcServerListenInfos::new(listen(Protocol::Udp)).insert(listen(Protocol::Tcp));
    let server = worker
        .create_webrtc_server(WebRtcServerOptions::new(infos))
        .await
        .map_err(|e| {
            SfuError::Internal(format!(
                "worker {index}: cannot listen on {}:{} (UDP and TCP; --rtc-port): {e}",
                settings.rtc_listen_ip,
                port.map_or("a port of the range".to_owned(), |p| p.to_string())
            ))
        })?;
    tracing::info!(worker = index, port = ?port, "WebRtcServer listening (UDP and TCP)");
    Ok(Some(server))
}

#[cfg(test)]
mod tests {
    use super::port_range;

    #[test]
    fn port_ranges_split_without_overlap() {
        assert_eq!(port_range(40000, 49999, 1, 0), 40000..=49999);
        assert_eq!(port_range(40000, 40009, 3, 0), 40000..=40002);
        assert_eq!(port_range(40000, 40009, 3, 1), 40003..=40005);
        assert_eq!(port_range(40000, 40009, 3, 2), 40006..=40009);
        assert_eq!(port_range(10, 11, 2, 1), 11..=11);
    }
}
