//! mediasoup-demo's end-to-end encryption of encoded frames (`e2eKey`), byte
//! for byte (its `e2e-worker.js`, from the WebRTC samples), so that a demo
//! page with the same key decodes us and we decode it. Pure: the browser glue
//! (`webrtc::e2ee`) feeds it each frame of an insertable stream.
//!
//! Sending: the first bytes stay clear so the SFU and the packetizer still
//! see the codec's frame header (VP8: 10 bytes of a key frame, 3 of a delta
//! frame, RFC 6386 §9.1; audio, whose frames have no `type`: Opus's TOC byte);
//! the rest is XORed with the key (`key[i % len]`, `i` counted from the
//! frame's start); then one key-identifier byte and the checksum 0xDEADBEEF
//! (big-endian) are appended. Receiving: frames without the checksum or with
//! another key identifier are dropped, the others XORed back.
//!
//! This is the demo's scheme, not strong cryptography: the same key stream
//! for every frame. Its point is that the server only ever forwards
//! ciphertext, and a peer without the key cannot decode the picture.

/// What `RTCEncodedVideoFrame.type` says (audio frames have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    Key,
    Delta,
    /// An audio frame (no `type` property).
    Audio,
    /// Another video frame type (`empty`): the demo's table has no entry,
    /// its loops then do nothing, and the bytes pass unchanged.
    Other,
}

impl FrameKind {
    /// From the frame's `type` (`None` when the property is absent).
    pub fn from_type(t: Option<&str>) -> Self {
        match t {
            None => FrameKind::Audio,
            Some("key") => FrameKind::Key,
            Some("delta") => FrameKind::Delta,
            Some(_) => FrameKind::Other,
        }
    }

    /// Bytes left clear at the start, `None` for no XOR at all.
    fn clear_prefix(self) -> Option<usize> {
        match self {
            FrameKind::Key => Some(10),
            FrameKind::Delta => Some(3),
            FrameKind::Audio => Some(1),
            FrameKind::Other => None,
        }
    }
}

/// The demo's key identifier after its one `setCryptoKey` (the worker counts
/// key changes from 0).
pub const KEY_ID: u8 = 1;
/// Appended after the key identifier, big-endian.
pub const CHECKSUM: u32 = 0xDEAD_BEEF;
const TRAILER: usize = 5;

fn xor_from(data: &mut [u8], start: usize, key: &[u8]) {
    if key.is_empty() {
        return;
    }
    for (i, b) in data.iter_mut().enumerate().skip(start) {
        *b ^= key[i % key.len()];
    }
}

/// The frame to send for `data` (`key` must not be empty).
pub fn encrypt(data: &[u8], kind: FrameKind, key: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + TRAILER);
    out.extend_from_slice(data);
    if let Some(clear) = kind.clear_prefix() {
        xor_from(&mut out, clear, key);
    }
    out.push(KEY_ID);
    out.extend_from_slice(&CHECKSUM.to_be_bytes());
    out
}

/// The decoded frame for a received `data`, or `None` to drop it (not
/// encrypted with the demo's scheme, or with another key identifier).
pub fn decrypt(data: &[u8], kind: FrameKind, key: &[u8]) -> Option<Vec<u8>> {
    if data.len() < TRAILER {
        return None;
    }
    let (body, trailer) = data.split_at(data.len() - TRAILER);
    if trailer[1..] != CHECKSUM.to_be_bytes() || trailer[0] != KEY_ID {
        return None;
    }
    let mut out = body.to_vec();
    if let Some(clear) = kind.clear_prefix() {
        xor_from(&mut out, clear, key);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_layout() {
        let key = b"ab";
        let frame: Vec<u8> = (0u8..14).collect();
        let sent = encrypt(&frame, FrameKind::Key, key);
        // 10 clear bytes, then byte i XOR key[i % 2], then 01 DE AD BE EF.
        assert_eq!(&sent[..10], &frame[..10]);
        assert_eq!(sent[10], 10 ^ b'a');
        assert_eq!(sent[11], 11 ^ b'b');
        assert_eq!(sent[12], 12 ^ b'a');
        assert_eq!(sent[13], 13 ^ b'b');
        assert_eq!(&sent[14..], &[0x01, 0xDE, 0xAD, 0xBE, 0xEF]);
        let delta = encrypt(&frame, FrameKind::Delta, key);
        assert_eq!(&delta[..3], &frame[..3]);
        assert_eq!(delta[3], 3 ^ b'b');
        let audio = encrypt(&frame, FrameKind::Audio, key);
        assert_eq!(audio[0], 0);
        assert_eq!(audio[1], 1 ^ b'b');
        let other = encrypt(&frame, FrameKind::Other, key);
        assert_eq!(&other[..14], &frame[..]);
        // Shorter than the clear prefix: all clear, trailer still added.
        assert_eq!(
            encrypt(&[7, 8], FrameKind::Key, key),
            vec![7, 8, 1, 0xDE, 0xAD, 0xBE, 0xEF]
        );
    }

    #[test]
    fn round_trip_and_what_is_dropped() {
        let key = b"secret key";
        let frame: Vec<u8> = (0..200u32).map(|i| (i * 7 % 251) as u8).collect();
        for kind in [
            FrameKind::Key,
            FrameKind::Delta,
            FrameKind::Audio,
            FrameKind::Other,
        ] {
            let sent = encrypt(&frame, kind, key);
            assert_eq!(decrypt(&sent, kind, key).as_deref(), Some(&frame[..]));
            if kind != FrameKind::Other {
                assert_ne!(&sent[..frame.len()], &frame[..], "{kind:?} is encrypted");
                // Another key: the frame passes the checksum but stays garbage.
                let wrong = decrypt(&sent, kind, b"other key").unwrap();
                assert_ne!(wrong, frame);
            }
        }
        // A clear frame (a peer without the key) and short frames are dropped.
        assert_eq!(decrypt(&frame, FrameKind::Key, key), None);
        assert_eq!(
            decrypt(&[0xDE, 0xAD, 0xBE, 0xEF], FrameKind::Key, key),
            None
        );
        let mut other_id = encrypt(&frame, FrameKind::Key, key);
        let n = other_id.len();
        other_id[n - 5] = 2;
        assert_eq!(decrypt(&other_id, FrameKind::Key, key), None);
    }
}
