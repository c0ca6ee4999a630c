//! SPEC §7 "Time", played by the attacker: a thief signing with a revoked key and the clock
//! set back, a certificate that expired, a compromise dated back by invalidityDate, a revoked
//! subordinate CA, a replayed nonce-less OCSP answer. And the other side: a time-stamp from a
//! trusted TSA made before the revocation keeps an honest signature valid.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::peers::{at_unix, faketime, now, run, Replayer, Tsa};
use crate::server::{free_port, start_on, Server};
use crate::signing::{document, failed_checks, verify};
use crate::util::{bin_dir, openssl, serial_of, TestEnv, PASS};

/// A CA whose certificates name a running responder it feeds.
pub fn ca_with_responder() -> (TestEnv, Server) {
    let env = TestEnv::new();
    let port = free_port();
    env.init_with_ocsp_url(&format!("http://127.0.0.1:{port}/ocsp"), &[]);
    let server = start_on(&env, &env.path("responder"), port);
    env.ca(&["responder", "add", &server.url()]).ok();
    (env, server)
}

/// `ca sign` as `signer` with the clock at `clock` (faketime spec).
fn sign_at(env: &TestEnv, signer: &str, file: &Path, clock: &str, name: &str) -> PathBuf {
    let sig = env.path(&format!("{name}.sig"));
    let args = crate::signing::sign_args(env, signer, file, &sig, &[]);
    let out = run(faketime(
        clock,
        &bin_dir().join("ca"),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    assert_eq!(out.code, 0, "{}", out.stderr);
    sig
}

fn crl(env: &TestEnv, name: &str) -> PathBuf {
    let path = env.path(name);
    env.ca(&["crl", "--out", path.to_str().unwrap()]).ok();
    path
}

fn revocation_detail(report: &serde_json::Value) -> String {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "revocation")
        .map(|c| c["detail"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[test]
fn a_thief_signing_with_the_clock_set_back_is_refused_unless_a_tsa_proves_the_time() {
    let (env, _server) = ca_with_responder();
    let tsa = Tsa::new(&env);
    let doc = document(&env, "application.txt");
    env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    std::thread::sleep(std::time::Duration::from_secs(2));
    let before_revocation = now();
    std::thread::sleep(std::time::Duration::from_secs(2));
    env.ca(&[
        "revoke",
        &serial_of(&env.path("citizen.pem")),
        "--reason",
        "keyCompromise",
    ])
    .ok();
    // The thief signs after the revocation with the clock set back before it.
    let backdated = sign_at(&env, "citizen", &doc, &at_unix(before_revocation), "stolen");
    let crl = crl(&env, "ca.crl");
    let tsa_root = tsa.root();
    let tsa_trust = ["--tsa-trust", tsa_root.to_str().unwrap()];
    for source in [vec![], vec!["--crl", crl.to_str().unwrap()]] {
        let run = verify(&env, &backdated, &doc, &source);
        let report = run.json_with(1);
        assert_eq!(report["validation_time_source"], "now", "{report}");
        assert!(
            report["signing_time"].as_str().unwrap() < report["validation_time"].as_str().unwrap()
        );
        assert_eq!(report["revocation"]["status"], "revoked", "{report}");
        assert!(
            revocation_detail(&report).contains("keyCompromise"),
            "{report}"
        );
        assert_eq!(
            failed_checks(verify(&env, &backdated, &doc, &source)),
            ["revocation"]
        );

        // A trusted TSA's token from before the revocation proves the signature existed then.
        let early = tsa.stamp(&env, &backdated, Some(&at_unix(before_revocation)), "early");
        let mut args = source.clone();
        args.extend(tsa_trust);
        let report = verify(&env, &early, &doc, &args).json();
        assert_eq!(report["valid"], true, "{report}");
        assert_eq!(report["validation_time_source"], "timestamp", "{report}");
        assert!(
            revocation_detail(&report).contains("the signature stands"),
            "{report}"
        );
        // The TSA is not trusted unless named: --tsa-trust defaults to the --trust roots.
        assert!(failed_checks(verify(&env, &early, &doc, &source)).contains(&"timestamp".into()));

        // A token from after the revocation proves nothing in the signature's favour.
        let late = tsa.stamp(&env, &backdated, None, "late");
        assert_eq!(
            failed_checks(verify(&env, &late, &doc, &args)),
            ["revocation"]
        );
    }
}

#[test]
fn an_expired_certificate_needs_a_time_stamp_from_while_it_was_valid() {
    let env = TestEnv::new();
    env.init(&[]);
    let tsa = Tsa::new(&env);
    let doc = document(&env, "application.txt");
    env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let sig = crate::signing::sign(&env, "citizen", &doc, &[]);
    let stamped = tsa.stamp(&env, &sig, None, "stamped");
    // Two years on, the one-year certificate has expired.
    let verify_later = |sig: &Path| {
        run(faketime(
            "+2y",
            &bin_dir().join("ca"),
            &[
                "--json",
                "verify",
                "--sig",
                sig.to_str().unwrap(),
                "--trust",
                env.ca_pem().to_str().unwrap(),
                "--tsa-trust",
                tsa.root().to_str().unwrap(),
                "--revocation",
                "off",
                doc.to_str().unwrap(),
            ],
        ))
    };
    let report = verify_later(&sig).json_with(1);
    assert!(
        report["errors"][0].as_str().unwrap().starts_with("chain:")
            && report["errors"][0].as_str().unwrap().contains("expired"),
        "{report}"
    );
    let report = verify_later(&stamped).json_with(0);
    assert_eq!(report["validation_time_source"], "timestamp", "{report}");
}

#[test]
fn an_invalidity_date_before_the_proven_time_fails_the_signature() {
    let (env, _server) = ca_with_responder();
    let tsa = Tsa::new(&env);
    let doc = document(&env, "application.txt");
    let tsa_trust = tsa.root();
    let mut stamped = Vec::new();
    for name in ["dated", "undated"] {
        env.issue_leaf(name, &format!("/CN={name}/C=RU"));
        let sig = crate::signing::sign(&env, name, &doc, &[]);
        stamped.push(tsa.stamp(&env, &sig, None, &format!("{name}-stamped")));
    }
    std::thread::sleep(std::time::Duration::from_secs(2));
    // Both revoked after their signatures were time-stamped; one with the compromise dated
    // back to before that.
    let compromised = ca_core::time::rfc3339(now() - 3600);
    env.ca(&[
        "revoke",
        &serial_of(&env.path("dated.pem")),
        "--reason",
        "keyCompromise",
        "--invalidity-date",
        &compromised,
    ])
    .ok();
    env.ca(&[
        "revoke",
        &serial_of(&env.path("undated.pem")),
        "--reason",
        "keyCompromise",
    ])
    .ok();
    let crl = crl(&env, "ca.crl");
    for source in [vec![], vec!["--crl", crl.to_str().unwrap()]] {
        let mut args = source.clone();
        args.extend(["--tsa-trust", tsa_trust.to_str().unwrap()]);
        let report = verify(&env, &stamped[0], &doc, &args).json_with(1);
        assert!(
            revocation_detail(&report).contains("compromised since"),
            "{source:?}: {report}"
        );
        let report = verify(&env, &stamped[1], &doc, &args).json();
        assert_eq!(report["valid"], true, "{source:?}: {report}");
    }
    // The OCSP answer carries the invalidityDate (RFC 6960 §4.4.5), as openssl prints it.
    let request = env.path("req.der");
    let response = env.path("resp.der");
    openssl(&[
        "ocsp",
        "-issuer",
        env.ca_pem().to_str().unwrap(),
        "-cert",
        env.path("dated.pem").to_str().unwrap(),
        "-reqout",
        request.to_str().unwrap(),
        "-url",
        &crate::util::ocsp_url_of(&env.path("dated.pem")),
        "-respout",
        response.to_str().unwrap(),
        "-CAfile",
        env.ca_pem().to_str().unwrap(),
        "-resp_text",
    ])
    .ok();
    let text = crate::util::ocsp_check(&request, &response, &env.ca_pem());
    assert!(text.contains("Invalidity Date"), "{text}");
}

#[test]
fn a_revoked_subordinate_ca_invalidates_its_leaves() {
    let root = TestEnv::new();
    root.init(&[]);
    let sub = TestEnv::new();
    sub.init_subordinate(&root, PASS, &[]);
    let doc = document(&sub, "application.txt");
    sub.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let sig = crate::signing::sign(
        &sub,
        "citizen",
        &doc,
        &["--chain", sub.ca_pem().to_str().unwrap()],
    );
    let sub_crl = crl(&sub, "sub.crl");
    let root_crl = crl(&root, "root.crl");
    let root_pem = root.ca_pem();
    let trust_root = |run_args: &[&str]| {
        let mut args = vec![
            "--json",
            "verify",
            "--sig",
            sig.to_str().unwrap(),
            "--trust",
            root_pem.to_str().unwrap(),
        ];
        args.extend_from_slice(run_args);
        args.push(doc.to_str().unwrap());
        sub.ca(&args)
    };
    let both = [
        "--crl",
        root_crl.to_str().unwrap(),
        "--crl",
        sub_crl.to_str().unwrap(),
    ];
    let report = trust_root(&both).json();
    assert_eq!(report["valid"], true, "{report}");
    let path = report["path_revocation"].as_array().unwrap();
    assert_eq!(path.len(), 2, "the signer and the subordinate CA: {report}");
    assert!(path
        .iter()
        .all(|p| p["status"] == "good" && p["source"] == "crl"));

    // Only the subordinate's CRL: the subordinate CA's own status is not established.
    let report = trust_root(&["--crl", sub_crl.to_str().unwrap(), "--ocsp", "off"]).json_with(1);
    assert!(
        revocation_detail(&report).contains("no CRL of its issuer"),
        "{report}"
    );

    // The root revokes the subordinate CA: every leaf under it fails.
    let sub_serial = serial_of(&crate::util::first_certificate(
        &sub.ca_pem(),
        &sub.path("sub-ca.pem"),
    ));
    root.ca(&["revoke", &sub_serial, "--reason", "caCompromise"])
        .ok();
    let root_crl = crl(&root, "root2.crl");
    let report = trust_root(&[
        "--crl",
        root_crl.to_str().unwrap(),
        "--crl",
        sub_crl.to_str().unwrap(),
    ])
    .json_with(1);
    assert_eq!(
        report["revocation"]["status"], "good",
        "the leaf itself: {report}"
    );
    assert_eq!(
        report["path_revocation"][1]["status"], "revoked",
        "{report}"
    );
    assert!(
        revocation_detail(&report).contains("Подчинённый УЦ"),
        "{report}"
    );
    let human = sub.ca(&[
        "verify",
        "--sig",
        sig.to_str().unwrap(),
        "--trust",
        root.ca_pem().to_str().unwrap(),
        "--crl",
        root_crl.to_str().unwrap(),
        "--crl",
        sub_crl.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    assert_eq!(human.code, 1);
    assert!(
        human
            .stdout
            .contains(&format!("serial {}): revoked", sub_serial.to_lowercase())),
        "{}",
        human.stdout
    );
}

#[test]
fn a_replayed_nonce_less_answer_is_refused() {
    let (env, _server) = ca_with_responder();
    let doc = document(&env, "application.txt");
    let cert = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    // Captured while the certificate was good: an answer without a nonce.
    let captured = env.path("good.der");
    openssl(&[
        "ocsp",
        "-issuer",
        env.ca_pem().to_str().unwrap(),
        "-cert",
        cert.to_str().unwrap(),
        "-url",
        &crate::util::ocsp_url_of(&cert),
        "-no_nonce",
        "-respout",
        captured.to_str().unwrap(),
        "-CAfile",
        env.ca_pem().to_str().unwrap(),
    ])
    .ok();
    env.ca(&["revoke", &serial_of(&cert), "--reason", "keyCompromise"])
        .ok();
    let sig = crate::signing::sign(&env, "citizen", &doc, &[]);
    let replayer = Replayer::start(&captured, free_port());
    let status = |extra: &[&str]| {
        let mut args = vec![
            "status",
            "--cert",
            cert.to_str().unwrap(),
            "--url",
            &replayer.url,
        ];
        args.extend_from_slice(extra);
        env.ca(&args)
    };
    let err = status(&[]).fails(1);
    assert!(err.contains("no nonce"), "{err}");
    let report = verify(&env, &sig, &doc, &["--ocsp", &replayer.url]).json_with(1);
    assert!(revocation_detail(&report).contains("no nonce"), "{report}");
    // For responders that only pre-sign: a nonce-less answer is taken while it is fresh
    // (the window a replay has), and refused once older than --ocsp-max-age.
    assert!(status(&["--ocsp-nonce", "optional"]).ok().contains("good"));
    std::thread::sleep(std::time::Duration::from_secs(2));
    let err = status(&["--ocsp-nonce", "optional", "--ocsp-max-age", "1"]).fails(1);
    assert!(err.contains("older than"), "{err}");
    let report = verify(
        &env,
        &sig,
        &doc,
        &[
            "--ocsp",
            &replayer.url,
            "--ocsp-nonce",
            "optional",
            "--ocsp-max-age",
            "1",
        ],
    )
    .json_with(1);
    assert!(
        revocation_detail(&report).contains("older than"),
        "{report}"
    );
    // The real responder echoes the nonce and says revoked.
    assert_eq!(
        verify(&env, &sig, &doc, &[]).json_with(1)["revocation"]["status"],
        "revoked"
    );
}

#[test]
fn a_trust_file_without_a_certificate_is_bad_input() {
    let env = TestEnv::new();
    env.init(&[]);
    let doc = document(&env, "application.txt");
    env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let sig = crate::signing::sign(&env, "citizen", &doc, &[]);
    for (name, text) in [("empty.pem", ""), ("words.pem", "trust me, I am a root\n")] {
        let trust = env.path(name);
        std::fs::write(&trust, text).unwrap();
        let err = env
            .ca(&[
                "verify",
                "--sig",
                sig.to_str().unwrap(),
                "--trust",
                trust.to_str().unwrap(),
                doc.to_str().unwrap(),
            ])
            .fails(2);
        assert!(err.contains(name), "{err}");
    }
}

#[test]
fn a_closed_standard_output_is_not_a_crash() {
    let env = TestEnv::new();
    env.init(&[]);
    let doc = document(&env, "application.txt");
    env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let mut child = env
        .ca_command(&[
            "sign",
            "--cert",
            env.path("citizen.pem").to_str().unwrap(),
            "--key",
            env.path("citizen.key").to_str().unwrap(),
            doc.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone, like `| head -0`
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.path("application.txt.sig").exists());
}

#[test]
fn ca_extend_refuses_garbage_and_a_token_for_another_signature() {
    let env = TestEnv::new();
    env.init(&[]);
    let tsa = Tsa::new(&env);
    let doc = document(&env, "application.txt");
    env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let sig = crate::signing::sign(&env, "citizen", &doc, &[]);
    let other_doc = env.path("other.txt");
    std::fs::write(&other_doc, "another application").unwrap();
    let other_sig = env.path("other.sig");
    let args = crate::signing::sign_args(&env, "citizen", &other_doc, &other_sig, &[]);
    env.ca(&args.iter().map(String::as_str).collect::<Vec<_>>())
        .ok();
    // A token for the other signature.
    let query = env.path("other.tsq");
    env.ca(&[
        "extend",
        other_sig.to_str().unwrap(),
        "--query",
        query.to_str().unwrap(),
    ])
    .ok();
    let reply = env.path("other.tsr");
    tsa.reply(&query, None, &reply);
    let garbage = env.path("garbage.tsr");
    std::fs::write(&garbage, b"\x30\x03\x02\x01\x00 not a token").unwrap();
    let out = env.path("extended.sig");
    for (token, message) in [
        (&reply, "time-stamps something else"),
        (&garbage, "cannot be read"),
    ] {
        let err = env
            .ca(&[
                "extend",
                sig.to_str().unwrap(),
                "--token",
                token.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .fails(2);
        assert!(err.contains(message), "{err}");
        assert!(!out.exists(), "nothing written");
    }
    let err = env
        .ca(&[
            "extend",
            sig.to_str().unwrap(),
            "--token",
            reply.to_str().unwrap(),
        ])
        .fails(2);
    assert!(err.contains("--out"), "{err}");
}
