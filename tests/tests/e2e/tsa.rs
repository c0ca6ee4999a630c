//! The time-stamping authority (SPEC §6, §7): its certificate, as OpenSSL judges it.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use crate::util::{Run, TestEnv};

fn openssl(args: &[&str]) -> Run {
    Run::from_output(
        Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl"),
    )
}

#[test]
fn ca_tsa_signer_issues_a_certificate_openssl_accepts_for_time_stamping_only() {
    let env = TestEnv::new();
    env.init(&[]);
    let made = env.ca(&["--json", "tsa-signer"]).json();
    let certificate = made["certificate"].as_str().unwrap().to_owned();
    let key = made["key"].as_str().unwrap().to_owned();
    assert!(certificate.ends_with("tsa/signer.pem"), "{made}");
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the TSA key is readable by others");
    // RFC 3161 §2.3: id-kp-timeStamping only, critical; OpenSSL's purpose check wants that.
    let text = openssl(&[
        "x509",
        "-in",
        &certificate,
        "-noout",
        "-ext",
        "extendedKeyUsage",
    ])
    .ok();
    assert!(
        text.contains("critical") && text.contains("Time Stamping"),
        "{text}"
    );
    let purposes = openssl(&["x509", "-in", &certificate, "-noout", "-purpose"]).ok();
    assert!(purposes.contains("Time Stamp signing : Yes"), "{purposes}");
    assert!(purposes.contains("SSL client : No") && purposes.contains("S/MIME signing : No"));
    let ca = env.ca_pem();
    let verified = openssl(&[
        "verify",
        "-CAfile",
        ca.to_str().unwrap(),
        "-purpose",
        "timestampsign",
        &certificate,
    ])
    .ok();
    assert!(verified.contains(": OK"), "{verified}");
    // Its key is the certificate's.
    let certified = openssl(&["x509", "-in", &certificate, "-noout", "-pubkey"]).ok();
    assert_eq!(openssl(&["pkey", "-in", &key, "-pubout"]).ok(), certified);
    // Issued again: a new key replaces the old; the issuance is in the audit log.
    let again = env.ca(&["--json", "tsa-signer", "--key", "p384"]).json();
    assert_ne!(again["serial"], made["serial"]);
    let text = openssl(&["x509", "-in", &certificate, "-noout", "-text"]).ok();
    assert!(
        text.contains("secp384r1") || text.contains("P-384"),
        "{text}"
    );
    let issued = env
        .audit()
        .iter()
        .filter(|e| {
            e["action"] == "issue" && e["outcome"].as_str().unwrap().starts_with("ok: tsa for")
        })
        .count();
    assert_eq!(issued, 2, "both issuances are in the audit log");
}

#[test]
fn a_gost_ca_makes_a_gost_tsa() {
    let env = TestEnv::new();
    env.init(&["--key", "gost2012-256"]);
    let made = env.ca(&["--json", "tsa-signer"]).json();
    let text = openssl(&[
        "x509",
        "-in",
        made["certificate"].as_str().unwrap(),
        "-noout",
        "-text",
    ])
    .ok();
    assert!(text.contains("GOST R 34.10-2012"), "{text}");
}
