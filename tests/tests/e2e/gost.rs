//! GOST R 34.10-2012 against two implementations that are not ours: the gost engine for
//! OpenSSL (Debian's libengine-gost-openssl, loaded through an openssl config written here) and
//! gostcrypto (PyPI). Signatures and keys go both ways, on every TC26 parameter set.

use std::path::{Path, PathBuf};
use std::process::Command;

use ca_core::der::{Decode, Encode};
use ca_core::keys::gost::{self, encoding, GostKey, ParamSet};

use crate::util::{Run, TestEnv};

/// The engine's name of each set (`-pkeyopt paramset:`), its algorithm, and gostcrypto's name.
const SETS: [(ParamSet, &str, &str, &str); 7] = [
    (
        ParamSet::Tc26_256A,
        "gost2012_256",
        "TCA",
        "id-tc26-gost-3410-2012-256-paramSetA",
    ),
    (
        ParamSet::Tc26_256B,
        "gost2012_256",
        "TCB",
        "id-tc26-gost-3410-2012-256-paramSetB",
    ),
    (
        ParamSet::Tc26_256C,
        "gost2012_256",
        "TCC",
        "id-tc26-gost-3410-2012-256-paramSetC",
    ),
    (
        ParamSet::Tc26_256D,
        "gost2012_256",
        "TCD",
        "id-tc26-gost-3410-2012-256-paramSetD",
    ),
    (
        ParamSet::Tc26_512A,
        "gost2012_512",
        "A",
        "id-tc26-gost-3410-12-512-paramSetA",
    ),
    (
        ParamSet::Tc26_512B,
        "gost2012_512",
        "B",
        "id-tc26-gost-3410-12-512-paramSetB",
    ),
    (
        ParamSet::Tc26_512C,
        "gost2012_512",
        "C",
        "id-tc26-gost-3410-2012-512-paramSetC",
    ),
];

/// An openssl config that loads the gost engine, written into `dir`.
pub(crate) fn gost_config(dir: &Path) -> PathBuf {
    let version = Command::new("openssl")
        .args(["version", "-e"])
        .output()
        .expect("openssl");
    let engines = String::from_utf8_lossy(&version.stdout)
        .split('"')
        .nth(1)
        .expect("ENGINESDIR")
        .to_owned();
    let engine = Path::new(&engines).join("gost.so");
    assert!(
        engine.exists(),
        "{} is missing: apt-get install libengine-gost-openssl (./test.sh does)",
        engine.display()
    );
    let config = dir.join("gost-openssl.cnf");
    std::fs::write(
        &config,
        format!(
            "openssl_conf = openssl_init\n[openssl_init]\nengines = engine_section\n\
             [engine_section]\ngost = gost_section\n[gost_section]\nengine_id = gost\n\
             dynamic_path = {}\ndefault_algorithms = ALL\n",
            engine.display()
        ),
    )
    .unwrap();
    config
}

/// `openssl ARGS` with the gost engine loaded, in `dir`.
pub(crate) fn engine(dir: &Path, args: &[&str]) -> Run {
    Run::from_output(
        Command::new("openssl")
            .current_dir(dir)
            .env("OPENSSL_CONF", gost_config(dir))
            .args(args)
            .output()
            .expect("openssl"),
    )
}

fn digest_flag(set: ParamSet) -> &'static str {
    if set.bits() == 512 {
        "-md_gost12_512"
    } else {
        "-md_gost12_256"
    }
}

fn pem_der(path: &Path, label: &str) -> Vec<u8> {
    ca_core::pem::decode_labelled(&std::fs::read(path).unwrap(), &[label]).unwrap()
}

#[test]
fn the_gost_engine_and_we_verify_each_others_signatures_and_read_each_others_keys() {
    let env = TestEnv::new();
    let dir = env.dir.path();
    let message = "Заявление о предоставлении государственной услуги".as_bytes();
    std::fs::write(dir.join("message.txt"), message).unwrap();
    for (set, algorithm, paramset, _) in SETS {
        // The engine's key and signature: we read the key and verify the signature.
        engine(
            dir,
            &[
                "genpkey",
                "-algorithm",
                algorithm,
                "-pkeyopt",
                &format!("paramset:{paramset}"),
                "-out",
                "engine.key",
            ],
        )
        .ok();
        engine(
            dir,
            &["pkey", "-in", "engine.key", "-pubout", "-out", "engine.pub"],
        )
        .ok();
        engine(
            dir,
            &[
                "dgst",
                digest_flag(set),
                "-sign",
                "engine.key",
                "-out",
                "engine.sig",
                "message.txt",
            ],
        )
        .ok();
        let spki = ca_core::x509::spki::SubjectPublicKeyInfoOwned::from_der(&pem_der(
            &dir.join("engine.pub"),
            "PUBLIC KEY",
        ))
        .unwrap();
        let (read_set, public) = encoding::from_public_key_info(&spki).unwrap();
        assert_eq!(read_set, set);
        let signature = std::fs::read(dir.join("engine.sig")).unwrap();
        assert!(gost::verify(set, &public, message, &signature), "{set}");
        assert!(
            !gost::verify(set, &public, b"another text", &signature),
            "{set}"
        );
        let der = pem_der(&dir.join("engine.key"), "PRIVATE KEY");
        let info = pkcs8::PrivateKeyInfo::try_from(der.as_slice()).unwrap();
        let engine_key = encoding::from_private_key_info(&info).unwrap();
        assert_eq!(engine_key.public_le(), public.as_slice(), "{set}: same key");
        // Our signature with the engine's key: the engine verifies it.
        std::fs::write(dir.join("ours.sig"), engine_key.sign(message).unwrap()).unwrap();
        let verified = engine(
            dir,
            &[
                "dgst",
                digest_flag(set),
                "-verify",
                "engine.pub",
                "-signature",
                "ours.sig",
                "message.txt",
            ],
        )
        .ok();
        assert!(verified.contains("Verified OK"), "{set}: {verified}");
        // Our key, as PKCS#8: the engine reads it, derives the same public key byte for byte, and
        // signs with it; we verify.
        let ours = GostKey::generate(set).unwrap();
        let pkcs8 = encoding::private_key_info_der(&ours).unwrap();
        std::fs::write(
            dir.join("ours.key"),
            ca_core::pem::encode("PRIVATE KEY", &pkcs8).unwrap(),
        )
        .unwrap();
        engine(
            dir,
            &["pkey", "-in", "ours.key", "-pubout", "-out", "ours.pub"],
        )
        .ok();
        assert_eq!(
            pem_der(&dir.join("ours.pub"), "PUBLIC KEY"),
            encoding::public_key_info(set, ours.public_le())
                .unwrap()
                .to_der()
                .unwrap(),
            "{set}: the engine derives our SubjectPublicKeyInfo exactly"
        );
        engine(
            dir,
            &[
                "dgst",
                digest_flag(set),
                "-sign",
                "ours.key",
                "-out",
                "engine-with-ours.sig",
                "message.txt",
            ],
        )
        .ok();
        let signature = std::fs::read(dir.join("engine-with-ours.sig")).unwrap();
        assert!(
            gost::verify(set, ours.public_le(), message, &signature),
            "{set}"
        );
    }
}

/// `gost_check.py ARGS` in the peers' venv.
fn gostcrypto(args: &[&str]) -> String {
    let out = Command::new(crate::jvm_python::peer_python())
        .arg(crate::jvm_python::peers_dir().join("gost_check.py"))
        .args(args)
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn gostcrypto_makes_our_signatures_byte_for_byte_and_verifies_ours() {
    for (set, _, _, curve) in SETS {
        let key = GostKey::generate(set).unwrap();
        assert_eq!(
            gostcrypto(&["public", curve, &hex(key.private_le())]),
            hex(key.public_le()),
            "{set}: the same public key"
        );
        let digest = set.digest("документ".as_bytes());
        // A fixed nonce: the same signature from both.
        let k = GostKey::generate(set).unwrap();
        let ours = key.sign_digest_with_nonce(&digest, k.private_le()).unwrap();
        assert_eq!(
            gostcrypto(&[
                "sign",
                curve,
                &hex(key.private_le()),
                &hex(&digest),
                &hex(k.private_le())
            ]),
            hex(&ours),
            "{set}: the same s || r"
        );
        // A random nonce: gostcrypto verifies ours, and refuses it over another digest.
        let signature = key.sign_digest(&digest).unwrap();
        let check = |digest: &[u8]| {
            gostcrypto(&[
                "verify",
                curve,
                &hex(key.public_le()),
                &hex(digest),
                &hex(&signature),
            ])
        };
        assert_eq!(check(&digest), "OK", "{set}");
        assert_eq!(check(&set.digest(b"other")), "FAIL", "{set}");
    }
}

/// A certificate for a fresh engine key on `algorithm`/`paramset`, issued by the home's CA.
fn engine_leaf(env: &TestEnv, name: &str, algorithm: &str, paramset: &str) -> PathBuf {
    let dir = env.dir.path();
    engine(
        dir,
        &[
            "req",
            "-utf8",
            "-new",
            "-newkey",
            algorithm,
            "-pkeyopt",
            &format!("paramset:{paramset}"),
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-subj",
            &format!("/CN=Держатель {name}/C=RU"),
            "-out",
            &format!("{name}.csr"),
        ],
    )
    .ok();
    let cert = dir.join(format!("{name}.pem"));
    env.ca(&[
        "issue",
        "--csr",
        dir.join(format!("{name}.csr")).to_str().unwrap(),
        "--out",
        cert.to_str().unwrap(),
    ])
    .ok();
    cert
}

#[test]
fn a_gost_ca_signs_certificates_crls_and_ocsp_answers_the_engine_accepts() {
    for (key, leaf_algorithm, leaf_paramset, signature_name) in [
        (
            "gost2012-256",
            "gost2012_512",
            "A",
            "GOST R 34.11-2012 (256 bit)",
        ),
        (
            "gost2012-512:C",
            "gost2012_256",
            "TCA",
            "GOST R 34.11-2012 (512 bit)",
        ),
    ] {
        let env = TestEnv::new();
        let dir = env.dir.path();
        env.init(&["--key", key]);
        let ca = env.ca_pem();
        let ca = ca.to_str().unwrap();
        let text = engine(dir, &["x509", "-in", ca, "-noout", "-text"]).ok();
        assert!(text.contains(signature_name), "{key}: {text}");
        // Certificates: the CA's own, its OCSP signer (GOST too), and a holder's.
        let good = engine_leaf(&env, "good", leaf_algorithm, leaf_paramset);
        let bad = engine_leaf(&env, "bad", leaf_algorithm, leaf_paramset);
        let signer = env.home().join("ocsp/signer.pem");
        for cert in [&PathBuf::from(ca), &signer, &good, &bad] {
            let verified = engine(dir, &["verify", "-CAfile", ca, cert.to_str().unwrap()]).ok();
            assert!(verified.contains(": OK"), "{key}: {verified}");
        }
        let signer_text = engine(
            dir,
            &["x509", "-in", signer.to_str().unwrap(), "-noout", "-text"],
        )
        .ok();
        assert!(
            signer_text.contains("GOST R 34.10-2012"),
            "{key}: {signer_text}"
        );
        // A CRL: the engine checks its signature and finds the revocation.
        env.ca(&[
            "revoke",
            &crate::util::serial_of(&bad),
            "--reason",
            "keyCompromise",
        ])
        .ok();
        let crl = dir.join("full.crl");
        env.ca(&["crl", "--out", crl.to_str().unwrap()]).ok();
        let crl_pem = dir.join("full.crl.pem");
        engine(
            dir,
            &[
                "crl",
                "-in",
                crl.to_str().unwrap(),
                "-inform",
                "DER",
                "-CAfile",
                ca,
                "-out",
                crl_pem.to_str().unwrap(),
            ],
        )
        .ok();
        let crl_pem = crl_pem.to_str().unwrap();
        let refused = engine(
            dir,
            &[
                "verify",
                "-crl_check",
                "-CAfile",
                ca,
                "-CRLfile",
                crl_pem,
                bad.to_str().unwrap(),
            ],
        );
        assert!(
            refused.stdout.contains("revoked") || refused.stderr.contains("revoked"),
            "{key}: {}{}",
            refused.stdout,
            refused.stderr
        );
        let kept = engine(
            dir,
            &[
                "verify",
                "-crl_check",
                "-CAfile",
                ca,
                "-CRLfile",
                crl_pem,
                good.to_str().unwrap(),
            ],
        )
        .ok();
        assert!(kept.contains(": OK"), "{key}: {kept}");
        // OCSP: the responder, fed by the CA, answers in GOST; the engine verifies the answers.
        let server = crate::server::start(&env, &dir.join("replica"));
        env.ca(&["responder", "add", &server.url()]).ok();
        let url = format!("{}/", server.url());
        // CertIDs hashed with SHA-1 (openssl's default) and with Streebog-256.
        for (cert, expected, cert_id_hash) in [
            (&good, ": good", "-sha1"),
            (&bad, ": revoked", "-sha1"),
            (&good, ": good", "-md_gost12_256"),
            (&bad, ": revoked", "-md_gost12_256"),
        ] {
            let answer = engine(
                dir,
                &[
                    "ocsp",
                    cert_id_hash,
                    "-issuer",
                    ca,
                    "-cert",
                    cert.to_str().unwrap(),
                    "-url",
                    &url,
                    "-CAfile",
                    ca,
                ],
            );
            let printed = format!("{}{}", answer.stdout, answer.stderr);
            assert!(printed.contains("Response verify OK"), "{key}: {printed}");
            assert!(printed.contains(expected), "{key}: {printed}");
        }
    }
}

#[test]
fn keys_cross_over_encrypted_enrolled_keys_open_in_the_engine_and_engine_keys_make_a_ca() {
    // A holder enrolled with a GOST key: the engine opens the PIN-encrypted PKCS#8 and the
    // PKCS#12, and finds the certified public key in both.
    let env = TestEnv::new();
    let dir = env.dir.path();
    env.init(&["--key", "gost2012-256"]);
    let enrolled = env
        .ca(&[
            "--json",
            "enroll",
            "--subject",
            "CN=Петров Пётр,C=RU",
            "--key",
            "gost2012-256:A",
            "--out",
            "out",
        ])
        .json();
    let pin = format!("pass:{}", enrolled["pin"].as_str().unwrap());
    let files: Vec<&str> = enrolled["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    // The PKCS#8 is RFC 9337's: the engine names its algorithms.
    let structure = engine(dir, &["asn1parse", "-in", files[1]]).ok();
    for expected in [
        "PBES2",
        "PBKDF2",
        "HMAC GOST 34.11-2012 512 bit",
        "kuznyechik-ctr-acpkm",
    ] {
        assert!(structure.contains(expected), "{expected}:\n{structure}");
    }
    let certified = engine(dir, &["x509", "-in", files[0], "-pubkey", "-noout"]).ok();
    let from_pkcs8 = engine(dir, &["pkey", "-in", files[1], "-passin", &pin, "-pubout"]).ok();
    assert_eq!(from_pkcs8, certified);
    let from_p12 = engine(
        dir,
        &[
            "pkcs12", "-in", files[2], "-passin", &pin, "-nodes", "-nocerts",
        ],
    )
    .ok();
    std::fs::write(dir.join("from-p12.key"), &from_p12).unwrap();
    assert_eq!(
        engine(dir, &["pkey", "-in", "from-p12.key", "-pubout"]).ok(),
        certified
    );
    // A wrong PIN opens nothing.
    let wrong = engine(
        dir,
        &["pkey", "-in", files[1], "-passin", "pass:wrong", "-pubout"],
    );
    assert_ne!(wrong.code, 0);
    // An encrypted key the engine made becomes a CA key: the CA certificate carries it.
    let imported = TestEnv::new();
    let idir = imported.dir.path();
    let made = Command::new("openssl")
        .current_dir(idir)
        .env("OPENSSL_CONF", gost_config(idir))
        .env("CA_PASSPHRASE", crate::util::PASS)
        .args([
            "genpkey",
            "-algorithm",
            "gost2012_512",
            "-pkeyopt",
            "paramset:B",
            "-aes-256-cbc",
            "-pass",
            "env:CA_PASSPHRASE",
            "-out",
            "engine-ca.key",
        ])
        .status()
        .unwrap();
    assert!(made.success());
    imported.init(&["--key-file", idir.join("engine-ca.key").to_str().unwrap()]);
    let engine_public = Run::from_output(
        Command::new("openssl")
            .current_dir(idir)
            .env("OPENSSL_CONF", gost_config(idir))
            .env("CA_PASSPHRASE", crate::util::PASS)
            .args([
                "pkey",
                "-in",
                "engine-ca.key",
                "-passin",
                "env:CA_PASSPHRASE",
                "-pubout",
            ])
            .output()
            .unwrap(),
    )
    .ok();
    let ca = imported.ca_pem();
    assert_eq!(
        engine(
            idir,
            &["x509", "-in", ca.to_str().unwrap(), "-pubkey", "-noout"]
        )
        .ok(),
        engine_public
    );
    let verified = engine(
        idir,
        &[
            "verify",
            "-CAfile",
            ca.to_str().unwrap(),
            ca.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(verified.contains(": OK"), "{verified}");
}

#[test]
fn gost_cms_signatures_cross_between_the_engine_and_us_and_revocation_is_checked_over_ocsp() {
    for (key, leaf_algorithm, leaf_paramset) in [
        ("gost2012-256", "gost2012_256", "TCB"),
        ("gost2012-512", "gost2012_512", "A"),
    ] {
        let env = TestEnv::new();
        let dir = env.dir.path();
        let port = crate::server::free_port();
        env.init_with_ocsp_url(&format!("http://127.0.0.1:{port}/"), &["--key", key]);
        let server = crate::server::start_on(&env, &dir.join("replica"), port);
        env.ca(&["responder", "add", &server.url()]).ok();
        let cert = engine_leaf(&env, "signer", leaf_algorithm, leaf_paramset);
        let ca = env.ca_pem();
        let ca = ca.to_str().unwrap();
        std::fs::write(dir.join("doc.txt"), "Заявление о выдаче справки").unwrap();
        // Ours: the engine verifies it (CAdES-BES attributes, Streebog digests).
        env.ca(&[
            "sign",
            "--cert",
            cert.to_str().unwrap(),
            "--key",
            dir.join("signer.key").to_str().unwrap(),
            "--out",
            dir.join("ours.sig").to_str().unwrap(),
            dir.join("doc.txt").to_str().unwrap(),
        ])
        .ok();
        let checked = engine(
            dir,
            &[
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                "ours.sig",
                "-content",
                "doc.txt",
                "-CAfile",
                ca,
                "-out",
                "/dev/null",
            ],
        );
        assert!(
            checked.stderr.contains("Verification successful"),
            "{key}: {}",
            checked.stderr
        );
        // The engine's: we verify it, with the path and an OCSP answer from our responder.
        engine(
            dir,
            &[
                "cms",
                "-sign",
                "-binary",
                "-cades",
                "-signer",
                "signer.pem",
                "-inkey",
                "signer.key",
                "-in",
                "doc.txt",
                "-outform",
                "DER",
                "-out",
                "engine.sig",
            ],
        )
        .ok();
        let verify = |sig: &str, content: &str| {
            env.ca(&[
                "--json",
                "verify",
                "--sig",
                dir.join(sig).to_str().unwrap(),
                "--trust",
                ca,
                dir.join(content).to_str().unwrap(),
            ])
        };
        for sig in ["engine.sig", "ours.sig"] {
            let report = verify(sig, "doc.txt").json();
            assert_eq!(report["valid"], true, "{key} {sig}: {report}");
        }
        std::fs::write(dir.join("other.txt"), "другой текст").unwrap();
        let report = verify("engine.sig", "other.txt").json_with(1);
        assert_eq!(report["valid"], false, "{key}: {report}");
        // Revoked: the same signature no longer verifies.
        env.ca(&[
            "revoke",
            &crate::util::serial_of(&cert),
            "--reason",
            "keyCompromise",
        ])
        .ok();
        let report = verify("engine.sig", "doc.txt").json_with(1);
        assert_eq!(report["valid"], false, "{key}: {report}");
        assert!(report.to_string().contains("revoked"), "{key}: {report}");
    }
}

#[test]
fn a_gost_root_signs_a_gost_subordinate_whose_holders_the_engine_accepts() {
    let root = TestEnv::new();
    root.init(&["--key", "gost2012-256"]);
    let sub = TestEnv::new();
    sub.init_subordinate(&root, crate::util::PASS, &["--key", "gost2012-512:B"]);
    let dir = sub.dir.path();
    let leaf = engine_leaf(&sub, "holder", "gost2012_256", "TCD");
    // ca.pem of the subordinate holds its certificate, then the root's.
    let root_pem = root.ca_pem();
    let chain = sub.ca_pem();
    let verified = engine(
        dir,
        &[
            "verify",
            "-CAfile",
            root_pem.to_str().unwrap(),
            "-untrusted",
            chain.to_str().unwrap(),
            leaf.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(verified.contains(": OK"), "{verified}");
    let text = engine(
        dir,
        &["x509", "-in", chain.to_str().unwrap(), "-noout", "-text"],
    )
    .ok();
    assert!(
        text.contains("GOST R 34.10-2012 with 512 bit modulus")
            && text.contains("GOST R 34.11-2012 (256 bit)"),
        "a 512-bit subordinate, signed by the 256-bit root: {text}"
    );
}

const QUALIFIED_TOML: &str = "\n[qualified]\n\
    subject_sign_tool = 'СКЗИ \"КриптоПро CSP\" (версия 5.0)'\n\
    sign_tool = 'СКЗИ \"КриптоПро CSP\" (версия 5.0)'\n\
    ca_tool = 'ПАК \"Удостоверяющий центр\"'\n\
    sign_tool_cert = 'СФ/124-4000 от 01.01.2026'\n\
    ca_tool_cert = 'СФ/128-4100 от 01.01.2026'\n\
    class = 'KC2'\n";

/// An engine request for a person on `algorithm`/`paramset`.
fn person_csr(env: &TestEnv, name: &str, algorithm: &str, paramset: &str) -> PathBuf {
    let dir = env.dir.path();
    let mut args = vec!["req", "-utf8", "-new", "-newkey", algorithm];
    let option = format!("paramset:{paramset}");
    if !paramset.is_empty() {
        args.extend(["-pkeyopt", &option]);
    }
    let key = format!("{name}.key");
    let csr = format!("{name}.csr");
    args.extend([
        "-nodes",
        "-keyout",
        &key,
        "-subj",
        "/CN=Иванов Иван Иванович/SN=Иванов/GN=Иван Иванович/C=RU",
        "-out",
        &csr,
    ]);
    engine(dir, &args).ok();
    dir.join(csr)
}

#[test]
fn a_qualified_certificate_names_the_signature_tools_and_is_refused_without_what_795_requires() {
    let env = TestEnv::new();
    env.init(&["--key", "gost2012-256"]);
    let dir = env.dir.path();
    let csr = person_csr(&env, "holder", "gost2012_256", "TCB");
    // Without [qualified] in ca.toml: refused, naming what to add.
    let refused = env.issue_csr(
        &csr,
        &["--profile", "qualified", "--snils", "112-233-445 95"],
    );
    assert!(refused.fails(2).contains("[qualified]"));
    let mut toml = std::fs::read_to_string(env.home().join("ca.toml")).unwrap();
    toml.push_str(QUALIFIED_TOML);
    std::fs::write(env.home().join("ca.toml"), toml).unwrap();
    let before = env.serials();
    // A person without СНИЛС, and a P-256 key: refused, nothing stored.
    env.assert_issue_refused(&csr, &["--profile", "qualified"], "--snils");
    let ec = env.csr("ec", "p256", "/CN=Иванов Иван/SN=Иванов/GN=Иван/C=RU");
    env.assert_issue_refused(
        &ec,
        &["--profile", "qualified", "--snils", "112-233-445 95"],
        "GOST R 34.10-2012 keys only",
    );
    assert_eq!(env.serials(), before);
    // Complete: issued, and the engine reads the tools, the class policies and the identifiers.
    let cert = dir.join("qualified.pem");
    env.issue_csr(
        &csr,
        &[
            "--profile",
            "qualified",
            "--snils",
            "112-233-445 95",
            "--out",
            cert.to_str().unwrap(),
        ],
    )
    .ok();
    let ca = env.ca_pem();
    let verified = engine(
        dir,
        &[
            "verify",
            "-CAfile",
            ca.to_str().unwrap(),
            cert.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(verified.contains(": OK"), "{verified}");
    let text = engine(
        dir,
        &[
            "x509",
            "-in",
            cert.to_str().unwrap(),
            "-noout",
            "-text",
            "-nameopt",
            "utf8",
        ],
    )
    .ok();
    for expected in [
        "Signing Tool of Subject",
        "СКЗИ \"КриптоПро CSP\" (версия 5.0)",
        "Signing Tool of Issuer",
        "cAToolCert  : СФ/128-4100 от 01.01.2026",
        "Class of Signing Tool KC1",
        "Class of Signing Tool KC2",
        "SNILS=11223344595",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(
        !text.contains("Class of Signing Tool KC3"),
        "class KC2 lists КС1 and КС2 only: {text}"
    );
    // A P-256 CA cannot issue it at all.
    let p256 = TestEnv::new();
    p256.init(&[]);
    let mut toml = std::fs::read_to_string(p256.home().join("ca.toml")).unwrap();
    toml.push_str(QUALIFIED_TOML);
    std::fs::write(p256.home().join("ca.toml"), toml).unwrap();
    let gost_csr = person_csr(&p256, "holder", "gost2012_256", "TCB");
    p256.assert_issue_refused(
        &gost_csr,
        &["--profile", "qualified", "--snils", "112-233-445 95"],
        "signed with GOST",
    );
}

#[test]
fn a_tampered_gost_request_is_refused_and_a_gost_signature_under_another_root_is_not_believed() {
    let env = TestEnv::new();
    env.init(&["--key", "gost2012-256"]);
    let dir = env.dir.path();
    engine(
        dir,
        &[
            "req",
            "-utf8",
            "-new",
            "-newkey",
            "gost2012_256",
            "-pkeyopt",
            "paramset:TCA",
            "-nodes",
            "-keyout",
            "holder.key",
            "-subj",
            "/CN=Держатель/C=RU",
            "-outform",
            "DER",
            "-out",
            "holder.csr",
        ],
    )
    .ok();
    let csr = std::fs::read(dir.join("holder.csr")).unwrap();
    // The signature changed (its last byte), and the public point changed (a byte of X, which
    // sits right after the point's OCTET STRING header 04 40): both refused, nothing stored.
    let header = csr.windows(2).position(|w| w == [0x04, 0x40]).unwrap();
    let mut bad_signature = csr.clone();
    *bad_signature.last_mut().unwrap() ^= 1;
    let mut bad_point = csr.clone();
    bad_point[header + 2] ^= 1;
    for (name, bytes, message) in [
        ("bad-signature.csr", bad_signature, "possession"),
        ("bad-point.csr", bad_point, "CSR refused"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        env.assert_issue_refused(&path, &[], message);
    }
    assert!(
        env.serials().len() == 1,
        "only the OCSP signer: {:?}",
        env.serials()
    );
    // A holder's signature made under this CA is not believed under another GOST CA's root.
    let cert = dir.join("holder.pem");
    env.ca(&[
        "issue",
        "--csr",
        dir.join("holder.csr").to_str().unwrap(),
        "--out",
        cert.to_str().unwrap(),
    ])
    .ok();
    std::fs::write(dir.join("doc.txt"), "документ").unwrap();
    env.ca(&[
        "sign",
        "--cert",
        cert.to_str().unwrap(),
        "--key",
        dir.join("holder.key").to_str().unwrap(),
        "--out",
        dir.join("doc.sig").to_str().unwrap(),
        dir.join("doc.txt").to_str().unwrap(),
    ])
    .ok();
    let other = TestEnv::new();
    other.init(&["--key", "gost2012-256"]);
    let verify = |trust: &Path| {
        env.ca(&[
            "--json",
            "verify",
            "--revocation",
            "off",
            "--sig",
            dir.join("doc.sig").to_str().unwrap(),
            "--trust",
            trust.to_str().unwrap(),
            dir.join("doc.txt").to_str().unwrap(),
        ])
    };
    assert_eq!(verify(&env.ca_pem()).json()["valid"], true);
    let report = verify(&other.ca_pem()).json_with(1);
    assert_eq!(report["valid"], false, "{report}");
}
