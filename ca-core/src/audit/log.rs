//! The audit log in the register: appending an entry (and the head the CA key signs) to a
//! change's batch, and reading the log back.

use super::{key, AuditEntry, AuditEvent, SignedHead};
use crate::error::Result;
use crate::keys::Signer;
use crate::store::{encode, Batch, Expect, Register, Table, Write};

/// Adds the entry for `event` to `batch`, chained to the log's last entry (which must still be
/// last when the batch applies), with a head signed by `signer` when the CA key is open.
pub fn append(
    register: &Register,
    batch: &mut Batch,
    event: &AuditEvent,
    signer: Option<&dyn Signer>,
) -> Result<()> {
    let last = register.store().last(Table::Audit)?;
    let previous = match &last {
        Some((_, bytes)) => Some(AuditEntry::decode(bytes)?),
        None => None,
    };
    let entry = AuditEntry::after(previous.as_ref(), event);
    if let Some((k, v)) = last {
        batch.expect.push(Expect::Holds(Table::Audit, k, v));
    }
    batch
        .expect
        .push(Expect::Absent(Table::Audit, key(entry.seq)));
    if let Some(signer) = signer {
        let head = SignedHead {
            seq: entry.seq,
            signature: signer.sign(&SignedHead::message(entry.seq, &entry.hash))?,
            hash: entry.hash.clone(),
        };
        batch.writes.push(Write::Put(
            Table::AuditHeads,
            key(entry.seq),
            encode("a signed head", &head)?,
        ));
    }
    batch
        .writes
        .push(Write::Put(Table::Audit, key(entry.seq), entry.encode()?));
    Ok(())
}

/// Every audit entry in log order, as stored (a damaged entry is an `Err` in place).
pub fn entries(register: &Register) -> Result<Vec<(Vec<u8>, Result<AuditEntry>)>> {
    let mut out = Vec::new();
    register.store().scan(Table::Audit, &mut |k, v| {
        out.push((k.to_vec(), AuditEntry::decode(v)));
        Ok(true)
    })?;
    Ok(out)
}

/// Every signed head, in log order.
pub fn heads(register: &Register) -> Result<Vec<SignedHead>> {
    let mut out = Vec::new();
    register.store().scan(Table::AuditHeads, &mut |_, v| {
        out.push(crate::store::decode("a signed head", v)?);
        Ok(true)
    })?;
    Ok(out)
}
