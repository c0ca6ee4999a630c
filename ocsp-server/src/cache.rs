//! Pre-signed answers to nonce-less requests, by request bytes. Every status update applied
//! empties it (and moves its generation on, so an answer signed from the old state while the
//! update landed is never stored); an answer is re-signed once it is `refresh` seconds old.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

use axum::body::Bytes;

/// A signed answer and when it was made.
#[derive(Clone)]
pub struct Cached {
    /// The DER response.
    pub der: Bytes,
    /// When it was signed (its producedAt), Unix seconds.
    pub produced_at: u64,
}

/// The cache.
pub struct AnswerCache {
    entries: RwLock<Entries>,
    generation: AtomicU64,
    capacity_bytes: usize,
    refresh: u64,
}

/// The answers and the bytes they hold (requests and answers, plus a fixed overhead each).
#[derive(Default)]
struct Entries {
    map: HashMap<Bytes, Cached>,
    bytes: usize,
}

/// What one entry costs beyond its request and answer bytes (map slot, `Bytes` headers).
const ENTRY_OVERHEAD: usize = 128;

impl AnswerCache {
    /// Holds answers up to `capacity_bytes` in all (requests and answers counted), each for
    /// `refresh` seconds; when full it starts again empty.
    pub fn new(capacity_bytes: usize, refresh: u64) -> Self {
        AnswerCache {
            entries: RwLock::new(Entries::default()),
            generation: AtomicU64::new(0),
            capacity_bytes,
            refresh,
        }
    }

    /// The generation to pass to [`AnswerCache::put`] for an answer about to be made.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The answer to `request`, if one is cached and fresh at `now`.
    pub fn get(&self, request: &[u8], now: u64) -> Option<Cached> {
        let entries = self.entries.read().ok()?;
        let cached = entries.map.get(request)?;
        if now >= cached.produced_at + self.refresh {
            return None;
        }
        Some(cached.clone())
    }

    /// Keeps an answer made while the cache was at `generation` (dropped if it has moved on).
    pub fn put(&self, request: Bytes, answer: Cached, generation: u64) {
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        if self.generation.load(Ordering::Acquire) != generation {
            return;
        }
        let cost = request.len() + answer.der.len() + ENTRY_OVERHEAD;
        if cost > self.capacity_bytes {
            return;
        }
        if let Some(old) = entries.map.remove(&request) {
            entries.bytes -= request.len() + old.der.len() + ENTRY_OVERHEAD;
        }
        if entries.bytes + cost > self.capacity_bytes {
            entries.map.clear();
            entries.bytes = 0;
        }
        entries.map.insert(request, answer);
        entries.bytes += cost;
    }

    /// Bytes held now.
    pub fn bytes(&self) -> usize {
        self.entries.read().map(|e| e.bytes).unwrap_or(0)
    }

    /// Forgets every answer: the status changed or the signer was replaced.
    pub fn invalidate(&self) {
        let mut entries = self
            .entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.map.clear();
        entries.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(at: u64) -> Cached {
        Cached {
            der: Bytes::from_static(b"answer"),
            produced_at: at,
        }
    }

    #[test]
    fn answers_are_dropped_on_change_and_when_old() {
        let cache = AnswerCache::new(10_000, 60);
        let request = Bytes::from_static(b"request");
        cache.put(request.clone(), answer(100), cache.generation());
        assert!(cache.get(&request, 159).is_some());
        assert!(
            cache.get(&request, 160).is_none(),
            "re-signed after refresh"
        );
        let before = cache.generation();
        cache.invalidate();
        assert!(cache.get(&request, 101).is_none());
        cache.put(request.clone(), answer(100), before);
        assert!(
            cache.get(&request, 101).is_none(),
            "an answer made before the change is not kept"
        );
    }

    #[test]
    fn the_cache_is_bounded_by_bytes() {
        let cache = AnswerCache::new(10_000, 60);
        let big = |n: u8| Cached {
            der: Bytes::from(vec![n; 3000]),
            produced_at: 100,
        };
        for n in 0..10u8 {
            cache.put(Bytes::from(vec![n; 500]), big(n), cache.generation());
            assert!(cache.bytes() <= 10_000, "{}", cache.bytes());
        }
        // The same request again replaces, it does not add.
        let before = cache.bytes();
        cache.put(Bytes::from(vec![9u8; 500]), big(9), cache.generation());
        assert_eq!(cache.bytes(), before);
        // One answer larger than the whole cache is not kept.
        cache.put(
            Bytes::from_static(b"huge"),
            Cached {
                der: Bytes::from(vec![0; 20_000]),
                produced_at: 100,
            },
            cache.generation(),
        );
        assert!(cache.get(b"huge", 101).is_none());
    }
}
