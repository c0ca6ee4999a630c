//! `ca status` (ask an OCSP responder about a certificate) and `ca ocsp-signer` (renew the
//! delegated signer the responders sign with).

use std::time::Duration;

use anyhow::{Context, Result};
use ca_core::der::Decode;
use ca_core::home::layout;
use ca_core::ocsp::client::{ocsp_url, Query, Verdict};
use ca_core::officers::Action;
use ca_core::time::rfc3339;
use ca_core::x509::Certificate;
use ca_core::{Clock, SystemClock};
use serde::Serialize;

use crate::cli::{Cli, StatusArgs, TsaSignerArgs};
use crate::exit::Exit;
use crate::exit::UsageError;
use crate::output::print_json;

/// How long to wait for a responder.
const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Serialize)]
struct StatusJson {
    status: &'static str,
    revocation_time: Option<String>,
    reason: Option<String>,
    this_update: String,
    next_update: Option<String>,
    signed_by: String,
    signer_serial: String,
    url: String,
}

/// The first certificate in a PEM or DER file.
fn read_certificate(path: &std::path::Path) -> Result<Certificate> {
    let bytes = super::read_input(path)?;
    let der = ca_core::pem::certificates(&bytes)
        .map_err(|e| UsageError(format!("{}: {e}", path.display())))?
        .remove(0);
    Certificate::from_der(&der).map_err(|e| {
        UsageError(tr!(
            "usage-not-a-certificate",
            path = path.display(),
            error = e
        ))
        .into()
    })
}

/// `ca status --cert FILE [--issuer FILE] [--url URL]`: 0 good, 1 revoked or unknown (or an
/// answer that fails a check), 3 unreachable.
pub fn run(cli: &Cli, args: &StatusArgs) -> Result<Exit> {
    let cert = read_certificate(&args.cert)?;
    let issuer_path = args
        .issuer
        .clone()
        .unwrap_or_else(|| cli.home.join(ca_core::home::layout::CHAIN));
    let issuer = read_certificate(&issuer_path).context(
        "the issuing CA's certificate is needed: pass --issuer FILE, or --home of the CA",
    )?;
    let url = match &args.url {
        Some(url) => url.clone(),
        None => ocsp_url(&cert).ok_or_else(|| UsageError(tr!("usage-no-ocsp-url")))?,
    };
    let query = Query::new(&cert, &issuer)?.with_nonce_policy(args.nonce.policy());
    let report = query.ask(&url, &issuer, SystemClock.now(), TIMEOUT)?;
    let (status, revocation_time, reason) = match report.verdict {
        Verdict::Good => ("good", None, None),
        Verdict::Unknown => ("unknown", None, None),
        Verdict::Revoked { time, reason, .. } => {
            ("revoked", Some(rfc3339(time)), Some(reason.to_string()))
        }
    };
    let json = StatusJson {
        status,
        revocation_time,
        reason,
        this_update: rfc3339(report.this_update),
        next_update: report.next_update.map(rfc3339),
        signed_by: report.signed_by,
        signer_serial: report.signer_serial,
        url,
    };
    if cli.json {
        print_json(&json)?;
    } else {
        match (&json.revocation_time, &json.reason) {
            (Some(time), Some(reason)) => say!(
                "{}",
                tr!(
                    "status-revoked-since",
                    cert = args.cert.display(),
                    time = time,
                    reason = reason
                )
            ),
            _ => say!(
                "{}: {}",
                args.cert.display(),
                super::revoke::status_words(json.status)
            ),
        }
        say!(
            "{}",
            tr!(
                "status-answer",
                url = json.url,
                signer = json.signed_by,
                this_update = json.this_update,
                next_update = json.next_update.as_deref().unwrap_or("-")
            )
        );
    }
    Ok(match report.verdict {
        Verdict::Good => Exit::Ok,
        _ => Exit::Negative,
    })
}

/// `ca ocsp-signer`: a fresh delegated signer in HOME/ocsp/.
pub fn renew_signer(cli: &Cli) -> Result<Exit> {
    let (home, session, authority) = super::open_admin(cli, Action::OcspSigner)?;
    let record = home.issue_ocsp_signer(&session, &authority, &SystemClock)?;
    report_service_signer(
        cli,
        &record,
        &tr!("signer-ocsp"),
        [layout::OCSP_CERT, layout::OCSP_KEY].map(|f| home.root().join(f)),
        &tr!("signer-ocsp-next"),
    )
}

/// `ca tsa-signer`: the time-stamping authority's certificate and key in HOME/tsa/.
pub fn renew_tsa_signer(cli: &Cli, args: &TsaSignerArgs) -> Result<Exit> {
    let (home, session, authority) = super::open_admin(cli, Action::TsaSigner)?;
    let record = home.issue_tsa_signer(&session, &authority, args.key, &SystemClock)?;
    report_service_signer(
        cli,
        &record,
        &tr!("signer-tsa"),
        [layout::TSA_CERT, layout::TSA_KEY].map(|f| home.root().join(f)),
        &tr!("signer-tsa-next"),
    )
}

/// What `ca ocsp-signer` and `ca tsa-signer` print.
fn report_service_signer(
    cli: &Cli,
    record: &ca_core::CertRecord,
    what: &str,
    [certificate, key]: [std::path::PathBuf; 2],
    next: &str,
) -> Result<Exit> {
    let serial = record.serial.to_string();
    if cli.json {
        print_json(&serde_json::json!({
            "serial": serial,
            "not_after": rfc3339(record.not_after),
            "certificate": certificate,
            "key": key,
        }))?;
    } else {
        say!(
            "{}",
            tr!(
                "signer-new",
                what = what,
                serial = serial,
                until = rfc3339(record.not_after),
                certificate = certificate.display(),
                key = key.display(),
                next = next
            )
        );
    }
    Ok(Exit::Ok)
}
