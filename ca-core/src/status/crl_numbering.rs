//! The CRL numbering in the register: it only ever grows, across full and delta CRLs (RFC 5280
//! §5.2.3), and each number is taken in the transaction that audits its CRL.

use serde::{Deserialize, Serialize};

use super::CrlEntry;
use crate::audit::AuditEvent;
use crate::commit::Change;
use crate::error::{Error, Result};
use crate::store::{encode, Batch, Expect, Register, Table, Write};

/// Key of the CRL numbering in the `meta` table.
const CRL_STATE_KEY: &[u8] = b"crl";

/// The CRL numbering so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrlState {
    /// Number of the last CRL signed (0: none yet).
    pub last_number: u64,
    /// The last full CRL: its number and thisUpdate (Unix seconds), the base of delta CRLs.
    pub last_full: Option<(u64, u64)>,
}

/// The CRL numbering so far.
pub fn state(register: &Register) -> Result<CrlState> {
    Ok(register
        .read(Table::Meta, CRL_STATE_KEY, "the CRL state")?
        .unwrap_or_default())
}

/// Meta keys of the latest full and delta CRL (DER), which a new responder's snapshot carries.
const LATEST_FULL_KEY: &[u8] = b"crl/latest-full";
const LATEST_DELTA_KEY: &[u8] = b"crl/latest-delta";

/// The latest full CRL and the latest delta CRL signed (DER), those there are.
pub fn latest(register: &Register) -> Result<Vec<Vec<u8>>> {
    let mut found = Vec::new();
    for key in [LATEST_FULL_KEY, LATEST_DELTA_KEY] {
        if let Some(der) = register.store().get(Table::Meta, key)? {
            found.push(der);
        }
    }
    Ok(found)
}

/// The change that records the CRL `der` (a delta CRL if `delta`) as signed, moving the
/// numbering on from `before` to `issued` (`before` must still be current when it applies),
/// with its audit entry; the CRL is kept as the latest of its kind and published to the
/// responders through the feed.
pub fn record(
    register: &Register,
    before: &CrlState,
    issued: &CrlState,
    (der, delta): (&[u8], bool),
    event: AuditEvent,
) -> Result<Change> {
    let bytes = register.store().get(Table::Meta, CRL_STATE_KEY)?;
    let taken = || Error::Register("another CRL was made meanwhile; try again".into());
    if state(register)? != *before {
        return Err(taken());
    }
    let expect = match bytes {
        Some(b) => Expect::Holds(Table::Meta, CRL_STATE_KEY.to_vec(), b),
        None => Expect::Absent(Table::Meta, CRL_STATE_KEY.to_vec()),
    };
    Ok(Change {
        batch: Batch {
            expect: vec![expect],
            writes: vec![
                Write::Put(
                    Table::Meta,
                    CRL_STATE_KEY.to_vec(),
                    encode("the CRL state", issued)?,
                ),
                Write::Put(
                    Table::Meta,
                    if delta {
                        LATEST_DELTA_KEY
                    } else {
                        LATEST_FULL_KEY
                    }
                    .to_vec(),
                    der.to_vec(),
                ),
            ],
        },
        event,
        feed: Some(crate::publish::feed::StatusEntry::crl(der.to_vec())),
        conflict: taken(),
    })
}

/// Calls `visit` with each CRL entry (serial, entry), in serial order, one at a time.
pub fn scan_entries(
    register: &Register,
    visit: &mut dyn FnMut(&[u8], CrlEntry) -> Result<bool>,
) -> Result<()> {
    register.store().scan(Table::Revoked, &mut |k, v| {
        visit(k, CrlEntry::from_bytes(v)?)
    })
}
