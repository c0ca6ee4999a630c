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
    // The next steps it prints run as printed, though `ca` is not on PATH here.
    let step = out
        .lines()
        .find_map(|l| l.strip_prefix("4. find it again:"))
        .expect("step 4");
    let list = step.split("   /   ").next().unwrap();
    let words: Vec<&str> = list.split_whitespace().collect();
    let listed = std::process::Command::new(words[0])
        .args(&words[1..])
        .env("PATH", "/usr/bin:/bin")
        .env("CA_PASSPHRASE", crate::util::PASS)
        .current_dir(env.path(""))
        .output()
        .expect("the printed ca command runs");
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success() && text.contains("Иванов"), "{text}");
    assert!(
        out.contains("cargo install --locked --path ca-cli"),
        "{out}"
    );
    // A second run reuses the CA and issues one more.
    let out = env.ca(&["quickstart"]).ok();
    assert!(out.contains("1. CA opened in"), "{out}");
    let listed = env
        .ca(&["--json", "list", "--snils", "112-233-445 95"])
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
}
