//! POSTing a DER request to an HTTP service and reading its DER answer (OCSP, time-stamping),
//! or GETting a published object (a CRL): one timeout for the whole exchange, a bounded body,
//! any status but 200 an error. Without the
//! `http` feature, every call says this build has no HTTP client.

use std::time::Duration;

use crate::error::{Error, Result};

/// POSTs `body` as `content_type` to `url`; the answer's body, at most `limit` bytes.
#[cfg(feature = "http")]
pub(crate) fn post(
    url: &str,
    content_type: &str,
    body: &[u8],
    timeout: Duration,
    limit: u64,
) -> Result<Vec<u8>> {
    let agent = agent(timeout);
    let response = agent
        .post(url)
        .header("content-type", content_type)
        .send(body)
        .map_err(|e| Error::Unreachable {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
    read_body(url, response, limit)
}

/// A client with one timeout for the whole exchange that reads any status (200 is checked by
/// [`read_body`]).
#[cfg(feature = "http")]
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into()
}

/// GETs `url`; the answer's body, at most `limit` bytes.
#[cfg(feature = "http")]
pub(crate) fn get(url: &str, timeout: Duration, limit: u64) -> Result<Vec<u8>> {
    let agent = agent(timeout);
    let response = agent.get(url).call().map_err(|e| Error::Unreachable {
        url: url.to_owned(),
        reason: e.to_string(),
    })?;
    read_body(url, response, limit)
}

#[cfg(feature = "http")]
fn read_body(
    url: &str,
    mut response: ureq::http::Response<ureq::Body>,
    limit: u64,
) -> Result<Vec<u8>> {
    let unreachable = |reason: String| Error::Unreachable {
        url: url.to_owned(),
        reason,
    };
    if response.status() != 200 {
        return Err(unreachable(format!("HTTP {}", response.status())));
    }
    response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(|e| unreachable(e.to_string()))
}

/// Without an HTTP client (ca-core without the `http` feature) nothing can be asked online.
#[cfg(not(feature = "http"))]
pub(crate) fn post(
    url: &str,
    _content_type: &str,
    _body: &[u8],
    _timeout: Duration,
    _limit: u64,
) -> Result<Vec<u8>> {
    Err(Error::Unreachable {
        url: url.to_owned(),
        reason: "this build has no HTTP client (ca-core feature `http`)".into(),
    })
}

/// Without an HTTP client nothing can be fetched.
#[cfg(not(feature = "http"))]
pub(crate) fn get(url: &str, _timeout: Duration, _limit: u64) -> Result<Vec<u8>> {
    Err(Error::Unreachable {
        url: url.to_owned(),
        reason: "this build has no HTTP client (ca-core feature `http`)".into(),
    })
}
