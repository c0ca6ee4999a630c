//! BouncyCastle (Debian's libbcpkix-java, on the JRE) and pyHanko (PyPI, in a venv the tests
//! make) as peers: each signs a document that `ca verify` must accept, and verifies ours.
//! The peer programs are tests/peers/BcCms.java and tests/peers/pyhanko_cms.py.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::peers::required_program;
use crate::signing::{document, failed_checks, verify};
use crate::trusted_time::ca_with_responder;
use crate::util::{bin_dir, Run, TestEnv};

pub fn peers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("peers")
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `java -cp BC BcCms.java ARGS…`.
fn bouncycastle(args: &[&str]) -> Run {
    let jars: Vec<String> = ["bcprov", "bcpkix", "bcutil"]
        .iter()
        .map(|jar| {
            let path = Path::new("/usr/share/java").join(format!("{jar}.jar"));
            assert!(
                path.exists(),
                "{} is needed: apt-get install libbcpkix-java (./test.sh does)",
                path.display()
            );
            path.display().to_string()
        })
        .collect();
    Run::from_output(
        Command::new(required_program("java", "default-jre-headless"))
            .arg("-cp")
            .arg(jars.join(":"))
            .arg(peers_dir().join("BcCms.java"))
            .args(args)
            .output()
            .expect("java"),
    )
}

/// The Python peers, from PyPI: pyHanko, and gostcrypto (an independent GOST R 34.10-2012).
const PEER_PACKAGES: [&str; 2] = ["pyhanko>=0.25,<1", "gostcrypto==1.2.5"];

/// The venv's python with the Python peers, made on first use (target/peer-venv; ./test.sh
/// makes it too).
pub fn peer_python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let venv = bin_dir().parent().expect("target dir").join("peer-venv");
        let python = venv.join("bin/python");
        let has_pyhanko = || {
            Command::new(&python)
                .args(["-c", "import pyhanko, gostcrypto"])
                .status()
                .is_ok_and(|s| s.success())
        };
        if !has_pyhanko() {
            let made = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .status()
                .expect("python3 -m venv (apt-get install python3-venv)");
            assert!(made.success(), "python3 -m venv failed");
            let installed = Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet"])
                .args(PEER_PACKAGES)
                .status()
                .expect("pip");
            assert!(installed.success(), "pip install {PEER_PACKAGES:?} failed");
            assert!(
                has_pyhanko(),
                "pyhanko or gostcrypto is not importable in {}",
                venv.display()
            );
        }
        python
    })
}

pub fn pyhanko(args: &[&str]) -> Run {
    Run::from_output(
        Command::new(peer_python())
            .arg(peers_dir().join("pyhanko_cms.py"))
            .args(args)
            .output()
            .expect("pyhanko"),
    )
}

/// A signer certificate and key for a peer (P-256, PKCS#8 PEM), issued by `env`'s CA.
fn signer(env: &TestEnv, name: &str) -> (PathBuf, PathBuf) {
    let cert = env.issue_leaf(name, &format!("/CN={name}/C=RU"));
    (cert, env.path(&format!("{name}.key")))
}

#[test]
fn bouncycastle_signs_ber_we_verify_and_it_verifies_ours() {
    let (env, _server) = ca_with_responder();
    let doc = document(&env, "application.txt");
    let changed = env.path("changed.txt");
    std::fs::write(&changed, "another application").unwrap();
    let (cert, key) = signer(&env, "bc-citizen");
    let theirs = env.path("bc.sig");
    bouncycastle(&["sign", p(&cert), p(&key), p(&doc), p(&theirs)]).ok();
    let bytes = std::fs::read(&theirs).unwrap();
    assert_eq!(&bytes[..2], &[0x30, 0x80], "BouncyCastle writes BER");
    let report = verify(&env, &theirs, &doc, &[]).json();
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["revocation"]["status"], "good", "{report}");
    assert_eq!(
        failed_checks(verify(&env, &theirs, &changed, &[])),
        ["digest"]
    );

    let ours = crate::signing::sign(&env, "bc-citizen", &doc, &[]);
    let out = bouncycastle(&["verify", p(&ours), p(&doc), p(&env.ca_pem())]);
    assert!(
        out.stdout.contains("VERIFIED") && out.code == 0,
        "{}{}",
        out.stdout,
        out.stderr
    );
    let out = bouncycastle(&["verify", p(&ours), p(&changed), p(&env.ca_pem())]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
}

#[test]
fn pyhanko_signs_we_verify_and_it_verifies_ours() {
    let (env, _server) = ca_with_responder();
    let doc = document(&env, "application.txt");
    let changed = env.path("changed.txt");
    std::fs::write(&changed, "another application").unwrap();
    let (cert, key) = signer(&env, "pyhanko-citizen");
    let theirs = env.path("pyhanko.sig");
    pyhanko(&["sign", p(&cert), p(&key), p(&doc), p(&theirs)]).ok();
    let report = verify(&env, &theirs, &doc, &[]).json();
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(
        failed_checks(verify(&env, &theirs, &changed, &[])),
        ["digest"]
    );

    let ours = crate::signing::sign(&env, "pyhanko-citizen", &doc, &[]);
    let out = pyhanko(&["verify", p(&ours), p(&doc), p(&env.ca_pem())]);
    assert!(
        out.stdout.contains("VERIFIED") && out.code == 0,
        "{}{}",
        out.stdout,
        out.stderr
    );
    let out = pyhanko(&["verify", p(&ours), p(&changed), p(&env.ca_pem())]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
}
