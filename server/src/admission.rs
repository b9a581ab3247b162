//! Admission of signaling connections: at most so many on the server and from
//! one client address. A [`Ticket`] holds the place until the connection ends.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};

/// Why a connection was turned away.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Crowded {
    #[error("the server has too many connections (at most {0})")]
    Server(usize),
    #[error("too many connections from your address (at most {0})")]
    Address(usize),
}

#[derive(Default)]
struct Counts {
    total: usize,
    by_ip: HashMap<IpAddr, usize>,
}

/// Counts connections, in all and per address.
pub struct Admission {
    max_total: usize,
    max_per_ip: usize,
    counts: Arc<Mutex<Counts>>,
}

/// One admitted connection; dropping it gives the place back.
pub struct Ticket {
    ip: IpAddr,
    counts: Arc<Mutex<Counts>>,
}

fn lock(m: &Mutex<Counts>) -> MutexGuard<'_, Counts> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Admission {
    pub fn new(max_total: usize, max_per_ip: usize) -> Self {
        Admission {
            max_total,
            max_per_ip,
            counts: Arc::default(),
        }
    }

    /// A place for a connection from `ip`, if there is one.
    pub fn admit(&self, ip: IpAddr) -> Result<Ticket, Crowded> {
        let mut c = lock(&self.counts);
        if c.total >= self.max_total {
            return Err(Crowded::Server(self.max_total));
        }
        let mine = c.by_ip.entry(ip).or_default();
        if *mine >= self.max_per_ip {
            return Err(Crowded::Address(self.max_per_ip));
        }
        *mine += 1;
        c.total += 1;
        Ok(Ticket {
            ip,
            counts: self.counts.clone(),
        })
    }

    /// Connections now admitted.
    pub fn count(&self) -> usize {
        lock(&self.counts).total
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut c = lock(&self.counts);
        c.total = c.total.saturating_sub(1);
        if let Some(n) = c.by_ip.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                c.by_ip.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_limited_and_given_back() {
        let admission = Admission::new(3, 2);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t1 = admission.admit(a).unwrap();
        let _t2 = admission.admit(a).unwrap();
        assert_eq!(admission.admit(a).err(), Some(Crowded::Address(2)));
        let _t3 = admission.admit(b).unwrap();
        assert_eq!(admission.admit(b).err(), Some(Crowded::Server(3)));
        drop(t1);
        assert_eq!(admission.count(), 2);
        assert!(admission.admit(a).is_ok());
        assert_eq!(
            Crowded::Address(2).to_string(),
            "too many connections from your address (at most 2)"
        );
    }
}
