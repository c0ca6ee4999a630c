//! The routes: OCSP over POST (`application/ocsp-request`) and RFC 5019 GET (the request,
//! base64, in the path); `POST /tsp` for RFC 3161 time-stamps (when a TSA is configured);
//! `GET /ca.cer`, the CA certificate in DER (what certificates name as caIssuers); `GET /crl`
//! and `GET /delta.crl`, the latest CRLs the CA published through the feed;
//! `POST /publish` for signed status updates; `/healthz`, `/metrics`.
//! Bad input is answered `malformedRequest` or a 4xx; nothing crashes it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::Engine;
use ca_core::ocsp::Responder;
use ca_core::publish::feed::StatusUpdate;
use ca_core::publish::feed::{PUBLISH_PATH, SEQUENCE_HEADER};
use ca_core::tsa::TimeStampAuthority;
use ca_core::Clock;
use sha2::{Digest, Sha256};
use spki::SubjectPublicKeyInfoOwned;

use crate::cache::{AnswerCache, Cached};
use crate::metrics::Metrics;
use crate::replica::{ApplyError, CrlKind, Position, Replica};

/// Largest OCSP request body accepted.
const REQUEST_LIMIT: usize = 64 * 1024;
/// Largest status update accepted (a full snapshot of a few million certificates), when the
/// CA announced it in the signed `feed-body` header.
const PUBLISH_LIMIT: usize = 512 * 1024 * 1024;
/// Largest status update read without that header (an old CA, `curl` of a small file).
const UNSIGNED_PUBLISH_LIMIT: usize = 1024 * 1024;
/// Time to receive and answer an OCSP request once its headers are in.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Time to receive and store a status update (a full snapshot of millions of certificates
/// takes seconds on a LAN).
const PUBLISH_TIMEOUT: Duration = Duration::from_secs(120);

/// Everything the handlers share.
pub struct AppState {
    /// Signs answers; replaced whole when the signer files are reloaded.
    pub responder: RwLock<Arc<Responder>>,
    /// Certificate status.
    pub replica: Replica,
    /// The CA key that signs status updates.
    pub ca_key: SubjectPublicKeyInfoOwned,
    /// The CA certificate, DER: served at `GET /ca.cer` (the caIssuers URL).
    pub ca_der: Bytes,
    /// Pre-signed answers to nonce-less requests.
    pub cache: AnswerCache,
    /// Counters for /metrics.
    pub metrics: Metrics,
    /// How long an HTTP cache may keep a GET answer (max-age), seconds.
    pub max_age: u64,
    /// Whether the expired signer has been reported (once per signer).
    pub expiry_logged: AtomicBool,
    /// Status updates are applied one at a time.
    pub publishing: Mutex<()>,
    /// Status updates being received at once (`--max-feed-connections`).
    pub feed_slots: Arc<tokio::sync::Semaphore>,
    /// This responder's feed URL, as the CA registered it: named in its acknowledgements.
    pub feed_url: String,
    /// What time it is: every answer, its freshness and its signer's expiry are judged by it.
    pub clock: Box<dyn Clock>,
    /// The time-stamping authority (`--tsa-cert`, `--tsa-key`), if any; replaced on SIGHUP.
    pub tsa: RwLock<Option<Arc<TimeStampAuthority>>>,
}

impl AppState {
    fn current_responder(&self) -> Arc<Responder> {
        self.responder
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Installs a new signer: answers signed by the old one are forgotten.
    pub fn replace_responder(&self, responder: Responder) {
        *self
            .responder
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(responder);
        self.expiry_logged.store(false, Ordering::Relaxed);
        self.cache.invalidate();
    }

    /// The answer to a DER request at `at`: from the cache when it may be, else signed now.
    fn answer(&self, request: Bytes, at: u64) -> Cached {
        let started = std::time::Instant::now();
        let generation = self.cache.generation();
        if let Some(cached) = self.cache.get(&request, at) {
            self.metrics.cache_hit();
            self.metrics.record(&cached.der, started.elapsed());
            return cached;
        }
        let responder = self.current_responder();
        if at > responder.signer_not_after() && !self.expiry_logged.swap(true, Ordering::Relaxed) {
            tracing::error!(
                expired_at = %ca_core::time::rfc3339(responder.signer_not_after()),
                "the OCSP signer certificate expired; answering tryLater until a new signer is \
                 installed (ca ocsp-signer, then SIGHUP)"
            );
        }
        let answer = responder.answer(&request, at, &|serial| {
            self.replica
                .state(serial)
                .map_err(|e| ca_core::Error::Register(e.to_string()))
        });
        let cached = Cached {
            der: Bytes::from(answer.der),
            produced_at: at,
        };
        if answer.reusable {
            self.cache.put(request, cached.clone(), generation);
        }
        self.metrics.record(&cached.der, started.elapsed());
        cached
    }
}

const OCSP_RESPONSE: &str = "application/ocsp-response";
const TIMESTAMP_REPLY: &str = "application/timestamp-reply";

/// `GET /ca.cer`: the CA certificate, DER (RFC 5280 §4.2.2.1), cacheable for a day.
async fn ca_certificate(State(state): State<Arc<AppState>>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pkix-cert"),
            (header::CACHE_CONTROL, "max-age=86400, public"),
        ],
        state.ca_der.clone(),
    )
        .into_response()
}

/// `POST /tsp`: a TimeStampReq in, a TimeStampResp out (a token, or a refusal that says why).
async fn time_stamp(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let tsa = state
        .tsa
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let Some(tsa) = tsa else {
        return (
            StatusCode::NOT_FOUND,
            "no time-stamping authority here (start with --tsa-cert and --tsa-key)\n",
        )
            .into_response();
    };
    match tsa.respond(&body, state.clock.now()) {
        Ok(answer) => {
            state.metrics.time_stamp(answer.refused.map(|r| r.name()));
            ([(header::CONTENT_TYPE, TIMESTAMP_REPLY)], answer.der).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "a time-stamp could not be signed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the token could not be signed\n",
            )
                .into_response()
        }
    }
}

/// POST to `/` or to any path (the URL in certificates may have one, `/ocsp`).
async fn post_request(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let answer = state.answer(body, state.clock.now());
    ([(header::CONTENT_TYPE, OCSP_RESPONSE)], answer.der).into_response()
}

/// RFC 5019 §6.2 caching headers for an answer: public, for `max_age` from when it was made
/// (what is left of it at `now`).
fn caching_headers(answer: &Cached, max_age: u64, now: u64) -> [(header::HeaderName, String); 5] {
    use std::time::{Duration, UNIX_EPOCH};
    let http_date = |t: u64| httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(t));
    let etag = ca_core::serial::hex(&Sha256::digest(&answer.der)[..16]);
    let age_left = (answer.produced_at + max_age).saturating_sub(now);
    [
        (header::CONTENT_TYPE, OCSP_RESPONSE.to_owned()),
        (
            header::CACHE_CONTROL,
            format!("max-age={age_left}, public, no-transform, must-revalidate"),
        ),
        (header::LAST_MODIFIED, http_date(answer.produced_at)),
        (header::EXPIRES, http_date(answer.produced_at + max_age)),
        (header::ETAG, format!("\"{etag}\"")),
    ]
}

/// `GET /crl`: the latest full CRL the CA published through the feed.
async fn full_crl(State(state): State<Arc<AppState>>, headers: axum::http::HeaderMap) -> Response {
    serve_crl(&state, CrlKind::Full, &headers)
}

/// `GET /delta.crl`: the latest delta CRL.
async fn delta_crl(State(state): State<Arc<AppState>>, headers: axum::http::HeaderMap) -> Response {
    serve_crl(&state, CrlKind::Delta, &headers)
}

/// A CRL, DER (RFC 5280 §4.2.1.13: application/pkix-crl), cacheable until the sooner of its
/// nextUpdate and `--max-age` from now, with an entity tag (`If-None-Match` answers 304).
fn serve_crl(state: &AppState, kind: CrlKind, headers: &axum::http::HeaderMap) -> Response {
    use std::time::{Duration, UNIX_EPOCH};
    let crl = match state.replica.crl(kind) {
        Ok(Some(crl)) => crl,
        Ok(None) => {
            return (
                StatusCode::NOT_FOUND,
                "the CA has published no such CRL to this responder yet (ca crl)\n",
            )
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "reading a stored CRL");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the stored CRL cannot be read\n",
            )
                .into_response();
        }
    };
    let etag = format!("\"{}\"", ca_core::serial::hex(&crl.sha256[..16]));
    let now = state.clock.now();
    let until = crl
        .next_update
        .map_or(now + state.max_age, |next| next.min(now + state.max_age))
        .max(now);
    let http_date = |t: u64| httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(t));
    let caching = [
        (header::CONTENT_TYPE, "application/pkix-crl".to_owned()),
        (
            header::CACHE_CONTROL,
            format!(
                "max-age={}, public, no-transform, must-revalidate",
                until - now
            ),
        ),
        (header::LAST_MODIFIED, http_date(crl.this_update)),
        (header::EXPIRES, http_date(until)),
        (header::ETAG, etag.clone()),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if unchanged {
        return (StatusCode::NOT_MODIFIED, caching).into_response();
    }
    (caching, crl.der).into_response()
}

async fn get_request(State(state): State<Arc<AppState>>, Path(encoded): Path<String>) -> Response {
    // RFC 5019 §5: the DER request, base64, URL-encoded (axum has percent-decoded it), after
    // the responder's path if its URL has one (`/ocsp/MEow...`): a request is a SEQUENCE, so
    // its encoding starts with 0x30, which no path word decodes to.
    let b64 = base64::engine::general_purpose::STANDARD;
    let encoded = encoded.trim_start_matches('/');
    let is_request = |bytes: &Vec<u8>| bytes.first() == Some(&0x30);
    let request = b64
        .decode(encoded)
        .ok()
        .filter(is_request)
        .or_else(|| {
            let (_, rest) = encoded.split_once('/')?;
            b64.decode(rest).ok().filter(is_request)
        })
        .unwrap_or_default();
    let now = state.clock.now();
    let answer = state.answer(Bytes::from(request), now);
    (caching_headers(&answer, state.max_age, now), answer.der).into_response()
}

fn sequence_header(sequence: u64) -> [(&'static str, HeaderValue); 1] {
    [(SEQUENCE_HEADER, HeaderValue::from(sequence))]
}

/// `GET /feed-position`: where this replica is in the feed, signed over the CA's nonce — the
/// CA asks its responders as witnesses of the history it published (`ca audit --verify`).
async fn position(State(state): State<Arc<AppState>>, headers: axum::http::HeaderMap) -> Response {
    let Some(nonce) = headers
        .get(ca_core::publish::ack::NONCE_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|hex| ca_core::serial::from_hex(hex).ok())
    else {
        return (StatusCode::BAD_REQUEST, "a feed-nonce header is needed\n").into_response();
    };
    let held = match state.replica.position() {
        Ok(held) => held,
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response(),
    };
    let head: Vec<u8> = held.head.map(|h| h.to_vec()).unwrap_or_default();
    let signed = state
        .current_responder()
        .acknowledge(&state.feed_url, &nonce, false, (held.sequence, &head))
        .and_then(|ack| ack.to_header());
    match signed.map(|h| HeaderValue::from_str(&h)) {
        Ok(Ok(value)) => (
            [(ca_core::publish::ack::ACK_HEADER, value)],
            format!("at feed sequence {}\n", held.sequence),
        )
            .into_response(),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "cannot sign\n").into_response(),
    }
}

/// Reads the body of a status update, no more than the CA announced in the signed
/// `feed-body` header (checked before a byte is read) — or, without that header, no more than
/// a small unsigned allowance — and checks it is what was announced.
async fn receive_update(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
) -> Result<Bytes, (StatusCode, String)> {
    let announced = match headers.get(ca_core::publish::feed::BODY_HEADER) {
        None => None,
        Some(value) => {
            let value = value.to_str().map_err(|_| {
                (
                    StatusCode::BAD_REQUEST,
                    "a bad feed-body header\n".to_owned(),
                )
            })?;
            let (length, hash) = ca_core::publish::feed::check_body_header(value, &state.ca_key)
                .map_err(|e| (StatusCode::BAD_REQUEST, format!("refused: {e}\n")))?;
            if length > PUBLISH_LIMIT as u64 {
                return Err((
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("a status update of {length} bytes is over the limit\n"),
                ));
            }
            Some((length, hash))
        }
    };
    let limit = announced
        .as_ref()
        .map_or(UNSIGNED_PUBLISH_LIMIT, |(length, _)| *length as usize);
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "refused: more than {limit} bytes ({})\n",
                if announced.is_some() {
                    "announced in the signed feed-body header"
                } else {
                    "allowed without a signed feed-body header"
                }
            ),
        )
    })?;
    if let Some((length, hash)) = announced {
        if bytes.len() as u64 != length || Sha256::digest(&bytes).as_slice() != hash.as_slice() {
            return Err((
                StatusCode::BAD_REQUEST,
                "refused: the body is not the one the feed-body header announced\n".to_owned(),
            ));
        }
    }
    Ok(bytes)
}

/// `POST /publish`: a status update signed by the CA, stored (flushed) before it is
/// acknowledged. Forged or garbage: 400. Replayed or out of order: 409, with the sequence
/// the replica is at, so the CA can send what fits.
async fn publish(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let body = match receive_update(&state, &headers, body).await {
        Ok(body) => body,
        Err(refusal) => {
            tracing::warn!(reason = refusal.1.trim_end(), "refused a status update");
            return refusal.into_response();
        }
    };
    // The CA's nonce for this delivery: the answer carries an acknowledgement signed over it.
    let nonce = headers
        .get(ca_core::publish::ack::NONCE_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|hex| ca_core::serial::from_hex(hex).ok());
    let work = tokio::task::spawn_blocking(move || {
        let acknowledged = |applied: bool, held: &Position, response: Response| -> Response {
            let Some(nonce) = &nonce else {
                return response;
            };
            let sequence = held.sequence;
            let head: Vec<u8> = held.head.map(|h| h.to_vec()).unwrap_or_default();
            let signed = state
                .current_responder()
                .acknowledge(&state.feed_url, nonce, applied, (sequence, &head))
                .and_then(|ack| ack.to_header());
            match signed.map(|h| HeaderValue::from_str(&h)) {
                Ok(Ok(value)) => {
                    let mut response = response;
                    response
                        .headers_mut()
                        .insert(ca_core::publish::ack::ACK_HEADER, value);
                    response
                }
                _ => {
                    tracing::error!("an acknowledgement could not be signed");
                    response
                }
            }
        };
        let update = match StatusUpdate::verify(&body, &state.ca_key) {
            Ok(update) => update,
            Err(e) => {
                tracing::warn!(reason = %e, "refused a status update");
                return (StatusCode::BAD_REQUEST, format!("refused: {e}\n")).into_response();
            }
        };
        let _one_at_a_time = state
            .publishing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match state.replica.apply(&update, false) {
            Ok(position) => {
                state.cache.invalidate();
                if update.rebase {
                    tracing::warn!(
                        sequence = update.sequence,
                        "re-based by the CA: the history held before is replaced"
                    );
                }
                acknowledged(
                    true,
                    &position,
                    (
                        sequence_header(position.sequence),
                        format!(
                            "applied status update {} ({} certificates)\n",
                            position.sequence,
                            update.entries.len()
                        ),
                    )
                        .into_response(),
                )
            }
            Err(e @ ApplyError::Refused { at, why }) => {
                tracing::warn!(sequence = update.sequence, reason = %e, "refused a status update");
                state.metrics.refused(why);
                let held = state.replica.position().unwrap_or_default();
                acknowledged(
                    false,
                    &held,
                    (
                        StatusCode::CONFLICT,
                        sequence_header(at),
                        format!("refused status update {}: {e}\n", update.sequence),
                    )
                        .into_response(),
                )
            }
            Err(e @ ApplyError::Storage(_)) => {
                tracing::error!(error = %e, "a status update could not be applied");
                (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response()
            }
        }
    });
    work.await.unwrap_or_else(|_| {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the update could not be applied\n",
        )
            .into_response()
    })
}

async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let position = state.replica.position().unwrap_or_default();
    let age = if position.produced_at == 0 {
        0
    } else {
        state.clock.now().saturating_sub(position.produced_at)
    };
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state
            .metrics
            .render(position.sequence, age, state.cache.bytes()),
    )
        .into_response()
}

/// Answers 408 when the request (body included) takes longer than `limit`.
async fn deadline(limit: Duration, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => (StatusCode::REQUEST_TIMEOUT, "request too slow\n").into_response(),
    }
}

/// Holds one of the feed's slots while a status update is received, before its body is read;
/// none free: 503 at once, and the connection is released.
async fn feed_slot(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    match state.feed_slots.clone().try_acquire_owned() {
        Ok(_slot) => next.run(request).await,
        Err(_) => {
            state.metrics.feed_busy();
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "5")],
                "the feed is busy: as many status updates as --max-feed-connections are being \
                 received; try again\n",
            )
                .into_response()
        }
    }
}

/// The routes over `state`.
pub fn router(state: Arc<AppState>) -> Router {
    let ocsp = Router::new()
        .route("/tsp", post(time_stamp))
        .route("/", post(post_request))
        .route("/{*request}", get(get_request).post(post_request))
        .layer(DefaultBodyLimit::max(REQUEST_LIMIT))
        .layer(middleware::from_fn(|r: Request, n: Next| {
            deadline(REQUEST_TIMEOUT, r, n)
        }));
    let feed = Router::new()
        .route(PUBLISH_PATH, post(publish))
        .layer(middleware::from_fn(|r: Request, n: Next| {
            deadline(PUBLISH_TIMEOUT, r, n)
        }))
        .layer(middleware::from_fn_with_state(state.clone(), feed_slot));
    Router::new()
        .route(ca_core::publish::feed::POSITION_PATH, get(position))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/ca.cer", get(ca_certificate))
        .route("/crl", get(full_crl))
        .route("/delta.crl", get(delta_crl))
        .route("/metrics", get(metrics))
        .merge(feed)
        .merge(ocsp)
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ca_core::home::layout;
    use ca_core::{CaHome, FixedClock, InitParams};

    /// A CA made at `start` (its OCSP signer valid 30 days), and a responder for it whose
    /// clock reads `now`; with a request about the signer certificate.
    fn responder_at(start: u64, now: u64) -> (Arc<AppState>, Vec<u8>, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("tmp");
        let home = dir.path().join("home");
        let params = InitParams::root("CN=Clock CA,C=RU").expect("params");
        let passphrase = b"correct horse battery staple clock";
        CaHome::init(&home, params, passphrase, None, &FixedClock(start)).expect("init");
        let read = |name: &str| std::fs::read(home.join(name)).expect("file");
        let ca = ca_core::pem::certificates(&read(layout::CHAIN))
            .expect("ca")
            .remove(0);
        let signer_cert = ca_core::pem::certificates(&read(layout::OCSP_CERT))
            .expect("signer")
            .remove(0);
        let signer = ca_core::keys::load_key_file(&home.join(layout::OCSP_KEY), None).expect("key");
        let responder =
            Responder::new(&ca, &signer_cert, Box::new(signer), 3600).expect("responder");
        let decode = |der: &[u8]| {
            <ca_core::x509::Certificate as ca_core::der::Decode>::from_der(der).expect("cert")
        };
        let request = ca_core::ocsp::client::Query::new(&decode(&signer_cert), &decode(&ca))
            .expect("query")
            .der()
            .to_vec();
        let state = Arc::new(AppState {
            responder: RwLock::new(Arc::new(responder)),
            replica: Replica::open(&dir.path().join("replica")).expect("replica"),
            ca_key: decode(&ca).tbs_certificate.subject_public_key_info,
            ca_der: Bytes::from(ca.clone()),
            cache: AnswerCache::new(1 << 20, 60),
            metrics: Metrics::default(),
            max_age: 60,
            expiry_logged: Default::default(),
            publishing: Default::default(),
            feed_slots: Arc::new(tokio::sync::Semaphore::new(1)),
            feed_url: "http://127.0.0.1:1".into(),
            clock: Box::new(FixedClock(now)),
            tsa: RwLock::new(None),
        });
        (state, request, dir)
    }

    /// OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, ... }: 30 LEN 0a 01 SS.
    fn status_of(response: &[u8]) -> u8 {
        let length_octets = match response[1] {
            short if short < 0x80 => 0,
            long => usize::from(long & 0x7f),
        };
        let at = 2 + length_octets;
        assert_eq!(&response[at..at + 2], [0x0a, 0x01], "an OCSPResponse");
        response[at + 2]
    }

    #[tokio::test]
    async fn the_answer_path_reads_the_clock_it_is_given() {
        // A CA of 2020: by the machine's clock its OCSP signer expired long ago.
        let start = 1_600_000_000;
        let (inside, request, _dir) = responder_at(start, start + 60);
        let answer = post_request(State(inside), Bytes::from(request.clone())).await;
        let body = axum::body::to_bytes(answer.into_body(), 1 << 20)
            .await
            .expect("body");
        assert_eq!(status_of(&body), 0, "successful at the clock's time");
        let (expired, request, _dir) = responder_at(start, start + 31 * 86_400);
        let answer = post_request(State(expired), Bytes::from(request)).await;
        let body = axum::body::to_bytes(answer.into_body(), 1 << 20)
            .await
            .expect("body");
        assert_eq!(
            status_of(&body),
            3,
            "tryLater once the signer expired by that clock"
        );
    }
}
