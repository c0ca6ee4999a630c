//! `/metrics` in the Prometheus text format: answers by OCSP response status, a latency
//! histogram, answers served pre-signed from the cache, and the status update the replica
//! holds.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// OCSPResponseStatus names by value (RFC 6960 §4.2.1; 4 is unused).
const STATUSES: [(u8, &str); 6] = [
    (0, "successful"),
    (1, "malformedRequest"),
    (2, "internalError"),
    (3, "tryLater"),
    (5, "sigRequired"),
    (6, "unauthorized"),
];

/// Upper bounds of the latency buckets, seconds.
const BUCKETS: [f64; 8] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1.0];

/// Counters shared by the request handlers.
#[derive(Default)]
pub struct Metrics {
    by_status: [AtomicU64; 7],
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
    feed_busy: AtomicU64,
    forks: AtomicU64,
    refused: AtomicU64,
    tokens: AtomicU64,
    tokens_refused: [AtomicU64; TSA_REFUSALS.len()],
}

/// The reasons a time-stamp request is refused, as `ca_core::tsa::Refusal::name` gives them.
const TSA_REFUSALS: [&str; 4] = [
    "badAlg",
    "badRequest",
    "unacceptedPolicy",
    "unacceptedExtension",
];

impl Metrics {
    /// Counts one answer: its DER (the responseStatus is the ENUMERATED right after the outer
    /// SEQUENCE header) and how long it took.
    pub fn record(&self, der: &[u8], took: Duration) {
        let header = if der.get(1).is_some_and(|l| l & 0x80 != 0) {
            2 + usize::from(der[1] & 0x7f)
        } else {
            2
        };
        if let Some(status) = der.get(header + 2).map(|s| usize::from(*s)) {
            if let Some(counter) = self.by_status.get(status) {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }
        let secs = took.as_secs_f64();
        for (bound, counter) in BUCKETS.iter().zip(&self.buckets) {
            if secs <= *bound {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// The text exposition, with the replica's update `sequence`, its `age` in seconds, and
    /// the answers served from the cache.
    /// Counts a signed status update refused: replayed, out of order, or a fork (another
    /// history than the one held). A responder stuck at a sequence no real update reaches
    /// shows here.
    pub fn refused(&self, why: ca_core::publish::feed::Refusal) {
        self.refused.fetch_add(1, Ordering::Relaxed);
        if why == ca_core::publish::feed::Refusal::Fork {
            self.forks.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Counts a time-stamp answer: a token, or a refusal for `refused` (a
    /// `ca_core::tsa::Refusal` name).
    pub fn time_stamp(&self, refused: Option<&str>) {
        match refused {
            None => self.tokens.fetch_add(1, Ordering::Relaxed),
            Some(reason) => match TSA_REFUSALS.iter().position(|r| *r == reason) {
                Some(i) => self.tokens_refused[i].fetch_add(1, Ordering::Relaxed),
                None => 0,
            },
        };
    }

    /// Counts a status update turned away because every feed slot was taken.
    pub fn feed_busy(&self) {
        self.feed_busy.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text of every counter.
    pub fn render(&self, sequence: u64, age: u64, cache_hits: u64, cache_bytes: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP ocsp_responses_total OCSP answers by responseStatus."
        );
        let _ = writeln!(out, "# TYPE ocsp_responses_total counter");
        for (value, name) in STATUSES {
            let n = self.by_status[usize::from(value)].load(Ordering::Relaxed);
            let _ = writeln!(out, "ocsp_responses_total{{status=\"{name}\"}} {n}");
        }
        let _ = writeln!(
            out,
            "# HELP ocsp_request_duration_seconds Time to answer a request."
        );
        let _ = writeln!(out, "# TYPE ocsp_request_duration_seconds histogram");
        for (bound, counter) in BUCKETS.iter().zip(&self.buckets) {
            let n = counter.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "ocsp_request_duration_seconds_bucket{{le=\"{bound}\"}} {n}"
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "ocsp_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "ocsp_request_duration_seconds_sum {sum}");
        let _ = writeln!(out, "ocsp_request_duration_seconds_count {count}");
        let _ = writeln!(
            out,
            "# HELP ocsp_cache_hits_total Answers served pre-signed from the cache."
        );
        let _ = writeln!(out, "# TYPE ocsp_cache_hits_total counter");
        let _ = writeln!(out, "ocsp_cache_hits_total {cache_hits}");
        let _ = writeln!(
            out,
            "# HELP ocsp_cache_bytes Bytes of pre-signed answers held (bounded)."
        );
        let _ = writeln!(out, "# TYPE ocsp_cache_bytes gauge");
        let _ = writeln!(out, "ocsp_cache_bytes {cache_bytes}");
        let _ = writeln!(
            out,
            "# HELP ocsp_status_update_sequence Last status update applied."
        );
        let _ = writeln!(out, "# TYPE ocsp_status_update_sequence gauge");
        let _ = writeln!(out, "ocsp_status_update_sequence {sequence}");
        let _ = writeln!(
            out,
            "# HELP ocsp_status_update_age_seconds Age of that update."
        );
        let _ = writeln!(out, "# TYPE ocsp_status_update_age_seconds gauge");
        let _ = writeln!(out, "ocsp_status_update_age_seconds {age}");
        let _ = writeln!(
            out,
            "# HELP ocsp_feed_busy_total Status updates refused because every feed slot was taken."
        );
        let _ = writeln!(out, "# TYPE ocsp_feed_busy_total counter");
        let busy = self.feed_busy.load(Ordering::Relaxed);
        let _ = writeln!(out, "ocsp_feed_busy_total {busy}");
        let _ = writeln!(
            out,
            "# HELP ocsp_feed_forks_total Status updates refused as another history than the one held."
        );
        let _ = writeln!(out, "# TYPE ocsp_feed_forks_total counter");
        let forks = self.forks.load(Ordering::Relaxed);
        let _ = writeln!(out, "ocsp_feed_forks_total {forks}");
        let _ = writeln!(
            out,
            "# HELP ocsp_feed_refused_total Signed status updates refused (replayed, out of order, fork)."
        );
        let _ = writeln!(out, "# TYPE ocsp_feed_refused_total counter");
        let refused = self.refused.load(Ordering::Relaxed);
        let _ = writeln!(out, "ocsp_feed_refused_total {refused}");
        let _ = writeln!(
            out,
            "# HELP tsa_tokens_total Time-stamp tokens issued (POST /tsp)."
        );
        let _ = writeln!(out, "# TYPE tsa_tokens_total counter");
        let tokens = self.tokens.load(Ordering::Relaxed);
        let _ = writeln!(out, "tsa_tokens_total {tokens}");
        let _ = writeln!(
            out,
            "# HELP tsa_refused_total Time-stamp requests refused, by PKIFailureInfo."
        );
        let _ = writeln!(out, "# TYPE tsa_refused_total counter");
        for (reason, counter) in TSA_REFUSALS.iter().zip(&self.tokens_refused) {
            let n = counter.load(Ordering::Relaxed);
            let _ = writeln!(out, "tsa_refused_total{{reason=\"{reason}\"}} {n}");
        }
        out
    }
}
