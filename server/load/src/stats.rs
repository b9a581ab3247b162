//! What a subscriber measures per received RTP stream, and the percentiles the
//! report quotes.

use std::time::{Duration, Instant};

/// Counters of one received RTP stream (one consumer).
#[derive(Debug, Clone)]
pub struct StreamStats {
    clock_rate: u32,
    first_seq: Option<u64>,
    max_seq: u64,
    /// Packets received (each sequence number counted once per arrival).
    pub packets: u64,
    /// Payload bytes received.
    pub bytes: u64,
    /// When the first packet arrived.
    pub first_at: Option<Instant>,
    /// RFC 3550 interarrival jitter, in RTP timestamp units.
    jitter: f64,
    last_transit: Option<f64>,
    epoch: Instant,
}

impl StreamStats {
    /// A stream whose RTP clock runs at `clock_rate` Hz.
    pub fn new(clock_rate: u32, epoch: Instant) -> Self {
        StreamStats {
            clock_rate: clock_rate.max(1),
            first_seq: None,
            max_seq: 0,
            packets: 0,
            bytes: 0,
            first_at: None,
            jitter: 0.0,
            last_transit: None,
            epoch,
        }
    }

    /// Records one packet: its extended sequence number, RTP timestamp,
    /// arrival time and payload size.
    pub fn on_packet(&mut self, seq: u64, rtp_time: u32, arrival: Instant, payload: usize) {
        self.packets += 1;
        self.bytes += payload as u64;
        match self.first_seq {
            None => {
                self.first_seq = Some(seq);
                self.max_seq = seq;
                self.first_at = Some(arrival);
            }
            Some(first) if seq < first => self.first_seq = Some(seq),
            Some(_) => self.max_seq = self.max_seq.max(seq),
        }
        // Transit time in RTP units; jitter is its smoothed variation (RFC 3550 A.8).
        let arrival_units = arrival.saturating_duration_since(self.epoch).as_secs_f64()
            * f64::from(self.clock_rate);
        let transit = arrival_units - f64::from(rtp_time);
        if let Some(last) = self.last_transit {
            let d = (transit - last).abs();
            // A jump of more than a second is a timestamp wrap or a layer switch, not jitter.
            if d < f64::from(self.clock_rate) {
                self.jitter += (d - self.jitter) / 16.0;
            }
        }
        self.last_transit = Some(transit);
    }

    /// Packets the sequence numbers say were sent.
    pub fn expected(&self) -> u64 {
        self.first_seq.map_or(0, |first| self.max_seq - first + 1)
    }

    /// Packets expected but never received (duplicates can make it negative: 0 then).
    pub fn lost(&self) -> u64 {
        self.expected().saturating_sub(self.packets)
    }

    /// The interarrival jitter.
    pub fn jitter(&self) -> Duration {
        Duration::from_secs_f64(self.jitter / f64::from(self.clock_rate))
    }
}

/// Nearest-rank percentile `p` (0..=100) of `values`, `None` when empty.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// The median of `values`.
pub fn median(values: &[f64]) -> Option<f64> {
    percentile(values, 50.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_gaps_as_loss() {
        let t0 = Instant::now();
        let mut s = StreamStats::new(90_000, t0);
        for seq in [10u64, 11, 13, 14, 12, 17] {
            s.on_packet(seq, 0, t0, 100);
        }
        assert_eq!(s.expected(), 8);
        assert_eq!(s.packets, 6);
        assert_eq!(s.lost(), 2);
        assert_eq!(s.bytes, 600);
    }

    #[test]
    fn jitter_follows_rfc3550() {
        let t0 = Instant::now();
        let mut s = StreamStats::new(1000, t0);
        // Packets every 20 ms of media time; arrivals alternate 0 and 10 ms late.
        for i in 0..200u32 {
            let late = if i % 2 == 0 { 0 } else { 10 };
            let arrival = t0 + Duration::from_millis(u64::from(i * 20 + late));
            s.on_packet(u64::from(i), i * 20, arrival, 1);
        }
        // |D| is 10 ms every packet: the estimate converges to 10 ms.
        let j = s.jitter().as_secs_f64() * 1000.0;
        assert!((j - 10.0).abs() < 0.5, "{j}");
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), Some(50.0));
        assert_eq!(percentile(&v, 99.0), Some(99.0));
        assert_eq!(percentile(&v, 100.0), Some(100.0));
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[]), None);
    }
}
