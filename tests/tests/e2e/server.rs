//! Running `ocsp-server` processes for the tests, and talking to them.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{bin_dir, openssl, Run, TestEnv};

/// A running responder, stopped when dropped.
pub struct Server {
    child: Child,
    /// The port it listens on (loopback).
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn server_command(env: &TestEnv, data: &Path, args: &[&str]) -> Command {
    let home = env.home();
    let mut c = Command::new(bin_dir().join("ocsp-server"));
    c.args(args)
        .args(["--data", data.to_str().unwrap()])
        .args(["--ca-cert", home.join("ca.pem").to_str().unwrap()]);
    c
}

pub fn import(env: &TestEnv, data: &Path, file: &Path) -> Run {
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
pub fn http(port: u16, request: &[u8]) -> (String, Vec<u8>) {
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

/// Starts a responder on a free port.
pub fn start(env: &TestEnv, data: &Path) -> Server {
    start_on(env, data, free_port())
}

/// Starts a responder on `port` and waits until it answers /healthz.
pub fn start_on(env: &TestEnv, data: &Path, port: u16) -> Server {
    start_with(env, data, port, &[])
}

/// Starts a responder for `env`'s CA, with its signer and `extra` options.
pub fn start_with(env: &TestEnv, data: &Path, port: u16, extra: &[&str]) -> Server {
    let home = env.home();
    let listen = format!("127.0.0.1:{port}");
    let mut args = vec![
        "--listen",
        listen.as_str(),
        "--signer-cert",
        home.join("ocsp/signer.pem")
            .to_str()
            .unwrap()
            .to_owned()
            .leak(),
        "--signer-key",
        home.join("ocsp/signer.key")
            .to_str()
            .unwrap()
            .to_owned()
            .leak(),
    ];
    args.extend_from_slice(extra);
    let child = server_command(env, data, &args)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Server::started(child, port)
}

/// `openssl ocsp -url` for these certificates; returns everything it printed.
pub fn ask(env: &TestEnv, port: u16, certs: &[&PathBuf], extra: &[&str]) -> String {
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

impl Server {
    /// Waits until the spawned responder answers /healthz on `port`.
    pub fn started(child: Child, port: u16) -> Server {
        let server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                let _ =
                    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
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

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Its base URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sends it a signal (`TERM`, `HUP`).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name}");
    }

    /// Kills it (SIGKILL) and waits.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops it with SIGTERM and waits (graceful shutdown).
    pub fn terminate(mut self) {
        self.signal("TERM");
        let _ = self.child.wait();
    }
}

/// POSTs `body` to `path` on loopback; returns (status line and headers, body).
pub fn post(port: u16, path: &str, body: &[u8]) -> (String, Vec<u8>) {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    http(port, &request)
}
