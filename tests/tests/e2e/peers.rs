//! Outside programs the tests play with: a time-stamping authority made of `openssl ts`, the
//! clock set back with `faketime`, and a replaying "responder" that serves one captured answer.
//! Each must be installed (./test.sh and .ci/run install them); a missing one fails the test
//! with the package to install, never skips it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::util::{openssl, Run, TestEnv};

/// The path of a program that must be installed, or a panic naming the Debian package.
#[track_caller]
pub fn required_program(name: &str, package: &str) -> PathBuf {
    ["/usr/bin", "/usr/local/bin", "/bin", "/usr/sbin"]
        .iter()
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!("{name} is needed for this test: apt-get install {package} (./test.sh does)")
        })
}

/// `faketime -f SPEC PROGRAM ARGS…` as a Command (SPEC: `@2026-12-01 10:00:00`, `+2y`, …).
pub fn faketime(spec: &str, program: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(required_program("faketime", "faketime"));
    command.arg("-f").arg(spec).arg(program).args(args);
    command
}

/// A faketime spec that starts the clock at Unix time `unix`.
pub fn at_unix(unix: u64) -> String {
    let printed = Command::new("date")
        .args(["-u", "-d", &format!("@{unix}"), "+%Y-%m-%d %H:%M:%S"])
        .output()
        .expect("date");
    format!("@{}", String::from_utf8_lossy(&printed.stdout).trim())
}

/// Now, Unix seconds.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

/// A time-stamping authority: its own root, a TSA certificate (EKU timeStamping, critical)
/// valid from yesterday, and an `openssl ts` configuration.
pub struct Tsa {
    dir: PathBuf,
}

impl Tsa {
    pub fn new(env: &TestEnv) -> Tsa {
        let dir = env.path("tsa");
        std::fs::create_dir_all(&dir).unwrap();
        let file = |name: &str| dir.join(name).to_str().unwrap().to_owned();
        let yesterday = |args: &[&str]| {
            let out = faketime("-1d", Path::new("/usr/bin/openssl"), args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        yesterday(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &file("root.key"),
            "-out",
            &file("root.pem"),
            "-subj",
            "/CN=Test TSA Root",
            "-days",
            "3650",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ]);
        std::fs::write(
            dir.join("ext.cnf"),
            "[v3]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n\
             extendedKeyUsage=critical,timeStamping\n",
        )
        .unwrap();
        openssl(&[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &file("tsa.key"),
            "-subj",
            "/CN=Test TSA",
            "-out",
            &file("tsa.csr"),
        ])
        .ok();
        yesterday(&[
            "x509",
            "-req",
            "-in",
            &file("tsa.csr"),
            "-CA",
            &file("root.pem"),
            "-CAkey",
            &file("root.key"),
            "-days",
            "3650",
            "-extfile",
            &file("ext.cnf"),
            "-extensions",
            "v3",
            "-out",
            &file("tsa.pem"),
        ]);
        std::fs::write(dir.join("serial"), "01\n").unwrap();
        std::fs::write(
            dir.join("tsa.cnf"),
            format!(
                "[tsa]\ndefault_tsa = tsa1\n[tsa1]\nserial = {}\ncrypto_device = builtin\n\
                 signer_cert = {}\nsigner_key = {}\nsigner_digest = sha256\n\
                 default_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\n\
                 ess_cert_id_alg = sha256\n",
                file("serial"),
                file("tsa.pem"),
                file("tsa.key")
            ),
        )
        .unwrap();
        Tsa { dir }
    }

    /// The TSA's root, for `--tsa-trust`.
    pub fn root(&self) -> PathBuf {
        self.dir.join("root.pem")
    }

    /// A time-stamp response for `query` (a .tsq from `ca extend --query`), made with the
    /// TSA's clock at `clock` (a faketime spec) or now.
    pub fn reply(&self, query: &Path, clock: Option<&str>, out: &Path) {
        let config = self.dir.join("tsa.cnf");
        let args = [
            "ts",
            "-reply",
            "-queryfile",
            query.to_str().unwrap(),
            "-config",
            config.to_str().unwrap(),
            "-out",
            out.to_str().unwrap(),
        ];
        let output = match clock {
            Some(spec) => faketime(spec, Path::new("/usr/bin/openssl"), &args)
                .output()
                .unwrap(),
            None => Command::new("openssl").args(args).output().unwrap(),
        };
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// `ca extend` of `sig` with a token made at `clock`; returns the extended signature.
    pub fn stamp(&self, env: &TestEnv, sig: &Path, clock: Option<&str>, name: &str) -> PathBuf {
        let query = env.path(&format!("{name}.tsq"));
        let reply = env.path(&format!("{name}.tsr"));
        let out = env.path(&format!("{name}.sig"));
        env.ca(&[
            "extend",
            sig.to_str().unwrap(),
            "--query",
            query.to_str().unwrap(),
        ])
        .ok();
        self.reply(&query, clock, &reply);
        env.ca(&[
            "extend",
            sig.to_str().unwrap(),
            "--token",
            reply.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .ok();
        out
    }
}

/// A "responder" that answers every POST with the same captured bytes, as anyone on the
/// network path can: a few lines of Python's http.server, on loopback.
pub struct Replayer {
    child: Child,
    pub url: String,
}

impl Replayer {
    pub fn start(answer: &Path, port: u16) -> Replayer {
        let script = format!(
            "import http.server\n\
             body = open({answer:?}, 'rb').read()\n\
             class H(http.server.BaseHTTPRequestHandler):\n\
             \x20   def do_POST(self):\n\
             \x20       self.rfile.read(int(self.headers.get('content-length', 0)))\n\
             \x20       self.send_response(200)\n\
             \x20       self.send_header('content-type', 'application/ocsp-response')\n\
             \x20       self.send_header('content-length', str(len(body)))\n\
             \x20       self.end_headers()\n\
             \x20       self.wfile.write(body)\n\
             \x20   def log_message(self, *a): pass\n\
             http.server.HTTPServer(('127.0.0.1', {port}), H).serve_forever()\n"
        );
        let child = Command::new("python3")
            .args(["-c", &script])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3");
        wait_for_port(port);
        Replayer {
            child,
            url: format!("http://127.0.0.1:{port}/ocsp"),
        }
    }
}

impl Drop for Replayer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a prepared command.
pub fn run(mut command: Command) -> Run {
    Run::from_output(command.output().expect("running a command"))
}

/// Waits (up to 5 s) until something listens on loopback `port`.
pub fn wait_for_port(port: u16) {
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
