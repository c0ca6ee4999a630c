//! The status feed pushed to responders: `ca responder add`, delivery on every change, the
//! outbox keeping what an unreachable responder missed, `ca publish` delivering it, and
//! `POST /publish` refusing what the CA did not sign or already sent.

use std::time::{Duration, Instant};

use crate::server::{ask, free_port, post, start, start_on};
use crate::util::{serial_of, TestEnv};

#[test]
fn two_responders_follow_every_change_and_one_that_was_down_catches_up() {
    let env = TestEnv::new();
    env.init(&[]);
    let first = start(&env, &env.path("first"));
    let second_port = free_port();
    let second = start_on(&env, &env.path("second"), second_port);
    for server in [&first, &second] {
        let out = env.ca(&["responder", "add", &server.url()]);
        assert!(
            out.stderr.contains("delivered a full snapshot"),
            "{}",
            out.stderr
        );
    }
    let alice = env.issue_leaf("alice", "/CN=Alice");
    let bob = env.issue_leaf("bob", "/CN=Bob");
    for server in [&first, &second] {
        let out = ask(&env, server.port, &[&alice, &bob], &[]);
        assert!(
            out.contains("alice.pem: good") && out.contains("bob.pem: good"),
            "{out}"
        );
    }

    // A revocation is answered by both as soon as `ca revoke` returns.
    let run = env.ca(&["revoke", &serial_of(&alice), "--reason", "keyCompromise"]);
    assert!(
        run.stderr.contains("delivered the changes"),
        "{}",
        run.stderr
    );
    run.ok();
    for server in [&first, &second] {
        let out = ask(&env, server.port, &[&alice], &[]);
        assert!(
            out.contains("alice.pem: revoked") && out.contains("Reason: keyCompromise"),
            "{out}"
        );
    }

    // The second responder goes down; the next revocation still succeeds, says it is queued.
    second.terminate();
    let started = Instant::now();
    let run = env.ca(&["revoke", &serial_of(&bob), "--reason", "superseded"]);
    let took = started.elapsed();
    assert!(run.stderr.contains("NOT delivered"), "{}", run.stderr);
    run.ok();
    assert!(
        took < Duration::from_secs(30),
        "the officer was held up {took:?}"
    );
    let listed = env.ca(&["--json", "responder", "list"]).json();
    let behind = |url: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["url"] == url)
            .map(|r| r["behind"].as_u64().unwrap())
    };
    assert_eq!(behind(&first.url()), Some(0), "{listed}");
    assert_eq!(
        behind(&format!("http://127.0.0.1:{second_port}")),
        Some(1),
        "{listed}"
    );
    let out = ask(&env, first.port, &[&bob], &[]);
    assert!(out.contains("bob.pem: revoked"), "{out}");

    // Back up on the same address with what it had stored: still the old answer, until the
    // outbox is delivered.
    let second = start_on(&env, &env.path("second"), second_port);
    let out = ask(&env, second.port, &[&alice, &bob], &[]);
    assert!(
        out.contains("alice.pem: revoked") && out.contains("bob.pem: good"),
        "{out}"
    );
    let run = env.ca(&["publish"]);
    assert!(
        run.stdout.contains("delivered the changes"),
        "{}",
        run.stdout
    );
    run.ok();
    let out = ask(&env, second.port, &[&bob], &[]);
    assert!(
        out.contains("bob.pem: revoked") && out.contains("Reason: superseded"),
        "{out}"
    );
    let listed = env.ca(&["--json", "responder", "list"]).json();
    assert!(
        listed.as_array().unwrap().iter().all(|r| r["behind"] == 0),
        "{listed}"
    );

    // A responder that lost its data comes back empty: the CA notices and sends everything.
    drop(second);
    let second = start_on(&env, &env.path("second-replaced"), second_port);
    let carol = env.issue_leaf("carol", "/CN=Carol");
    let out = ask(&env, second.port, &[&alice, &bob, &carol], &[]);
    assert!(
        out.contains("alice.pem: revoked")
            && out.contains("bob.pem: revoked")
            && out.contains("carol.pem: good"),
        "{out}"
    );
    // Nothing is left waiting once everyone has everything.
    let run = env.ca(&["publish"]);
    assert!(run.stdout.contains("up to date"), "{}", run.stdout);
}

#[test]
fn publish_refuses_unsigned_forged_and_replayed_updates() {
    let env = TestEnv::new();
    env.init(&[]);
    let server = start(&env, &env.path("responder"));
    let cert = env.issue_leaf("holder", "/CN=Holder");
    let snapshot = env.path("snapshot.bin");
    env.ca(&["publish", "--out", snapshot.to_str().unwrap()])
        .ok();
    let bytes = std::fs::read(&snapshot).unwrap();
    let (status, body) = post(server.port, "/publish", &bytes);
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(String::from_utf8_lossy(&body).contains("applied"));
    let out = ask(&env, server.port, &[&cert], &[]);
    assert!(out.contains("holder.pem: good"), "{out}");

    // Replayed: 409 with where it is; unsigned or forged: 400; nothing changes.
    let (status, _) = post(server.port, "/publish", &bytes);
    assert!(status.starts_with("HTTP/1.1 409"), "{status}");
    assert!(
        status.to_lowercase().contains("feed-sequence: "),
        "{status}"
    );
    let (status, _) = post(server.port, "/publish", b"not an update");
    assert!(status.starts_with("HTTP/1.1 400"), "{status}");
    let other = TestEnv::new();
    other.init(&[]);
    other.issue_leaf("x", "/CN=X");
    other.issue_leaf("y", "/CN=Y");
    other.issue_leaf("z", "/CN=Z");
    let forged = other.path("forged.bin");
    other
        .ca(&["publish", "--out", forged.to_str().unwrap()])
        .ok();
    let (status, body) = post(server.port, "/publish", &std::fs::read(&forged).unwrap());
    assert!(status.starts_with("HTTP/1.1 400"), "{status}");
    assert!(String::from_utf8_lossy(&body).contains("not signed by this CA"));
    let out = ask(&env, server.port, &[&cert], &[]);
    assert!(out.contains("holder.pem: good"), "{out}");
}

#[test]
fn bad_responder_urls_and_verify_options_are_refused_and_change_nothing() {
    let env = TestEnv::new();
    env.init(&[]);
    for url in ["https://ocsp.example", "ftp://x", "http://", "not a url"] {
        let err = env.ca(&["responder", "add", url]).fails(2);
        assert!(err.contains("responder URL"), "{url}: {err}");
    }
    let listed = env.ca(&["--json", "responder", "list"]).json();
    assert_eq!(listed.as_array().unwrap().len(), 0, "{listed}");
    let err = env
        .ca(&["responder", "remove", "http://127.0.0.1:9"])
        .fails(2);
    assert!(err.contains("no responder"), "{err}");
    let doc = env.path("doc.txt");
    std::fs::write(&doc, "x").unwrap();
    for (flag, value) in [("--revocation", "sometimes"), ("--ocsp", "ldap://x")] {
        let err = env
            .ca(&[
                "verify",
                "--sig",
                doc.to_str().unwrap(),
                "--trust",
                env.ca_pem().to_str().unwrap(),
                flag,
                value,
                doc.to_str().unwrap(),
            ])
            .fails(2);
        assert!(err.contains(flag), "{flag}: {err}");
    }
}
