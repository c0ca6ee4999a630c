//! An in-memory store with the same semantics as the on-disk ones, for unit tests.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::{Batch, EntryVisitor, Expect, Store, Table, Write};
use crate::error::{Error, Result};

type Tables = BTreeMap<Table, BTreeMap<Vec<u8>, Vec<u8>>>;

/// Store held in memory; nothing is durable.
#[derive(Default)]
pub struct MemoryStore {
    tables: Mutex<Tables>,
}

impl MemoryStore {
    fn tables(&self) -> Result<std::sync::MutexGuard<'_, Tables>> {
        self.tables
            .lock()
            .map_err(|_| Error::Register("memory store poisoned".into()))
    }
}

impl Store for MemoryStore {
    fn get(&self, table: Table, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.tables()?.get(&table).and_then(|t| t.get(key)).cloned())
    }

    fn scan(&self, table: Table, visit: &mut EntryVisitor<'_>) -> Result<()> {
        let entries: Vec<(Vec<u8>, Vec<u8>)> = self
            .tables()?
            .get(&table)
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        for (k, v) in entries {
            if !visit(&k, &v)? {
                break;
            }
        }
        Ok(())
    }

    fn len(&self, table: Table) -> Result<usize> {
        Ok(self.tables()?.get(&table).map_or(0, BTreeMap::len))
    }

    fn last(&self, table: Table) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        Ok(self
            .tables()?
            .get(&table)
            .and_then(|t| t.last_key_value())
            .map(|(k, v)| (k.clone(), v.clone())))
    }

    fn apply(&self, batch: &Batch) -> Result<bool> {
        let mut tables = self.tables()?;
        let holds = batch.expect.iter().all(|e| match e {
            Expect::Absent(t, k) => tables.get(t).and_then(|t| t.get(k)).is_none(),
            Expect::Holds(t, k, v) => tables.get(t).and_then(|t| t.get(k)) == Some(v),
        });
        if !holds {
            return Ok(false);
        }
        for w in &batch.writes {
            match w {
                Write::Put(t, k, v) => {
                    tables.entry(*t).or_default().insert(k.clone(), v.clone());
                }
                Write::Delete(t, k) => {
                    tables.entry(*t).or_default().remove(k);
                }
            }
        }
        Ok(true)
    }

    fn flush(&self) -> Result<()> {
        Ok(())
    }
}
