//! Helpers: build and find the binaries, a temp CA home per test, openssl.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The CA passphrase every test uses.
pub const PASS: &str = "test passphrase 1";

/// Builds the workspace binaries once per test run (so a test never runs a stale binary) and
/// returns the folder that holds them.
pub fn bin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args([
                "build",
                "--locked",
                "-p",
                "ca-cli",
                "--bin",
                "ca",
                "-p",
                "ocsp-server",
                "--bin",
                "ocsp-server",
            ])
            .status()
            .expect("running cargo build");
        assert!(status.success(), "cargo build of the binaries failed");
        // target/debug/deps/e2e-HASH -> target/debug
        let exe = std::env::current_exe().expect("current exe");
        exe.parent()
            .and_then(Path::parent)
            .expect("target dir")
            .to_path_buf()
    })
}

/// A temp folder with a CA home `home/` in it.
pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

/// What a command did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// What a finished command did.
    pub fn from_output(out: Output) -> Self {
        Self::from(out)
    }

    fn from(out: Output) -> Self {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(self) -> String {
        assert_eq!(
            self.code, 0,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self.stdout
    }

    /// Asserts success and parses stdout as JSON.
    #[track_caller]
    pub fn json(self) -> serde_json::Value {
        let out = self.ok();
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
    }

    /// Asserts the exit code and parses stdout as JSON (a negative answer still prints one).
    #[track_caller]
    pub fn json_with(self, code: i32) -> serde_json::Value {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }

    /// Asserts the exit code and returns stderr.
    #[track_caller]
    pub fn fails(self, code: i32) -> String {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self.stderr
    }
}

/// `ca --json init` of the test CA, before its URLs.
const INIT_ARGS: [&str; 8] = [
    "--json",
    "init",
    "--subject",
    "CN=Тестовый УЦ,O=ГКУ Тест,C=RU",
    "--ogrn",
    "1027700132195",
    "--innle",
    "7707083893",
];

impl TestEnv {
    pub fn new() -> Self {
        bin_dir();
        TestEnv {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn home(&self) -> PathBuf {
        self.path("home")
    }

    /// A `ca` command on this env's home with the test passphrase in the environment.
    pub fn ca_command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin_dir().join("ca"));
        c.current_dir(self.dir.path())
            .env_remove("CA_OFFICER")
            .env("CA_HOME", self.home())
            .env("CA_PASSPHRASE", PASS)
            .args(args);
        c
    }

    pub fn ca(&self, args: &[&str]) -> Run {
        Run::from(self.ca_command(args).output().expect("running ca"))
    }

    /// `ca init` of a root CA with AIA and CRL URLs.
    pub fn init(&self, extra: &[&str]) -> serde_json::Value {
        self.init_with_ocsp_url("http://127.0.0.1:8080/ocsp", extra)
    }

    /// `ca init` with the OCSP URL issued certificates will name.
    pub fn init_with_ocsp_url(&self, ocsp_url: &str, extra: &[&str]) -> serde_json::Value {
        let mut args = INIT_ARGS.to_vec();
        args.extend([
            "--ocsp-url",
            ocsp_url,
            "--crl-url",
            "http://127.0.0.1:8080/crl",
            "--ca-issuers-url",
            "http://127.0.0.1:8080/ca.cer",
        ]);
        args.extend_from_slice(extra);
        self.ca(&args).json()
    }

    /// `ca init --services-url BASE`: OCSP, caIssuers, CRL and delta CRL URLs under one base.
    pub fn init_with_services(&self, base: &str, extra: &[&str]) -> serde_json::Value {
        self.ca(&[&INIT_ARGS[..], &["--services-url", base], extra].concat())
            .json()
    }

    /// `ca init --parent ROOT` of the subordinate "CN=Подчинённый УЦ,C=RU" in this env, under
    /// `passphrase`; asserts success.
    #[track_caller]
    pub fn init_subordinate(&self, root: &TestEnv, passphrase: &str, extra: &[&str]) {
        let parent = root.home();
        let mut args = vec![
            "--json",
            "init",
            "--subject",
            "CN=Подчинённый УЦ,C=RU",
            "--parent",
            parent.to_str().expect("path"),
        ];
        args.extend_from_slice(extra);
        let made = self
            .ca_command(&args)
            .env("CA_PARENT_PASSPHRASE", PASS)
            .env("CA_PASSPHRASE", passphrase)
            .output()
            .expect("running ca");
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
    }

    /// Unpacks `tests/fixtures/NAME` (a tarball of a folder named `home`) as this env's home.
    pub fn unpack_fixture_home(&self, name: &str) {
        let status = Command::new("tar")
            .arg("xzf")
            .arg(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fixtures")
                    .join(name),
            )
            .arg("-C")
            .arg(self.dir.path())
            .status()
            .expect("running tar");
        assert!(status.success(), "unpacking {name}");
    }

    pub fn ca_pem(&self) -> PathBuf {
        self.home().join("ca.pem")
    }

    /// Serials in the register.
    pub fn serials(&self) -> Vec<String> {
        self.ca(&["--json", "list"])
            .json()
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["serial"].as_str().expect("serial").to_owned())
            .collect()
    }

    /// `openssl req` making a key and CSR of the given kind in this env; returns the CSR path.
    pub fn csr(&self, name: &str, kind: &str, subject: &str) -> PathBuf {
        let key = self.path(&format!("{name}.key"));
        let csr = self.path(&format!("{name}.csr"));
        let mut args: Vec<String> =
            vec!["req".into(), "-new".into(), "-utf8".into(), "-nodes".into()];
        match kind {
            "p256" => args
                .extend(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"].map(String::from)),
            "p384" => args
                .extend(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"].map(String::from)),
            "ed25519" => args.extend(["-newkey", "ed25519"].map(String::from)),
            "rsa" => args.extend(["-newkey", "rsa:2048"].map(String::from)),
            "rsa1024" => args.extend(["-newkey", "rsa:1024"].map(String::from)),
            "p521" => args
                .extend(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"].map(String::from)),
            "p256-critical-unknown" => args.extend(
                [
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-addext",
                    "1.2.3.4=critical,ASN1:NULL",
                ]
                .map(String::from),
            ),
            "p256-noncritical-unknown" => args.extend(
                [
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-addext",
                    "1.2.3.4=ASN1:NULL",
                ]
                .map(String::from),
            ),
            other => panic!("unknown key kind {other}"),
        }
        args.extend([
            "-keyout".into(),
            key.display().to_string(),
            "-subj".into(),
            subject.into(),
            "-out".into(),
            csr.display().to_string(),
        ]);
        let run = openssl(&args.iter().map(String::as_str).collect::<Vec<_>>());
        run.ok();
        csr
    }
}

/// Runs openssl.
pub fn openssl(args: &[&str]) -> Run {
    Run::from(
        Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl is installed"),
    )
}

/// `openssl verify -CAfile ca [-untrusted chain] cert` succeeded with "OK".
#[track_caller]
pub fn assert_verifies(ca: &Path, untrusted: Option<&Path>, cert: &Path) {
    let mut args = vec!["verify", "-CAfile", ca.to_str().expect("path")];
    if let Some(u) = untrusted {
        args.extend(["-untrusted", u.to_str().expect("path")]);
    }
    args.push(cert.to_str().expect("path"));
    let out = openssl(&args).ok();
    assert!(out.trim_end().ends_with(": OK"), "{out}");
}

/// `openssl x509 -text` of a PEM file.
pub fn x509_text(cert: &Path) -> String {
    openssl(&[
        "x509",
        "-in",
        cert.to_str().expect("path"),
        "-noout",
        "-text",
    ])
    .ok()
}

impl TestEnv {
    /// Makes a P-256 CSR for `subject` with openssl, issues it with `ca issue --out NAME.pem`
    /// and returns the certificate's path.
    pub fn issue_leaf(&self, name: &str, subject: &str) -> PathBuf {
        let csr = self.csr(name, "p256", subject);
        let out = self.path(&format!("{name}.pem"));
        self.issue_csr(&csr, &["--out", out.to_str().expect("path")])
            .ok();
        out
    }
}

/// An RSA key of `bits` made by `openssl genpkey`, PKCS#8 PEM.
pub fn rsa_key(path: &Path, bits: u32) {
    openssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        &format!("rsa_keygen_bits:{bits}"),
        "-out",
        path.to_str().expect("path"),
    ])
    .ok();
}

impl TestEnv {
    /// `ca` acting as `officer` with `passphrase`.
    pub fn ca_as(&self, officer: &str, passphrase: &str, args: &[&str]) -> Run {
        Run::from(
            self.ca_command(args)
                .env("CA_OFFICER", officer)
                .env("CA_PASSPHRASE", passphrase)
                .output()
                .expect("running ca"),
        )
    }

    /// Adds an officer as the first admin.
    pub fn add_officer(&self, name: &str, role: &str, passphrase: &str) {
        Run::from(
            self.ca_command(&["officer", "add", name, "--role", role])
                .env("CA_NEW_OFFICER_PASSPHRASE", passphrase)
                .output()
                .expect("running ca"),
        )
        .ok();
    }

    /// The audit log as JSON entries.
    pub fn audit(&self) -> Vec<serde_json::Value> {
        self.ca(&["--json", "audit"])
            .json()
            .as_array()
            .expect("array")
            .clone()
    }
}

impl TestEnv {
    /// `ca issue --csr CSR EXTRA…` is refused with exit 2 and `message`, and the register is
    /// unchanged.
    #[track_caller]
    pub fn assert_issue_refused(&self, csr: &Path, extra: &[&str], message: &str) {
        let before = self.serials();
        let err = self.issue_csr(csr, extra).fails(2);
        assert!(err.contains(message), "{extra:?}: {err}");
        assert_eq!(self.serials(), before, "{extra:?} changed the register");
    }
}

/// The serial of a PEM certificate as openssl prints it (uppercase hex).
pub fn serial_of(cert: &Path) -> String {
    openssl(&[
        "x509",
        "-in",
        cert.to_str().expect("path"),
        "-noout",
        "-serial",
    ])
    .ok()
    .trim()
    .trim_start_matches("serial=")
    .to_owned()
}

/// `openssl ocsp` checking `response` against the `request` it answers (nonce included) and
/// the CA; returns everything it printed, the response text included.
pub fn ocsp_check(request: &Path, response: &Path, ca: &Path) -> String {
    let run = openssl(&[
        "ocsp",
        "-reqin",
        request.to_str().expect("path"),
        "-respin",
        response.to_str().expect("path"),
        "-CAfile",
        ca.to_str().expect("path"),
        "-resp_text",
    ]);
    format!("{}{}", run.stdout, run.stderr)
}

impl TestEnv {
    /// `ca issue --csr CSR EXTRA…`.
    pub fn issue_csr(&self, csr: &Path, extra: &[&str]) -> Run {
        let mut args = vec!["issue", "--csr", csr.to_str().expect("path")];
        args.extend_from_slice(extra);
        self.ca(&args)
    }

    /// `ca --json issue --csr CSR EXTRA…`, which must succeed; its JSON.
    #[track_caller]
    pub fn issue_json(&self, csr: &Path, extra: &[&str]) -> serde_json::Value {
        let mut args = vec!["--json", "issue", "--csr", csr.to_str().expect("path")];
        args.extend_from_slice(extra);
        self.ca(&args).json()
    }
}

/// `openssl cms -verify` of a detached DER signature over `content`, trusting `ca`; openssl
/// says "Verification successful" on stderr when it is.
pub fn openssl_cms_verify(sig: &Path, content: &Path, ca: &Path) -> Run {
    openssl(&[
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        sig.to_str().expect("path"),
        "-content",
        content.to_str().expect("path"),
        "-CAfile",
        ca.to_str().expect("path"),
        "-out",
        "/dev/null",
    ])
}

/// The OCSP URL a certificate names (`openssl x509 -ocsp_uri`).
pub fn ocsp_url_of(cert: &Path) -> String {
    openssl(&[
        "x509",
        "-in",
        cert.to_str().expect("path"),
        "-noout",
        "-ocsp_uri",
    ])
    .ok()
    .trim()
    .to_owned()
}

/// Writes the first certificate of a PEM chain to `out`; returns `out`.
pub fn first_certificate(chain: &Path, out: &Path) -> PathBuf {
    let text = std::fs::read_to_string(chain).expect("chain");
    let first = text
        .split_inclusive("-----END CERTIFICATE-----\n")
        .next()
        .expect("a certificate");
    std::fs::write(out, first).expect("write");
    out.to_path_buf()
}

/// `cp -a FROM TO`: a copy of a CA home, as a backup or an old laptop holds it.
pub fn copy_tree(from: &Path, to: &Path) {
    let status = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .expect("cp");
    assert!(
        status.success(),
        "cp -a {} {}",
        from.display(),
        to.display()
    );
}
