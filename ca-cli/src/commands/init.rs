//! `ca init`: a new root or subordinate CA.

use anyhow::{Context, Result};
use ca_core::home::InitReport;
use ca_core::names::subject::parse_subject;
use ca_core::officers::Action;
use ca_core::time::rfc3339;
use ca_core::{CaHome, CaKeySource, InitParams, ParentCa, SystemClock};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::cli::{Cli, InitArgs};
use crate::exit::{Exit, UsageError};
use crate::output::print_json;
use crate::secret::SecretSource;

#[derive(Serialize)]
struct InitJson {
    home: String,
    subject: String,
    serial: String,
    not_after: String,
    key_algorithm: String,
    certificate: String,
    ocsp_signer: OcspSignerJson,
}

#[derive(Serialize)]
struct OcspSignerJson {
    serial: String,
    certificate: String,
    key: String,
    not_after: String,
}

pub fn run(cli: &Cli, args: &InitArgs) -> Result<Exit> {
    // Every argument is checked before any passphrase is asked for.
    let identifiers = args.identifiers.parse()?;
    let subject = parse_subject(&args.subject, &identifiers)?;
    let algorithm = args.key;
    let register = args.register;
    let days = args
        .days
        .unwrap_or(if args.parent.is_some() { 1825 } else { 3650 });
    let clock = SystemClock;
    let base = match &args.services_url {
        Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
            Some(url.trim_end_matches('/').to_owned())
        }
        Some(url) => return Err(UsageError(tr!("init-bad-services-url", url = url)).into()),
        None => None,
    };
    let service = |path: &str| base.as_ref().map(|b| format!("{b}/{path}"));

    // The parent is opened and unlocked first: its passphrase is asked before ours.
    let parent = match &args.parent {
        Some(dir) => {
            let home = CaHome::open(dir).with_context(|| format!("parent CA {}", dir.display()))?;
            let passphrase = SecretSource {
                env: "CA_PARENT_PASSPHRASE",
                file: args.parent_passphrase_file.as_deref(),
                what: tr!("secret-parent-ca"),
                flag: "--parent-passphrase-file",
            }
            .get(false)?;
            let officer = args.parent_officer.as_deref().unwrap_or(&cli.officer);
            let session =
                home.login_admin(officer, &passphrase, Action::IssueSubordinate, &clock)?;
            let authority = home.unlock(&session)?;
            Some((home, session, authority))
        }
        None => None,
    };
    let passphrase = crate::secret::ca_passphrase(cli.passphrase_file.as_deref(), true)?;
    let key = match &args.key_file {
        // An encrypted key file must be under the new CA's passphrase.
        Some(path) => CaKeySource::Import {
            path: path.clone(),
            passphrase: Some(Zeroizing::new(passphrase.to_vec())),
        },
        None => CaKeySource::Generate(algorithm),
    };
    let params = InitParams {
        subject,
        subject_text: args.subject.clone(),
        key,
        days,
        ocsp_url: args.ocsp_url.clone().or(service("ocsp")),
        crl_url: args.crl_url.clone().or(service("crl")),
        ca_issuers_url: args.ca_issuers_url.clone().or(service("ca.cer")),
        delta_crl_url: args.delta_crl_url.clone().or(service("delta.crl")),
        officer: cli.officer.clone(),
        register,
    };
    let parent_ref = parent.as_ref().map(|(home, session, authority)| ParentCa {
        home,
        authority,
        session,
    });
    let (home, report) = CaHome::init(&cli.home, params, &passphrase, parent_ref, &clock)?;
    report_init(cli, &home, &report)
}

fn report_init(cli: &Cli, home: &CaHome, report: &InitReport) -> Result<Exit> {
    let ca = ca_core::issuance::certificate::summary(&report.ca_certificate)?;
    let signer = &report.ocsp_signer;
    let root = home.root();
    let json = InitJson {
        home: root.display().to_string(),
        subject: ca.subject,
        serial: ca.serial.to_string(),
        not_after: rfc3339(ca.not_after),
        key_algorithm: home.config().ca.key_algorithm.clone(),
        certificate: root
            .join(ca_core::home::layout::CHAIN)
            .display()
            .to_string(),
        ocsp_signer: OcspSignerJson {
            serial: signer.serial.to_string(),
            certificate: root
                .join(ca_core::home::layout::OCSP_CERT)
                .display()
                .to_string(),
            key: root
                .join(ca_core::home::layout::OCSP_KEY)
                .display()
                .to_string(),
            not_after: rfc3339(signer.not_after),
        },
    };
    if cli.json {
        print_json(&json)?;
    } else {
        let width = crate::i18n::label_width();
        let row = |label: String, value: String| say!("{label:<width$} {value}");
        say!("{}", tr!("init-created", home = json.home));
        row(tr!("init-subject"), json.subject.clone());
        row(tr!("show-serial"), json.serial.clone());
        row(tr!("init-valid-until"), json.not_after.clone());
        row(
            tr!("init-key"),
            tr!(
                "init-key-value",
                algorithm = json.key_algorithm,
                path = root.join(ca_core::home::layout::KEY).display()
            ),
        );
        row(tr!("init-chain"), json.certificate.clone());
        row(
            tr!("init-ocsp-signer"),
            tr!(
                "init-ocsp-signer-value",
                certificate = json.ocsp_signer.certificate,
                serial = json.ocsp_signer.serial,
                until = json.ocsp_signer.not_after
            ),
        );
        if home.config().ca.ocsp_url.is_none() || home.config().ca.crl_url.is_none() {
            row(tr!("init-note"), tr!("init-no-urls"));
        }
    }
    Ok(Exit::Ok)
}
