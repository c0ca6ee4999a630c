//! `ca status`: the OCSP client, against our responder — good, revoked, unknown; answers it
//! must not trust (another CA's signer, an error status); an unreachable responder; and
//! `ca ocsp-signer` picked up by a running responder on SIGHUP.

use std::time::{Duration, Instant};

use crate::server::{free_port, start_on};
use crate::util::{serial_of, TestEnv};

#[test]
fn ca_status_checks_answers_and_a_renewed_signer_is_picked_up_on_sighup() {
    let env = TestEnv::new();
    let port = free_port();
    env.init_with_ocsp_url(&format!("http://127.0.0.1:{port}/ocsp"), &[]);
    let server = start_on(&env, &env.path("responder"), port);
    env.ca(&["responder", "add", &server.url()]).ok();
    let cert = env.issue_leaf("holder", "/CN=Holder");
    let cert_arg = cert.to_str().unwrap();

    // The URL comes from the certificate's AIA; the issuer from the home.
    let good = env.ca(&["--json", "status", "--cert", cert_arg]).json();
    assert_eq!(good["status"], "good", "{good}");
    assert!(good["signed_by"]
        .as_str()
        .unwrap()
        .contains("OCSP responder"));
    let first_signer = good["signer_serial"].as_str().unwrap().to_owned();
    assert!(good["next_update"].is_string());

    env.ca(&["hold", &serial_of(&cert)]).ok();
    // On hold is a negative answer: exit 1.
    let held = env
        .ca(&["--json", "status", "--cert", cert_arg])
        .json_with(1);
    assert_eq!(
        (held["status"].as_str(), held["reason"].as_str()),
        (Some("revoked"), Some("certificateHold")),
        "{held}"
    );
    env.ca(&["release", &serial_of(&cert)]).ok();
    let human = env.ca(&["status", "--cert", cert_arg]).ok();
    assert!(human.contains(": good"), "{human}");

    // Another CA with the same name: its certificate is unknown here; its signer is not ours.
    let other = TestEnv::new();
    other.init(&[]);
    let stranger = other.issue_leaf("stranger", "/CN=Stranger");
    let unknown = env
        .ca(&[
            "--json",
            "status",
            "--cert",
            stranger.to_str().unwrap(),
            "--issuer",
        ])
        .code;
    assert_eq!(unknown, 2, "--issuer needs a value");
    let unknown = env
        .ca(&[
            "--json",
            "status",
            "--cert",
            stranger.to_str().unwrap(),
            "--issuer",
            env.ca_pem().to_str().unwrap(),
            "--url",
            &server.url(),
        ])
        .json_with(1);
    assert_eq!(unknown["status"], "unknown");

    // A responder refuses a signer its CA did not certify; one for another CA answers
    // `unauthorized`, which is no status.
    let wrong_signer = crate::server::server_command(
        &env,
        &env.path("impostor"),
        &[
            "--listen",
            &format!("127.0.0.1:{}", free_port()),
            "--signer-cert",
            other.home().join("ocsp/signer.pem").to_str().unwrap(),
            "--signer-key",
            other.home().join("ocsp/signer.key").to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    assert_eq!(wrong_signer.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong_signer.stderr).contains("not issued by this CA"));
    let foreign = start_on(&other, &other.path("responder"), free_port());
    let err = env
        .ca(&["status", "--cert", cert_arg, "--url", &foreign.url()])
        .fails(1);
    assert!(err.contains("Unauthorized"), "{err}");
    drop(foreign);

    // Nobody listening: an operational failure, not an answer.
    let gone = format!("http://127.0.0.1:{}/", free_port());
    let err = env
        .ca(&["status", "--cert", cert_arg, "--url", &gone])
        .fails(3);
    assert!(err.contains("127.0.0.1"), "{err}");

    // A renewed signer: the running responder takes it on SIGHUP and keeps answering.
    let renewed = env.ca(&["--json", "ocsp-signer"]).json();
    let new_signer = renewed["serial"].as_str().unwrap().to_owned();
    assert_ne!(new_signer, first_signer);
    let still = env.ca(&["--json", "status", "--cert", cert_arg]).json();
    assert_eq!(
        still["signer_serial"],
        first_signer.as_str(),
        "before SIGHUP"
    );
    server.signal("HUP");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = env.ca(&["--json", "status", "--cert", cert_arg]).json();
        assert_eq!(now["status"], "good", "{now}");
        if now["signer_serial"] == new_signer.as_str() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new signer was not picked up"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
