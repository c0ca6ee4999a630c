//! The sled engine: one tree per table, multi-tree transactions, explicit flush.

use std::fs::File;
use std::path::Path;

use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use super::{Batch, EntryVisitor, Expect, Store, Table, Write};
use crate::error::{Error, Result};

/// Store on sled 0.34, in a folder.
pub struct SledStore {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    // Held for the lifetime of the store: the OS releases it when the process ends.
    _lock: File,
}

fn db_err(e: sled::Error) -> Error {
    Error::Register(disk_words(&e).unwrap_or_else(|| e.to_string()))
}

/// Plain words for a full disk, which sled reports as a bare I/O error.
fn disk_words(e: &sled::Error) -> Option<String> {
    match e {
        sled::Error::Io(io)
            if io.kind() == std::io::ErrorKind::StorageFull || io.raw_os_error() == Some(28) =>
        {
            Some(format!(
                "the disk is full ({io}): nothing was changed; free space and run the command \
                 again (nothing acknowledged before was lost)"
            ))
        }
        _ => None,
    }
}

/// Removes the snapshot files sled had not finished writing (`snap.*.generating`): it writes a
/// snapshot under that name and renames it when complete, so such a file is never part of the
/// register — but one left empty by a full disk makes sled refuse to open ("Read corrupted
/// data"). Called with our lock held, so no other process is writing one.
fn remove_unfinished_snapshots(dir: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    Ok(())
}

/// Opens sled. Our own lock is already held, so nobody else is using the register; but sled's
/// own lock can outlive a dropped handle by a moment (its background flusher lets go within
/// sled's flush interval, 500 ms), in this process or one that just closed the register and
/// released our lock: wait for that, up to two seconds, instead of failing.
fn open_db(dir: &Path) -> Result<sled::Db> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        match sled::Config::new()
            .path(dir)
            .cache_capacity(super::ENGINE_CACHE_BYTES as u64)
            .open()
        {
            Ok(db) => return Ok(db),
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock")
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => {
                return Err(Error::Register(format!(
                    "opening {}: {}",
                    dir.display(),
                    disk_words(&e).unwrap_or_else(|| e.to_string())
                )))
            }
        }
    }
}

impl SledStore {
    /// Opens (or creates) the store in `dir`, taking `lock_path` exclusively first.
    pub fn open(dir: &Path, lock_path: &Path, home: &Path) -> Result<Self> {
        let lock = super::lock_home(lock_path, home)?;
        remove_unfinished_snapshots(dir)?;
        let db = open_db(dir)?;
        let trees = Table::ALL
            .iter()
            .map(|t| db.open_tree(t.name()).map_err(db_err))
            .collect::<Result<Vec<_>>>()?;
        Ok(SledStore {
            db,
            trees,
            _lock: lock,
        })
    }

    fn tree(&self, table: Table) -> &sled::Tree {
        &self.trees[table.index()]
    }
}

impl Store for SledStore {
    fn get(&self, table: Table, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self
            .tree(table)
            .get(key)
            .map_err(db_err)?
            .map(|v| v.to_vec()))
    }

    fn scan(&self, table: Table, visit: &mut EntryVisitor<'_>) -> Result<()> {
        for item in self.tree(table).iter() {
            let (k, v) = item.map_err(db_err)?;
            if !visit(&k, &v)? {
                break;
            }
        }
        Ok(())
    }

    fn len(&self, table: Table) -> Result<usize> {
        Ok(self.tree(table).len())
    }

    fn last(&self, table: Table) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        Ok(self
            .tree(table)
            .last()
            .map_err(db_err)?
            .map(|(k, v)| (k.to_vec(), v.to_vec())))
    }

    fn apply(&self, batch: &Batch) -> Result<bool> {
        let outcome = self.trees.as_slice().transaction(|trees| {
            for e in &batch.expect {
                let holds = match e {
                    Expect::Absent(t, k) => trees[t.index()].get(k)?.is_none(),
                    Expect::Holds(t, k, v) => {
                        trees[t.index()].get(k)?.as_deref() == Some(v.as_slice())
                    }
                };
                if !holds {
                    return Ok(false);
                }
            }
            for w in &batch.writes {
                match w {
                    Write::Put(t, k, v) => {
                        trees[t.index()].insert(k.as_slice(), v.as_slice())?;
                    }
                    Write::Delete(t, k) => {
                        trees[t.index()].remove(k.as_slice())?;
                    }
                }
            }
            Ok::<bool, ConflictableTransactionError<Error>>(true)
        });
        match outcome {
            Ok(applied) => Ok(applied),
            Err(TransactionError::Abort(e)) => Err(e),
            Err(TransactionError::Storage(e)) => Err(db_err(e)),
        }
    }

    fn flush(&self) -> Result<()> {
        self.db.flush().map(drop).map_err(db_err)
    }
}
