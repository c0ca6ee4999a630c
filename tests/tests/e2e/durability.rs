//! Nothing acknowledged is lost: a batch enrollment killed with SIGKILL at arbitrary moments
//! leaves a register that opens, holds every certificate the command had reported, and whose
//! audit chain verifies.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::TestEnv;

#[test]
fn a_batch_killed_midway_keeps_every_reported_certificate() {
    for register in ["sled", "redb"] {
        killed_batch_keeps_what_it_reported(register);
    }
}

fn killed_batch_keeps_what_it_reported(register: &str) {
    let env = TestEnv::new();
    env.init(&["--register", register]);
    let csv = env.path("many.csv");
    let mut text = String::from("subject\n");
    for i in 0..2000 {
        text.push_str(&format!("CN=Applicant {i}\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let mut reported = Vec::new();
    // Kill after a different number of reported rows each round.
    for (round, kill_after) in [1usize, 70, 150].into_iter().enumerate() {
        let mut child = env
            .ca_command(&[
                "enroll",
                "--batch",
                csv.to_str().unwrap(),
                "--out",
                &format!("out{round}"),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut seen = 0;
        while seen < kill_after && Instant::now() < deadline {
            let Some(Ok(line)) = lines.next() else { break };
            // "line N: issued SERIAL  SUBJECT  PIN …" is printed only after its group's flush.
            if let Some(rest) = line.split(": issued ").nth(1) {
                reported.push(rest.split_whitespace().next().unwrap().to_owned());
                seen += 1;
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(
            seen >= kill_after.min(1),
            "round {round}: nothing was reported"
        );
    }
    // The home opens; every reported certificate is there and valid; the audit chain holds.
    let listed = env.ca(&["--json", "list", "--status", "valid"]).json();
    let valid: std::collections::HashSet<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["serial"].as_str().unwrap().to_owned())
        .collect();
    for serial in &reported {
        assert!(
            valid.contains(serial),
            "reported {serial} is not in the register"
        );
    }
    env.ca(&["audit", "--verify"]).ok();
    // And the CA goes on issuing.
    env.issue_leaf("after", "/CN=After The Crash");
}

/// Revocations and CRLs killed at assorted moments: each revocation that was acknowledged is
/// in the register, a killed one is either wholly there or not at all, CRL numbers never go
/// back, the audit chain verifies, and a responder that was down throughout ends up answering
/// exactly what the register holds once the outbox is delivered. `CA_CRASH_ROUNDS` (default 12)
/// sets how many revocations; half are killed.
#[test]
fn revocations_and_crls_killed_midway_lose_nothing_acknowledged() {
    let rounds: usize = std::env::var("CA_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    use crate::server::{free_port, start_on};
    let env = TestEnv::new();
    env.init(&[]);
    let port = free_port();
    // Registered while nobody listens: every change below waits in the outbox.
    env.ca(&["responder", "add", &format!("http://127.0.0.1:{port}")])
        .ok();
    let csv = env.path("people.csv");
    let rows: String = (0..rounds).map(|i| format!("CN=Holder {i}\n")).collect();
    std::fs::write(&csv, format!("subject\n{rows}")).unwrap();
    env.ca(&["enroll", "--batch", csv.to_str().unwrap(), "--out", "keys"])
        .ok();
    let serials = env.serials();
    assert_eq!(serials.len(), rounds + 1, "the holders and the OCSP signer");
    let mut acknowledged = Vec::new();
    let mut last_crl = 0u64;
    for (i, serial) in serials.iter().enumerate().skip(1) {
        let mut child = env
            .ca_command(&["revoke", serial, "--reason", "keyCompromise"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if i % 2 == 1 {
            // Somewhere between login (scrypt) and the end of the transaction.
            std::thread::sleep(Duration::from_millis(40 + (i as u64 * 37) % 260));
            let _ = child.kill();
        }
        if child.wait().unwrap().success() {
            acknowledged.push(serial.clone());
        }
        let mut crl = env
            .ca_command(&["--json", "crl"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if i % 3 == 0 {
            std::thread::sleep(Duration::from_millis(60 + (i as u64 * 53) % 200));
            let _ = crl.kill();
        }
        let out = crl.wait_with_output().unwrap();
        if out.status.success() {
            let made: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let number = made["crl_number"].as_u64().unwrap();
            assert!(number > last_crl, "CRL number {number} after {last_crl}");
            last_crl = number;
        }
        // After every kill the home opens and answers.
        env.ca(&["--json", "list"]).json();
    }
    let listed = env.ca(&["--json", "list"]).json();
    let status_of = |serial: &str| -> String {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["serial"] == serial)
            .map(|r| r["status"].as_str().unwrap().to_owned())
            .unwrap()
    };
    for serial in &acknowledged {
        assert_eq!(status_of(serial), "revoked", "acknowledged {serial} lost");
    }
    assert!(
        acknowledged.len() >= 6,
        "the unkilled revocations all succeeded"
    );
    env.ca(&["audit", "--verify"]).ok();
    let made = env.ca(&["--json", "crl"]).json();
    assert!(made["crl_number"].as_u64().unwrap() > last_crl);

    // The responder comes up empty; one delivery brings it level with the register.
    let server = start_on(&env, &env.path("responder"), port);
    env.ca(&["publish"]).ok();
    for (i, serial) in serials.iter().enumerate().skip(1) {
        let cert = env.path(&format!("cert{i}.pem"));
        let shown = env.ca(&["show", serial, "--pem"]).ok();
        std::fs::write(&cert, shown).unwrap();
        let answer = env.ca(&[
            "--json",
            "status",
            "--cert",
            cert.to_str().unwrap(),
            "--url",
            &server.url(),
        ]);
        let expected = if status_of(serial) == "revoked" { 1 } else { 0 };
        let report = answer.json_with(expected);
        assert_eq!(
            report["status"].as_str().unwrap(),
            if expected == 1 { "revoked" } else { "good" },
            "{serial}: {report}"
        );
    }
}
