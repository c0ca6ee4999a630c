//! The responder's own replica of certificate status (sled, in its data folder), fed only by
//! status updates signed by the CA. It never opens the CA's register.

use std::path::Path;

use anyhow::{bail, Context, Result};
use ca_core::feed::StatusUpdate;
use ca_core::ocsp::CertState;
use ca_core::revocation::Reason;

/// Status by serial, and the last update applied.
pub struct Replica {
    db: sled::Db,
    status: sled::Tree,
    meta: sled::Tree,
}

const SEQUENCE: &[u8] = b"sequence";
const PRODUCED_AT: &[u8] = b"produced_at";

fn encode(state: Option<(u64, Reason)>) -> Vec<u8> {
    match state {
        None => vec![0],
        Some((time, reason)) => {
            let mut v = vec![1];
            v.extend_from_slice(&time.to_be_bytes());
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
            Ok(CertState::Revoked { time, reason })
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
                    "opening the replica in {} (is another ocsp-server using it?)",
                    dir.display()
                )
            })?;
        let status = db.open_tree("status")?;
        let meta = db.open_tree("meta")?;
        Ok(Replica { db, status, meta })
    }

    /// The last update applied (0: none).
    pub fn sequence(&self) -> Result<u64> {
        Ok(match self.meta.get(SEQUENCE)? {
            Some(v) => u64::from_be_bytes(v.as_ref().try_into()?),
            None => 0,
        })
    }

    /// When the CA made the last update applied, Unix seconds (0: none).
    pub fn produced_at(&self) -> Result<u64> {
        Ok(match self.meta.get(PRODUCED_AT)? {
            Some(v) => u64::from_be_bytes(v.as_ref().try_into()?),
            None => 0,
        })
    }

    /// What to answer for `serial`: unknown when the CA never told us of it.
    pub fn state(&self, serial: &[u8]) -> Result<CertState> {
        match self.status.get(serial)? {
            Some(v) => decode(&v),
            None => Ok(CertState::Unknown),
        }
    }

    /// Applies a verified update: refuses a replayed or out-of-order one, replaces everything for
    /// a full snapshot, and is durable (flushed) before it returns.
    pub fn apply(&self, update: &StatusUpdate) -> Result<()> {
        let last = self.sequence()?;
        if update.sequence <= last {
            return Err(ca_core::Error::Invalid(format!(
                "status update {} refused: already at {last} (replayed or out of order); nothing applied",
                update.sequence
            ))
            .into());
        }
        if !update.full && update.sequence != last + 1 {
            return Err(ca_core::Error::Invalid(format!(
                "status update {} refused: expected {} next; nothing applied",
                update.sequence,
                last + 1
            ))
            .into());
        }
        let mut batch = sled::Batch::default();
        if update.full {
            for key in self.status.iter().keys() {
                batch.remove(key?);
            }
        }
        for entry in &update.entries {
            batch.insert(entry.serial.as_slice(), encode(entry.revoked));
        }
        // Status and sequence move together: the sequence is written last, after the batch.
        self.status.apply_batch(batch)?;
        self.meta
            .insert(PRODUCED_AT, &update.produced_at.to_be_bytes())?;
        self.meta.insert(SEQUENCE, &update.sequence.to_be_bytes())?;
        self.db.flush()?;
        Ok(())
    }
}
