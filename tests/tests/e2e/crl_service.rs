//! The responder as the validation service: `ca init --services-url` names it in every
//! certificate (OCSP, caIssuers, CRL distribution point, freshest CRL); each CRL the CA signs
//! goes through the signed feed and the responder serves it at `GET /crl` and `GET /delta.crl`
//! with caching headers, so `openssl verify -crl_download` finds a revocation there.

use crate::server::{free_port, http, post, start_on, Server};
use crate::util::{openssl, serial_of, TestEnv};

/// `GET /PATH` from the responder at `port`: (status line and headers, body).
fn get(port: u16, path: &str, extra_header: &str) -> (String, Vec<u8>) {
    http(
        port,
        format!(
            "GET /{path} HTTP/1.1\r\nHost: responder\r\n{extra_header}Connection: close\r\n\r\n"
        )
        .as_bytes(),
    )
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (key, value) = l.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// A CA whose services are the responder it feeds.
fn center() -> (TestEnv, Server, u16) {
    let env = TestEnv::new();
    let port = free_port();
    env.init_with_services(&format!("http://127.0.0.1:{port}/"), &[]);
    let server = start_on(&env, &env.path("responder"), port);
    env.ca(&["responder", "add", &server.url()]).ok();
    (env, server, port)
}

#[test]
fn a_services_url_that_is_not_http_is_refused_and_creates_nothing() {
    let env = TestEnv::new();
    for bad in ["ftp://127.0.0.1:9", "127.0.0.1:9", ""] {
        let err = env
            .ca(&[
                "init",
                "--subject",
                "CN=Тестовый УЦ,C=RU",
                "--services-url",
                bad,
            ])
            .fails(2);
        assert!(err.contains("--services-url"), "{bad:?}: {err}");
        assert!(
            !env.home().exists(),
            "{bad:?}: a refused init creates nothing"
        );
    }
    // Not with the single URLs at once.
    let err = env
        .ca(&[
            "init",
            "--subject",
            "CN=Тестовый УЦ,C=RU",
            "--services-url",
            "http://127.0.0.1:9",
            "--crl-url",
            "http://127.0.0.1:9/crl",
        ])
        .fails(2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn the_responder_serves_the_crls_the_ca_publishes_through_the_feed() {
    let (env, server, port) = center();
    let (head, _) = get(port, "crl", "");
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    let cert = env.issue_leaf("holder", "/CN=Holder/C=RU");
    let text = openssl(&["x509", "-in", cert.to_str().unwrap(), "-noout", "-text"]).ok();
    let base = format!("http://127.0.0.1:{port}");
    for url in [
        format!("OCSP - URI:{base}/ocsp"),
        format!("CA Issuers - URI:{base}/ca.cer"),
        format!("URI:{base}/crl"),
    ] {
        assert!(text.contains(&url), "{url} not in {text}");
    }

    // What an attacker may have captured: a signed snapshot from before the revocation, with
    // an empty CRL of ours in it.
    env.ca(&["crl"]).ok();
    let before_revocation = env.path("before.bin");
    env.ca(&["publish", "--out", before_revocation.to_str().unwrap()])
        .ok();
    env.ca(&["revoke", &serial_of(&cert), "--reason", "keyCompromise"])
        .ok();
    env.ca(&["crl"]).ok();
    let (head, body) = get(port, "crl", "");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(
        body,
        std::fs::read(env.home().join("crl/full.crl")).unwrap()
    );
    assert_eq!(header(&head, "content-type"), Some("application/pkix-crl"));
    let cache_control = header(&head, "cache-control").unwrap_or_default();
    assert!(cache_control.contains("max-age="), "{head}");
    assert!(header(&head, "last-modified").is_some(), "{head}");
    let etag = header(&head, "etag").expect("etag").to_owned();
    let (unchanged, body) = get(port, "crl", &format!("If-None-Match: {etag}\r\n"));
    assert!(unchanged.starts_with("HTTP/1.1 304"), "{unchanged}");
    assert!(body.is_empty());

    // A CA of the same name but another key publishes its own CRL (an empty one): the forged
    // update is refused and /crl still serves ours.
    let impostor = TestEnv::new();
    impostor.init_with_services(&format!("http://127.0.0.1:{port}/"), &[]);
    impostor.ca(&["crl"]).ok();
    let forged = impostor.path("forged.bin");
    impostor
        .ca(&["publish", "--out", forged.to_str().unwrap()])
        .ok();
    let (status, body) = post(port, "/publish", &std::fs::read(&forged).unwrap());
    assert!(status.starts_with("HTTP/1.1 400"), "{status}");
    assert!(String::from_utf8_lossy(&body).contains("not signed by this CA"));
    assert_eq!(get(port, "crl", "").1, body_of_full(&env));
    // A captured snapshot of ours from before the revocation, replayed: refused, /crl kept.
    let (status, _) = post(
        port,
        "/publish",
        &std::fs::read(&before_revocation).unwrap(),
    );
    assert!(status.starts_with("HTTP/1.1 409"), "{status}");
    assert_eq!(get(port, "crl", "").1, body_of_full(&env));

    // openssl follows the certificate's CRL distribution point to the responder.
    let checked = verify_downloading_the_crl(&env, &cert);
    assert_ne!(checked.code, 0);
    assert!(
        checked.stdout.contains("certificate revoked")
            || checked.stderr.contains("certificate revoked"),
        "{}{}",
        checked.stdout,
        checked.stderr
    );
    let good = env.issue_leaf("other", "/CN=Other/C=RU");
    let checked = verify_downloading_the_crl(&env, &good);
    assert_eq!(checked.code, 0, "{}{}", checked.stdout, checked.stderr);

    // A delta CRL after another revocation, at /delta.crl, signed by the CA.
    env.ca(&["revoke", &serial_of(&good), "--reason", "superseded"])
        .ok();
    env.ca(&["crl", "--delta"]).ok();
    let (head, delta) = get(port, "delta.crl", "");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(
        delta,
        std::fs::read(env.home().join("crl/delta.crl")).unwrap()
    );
    let delta_path = env.path("delta.crl");
    std::fs::write(&delta_path, &delta).unwrap();
    let printed = openssl(&[
        "crl",
        "-inform",
        "DER",
        "-in",
        delta_path.to_str().unwrap(),
        "-CAfile",
        env.ca_pem().to_str().unwrap(),
        "-noout",
        "-text",
    ]);
    assert!(printed.stderr.contains("verify OK"), "{}", printed.stderr);
    assert!(
        printed.stdout.contains("Delta CRL Indicator"),
        "{}",
        printed.stdout
    );
    // The full CRL is still the one published before.
    assert_eq!(get(port, "crl", "").1, body_of_full(&env));

    // A responder registered later receives the latest CRLs with its first snapshot, and keeps
    // them across a restart.
    let late_port = free_port();
    let late = start_on(&env, &env.path("late"), late_port);
    env.ca(&["responder", "add", &late.url()]).ok();
    assert_eq!(get(late_port, "crl", "").1, body_of_full(&env));
    assert_eq!(get(late_port, "delta.crl", "").1, delta);
    late.terminate();
    let restarted = start_on(&env, &env.path("late"), late_port);
    assert_eq!(get(late_port, "crl", "").1, body_of_full(&env));
    restarted.terminate();
    server.terminate();
}

/// `openssl verify -crl_check -crl_download`: the CRL from the certificate's distribution point.
fn verify_downloading_the_crl(env: &TestEnv, cert: &std::path::Path) -> crate::util::Run {
    openssl(&[
        "verify",
        "-crl_check",
        "-crl_download",
        "-CAfile",
        env.ca_pem().to_str().unwrap(),
        cert.to_str().unwrap(),
    ])
}

fn body_of_full(env: &TestEnv) -> Vec<u8> {
    std::fs::read(env.home().join("crl/full.crl")).unwrap()
}
