//! The responder's own replica of certificate status (sled, in its data folder), fed only by
//! status updates signed by the CA. It never opens the CA's register.
//!
//! Status and the feed position live in one tree, the position under the empty key (no serial
//! is empty); the latest full and delta CRL the feed carried live in a second tree. An update —
//! statuses, CRLs and its sequence — is one sled transaction over both, flushed before it is
//! acknowledged.

use std::path::Path;

use anyhow::{bail, Context, Result};
use ca_core::ocsp::CertState;
use ca_core::publish::feed::{Refusal, StatusEntry, StatusUpdate};
use ca_core::status::Reason;
use sled::Transactional;

/// Status by serial, the last update applied, and the latest CRLs.
pub struct Replica {
    db: sled::Db,
    status: sled::Tree,
    crls: sled::Tree,
}

/// Which CRL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrlKind {
    /// The latest full CRL (`GET /crl`).
    Full,
    /// The latest delta CRL (`GET /delta.crl`).
    Delta,
}

impl CrlKind {
    fn key(self) -> &'static [u8] {
        match self {
            CrlKind::Full => b"full",
            CrlKind::Delta => b"delta",
        }
    }
}

/// A CRL the CA published, as served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedCrl {
    /// thisUpdate, Unix seconds.
    pub this_update: u64,
    /// nextUpdate, Unix seconds, if it has one.
    pub next_update: Option<u64>,
    /// SHA-256 of the DER: its entity tag.
    pub sha256: [u8; 32],
    /// The CRL, DER.
    pub der: Vec<u8>,
}

impl PublishedCrl {
    /// Reads a CRL the feed carried: its kind (a deltaCRLIndicator makes it a delta) and times.
    fn of(der: &[u8]) -> Result<(CrlKind, PublishedCrl)> {
        use ca_core::der::Decode;
        use sha2::Digest;
        let crl = ca_core::x509::crl::CertificateList::from_der(der)
            .context("a CRL in the status update cannot be read")?;
        let tbs = &crl.tbs_cert_list;
        let delta = tbs
            .crl_extensions
            .iter()
            .flatten()
            .any(|e| e.extn_id == ca_core::oid::DELTA_CRL_INDICATOR);
        Ok((
            if delta { CrlKind::Delta } else { CrlKind::Full },
            PublishedCrl {
                this_update: tbs.this_update.to_unix_duration().as_secs(),
                next_update: tbs.next_update.map(|t| t.to_unix_duration().as_secs()),
                sha256: sha2::Sha256::digest(der).into(),
                der: der.to_vec(),
            },
        ))
    }

    fn encode(&self) -> Vec<u8> {
        let mut value = self.this_update.to_be_bytes().to_vec();
        value.extend_from_slice(&self.next_update.unwrap_or(0).to_be_bytes());
        value.extend_from_slice(&self.sha256);
        value.extend_from_slice(&self.der);
        value
    }

    fn decode(value: &[u8]) -> Result<PublishedCrl> {
        if value.len() < 48 {
            bail!("a stored CRL cannot be read; re-import a full snapshot");
        }
        let next = u64::from_be_bytes(value[8..16].try_into()?);
        Ok(PublishedCrl {
            this_update: u64::from_be_bytes(value[..8].try_into()?),
            next_update: (next != 0).then_some(next),
            sha256: value[16..48].try_into()?,
            der: value[48..].to_vec(),
        })
    }
}

/// Key of the feed position: sequence and producedAt, 8 bytes each, big-endian, then the
/// feed's head (32 bytes; absent in a replica from before heads).
const POSITION: &[u8] = b"";

/// Where the replica stands in the CA's feed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    /// The last update applied (0: none).
    pub sequence: u64,
    /// When the CA made it, Unix seconds (0: none).
    pub produced_at: u64,
    /// The feed's head it holds (`None`: empty, or from before heads).
    pub head: Option<[u8; 32]>,
}

/// Why an update was not applied.
#[derive(Debug)]
pub enum ApplyError {
    /// Replayed or out of order; the replica is at `at`.
    Refused {
        /// Why.
        why: Refusal,
        /// The replica's sequence.
        at: u64,
    },
    /// Storage failed.
    Storage(anyhow::Error),
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApplyError::Refused { why, at } => write!(
                f,
                "{}; the replica is at sequence {at}; nothing applied",
                match why {
                    Refusal::Replayed => "already applied (replayed)",
                    Refusal::OutOfOrder => "out of order (it starts elsewhere)",
                    Refusal::Fork => {
                        "a FORK: it follows another history than the one held (a copy of the \
                         CA, or the CA restored from a backup?); an admin re-bases with `ca \
                         publish --rebase URL`"
                    }
                }
            ),
            ApplyError::Storage(e) => write!(f, "storing the update failed: {e:#}"),
        }
    }
}

/// A replica entry: `0` good; `1`, time, reason; `2`, time, invalidity date, reason.
fn encode(entry: &StatusEntry) -> Vec<u8> {
    match (entry.revoked, entry.invalidity) {
        (None, _) => vec![0],
        (Some((time, reason)), invalidity) => {
            let mut v = vec![if invalidity.is_some() { 2 } else { 1 }];
            v.extend_from_slice(&time.to_be_bytes());
            if let Some(invalidity) = invalidity {
                v.extend_from_slice(&invalidity.to_be_bytes());
            }
            v.extend_from_slice(reason.to_string().as_bytes());
            v
        }
    }
}

fn decode(bytes: &[u8]) -> Result<CertState> {
    match bytes.split_first() {
        Some((0, _)) => Ok(CertState::Good),
        Some((1, rest)) if rest.len() > 8 => {
            let time = u64::from_be_bytes(rest[..8].try_into()?);
            let reason: Reason = std::str::from_utf8(&rest[8..])?.parse()?;
            Ok(CertState::Revoked {
                time,
                reason,
                invalidity: None,
            })
        }
        Some((2, rest)) if rest.len() > 16 => {
            let time = u64::from_be_bytes(rest[..8].try_into()?);
            let invalidity = u64::from_be_bytes(rest[8..16].try_into()?);
            let reason: Reason = std::str::from_utf8(&rest[16..])?.parse()?;
            Ok(CertState::Revoked {
                time,
                reason,
                invalidity: Some(invalidity),
            })
        }
        _ => bail!("a replica entry cannot be read; re-import a full snapshot"),
    }
}

impl Replica {
    /// Opens (or creates) the replica in `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        let db = sled::Config::new()
            .path(dir.join("replica"))
            .cache_capacity(32 * 1024 * 1024)
            .open()
            .with_context(|| {
                format!(
                    "opening the replica in {} (is a running ocsp-server using it? feed a \
                     running one with POST /publish instead)",
                    dir.display()
                )
            })?;
        let status = db.open_tree("status")?;
        let crls = db.open_tree("crls")?;
        Ok(Replica { db, status, crls })
    }

    /// The last update applied.
    pub fn position(&self) -> Result<Position> {
        Ok(match self.status.get(POSITION)? {
            Some(v) if v.len() == 16 || v.len() == 48 => Position {
                sequence: u64::from_be_bytes(v[..8].try_into()?),
                produced_at: u64::from_be_bytes(v[8..16].try_into()?),
                head: (v.len() == 48).then(|| {
                    let mut head = [0u8; 32];
                    head.copy_from_slice(&v[16..]);
                    head
                }),
            },
            Some(_) => bail!("the replica's feed position cannot be read"),
            None => Position::default(),
        })
    }

    /// What to answer for `serial`: unknown when the CA never told us of it.
    pub fn state(&self, serial: &[u8]) -> Result<CertState> {
        if serial.is_empty() {
            return Ok(CertState::Unknown);
        }
        match self.status.get(serial)? {
            Some(v) => decode(&v),
            None => Ok(CertState::Unknown),
        }
    }

    /// The latest CRL of `kind` the CA published, if any.
    pub fn crl(&self, kind: CrlKind) -> Result<Option<PublishedCrl>> {
        self.crls
            .get(kind.key())?
            .map(|value| PublishedCrl::decode(&value))
            .transpose()
    }

    /// Applies a verified update: refuses a replayed, out-of-order or forked one, replaces
    /// everything for a full snapshot; statuses and position in one batch, flushed before it
    /// returns. `imported`: a snapshot loaded from a file by the operator on this host
    /// (`ocsp-server import`), which replaces whatever is held if it is later than it.
    /// Callers serialise updates.
    pub fn apply(
        &self,
        update: &StatusUpdate,
        imported: bool,
    ) -> std::result::Result<Position, ApplyError> {
        let at = self.position().map_err(ApplyError::Storage)?;
        let refused = |why| ApplyError::Refused {
            why,
            at: at.sequence,
        };
        if imported && update.full {
            // The operator's own file: it may start a new history, never an older sequence.
            if update.sequence <= at.sequence {
                return Err(refused(Refusal::Replayed));
            }
        } else {
            update
                .applies_after(at.sequence, at.head.as_ref().map(|h| h.as_slice()))
                .map_err(refused)?;
        }
        let store = || -> Result<Position> {
            let mut batch = sled::Batch::default();
            let mut crls = sled::Batch::default();
            if update.full {
                for key in self.status.iter().keys() {
                    batch.remove(key?);
                }
                for kind in [CrlKind::Full, CrlKind::Delta] {
                    crls.remove(kind.key());
                }
            }
            for entry in &update.entries {
                if !entry.serial.is_empty() {
                    batch.insert(entry.serial.as_slice(), encode(entry));
                }
                if let Some(der) = &entry.crl {
                    let (kind, crl) = PublishedCrl::of(der)?;
                    crls.insert(kind.key(), crl.encode());
                }
            }
            let position = Position {
                sequence: update.sequence,
                produced_at: update.produced_at,
                head: <[u8; 32]>::try_from(update.head.as_slice()).ok(),
            };
            let mut value = position.sequence.to_be_bytes().to_vec();
            value.extend_from_slice(&position.produced_at.to_be_bytes());
            if let Some(head) = &position.head {
                value.extend_from_slice(head);
            }
            batch.insert(POSITION, value);
            (&self.status, &self.crls)
                .transaction(|(status, stored_crls)| {
                    status.apply_batch(&batch)?;
                    stored_crls.apply_batch(&crls)?;
                    Ok(())
                })
                .map_err(|e: sled::transaction::TransactionError<()>| {
                    anyhow::anyhow!("storing the update: {e:?}")
                })?;
            self.db.flush()?;
            Ok(position)
        };
        store().map_err(ApplyError::Storage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Replica {
        fn apply_test(&self, update: &StatusUpdate) -> std::result::Result<Position, ApplyError> {
            self.apply(update, false)
        }
    }

    fn update(sequence: u64, base: u64, full: bool, entries: &[(u8, bool)]) -> StatusUpdate {
        StatusUpdate {
            sequence,
            base,
            // The heads of a history whose head at sequence n is n repeated.
            base_head: if base == 0 {
                Vec::new()
            } else {
                vec![base as u8; 32]
            },
            head: vec![sequence as u8; 32],
            rebase: false,
            produced_at: 100 + sequence,
            full,
            entries: entries
                .iter()
                .map(|(s, revoked)| StatusEntry {
                    serial: vec![*s],
                    revoked: revoked.then_some((50, Reason::KeyCompromise)),
                    invalidity: revoked.then_some(40).filter(|_| *s % 2 == 0),
                    crl: None,
                })
                .collect(),
        }
    }

    #[test]
    fn updates_apply_in_order_and_survive_reopening() {
        let dir = tempfile::tempdir().expect("tmp");
        {
            let replica = Replica::open(dir.path()).expect("open");
            assert!(matches!(
                replica.apply_test(&update(2, 1, false, &[(1, false)])),
                Err(ApplyError::Refused {
                    why: Refusal::OutOfOrder,
                    at: 0
                })
            ));
            replica
                .apply_test(&update(3, 0, true, &[(1, false), (2, false)]))
                .expect("full");
            replica
                .apply_test(&update(5, 3, false, &[(2, true), (3, false)]))
                .expect("increment");
            assert!(matches!(
                replica.apply_test(&update(5, 3, false, &[(1, true)])),
                Err(ApplyError::Refused {
                    why: Refusal::Replayed,
                    at: 5
                })
            ));
        }
        let replica = Replica::open(dir.path()).expect("reopen");
        assert_eq!(
            replica.position().expect("position"),
            Position {
                sequence: 5,
                produced_at: 105,
                head: Some([5; 32]),
            }
        );
        assert_eq!(replica.state(&[1]).expect("1"), CertState::Good);
        assert_eq!(
            replica.state(&[2]).expect("2"),
            CertState::Revoked {
                time: 50,
                reason: Reason::KeyCompromise,
                invalidity: Some(40)
            },
            "the invalidity date is kept"
        );
        assert_eq!(replica.state(&[9]).expect("9"), CertState::Unknown);
        assert_eq!(replica.state(&[]).expect("empty"), CertState::Unknown);
        // A later full snapshot from where the replica is replaces everything.
        replica
            .apply_test(&update(8, 5, true, &[(9, false)]))
            .expect("full");
        assert_eq!(replica.state(&[1]).expect("1"), CertState::Unknown);
        assert_eq!(replica.state(&[9]).expect("9"), CertState::Good);
    }

    #[test]
    fn another_history_is_refused_as_a_fork_until_rebased() {
        let dir = tempfile::tempdir().expect("tmp");
        let replica = Replica::open(dir.path()).expect("open");
        replica
            .apply_test(&update(3, 0, true, &[(1, false)]))
            .expect("first snapshot");
        let fork = |u: StatusUpdate| {
            matches!(
                replica.apply(&u, false),
                Err(ApplyError::Refused {
                    why: Refusal::Fork,
                    at: 3
                })
            )
        };
        // An increment from sequence 3 whose head there is not the one held.
        let mut other = update(4, 3, false, &[(1, true)]);
        other.base_head = vec![0xee; 32];
        assert!(fork(other.clone()));
        // A snapshot from elsewhere with a higher sequence (a copy that went on issuing).
        assert!(fork(update(9, 0, true, &[(1, false)])));
        let mut from_elsewhere = update(9, 3, true, &[(1, false)]);
        from_elsewhere.base_head = vec![0xee; 32];
        assert!(fork(from_elsewhere));
        assert_eq!(
            replica.position().expect("p").sequence,
            3,
            "nothing applied"
        );
        // The CA-signed rebase, and an operator's local import, replace what is held.
        other.rebase = true;
        other.full = true;
        replica.apply(&other, false).expect("rebased");
        assert_eq!(replica.position().expect("p").head, Some([4; 32]));
        assert!(
            replica
                .apply(&update(2, 0, true, &[(7, false)]), true)
                .is_err(),
            "older"
        );
        replica
            .apply(&update(12, 0, true, &[(7, false)]), true)
            .expect("imported");
        assert_eq!(replica.position().expect("p").sequence, 12);
    }
}
