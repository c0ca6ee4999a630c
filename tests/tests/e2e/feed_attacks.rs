//! The status feed played by an attacker on the network path (issue "The status feed and the
//! responder cannot be made to lie"): a proxy that swallows updates and answers 200, one that
//! replays an old acknowledgement, one that forwards the CA's updates to another responder that
//! shares the signer. The CA believes none of them: nothing is pruned, `ca publish` exits 3
//! naming the responder.

use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::server::{free_port, start_on};
use crate::util::{serial_of, TestEnv};

/// tests/peers/feed_proxy.py on loopback, stopped when dropped.
struct Proxy {
    child: Child,
    url: String,
}

impl Proxy {
    fn start(mode: &str, upstream: Option<&str>) -> Proxy {
        Proxy::start_on(free_port(), mode, upstream)
    }

    fn start_on(port: u16, mode: &str, upstream: Option<&str>) -> Proxy {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("peers/feed_proxy.py");
        let mut command = Command::new("python3");
        command.arg(script).arg(port.to_string()).arg(mode);
        if let Some(upstream) = upstream {
            command.arg(upstream);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3");
        crate::peers::wait_for_port(port);
        Proxy {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What `ca responder list --json` says of `url`: the sequence delivered.
fn delivered(env: &TestEnv, url: &str) -> u64 {
    let listed = env.ca(&["--json", "responder", "list"]).json();
    listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["url"] == url)
        .and_then(|r| r["delivered"].as_u64())
        .unwrap_or_else(|| panic!("{url} in {listed}"))
}

#[test]
fn a_proxy_answering_200_is_not_believed() {
    let env = TestEnv::new();
    env.init(&[]);
    let proxy = Proxy::start("swallow", None);
    env.ca(&["responder", "add", &proxy.url]).ok();
    let cert = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let run = env.ca(&["revoke", &serial_of(&cert), "--reason", "keyCompromise"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("NOT delivered"), "{}", run.stderr);
    assert_eq!(
        delivered(&env, &proxy.url),
        0,
        "nothing recorded as delivered"
    );
    let run = env.ca(&["publish"]);
    assert_eq!(run.code, 3);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains(&proxy.url) && said.contains("without a signed acknowledgement"),
        "{said}"
    );
}

#[test]
fn a_replayed_acknowledgement_is_not_believed() {
    let env = TestEnv::new();
    env.init(&[]);
    let port = free_port();
    let responder = start_on(&env, &env.path("responder"), port);
    // The proxy is what the CA registered, so the responder names the proxy's URL in its
    // acknowledgements (--feed-url, as an operator behind a reverse proxy sets it).
    let proxy_port = free_port();
    let proxy_url = format!("http://127.0.0.1:{proxy_port}");
    drop(responder);
    let responder = crate::server::start_with(
        &env,
        &env.path("responder"),
        port,
        &["--feed-url", &proxy_url],
    );
    let proxy = Proxy::start_on(proxy_port, "replay", Some(&responder.url()));
    // The first delivery goes through (forwarded, acknowledged by the responder).
    env.ca(&["responder", "add", &proxy.url]).ok();
    let first = delivered(&env, &proxy.url);
    assert!(first > 0);
    // Later ones are swallowed and answered with the first acknowledgement.
    let cert = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let run = env.ca(&["revoke", &serial_of(&cert), "--reason", "keyCompromise"]);
    assert!(run.stderr.contains("another delivery"), "{}", run.stderr);
    assert_eq!(delivered(&env, &proxy.url), first);
    env.ca(&["publish"]).fails(3);
}

#[test]
fn an_update_forwarded_to_another_responder_is_not_believed() {
    let env = TestEnv::new();
    env.init(&[]);
    // Responder B shares the CA's OCSP signer; the proxy registered as "A" forwards to B.
    let b = start_on(&env, &env.path("responder-b"), free_port());
    let proxy = Proxy::start("forward", Some(&b.url()));
    let added = env.ca(&["responder", "add", &proxy.url]);
    assert!(added.stderr.contains("not believed"), "{}", added.stderr);
    assert!(added.stderr.contains(&b.url()), "{}", added.stderr);
    assert_eq!(delivered(&env, &proxy.url), 0);
}

/// `ca` on another home (a copy), with the test passphrase.
fn ca_on(env: &TestEnv, home: &Path, args: &[&str]) -> crate::util::Run {
    let mut command = env.ca_command(args);
    command.env("CA_HOME", home);
    crate::util::Run::from_output(command.output().unwrap())
}

fn status(env: &TestEnv, cert: &Path) -> String {
    let run = env.ca(&["--json", "status", "--cert", cert.to_str().unwrap()]);
    let answer: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|_| panic!("{}{}", run.stdout, run.stderr));
    answer["status"].as_str().unwrap().to_owned()
}

#[test]
fn a_stale_copy_of_the_home_cannot_unrevoke_or_wedge_the_feed() {
    let env = TestEnv::new();
    let port = free_port();
    env.init_with_ocsp_url(&format!("http://127.0.0.1:{port}/ocsp"), &[]);
    let responder = start_on(&env, &env.path("responder"), port);
    env.ca(&["responder", "add", &responder.url()]).ok();
    let stolen = env.issue_leaf("stolen", "/CN=Stolen/C=RU");
    // Two copies of the home are taken (a backup, an old laptop).
    let copies = [env.path("copy-a"), env.path("copy-b")];
    for copy in &copies {
        crate::util::copy_tree(&env.home(), copy);
    }
    // The live CA revokes; the responder says so.
    env.ca(&["revoke", &serial_of(&stolen), "--reason", "keyCompromise"])
        .ok();
    assert_eq!(status(&env, &stolen), "revoked");

    // Copy A tries to change anything: the responder proves it is behind, and it stops.
    let csr = env.csr("one", "p256", "/CN=One/C=RU");
    let run = ca_on(&env, &copies[0], &["issue", "--csr", csr.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("stale copy"), "{}", run.stderr);
    // Copy B works while the responder is down (nothing to witness), and writes a snapshot
    // of its own history with a higher sequence, which someone posts to the responder.
    drop(responder);
    for name in ["two", "three", "four"] {
        let csr = env.csr(name, "p256", &format!("/CN={name}/C=RU"));
        ca_on(&env, &copies[1], &["issue", "--csr", csr.to_str().unwrap()]);
    }
    let snapshot = env.path("copy-b.bin");
    ca_on(
        &env,
        &copies[1],
        &["publish", "--out", snapshot.to_str().unwrap()],
    );
    let header = std::fs::read_to_string(env.path("copy-b.bin.header")).unwrap();
    let responder = start_on(&env, &env.path("responder"), port);
    let body = std::fs::read(&snapshot).unwrap();
    let mut request = format!(
        "POST /publish HTTP/1.1\r\nHost: x\r\nfeed-body: {header}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    let (head, answer) = crate::server::http(port, &request);
    assert!(head.starts_with("HTTP/1.1 409"), "{head}");
    assert!(
        String::from_utf8_lossy(&answer).contains("FORK"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    // The revocation stands, and the responder counted the fork.
    assert_eq!(status(&env, &stolen), "revoked");
    let (_, metrics) = crate::server::http(
        port,
        b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let metrics = String::from_utf8_lossy(&metrics);
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("ocsp_feed_forks_total ") && !l.ends_with(" 0")),
        "{metrics}"
    );
    // The live CA is not wedged: its next revocation is delivered and answered.
    let next = env.issue_leaf("next", "/CN=Next/C=RU");
    env.ca(&[
        "revoke",
        &serial_of(&next),
        "--reason",
        "affiliationChanged",
    ])
    .ok();
    assert_eq!(status(&env, &next), "revoked");
    env.ca(&["publish"]).ok();

    // Had the responder followed a copy, an admin re-bases it on the live history (audited).
    let run = env.ca(&["publish", "--rebase", &responder.url()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(env.audit().iter().any(|e| e["action"] == "publish-rebase"));
    assert_eq!(status(&env, &stolen), "revoked");
    let officer = env.ca_as(
        "admin",
        crate::util::PASS,
        &["publish", "--rebase", "http://127.0.0.1:1"],
    );
    assert_eq!(officer.code, 2, "an unregistered URL is refused");
}

#[test]
fn a_register_rolled_back_to_a_backup_is_caught_by_the_responders() {
    let env = TestEnv::new();
    let port = free_port();
    env.init_with_ocsp_url(&format!("http://127.0.0.1:{port}/ocsp"), &[]);
    let responder = start_on(&env, &env.path("responder"), port);
    env.ca(&["responder", "add", &responder.url()]).ok();
    let cert = env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    let verified = env.ca(&["--json", "audit", "--verify"]).json();
    assert_eq!(verified["rolled_back"], false, "{verified}");
    // A backup, then a revocation, then the backup is put back (a swapped folder).
    let backup = env.path("backup");
    crate::util::copy_tree(&env.home(), &backup);
    env.ca(&["revoke", &serial_of(&cert), "--reason", "keyCompromise"])
        .ok();
    std::fs::remove_dir_all(env.home()).unwrap();
    crate::util::copy_tree(&backup, &env.home());
    // Its own audit chain is intact — but the responder witnessed a later history.
    let run = env.ca(&["--json", "audit", "--verify"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["intact"], true, "{report}");
    assert_eq!(report["rolled_back"], true, "{report}");
    assert_eq!(report["witnesses"][0]["finding"], "ahead", "{report}");
    assert!(run.stderr.contains("ROLLED BACK"), "{}", run.stderr);
    // Commands that would change the register refuse to carry on, naming what is missing.
    let csr = env.csr("after", "p256", "/CN=After/C=RU");
    let err = env.issue_csr(&csr, &[]).fails(1);
    assert!(
        err.contains("are missing here") && err.contains("--rebase"),
        "{err}"
    );
    // After checking, the admin re-bases the responder on the restored history.
    env.ca(&["publish", "--rebase", &responder.url()]).ok();
    let verified = env.ca(&["--json", "audit", "--verify"]).json();
    assert_eq!(verified["rolled_back"], false, "{verified}");
    env.issue_csr(&csr, &[]).ok();
}

#[test]
fn a_disabled_officer_brought_back_by_a_swapped_folder_is_caught() {
    let env = TestEnv::new();
    let port = free_port();
    env.init_with_ocsp_url(&format!("http://127.0.0.1:{port}/ocsp"), &[]);
    let _responder = start_on(&env, &env.path("responder"), port);
    env.ca(&["responder", "add", &format!("http://127.0.0.1:{port}")])
        .ok();
    let olga = "Olga's long passphrase: lantern-orbit-1987";
    env.add_officer("olga", "officer", olga);
    let backup = env.path("backup");
    crate::util::copy_tree(&env.home(), &backup);
    // Olga is disabled — no certificate changes, only the officers — and the folder is then
    // swapped for the backup, where she is enabled.
    env.ca(&["officer", "disable", "olga"]).ok();
    std::fs::remove_dir_all(env.home()).unwrap();
    crate::util::copy_tree(&backup, &env.home());
    let run = env.ca(&["--json", "audit", "--verify"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("\"rolled_back\": true"),
        "{}",
        run.stdout
    );
    let csr = env.csr("holder", "p256", "/CN=Holder/C=RU");
    let err = env
        .ca_as("olga", olga, &["issue", "--csr", csr.to_str().unwrap()])
        .fails(1);
    assert!(err.contains("are missing here"), "{err}");
}
