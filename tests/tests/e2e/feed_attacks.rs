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
        let port = free_port();
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
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
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
    let proxy = {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("peers/feed_proxy.py");
        let child = Command::new("python3")
            .arg(script)
            .arg(proxy_port.to_string())
            .arg("replay")
            .arg(responder.url())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", proxy_port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Proxy {
            child,
            url: proxy_url.clone(),
        }
    };
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
