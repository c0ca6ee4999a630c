//! `ca sign` and `ca verify` (SPEC §7) against `openssl cms` both ways, and each check failing
//! for the reason it exists: changed content, changed signature, an untrusted signer, a
//! revocation before signing (OCSP and CRL), an expired signer, a key not for signing, and
//! unreadable signature files.

use std::path::{Path, PathBuf};

use crate::server::{free_port, start_on};
use crate::util::{openssl, openssl_cms_verify, serial_of, Run, TestEnv};

pub fn verify(env: &TestEnv, sig: &Path, file: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "--json",
        "verify",
        "--sig",
        sig.to_str().unwrap(),
        "--trust",
        env.ca_pem().to_str().unwrap().to_owned().leak(),
    ];
    args.extend_from_slice(extra);
    args.push(file.to_str().unwrap());
    env.ca(&args)
}

/// The failed check names of a `ca verify --json` that exited 1.
pub fn failed_checks(run: Run) -> Vec<String> {
    let report = run.json_with(1);
    assert_eq!(report["valid"], false, "{report}");
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

pub fn document(env: &TestEnv, name: &str) -> PathBuf {
    let path = env.path(name);
    let text: String = (0..20_000).map(|i| format!("заявление {i}; ")).collect();
    std::fs::write(&path, text).unwrap();
    path
}

/// `ca sign` arguments: `signer`'s NAME.pem and NAME.key in `env`, writing `sig`.
pub fn sign_args(
    env: &TestEnv,
    signer: &str,
    file: &Path,
    sig: &Path,
    extra: &[&str],
) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "sign".into(),
        "--cert".into(),
        env.path(&format!("{signer}.pem")).display().to_string(),
        "--key".into(),
        env.path(&format!("{signer}.key")).display().to_string(),
        "--out".into(),
        sig.display().to_string(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    args.push(file.display().to_string());
    args
}

pub fn sign(env: &TestEnv, signer: &str, file: &Path, extra: &[&str]) -> PathBuf {
    let sig = env.path(&format!("{signer}.sig"));
    let args = sign_args(env, signer, file, &sig, extra);
    env.ca(&args.iter().map(String::as_str).collect::<Vec<_>>())
        .ok();
    sig
}

#[test]
fn our_signatures_verify_with_openssl_and_openssls_with_ours() {
    let env = TestEnv::new();
    env.init(&[]);
    let doc = document(&env, "application.txt");
    for (name, kind) in [("p256", "p256"), ("p384", "p384"), ("rsa", "rsa")] {
        let csr = env.csr(name, kind, &format!("/CN=Signer {name}/C=RU"));
        let cert = env.path(&format!("{name}.pem"));
        env.issue_csr(&csr, &["--out", cert.to_str().unwrap()]).ok();
        let sig = sign(&env, name, &doc, &[]);
        let out = openssl_cms_verify(&sig, &doc, &env.ca_pem());
        assert!(
            out.stderr.contains("Verification successful"),
            "{name}: {}",
            out.stderr
        );
        let printed = openssl(&[
            "cms",
            "-cmsout",
            "-print",
            "-inform",
            "DER",
            "-in",
            sig.to_str().unwrap(),
        ])
        .ok();
        for attribute in [
            "contentType",
            "messageDigest",
            "signingTime",
            "id-smime-aa-signingCertificateV2",
        ] {
            assert!(printed.contains(attribute), "{name}: no {attribute}");
        }
        // Ours verifies ours (revocation aside: no responder here).
        let report = verify(&env, &sig, &doc, &["--revocation", "off"]).json();
        assert_eq!(report["valid"], true, "{report}");
        assert_eq!(
            report["signer"]["serial"],
            serial_of(&cert).to_lowercase().as_str()
        );
        assert_eq!(report["chain"].as_array().unwrap().len(), 2, "{report}");

        // openssl signs, we verify.
        let theirs = env.path(&format!("{name}-openssl.sig"));
        openssl(&[
            "cms",
            "-sign",
            "-binary",
            "-outform",
            "DER",
            "-in",
            doc.to_str().unwrap(),
            "-signer",
            cert.to_str().unwrap(),
            "-inkey",
            env.path(&format!("{name}.key")).to_str().unwrap(),
            "-out",
            theirs.to_str().unwrap(),
        ])
        .ok();
        let report = verify(&env, &theirs, &doc, &["--revocation", "off"]).json();
        assert_eq!(report["valid"], true, "{name}: {report}");
    }
    // Ed25519 (RFC 8419): openssl 3.0 cannot do CMS with it, so ours verifies ours.
    let csr = env.csr("ed", "ed25519", "/CN=Signer ed/C=RU");
    let cert = env.path("ed.pem");
    env.issue_csr(&csr, &["--out", cert.to_str().unwrap()]).ok();
    let sig = sign(&env, "ed", &doc, &["--pem"]);
    assert!(std::fs::read_to_string(&sig)
        .unwrap()
        .starts_with("-----BEGIN CMS-----"));
    let report = verify(&env, &sig, &doc, &["--revocation", "off"]).json();
    assert_eq!(report["valid"], true, "{report}");
}

#[test]
fn each_check_fails_for_what_it_guards() {
    let env = TestEnv::new();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    env.init_with_ocsp_url(&format!("{url}/ocsp"), &[]);
    let server = start_on(&env, &env.path("responder"), port);
    env.ca(&["responder", "add", &server.url()]).ok();
    let doc = document(&env, "application.txt");
    let cert = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let sig = sign(&env, "citizen", &doc, &[]);

    // Valid, with revocation checked at the responder the certificate names.
    let report = verify(&env, &sig, &doc, &[]).json();
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["revocation"]["status"], "good", "{report}");

    // One byte of content changed.
    let mut bytes = std::fs::read(&doc).unwrap();
    bytes[1000] ^= 1;
    let changed = env.path("changed.txt");
    std::fs::write(&changed, &bytes).unwrap();
    assert_eq!(failed_checks(verify(&env, &sig, &changed, &[])), ["digest"]);

    // One byte of the signature value changed (it is near the end of the file).
    let mut bad = std::fs::read(&sig).unwrap();
    let at = bad.len() - 10;
    bad[at] ^= 1;
    let bad_sig = env.path("bad.sig");
    std::fs::write(&bad_sig, &bad).unwrap();
    assert_eq!(
        failed_checks(verify(&env, &bad_sig, &doc, &[])),
        ["signature"]
    );

    // A signer not under the trusted root.
    let other = TestEnv::new();
    other.init(&[]);
    let run = env.ca(&[
        "--json",
        "verify",
        "--sig",
        sig.to_str().unwrap(),
        "--trust",
        other.ca_pem().to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    assert!(failed_checks(run).contains(&"chain".to_owned()));

    // A key that may not sign documents (a profile with keyAgreement only).
    let toml = env.home().join("ca.toml");
    let mut config = std::fs::read_to_string(&toml).unwrap();
    config.push_str(
        "\n[profiles.agreement]\nkey_usage = [\"keyAgreement\"]\nleast_role = \"officer\"\n",
    );
    std::fs::write(&toml, config).unwrap();
    let csr = env.csr("agreement", "p256", "/CN=Agreement/C=RU");
    env.issue_csr(
        &csr,
        &[
            "--profile",
            "agreement",
            "--out",
            env.path("agreement.pem").to_str().unwrap(),
        ],
    )
    .ok();
    let agreement_sig = sign(&env, "agreement", &doc, &[]);
    assert_eq!(
        failed_checks(verify(&env, &agreement_sig, &doc, &[])),
        ["key-usage"]
    );

    // Revoked before the signature was made: by OCSP, and by a CRL.
    let revoked = env.issue_leaf("revoked", "/CN=Revoked/C=RU");
    env.ca(&["revoke", &serial_of(&revoked), "--reason", "keyCompromise"])
        .ok();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let late_sig = sign(&env, "revoked", &doc, &[]);
    let report = verify(&env, &late_sig, &doc, &[]);
    let report = report.json_with(1);
    assert_eq!(report["revocation"]["status"], "revoked", "{report}");
    assert!(
        report["errors"][0]
            .as_str()
            .unwrap()
            .contains("not after the validation time"),
        "{report}"
    );
    let crl = env.path("ca.crl");
    env.ca(&["crl", "--out", crl.to_str().unwrap()]).ok();
    let run = verify(&env, &late_sig, &doc, &["--crl", crl.to_str().unwrap()]);
    assert_eq!(failed_checks(run), ["revocation"]);
    // The CRL says nothing against the good signer.
    let report = verify(&env, &sig, &doc, &["--crl", crl.to_str().unwrap()]).json();
    assert_eq!(report["revocation"]["source"], "crl", "{report}");

    // Revocation required but the responder is gone: not valid; if-available: valid.
    drop(server);
    assert_eq!(failed_checks(verify(&env, &sig, &doc, &[])), ["revocation"]);
    let report = verify(&env, &sig, &doc, &["--revocation", "if-available"]).json();
    assert_eq!(report["revocation"]["status"], "unavailable", "{report}");
    let _ = cert;
}

#[test]
fn a_signer_claiming_a_time_after_its_certificate_expired_is_refused() {
    let env = TestEnv::new();
    env.init(&[]);
    let doc = document(&env, "application.txt");
    let cert = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    // A signature that states a signing time after the certificate's notAfter: made with the
    // library, as a signer with a wrong clock would.
    let cert_der = ca_core::pem::certificates(&std::fs::read(&cert).unwrap())
        .unwrap()
        .remove(0);
    let not_after = ca_core::issuance::certificate::summary(&cert_der)
        .unwrap()
        .not_after;
    let key = ca_core::keys::load_key_file(&env.path("citizen.key"), None).unwrap();
    let der = ca_core::signing::sign_detached(
        std::fs::File::open(&doc).unwrap(),
        &key,
        &cert_der,
        &[],
        &ca_core::signing::SignOptions::at(not_after + 86_400),
    )
    .unwrap();
    let sig = env.path("late.sig");
    std::fs::write(&sig, der).unwrap();
    let run = verify(&env, &sig, &doc, &["--revocation", "off"]);
    let report = run.json_with(1);
    assert!(
        report["errors"][0]
            .as_str()
            .unwrap()
            .contains("after the certificate expired"),
        "{report}"
    );
    assert_eq!(report["errors"].as_array().unwrap().len(), 1, "{report}");
}

#[test]
fn unreadable_signature_files_are_bad_input() {
    let env = TestEnv::new();
    env.init(&[]);
    let doc = document(&env, "application.txt");
    env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let sig = sign(&env, "citizen", &doc, &[]);
    let der = std::fs::read(&sig).unwrap();
    let cases: [(&str, Vec<u8>); 4] = [
        ("garbage", b"this is not a signature at all".to_vec()),
        ("truncated", der[..der.len() / 2].to_vec()),
        ("empty", Vec::new()),
        (
            "certificate",
            std::fs::read(env.path("citizen.pem")).unwrap(),
        ),
    ];
    for (name, bytes) in cases {
        let path = env.path(&format!("{name}.sig"));
        std::fs::write(&path, bytes).unwrap();
        let err = verify(&env, &path, &doc, &[]).fails(2);
        assert!(
            err.contains("the signature cannot be read"),
            "{name}: {err}"
        );
    }
    // A PEM signature whose base64 is broken.
    let pem = env.path("pem.sig");
    env.ca(&[
        "sign",
        "--pem",
        "--cert",
        env.path("citizen.pem").to_str().unwrap(),
        "--key",
        env.path("citizen.key").to_str().unwrap(),
        "--out",
        pem.to_str().unwrap(),
        doc.to_str().unwrap(),
    ])
    .ok();
    let text = std::fs::read_to_string(&pem).unwrap().replace('A', "*");
    std::fs::write(&pem, text).unwrap();
    let err = verify(&env, &pem, &doc, &[]).fails(2);
    assert!(err.contains("the signature cannot be read"), "{err}");
}

#[test]
fn a_key_enrolled_at_the_ca_signs_with_its_pin_from_the_environment() {
    let env = TestEnv::new();
    env.init(&[]);
    let doc = document(&env, "application.txt");
    let enrolled = env
        .ca(&[
            "--json",
            "enroll",
            "--subject",
            "CN=Citizen,C=RU",
            "--out",
            "keys",
        ])
        .json();
    let files: Vec<&str> = enrolled["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let cert = files.iter().find(|f| f.ends_with(".pem")).unwrap();
    let key = files.iter().find(|f| f.ends_with(".key.p8")).unwrap();
    let sig = env.path("citizen.sig");
    let sign = |pin: &str| {
        let out = env
            .ca_command(&[
                "sign",
                "--cert",
                cert,
                "--key",
                key,
                "--out",
                sig.to_str().unwrap(),
                doc.to_str().unwrap(),
            ])
            .env("CA_KEY_PASSPHRASE", pin)
            .output()
            .unwrap();
        out.status.code().unwrap()
    };
    assert_eq!(sign("wrong PIN"), 2, "a wrong PIN is refused");
    assert_eq!(sign(enrolled["pin"].as_str().unwrap()), 0);
    let report = verify(&env, &sig, &doc, &["--revocation", "off"]).json();
    assert_eq!(report["valid"], true, "{report}");
}

#[test]
fn verify_prints_identifiers_by_name_as_every_command_does() {
    let env = TestEnv::new();
    env.init(&[]);
    let doc = document(&env, "application.txt");
    let csr = env.csr("citizen", "p256", "/CN=Иванов Иван/C=RU");
    env.issue_csr(
        &csr,
        &[
            "--snils",
            "112-233-445 95",
            "--out",
            env.path("citizen.pem").to_str().unwrap(),
        ],
    )
    .ok();
    let sig = sign(&env, "citizen", &doc, &[]);
    let report = verify(&env, &sig, &doc, &["--revocation", "off"]).json();
    let subject = report["signer"]["subject"].as_str().unwrap();
    assert!(subject.contains("SNILS=11223344595"), "{subject}");
    assert!(!subject.contains("1.2.643.100.3"), "{subject}");
    assert_eq!(report["chain"][0], subject);
}
