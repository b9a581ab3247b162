//! The two containers ffmpeg writes for us: IVF (VP8 frames) and Ogg (Opus packets).

/// Why a file is not what we asked ffmpeg for.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ContainerError {
    /// The file does not start with the container's signature.
    #[error("not an {0} file")]
    Signature(&'static str),
    /// The file ends inside a header or a frame.
    #[error("{0} file truncated at byte {1}")]
    Truncated(&'static str, usize),
}

/// The frames of an IVF file (32-byte file header, then a 12-byte header per frame).
pub fn ivf_frames(bytes: &[u8]) -> Result<Vec<&[u8]>, ContainerError> {
    if bytes.len() < 32 || &bytes[..4] != b"DKIF" {
        return Err(ContainerError::Signature("IVF"));
    }
    let header_len = usize::from(u16::from_le_bytes([bytes[6], bytes[7]]));
    let mut at = header_len.max(32);
    let mut frames = Vec::new();
    while at < bytes.len() {
        let head = bytes
            .get(at..at + 12)
            .ok_or(ContainerError::Truncated("IVF", at))?;
        let size = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let start = at + 12;
        let frame = bytes
            .get(start..start + size)
            .ok_or(ContainerError::Truncated("IVF", start))?;
        frames.push(frame);
        at = start + size;
    }
    Ok(frames)
}

/// The packets of the first logical stream of an Ogg file, in order
/// (RFC 3533: pages of lacing segments; a segment shorter than 255 ends a packet).
pub fn ogg_packets(bytes: &[u8]) -> Result<Vec<Vec<u8>>, ContainerError> {
    if bytes.len() < 27 || &bytes[..4] != b"OggS" {
        return Err(ContainerError::Signature("Ogg"));
    }
    let mut packets = Vec::new();
    let mut current = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let page = bytes
            .get(at..at + 27)
            .ok_or(ContainerError::Truncated("Ogg", at))?;
        if &page[..4] != b"OggS" {
            return Err(ContainerError::Signature("Ogg"));
        }
        let segments = usize::from(page[26]);
        let table = bytes
            .get(at + 27..at + 27 + segments)
            .ok_or(ContainerError::Truncated("Ogg", at + 27))?;
        let mut data = at + 27 + segments;
        for &len in table {
            let len = usize::from(len);
            let chunk = bytes
                .get(data..data + len)
                .ok_or(ContainerError::Truncated("Ogg", data))?;
            current.extend_from_slice(chunk);
            data += len;
            if len < 255 {
                packets.push(std::mem::take(&mut current));
            }
        }
        at = data;
    }
    Ok(packets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ivf(frames: &[&[u8]]) -> Vec<u8> {
        let mut out = b"DKIF".to_vec();
        out.extend_from_slice(&[0, 0, 32, 0]);
        out.extend_from_slice(b"VP80");
        out.resize(32, 0);
        for (i, f) in frames.iter().enumerate() {
            out.extend_from_slice(&(f.len() as u32).to_le_bytes());
            out.extend_from_slice(&(i as u64).to_le_bytes());
            out.extend_from_slice(f);
        }
        out
    }

    #[test]
    fn reads_ivf_frames() {
        let file = ivf(&[b"abc", b"", b"defgh"]);
        assert_eq!(
            ivf_frames(&file).unwrap(),
            vec![&b"abc"[..], &b""[..], &b"defgh"[..]]
        );
        assert_eq!(
            ivf_frames(&file[..file.len() - 1]),
            Err(ContainerError::Truncated("IVF", 32 + 12 + 3 + 12 + 12))
        );
        assert_eq!(ivf_frames(b"RIFF"), Err(ContainerError::Signature("IVF")));
    }

    fn page(segments: &[u8], body: &[u8]) -> Vec<u8> {
        let mut out = b"OggS".to_vec();
        out.resize(26, 0);
        out.push(segments.len() as u8);
        out.extend_from_slice(segments);
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn reads_ogg_packets_across_pages() {
        // Packet 1: 3 bytes; packet 2: 255 + 2 bytes, continued on the next page.
        let mut file = page(&[3, 255], &[1u8; 258]);
        file.extend(page(&[2], &[2, 2]));
        let packets = ogg_packets(&file).unwrap();
        assert_eq!(packets.len(), 2);
        assert_eq!(packets[0], vec![1, 1, 1]);
        assert_eq!(packets[1].len(), 257);
        assert_eq!(ogg_packets(b"nope"), Err(ContainerError::Signature("Ogg")));
    }
}
