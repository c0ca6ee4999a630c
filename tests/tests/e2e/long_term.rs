//! Long-term signatures (CAdES-LT, ETSI B-LT): `ca sign --tsa --long-term` embeds an OCSP answer
//! fetched after the time-stamp; `ca verify --offline` decides from it alone, after the signer's
//! certificate expired and after it was revoked, until the TSA's certificate expires; an answer
//! from before the time-stamp, planted by a thief, proves nothing.

use std::path::{Path, PathBuf};

use crate::peers::{faketime, run};
use crate::signing::{document, failed_checks, sign_args};
use crate::util::{bin_dir, openssl, serial_of, Run, TestEnv};

/// A CA with a responder (feed) and a TSA, and the holder "citizen" (P-256, a year).
fn setup() -> (
    TestEnv,
    crate::server::Server,
    crate::server::Server,
    String,
) {
    let (env, responder) = crate::trusted_time::ca_with_responder();
    env.ca(&["tsa-signer"]).ok();
    let tsa = crate::tsa::start_tsa(&env, &env.path("tsa-replica"), &[]);
    let tsa_url = format!("{}/tsp", tsa.url());
    env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    (env, responder, tsa, tsa_url)
}

/// `ca --json sign … --chain ca.pem EXTRA FILE` as citizen, writing NAME.sig.
fn sign(env: &TestEnv, doc: &Path, name: &str, extra: &[&str]) -> (PathBuf, serde_json::Value) {
    let sig = env.path(&format!("{name}.sig"));
    let ca = env.ca_pem().display().to_string();
    let mut more = vec!["--chain", &ca];
    more.extend_from_slice(extra);
    let args = sign_args(env, "citizen", doc, &sig, &more);
    let mut all = vec!["--json"];
    all.extend(args.iter().map(String::as_str));
    let json = env.ca(&all).json();
    (sig, json)
}

/// `ca --json verify --offline …` with the clock at `clock` (a faketime spec), or now.
fn verify_offline(env: &TestEnv, sig: &Path, doc: &Path, clock: Option<&str>) -> Run {
    let ca = env.ca_pem();
    let args = [
        "--json",
        "verify",
        "--offline",
        "--sig",
        sig.to_str().unwrap(),
        "--trust",
        ca.to_str().unwrap(),
        doc.to_str().unwrap(),
    ];
    match clock {
        None => env.ca(&args),
        Some(spec) => run(faketime(spec, &bin_dir().join("ca"), &args)),
    }
}

/// The signature time-stamp token of `sig` (DER), cut out where `openssl asn1parse` finds it:
/// the first element of the attribute's value set.
fn extract_timestamp_token(env: &TestEnv, sig: &Path) -> PathBuf {
    let parsed = openssl(&["asn1parse", "-inform", "DER", "-in", sig.to_str().unwrap()]);
    let lines: Vec<&str> = parsed.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("id-smime-aa-timeStampToken"))
        .unwrap_or_else(|| panic!("no time-stamp token in {}", parsed.stdout));
    // "  1234:d=7  hl=4 l=1500 cons: SEQUENCE" two lines on (after the SET).
    let token_line = lines[at + 2];
    let number = |key: &str| -> usize {
        let rest = &token_line[token_line.find(key).unwrap() + key.len()..];
        rest.split_whitespace().next().unwrap().parse().unwrap()
    };
    let offset: usize = token_line
        .split(':')
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let length = number("hl=") + number(" l=");
    let bytes = std::fs::read(sig).unwrap();
    let token = env.path("token.der");
    std::fs::write(&token, &bytes[offset..offset + length]).unwrap();
    token
}

/// `ca extend SIG --long-term --out F` refused (exit 2) with nothing written; its message.
fn long_term_refused(env: &TestEnv, sig: &Path) -> String {
    let refused = env.path("refused.sig");
    let err = env
        .ca(&[
            "extend",
            sig.to_str().unwrap(),
            "--long-term",
            "--out",
            refused.to_str().unwrap(),
        ])
        .fails(2);
    assert!(!refused.exists());
    err
}

fn revoke_citizen(env: &TestEnv) {
    env.ca(&[
        "revoke",
        &serial_of(&env.path("citizen.pem")),
        "--reason",
        "keyCompromise",
    ])
    .ok();
}

fn check_detail(report: &serde_json::Value, name: &str) -> String {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .map(|c| c["detail"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[test]
fn a_long_term_signature_verifies_offline_after_expiry_and_revocation_until_the_tsa_expires() {
    let (env, _responder, _tsa, tsa_url) = setup();
    let doc = document(&env, "application.txt");
    let (lt, signed) = sign(&env, &doc, "lt", &["--tsa", &tsa_url, "--long-term"]);
    let fetched = signed["validation_data"]
        .as_array()
        .expect("validation data");
    assert!(
        fetched
            .iter()
            .any(|i| i["kind"] == "ocsp" && i["status"] == "good" && i["embedded"] == true),
        "{signed}"
    );
    // openssl reads the structure (the OCSP answer as RFC 5940 other revocation info) and
    // still verifies the signature.
    let printed = openssl(&[
        "cms",
        "-cmsout",
        "-print",
        "-inform",
        "DER",
        "-in",
        lt.to_str().unwrap(),
    ]);
    assert!(
        printed.stdout.contains("1.3.6.1.5.5.7.16.2") || printed.stdout.contains("ocsp"),
        "{}",
        printed.stdout
    );
    let verified = crate::util::openssl_cms_verify(&lt, &doc, &env.ca_pem());
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    // The token it embeds, extracted, verifies with openssl ts against the query for this
    // signature's value (`ca extend --query`).
    let token = extract_timestamp_token(&env, &lt);
    let query = env.path("lt.tsq");
    env.ca(&[
        "extend",
        lt.to_str().unwrap(),
        "--query",
        query.to_str().unwrap(),
    ])
    .ok();
    let tsa_cert = env.home().join("tsa/signer.pem");
    let checked = openssl(&[
        "ts",
        "-verify",
        "-queryfile",
        query.to_str().unwrap(),
        "-in",
        token.to_str().unwrap(),
        "-token_in",
        "-CAfile",
        env.ca_pem().to_str().unwrap(),
        "-untrusted",
        tsa_cert.to_str().unwrap(),
    ]);
    assert!(
        checked.stdout.contains("Verification: OK"),
        "{}{}",
        checked.stdout,
        checked.stderr
    );

    let report = verify_offline(&env, &lt, &doc, None).json();
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["validation_time_source"], "timestamp", "{report}");
    let used: Vec<&serde_json::Value> = report["validation_data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["used"] == true)
        .collect();
    assert_eq!(used.len(), 1, "{report}");
    assert_eq!(used[0]["kind"], "ocsp", "{report}");
    assert!(
        report["revocation"]["source"]
            .as_str()
            .unwrap()
            .starts_with("embedded ocsp"),
        "{report}"
    );

    // A -T signature carries nothing to decide offline with.
    let (t_only, _) = sign(&env, &doc, "t-only", &["--tsa", &tsa_url]);
    let failed = failed_checks(verify_offline(&env, &t_only, &doc, None));
    assert_eq!(failed, ["revocation"]);

    // The key is compromised and the certificate revoked after the signature was time-stamped.
    std::thread::sleep(std::time::Duration::from_secs(1));
    revoke_citizen(&env);
    let report = verify_offline(&env, &lt, &doc, None).json();
    assert_eq!(report["valid"], true, "{report}");
    // Two years on, the holder's certificate (a year) has expired: still valid offline.
    let report = verify_offline(&env, &lt, &doc, Some("+730d")).json();
    assert_eq!(report["valid"], true, "{report}");
    // Six years on, the TSA's certificate (five years) has expired too: the time-stamp no
    // longer proves the time; archive time-stamps (B-LTA) would be needed.
    let late = verify_offline(&env, &lt, &doc, Some("+2190d"));
    let report = late.json_with(1);
    assert!(
        check_detail(&report, "timestamp").contains("B-LTA"),
        "{report}"
    );
}

#[test]
fn an_answer_captured_before_the_revocation_does_not_vouch_for_a_signature_stamped_after_it() {
    let (env, _responder, _tsa, tsa_url) = setup();
    let doc = document(&env, "application.txt");
    // The thief keeps a "good" answer the responder gave before the revocation.
    let captured = env.path("captured.der");
    let ocsp_url = crate::util::ocsp_url_of(&env.path("citizen.pem"));
    openssl(&[
        "ocsp",
        "-issuer",
        env.ca_pem().to_str().unwrap(),
        "-cert",
        env.path("citizen.pem").to_str().unwrap(),
        "-url",
        &ocsp_url,
        "-respout",
        captured.to_str().unwrap(),
        "-noverify",
    ])
    .ok();
    std::thread::sleep(std::time::Duration::from_secs(1));
    revoke_citizen(&env);
    // After the revocation, the thief signs with the stolen key and gets a time-stamp …
    let (stolen, _) = sign(&env, &doc, "stolen", &["--tsa", &tsa_url]);
    // … our tool will not make it long-term: the responder says revoked, nothing is written.
    let err = long_term_refused(&env, &stolen);
    assert!(err.contains("revoked"), "{err}");
    // So the thief plants the old answer with the library.
    let planted = ca_core::verification::embed_validation_data(
        &std::fs::read(&stolen).unwrap(),
        &[std::fs::read(&captured).unwrap()],
        &[],
    )
    .expect("embedded");
    let planted_path = env.path("planted.sig");
    std::fs::write(&planted_path, planted).unwrap();
    let run = verify_offline(&env, &planted_path, &doc, None);
    let report = run.json_with(1);
    assert_eq!(
        failed_checks(verify_offline(&env, &planted_path, &doc, None)),
        ["revocation"]
    );
    let items = report["validation_data"].as_array().unwrap();
    assert!(
        items.iter().any(|i| i["used"] == false
            && i["detail"]
                .as_str()
                .unwrap()
                .contains("before the validation time")),
        "{report}"
    );
    // The officer reads why in Russian.
    let ca = env.ca_pem();
    let mut russian = env.ca_command(&[
        "verify",
        "--offline",
        "--sig",
        planted_path.to_str().unwrap(),
        "--trust",
        ca.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    russian.env_remove("LC_ALL").env("LANG", "ru_RU.UTF-8");
    let russian = Run::from_output(russian.output().unwrap());
    assert!(
        russian.stdout.contains("не используется: относится к")
            && russian.stdout.contains("раньше времени проверки"),
        "{}",
        russian.stdout
    );
    // Online, the responder says revoked before the time-stamp: not valid either.
    let online = crate::signing::verify(&env, &planted_path, &doc, &[]);
    assert_eq!(online.json_with(1)["revocation"]["status"], "revoked");
}

#[test]
fn ca_extend_makes_a_time_stamped_signature_long_term_and_refuses_a_plain_one() {
    let (env, _responder, _tsa, tsa_url) = setup();
    let doc = document(&env, "application.txt");
    let (plain, _) = sign(&env, &doc, "plain", &[]);
    let err = long_term_refused(&env, &plain);
    assert!(err.contains("time-stamp"), "{err}");
    let lt = env.path("extended-lt.sig");
    let extended = env
        .ca(&[
            "--json",
            "extend",
            plain.to_str().unwrap(),
            "--tsa",
            &tsa_url,
            "--long-term",
            "--out",
            lt.to_str().unwrap(),
        ])
        .json();
    assert!(extended["timestamp"].is_string(), "{extended}");
    assert!(extended["validation_data"].is_array(), "{extended}");
    let report = verify_offline(&env, &lt, &doc, None).json();
    assert_eq!(report["valid"], true, "{report}");
    // Extending again (a second pass) keeps what it carries and still verifies.
    let again = env.path("again.sig");
    env.ca(&[
        "extend",
        lt.to_str().unwrap(),
        "--long-term",
        "--out",
        again.to_str().unwrap(),
    ])
    .ok();
    let report = verify_offline(&env, &again, &doc, None).json();
    assert_eq!(report["valid"], true, "{report}");
}

#[test]
fn a_gost_long_term_signature_carries_gost_answers_and_verifies_offline() {
    let env = TestEnv::new();
    let port = crate::server::free_port();
    env.init_with_services(
        &format!("http://127.0.0.1:{port}"),
        &["--key", "gost2012-256"],
    );
    env.ca(&["tsa-signer"]).ok();
    let home = env.home();
    let tsa_cert = home.join("tsa/signer.pem").display().to_string();
    let tsa_key = home.join("tsa/signer.key").display().to_string();
    let server = crate::server::start_with(
        &env,
        &env.path("responder"),
        port,
        &["--tsa-cert", &tsa_cert, "--tsa-key", &tsa_key],
    );
    env.ca(&["responder", "add", &server.url()]).ok();
    let enrolled = env
        .ca(&[
            "--json",
            "enroll",
            "--subject",
            "CN=Иванова Мария,C=RU",
            "--key",
            "gost2012-256",
            "--out",
            "holder",
        ])
        .json();
    let files = &enrolled["files"];
    let doc = document(&env, "application.txt");
    let sig = env.path("gost-lt.sig");
    let ca = env.ca_pem().display().to_string();
    let signed = env
        .ca_command(&[
            "--json",
            "sign",
            "--cert",
            files[0].as_str().unwrap(),
            "--key",
            files[1].as_str().unwrap(),
            "--chain",
            &ca,
            "--tsa",
            &format!("{}/tsp", server.url()),
            "--long-term",
            "--out",
            sig.to_str().unwrap(),
            doc.to_str().unwrap(),
        ])
        .env("CA_KEY_PASSPHRASE", enrolled["pin"].as_str().unwrap())
        .output()
        .unwrap();
    assert!(
        signed.status.success(),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    // A GOST signature (GOST R 34.10-2012 with Streebog-256); the embedded OCSP answer that
    // decides offline is signed by the responder's GOST signer.
    let printed = openssl(&[
        "cms",
        "-cmsout",
        "-print",
        "-inform",
        "DER",
        "-in",
        sig.to_str().unwrap(),
    ]);
    assert!(
        printed.stdout.contains("1.2.643.7.1.1.3.2"),
        "{}",
        printed.stdout
    );
    let report = verify_offline(&env, &sig, &doc, None).json();
    assert_eq!(report["valid"], true, "{report}");
    assert!(
        report["revocation"]["source"]
            .as_str()
            .unwrap()
            .starts_with("embedded ocsp"),
        "{report}"
    );
    server.terminate();
}
