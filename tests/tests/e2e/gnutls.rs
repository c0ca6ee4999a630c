//! GnuTLS (`certtool`, `ocsptool` from gnutls-bin) as a peer: its requests, keys and detached
//! signatures are accepted; it verifies our certificates, CRLs, OCSP answers and signatures.
//! And the other files honest tools write with text around the PEM (RFC 7468 §2).

use std::path::Path;
use std::process::Command;

use crate::peers::required_program;
use crate::signing::{document, failed_checks, verify};
use crate::trusted_time::ca_with_responder;
use crate::util::{ocsp_url_of, openssl, serial_of, Run, TestEnv};

fn certtool(args: &[&str]) -> Run {
    Run::from_output(
        Command::new(required_program("certtool", "gnutls-bin"))
            .args(args)
            .output()
            .expect("certtool"),
    )
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn gnutls_requests_keys_and_signatures_are_accepted_and_ours_verify_with_gnutls() {
    let (env, _server) = ca_with_responder();
    let doc = document(&env, "application.txt");
    let key = env.path("gnutls.key");
    let csr = env.path("gnutls.csr");
    let template = env.path("gnutls.tmpl");
    std::fs::write(
        &template,
        "cn = \"GnuTLS Citizen\"\ncountry = RU\nsigning_key\n",
    )
    .unwrap();
    certtool(&[
        "--generate-privkey",
        "--ecc",
        "--curve",
        "secp256r1",
        "--outfile",
        p(&key),
    ])
    .ok();
    certtool(&[
        "--generate-request",
        "--load-privkey",
        p(&key),
        "--template",
        p(&template),
        "--outfile",
        p(&csr),
    ])
    .ok();
    // certtool writes an explanation before the PEM block of the request.
    assert!(!std::fs::read_to_string(&csr)
        .unwrap()
        .starts_with("-----BEGIN"));
    let cert = env.path("gnutls.pem");
    env.issue_csr(&csr, &["--out", p(&cert)]).ok();
    let out = certtool(&[
        "--verify",
        "--load-ca-certificate",
        p(&env.ca_pem()),
        "--infile",
        p(&cert),
    ]);
    assert!(out.stdout.contains("Verified"), "{}", out.stdout);

    // A GnuTLS-encrypted PKCS#8 key (hmacWithSHA256 without NULL parameters, the scalar with
    // a leading zero) signs with `ca sign`; GnuTLS verifies the signature.
    let p8 = env.path("gnutls.p8");
    certtool(&[
        "--to-p8",
        "--load-privkey",
        p(&key),
        "--password",
        "ПИН 1234",
        "--outfile",
        p(&p8),
    ])
    .ok();
    let ours = env.path("ours.sig");
    let signed = env
        .ca_command(&[
            "sign",
            "--cert",
            p(&cert),
            "--key",
            p(&p8),
            "--out",
            p(&ours),
            p(&doc),
        ])
        .env("CA_KEY_PASSPHRASE", "ПИН 1234")
        .output()
        .unwrap();
    assert!(
        signed.status.success(),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    let p7_verify = |sig: &Path, data: &Path| {
        certtool(&[
            "--p7-verify",
            "--load-ca-certificate",
            p(&env.ca_pem()),
            "--load-data",
            p(data),
            "--inder",
            "--infile",
            p(sig),
        ])
    };
    assert_eq!(p7_verify(&ours, &doc).code, 0, "GnuTLS verifies ours");
    let changed = env.path("changed.txt");
    std::fs::write(&changed, "another application").unwrap();
    assert_eq!(
        p7_verify(&ours, &changed).code,
        1,
        "and refuses other content"
    );

    // GnuTLS signs, we verify (revocation asked of our responder).
    let theirs = env.path("theirs.sig");
    certtool(&[
        "--p7-detached-sign",
        "--p7-time",
        "--load-privkey",
        p(&key),
        "--load-certificate",
        p(&cert),
        "--infile",
        p(&doc),
        "--outder",
        "--outfile",
        p(&theirs),
    ])
    .ok();
    let report = verify(&env, &theirs, &doc, &[]).json();
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["revocation"]["status"], "good", "{report}");
    assert_eq!(
        failed_checks(verify(&env, &theirs, &changed, &[])),
        ["digest"]
    );

    // GnuTLS reads our CRL and our responder's answers.
    env.ca(&["revoke", &serial_of(&cert), "--reason", "keyCompromise"])
        .ok();
    let crl = env.path("ca.crl");
    env.ca(&["crl", "--out", p(&crl)]).ok();
    let out = certtool(&[
        "--verify-crl",
        "--load-ca-certificate",
        p(&env.home().join("ca.cer")),
        "--inder",
        "--infile",
        p(&crl),
    ]);
    assert!(
        out.stdout.contains("Verified"),
        "{}{}",
        out.stdout,
        out.stderr
    );
    let asked = Run::from_output(
        Command::new(required_program("ocsptool", "gnutls-bin"))
            .arg(format!("--ask={}", ocsp_url_of(&cert)))
            .arg(format!("--load-issuer={}", p(&env.ca_pem())))
            .arg(format!("--load-cert={}", p(&cert)))
            .arg(format!("--load-trust={}", p(&env.ca_pem())))
            .output()
            .unwrap(),
    );
    assert!(
        asked.stdout.contains("Certificate Status: revoked")
            && asked.stdout.contains("Verifying OCSP Response: Success"),
        "{}{}",
        asked.stdout,
        asked.stderr
    );
}

#[test]
fn a_gnutls_encrypted_key_becomes_a_ca_key() {
    let env = TestEnv::new();
    let key = env.path("ca.key");
    let p8 = env.path("ca.p8");
    certtool(&[
        "--generate-privkey",
        "--ecc",
        "--curve",
        "secp384r1",
        "--outfile",
        p(&key),
    ])
    .ok();
    certtool(&[
        "--to-p8",
        "--load-privkey",
        p(&key),
        "--password",
        crate::util::PASS,
        "--outfile",
        p(&p8),
    ])
    .ok();
    env.init(&["--key-file", p(&p8)]);
    let leaf = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    crate::util::assert_verifies(&env.ca_pem(), None, &leaf);
}

#[test]
fn pem_with_text_around_it_is_read_everywhere() {
    let env = TestEnv::new();
    env.init(&[]);
    let doc = document(&env, "application.txt");
    let cert = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    // `openssl x509 -text` writes the certificate's text, then the PEM.
    let with_text = env.path("citizen-text.pem");
    let text = openssl(&["x509", "-in", p(&cert), "-text"]).ok();
    assert!(!text.starts_with("-----BEGIN"));
    std::fs::write(&with_text, &text).unwrap();
    let ca_text = env.path("ca-text.pem");
    std::fs::write(
        &ca_text,
        openssl(&["x509", "-in", p(&env.ca_pem()), "-text"]).ok(),
    )
    .unwrap();
    let sig = env.path("text.sig");
    env.ca(&[
        "sign",
        "--cert",
        p(&with_text),
        "--key",
        p(&env.path("citizen.key")),
        "--out",
        p(&sig),
        p(&doc),
    ])
    .ok();
    let run = env.ca(&[
        "--json",
        "verify",
        "--sig",
        p(&sig),
        "--trust",
        p(&ca_text),
        "--revocation",
        "off",
        p(&doc),
    ]);
    assert_eq!(run.json()["valid"], true);
    // `openssl pkcs12 -nokeys` writes Bag Attributes before each certificate.
    let p12 = env.path("citizen.p12");
    openssl(&[
        "pkcs12",
        "-export",
        "-in",
        p(&cert),
        "-inkey",
        p(&env.path("citizen.key")),
        "-certfile",
        p(&env.ca_pem()),
        "-name",
        "Гражданин",
        "-passout",
        "pass:x",
        "-out",
        p(&p12),
    ])
    .ok();
    let bags = env.path("bags.pem");
    openssl(&[
        "pkcs12",
        "-in",
        p(&p12),
        "-nokeys",
        "-passin",
        "pass:x",
        "-out",
        p(&bags),
    ])
    .ok();
    assert!(std::fs::read_to_string(&bags)
        .unwrap()
        .starts_with("Bag Attributes"));
    let status = env.ca(&[
        "--json",
        "verify",
        "--sig",
        p(&sig),
        "--trust",
        p(&bags),
        "--revocation",
        "off",
        p(&doc),
    ]);
    assert_eq!(status.json()["valid"], true);
    // A CSR with an explanation before it.
    let csr = env.csr("explained", "p256", "/CN=Explained/C=RU");
    let explained = env.path("explained-text.csr");
    std::fs::write(&explained, openssl(&["req", "-in", p(&csr), "-text"]).ok()).unwrap();
    env.issue_csr(&explained, &[]).ok();
}

#[test]
fn cert_ids_hashed_with_sha384_and_sha512_are_answered() {
    let (env, _server) = ca_with_responder();
    let cert = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    for digest in ["-sha384", "-sha512"] {
        let out = openssl(&[
            "ocsp",
            "-issuer",
            p(&env.ca_pem()),
            digest,
            "-cert",
            p(&cert),
            "-url",
            &ocsp_url_of(&cert),
            "-CAfile",
            p(&env.ca_pem()),
        ]);
        assert!(
            out.stdout.contains(": good") && out.stderr.contains("Response verify OK"),
            "{digest}: {}{}",
            out.stdout,
            out.stderr
        );
    }
}
