//! The `ocsp-server` process: fed by a status snapshot the CA signed, answering `openssl ocsp`
//! over HTTP, refusing forged and replayed updates, surviving bad input and restarts.

use crate::server::{ask, http, import, start};
use crate::util::{ocsp_check, openssl, serial_of, TestEnv};

#[test]
fn the_responder_answers_from_a_signed_snapshot_and_refuses_forged_and_replayed_ones() {
    let env = TestEnv::new();
    env.init(&[]);
    let good = env.issue_leaf("good", "/CN=Good");
    let revoked = env.issue_leaf("revoked", "/CN=Revoked");
    env.ca(&["revoke", &serial_of(&revoked), "--reason", "keyCompromise"])
        .ok();
    let snapshot = env.path("snap1.bin");
    let published = env
        .ca(&["--json", "publish", "--out", snapshot.to_str().unwrap()])
        .json();
    // Every change so far took a feed number: the signer, two issuances, one revocation.
    let sequence = published["sequence"].as_u64().unwrap();
    assert_eq!(sequence, 4, "{published}");
    let data = env.path("responder");
    import(&env, &data, &snapshot).ok();

    let server = start(&env, &data);
    let out = ask(&env, server.port, &[&good, &revoked], &[]);
    assert!(out.contains("Response verify OK"), "{out}");
    assert!(out.contains("good.pem: good"), "{out}");
    assert!(
        out.contains("revoked.pem: revoked") && out.contains("Reason: keyCompromise"),
        "{out}"
    );
    assert!(
        !out.contains("Nonce Verify error") && !out.contains("WARNING: no nonce"),
        "{out}"
    );
    let out = ask(&env, server.port, &[&good], &["-sha256"]);
    assert!(
        out.contains("Response verify OK") && out.contains("good.pem: good"),
        "{out}"
    );
    // A certificate issued after the snapshot is unknown to the responder until the next one.
    let later = env.issue_leaf("later", "/CN=Later");
    let out = ask(&env, server.port, &[&later], &[]);
    assert!(out.contains("later.pem: unknown"), "{out}");

    // RFC 5019 GET, the request base64 in the path.
    let req = env.path("get-req.der");
    openssl(&[
        "ocsp",
        "-issuer",
        env.ca_pem().to_str().unwrap(),
        "-cert",
        good.to_str().unwrap(),
        "-no_nonce",
        "-reqout",
        req.to_str().unwrap(),
    ])
    .ok();
    let b64 = openssl(&["base64", "-A", "-in", req.to_str().unwrap()]).ok();
    let path = b64
        .trim()
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    let (status, body) = http(
        server.port,
        format!("GET /{path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    // RFC 5019 caching headers, so a cache (nginx, a CDN) can serve the answer.
    let head = status.to_lowercase();
    for header in [
        "cache-control: max-age=",
        "etag: \"",
        "last-modified: ",
        "expires: ",
    ] {
        assert!(head.contains(header), "no {header} in {status}");
    }
    let resp = env.path("get-resp.der");
    std::fs::write(&resp, body).unwrap();
    let out = ocsp_check(&req, &resp, &env.ca_pem());
    assert!(
        out.contains("Response verify OK") && out.contains("Cert Status: good"),
        "{out}"
    );

    // Bad input: each gets malformedRequest (or a 4xx), and the server keeps answering.
    for body in [
        &b""[..],
        b"random bytes \x00\x01\x02",
        b"\x30\x82\x01\x00\x30",
    ] {
        let mut request = format!(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/ocsp-request\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(body);
        let (status, body) = http(server.port, &request);
        assert!(status.contains("200"), "{status}");
        assert_eq!(body, [0x30, 0x03, 0x0a, 0x01, 0x01], "malformedRequest");
    }
    let huge = vec![b'a'; 200_000];
    let mut request = format!(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        huge.len()
    )
    .into_bytes();
    request.extend_from_slice(&huge);
    let (status, _) = http(server.port, &request);
    assert!(status.contains("413"), "oversized body: {status}");
    let (status, body) = http(
        server.port,
        b"GET /%%%not-base64 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(
        status.starts_with("HTTP/1.1 4") || body == [0x30, 0x03, 0x0a, 0x01, 0x01],
        "{status}"
    );
    let (status, _) = http(
        server.port,
        b"DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(status.contains("405"), "wrong method: {status}");
    let out = ask(&env, server.port, &[&good], &[]);
    assert!(out.contains("good.pem: good"), "still answering: {out}");
    // What it did shows in /metrics.
    let (status, body) = http(
        server.port,
        b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    let metrics = String::from_utf8(body).unwrap();
    let value = |name: &str| -> u64 {
        metrics
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in\n{metrics}"))
    };
    assert!(
        value("ocsp_responses_total{status=\"successful\"}") >= 5,
        "{metrics}"
    );
    assert!(
        value("ocsp_responses_total{status=\"malformedRequest\"}") >= 3,
        "{metrics}"
    );
    assert_eq!(value("ocsp_status_update_sequence"), sequence);
    assert!(
        value("ocsp_request_duration_seconds_count") >= 8,
        "{metrics}"
    );
    drop(server);

    // Forged (signed by another CA) and replayed updates are refused and change nothing.
    let other = TestEnv::new();
    other.init(&[]);
    let forged = other.path("forged.bin");
    other
        .ca(&["publish", "--out", forged.to_str().unwrap()])
        .ok();
    let err = import(&env, &data, &forged).fails(2);
    assert!(err.contains("not signed by this CA"), "{err}");
    let err = import(&env, &data, &snapshot).fails(2);
    assert!(err.contains("replayed"), "{err}");
    let garbage = env.path("garbage.bin");
    std::fs::write(&garbage, b"\xa2not a status update").unwrap();
    let err = import(&env, &data, &garbage).fails(2);
    assert!(err.contains("not a status update"), "{err}");

    // The revocation of `good` reaches the responder with the next snapshot; a restarted
    // responder answers from what it stored.
    env.ca(&["revoke", &serial_of(&good), "--reason", "superseded"])
        .ok();
    let second = env.path("snap2.bin");
    env.ca(&["publish", "--out", second.to_str().unwrap()]).ok();
    import(&env, &data, &second).ok();
    let server = start(&env, &data);
    let out = ask(&env, server.port, &[&good, &later], &[]);
    assert!(
        out.contains("good.pem: revoked") && out.contains("Reason: superseded"),
        "{out}"
    );
    assert!(out.contains("later.pem: good"), "{out}");
}

/// `--log-format json`: one JSON object per line on stderr, with the level, the message and
/// the event's fields — start, a reload refused, a reload done, shutdown.
#[test]
fn json_logs_are_one_object_per_line_with_level_message_and_fields() {
    let env = TestEnv::new();
    env.init(&[]);
    let home = env.home();
    let log = env.path("server.log");
    let port = crate::server::free_port();
    let listen = format!("127.0.0.1:{port}");
    let signer_key = env.path("signer.key");
    std::fs::copy(home.join("ocsp/signer.key"), &signer_key).unwrap();
    let child = crate::server::server_command(
        &env,
        &env.path("replica"),
        &[
            "--listen",
            &listen,
            "--signer-cert",
            home.join("ocsp/signer.pem").to_str().unwrap(),
            "--signer-key",
            signer_key.to_str().unwrap(),
            "--log-format",
            "json",
        ],
    )
    .stderr(std::fs::File::create(&log).unwrap())
    .spawn()
    .unwrap();
    let server = crate::server::Server::started(child, port);
    // A key that is not the signer's: the reload is refused, and said so.
    std::fs::write(&signer_key, "not a key").unwrap();
    server.signal("HUP");
    std::thread::sleep(std::time::Duration::from_millis(500));
    std::fs::copy(home.join("ocsp/signer.key"), &signer_key).unwrap();
    server.signal("HUP");
    std::thread::sleep(std::time::Duration::from_millis(500));
    server.terminate();
    let text = std::fs::read_to_string(&log).unwrap();
    let events: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let find = |message: &str| {
        events
            .iter()
            .find(|e| e["message"] == message)
            .unwrap_or_else(|| panic!("no {message:?} in {text}"))
    };
    assert_eq!(find("answering")["level"], "INFO");
    assert_eq!(find("answering")["url"], format!("http://{listen}"));
    let refused = find("SIGHUP: keeping the current signer");
    assert_eq!(refused["level"], "ERROR");
    assert!(
        refused["error"].as_str().unwrap().contains("signer.key"),
        "{refused}"
    );
    assert!(find("SIGHUP: signer files reloaded")["valid_until"].is_string());
    assert_eq!(find("shutting down")["level"], "INFO");
    assert!(events.iter().all(|e| e["timestamp"].is_string()));
}
