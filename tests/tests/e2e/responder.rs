//! The `ocsp-server` process: fed by a status snapshot the CA signed, answering `openssl ocsp`
//! over HTTP, refusing forged and replayed updates, surviving bad input and restarts.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{bin_dir, ocsp_check, openssl, serial_of, Run, TestEnv};

/// A running responder, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn server_command(env: &TestEnv, data: &Path, args: &[&str]) -> Command {
    let home = env.home();
    let mut c = Command::new(bin_dir().join("ocsp-server"));
    c.args(args)
        .args(["--data", data.to_str().unwrap()])
        .args(["--ca-cert", home.join("ca.pem").to_str().unwrap()]);
    c
}

fn import(env: &TestEnv, data: &Path, file: &Path) -> Run {
    let out = server_command(env, data, &["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A raw HTTP/1.1 exchange on loopback; returns (status line and headers, body).
fn http(port: u16, request: &[u8]) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    (head, response[split + 4..].to_vec())
}

fn start(env: &TestEnv, data: &Path) -> Server {
    let port = free_port();
    let home = env.home();
    let child = server_command(
        env,
        data,
        &[
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--signer-cert",
            home.join("ocsp/signer.pem").to_str().unwrap(),
            "--signer-key",
            home.join("ocsp/signer.key").to_str().unwrap(),
        ],
    )
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let server = Server { child, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf);
            if buf.contains("200 OK") {
                return server;
            }
        }
        assert!(Instant::now() < deadline, "ocsp-server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `openssl ocsp -url` for these certificates; returns everything it printed.
fn ask(env: &TestEnv, port: u16, certs: &[&PathBuf], extra: &[&str]) -> String {
    let ca = env.ca_pem();
    let url = format!("http://127.0.0.1:{port}/");
    let mut args = vec!["ocsp", "-issuer", ca.to_str().unwrap()];
    args.extend_from_slice(extra);
    for c in certs {
        args.extend(["-cert", c.to_str().unwrap()]);
    }
    args.extend(["-url", url.as_str(), "-CAfile", ca.to_str().unwrap()]);
    let run = openssl(&args);
    format!("{}{}", run.stdout, run.stderr)
}

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
    assert_eq!(published["sequence"], 1);
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
    assert_eq!(value("ocsp_status_update_sequence"), 1);
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
    assert!(err.contains("replayed or out of order"), "{err}");
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
