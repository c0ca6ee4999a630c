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
