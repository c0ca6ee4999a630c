//! Revocation, suspension and CRLs, checked by `openssl crl` and `openssl verify -crl_check`.

use std::path::{Path, PathBuf};

use crate::util::{openssl, serial_of, TestEnv};

/// A CA with CRL and delta-CRL URLs.
fn ca() -> TestEnv {
    let env = TestEnv::new();
    env.init(&["--delta-crl-url", "http://127.0.0.1:8080/delta.crl"]);
    env
}

/// Issues a leaf; returns its certificate path and serial.
fn leaf(env: &TestEnv, name: &str) -> (PathBuf, String) {
    let pem = env.issue_leaf(name, &format!("/CN={name}"));
    let serial = serial_of(&pem).to_lowercase();
    (pem, serial)
}

/// `ca crl [--delta] --out FILE --pem`; returns the JSON report.
fn crl(env: &TestEnv, file: &str, delta: bool) -> serde_json::Value {
    let out = env.path(file);
    let mut args = vec!["--json", "crl", "--out", out.to_str().unwrap(), "--pem"];
    if delta {
        args.push("--delta");
    }
    env.ca(&args).json()
}

/// What `openssl verify -crl_check` says of `cert` with these CRLs: "OK" or "revoked".
fn verdict(env: &TestEnv, cert: &Path, crls: &[&str], deltas: bool) -> &'static str {
    let mut args = vec!["verify", "-crl_check"];
    if deltas {
        // OpenSSL 3.0 only keeps delta CRLs out of the choice of the complete CRL with
        // extended CRL support; with -use_deltas alone it may take a delta for a full CRL.
        args.extend(["-use_deltas", "-extended_crl"]);
    }
    let ca = env.ca_pem();
    args.extend(["-CAfile", ca.to_str().unwrap()]);
    let paths: Vec<String> = crls
        .iter()
        .map(|c| env.path(c).display().to_string())
        .collect();
    for p in &paths {
        args.extend(["-CRLfile", p.as_str()]);
    }
    args.push(cert.to_str().unwrap());
    let run = openssl(&args);
    if run.code == 0 && run.stdout.contains(": OK") {
        "OK"
    } else if run.stderr.contains("certificate revoked")
        || run.stdout.contains("certificate revoked")
    {
        "revoked"
    } else {
        panic!(
            "unexpected openssl verify result: {} {}",
            run.stdout, run.stderr
        )
    }
}

#[test]
fn every_reason_round_trips_and_openssl_reads_the_crl() {
    let env = ca();
    let reasons = [
        ("unspecified", None),
        ("keyCompromise", Some("Key Compromise")),
        ("caCompromise", Some("CA Compromise")),
        ("affiliationChanged", Some("Affiliation Changed")),
        ("superseded", Some("Superseded")),
        ("cessationOfOperation", Some("Cessation Of Operation")),
        ("certificateHold", Some("Certificate Hold")),
        ("privilegeWithdrawn", Some("Privilege Withdrawn")),
    ];
    let mut serials = Vec::new();
    for (reason, _) in reasons {
        let (_, serial) = leaf(&env, reason);
        let mut args = vec!["--json", "revoke", &serial, "--reason", reason];
        if reason == "keyCompromise" {
            args.extend(["--invalidity-date", "2026-11-01T09:30:00Z"]);
        }
        let done = env.ca(&args).json();
        let expected = if reason == "certificateHold" {
            "on-hold"
        } else {
            "revoked"
        };
        assert_eq!(done["status"], expected, "{reason}");
        assert_eq!(done["reason"], reason);
        assert!(done["revocation_time"].as_str().unwrap().ends_with('Z'));
        serials.push(serial);
    }
    let report = crl(&env, "full.crl", false);
    assert_eq!(report["crl_number"], 1);
    assert_eq!(report["entries"], reasons.len());
    let file = env.path("full.crl");
    let checked = openssl(&[
        "crl",
        "-in",
        file.to_str().unwrap(),
        "-CAfile",
        env.ca_pem().to_str().unwrap(),
        "-noout",
    ]);
    assert!(
        checked.stderr.contains("verify OK") || checked.stdout.contains("verify OK"),
        "{}",
        checked.stderr
    );
    let text = openssl(&["crl", "-in", file.to_str().unwrap(), "-noout", "-text"]).ok();
    for (_, shown) in reasons.iter() {
        if let Some(shown) = shown {
            assert!(text.contains(shown), "no {shown} in\n{text}");
        }
    }
    for serial in &serials {
        assert!(text.contains(&serial.to_uppercase()), "{serial} not listed");
    }
    assert!(
        text.contains("Invalidity Date") && text.contains("Nov  1 09:30:00 2026 GMT"),
        "{text}"
    );
    assert!(
        text.contains("X509v3 CRL Number") && text.contains("Freshest CRL"),
        "{text}"
    );
    // The CRL's AKI is the CA's SKI.
    let ca_text = openssl(&[
        "x509",
        "-in",
        env.ca_pem().to_str().unwrap(),
        "-noout",
        "-text",
    ])
    .ok();
    let ski = ca_text
        .lines()
        .skip_while(|l| !l.contains("Subject Key Identifier"))
        .nth(1)
        .unwrap()
        .trim()
        .to_owned();
    assert!(text.contains(&ski), "AKI {ski} not in the CRL");
    // The CRL is kept in the home too.
    assert!(env.home().join("crl/1.crl").is_file() && env.home().join("crl/full.crl").is_file());
    // list and show report the status.
    assert_eq!(
        env.ca(&["--json", "list", "--status", "revoked"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        7
    );
    let held = env.ca(&["--json", "list", "--status", "on-hold"]).json();
    assert_eq!(held.as_array().unwrap().len(), 1);
    assert_eq!(held[0]["reason"], "certificateHold");
}

#[test]
fn openssl_verify_sees_revoked_held_released_and_good_certificates() {
    let env = ca();
    let (revoked, revoked_serial) = leaf(&env, "revoked");
    let (held, held_serial) = leaf(&env, "held");
    let (good, _) = leaf(&env, "good");
    env.ca(&["revoke", &revoked_serial, "--reason", "keyCompromise"])
        .ok();
    env.ca(&["hold", &held_serial]).ok();
    crl(&env, "first.crl", false);
    assert_eq!(verdict(&env, &revoked, &["first.crl"], false), "revoked");
    assert_eq!(verdict(&env, &held, &["first.crl"], false), "revoked");
    assert_eq!(verdict(&env, &good, &["first.crl"], false), "OK");
    // Released: a new full CRL no longer lists it.
    env.ca(&["release", &held_serial]).ok();
    crl(&env, "second.crl", false);
    assert_eq!(verdict(&env, &held, &["second.crl"], false), "OK");
    assert_eq!(verdict(&env, &revoked, &["second.crl"], false), "revoked");
    let shown = env.ca(&["--json", "show", &held_serial]).json();
    let actions: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["requested", "issued", "held (certificateHold)", "released"]
    );
    assert_eq!(shown["status"], "valid");
}

#[test]
fn a_delta_crl_is_honoured_by_openssl() {
    let env = ca();
    let (a, a_serial) = leaf(&env, "a");
    let (b, b_serial) = leaf(&env, "b");
    let (d, d_serial) = leaf(&env, "d");
    env.ca(&["revoke", &a_serial, "--reason", "keyCompromise"])
        .ok();
    env.ca(&["hold", &b_serial]).ok();
    let base = crl(&env, "base.crl", false);
    // After the base: a hold is lifted and another certificate is revoked.
    env.ca(&["release", &b_serial]).ok();
    env.ca(&["revoke", &d_serial, "--reason", "superseded"])
        .ok();
    let delta = crl(&env, "delta.crl", true);
    assert_eq!(delta["delta_base"], base["crl_number"]);
    assert_eq!(delta["entries"], 2);
    let text = openssl(&[
        "crl",
        "-in",
        env.path("delta.crl").to_str().unwrap(),
        "-noout",
        "-text",
    ])
    .ok();
    assert!(
        text.contains("Delta CRL Indicator: critical") && text.contains("Remove From CRL"),
        "{text}"
    );
    // The base alone is out of date; with the delta, openssl sees both changes.
    assert_eq!(verdict(&env, &b, &["base.crl"], false), "revoked");
    assert_eq!(verdict(&env, &d, &["base.crl"], false), "OK");
    assert_eq!(
        verdict(&env, &a, &["base.crl", "delta.crl"], true),
        "revoked"
    );
    assert_eq!(verdict(&env, &b, &["base.crl", "delta.crl"], true), "OK");
    assert_eq!(
        verdict(&env, &d, &["base.crl", "delta.crl"], true),
        "revoked"
    );
}

#[test]
fn refused_changes_get_their_exit_code_and_change_nothing() {
    let env = ca();
    let (_, serial) = leaf(&env, "x");
    let (_, other) = leaf(&env, "y");
    env.ca(&["revoke", &serial, "--reason", "superseded"]).ok();
    let before = env.ca(&["--json", "show", &serial]).json();
    let audit_before = env.audit().len();
    let err = env
        .ca(&["revoke", &serial, "--reason", "keyCompromise"])
        .fails(1);
    assert!(err.contains("already revoked"), "{err}");
    let err = env.ca(&["hold", &serial]).fails(1);
    assert!(err.contains("already revoked"), "{err}");
    let err = env.ca(&["release", &serial]).fails(1);
    assert!(err.contains("already revoked"), "{err}");
    let err = env.ca(&["release", &other]).fails(1);
    assert!(err.contains("not on hold"), "{err}");
    env.ca(&["hold", &other]).ok();
    let err = env.ca(&["hold", &other]).fails(1);
    assert!(err.contains("already on hold"), "{err}");
    let err = env.ca(&["revoke", "0badc0de"]).fails(2);
    assert!(err.contains("no certificate with serial 0badc0de"), "{err}");
    let err = env.ca(&["revoke", &serial, "--reason", "lost"]).fails(2);
    assert!(err.contains("--reason lost"), "{err}");
    let err = env
        .ca(&["revoke", &other, "--invalidity-date", "last week"])
        .fails(2);
    assert!(err.contains("RFC 3339"), "{err}");
    assert_eq!(env.ca(&["--json", "show", &serial]).json(), before);
    // Each refusal is in the audit log, nothing else was added but the one hold.
    assert!(env.audit().len() > audit_before + 1);
    // A held certificate can still be revoked for good.
    let done = env
        .ca(&["--json", "revoke", &other, "--reason", "keyCompromise"])
        .json();
    assert_eq!(done["status"], "revoked");
    env.ca(&["audit", "--verify"]).ok();
}

#[test]
fn crl_numbers_only_grow_across_runs_and_kinds() {
    let env = ca();
    let err = env.ca(&["crl", "--delta"]).fails(2);
    assert!(err.contains("no full CRL yet"), "{err}");
    let mut numbers = Vec::new();
    for (i, delta) in [false, true, true, false, true].into_iter().enumerate() {
        let report = crl(&env, &format!("{i}.crl"), delta);
        numbers.push(report["crl_number"].as_u64().unwrap());
        let file = env.path(&format!("{i}.crl"));
        let text = openssl(&["crl", "-in", file.to_str().unwrap(), "-noout", "-crlnumber"]).ok();
        let shown = text.trim().trim_start_matches("crlNumber=0x");
        assert_eq!(
            u64::from_str_radix(shown, 16).ok(),
            Some(numbers[i]),
            "{text}"
        );
    }
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    let last = crl(&env, "last.crl", true);
    assert_eq!(
        last["delta_base"], 4,
        "a delta completes the latest full CRL"
    );
}
