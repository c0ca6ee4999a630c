//! The CA home: the key at rest, the lock, and refusals that change nothing.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::{openssl, TestEnv, PASS};

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_ca_key_is_encrypted_0600_and_never_on_disk_in_the_clear() {
    let env = TestEnv::new();
    env.init(&[]);
    let key = env.home().join("ca.key.p8");
    #[cfg(unix)]
    {
        assert_eq!(mode(&key), 0o600);
        assert_eq!(mode(&env.home().join("ocsp/signer.key")), 0o600);
        assert_eq!(mode(&env.home()), 0o700);
    }
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    // It is under a random data key, not under any officer's passphrase.
    let key = key.to_str().unwrap();
    for pass in [format!("pass:{PASS}"), "pass:".to_owned()] {
        openssl(&["pkcs8", "-in", key, "-passin", &pass, "-out", "/dev/null"]).fails(1);
    }
    // A session of work, then a scan of every file in the home: the only private key in the
    // clear is the OCSP signer's (PEM, 0600, for the responder); no file holds a plain PKCS#8
    // P-256 key in DER, which is what the CA key is once decrypted.
    env.issue_leaf("a", "/CN=A");
    env.ca(&["enroll", "--subject", "CN=B", "--out", "out"])
        .ok();
    env.ca(&["list"]).ok();
    let pkcs8_p256_header: &[u8] = &[
        0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
        0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x04,
    ];
    let mut stack = vec![env.home()];
    let mut scanned = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            scanned += 1;
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes
                    .windows(pkcs8_p256_header.len())
                    .any(|w| w == pkcs8_p256_header),
                "{} holds a private key in the clear",
                path.display()
            );
            let clear_pem = bytes
                .windows(11)
                .any(|w| w == b"BEGIN PRIVA" || w == b"BEGIN EC PR");
            if clear_pem {
                assert!(path.ends_with("ocsp/signer.key"), "{}", path.display());
            }
        }
    }
    assert!(scanned >= 5, "the scan read the home");
}

#[test]
fn a_wrong_passphrase_is_refused_and_changes_nothing() {
    let env = TestEnv::new();
    env.init(&[]);
    let csr = env.csr("a", "p256", "/CN=A");
    let before = env.serials();
    let err = env
        .ca_command(&["issue", "--csr", csr.to_str().unwrap()])
        .env("CA_PASSPHRASE", "not the passphrase")
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&err.stderr).contains("wrong passphrase"));
    assert_eq!(env.serials(), before);
    // No passphrase at all and no terminal: a clear message, not a hang.
    let out = env
        .ca_command(&["issue", "--csr", csr.to_str().unwrap()])
        .env_remove("CA_PASSPHRASE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("set CA_PASSPHRASE"));
}

#[test]
fn a_second_process_on_the_same_home_is_told_it_is_in_use() {
    for register in ["sled", "redb"] {
        second_process_is_told_the_home_is_in_use(register);
    }
}

fn second_process_is_told_the_home_is_in_use(register: &str) {
    let env = TestEnv::new();
    env.init(&["--register", register]);
    let csr = env.csr("a", "p256", "/CN=Held");
    // The first process opens the home, then blocks reading its passphrase from a FIFO.
    let fifo = env.path("pass.fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let spawn_first = || {
        env.ca_command(&[
            "--passphrase-file",
            fifo.to_str().unwrap(),
            "--json",
            "issue",
            "--csr",
            csr.to_str().unwrap(),
        ])
        .env_remove("CA_PASSPHRASE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
    };
    let mut first = spawn_first();
    let deadline = Instant::now() + Duration::from_secs(30);
    let message = loop {
        std::thread::sleep(Duration::from_millis(100));
        // Our own probe may hold the lock at the moment the first process opens the home, and
        // then that one is told the home is in use: start it again.
        if let Some(status) = first.try_wait().unwrap() {
            assert_eq!(status.code(), Some(3), "the first process failed otherwise");
            first = spawn_first();
            continue;
        }
        let second = env.ca(&["list"]);
        if second.code == 3 && first.try_wait().unwrap().is_none() {
            break second.stderr;
        }
        assert!(second.code == 0 || second.code == 3, "{}", second.stderr);
        assert!(
            Instant::now() < deadline,
            "the first process never held the home"
        );
    };
    assert!(
        message.contains("is in use by another ca process"),
        "{message}"
    );
    assert!(
        !message.contains("WouldBlock") && !message.contains("lock on"),
        "{message}"
    );
    // The first one finishes normally once it has its passphrase.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .unwrap()
        .write_all(format!("{PASS}\n").as_bytes())
        .unwrap();
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.serials().len(), 2);
}

#[test]
fn init_refuses_an_existing_home_and_commands_refuse_a_missing_one() {
    let env = TestEnv::new();
    env.init(&[]);
    let err = env.ca(&["init", "--subject", "CN=Again"]).fails(2);
    assert!(err.contains("already holds a CA"), "{err}");
    let empty = TestEnv::new();
    let err = empty.ca(&["list"]).fails(2);
    assert!(err.contains("is not a CA home"), "{err}");
    assert!(!empty.home().exists(), "a failed command creates nothing");
    let out = empty
        .ca_command(&["init", "--subject", "CN=Short"])
        .env("CA_PASSPHRASE", "short")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("too easy to guess"));
    assert!(!empty.home().exists());
}

#[test]
fn a_redb_register_serves_every_command_and_keeps_its_data() {
    let env = TestEnv::new();
    env.init(&["--register", "redb"]);
    assert!(env.home().join("register.redb").is_file());
    assert!(!env.home().join("register").exists());
    let leaf = env.issue_leaf("leaf", "/CN=On redb");
    crate::util::assert_verifies(&env.ca_pem(), None, &leaf);
    let csr = env.path("leaf.csr");
    let err = env.ca(&["issue", "--csr", csr.to_str().unwrap()]).fails(2);
    assert!(err.contains("already certified"), "{err}");
    let listed = env.ca(&["--json", "list", "--subject", "on redb"]).json();
    let serial = listed[0]["serial"].as_str().unwrap().to_owned();
    let shown = env.ca(&["--json", "show", &serial]).json();
    assert_eq!(shown["status"], "valid");
    assert_eq!(env.serials().len(), 2);
    let fresh = TestEnv::new();
    let err = fresh
        .ca(&["init", "--subject", "CN=X", "--register", "lmdb"])
        .fails(2);
    assert!(err.contains("register \"lmdb\" is unknown"), "{err}");
    assert!(!fresh.home().exists());
}

#[test]
fn a_bad_first_admin_name_leaves_no_half_made_home() {
    let env = TestEnv::new();
    let err = env
        .ca(&["--officer", "bad name", "init", "--subject", "CN=X"])
        .fails(2);
    assert!(err.contains("officer name \"bad name\""), "{err}");
    assert!(!env.home().exists());
}

/// A home made by the release before the layout of issue 14 (commit 80797e8): root CA, officers
/// olga (officer) and ivan (auditor); certificates a (valid), b (revoked, keyCompromise, with a
/// СНИЛС), c (on hold) and the OCSP signer; one CRL made.
const RELEASE_HOME: &str = "home-80797e8.tar.gz";
const FIXTURE_VALID: &str = "288b1fba10b8830f483b3f32fe800156";
const FIXTURE_REVOKED: &str = "5dc36b77669179d9c3dd3d83c0db2ddf";
const FIXTURE_HELD: &str = "10c815210d5421cfafa8c801992acaf7";

#[test]
fn a_home_made_by_the_previous_release_opens_and_works() {
    let env = TestEnv::new();
    env.unpack_fixture_home(RELEASE_HOME);
    // Everything it held reads back, as every role sees it.
    let listed = env
        .ca_as("ivan", "ivan's passphrase", &["--json", "list"])
        .json();
    let status_of = |serial: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["serial"] == serial)
            .unwrap_or_else(|| panic!("{serial} missing from {listed}"))["status"]
            .clone()
    };
    assert_eq!(listed.as_array().unwrap().len(), 4, "{listed}");
    assert_eq!(status_of(FIXTURE_VALID), "valid");
    assert_eq!(status_of(FIXTURE_REVOKED), "revoked");
    assert_eq!(status_of(FIXTURE_HELD), "on-hold");
    let shown = env.ca(&["--json", "show", FIXTURE_REVOKED]).json();
    assert_eq!(shown["reason"], "keyCompromise", "{shown}");
    assert_eq!(shown["identifiers"]["snils"], "11223344595", "{shown}");
    // It keeps working: an officer issues, the admin releases the hold and revokes, a CRL names
    // both revocations, a snapshot for the responders is written, and the audit chain (old
    // entries and new) verifies.
    let csr = env.csr("new", "p256", "/CN=New Holder/C=RU");
    let issued = env
        .ca_as(
            "olga",
            "olga's passphrase",
            &["--json", "issue", "--csr", csr.to_str().unwrap()],
        )
        .json();
    env.ca(&["release", FIXTURE_HELD]).ok();
    env.ca(&["revoke", FIXTURE_VALID, "--reason", "superseded"])
        .ok();
    let crl = env.path("after.crl");
    env.ca(&["crl", "--out", crl.to_str().unwrap()]).ok();
    let text = openssl(&["crl", "-in", crl.to_str().unwrap(), "-noout", "-text"]).ok();
    for serial in [FIXTURE_VALID, FIXTURE_REVOKED] {
        assert!(text.to_lowercase().contains(serial), "{serial}: {text}");
    }
    assert!(!text.to_lowercase().contains(FIXTURE_HELD), "{text}");
    let snapshot = env.path("snapshot.bin");
    env.ca(&["publish", "--out", snapshot.to_str().unwrap()])
        .ok();
    let imported = crate::server::import(&env, &env.path("replica"), &snapshot);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let verified = env.ca(&["--json", "audit", "--verify"]).json();
    assert_eq!(verified["intact"], true, "{verified}");
    let now = env.ca(&["--json", "list"]).json();
    assert_eq!(now.as_array().unwrap().len(), 5, "{now}");
    assert!(now
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["serial"] == issued["serial"] && c["status"] == "valid"));
}
