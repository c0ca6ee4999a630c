//! `/metrics` through `prometheus-client` (OpenMetrics text): OCSP answers by response status,
//! a latency histogram, answers served pre-signed from the cache, the status update the replica
//! holds, the feed's refusals, and the time-stamping authority's tokens and refusals. The names
//! are documented in docs/deployment.md and stay stable.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

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

/// The reasons a time-stamp request is refused, as `ca_core::tsa::Refusal::name` gives them.
const TSA_REFUSALS: [&str; 4] = [
    "badAlg",
    "badRequest",
    "unacceptedPolicy",
    "unacceptedExtension",
];

/// `{status="…"}`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: String,
}

/// `{reason="…"}`.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabel {
    reason: String,
}

/// The metrics shared by the request handlers, and their registry.
pub struct Metrics {
    registry: Registry,
    responses: Family<StatusLabel, Counter>,
    duration: Histogram,
    cache_hits: Counter,
    cache_bytes: Gauge,
    sequence: Gauge,
    age: Gauge,
    feed_busy: Counter,
    forks: Counter,
    refused: Counter,
    tokens: Counter,
    tokens_refused: Family<ReasonLabel, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let responses = Family::<StatusLabel, Counter>::default();
        // Every status shows from the start, at zero.
        for (_, name) in STATUSES {
            let _ = responses.get_or_create(&StatusLabel {
                status: name.into(),
            });
        }
        registry.register(
            "ocsp_responses",
            "OCSP answers by responseStatus",
            responses.clone(),
        );
        let duration = Histogram::new(BUCKETS);
        registry.register(
            "ocsp_request_duration_seconds",
            "Time to answer a request",
            duration.clone(),
        );
        let cache_hits = Counter::default();
        registry.register(
            "ocsp_cache_hits",
            "Answers served pre-signed from the cache",
            cache_hits.clone(),
        );
        let cache_bytes = Gauge::default();
        registry.register(
            "ocsp_cache_bytes",
            "Bytes of pre-signed answers held (bounded)",
            cache_bytes.clone(),
        );
        let sequence = Gauge::default();
        registry.register(
            "ocsp_status_update_sequence",
            "Last status update applied",
            sequence.clone(),
        );
        let age = Gauge::default();
        registry.register(
            "ocsp_status_update_age_seconds",
            "Age of that update",
            age.clone(),
        );
        let feed_busy = Counter::default();
        registry.register(
            "ocsp_feed_busy",
            "Status updates refused because every feed slot was taken",
            feed_busy.clone(),
        );
        let forks = Counter::default();
        registry.register(
            "ocsp_feed_forks",
            "Status updates refused as another history than the one held",
            forks.clone(),
        );
        let refused = Counter::default();
        registry.register(
            "ocsp_feed_refused",
            "Signed status updates refused (replayed, out of order, fork)",
            refused.clone(),
        );
        let tokens = Counter::default();
        registry.register(
            "tsa_tokens",
            "Time-stamp tokens issued (POST /tsp)",
            tokens.clone(),
        );
        let tokens_refused = Family::<ReasonLabel, Counter>::default();
        for reason in TSA_REFUSALS {
            let _ = tokens_refused.get_or_create(&ReasonLabel {
                reason: reason.into(),
            });
        }
        registry.register(
            "tsa_refused",
            "Time-stamp requests refused, by PKIFailureInfo",
            tokens_refused.clone(),
        );
        Metrics {
            registry,
            responses,
            duration,
            cache_hits,
            cache_bytes,
            sequence,
            age,
            feed_busy,
            forks,
            refused,
            tokens,
            tokens_refused,
        }
    }
}

impl Metrics {
    /// Counts one answer: its DER (the responseStatus is the ENUMERATED right after the outer
    /// SEQUENCE header) and how long it took.
    pub fn record(&self, der: &[u8], took: Duration) {
        let header = if der.get(1).is_some_and(|l| l & 0x80 != 0) {
            2 + usize::from(der[1] & 0x7f)
        } else {
            2
        };
        if let Some(status) = der.get(header + 2) {
            if let Some((_, name)) = STATUSES.iter().find(|(value, _)| value == status) {
                self.responses
                    .get_or_create(&StatusLabel {
                        status: (*name).into(),
                    })
                    .inc();
            }
        }
        self.duration.observe(took.as_secs_f64());
    }

    /// Counts an answer served pre-signed from the cache.
    pub fn cache_hit(&self) {
        self.cache_hits.inc();
    }

    /// Counts a signed status update refused: replayed, out of order, or a fork (another
    /// history than the one held). A responder stuck at a sequence no real update reaches
    /// shows here.
    pub fn refused(&self, why: ca_core::publish::feed::Refusal) {
        self.refused.inc();
        if why == ca_core::publish::feed::Refusal::Fork {
            self.forks.inc();
        }
    }

    /// Counts a time-stamp answer: a token, or a refusal for `refused` (a
    /// `ca_core::tsa::Refusal` name).
    pub fn time_stamp(&self, refused: Option<&str>) {
        match refused {
            None => {
                self.tokens.inc();
            }
            Some(reason) => {
                self.tokens_refused
                    .get_or_create(&ReasonLabel {
                        reason: reason.into(),
                    })
                    .inc();
            }
        }
    }

    /// Counts a status update turned away because every feed slot was taken.
    pub fn feed_busy(&self) {
        self.feed_busy.inc();
    }

    /// The OpenMetrics text, with the replica's update `sequence`, its `age` in seconds, and
    /// the bytes the answer cache holds.
    pub fn render(&self, sequence: u64, age: u64, cache_bytes: usize) -> String {
        let gauge = |value: u64| i64::try_from(value).unwrap_or(i64::MAX);
        self.sequence.set(gauge(sequence));
        self.age.set(gauge(age));
        self.cache_bytes
            .set(gauge(u64::try_from(cache_bytes).unwrap_or(u64::MAX)));
        let mut out = String::new();
        // Writing into a String does not fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_documented_in_deployment_md_are_exposed() {
        let metrics = Metrics::default();
        // A successful answer: SEQUENCE, then responseStatus ENUMERATED 0.
        metrics.record(&[0x30, 0x03, 0x0a, 0x01, 0x00], Duration::from_micros(300));
        metrics.record(&[0x30, 0x03, 0x0a, 0x01, 0x01], Duration::from_millis(2));
        metrics.cache_hit();
        metrics.time_stamp(None);
        metrics.time_stamp(Some("unacceptedPolicy"));
        metrics.feed_busy();
        metrics.refused(ca_core::publish::feed::Refusal::Fork);
        let text = metrics.render(7, 12, 4096);
        for line in [
            "ocsp_responses_total{status=\"successful\"} 1",
            "ocsp_responses_total{status=\"malformedRequest\"} 1",
            "ocsp_responses_total{status=\"tryLater\"} 0",
            "ocsp_request_duration_seconds_count 2",
            "ocsp_request_duration_seconds_bucket{le=\"0.0005\"} 1",
            "ocsp_cache_hits_total 1",
            "ocsp_cache_bytes 4096",
            "ocsp_status_update_sequence 7",
            "ocsp_status_update_age_seconds 12",
            "ocsp_feed_busy_total 1",
            "ocsp_feed_forks_total 1",
            "ocsp_feed_refused_total 1",
            "tsa_tokens_total 1",
            "tsa_refused_total{reason=\"unacceptedPolicy\"} 1",
            "tsa_refused_total{reason=\"badAlg\"} 0",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing:\n{text}");
        }
    }
}
