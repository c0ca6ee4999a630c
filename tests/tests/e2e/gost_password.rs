//! GOST keys protected by a password (RFC 9337) against the gost engine for OpenSSL: the
//! engine's Kuznyechik and Magma keys open here, and our CTR-ACPKM is the engine's byte for byte
//! across section boundaries. (That the engine opens the keys we encrypt, and that they name
//! RFC 9337's algorithms, is in `gost::keys_cross_over_…`.)

use std::process::Command;

use ca_core::keys::gost::password::{ctr_acpkm, GostCipher};

use crate::gost::{engine, gost_config};
use crate::util::{Run, TestEnv, PASS};

#[test]
fn our_ctr_acpkm_is_the_engines_across_several_sections() {
    let env = TestEnv::new();
    let dir = env.dir.path();
    let key: [u8; 32] = std::array::from_fn(|i| (i * 7 + 3) as u8);
    let key_hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    // Three and a half sections of Kuznyechik (4 KiB each) and of Magma (1 KiB each).
    let plain: Vec<u8> = (0..14_400u32).map(|i| (i * 31 % 251) as u8).collect();
    std::fs::write(dir.join("plain.bin"), &plain).unwrap();
    for (cipher, name, iv) in [
        (
            GostCipher::Kuznyechik,
            "kuznyechik-ctr-acpkm",
            "0123456789abcdef",
        ),
        (GostCipher::Magma, "magma-ctr-acpkm", "a1b2c3d4"),
    ] {
        let out = format!("{name}.bin");
        let made = engine(
            dir,
            &[
                "enc",
                &format!("-{name}"),
                "-K",
                &key_hex,
                "-iv",
                iv,
                "-in",
                "plain.bin",
                "-out",
                &out,
            ],
        );
        assert_eq!(made.code, 0, "{}", made.stderr);
        let theirs = std::fs::read(dir.join(&out)).unwrap();
        let iv_bytes: Vec<u8> = (0..iv.len() / 2)
            .map(|i| u8::from_str_radix(&iv[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let mut ours = plain.clone();
        ctr_acpkm(cipher, &key, &iv_bytes, &mut ours).unwrap();
        assert_eq!(ours.len(), theirs.len());
        let first_difference = ours.iter().zip(&theirs).position(|(a, b)| a != b);
        assert_eq!(
            first_difference, None,
            "{name}: ours and the engine's differ"
        );
        // And back.
        ctr_acpkm(cipher, &key, &iv_bytes, &mut ours).unwrap();
        assert_eq!(ours, plain);
    }
}

#[test]
fn engine_keys_under_kuznyechik_and_magma_make_a_ca_and_a_wrong_passphrase_opens_nothing() {
    for cipher in ["kuznyechik-ctr-acpkm", "magma-ctr-acpkm"] {
        let env = TestEnv::new();
        let dir = env.dir.path();
        let openssl = |args: &[&str]| {
            Run::from_output(
                Command::new("openssl")
                    .current_dir(dir)
                    .env("OPENSSL_CONF", gost_config(dir))
                    .env("CA_PASSPHRASE", PASS)
                    .args(args)
                    .output()
                    .unwrap(),
            )
        };
        openssl(&[
            "genpkey",
            "-algorithm",
            "gost2012_256",
            "-pkeyopt",
            "paramset:TCB",
            "-out",
            "plain.key",
        ])
        .ok();
        openssl(&[
            "pkcs8",
            "-topk8",
            "-in",
            "plain.key",
            "-v2",
            cipher,
            "-v2prf",
            "id-tc26-hmac-gost-3411-2012-512",
            "-passout",
            "env:CA_PASSPHRASE",
            "-out",
            "engine-ca.key",
        ])
        .ok();
        let structure = engine(dir, &["asn1parse", "-in", "engine-ca.key"]).ok();
        assert!(structure.contains(cipher), "{structure}");
        let key_path = dir.join("engine-ca.key");
        // The wrong passphrase: refused, nothing made.
        let refused = env
            .ca_command(&[
                "init",
                "--subject",
                "CN=Тестовый УЦ,C=RU",
                "--key-file",
                key_path.to_str().unwrap(),
            ])
            .env("CA_PASSPHRASE", "not the passphrase")
            .output()
            .unwrap();
        assert!(
            !refused.status.success(),
            "{cipher}: a wrong passphrase opened the key"
        );
        let message = String::from_utf8_lossy(&refused.stderr);
        assert!(message.contains("passphrase"), "{cipher}: {message}");
        assert!(
            !env.ca_pem().exists(),
            "{cipher}: a CA was made from a wrong passphrase"
        );
        // The right one: the CA certificate carries the engine's key.
        env.init(&["--key-file", key_path.to_str().unwrap()]);
        let engine_public = openssl(&["pkey", "-in", "plain.key", "-pubout"]).ok();
        let ca = env.ca_pem();
        let certified = engine(
            dir,
            &["x509", "-in", ca.to_str().unwrap(), "-pubkey", "-noout"],
        );
        assert_eq!(certified.ok(), engine_public, "{cipher}");
    }
}
