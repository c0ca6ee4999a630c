//! The time-stamping authority (SPEC §6, §7): its certificate, as OpenSSL judges it.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use crate::util::{Run, TestEnv};

fn openssl(args: &[&str]) -> Run {
    Run::from_output(
        Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl"),
    )
}

#[test]
fn ca_tsa_signer_issues_a_certificate_openssl_accepts_for_time_stamping_only() {
    let env = TestEnv::new();
    env.init(&[]);
    let made = env.ca(&["--json", "tsa-signer"]).json();
    let certificate = made["certificate"].as_str().unwrap().to_owned();
    let key = made["key"].as_str().unwrap().to_owned();
    assert!(certificate.ends_with("tsa/signer.pem"), "{made}");
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the TSA key is readable by others");
    // RFC 3161 §2.3: id-kp-timeStamping only, critical; OpenSSL's purpose check wants that.
    let text = openssl(&[
        "x509",
        "-in",
        &certificate,
        "-noout",
        "-ext",
        "extendedKeyUsage",
    ])
    .ok();
    assert!(
        text.contains("critical") && text.contains("Time Stamping"),
        "{text}"
    );
    let purposes = openssl(&["x509", "-in", &certificate, "-noout", "-purpose"]).ok();
    assert!(purposes.contains("Time Stamp signing : Yes"), "{purposes}");
    assert!(purposes.contains("SSL client : No") && purposes.contains("S/MIME signing : No"));
    let ca = env.ca_pem();
    let verified = openssl(&[
        "verify",
        "-CAfile",
        ca.to_str().unwrap(),
        "-purpose",
        "timestampsign",
        &certificate,
    ])
    .ok();
    assert!(verified.contains(": OK"), "{verified}");
    // Its key is the certificate's.
    let certified = openssl(&["x509", "-in", &certificate, "-noout", "-pubkey"]).ok();
    assert_eq!(openssl(&["pkey", "-in", &key, "-pubout"]).ok(), certified);
    // Issued again: a new key replaces the old; the issuance is in the audit log.
    let again = env.ca(&["--json", "tsa-signer", "--key", "p384"]).json();
    assert_ne!(again["serial"], made["serial"]);
    let text = openssl(&["x509", "-in", &certificate, "-noout", "-text"]).ok();
    assert!(
        text.contains("secp384r1") || text.contains("P-384"),
        "{text}"
    );
    let issued = env
        .audit()
        .iter()
        .filter(|e| {
            e["action"] == "issue" && e["outcome"].as_str().unwrap().starts_with("ok: tsa for")
        })
        .count();
    assert_eq!(issued, 2, "both issuances are in the audit log");
}

#[test]
fn a_gost_tsa_makes_streebog_tokens_the_gost_engine_verifies_and_gost_cades_t() {
    let env = TestEnv::new();
    env.init(&["--key", "gost2012-256"]);
    let made = env.ca(&["--json", "tsa-signer"]).json();
    let certificate = made["certificate"].as_str().unwrap().to_owned();
    let text = openssl(&["x509", "-in", &certificate, "-noout", "-text"]).ok();
    assert!(text.contains("GOST R 34.10-2012"), "{text}");
    let data = env.path("replica");
    let server = start_tsa(&env, &data, &[]);
    let port: u16 = server.url().rsplit(':').next().unwrap().parse().unwrap();
    let dir = env.dir.path();
    let document = env.path("application.txt");
    std::fs::write(&document, "Заявление").unwrap();
    let ca = env.ca_pem();
    for digest in ["-md_gost12_256", "-md_gost12_512", "-sha256"] {
        let query = env.path("query.tsq");
        crate::gost::engine(
            dir,
            &[
                "ts",
                "-query",
                "-data",
                document.to_str().unwrap(),
                digest,
                "-cert",
                "-out",
                query.to_str().unwrap(),
            ],
        )
        .ok();
        let (head, body) = crate::server::post(port, "/tsp", &std::fs::read(&query).unwrap());
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let reply = env.path("reply.tsr");
        std::fs::write(&reply, &body).unwrap();
        let verified = crate::gost::engine(
            dir,
            &[
                "ts",
                "-verify",
                "-queryfile",
                query.to_str().unwrap(),
                "-in",
                reply.to_str().unwrap(),
                "-CAfile",
                ca.to_str().unwrap(),
            ],
        );
        assert!(
            verified.stdout.contains("Verification: OK"),
            "{digest}: {}{}",
            verified.stdout,
            verified.stderr
        );
    }
    // CAdES-T in GOST: a GOST holder signs with Streebog and the GOST TSA stamps it; ca verify
    // takes the token's time.
    let enrolled = env
        .ca(&[
            "--json",
            "enroll",
            "--subject",
            "CN=Иванова Мария,C=RU",
            "--key",
            "gost2012-256",
            "--out",
            "holder",
        ])
        .json();
    let files = &enrolled["files"];
    let sig = env.path("application.sig");
    let signed = env
        .ca_command(&[
            "--json",
            "sign",
            "--cert",
            files[0].as_str().unwrap(),
            "--key",
            files[1].as_str().unwrap(),
            "--tsa",
            &format!("{}/tsp", server.url()),
            "--out",
            sig.to_str().unwrap(),
            document.to_str().unwrap(),
        ])
        .env("CA_KEY_PASSPHRASE", enrolled["pin"].as_str().unwrap())
        .output()
        .unwrap();
    assert!(
        signed.status.success(),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    let report = crate::signing::verify(&env, &sig, &document, &["--ocsp", "off"]);
    let code = report.code;
    let report = report.json_with(code);
    assert_eq!(report["validation_time_source"], "timestamp", "{report}");
    let failed: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(failed.iter().all(|name| *name == "revocation"), "{report}");
    server.terminate();
}

/// `ocsp-server` with this env's TSA (after `ca tsa-signer`) and `extra` options.
pub fn start_tsa(env: &TestEnv, data: &std::path::Path, extra: &[&str]) -> crate::server::Server {
    let home = env.home();
    let cert = home.join("tsa/signer.pem").to_str().unwrap().to_owned();
    let key = home.join("tsa/signer.key").to_str().unwrap().to_owned();
    let mut args = vec!["--tsa-cert", cert.leak(), "--tsa-key", key.leak()];
    args.extend_from_slice(extra);
    crate::server::start_with(env, data, crate::server::free_port(), &args)
}

#[test]
fn openssl_ts_queries_our_tsa_and_verifies_its_tokens() {
    let env = TestEnv::new();
    env.init(&[]);
    env.ca(&["tsa-signer"]).ok();
    let data = env.path("replica");
    let server = start_tsa(&env, &data, &[]);
    let port: u16 = server.url().rsplit(':').next().unwrap().parse().unwrap();
    let document = env.path("application.txt");
    std::fs::write(
        &document,
        "Заявление о предоставлении государственной услуги",
    )
    .unwrap();
    let document = document.to_str().unwrap();
    let ca = env.ca_pem();
    let tsa_cert = env.home().join("tsa/signer.pem");
    for (digest, cert_req) in [("-sha256", true), ("-sha384", false), ("-sha512", true)] {
        let query = env.path("query.tsq");
        let mut args = vec!["ts", "-query", "-data", document, digest, "-out"];
        args.push(query.to_str().unwrap());
        if cert_req {
            args.push("-cert");
        }
        openssl(&args).ok();
        let (head, body) = crate::server::post(port, "/tsp", &std::fs::read(&query).unwrap());
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("application/timestamp-reply"), "{head}");
        let reply = env.path("reply.tsr");
        std::fs::write(&reply, &body).unwrap();
        let text = openssl(&["ts", "-reply", "-in", reply.to_str().unwrap(), "-text"]).ok();
        assert!(text.contains("Status: Granted."), "{text}");
        assert!(text.contains("Policy OID: 0.4.0.2023.1.1"), "{text}");
        assert!(text.contains("Nonce: 0x"), "the nonce is echoed: {text}");
        // openssl checks the imprint against the data, the nonce against the query, the
        // signature and the TSA certificate's path and purpose.
        let mut verify = vec![
            "ts",
            "-verify",
            "-queryfile",
            query.to_str().unwrap(),
            "-in",
            reply.to_str().unwrap(),
            "-CAfile",
            ca.to_str().unwrap(),
        ];
        if !cert_req {
            verify.extend(["-untrusted", tsa_cert.to_str().unwrap()]);
        }
        let verified = openssl(&verify);
        assert!(
            verified.stdout.contains("Verification: OK"),
            "{digest}: {}{}",
            verified.stdout,
            verified.stderr
        );
        // Another document's query does not match the token.
        let other = env.path("other.txt");
        std::fs::write(&other, "другой документ").unwrap();
        let refused = openssl(&[
            "ts",
            "-verify",
            "-data",
            other.to_str().unwrap(),
            "-in",
            reply.to_str().unwrap(),
            "-CAfile",
            ca.to_str().unwrap(),
            "-untrusted",
            tsa_cert.to_str().unwrap(),
        ]);
        assert!(!refused.stdout.contains("Verification: OK"), "{digest}");
    }
    // A query naming another policy is refused, and says so.
    let query = env.path("policy.tsq");
    openssl(&[
        "ts",
        "-query",
        "-data",
        document,
        "-sha256",
        "-tspolicy",
        "1.2.3.4",
        "-out",
        query.to_str().unwrap(),
    ])
    .ok();
    let (_, body) = crate::server::post(port, "/tsp", &std::fs::read(&query).unwrap());
    let reply = env.path("policy.tsr");
    std::fs::write(&reply, &body).unwrap();
    let text = openssl(&["ts", "-reply", "-in", reply.to_str().unwrap(), "-text"]).ok();
    assert!(
        text.contains("Rejected") && text.contains("policy is not supported by the TSA"),
        "{text}"
    );
    // Garbage: badRequest, and the server stays up.
    let (head, body) = crate::server::post(port, "/tsp", b"\x30\x03\x02\x01");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    std::fs::write(&reply, &body).unwrap();
    let text = openssl(&["ts", "-reply", "-in", reply.to_str().unwrap(), "-text"]).ok();
    assert!(
        text.contains("transaction not permitted or supported"),
        "{text}"
    );
    let (head, metrics) = crate::server::http(
        port,
        b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(head.starts_with("HTTP/1.1 200"));
    let metrics = String::from_utf8_lossy(&metrics);
    assert!(metrics.contains("tsa_tokens_total 3"), "{metrics}");
    assert!(
        metrics.contains("tsa_refused_total{reason=\"unacceptedPolicy\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("tsa_refused_total{reason=\"badRequest\"} 1"),
        "{metrics}"
    );
    server.terminate();
}

#[test]
fn without_a_tsa_the_responder_says_so_serves_the_ca_certificate_and_a_wrong_tsa_certificate_does_not_start(
) {
    let env = TestEnv::new();
    env.init(&[]);
    let data = env.path("replica");
    let server = crate::server::start(&env, &data);
    let port: u16 = server.url().rsplit(':').next().unwrap().parse().unwrap();
    let (head, _) = crate::server::post(port, "/tsp", b"\x30\x00");
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    // The CA certificate, DER, where certificates' caIssuers point.
    let (head, body) = crate::server::http(
        port,
        b"GET /ca.cer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("application/pkix-cert"), "{head}");
    let served = env.path("served.cer");
    std::fs::write(&served, &body).unwrap();
    let fingerprint = |args: &[&str]| openssl(args).ok();
    assert_eq!(
        fingerprint(&[
            "x509",
            "-inform",
            "DER",
            "-in",
            served.to_str().unwrap(),
            "-noout",
            "-fingerprint"
        ]),
        fingerprint(&[
            "x509",
            "-in",
            env.ca_pem().to_str().unwrap(),
            "-noout",
            "-fingerprint"
        ])
    );
    server.terminate();
    // The OCSP signer's certificate is not a TSA's: refused at start, with the reason.
    let home = env.home();
    let run = Run::from_output(
        crate::server::server_command(
            &env,
            &data,
            &[
                "--signer-cert",
                home.join("ocsp/signer.pem").to_str().unwrap(),
                "--signer-key",
                home.join("ocsp/signer.key").to_str().unwrap(),
                "--tsa-cert",
                home.join("ocsp/signer.pem").to_str().unwrap(),
                "--tsa-key",
                home.join("ocsp/signer.key").to_str().unwrap(),
            ],
        )
        .output()
        .unwrap(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("id-kp-timeStamping"), "{}", run.stderr);
}

#[test]
fn ca_sign_and_ca_extend_ask_our_tsa_and_ca_verify_takes_its_time_as_proven() {
    let (env, _responder) = crate::trusted_time::ca_with_responder();
    env.ca(&["tsa-signer"]).ok();
    let tsa = start_tsa(&env, &env.path("tsa-replica"), &[]);
    let tsa_url = format!("{}/tsp", tsa.url());
    let doc = crate::signing::document(&env, "application.txt");
    env.issue_leaf("citizen", "/CN=Citizen/C=RU");
    // Signed and time-stamped in one step (CAdES-T).
    let sig = env.path("stamped.sig");
    let args = crate::signing::sign_args(&env, "citizen", &doc, &sig, &["--tsa", &tsa_url]);
    let signed = env
        .ca(&[
            &["--json"][..],
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        ]
        .concat())
        .json();
    assert!(signed["timestamp"].is_string(), "{signed}");
    // The TSA chains to the trusted CA, so its time is the proven time.
    let report = crate::signing::verify(&env, &sig, &doc, &[]).json();
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["validation_time_source"], "timestamp", "{report}");
    assert_eq!(report["validation_time"], signed["timestamp"], "{report}");
    // pyHanko, another implementation, validates the time-stamp and trusts its TSA.
    let ca = env.ca_pem();
    let checked = crate::jvm_python::pyhanko(&[
        "verify-ts",
        sig.to_str().unwrap(),
        doc.to_str().unwrap(),
        ca.to_str().unwrap(),
    ]);
    assert!(
        checked.code == 0 && checked.stdout.contains("TIMESTAMP VALID"),
        "{}{}",
        checked.stdout,
        checked.stderr
    );
    // A plain signature, extended afterwards.
    let plain = crate::signing::sign(&env, "citizen", &doc, &[]);
    let report = crate::signing::verify(&env, &plain, &doc, &[]).json();
    assert_eq!(report["validation_time_source"], "now", "{report}");
    let extended = env.path("extended.sig");
    env.ca(&[
        "extend",
        plain.to_str().unwrap(),
        "--tsa",
        &tsa_url,
        "--out",
        extended.to_str().unwrap(),
    ])
    .ok();
    let report = crate::signing::verify(&env, &extended, &doc, &[]).json();
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["validation_time_source"], "timestamp", "{report}");
    // openssl still verifies the CMS signature with the token in it.
    let verified = crate::util::openssl_cms_verify(&extended, &doc, &ca);
    assert_eq!(verified.code, 0, "{}", verified.stderr);
    // Something that is not a TSA: refused with the reason, nothing written.
    let not_a_tsa = format!("{}/ocsp", tsa.url());
    let refused = env.path("refused.sig");
    let err = env
        .ca(&[
            "extend",
            plain.to_str().unwrap(),
            "--tsa",
            &not_a_tsa,
            "--out",
            refused.to_str().unwrap(),
        ])
        .fails(2);
    assert!(
        err.contains("the TSA at") && err.contains("answered"),
        "{err}"
    );
    assert!(!refused.exists());
}
