//! Russian identifiers: check digits enforced before anything is signed, NumericString in DER.

use crate::util::{openssl, TestEnv};

#[test]
fn identifiers_are_numeric_strings_under_their_oids() {
    let env = TestEnv::new();
    env.init(&[]);
    let issued = env
        .ca(&[
            "--json",
            "enroll",
            "--subject",
            "CN=Петров Пётр Петрович,SN=Петров,GN=Пётр Петрович,C=RU",
            "--snils",
            "112-233-445 95",
            "--inn",
            "500100732259",
            "--innle",
            "7707083893",
            "--ogrn",
            "1027700132195",
            "--ogrnip",
            "304500116000157",
            "--out",
            "out",
        ])
        .json();
    let pem = env.path("leaf.pem");
    std::fs::write(&pem, issued["certificate"].as_str().unwrap()).unwrap();
    // Walk the DER as openssl parses it: each OID is followed by its value's type.
    let parsed = openssl(&["asn1parse", "-in", pem.to_str().unwrap()]).ok();
    let lines: Vec<&str> = parsed.lines().collect();
    let value_after = |oid_name: &str| -> String {
        let i = lines
            .iter()
            .position(|l| l.trim_end().ends_with(&format!(":{oid_name}")))
            .unwrap_or_else(|| panic!("{oid_name} not in\n{parsed}"));
        lines[i + 1].to_owned()
    };
    for (oid, digits) in [
        ("SNILS", "11223344595"),
        ("INN", "500100732259"),
        ("1.2.643.100.4", "7707083893"),
        ("OGRN", "1027700132195"),
        ("OGRNIP", "304500116000157"),
    ] {
        let value = value_after(oid);
        assert!(value.contains("NUMERICSTRING"), "{oid}: {value}");
        assert!(
            value.trim_end().ends_with(&format!(":{digits}")),
            "{oid}: {value}"
        );
    }
    // The person's name stays UTF-8.
    assert!(value_after("commonName").contains("UTF8STRING"));
    assert!(value_after("countryName").contains("PRINTABLESTRING"));
}

#[test]
fn valid_identifiers_are_accepted_including_snils_edge_cases() {
    let env = TestEnv::new();
    env.init(&[]);
    let cases: &[(&str, &str)] = &[
        ("--snils", "112-233-445 95"), // sum 95 < 100: control is the sum
        ("--snils", "00101998900"),    // sum 100: control 00
        ("--snils", "001-019-998 00"), // sum 101: control 00
        ("--snils", "12345678964"),    // sum 165 > 101: 165 mod 101 = 64
        ("--snils", "00299998900"),    // 201 mod 101 = 100: control 00
        ("--snils", "001-001-998 12"), // at most 001-001-998: not checked
        ("--inn", "500100732259"),
        ("--innle", "7736050003"),
        ("--ogrn", "1027700132240"),     // remainder 10 -> check digit 0
        ("--ogrnip", "304500116000180"), // remainder 10 -> check digit 0
    ];
    for (i, (flag, value)) in cases.iter().enumerate() {
        let subject = format!("CN=Valid {i}");
        env.ca(&["enroll", "--subject", &subject, flag, value, "--out", "out"])
            .ok();
    }
    assert_eq!(env.serials().len(), cases.len() + 1, "plus the OCSP signer");
}

#[test]
fn a_wrong_check_digit_is_refused_naming_the_field_and_nothing_is_stored() {
    let env = TestEnv::new();
    env.init(&[]);
    let csr = env.csr("a", "p256", "/CN=Applicant");
    let before = env.serials();
    let cases: &[(&str, &str, &str)] = &[
        (
            "--snils",
            "112-233-445 96",
            "--snils 112-233-445 96: check number is 95",
        ),
        (
            "--snils",
            "00101998901",
            "--snils 00101998901: check number is 00",
        ),
        ("--snils", "12345678965", "check number is 64"),
        ("--snils", "1122334459", "has 10 digits, expected 11"),
        (
            "--inn",
            "500100732258",
            "--inn 500100732258: check digit 12",
        ),
        (
            "--inn",
            "500100732269",
            "--inn 500100732269: check digit 11",
        ),
        (
            "--innle",
            "7707083894",
            "--innle 7707083894: check digit 10",
        ),
        (
            "--ogrn",
            "1027700132196",
            "--ogrn 1027700132196: check digit 13",
        ),
        (
            "--ogrnip",
            "304500116000158",
            "--ogrnip 304500116000158: check digit 15",
        ),
        ("--ogrnip", "30450011600015x", "is not a digit"),
    ];
    for (flag, value, message) in cases {
        let err = env
            .ca(&["issue", "--csr", csr.to_str().unwrap(), flag, value])
            .fails(2);
        assert!(err.contains(message), "{flag} {value}: {err}");
        let err = env
            .ca(&["enroll", "--subject", "CN=X", flag, value, "--out", "out"])
            .fails(2);
        assert!(err.contains(message), "{flag} {value}: {err}");
    }
    // An identifier inside the subject string or the CSR is checked the same way.
    env.ca(&[
        "enroll",
        "--subject",
        "CN=X,SNILS=11223344596",
        "--out",
        "out",
    ])
    .fails(2);
    let bad_csr = env.csr("b", "p256", "/CN=Applicant/SNILS=11223344596");
    let err = env
        .ca(&["issue", "--csr", bad_csr.to_str().unwrap()])
        .fails(2);
    assert!(err.contains("check number is 95"), "{err}");
    assert_eq!(env.serials(), before, "nothing was stored");
    assert!(
        !env.path("out").exists() || std::fs::read_dir(env.path("out")).unwrap().next().is_none()
    );
}

#[test]
fn how_the_applicant_was_identified_is_recorded_and_certified() {
    let env = TestEnv::new();
    env.init(&[]);
    let csr = env.csr("a", "p256", "/CN=Remote Applicant");
    let issued = env.issue_json(&csr, &["--identified-by", "esia-ebs"]);
    let serial = issued["serial"].as_str().unwrap();
    let shown = env.ca(&["--json", "show", serial]).json();
    assert_eq!(shown["identified_by"], "esia-ebs");
    let pem = env.path("a.pem");
    std::fs::write(&pem, issued["certificate"].as_str().unwrap()).unwrap();
    // identificationKind: OID 1.2.643.100.114, value INTEGER 3 (DER 02 01 03).
    let parsed = openssl(&["asn1parse", "-in", pem.to_str().unwrap()]).ok();
    let lines: Vec<&str> = parsed.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(":1.2.643.100.114"))
        .unwrap_or_else(|| panic!("no identificationKind in\n{parsed}"));
    assert!(
        lines[at + 1].contains("[HEX DUMP]:020103"),
        "{}",
        lines[at + 1]
    );
    // The default is in person (0); the OCSP signer's profile does not carry it.
    let enrolled = env
        .ca(&["--json", "enroll", "--subject", "CN=B", "--out", "out"])
        .json();
    let b = env.path("b.pem");
    std::fs::write(&b, enrolled["certificate"].as_str().unwrap()).unwrap();
    let parsed = openssl(&["asn1parse", "-in", b.to_str().unwrap()]).ok();
    assert!(parsed.contains("[HEX DUMP]:020100"), "{parsed}");
    let signer = openssl(&[
        "asn1parse",
        "-in",
        env.home().join("ocsp/signer.pem").to_str().unwrap(),
    ])
    .ok();
    assert!(!signer.contains("1.2.643.100.114"));
    // An unknown way is refused before anything happens.
    env.assert_issue_refused(
        &csr,
        &["--identified-by", "video-call"],
        "--identified-by video-call",
    );
}
