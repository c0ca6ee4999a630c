//! `ca quickstart`: the main job on the embedded default, in one command.

use anyhow::Result;
use ca_core::home::{layout, PinPolicy};
use ca_core::officers::Action;
use ca_core::request::applicant::Applicant;
use ca_core::{CaHome, IdentifierText, Identifiers, InitParams, KeyAlgorithm, SystemClock};

use crate::cli::{Cli, QuickstartArgs};
use crate::exit::Exit;

const CA_SUBJECT: &str = "CN=Демонстрационный УЦ,O=Quickstart,L=Москва,C=RU";
const APPLICANT: &str = "CN=Иванов Иван Иванович,SN=Иванов,GN=Иван Иванович,C=RU";

pub fn run(cli: &Cli, args: &QuickstartArgs) -> Result<Exit> {
    let clock = SystemClock;
    let (home, session, authority, created) = if cli
        .home
        .join(ca_core::profile::config::CONFIG_FILE)
        .exists()
    {
        let (home, session, authority) = super::open_and_unlock(cli, Action::Enroll)?;
        (home, session, authority, false)
    } else {
        let passphrase = crate::secret::ca_passphrase(cli.passphrase_file.as_deref(), true)?;
        let params = InitParams {
            ocsp_url: Some("http://127.0.0.1:8080/ocsp".into()),
            crl_url: Some("http://127.0.0.1:8080/crl".into()),
            ca_issuers_url: Some("http://127.0.0.1:8080/ca.cer".into()),
            delta_crl_url: Some("http://127.0.0.1:8080/crl/delta".into()),
            officer: cli.officer.clone(),
            ..InitParams::root(CA_SUBJECT)?
        };
        let (home, _) = CaHome::init(&cli.home, params, &passphrase, None, &clock)?;
        let session = home.login_officer(&cli.officer, &passphrase, Action::Enroll, &clock)?;
        let authority = home.unlock(&session)?;
        (home, session, authority, true)
    };
    let root = home.root().to_path_buf();
    let home_path = root.display();
    say!(
        "{}",
        if created {
            tr!("qs-created", home = home_path)
        } else {
            tr!("qs-opened", home = home_path)
        }
    );
    say!(
        "{}",
        tr!("qs-chain", chain = root.join(layout::CHAIN).display())
    );
    say!(
        "{}",
        tr!(
            "qs-ocsp-signer",
            cert = root.join(layout::OCSP_CERT).display(),
            key = root.join(layout::OCSP_KEY).display()
        )
    );

    let applicant = Applicant {
        subject: APPLICANT.into(),
        identifiers: Identifiers::parse(IdentifierText {
            snils: Some("112-233-445 95"),
            inn: Some("500100732259"),
            ..Default::default()
        })?,
        email: None,
        profile: "signing".into(),
        key: KeyAlgorithm::EcdsaP256,
        days: None,
        identified_by: Default::default(),
    };
    let out = args.out.clone().unwrap_or_else(|| root.join("quickstart"));
    let enrolled = home.enroll(
        &session,
        &authority,
        &applicant,
        &out,
        &PinPolicy::OneTime,
        &clock,
    )?;
    let record = &enrolled.record;
    let pin = enrolled.one_time_pin.clone().unwrap_or_default();
    // The citizen's key, as they would open it from the file they were given.
    let key = ca_core::keys::load_key_file(&enrolled.files[1], Some(pin.as_bytes()))?;
    let serial = record.serial.to_string();
    let cert_path = enrolled.files[0].clone();
    say!("{}", tr!("qs-issued", serial = serial));
    say!("{}", tr!("qs-subject", subject = record.subject));
    say!(
        "{}",
        tr!(
            "qs-files",
            files = format!("{}/{serial}.{{pem,key.p8,p12}}", out.display()),
            pin = pin.as_str()
        )
    );
    say!("{}", tr!("qs-check"));
    say!(
        "   openssl verify -CAfile {} {}",
        root.join(layout::CHAIN).display(),
        cert_path.display()
    );
    say!("   openssl x509 -in {} -noout -text", cert_path.display());
    let ca = program("ca");
    let responder = program("ocsp-server");
    if ca != "ca" {
        say!("{}", tr!("qs-not-on-path"));
    }
    say!(
        "{}",
        tr!(
            "qs-find",
            list = format!("{ca} --home {} list", root.display()),
            show = format!("{ca} --home {} show {serial}", root.display())
        )
    );
    let home = root.display();
    say!("{}", tr!("qs-ocsp"));
    say!(
        "   {responder} --listen 127.0.0.1:8080 --data {home}/responder --ca-cert {home}/ca.pem \\\n       --signer-cert {home}/ocsp/signer.pem --signer-key {home}/ocsp/signer.key &"
    );
    say!("   {ca} --home {home} responder add http://127.0.0.1:8080");
    say!(
        "   {ca} --home {home} status --cert {} --url http://127.0.0.1:8080/",
        cert_path.display()
    );
    sign_a_document(&root, &out, &key, &record.der, home_chain(&root)?, &serial)?;
    Ok(Exit::Ok)
}

fn home_chain(root: &std::path::Path) -> Result<Vec<Vec<u8>>> {
    Ok(ca_core::pem::certificates(&std::fs::read(
        root.join(layout::CHAIN),
    )?)?)
}

/// Step 6: the citizen signs an application with the new certificate; it is verified.
fn sign_a_document(
    root: &std::path::Path,
    out: &std::path::Path,
    key: &ca_core::SoftwareKey,
    cert: &[u8],
    chain: Vec<Vec<u8>>,
    serial: &str,
) -> Result<()> {
    use ca_core::signing::{sign_detached, SignOptions};
    use ca_core::verification::{verify_detached, OcspSource, RevocationPolicy, VerifyOptions};
    use ca_core::Clock;
    let document = out.join(format!("{serial}-application.txt"));
    std::fs::write(
        &document,
        "Заявление о предоставлении государственной услуги (демонстрация)\n",
    )?;
    let now = SystemClock.now();
    let signature = sign_detached(
        std::fs::File::open(&document)?,
        key,
        cert,
        &chain,
        &SignOptions::at(now),
    )?;
    let sig_path = out.join(format!("{serial}-application.txt.sig"));
    ca_core::files::write_public(&sig_path, &signature)?;
    let root_der = chain.last().cloned().unwrap_or_default();
    let report = verify_detached(
        &signature,
        std::fs::File::open(&document)?,
        &VerifyOptions {
            ocsp: OcspSource::Off,
            policy: RevocationPolicy::IfAvailable,
            ..VerifyOptions::new(vec![root_der], now)
        },
    )?;
    say!(
        "{}",
        if report.valid() {
            tr!("qs-signed-valid")
        } else {
            tr!("qs-signed-not-valid")
        }
    );
    say!("   {}  {}", document.display(), sig_path.display());
    say!(
        "   {} verify --sig {} --trust {} {}   ({})",
        program("ca"),
        sig_path.display(),
        root.join(layout::CHAIN).display(),
        document.display(),
        tr!("qs-with-responder")
    );
    say!(
        "   openssl cms -verify -binary -inform DER -in {} -content {} -CAfile {} -out /dev/null",
        sig_path.display(),
        document.display(),
        root.join(layout::CHAIN).display()
    );
    if !report.valid() {
        anyhow::bail!(
            "the demonstration signature did not verify: {:?}",
            report.errors()
        );
    }
    Ok(())
}

/// How to run `name` as printed: its name when it is on PATH; else the binary beside this one
/// (cargo's target folder); else, for the responder cargo has not built yet, `cargo run`.
fn program(name: &str) -> String {
    let on_path = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()));
    if on_path {
        return name.to_owned();
    }
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(name)))
        .filter(|p| p.is_file());
    match beside {
        Some(path) => path.display().to_string(),
        None if name == "ocsp-server" => {
            "cargo run -q --locked --release --bin ocsp-server --".to_owned()
        }
        None => name.to_owned(),
    }
}
