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
