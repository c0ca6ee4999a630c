//! The responder played by an attacker (issue "The status feed and the responder cannot be made
//! to lie or fall over"): a signer certificate that is not for OCSP put in place and reloaded,
//! a flood of distinct nonce-less requests naming hundreds of certificates each, and slow feed
//! clients that try to take the connections OCSP clients need.

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::server::{free_port, post, server_command, start_with};
use crate::util::{openssl, TestEnv};

/// The responder's resident memory, kB, from /proc.
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap()
}

#[test]
fn a_signer_that_is_not_for_ocsp_is_refused_at_start_and_at_reload() {
    let env = TestEnv::new();
    let port = free_port();
    env.init_with_ocsp_url(&format!("http://127.0.0.1:{port}/ocsp"), &[]);
    let server = start_with(&env, &env.path("responder"), port, &[]);
    env.ca(&["responder", "add", &server.url()]).ok();
    let citizen = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let before = env
        .ca(&["--json", "status", "--cert", citizen.to_str().unwrap()])
        .json();
    // Someone puts a citizen's certificate and key (same CA, no OCSPSigning) in the signer's
    // place and sends SIGHUP: the responder keeps its signer, and answers stay valid.
    let home = env.home();
    std::fs::copy(&citizen, home.join("ocsp/signer.pem")).unwrap();
    std::fs::copy(env.path("citizen.key"), home.join("ocsp/signer.key")).unwrap();
    server.signal("HUP");
    std::thread::sleep(Duration::from_millis(500));
    let after = env
        .ca(&["--json", "status", "--cert", citizen.to_str().unwrap()])
        .json();
    assert_eq!(after["status"], "good", "{after}");
    assert_eq!(after["signer_serial"], before["signer_serial"], "{after}");
    let checked = openssl(&[
        "ocsp",
        "-issuer",
        env.ca_pem().to_str().unwrap(),
        "-cert",
        citizen.to_str().unwrap(),
        "-url",
        &server.url(),
        "-CAfile",
        env.ca_pem().to_str().unwrap(),
    ]);
    assert!(
        checked.stderr.contains("Response verify OK"),
        "{}",
        checked.stderr
    );
    // A responder started with those files does not start.
    let signer = home.join("ocsp/signer.pem");
    let key = home.join("ocsp/signer.key");
    let refused = server_command(
        &env,
        &env.path("responder2"),
        &[
            "--listen",
            &format!("127.0.0.1:{}", free_port()),
            "--signer-cert",
            signer.to_str().unwrap(),
            "--signer-key",
            key.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not for OCSP signing"));
}

#[test]
fn a_flood_of_many_certificate_requests_does_not_fill_the_cache() {
    let env = TestEnv::new();
    env.init(&[]);
    let port = free_port();
    let server = start_with(&env, &env.path("responder"), port, &[]);
    // One nonce-less request naming 840 certificates (~53 KB), then 600 distinct variants.
    let mut args = vec![
        "ocsp".to_owned(),
        "-issuer".into(),
        env.ca_pem().display().to_string(),
        "-no_nonce".into(),
        "-reqout".into(),
        env.path("base.der").display().to_string(),
    ];
    for k in 0..840u32 {
        args.push("-serial".into());
        args.push(format!("0x{:06X}", 0x7A0000 + k));
    }
    openssl(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let base = std::fs::read(env.path("base.der")).unwrap();
    assert!(base.len() > 50_000, "{}", base.len());
    let marker = [0x02, 0x03, 0x7A, 0x00, 0x00];
    let at = base
        .windows(marker.len())
        .position(|w| w == marker)
        .expect("the first serial");
    let pid = server.pid();
    let (_, warm) = post(port, "/", &base);
    assert!(warm.len() > 50_000, "an answer for every certificate");
    let start = rss_kb(pid);
    for i in 1..=600u16 {
        let mut request = base.clone();
        request[at + 3..at + 5].copy_from_slice(&i.to_be_bytes());
        let (head, _) = post(port, "/", &request);
        assert!(head.contains("200"), "{head}");
    }
    let grown = rss_kb(pid).saturating_sub(start);
    // Cached, 600 such answers and their requests grew it by some 44 MB (measured before the
    // change; about 1 MB after).
    assert!(grown < 16_000, "the responder grew by {grown} kB");
}

#[test]
fn slow_feed_clients_cannot_take_the_connections_ocsp_needs() {
    let env = TestEnv::new();
    env.init(&[]);
    let port = free_port();
    let server = start_with(
        &env,
        &env.path("responder"),
        port,
        &["--max-connections", "12", "--max-feed-connections", "2"],
    );
    // As many clients as there are connections start a large /publish and stall in its body.
    let mut slow = Vec::new();
    for _ in 0..12 {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .write_all(b"POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nx")
            .unwrap();
        slow.push(stream);
    }
    std::thread::sleep(Duration::from_millis(500));
    // Two hold the feed's slots; the others were turned away at once (503) and their
    // connections released, so an OCSP client is served.
    let cert = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let started = Instant::now();
    let out = openssl(&[
        "ocsp",
        "-issuer",
        env.ca_pem().to_str().unwrap(),
        "-cert",
        cert.to_str().unwrap(),
        "-url",
        &server.url(),
        "-CAfile",
        env.ca_pem().to_str().unwrap(),
        "-timeout",
        "10",
    ]);
    assert!(
        out.stderr.contains("Response verify OK"),
        "{}{} after {:?}",
        out.stdout,
        out.stderr,
        started.elapsed()
    );
    let (_, metrics) = crate::server::http(
        port,
        b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let metrics = String::from_utf8_lossy(&metrics);
    let busy: u64 = metrics
        .lines()
        .find(|l| l.starts_with("ocsp_feed_busy_total "))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(busy >= 10, "{metrics}");
    drop(slow);
}

#[test]
fn an_unauthenticated_oversize_update_is_refused_before_it_is_buffered() {
    use std::io::Read;
    let env = TestEnv::new();
    env.init(&[]);
    let port = free_port();
    let server = start_with(&env, &env.path("responder"), port, &[]);
    let pid = server.pid();
    let start = rss_kb(pid);
    // 300 MB announced, sent in 1 MB pieces, no signed header: the responder stops reading.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 314572800\r\n\r\n")
        .unwrap();
    let piece = vec![b'x'; 1 << 20];
    let mut sent = 0usize;
    while sent < 300 {
        if stream.write_all(&piece).is_err() {
            break;
        }
        sent += 1;
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    let grown = rss_kb(pid).saturating_sub(start);
    assert!(grown < 20_000, "the responder grew by {grown} kB");
    // A header not signed by this CA is refused before any of the body is read.
    let other = TestEnv::new();
    other.init(&[]);
    let forged = {
        let key =
            ca_core::keys::load_key_file(&other.home().join("ocsp/signer.key"), None).unwrap();
        ca_core::publish::feed::body_header(b"whatever", &key).unwrap()
    };
    let request = format!(
        "POST /publish HTTP/1.1\r\nHost: x\r\nfeed-body: {forged}\r\nContent-Length: 314572800\r\n\
         Connection: close\r\n\r\n"
    );
    let (head, body) = crate::server::http(port, request.as_bytes());
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
    assert!(
        String::from_utf8_lossy(&body).contains("not signed by this CA"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    // A genuine header (captured from the CA's own snapshot) replayed with another body of the
    // same length is refused, and nothing is applied.
    let snapshot = env.path("snapshot.bin");
    env.ca(&["publish", "--out", snapshot.to_str().unwrap()])
        .ok();
    let genuine = std::fs::read_to_string(env.path("snapshot.bin.header")).unwrap();
    let mut other = std::fs::read(&snapshot).unwrap();
    let last = other.len() - 1;
    other[last] ^= 0xff;
    let mut request = format!(
        "POST /publish HTTP/1.1\r\nHost: x\r\nfeed-body: {genuine}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        other.len()
    )
    .into_bytes();
    request.extend_from_slice(&other);
    let (head, body) = crate::server::http(port, &request);
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
    assert!(
        String::from_utf8_lossy(&body).contains("not the one the feed-body header announced"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (_, metrics) = crate::server::http(
        port,
        b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(
        String::from_utf8_lossy(&metrics).contains("ocsp_status_update_sequence 0"),
        "nothing applied"
    );
    // Asking where the responder is needs a nonce to sign over.
    let (head, _) = crate::server::http(
        port,
        b"GET /feed-position HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
}
