//! The redb engine: a B-tree in one file, opened in constant time whatever its size. One write
//! transaction per batch, committed without fsync; `flush` is a durable commit.

use std::fs::File;
use std::path::Path;

use redb::{
    Database, Durability, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition,
};

use super::{Batch, EntryVisitor, Expect, Store, Table, Write};
use crate::error::{Error, Result};

/// Store on redb 4, in one file.
pub struct RedbStore {
    db: Database,
    _lock: File,
}

fn db_err(e: impl Into<redb::Error>) -> Error {
    Error::Register(e.into().to_string())
}

fn definition(table: Table) -> TableDefinition<'static, &'static [u8], &'static [u8]> {
    TableDefinition::new(table.name())
}

impl RedbStore {
    /// Opens (or creates) the store file at `path`, taking `lock_path` exclusively first.
    pub fn open(path: &Path, lock_path: &Path, home: &Path) -> Result<Self> {
        let lock = super::lock_home(lock_path, home)?;
        // A `ca` process is short-lived: a small cache, the OS page cache does the rest.
        let db = Database::builder()
            .set_cache_size(super::ENGINE_CACHE_BYTES)
            .create(path)
            .map_err(|e| Error::Register(format!("opening {}: {e}", path.display())))?;
        let store = RedbStore { db, _lock: lock };
        // Create every table once, so readers never meet a missing one.
        let txn = store.db.begin_write().map_err(db_err)?;
        for t in Table::ALL {
            txn.open_table(definition(t)).map_err(db_err)?;
        }
        txn.commit().map_err(db_err)?;
        Ok(store)
    }
}

impl Store for RedbStore {
    fn get(&self, table: Table, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let txn = self.db.begin_read().map_err(db_err)?;
        let t = txn.open_table(definition(table)).map_err(db_err)?;
        let found = t.get(key).map_err(db_err)?;
        Ok(found.map(|v| v.value().to_vec()))
    }

    fn scan(&self, table: Table, visit: &mut EntryVisitor<'_>) -> Result<()> {
        let txn = self.db.begin_read().map_err(db_err)?;
        let t = txn.open_table(definition(table)).map_err(db_err)?;
        for item in t.iter().map_err(db_err)? {
            let (k, v) = item.map_err(db_err)?;
            if !visit(k.value(), v.value())? {
                break;
            }
        }
        Ok(())
    }

    fn len(&self, table: Table) -> Result<usize> {
        let txn = self.db.begin_read().map_err(db_err)?;
        let t = txn.open_table(definition(table)).map_err(db_err)?;
        let n = t.len().map_err(db_err)?;
        usize::try_from(n).map_err(|_| Error::Register("table too large".into()))
    }

    fn last(&self, table: Table) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        let txn = self.db.begin_read().map_err(db_err)?;
        let t = txn.open_table(definition(table)).map_err(db_err)?;
        let last = t.last().map_err(db_err)?;
        Ok(last.map(|(k, v)| (k.value().to_vec(), v.value().to_vec())))
    }

    fn apply(&self, batch: &Batch) -> Result<bool> {
        let mut txn = self.db.begin_write().map_err(db_err)?;
        txn.set_durability(Durability::None).map_err(db_err)?;
        for e in &batch.expect {
            let (table, key) = match e {
                Expect::Absent(t, k) | Expect::Holds(t, k, _) => (*t, k),
            };
            let t = txn.open_table(definition(table)).map_err(db_err)?;
            let current = t
                .get(key.as_slice())
                .map_err(db_err)?
                .map(|v| v.value().to_vec());
            let holds = match e {
                Expect::Absent(..) => current.is_none(),
                Expect::Holds(_, _, v) => current.as_ref() == Some(v),
            };
            if !holds {
                drop(t);
                txn.abort().map_err(db_err)?;
                return Ok(false);
            }
        }
        for w in &batch.writes {
            match w {
                Write::Put(t, k, v) => {
                    let mut t = txn.open_table(definition(*t)).map_err(db_err)?;
                    t.insert(k.as_slice(), v.as_slice()).map_err(db_err)?;
                }
                Write::Delete(t, k) => {
                    let mut t = txn.open_table(definition(*t)).map_err(db_err)?;
                    t.remove(k.as_slice()).map_err(db_err)?;
                }
            }
        }
        txn.commit().map_err(db_err)?;
        Ok(true)
    }

    fn flush(&self) -> Result<()> {
        let mut txn = self.db.begin_write().map_err(db_err)?;
        txn.set_durability(Durability::Immediate).map_err(db_err)?;
        txn.commit().map_err(db_err)
    }
}
