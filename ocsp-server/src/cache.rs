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
    entries: RwLock<HashMap<Bytes, Cached>>,
    generation: AtomicU64,
    capacity: usize,
    refresh: u64,
    hits: AtomicU64,
}

impl AnswerCache {
    /// Holds at most `capacity` answers, each for `refresh` seconds.
    pub fn new(capacity: usize, refresh: u64) -> Self {
        AnswerCache {
            entries: RwLock::new(HashMap::new()),
            generation: AtomicU64::new(0),
            capacity,
            refresh,
            hits: AtomicU64::new(0),
        }
    }

    /// The generation to pass to [`AnswerCache::put`] for an answer about to be made.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The answer to `request`, if one is cached and fresh at `now`.
    pub fn get(&self, request: &[u8], now: u64) -> Option<Cached> {
        let entries = self.entries.read().ok()?;
        let cached = entries.get(request)?;
        if now >= cached.produced_at + self.refresh {
            return None;
        }
        self.hits.fetch_add(1, Ordering::Relaxed);
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
        if entries.len() >= self.capacity {
            entries.clear();
        }
        entries.insert(request, answer);
    }

    /// Forgets every answer: the status changed or the signer was replaced.
    pub fn invalidate(&self) {
        let mut entries = self
            .entries
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.clear();
    }

    /// Answers served from the cache so far.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
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
        let cache = AnswerCache::new(2, 60);
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
        assert_eq!(cache.hits(), 1);
    }
}
