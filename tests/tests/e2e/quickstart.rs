//! `ca quickstart`: the README's first command.

use crate::util::{assert_verifies, openssl_cms_verify, TestEnv};

#[test]
fn quickstart_makes_a_ca_and_a_verifiable_signing_certificate_and_can_run_again() {
    let env = TestEnv::new();
    let out = env.ca(&["quickstart"]).ok();
    assert!(out.contains("1. CA created in"), "{out}");
    let issued: Vec<_> = std::fs::read_dir(env.home().join("quickstart"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pem"))
        .collect();
    assert_eq!(issued.len(), 1);
    assert_verifies(&env.ca_pem(), None, &issued[0]);
    // A document signed with it, verified by us and by openssl.
    assert!(
        out.contains("6. a document signed with it and verified: VALID"),
        "{out}"
    );
    let sig = std::fs::read_dir(env.home().join("quickstart"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "sig"))
        .unwrap();
    let document = sig.with_extension("");
    let checked = openssl_cms_verify(&sig, &document, &env.ca_pem());
    assert!(
        checked.stderr.contains("Verification successful"),
        "{}",
        checked.stderr
    );
    // A second run reuses the CA and issues one more.
    let out = env.ca(&["quickstart"]).ok();
    assert!(out.contains("1. CA opened in"), "{out}");
    let listed = env
        .ca(&["--json", "list", "--snils", "112-233-445 95"])
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
}
