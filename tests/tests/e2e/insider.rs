//! The CA played by an attacker inside the organisation (issue "The CA cannot be made to lie"):
//! an officer who tries to mint a CA or a rogue OCSP responder, an officer name that smuggles
//! lines into the audit log, a symlink planted where the CA writes.

use crate::util::TestEnv;

const OLGA: &str = "Olga's long passphrase: lantern-orbit-1987";

#[test]
fn an_officer_cannot_mint_a_ca_or_an_ocsp_signer() {
    let env = TestEnv::new();
    env.init(&[]);
    env.add_officer("olga", "officer", OLGA);
    let csr = env.csr("rogue", "p256", "/CN=Rogue/C=RU");
    let before = env.serials();
    for profile in ["sub-ca", "ocsp-signer"] {
        let err = env
            .ca_as(
                "olga",
                OLGA,
                &[
                    "issue",
                    "--csr",
                    csr.to_str().unwrap(),
                    "--profile",
                    profile,
                ],
            )
            .fails(2);
        assert!(
            err.contains(&format!("may not issue with profile {profile}")) && err.contains("admin"),
            "{err}"
        );
    }
    // Nor through a batch row.
    let csv = env.path("rows.csv");
    std::fs::write(
        &csv,
        "subject,profile\nCN=Rogue CA,sub-ca\nCN=Honest,signing\n",
    )
    .unwrap();
    let run = env.ca_as(
        "olga",
        OLGA,
        &[
            "--json",
            "enroll",
            "--batch",
            csv.to_str().unwrap(),
            "--out",
            "out",
        ],
    );
    assert!(
        run.stdout.contains("may not issue with profile sub-ca")
            || run.stderr.contains("may not issue with profile sub-ca"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let after = env.serials();
    assert_eq!(
        after.len(),
        before.len() + 1,
        "only the honest row is issued"
    );
    let listed = env.ca(&["--json", "list"]).json();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|r| !r["subject"].as_str().unwrap().contains("Rogue")),
        "{listed}"
    );
    // Each refusal is in the audit log, with who tried what.
    let refusals: Vec<String> = env
        .audit()
        .iter()
        .filter(|e| e["officer"] == "olga" && e["outcome"].as_str().unwrap().starts_with("refused"))
        .map(|e| e["outcome"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        refusals.iter().filter(|o| o.contains("sub-ca")).count() >= 2
            && refusals.iter().any(|o| o.contains("ocsp-signer")),
        "{refusals:?}"
    );
    // The admin may.
    env.issue_csr(&csr, &["--profile", "sub-ca"]).ok();
}

#[test]
fn an_officer_name_cannot_forge_audit_lines() {
    let env = TestEnv::new();
    env.init(&[]);
    let forged = "mallory\n   99 2026-12-01T00:00:00Z admin release 01 ok: RELEASED";
    let err = env
        .ca_as(forged, "any passphrase at all", &["list"])
        .fails(2);
    assert!(err.contains("officer name"), "{err}");
    let human = env.ca(&["audit"]).ok();
    assert!(
        !human.lines().any(|l| l.trim_start().starts_with("99 ")),
        "{human}"
    );
    let last = env.audit().last().cloned().unwrap();
    let officer = last["officer"].as_str().unwrap();
    assert!(
        officer.starts_with("(not a name: mallory\\n") && !officer.contains('\n'),
        "{last}"
    );
    assert!(last["outcome"].as_str().unwrap().starts_with("refused"));
    // A long name is cut, and the log still verifies.
    let long = "x".repeat(5000);
    env.ca_as(&long, "any passphrase at all", &["list"])
        .fails(2);
    let last = env.audit().last().cloned().unwrap();
    assert!(
        last["officer"].as_str().unwrap().chars().count() < 100,
        "{last}"
    );
    assert!(
        last["outcome"].as_str().unwrap().chars().count() <= 520,
        "{last}"
    );
    let verified = env.ca(&["--json", "audit", "--verify"]).json();
    assert_eq!(verified["intact"], true, "{verified}");
}

#[cfg(unix)]
#[test]
fn a_link_planted_where_the_ca_writes_is_not_followed() {
    let env = TestEnv::new();
    env.init(&[]);
    let victim = env.path("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let csr = env.csr("citizen", "p256", "/CN=Citizen/C=RU");
    for tmp in ["out.tmp", "citizen.tmp", "home/ca.tmp"] {
        std::os::unix::fs::symlink(&victim, env.path(tmp)).unwrap();
    }
    env.ca(&["crl", "--out", env.path("out.crl").to_str().unwrap()])
        .ok();
    env.issue_csr(&csr, &["--out", env.path("citizen.pem").to_str().unwrap()])
        .ok();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

/// A PKCS#10 request for `key`'s public key encoded as `edit` makes it, signed by `key` (as
/// an applicant who crafts the encoding would).
fn crafted_csr(
    key: &ca_core::SoftwareKey,
    subject: &str,
    edit: impl FnOnce(&mut ca_core::x509::spki::SubjectPublicKeyInfoOwned),
) -> Vec<u8> {
    use ca_core::der::Encode;
    use ca_core::x509::request::{CertReq, CertReqInfo, Version};
    use ca_core::Signer;
    let mut public_key = key.public_key().clone();
    edit(&mut public_key);
    let info = CertReqInfo {
        version: Version::V1,
        subject: ca_core::subject::parse_subject(subject, &Default::default()).unwrap(),
        public_key,
        attributes: Default::default(),
    };
    let signature = key.sign(&info.to_der().unwrap()).unwrap();
    CertReq {
        info,
        algorithm: key.signature_algorithm(),
        signature: ca_core::der::asn1::BitString::from_bytes(&signature).unwrap(),
    }
    .to_der()
    .unwrap()
}

#[test]
fn one_key_is_certified_once_whatever_its_encoding() {
    let env = TestEnv::new();
    env.init(&[]);
    // An RSA key with NULL parameters (as openssl writes it), then the same key without.
    let key_path = env.path("rsa.key");
    crate::util::rsa_key(&key_path, 2048);
    let key = ca_core::keys::load_key_file(&key_path, None).unwrap();
    let with_null = env.path("with-null.csr");
    std::fs::write(&with_null, crafted_csr(&key, "CN=Holder,C=RU", |_| {})).unwrap();
    let without = env.path("without.csr");
    std::fs::write(
        &without,
        crafted_csr(&key, "CN=Holder again,C=RU", |spki| {
            spki.algorithm.parameters = None
        }),
    )
    .unwrap();
    env.issue_csr(&with_null, &[]).ok();
    env.assert_issue_refused(&without, &[], "already certified");
    // Ed25519 with NULL parameters is malformed (RFC 8410).
    let (ed, _) = ca_core::SoftwareKey::generate(ca_core::KeyAlgorithm::Ed25519).unwrap();
    let bad = env.path("ed-null.csr");
    std::fs::write(
        &bad,
        crafted_csr(&ed, "CN=Ed Holder,C=RU", |spki| {
            spki.algorithm.parameters = Some(ca_core::der::asn1::Null.into())
        }),
    )
    .unwrap();
    env.assert_issue_refused(&bad, &[], "RFC 8410");
}
