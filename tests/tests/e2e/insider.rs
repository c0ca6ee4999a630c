//! The CA played by an attacker inside the organisation (issue "The CA cannot be made to lie"):
//! an officer who tries to mint a CA or a rogue OCSP responder, an officer name that smuggles
//! lines into the audit log, a symlink planted where the CA writes.

use crate::util::TestEnv;

const OLGA: &str = "Olga's long passphrase: lantern-orbit-1987";

#[test]
fn an_officer_cannot_mint_a_ca_an_ocsp_signer_or_a_tsa() {
    let env = TestEnv::new();
    env.init(&[]);
    env.add_officer("olga", "officer", OLGA);
    let csr = env.csr("rogue", "p256", "/CN=Rogue/C=RU");
    let before = env.serials();
    for profile in ["sub-ca", "ocsp-signer", "tsa"] {
        let err = env
            .ca_as(
                "olga",
                OLGA,
                &[
                    "issue",
                    "--csr",
                    csr.to_str().unwrap(),
                    "--profile",
                    profile,
                ],
            )
            .fails(2);
        assert!(
            err.contains(&format!("may not issue with profile {profile}")) && err.contains("admin"),
            "{err}"
        );
    }
    // Nor by the commands that make the services' keys.
    for command in ["ocsp-signer", "tsa-signer"] {
        let err = env.ca_as("olga", OLGA, &[command]).fails(2);
        assert!(err.contains("admin"), "{command}: {err}");
    }
    assert!(!env.home().join("tsa").exists());
    // Nor through a batch row.
    let csv = env.path("rows.csv");
    std::fs::write(
        &csv,
        "subject,profile\nCN=Rogue CA,sub-ca\nCN=Honest,signing\n",
    )
    .unwrap();
    let run = env.ca_as(
        "olga",
        OLGA,
        &[
            "--json",
            "enroll",
            "--batch",
            csv.to_str().unwrap(),
            "--out",
            "out",
        ],
    );
    assert!(
        run.stdout.contains("may not issue with profile sub-ca")
            || run.stderr.contains("may not issue with profile sub-ca"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let after = env.serials();
    assert_eq!(
        after.len(),
        before.len() + 1,
        "only the honest row is issued"
    );
    let listed = env.ca(&["--json", "list"]).json();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|r| !r["subject"].as_str().unwrap().contains("Rogue")),
        "{listed}"
    );
    // Each refusal is in the audit log, with who tried what.
    let refusals: Vec<String> = env
        .audit()
        .iter()
        .filter(|e| e["officer"] == "olga" && e["outcome"].as_str().unwrap().starts_with("refused"))
        .map(|e| e["outcome"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        refusals.iter().filter(|o| o.contains("sub-ca")).count() >= 2
            && refusals.iter().any(|o| o.contains("ocsp-signer"))
            && refusals.iter().filter(|o| o.contains("tsa")).count() >= 2,
        "{refusals:?}"
    );
    // The admin may.
    env.issue_csr(&csr, &["--profile", "sub-ca"]).ok();
}

#[test]
fn an_officer_name_cannot_forge_audit_lines() {
    let env = TestEnv::new();
    env.init(&[]);
    let forged = "mallory\n   99 2026-12-01T00:00:00Z admin release 01 ok: RELEASED";
    let err = env
        .ca_as(forged, "any passphrase at all", &["list"])
        .fails(2);
    assert!(err.contains("officer name"), "{err}");
    let human = env.ca(&["audit"]).ok();
    assert!(
        !human.lines().any(|l| l.trim_start().starts_with("99 ")),
        "{human}"
    );
    let last = env.audit().last().cloned().unwrap();
    let officer = last["officer"].as_str().unwrap();
    assert!(
        officer.starts_with("(not a name: mallory\\n") && !officer.contains('\n'),
        "{last}"
    );
    assert!(last["outcome"].as_str().unwrap().starts_with("refused"));
    // A long name is cut, and the log still verifies.
    let long = "x".repeat(5000);
    env.ca_as(&long, "any passphrase at all", &["list"])
        .fails(2);
    let last = env.audit().last().cloned().unwrap();
    assert!(
        last["officer"].as_str().unwrap().chars().count() < 100,
        "{last}"
    );
    assert!(
        last["outcome"].as_str().unwrap().chars().count() <= 520,
        "{last}"
    );
    let verified = env.ca(&["--json", "audit", "--verify"]).json();
    assert_eq!(verified["intact"], true, "{verified}");
}

#[cfg(unix)]
#[test]
fn a_link_planted_where_the_ca_writes_is_not_followed() {
    let env = TestEnv::new();
    env.init(&[]);
    let victim = env.path("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let csr = env.csr("citizen", "p256", "/CN=Citizen/C=RU");
    for tmp in ["out.tmp", "citizen.tmp", "home/ca.tmp"] {
        std::os::unix::fs::symlink(&victim, env.path(tmp)).unwrap();
    }
    env.ca(&["crl", "--out", env.path("out.crl").to_str().unwrap()])
        .ok();
    env.issue_csr(&csr, &["--out", env.path("citizen.pem").to_str().unwrap()])
        .ok();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

/// A PKCS#10 request for `key`'s public key encoded as `edit` makes it, signed by `key` (as
/// an applicant who crafts the encoding would).
fn crafted_csr(
    key: &ca_core::SoftwareKey,
    subject: &str,
    edit: impl FnOnce(&mut ca_core::x509::spki::SubjectPublicKeyInfoOwned),
) -> Vec<u8> {
    let mut public_key = ca_core::Signer::public_key(key).clone();
    edit(&mut public_key);
    crafted_request(key, public_key, |_| {}, subject)
}

/// A request for `key` whose subject (from `subject`) is changed by `edit`.
fn crafted_csr_with_subject(
    key: &ca_core::SoftwareKey,
    edit: impl FnOnce(&mut ca_core::x509::name::Name),
    subject: &str,
) -> Vec<u8> {
    let public_key = ca_core::Signer::public_key(key).clone();
    crafted_request(key, public_key, edit, subject)
}

fn crafted_request(
    key: &ca_core::SoftwareKey,
    public_key: ca_core::x509::spki::SubjectPublicKeyInfoOwned,
    edit: impl FnOnce(&mut ca_core::x509::name::Name),
    subject: &str,
) -> Vec<u8> {
    use ca_core::der::Encode;
    use ca_core::x509::request::{CertReq, CertReqInfo, Version};
    use ca_core::Signer;
    let mut subject = ca_core::names::subject::parse_subject(subject, &Default::default()).unwrap();
    edit(&mut subject);
    let info = CertReqInfo {
        version: Version::V1,
        subject,
        public_key,
        attributes: Default::default(),
    };
    let signature = key.sign(&info.to_der().unwrap()).unwrap();
    CertReq {
        info,
        algorithm: key.signature_algorithm(),
        signature: ca_core::der::asn1::BitString::from_bytes(&signature).unwrap(),
    }
    .to_der()
    .unwrap()
}

#[test]
fn one_key_is_certified_once_whatever_its_encoding() {
    let env = TestEnv::new();
    env.init(&[]);
    // An RSA key with NULL parameters (as openssl writes it), then the same key without.
    let key_path = env.path("rsa.key");
    crate::util::rsa_key(&key_path, 2048);
    let key = ca_core::keys::load_key_file(&key_path, None).unwrap();
    let with_null = env.path("with-null.csr");
    std::fs::write(&with_null, crafted_csr(&key, "CN=Holder,C=RU", |_| {})).unwrap();
    let without = env.path("without.csr");
    std::fs::write(
        &without,
        crafted_csr(&key, "CN=Holder again,C=RU", |spki| {
            spki.algorithm.parameters = None
        }),
    )
    .unwrap();
    env.issue_csr(&with_null, &[]).ok();
    env.assert_issue_refused(&without, &[], "already certified");
    // Ed25519 with NULL parameters is malformed (RFC 8410).
    let (ed, _) = ca_core::SoftwareKey::generate(ca_core::KeyAlgorithm::Ed25519).unwrap();
    let bad = env.path("ed-null.csr");
    std::fs::write(
        &bad,
        crafted_csr(&ed, "CN=Ed Holder,C=RU", |spki| {
            spki.algorithm.parameters = Some(ca_core::der::asn1::Null.into())
        }),
    )
    .unwrap();
    env.assert_issue_refused(&bad, &[], "RFC 8410");
}

#[test]
fn what_is_about_to_be_signed_is_linted() {
    let env = TestEnv::new();
    env.init(&[]);
    let csr = env.csr("holder", "p256", "/CN=Holder/C=RU");
    let long_cn = format!("CN={}", "я".repeat(60_000));
    let many_ous = (0..3000)
        .map(|i| format!("OU=u{i}"))
        .collect::<Vec<_>>()
        .join(",");
    // The CA's own name, identifiers and all.
    env.assert_issue_refused(
        &csr,
        &[
            "--subject",
            "CN=Тестовый УЦ,O=ГКУ Тест,C=RU",
            "--ogrn",
            "1027700132195",
            "--innle",
            "7707083893",
        ],
        "name of a CA",
    );
    for (subject, message) in [
        (
            "CN=A,SNILS=11223344595,SNILS=11223344595",
            "SNILS appears twice",
        ),
        (long_cn.as_str(), "CN is 60000 characters"),
        (many_ous.as_str(), "3000 attributes"),
        ("CN=A,C=Russia", "two capital letters"),
        ("CN=A\\00B,C=RU", "control character"),
    ] {
        env.assert_issue_refused(&csr, &["--subject", subject], message);
    }
    // An identifier under the wrong string type, in the request itself.
    let key = ca_core::SoftwareKey::generate(ca_core::KeyAlgorithm::EcdsaP256)
        .unwrap()
        .0;
    let utf8_snils = env.path("utf8-snils.csr");
    std::fs::write(&utf8_snils, utf8_identifier_csr(&key)).unwrap();
    env.assert_issue_refused(&utf8_snils, &[], "SNILS");
}

/// A request whose subject carries СНИЛС as a UTF8String instead of a NumericString.
fn utf8_identifier_csr(key: &ca_core::SoftwareKey) -> Vec<u8> {
    use ca_core::der::asn1::{SetOfVec, Utf8StringRef};
    use ca_core::x509::attr::AttributeTypeAndValue;
    use ca_core::x509::name::RelativeDistinguishedName;
    let value = ca_core::der::Any::from(Utf8StringRef::new("11223344595").unwrap());
    let atv = AttributeTypeAndValue {
        oid: "1.2.643.100.3".parse().unwrap(),
        value,
    };
    let rdn = RelativeDistinguishedName(SetOfVec::try_from(vec![atv]).unwrap());
    crafted_csr_with_subject(key, |subject| subject.0.push(rdn), "CN=Holder,C=RU")
}

#[test]
fn weak_passphrases_are_refused_by_strength() {
    let env = TestEnv::new();
    let weak = env
        .ca_command(&["init", "--subject", "CN=Weak CA,C=RU"])
        .env("CA_PASSPHRASE", "password1")
        .output()
        .unwrap();
    assert_eq!(weak.status.code(), Some(2));
    let err = String::from_utf8_lossy(&weak.stderr);
    assert!(err.contains("too easy to guess"), "{err}");
    assert!(!env.home().join("ca.key.p8").exists(), "no home made");
    // Long is not strong: ten characters on one keyboard row.
    env.init(&[]);
    let added = env
        .ca_command(&["officer", "add", "olga", "--role", "officer"])
        .env("CA_NEW_OFFICER_PASSPHRASE", "qwertyuiop")
        .output()
        .unwrap();
    assert_eq!(added.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&added.stderr).contains("too easy to guess"));
    let officers = env.ca(&["--json", "officer", "list"]).json();
    assert_eq!(officers.as_array().unwrap().len(), 1, "{officers}");
}

/// A tmpfs of a given size mounted on a folder of the test (root only, as CI runs), unmounted
/// when dropped.
struct SmallDisk {
    at: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(at: std::path::PathBuf, size: &str) -> SmallDisk {
        std::fs::create_dir_all(&at).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&at)
            .status()
            .expect("mount");
        assert!(
            status.success(),
            "mounting a tmpfs needs root (CI and ./test.sh run as root)"
        );
        SmallDisk { at }
    }

    fn grow(&self, size: &str) {
        let status = std::process::Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.at)
            .status()
            .expect("mount");
        assert!(status.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.at).status();
    }
}

#[test]
fn a_full_disk_loses_nothing_acknowledged_and_the_register_opens_again() {
    let outside = TestEnv::new();
    let disk = SmallDisk::mount(outside.path("disk"), "1m");
    let home = disk.at.join("home");
    let ca = |args: &[&str]| {
        let mut command = outside.ca_command(args);
        command.env("CA_HOME", &home);
        crate::util::Run::from_output(command.output().unwrap())
    };
    let init = ca(&["init", "--subject", "CN=Small Disk CA,C=RU"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let out = outside.path("keys");
    let mut acknowledged = Vec::new();
    let mut failure = None;
    for i in 0..1000 {
        let run = ca(&[
            "--json",
            "enroll",
            "--subject",
            &format!("CN=Applicant {i},C=RU"),
            "--out",
            out.to_str().unwrap(),
        ]);
        if run.code == 0 {
            let issued: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            acknowledged.push(issued["serial"].as_str().unwrap().to_owned());
        } else {
            failure = Some(run);
            break;
        }
    }
    let failure = failure.expect("the disk filled up");
    assert_eq!(failure.code, 3, "{}", failure.stderr);
    assert!(
        failure.stderr.contains("the disk is full"),
        "{}",
        failure.stderr
    );
    // What sled can leave behind on a full disk: an empty, unfinished snapshot.
    std::fs::write(home.join("register/snap.00000000000FFFFF.generating"), b"").ok();
    disk.grow("20m");
    let listed = ca(&["--json", "list"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let listed: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    let serials: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["serial"].as_str().unwrap())
        .collect();
    for serial in &acknowledged {
        assert!(serials.contains(&serial.as_str()), "{serial} was lost");
    }
    let verified = ca(&["--json", "audit", "--verify"]);
    assert!(
        verified.stdout.contains("\"intact\": true"),
        "{}",
        verified.stdout
    );
    assert_eq!(
        ca(&[
            "enroll",
            "--subject",
            "CN=After,C=RU",
            "--out",
            out.to_str().unwrap()
        ])
        .code,
        0
    );
}

/// The data key the CA key file is encrypted under, as an attacker who opened it would use it:
/// the file's passphrase is the key in hex.
fn opens_ca_key(home: &std::path::Path, data_key: &[u8]) -> bool {
    let secret = ca_core::serial::hex(data_key);
    ca_core::keys::load_key_file(&home.join("ca.key.p8"), Some(secret.as_bytes())).is_ok()
}

/// What an officer can get from a copy of the home: the data key their record leads to.
fn data_key_from_copy(copy: &std::path::Path, officer: &str, passphrase: &str) -> Option<Vec<u8>> {
    let home = ca_core::CaHome::open(copy).ok()?;
    let record = home.register().officer(officer).ok()??;
    if let Some(slot) = &record.slot {
        return slot
            .open(officer, passphrase.as_bytes())
            .ok()
            .map(|k| k.to_vec());
    }
    let private = ca_core::officers::keys::OfficerPrivateKey::open(
        record.private_key.as_ref()?,
        officer,
        passphrase.as_bytes(),
    )
    .ok()?;
    let wrapped = record.wrapped_data_key.as_ref()?;
    private
        .unwrap(wrapped, officer, record.role)
        .ok()
        .map(|k| k.to_vec())
}

const IVAN: &str = "Ivan the auditor: quiet-harbour-7741";

#[test]
fn an_auditor_holds_nothing_that_opens_the_ca_key() {
    let env = TestEnv::new();
    env.init(&[]);
    env.ca_as("admin", crate::util::PASS, &["officer", "list"])
        .ok();
    let added = env
        .ca_command(&["officer", "add", "ivan", "--role", "auditor"])
        .env("CA_NEW_OFFICER_PASSPHRASE", IVAN)
        .output()
        .unwrap();
    assert!(added.status.success());
    // Through the CLI: reading works, anything that needs the key does not.
    env.ca_as("ivan", IVAN, &["list"]).ok();
    let csr = env.csr("holder", "p256", "/CN=Holder/C=RU");
    let err = env
        .ca_as("ivan", IVAN, &["issue", "--csr", csr.to_str().unwrap()])
        .fails(2);
    assert!(err.contains("needs the officer role"), "{err}");
    // Through the library: the auditor's session has no unlock (compile_fail doctests in
    // ca_core::home show it); asking for an officer's session is refused; the auditor's record
    // wraps no data key, and their own key pair opens nothing else.
    let home = ca_core::CaHome::open(&env.home()).unwrap();
    let session = home
        .login(
            "ivan",
            IVAN.as_bytes(),
            ca_core::officers::Action::List,
            &ca_core::SystemClock,
        )
        .unwrap();
    assert_eq!(session.officer.role, ca_core::officers::Role::Auditor);
    assert!(home
        .login_officer(
            "ivan",
            IVAN.as_bytes(),
            ca_core::officers::Action::Issue,
            &ca_core::SystemClock
        )
        .is_err());
    let record = home.register().officer("ivan").unwrap().unwrap();
    assert!(record.wrapped_data_key.is_none() && record.slot.is_none());
    drop(home);
    assert_eq!(data_key_from_copy(&env.home(), "ivan", IVAN), None);
}

#[test]
fn a_disabled_or_demoted_officer_with_an_old_copy_cannot_open_the_new_key() {
    let env = TestEnv::new();
    env.init(&[]);
    env.add_officer("olga", "officer", OLGA);
    env.add_officer("petr", "officer", "Petr's passphrase: copper-meadow-52");
    let csr = env.csr("holder", "p256", "/CN=Holder/C=RU");
    env.ca_as("olga", OLGA, &["issue", "--csr", csr.to_str().unwrap()])
        .ok();
    // Olga keeps a copy of the home, then is disabled.
    let copy = env.path("olga-copy");
    crate::util::copy_tree(&env.home(), &copy);
    let olgas_key = data_key_from_copy(&copy, "olga", OLGA).expect("her key, in her copy");
    assert!(
        opens_ca_key(&env.home(), &olgas_key),
        "before: the same key"
    );
    let run = env.ca(&["officer", "disable", "olga"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("data key rotated"), "{}", run.stderr);
    assert!(
        !opens_ca_key(&env.home(), &olgas_key),
        "the live key file moved on"
    );
    env.ca_as("olga", OLGA, &["list"]).fails(2);
    // The rest still work, without anyone's passphrase but the admin's having been used.
    let csr2 = env.csr("holder2", "p256", "/CN=Holder Two/C=RU");
    env.ca_as(
        "petr",
        "Petr's passphrase: copper-meadow-52",
        &["issue", "--csr", csr2.to_str().unwrap()],
    )
    .ok();
    // Demoting Petr to auditor rotates again: his old key no longer opens the file.
    let petrs_key =
        data_key_from_copy(&env.home(), "petr", "Petr's passphrase: copper-meadow-52").unwrap();
    let run = env.ca(&["officer", "role", "petr", "auditor"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!opens_ca_key(&env.home(), &petrs_key));
    let err = env
        .ca_as(
            "petr",
            "Petr's passphrase: copper-meadow-52",
            &["issue", "--csr", csr2.to_str().unwrap()],
        )
        .fails(2);
    assert!(err.contains("needs the officer role"), "{err}");
    // Each step is in the audit log, and the log verifies.
    let actions: Vec<String> = env
        .audit()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        actions.contains(&"officer-disable".into()) && actions.contains(&"officer-role".into())
    );
    let verified = env.ca(&["--json", "audit", "--verify"]).json();
    assert_eq!(verified["intact"], true);
}

#[test]
fn a_rotation_interrupted_before_the_rename_is_finished_by_the_next_unlock() {
    let env = TestEnv::new();
    env.init(&[]);
    env.add_officer("olga", "officer", OLGA);
    let old_key_file = std::fs::read(env.home().join("ca.key.p8")).unwrap();
    env.ca(&["officer", "disable", "olga"]).ok();
    // As if the process had stopped after the register step: the new file still beside the old.
    let home = env.home();
    std::fs::rename(home.join("ca.key.p8"), home.join("ca.key.p8.next")).unwrap();
    std::fs::write(home.join("ca.key.p8"), &old_key_file).unwrap();
    let csr = env.csr("holder", "p256", "/CN=Holder/C=RU");
    env.issue_csr(&csr, &[]).ok();
    assert!(!home.join("ca.key.p8.next").exists());
    assert_ne!(std::fs::read(home.join("ca.key.p8")).unwrap(), old_key_file);
}

#[test]
fn a_home_from_before_key_pairs_migrates_without_losing_anyone() {
    let env = TestEnv::new();
    env.unpack_fixture_home("home-before-key-pairs.tar.gz");
    // Made by the release before (b07263c): admin, olga and petr (officers), ivan (auditor),
    // each with a v1 slot holding the data key itself — the auditor's too.
    let ivans_old_key = data_key_from_copy(&env.home(), "ivan", "ivan's passphrase").unwrap();
    assert!(
        opens_ca_key(&env.home(), &ivans_old_key),
        "the flaw of v1 slots"
    );
    // A disable before everyone has logged in cannot rotate, and says so.
    let run = env.ca(&["officer", "disable", "petr"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("NOT rotated")
            && run.stderr.contains("ivan")
            && run.stderr.contains("olga"),
        "{}",
        run.stderr
    );
    // Everyone logs in once with their own passphrase: their slots convert.
    let csr = env.csr("holder", "p256", "/CN=Holder/C=RU");
    env.ca_as(
        "olga",
        "olga's passphrase",
        &["issue", "--csr", csr.to_str().unwrap()],
    )
    .ok();
    env.ca_as("ivan", "ivan's passphrase", &["list"]).ok();
    let run = env.ca(&["officer", "rotate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("data key rotated"), "{}", run.stderr);
    assert!(
        !opens_ca_key(&env.home(), &ivans_old_key),
        "the auditor's old key is dead"
    );
    // Nobody lost access: the certificates are there, olga issues, ivan reads.
    let csr2 = env.csr("holder2", "p256", "/CN=Holder Two/C=RU");
    env.ca_as(
        "olga",
        "olga's passphrase",
        &["issue", "--csr", csr2.to_str().unwrap()],
    )
    .ok();
    let listed = env
        .ca_as("ivan", "ivan's passphrase", &["--json", "list"])
        .json();
    assert!(listed.as_array().unwrap().len() >= 4, "{listed}");
    let verified = env.ca(&["--json", "audit", "--verify"]).json();
    assert_eq!(verified["intact"], true, "{verified}");
}

#[test]
fn a_batch_row_cannot_forge_audit_lines_either() {
    let env = TestEnv::new();
    env.init(&[]);
    let csv = env.path("rows.csv");
    std::fs::write(
        &csv,
        "subject,snils\n\"CN=A\",\"1\n   99 2026-12-01T00:00:00Z admin release 01 ok: RELEASED\"\n",
    )
    .unwrap();
    env.ca(&["enroll", "--batch", csv.to_str().unwrap(), "--out", "out"]);
    let human = env.ca(&["audit"]).ok();
    assert!(
        !human.lines().any(|l| l.trim_start().starts_with("99 ")),
        "{human}"
    );
    assert!(env
        .audit()
        .iter()
        .all(|e| !e["outcome"].as_str().unwrap().contains('\n')));
}

#[test]
fn a_role_change_that_cannot_be_is_refused_and_changes_nothing() {
    let env = TestEnv::new();
    env.init(&[]);
    env.add_officer("olga", "officer", OLGA);
    let before = env.ca(&["--json", "officer", "list"]).json();
    for (args, message) in [
        (["officer", "role", "admin", "officer"], "last admin"),
        (["officer", "role", "olga", "officer"], "already officer"),
        (
            ["officer", "role", "nobody", "auditor"],
            "unknown or disabled",
        ),
        (["officer", "role", "olga", "overlord"], "unknown"),
    ] {
        let err = env.ca(&args).fails(2);
        assert!(err.contains(message), "{args:?}: {err}");
    }
    // An officer may not change roles at all, their own included.
    let err = env
        .ca_as("olga", OLGA, &["officer", "role", "olga", "admin"])
        .fails(2);
    assert!(err.contains("needs the admin role"), "{err}");
    assert_eq!(env.ca(&["--json", "officer", "list"]).json(), before);
}

#[test]
fn an_officer_cannot_mint_a_sub_ca_with_ca_init_and_nothing_is_made() {
    let root = TestEnv::new();
    root.init(&[]);
    let olga = "violet lantern orbit staple 42";
    root.add_officer("olga", "officer", olga);
    let before = root.serials().len();
    let child = TestEnv::new();
    let parent = root.home();
    let made = child
        .ca_command(&[
            "init",
            "--subject",
            "CN=Самовольный УЦ,C=RU",
            "--parent",
            parent.to_str().unwrap(),
            "--parent-officer",
            "olga",
        ])
        .env("CA_PARENT_PASSPHRASE", olga)
        .env("CA_PASSPHRASE", crate::util::PASS)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&made.stderr);
    assert_eq!(made.status.code(), Some(2), "{err}");
    assert!(err.contains("may not issue-subordinate"), "{err}");
    // Refused when the parent is unlocked, before anything of the new CA is made.
    assert!(!child.home().exists(), "a half-made home was left");
    assert_eq!(root.serials().len(), before);
}
