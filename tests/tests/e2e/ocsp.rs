//! OCSP answers built by ca-core (`ocsp::Responder`), signed by the delegated signer that
//! `ca init` made, checked by `openssl ocsp`. The HTTP responder and its status feed come next;
//! this proves the answers themselves.

use std::path::Path;

use ca_core::ocsp::Responder;
use ca_core::CaHome;

use crate::util::{ocsp_check, openssl, serial_of, TestEnv};

/// Answers `req.der` from the home's register, as the responder will from its replica.
fn answer(env: &TestEnv, request: &Path, response: &Path) {
    let home = env.home();
    let ca = std::fs::read(home.join("ca.pem")).unwrap();
    let ca = ca_core::pem::certificates(&ca).unwrap().remove(0);
    let signer_cert =
        ca_core::pem::certificates(&std::fs::read(home.join("ocsp/signer.pem")).unwrap())
            .unwrap()
            .remove(0);
    let signer = ca_core::keys::load_key_file(&home.join("ocsp/signer.key"), None).unwrap();
    let responder = Responder::new(&ca, &signer_cert, Box::new(signer), 3600).unwrap();
    let opened = CaHome::open(&home).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let der = responder
        .answer(&std::fs::read(request).unwrap(), now, &|serial| {
            ca_core::status::change::ocsp_state(opened.register(), serial)
        })
        .der;
    std::fs::write(response, der).unwrap();
}

/// The text of a response, not verified (for error responses, which carry no signature).
fn response_text(response: &Path) -> String {
    let shown = openssl(&[
        "ocsp",
        "-respin",
        response.to_str().unwrap(),
        "-resp_text",
        "-noverify",
    ]);
    format!("{}{}", shown.stdout, shown.stderr)
}

fn ask(env: &TestEnv, certs: &[&Path], extra: &[&str]) -> String {
    let req = env.path("req.der");
    let resp = env.path("resp.der");
    let ca = env.ca_pem();
    let mut args = vec!["ocsp", "-issuer", ca.to_str().unwrap()];
    args.extend_from_slice(extra);
    for c in certs {
        args.extend(["-cert", c.to_str().unwrap()]);
    }
    let mut make = args.clone();
    make.extend(["-reqout", req.to_str().unwrap()]);
    openssl(&make).ok();
    answer(env, &req, &resp);
    // Checked against the request it answers (its nonce included), not a new one: with -cert,
    // openssl would build a fresh request with another nonce.
    ocsp_check(&req, &resp, &ca)
}

#[test]
fn openssl_verifies_good_revoked_held_and_unknown_answers() {
    let env = TestEnv::new();
    env.init(&[]);
    let good = env.issue_leaf("good", "/CN=Good");
    let revoked = env.issue_leaf("revoked", "/CN=Revoked");
    let held = env.issue_leaf("held", "/CN=Held");
    env.ca(&["revoke", &serial_of(&revoked), "--reason", "keyCompromise"])
        .ok();
    env.ca(&["hold", &serial_of(&held)]).ok();
    let out = ask(&env, &[&good, &revoked, &held], &[]);
    assert!(out.contains("Response verify OK"), "{out}");
    let statuses: Vec<&str> = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Cert Status: "))
        .collect();
    assert_eq!(statuses, ["good", "revoked", "revoked"], "{out}");
    assert!(out.contains("Revocation Reason: keyCompromise"), "{out}");
    assert!(out.contains("Revocation Reason: certificateHold"), "{out}");
    assert!(out.contains("OCSP Nonce"), "the nonce is echoed: {out}");
    // SHA-256 CertIDs (-sha256 before -cert) and the nonce are honoured.
    let out = ask(&env, &[&good], &["-sha256"]);
    assert!(out.contains("Response verify OK"), "{out}");
    assert!(
        out.contains("Hash Algorithm: sha256") && out.contains("Cert Status: good"),
        "{out}"
    );
    // A serial never issued is unknown.
    let req = env.path("unknown.der");
    let resp = env.path("unknown-resp.der");
    openssl(&[
        "ocsp",
        "-issuer",
        env.ca_pem().to_str().unwrap(),
        "-serial",
        "0x0badc0de",
        "-reqout",
        req.to_str().unwrap(),
    ])
    .ok();
    answer(&env, &req, &resp);
    let out = ocsp_check(&req, &resp, &env.ca_pem());
    assert!(
        out.contains("Response verify OK") && out.contains("Cert Status: unknown"),
        "{out}"
    );
}

#[test]
fn garbage_gets_malformed_request_and_another_ca_unauthorized() {
    let env = TestEnv::new();
    env.init(&[]);
    let other = TestEnv::new();
    other.init(&[]);
    let foreign = other.issue_leaf("foreign", "/CN=Foreign");
    for bad in [&b""[..], b"\x30\x03\x02\x01", b"not der at all"] {
        let req = env.path("bad.der");
        let resp = env.path("bad-resp.der");
        std::fs::write(&req, bad).unwrap();
        answer(&env, &req, &resp);
        let out = response_text(&resp);
        assert!(out.contains("malformedrequest"), "{out}");
    }
    // A request about another CA's certificate (its issuer, its serial).
    let req = env.path("foreign.der");
    let resp = env.path("foreign-resp.der");
    openssl(&[
        "ocsp",
        "-issuer",
        other.ca_pem().to_str().unwrap(),
        "-cert",
        foreign.to_str().unwrap(),
        "-reqout",
        req.to_str().unwrap(),
    ])
    .ok();
    answer(&env, &req, &resp);
    assert!(response_text(&resp).contains("unauthorized"));
}
