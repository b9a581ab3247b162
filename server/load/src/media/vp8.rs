//! VP8 RTP payloads (RFC 7741) with the descriptor fields an SFU uses to
//! switch simulcast layers: a 15-bit PictureID, TL0PICIDX and the temporal
//! layer index (always 0: one temporal layer).

/// Largest RTP payload we make (descriptor included), well below a 1200-byte MTU.
pub const MAX_PAYLOAD: usize = 1100;
const DESCRIPTOR_LEN: usize = 6;

/// Per-layer descriptor state, advanced once per frame.
#[derive(Debug, Clone, Copy, Default)]
pub struct Vp8State {
    picture_id: u16,
    tl0_pic_idx: u8,
}

impl Vp8State {
    /// Starts at a given PictureID (random per stream, as encoders do).
    pub fn new(picture_id: u16) -> Self {
        Vp8State {
            picture_id: picture_id & 0x7fff,
            tl0_pic_idx: 0,
        }
    }

    /// Splits one frame into RTP payloads, then advances to the next frame.
    pub fn packetize(&mut self, frame: &[u8]) -> Vec<Vec<u8>> {
        let chunk = MAX_PAYLOAD - DESCRIPTOR_LEN;
        let parts = frame.len().div_ceil(chunk).max(1);
        let mut out = Vec::with_capacity(parts);
        for i in 0..parts {
            let body = frame
                .get(i * chunk..((i + 1) * chunk).min(frame.len()))
                .unwrap_or_default();
            let mut payload = Vec::with_capacity(DESCRIPTOR_LEN + body.len());
            // X (extensions present), S on the first packet of the frame, partition 0.
            payload.push(0x80 | if i == 0 { 0x10 } else { 0 });
            // I (PictureID), L (TL0PICIDX), T (TID) present.
            payload.push(0xe0);
            // M bit: 15-bit PictureID.
            payload.push(0x80 | (self.picture_id >> 8) as u8);
            payload.push(self.picture_id as u8);
            payload.push(self.tl0_pic_idx);
            // TID 0, Y (layer sync) set, KEYIDX 0.
            payload.push(0x20);
            payload.extend_from_slice(body);
            out.push(payload);
        }
        self.picture_id = (self.picture_id + 1) & 0x7fff;
        self.tl0_pic_idx = self.tl0_pic_idx.wrapping_add(1);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_frames_and_marks_the_first_packet() {
        let mut state = Vp8State::new(0x7ffe);
        let frame = vec![7u8; 2500];
        let packets = state.packetize(&frame);
        assert_eq!(packets.len(), 3);
        assert!(packets.iter().all(|p| p.len() <= MAX_PAYLOAD));
        assert_eq!(packets[0][0], 0x90);
        assert_eq!(packets[1][0], 0x80);
        assert_eq!(&packets[0][2..4], &[0xff, 0xfe]);
        let body: usize = packets.iter().map(|p| p.len() - DESCRIPTOR_LEN).sum();
        assert_eq!(body, 2500);
        // PictureID wraps at 15 bits; TL0PICIDX counts frames.
        let next = state.packetize(&[1, 2, 3]);
        assert_eq!(&next[0][2..5], &[0xff, 0xff, 1]);
        let wrapped = state.packetize(&[1]);
        assert_eq!(&wrapped[0][2..5], &[0x80, 0x00, 2]);
    }
}
