//! HTTP: POST with an `application/ocsp-request` body, RFC 5019 GET with the request in the
//! path (base64), `/healthz`. Bad input is answered `malformedRequest`; nothing crashes it.

use std::sync::Arc;

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use base64::Engine;
use ca_core::ocsp::Responder;
use sha2::{Digest, Sha256};

use crate::metrics::Metrics;
use crate::replica::Replica;
use crate::Cli;

/// Largest request body accepted.
const BODY_LIMIT: usize = 64 * 1024;
/// How long an answer is valid (nextUpdate).
const ANSWER_VALIDITY_SECS: u64 = 3600;

struct AppState {
    responder: Responder,
    replica: Replica,
    /// Whether the expired signer has been reported (once).
    expiry_logged: std::sync::atomic::AtomicBool,
    metrics: Metrics,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn answer(state: &AppState, request: &[u8], at: u64) -> Vec<u8> {
    let started = std::time::Instant::now();
    let der = answer_uncounted(state, request, at);
    state.metrics.record(&der, started.elapsed());
    der
}

fn answer_uncounted(state: &AppState, request: &[u8], at: u64) -> Vec<u8> {
    if at > state.responder.signer_not_after()
        && !state
            .expiry_logged
            .swap(true, std::sync::atomic::Ordering::Relaxed)
    {
        eprintln!(
            "ocsp-server: the OCSP signer certificate expired at {}; answering tryLater until a \
             new signer is installed",
            ca_core::time::rfc3339(state.responder.signer_not_after())
        );
    }
    state.responder.answer(request, at, &|serial| {
        state
            .replica
            .state(serial)
            .map_err(|e| ca_core::Error::Register(e.to_string()))
    })
}

async fn post_request(State(state): State<Arc<AppState>>, body: Bytes) -> impl IntoResponse {
    let der = answer(&state, &body, now());
    ([(header::CONTENT_TYPE, "application/ocsp-response")], der)
}

/// RFC 5019 §6.2 caching headers for an answer made at `at`, valid until its nextUpdate.
fn caching_headers(der: &[u8], at: u64) -> [(header::HeaderName, String); 5] {
    use std::time::{Duration, UNIX_EPOCH};
    let http_date = |t: u64| httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(t));
    let etag = ca_core::serial::hex(&Sha256::digest(der)[..16]);
    [
        (header::CONTENT_TYPE, "application/ocsp-response".to_owned()),
        (
            header::CACHE_CONTROL,
            format!("max-age={ANSWER_VALIDITY_SECS}, public, no-transform, must-revalidate"),
        ),
        (header::LAST_MODIFIED, http_date(at)),
        (header::EXPIRES, http_date(at + ANSWER_VALIDITY_SECS)),
        (header::ETAG, format!("\"{etag}\"")),
    ]
}

async fn get_request(
    State(state): State<Arc<AppState>>,
    Path(encoded): Path<String>,
) -> impl IntoResponse {
    // RFC 5019 §5: the DER request, base64, URL-encoded (axum has percent-decoded it).
    let request = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim_start_matches('/'))
        .unwrap_or_default();
    let at = now();
    let der = answer(&state, &request, at);
    (caching_headers(&der, at), der)
}

async fn metrics(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    let sequence = state.replica.sequence().unwrap_or(0);
    let produced = state.replica.produced_at().unwrap_or(0);
    let age = if produced == 0 {
        0
    } else {
        now().saturating_sub(produced)
    };
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(sequence, age),
    )
}

/// Runs the responder until SIGTERM or Ctrl-C.
pub fn serve(cli: &Cli) -> Result<()> {
    let ca = crate::ca_certificate(cli.ca_cert()?)?;
    let signer_cert_path = cli
        .signer_cert
        .as_ref()
        .context("--signer-cert is needed to answer (HOME/ocsp/signer.pem)")?;
    let signer_key_path = cli
        .signer_key
        .as_ref()
        .context("--signer-key is needed to answer (HOME/ocsp/signer.key)")?;
    let signer_cert = crate::ca_certificate(signer_cert_path)?;
    let passphrase = std::env::var("OCSP_SIGNER_PASSPHRASE").ok();
    let key =
        ca_core::keys::load_key_file(signer_key_path, passphrase.as_deref().map(str::as_bytes))?;
    let responder = Responder::new(&ca, &signer_cert, Box::new(key), ANSWER_VALIDITY_SECS)?;
    let replica = Replica::open(cli.data()?)?;
    let state = Arc::new(AppState {
        responder,
        replica,
        expiry_logged: Default::default(),
        metrics: Metrics::default(),
    });
    let app = Router::new()
        .route("/", post(post_request))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/metrics", get(metrics))
        .route("/{*request}", get(get_request))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&cli.listen)
            .await
            .with_context(|| format!("listening on {}", cli.listen))?;
        eprintln!(
            "ocsp-server: answering on http://{}",
            listener.local_addr()?
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let mut term =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                        .expect("SIGTERM handler");
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            })
            .await
            .context("serving")
    })
}
