//! A real nginx in front of the responder as an RFC 5019 cache: GET answers are served from
//! its cache within max-age, and a revocation shows once max-age has passed.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::server::{free_port, http, start_with};
use crate::util::{ocsp_check, openssl, serial_of, TestEnv};

/// nginx on loopback, stopped when dropped.
struct Nginx {
    child: Child,
    port: u16,
}

impl Drop for Nginx {
    /// SIGTERM, so the master takes its workers down with it (SIGKILL would orphan them).
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nginx_binary() -> PathBuf {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("nginx is needed for this test: apt-get install nginx-light (.ci/run does)")
}

/// The configuration deployment.md shows, on loopback, everything under `dir`.
fn start_nginx(dir: &Path, upstream: u16) -> Nginx {
    let port = free_port();
    let d = dir.display();
    // As root, nginx's workers would switch to `nobody`, who cannot write our temp folders.
    let user = if Command::new("id").arg("-u").output().unwrap().stdout == b"0\n" {
        "user root;"
    } else {
        ""
    };
    let conf = format!(
        r#"{user}
worker_processes 1;
error_log {d}/error.log info;
pid {d}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    proxy_cache_path {d}/cache levels=1:2 keys_zone=ocsp:10m max_size=100m inactive=1h;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_cache ocsp;
            proxy_cache_methods GET HEAD;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"#
    );
    std::fs::create_dir_all(dir).unwrap();
    let conf_path = dir.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new(nginx_binary())
        .args([
            "-p",
            dir.to_str().unwrap(),
            "-c",
            conf_path.to_str().unwrap(),
        ])
        .args(["-g", "daemon off;"])
        // Its workers must not hold the test's output open.
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let nginx = Nginx { child, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not start: {}",
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}

/// GET through nginx: (cache status, body).
fn get(port: u16, path: &str) -> (String, Vec<u8>) {
    let (head, body) = http(
        port,
        format!("GET /{path} HTTP/1.1\r\nHost: ocsp\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let status = head
        .lines()
        .find_map(|l| l.strip_prefix("X-Cache-Status: "))
        .unwrap_or("none")
        .to_owned();
    (status, body)
}

#[test]
fn nginx_caches_get_answers_and_shows_a_revocation_after_max_age() {
    let env = TestEnv::new();
    env.init(&[]);
    let port = free_port();
    let server = start_with(&env, &env.path("responder"), port, &["--max-age", "2"]);
    env.ca(&["responder", "add", &server.url()]).ok();
    let cert = env.issue_leaf("holder", "/CN=Holder");
    let nginx = start_nginx(&env.path("nginx"), port);

    let request = env.path("request.der");
    openssl(&[
        "ocsp",
        "-issuer",
        env.ca_pem().to_str().unwrap(),
        "-cert",
        cert.to_str().unwrap(),
        "-no_nonce",
        "-reqout",
        request.to_str().unwrap(),
    ])
    .ok();
    let b64 = openssl(&["base64", "-A", "-in", request.to_str().unwrap()]).ok();
    let path = b64
        .trim()
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    let status_of = |body: Vec<u8>| {
        let response = env.path("response.der");
        std::fs::write(&response, body).unwrap();
        let out = ocsp_check(&request, &response, &env.ca_pem());
        assert!(out.contains("Response verify OK"), "{out}");
        out
    };

    let (cache, body) = get(nginx.port, &path);
    assert_eq!(cache, "MISS");
    assert!(status_of(body).contains("Cert Status: good"));
    let (cache, body) = get(nginx.port, &path);
    assert_eq!(cache, "HIT", "the second GET is served by nginx");
    assert!(status_of(body).contains("Cert Status: good"));

    // Revoked at the responder at once; nginx may serve its copy until max-age has passed.
    env.ca(&["revoke", &serial_of(&cert), "--reason", "keyCompromise"])
        .ok();
    let revoked_at = Instant::now();
    let (cache, _) = get(nginx.port, &path);
    if revoked_at.elapsed() < Duration::from_secs(1) {
        assert_eq!(cache, "HIT", "within max-age the cached answer is served");
    }
    std::thread::sleep(Duration::from_millis(2500));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (cache, body) = get(nginx.port, &path);
        let out = status_of(body);
        if out.contains("Cert Status: revoked") {
            assert_ne!(cache, "HIT", "a fresh answer after max-age");
            assert!(out.contains("Reason: keyCompromise"), "{out}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still not revoked through nginx long after max-age ({cache}): {out}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn nginx_caches_the_crls_and_the_ca_certificate_the_responder_serves() {
    let env = TestEnv::new();
    let port = free_port();
    env.init_with_services(&format!("http://127.0.0.1:{port}"), &[]);
    let server = start_with(&env, &env.path("responder"), port, &["--max-age", "60"]);
    env.ca(&["responder", "add", &server.url()]).ok();
    let cert = env.issue_leaf("holder", "/CN=Holder");
    env.ca(&["revoke", &serial_of(&cert), "--reason", "keyCompromise"])
        .ok();
    env.ca(&["crl"]).ok();
    env.ca(&["crl", "--delta"]).ok();
    let nginx = start_nginx(&env.path("nginx"), port);
    for (path, file) in [("crl", "crl/full.crl"), ("delta.crl", "crl/delta.crl")] {
        let published = std::fs::read(env.home().join(file)).unwrap();
        let (cache, body) = get(nginx.port, path);
        assert_eq!(cache, "MISS", "{path}");
        assert_eq!(body, published, "{path}");
        let (cache, body) = get(nginx.port, path);
        assert_eq!(cache, "HIT", "{path}: the second GET is served by nginx");
        assert_eq!(body, published, "{path}");
    }
    let (_, first) = get(nginx.port, "ca.cer");
    let (cache, again) = get(nginx.port, "ca.cer");
    assert_eq!(cache, "HIT");
    assert_eq!(first, again);
    let ca_der = env.path("ca.der");
    openssl(&[
        "x509",
        "-in",
        env.ca_pem().to_str().unwrap(),
        "-outform",
        "DER",
        "-out",
        ca_der.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(first, std::fs::read(ca_der).unwrap());
}
