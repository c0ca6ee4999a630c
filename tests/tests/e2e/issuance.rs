//! Issuance from CSRs and with server-side keys, root and subordinate chains, checked by openssl.

use crate::util::{assert_verifies, openssl, rsa_key, x509_text, TestEnv};

/// The SKI of a certificate as openssl prints it.
fn subject_key_id(text: &str) -> String {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.contains("X509v3 Subject Key Identifier") {
            return lines.next().expect("SKI value").trim().to_owned();
        }
    }
    panic!("no SKI in {text}")
}

#[test]
fn csr_keys_of_every_kind_verify_and_carry_the_signing_profile() {
    let env = TestEnv::new();
    env.init(&[]);
    let ca_ski = subject_key_id(&x509_text(&env.ca_pem()));
    // HOME/ca.cer is the CA certificate in DER, for the caIssuers URL (RFC 5280 §4.2.2.1).
    let der_as_pem = openssl(&[
        "x509",
        "-inform",
        "DER",
        "-in",
        env.home().join("ca.cer").to_str().unwrap(),
    ])
    .ok();
    assert_eq!(der_as_pem, std::fs::read_to_string(env.ca_pem()).unwrap());
    for kind in ["p256", "p384", "ed25519", "rsa"] {
        let csr = env.csr(kind, kind, &format!("/CN=Заявитель {kind}/C=RU"));
        let out = env.path(&format!("{kind}.pem"));
        let issued = env.issue_json(&csr, &["--out", out.to_str().unwrap()]);
        assert_eq!(issued["profile"], "signing");
        assert_eq!(issued["serial"].as_str().unwrap().len(), 32, "{issued}");
        assert!(issued["subject"].as_str().unwrap().contains("CN=Заявитель"));
        assert!(issued["certificate"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----"));
        assert_verifies(&env.ca_pem(), None, &out);
        let text = x509_text(&out);
        for expected in [
            "X509v3 Key Usage: critical",
            "Digital Signature, Non Repudiation",
            "E-mail Protection, TLS Web Client Authentication, 1.3.6.1.5.5.7.3.36",
            "OCSP - URI:http://127.0.0.1:8080/ocsp",
            "CA Issuers - URI:http://127.0.0.1:8080/ca.cer",
            "URI:http://127.0.0.1:8080/crl",
            "X509v3 Subject Key Identifier",
            "Class of Signing Tool KC1",
        ] {
            assert!(
                text.contains(expected),
                "{kind}: no {expected:?} in\n{text}"
            );
        }
        let aki = text
            .lines()
            .skip_while(|l| !l.contains("Authority Key Identifier"))
            .nth(1)
            .expect("AKI")
            .trim()
            .trim_start_matches("keyid:")
            .to_owned();
        assert_eq!(aki, ca_ski, "{kind}: AKI must equal the CA's SKI");
    }
}

#[test]
fn server_side_keys_of_every_kind_verify_and_open_with_the_pin() {
    let env = TestEnv::new();
    env.init(&[]);
    for kind in ["p256", "p384", "ed25519"] {
        let out = env.path(kind);
        let issued = env
            .ca(&[
                "--json",
                "enroll",
                "--subject",
                "CN=Сидоров Сидор Сидорович,C=RU",
                "--key",
                kind,
                "--out",
                out.to_str().unwrap(),
            ])
            .json();
        let serial = issued["serial"].as_str().unwrap();
        let pin = issued["pin"].as_str().expect("a one-time PIN is printed");
        let pem = out.join(format!("{serial}.pem"));
        let key = out.join(format!("{serial}.key.p8"));
        let p12 = out.join(format!("{serial}.p12"));
        assert_verifies(&env.ca_pem(), None, &pem);
        let pass = format!("pass:{pin}");
        // The key opens with the PIN and matches the certificate.
        let key_pub = openssl(&[
            "pkey",
            "-in",
            key.to_str().unwrap(),
            "-passin",
            &pass,
            "-pubout",
        ])
        .ok();
        let cert_pub = openssl(&["x509", "-in", pem.to_str().unwrap(), "-noout", "-pubkey"]).ok();
        assert_eq!(key_pub, cert_pub, "{kind}: key and certificate differ");
        openssl(&[
            "pkey",
            "-in",
            key.to_str().unwrap(),
            "-passin",
            "pass:wrong-pin",
        ])
        .fails(1);
        let info = openssl(&[
            "pkcs12",
            "-info",
            "-in",
            p12.to_str().unwrap(),
            "-passin",
            &pass,
            "-nodes",
        ]);
        assert_eq!(info.code, 0, "{}", info.stderr);
        assert_eq!(
            info.stdout.matches("-----BEGIN CERTIFICATE-----").count(),
            2,
            "leaf and CA"
        );
        assert!(info.stdout.contains("-----BEGIN PRIVATE KEY-----"));
        #[cfg(unix)]
        for secret in [&key, &p12] {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(secret).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", secret.display());
        }
    }
}

#[test]
fn a_subordinate_ca_chain_verifies_to_the_root() {
    let root = TestEnv::new();
    root.init(&[]);
    let sub = TestEnv::new();
    sub.init_subordinate(
        &root,
        "another passphrase",
        &["--crl-url", "http://127.0.0.1:8081/crl"],
    );
    let sub_chain = std::fs::read_to_string(sub.ca_pem()).unwrap();
    assert_eq!(
        sub_chain.matches("BEGIN CERTIFICATE").count(),
        2,
        "sub CA, then root"
    );
    let sub_cert = crate::util::first_certificate(&sub.ca_pem(), &sub.path("sub-ca.pem"));
    assert!(x509_text(&sub_cert).contains("CA:TRUE, pathlen:0"));
    assert_verifies(&root.ca_pem(), None, &sub_cert);
    // The root's register knows the subordinate certificate.
    let listed = root
        .ca(&["--json", "list", "--subject", "подчинённый"])
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");

    let csr = sub.csr("leaf", "p256", "/CN=Leaf Under Sub");
    let leaf = sub.path("leaf.pem");
    sub.ca_command(&[
        "issue",
        "--csr",
        csr.to_str().unwrap(),
        "--out",
        leaf.to_str().unwrap(),
    ])
    .env("CA_PASSPHRASE", "another passphrase")
    .status()
    .unwrap();
    assert_verifies(&root.ca_pem(), Some(&sub.ca_pem()), &leaf);
    // Not without the subordinate in the chain.
    let alone = openssl(&[
        "verify",
        "-CAfile",
        root.ca_pem().to_str().unwrap(),
        leaf.to_str().unwrap(),
    ]);
    assert_ne!(alone.code, 0);
    // Validity of the leaf never exceeds the subordinate's.
    let sub_end = openssl(&[
        "x509",
        "-in",
        sub_cert.to_str().unwrap(),
        "-noout",
        "-enddate",
    ])
    .ok();
    let checkend = openssl(&["x509", "-in", leaf.to_str().unwrap(), "-noout", "-enddate"]).ok();
    assert!(!sub_end.is_empty() && !checkend.is_empty());
}

#[test]
fn validity_is_clipped_to_the_ca() {
    let env = TestEnv::new();
    env.init(&["--days", "30"]);
    let csr = env.csr("a", "p256", "/CN=Long");
    let issued = env.issue_json(&csr, &["--days", "3650"]);
    let ca_end = openssl(&[
        "x509",
        "-in",
        env.ca_pem().to_str().unwrap(),
        "-noout",
        "-enddate",
    ])
    .ok();
    let leaf = env.path("a.pem");
    std::fs::write(&leaf, issued["certificate"].as_str().unwrap()).unwrap();
    let leaf_end = openssl(&["x509", "-in", leaf.to_str().unwrap(), "-noout", "-enddate"]).ok();
    assert_eq!(ca_end, leaf_end);
}

#[test]
fn a_csr_with_one_flipped_signature_byte_is_refused_and_nothing_stored() {
    let env = TestEnv::new();
    env.init(&[]);
    let csr = env.csr("c", "p256", "/CN=Tampered");
    let der = env.path("c.der");
    openssl(&[
        "req",
        "-in",
        csr.to_str().unwrap(),
        "-outform",
        "DER",
        "-out",
        der.to_str().unwrap(),
    ])
    .ok();
    let mut bytes = std::fs::read(&der).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    std::fs::write(&der, &bytes).unwrap();
    let before = env.serials();
    let err = env.ca(&["issue", "--csr", der.to_str().unwrap()]).fails(2);
    assert!(err.contains("signature does not verify"), "{err}");
    assert_eq!(env.serials(), before);
    // Garbage is refused the same way.
    std::fs::write(&der, b"not a request").unwrap();
    let err = env.ca(&["issue", "--csr", der.to_str().unwrap()]).fails(2);
    assert!(err.contains("CSR refused"), "{err}");
    assert_eq!(env.serials(), before);
}

#[test]
fn a_key_already_certified_is_refused() {
    let env = TestEnv::new();
    env.init(&[]);
    let csr = env.csr("k", "p256", "/CN=Once");
    env.ca(&["issue", "--csr", csr.to_str().unwrap()]).ok();
    env.assert_issue_refused(&csr, &["--subject", "CN=Twice"], "already certified");
}

#[test]
fn serials_are_16_random_positive_bytes() {
    let env = TestEnv::new();
    env.init(&[]);
    let csv = env.path("fifty.csv");
    let mut text = String::from("subject\n");
    for i in 0..50 {
        text.push_str(&format!("CN=Applicant {i}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let rows = env
        .ca(&[
            "--json",
            "enroll",
            "--batch",
            csv.to_str().unwrap(),
            "--out",
            "fifty",
        ])
        .json();
    let serials: std::collections::BTreeSet<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["serial"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(serials.len(), 50, "50 distinct serials");
    for s in &serials {
        assert_eq!(s.len(), 32, "16 bytes: {s}");
        assert!(
            u8::from_str_radix(&s[..2], 16).unwrap() <= 0x7f,
            "positive: {s}"
        );
    }
    // openssl reads the same serial from the certificate.
    let one = serials.iter().next().unwrap();
    let out = openssl(&[
        "x509",
        "-in",
        &format!("{}/fifty/{one}.pem", env.dir.path().display()),
        "-noout",
        "-serial",
    ])
    .ok();
    assert_eq!(out.trim().to_lowercase(), format!("serial={one}"));
}

#[test]
fn an_imported_rsa_ca_key_signs_verifiable_certificates() {
    let env = TestEnv::new();
    let key = env.path("rsa-ca.key");
    rsa_key(&key, 2048);
    let made = env.init(&["--key-file", key.to_str().unwrap()]);
    assert_eq!(made["key_algorithm"], "rsa");
    let leaf = env.issue_leaf("leaf", "/CN=Under RSA");
    assert_verifies(&env.ca_pem(), None, &leaf);
    assert!(x509_text(&leaf).contains("sha256WithRSAEncryption"));
    // A 1024-bit key is refused.
    let weak = TestEnv::new();
    let small = weak.path("small.key");
    rsa_key(&small, 1024);
    let err = weak
        .ca(&[
            "init",
            "--subject",
            "CN=Weak",
            "--key-file",
            small.to_str().unwrap(),
        ])
        .fails(2);
    assert!(err.contains("under 2048 bits"), "{err}");
}

#[test]
fn show_prints_fields_and_history_and_refuses_unknown_serials() {
    let env = TestEnv::new();
    env.init(&[]);
    let csr = env.csr("s", "p256", "/CN=Shown");
    let issued = env
        .ca(&["--json", "issue", "--csr", csr.to_str().unwrap()])
        .json();
    let serial = issued["serial"].as_str().unwrap();
    // Any case, with colons.
    let coloned: String = serial
        .to_uppercase()
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(":");
    let shown = env.ca(&["--json", "show", &coloned]).json();
    assert_eq!(shown["serial"], serial);
    assert_eq!(shown["status"], "valid");
    assert_eq!(shown["officer"], "admin");
    assert_eq!(shown["pem"], issued["certificate"]);
    let actions: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["requested", "issued"]);
    let pem = env.ca(&["show", serial, "--pem"]).ok();
    assert_eq!(pem, issued["certificate"].as_str().unwrap());
    let err = env.ca(&["show", "0badc0de"]).fails(2);
    assert!(err.contains("no certificate with serial 0badc0de"), "{err}");
    env.ca(&["show", "not-hex"]).fails(2);
}

#[test]
fn ca_keys_of_every_generated_kind_sign_verifiable_certificates() {
    for kind in ["p384", "ed25519"] {
        let env = TestEnv::new();
        let made = env.init(&["--key", kind]);
        assert_eq!(made["key_algorithm"], kind);
        let key = std::fs::read_to_string(env.home().join("ca.key.p8")).unwrap();
        assert!(key.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        let leaf = env.issue_leaf("leaf", "/CN=Leaf");
        assert_verifies(&env.ca_pem(), None, &leaf);
        assert_verifies(&env.ca_pem(), None, &env.home().join("ocsp/signer.pem"));
    }
}

#[test]
fn list_filters_by_status_expiry_subject_and_snils() {
    let env = TestEnv::new();
    env.init(&[]);
    let short = env.csr("short", "p256", "/CN=Краткий Срок");
    env.issue_csr(&short, &["--days", "1"]).ok();
    let long = env.csr("long", "ed25519", "/CN=Иванов Иван");
    env.issue_csr(&long, &["--snils", "11223344595"]).ok();
    let count = |args: &[&str]| {
        let mut all = vec!["--json", "list"];
        all.extend_from_slice(args);
        env.ca(&all).json().as_array().unwrap().len()
    };
    assert_eq!(count(&[]), 3, "two leaves and the OCSP signer");
    assert_eq!(count(&["--status", "valid"]), 3);
    assert_eq!(count(&["--status", "expired"]), 0);
    assert_eq!(count(&["--expiring-within", "2"]), 1);
    assert_eq!(
        count(&["--expiring-within", "40"]),
        2,
        "plus the 30-day OCSP signer"
    );
    assert_eq!(
        count(&["--subject", "ИВАНОВ"]),
        1,
        "case-insensitive, Cyrillic too"
    );
    assert_eq!(count(&["--snils", "112-233-445 95"]), 1);
    assert_eq!(
        count(&["--snils", "112-233-445 95", "--subject", "краткий"]),
        0
    );
    let err = env.ca(&["list", "--status", "bogus"]).fails(2);
    assert!(err.contains("--status bogus"), "{err}");
    env.ca(&["list", "--snils", "11223344596"]).fails(2);
}

#[test]
fn csrs_with_unsupported_keys_or_unknown_critical_extensions_are_refused() {
    let env = TestEnv::new();
    env.init(&[]);
    for (kind, message) in [
        ("p256-critical-unknown", "critical extension 1.2.3.4"),
        ("p521", "EC curve 1.3.132.0.35 is not supported"),
        ("rsa1024", "RSA key of 1024 bits"),
    ] {
        let csr = env.csr(kind, kind, "/CN=Refused");
        env.assert_issue_refused(&csr, &[], message);
    }
    // A typed subject with an attribute OID arc over 32 bits (a crash found by fuzzing).
    let csr = env.csr("oid", "p256", "/CN=Oid");
    env.assert_issue_refused(
        &csr,
        &["--subject", "1.2.1.3.10016433100.3=x"],
        "attribute type \"1.2.1.3.10016433100.3\" is unknown",
    );
    // An unknown extension that is not critical may be ignored: the profile decides.
    let csr = env.csr("ok", "p256-noncritical-unknown", "/CN=Accepted");
    let out = env.path("ok.pem");
    env.issue_csr(&csr, &["--out", out.to_str().unwrap()]).ok();
    assert!(
        !x509_text(&out).contains("1.2.3.4"),
        "request extensions are not copied"
    );
}

#[test]
fn a_key_is_certified_again_only_to_renew_the_same_holder() {
    let env = TestEnv::new();
    env.init(&[]);
    let csr = env.csr("k", "p256", "/CN=Renewing Holder");
    let first = env
        .ca(&["--json", "issue", "--csr", csr.to_str().unwrap()])
        .json();
    let first = first["serial"].as_str().unwrap().to_owned();
    env.assert_issue_refused(&csr, &[], "already certified");
    // Another holder, or an unknown certificate, cannot take the key over.
    env.assert_issue_refused(
        &csr,
        &["--renew", &first, "--subject", "CN=Someone Else"],
        "another holder",
    );
    env.assert_issue_refused(
        &csr,
        &["--renew", "0badc0de"],
        "no certificate with serial 0badc0de",
    );
    let second = env.issue_json(&csr, &["--renew", &first]);
    let second = second["serial"].as_str().unwrap().to_owned();
    assert_ne!(first, second);
    // The key now belongs to the renewal; renewing the old one again is refused.
    env.assert_issue_refused(&csr, &[], &format!("serial {second}"));
    env.assert_issue_refused(&csr, &["--renew", &first], &format!("serial {second}"));
    // A revoked certificate cannot be renewed.
    env.ca(&["revoke", &second, "--reason", "keyCompromise"])
        .ok();
    env.assert_issue_refused(&csr, &["--renew", &second], "it is revoked");
}
