//! The whole SDP we hand the browser as the server's side (mediasoup-client
//! `RemoteSdp`): session part, sections in m-line order, BUNDLE of open mids.

use std::fmt::Write as _;

use stunroom_shared::media::{
    DtlsFingerprint, DtlsRole, IceCandidate, IceParameters, SctpParameters,
};
use stunroom_shared::messages::TransportInfo;

use super::remote_section::{RemoteSection, SectionTransport};
use super::sdp::MediaSection;
use super::CoreError;

/// `o=` user name of our remote SDPs.
pub const ORIGIN_USERNAME: &str = "stunroom-client";

#[derive(Debug, Clone, PartialEq)]
pub struct RemoteSdp {
    ice: IceParameters,
    candidates: Vec<IceCandidate>,
    dtls_role: DtlsRole,
    fingerprint: Option<DtlsFingerprint>,
    sctp: Option<SctpParameters>,
    version: u64,
    extmap_allow_mixed: bool,
    sections: Vec<RemoteSection>,
    first_mid: Option<String>,
}

impl RemoteSdp {
    pub fn new(transport: &TransportInfo) -> Self {
        let mut ice = transport.ice_parameters.clone();
        ice.username_fragment = sdp_value(&ice.username_fragment);
        ice.password = sdp_value(&ice.password);
        let candidates = transport
            .ice_candidates
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.foundation = sdp_value(&c.foundation);
                c.ip = c.ip.as_deref().map(sdp_value);
                c.address = c.address.as_deref().map(sdp_value);
                c
            })
            .collect();
        // The last fingerprint given (mediasoup lists sha-512 last).
        let fingerprint = transport.dtls_parameters.fingerprints.last().map(|f| {
            let mut f = f.clone();
            f.algorithm = sdp_value(&f.algorithm);
            f.value = sdp_value(&f.value);
            f
        });
        Self {
            ice,
            candidates,
            dtls_role: transport.dtls_parameters.role,
            fingerprint,
            sctp: transport.sctp_parameters,
            version: 0,
            extmap_allow_mixed: false,
            sections: Vec::new(),
            first_mid: None,
        }
    }

    pub fn sctp_parameters(&self) -> Option<&SctpParameters> {
        self.sctp.as_ref()
    }

    pub fn section_transport(&self) -> SectionTransport<'_> {
        SectionTransport {
            ice: &self.ice,
            candidates: &self.candidates,
            dtls_role: self.dtls_role,
        }
    }

    pub fn update_ice_parameters(&mut self, ice: IceParameters) {
        for s in &mut self.sections {
            s.set_ice_parameters(&ice);
        }
        self.ice = ice;
    }

    /// The server's DTLS role (the opposite of the browser's).
    pub fn update_dtls_role(&mut self, role: DtlsRole) {
        self.dtls_role = role;
        for s in &mut self.sections {
            s.set_dtls_role(role);
        }
    }

    pub fn set_session_extmap_allow_mixed(&mut self) {
        self.extmap_allow_mixed = true;
    }

    pub fn section_count(&self) -> usize {
        self.sections.len()
    }

    /// Where a send section for `mid` at m-line `idx` of the browser's offer
    /// goes: `Ok(None)` to append (or replace the same mid), `Ok(Some(old))`
    /// to reuse the closed section `old`.
    pub fn slot_for(&self, idx: usize, mid: &str) -> Result<Option<String>, CoreError> {
        match self.sections.get(idx) {
            None if idx == self.sections.len() => Ok(None),
            None => Err(CoreError::InvalidParameters(format!(
                "m-line {idx} (mid {mid:?}) of the offer is past the {} sections answered",
                self.sections.len()
            ))),
            Some(s) if s.mid == mid => Ok(None),
            Some(s) if s.is_closed() => Ok(Some(s.mid.clone())),
            Some(s) => Err(CoreError::InvalidParameters(format!(
                "m-line {idx} of the offer has mid {mid:?}, the negotiated one {:?}",
                s.mid
            ))),
        }
    }

    fn index_of(&self, mid: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.mid == mid)
    }

    pub fn has_mid(&self, mid: &str) -> bool {
        self.index_of(mid).is_some()
    }

    /// Adds a send answer section, reusing `reuse_mid`'s closed slot if given.
    pub fn send(
        &mut self,
        mut section: RemoteSection,
        reuse_mid: Option<&str>,
    ) -> Result<(), CoreError> {
        // Keep the dependency descriptor only for codecs mediasoup can use it with.
        const DD: &str =
            "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
        if !section
            .rtp
            .iter()
            .any(|r| matches!(r.codec.to_ascii_lowercase().as_str(), "av1" | "h264"))
        {
            section.ext.retain(|(_, uri)| uri != DD);
        }
        match reuse_mid {
            Some(mid) => self.replace(section, mid),
            None => match self.index_of(&section.mid) {
                None => {
                    self.add(section);
                    Ok(())
                }
                Some(idx) => {
                    self.sections[idx] = section;
                    Ok(())
                }
            },
        }
    }

    /// Adds a receive offer section, recycling a closed one of the same kind.
    pub fn receive(&mut self, section: RemoteSection) -> Result<(), CoreError> {
        self.set_session_extmap_allow_mixed();
        let recycled = self
            .sections
            .iter()
            .find(|s| s.is_closed() && s.kind == section.kind)
            .map(|s| s.mid.clone());
        match recycled {
            Some(mid) => self.replace(section, &mid),
            None => {
                self.add(section);
                Ok(())
            }
        }
    }

    /// Rejects (port 0) an m-line of the browser's offer that the core was not
    /// asked to answer, e.g. a transceiver whose produce failed, so that the
    /// answer keeps the offer's m-line order. The slot can be reused later.
    pub fn add_rejected(&mut self, offer: &MediaSection) {
        self.sections.push(RemoteSection::rejected(offer));
    }

    pub fn add(&mut self, section: RemoteSection) {
        if self.first_mid.is_none() {
            self.first_mid = Some(section.mid.clone());
        }
        self.sections.push(section);
    }

    fn replace(&mut self, section: RemoteSection, reuse_mid: &str) -> Result<(), CoreError> {
        let idx = self
            .index_of(reuse_mid)
            .ok_or_else(|| CoreError::UnknownMid(reuse_mid.to_owned()))?;
        self.sections[idx] = section;
        Ok(())
    }

    /// Whether closing `mid` closes its section (port 0); the first section is
    /// only disabled, since closing it would break the BUNDLE transport.
    pub fn closes(&self, mid: &str) -> bool {
        self.first_mid.as_deref() != Some(mid)
    }

    /// Disables a section (`a=inactive`), keeping it in BUNDLE.
    pub fn disable_media_section(&mut self, mid: &str) -> Result<(), CoreError> {
        let idx = self
            .index_of(mid)
            .ok_or_else(|| CoreError::UnknownMid(mid.to_owned()))?;
        self.sections[idx].disable();
        Ok(())
    }

    /// Where the next send section goes (`getNextMediaSectionIdx`): the
    /// first closed one, else after the last.
    pub fn next_media_section_idx(&self) -> usize {
        self.sections
            .iter()
            .position(RemoteSection::is_closed)
            .unwrap_or(self.sections.len())
    }

    /// Closes (or, for the first section, disables) a section.
    pub fn close_media_section(&mut self, mid: &str) -> Result<bool, CoreError> {
        let closes = self.closes(mid);
        let idx = self
            .index_of(mid)
            .ok_or_else(|| CoreError::UnknownMid(mid.to_owned()))?;
        if closes {
            self.sections[idx].close();
        } else {
            self.sections[idx].disable();
        }
        Ok(closes)
    }

    /// Mids in BUNDLE: every section that is not closed.
    fn bundle_mids(&self) -> String {
        self.sections
            .iter()
            .filter(|s| !s.is_closed())
            .map(|s| s.mid.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Bumps the `o=` version without writing (keeps versions in step with
    /// mediasoup-client where it negotiates once more than we do).
    pub fn skip_version(&mut self) {
        self.version += 1;
    }

    /// The SDP text; every call bumps the `o=` version.
    pub fn get_sdp(&mut self) -> String {
        self.version += 1;
        let mut out = String::new();
        let _ = write!(
            out,
            "v=0\r\no={ORIGIN_USERNAME} 10000 {} IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n",
            self.version
        );
        if self.extmap_allow_mixed {
            out.push_str("a=extmap-allow-mixed\r\n");
        }
        if self.ice.ice_lite == Some(true) {
            out.push_str("a=ice-lite\r\n");
        }
        if let Some(fp) = &self.fingerprint {
            let _ = write!(out, "a=fingerprint:{} {}\r\n", fp.algorithm, fp.value);
        }
        out.push_str("a=ice-options:ice2\r\n");
        out.push_str("a=msid-semantic: WMS *\r\n");
        let _ = write!(out, "a=group:BUNDLE {}\r\n", self.bundle_mids());
        for s in &self.sections {
            s.write(&mut out);
        }
        out
    }
}

/// Drops CR, LF and every other control character from a transport value
/// the server sent: written into the SDP, it must never end a line early and
/// start one of its own (found by the remote_sdp fuzz target: a candidate
/// foundation "udpc\ndidate").
fn sdp_value(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}
