//! Entry points for the fuzz targets in `fuzz/` (cargo fuzz, libFuzzer) and for the replay of
//! their corpus in `cargo test` (`ca-core/tests/fuzz_corpus.rs`): each feeds arbitrary bytes to
//! one parser or decoder that meets outside input, and panics only on a broken invariant.

use crate::IdentifierText;
use std::sync::OnceLock;

use crate::publish::feed::StatusUpdate;

use crate::ocsp::{CertState, Responder};
use crate::store::CertRecord;
use crate::verification::{verify_detached, OcspSource, RevocationPolicy, VerifyOptions};
use crate::Identifiers;

/// The time every target runs at.
const NOW: u64 = 1_800_000_000;

/// A CA (certificate DER and key) and an OCSP responder for it, made once per process.
struct Fixture {
    ca_der: Vec<u8>,
    ca_key: spki::SubjectPublicKeyInfoOwned,
    responder: Responder,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let ca = crate::test_ca::TestCa::new("CN=Fuzz CA", NOW - 100);
        let (signer, signer_der) = ca.issue_new("CN=Fuzz OCSP responder", "ocsp-signer");
        let ca_der = ca.root.clone();
        let public = <x509_cert::Certificate as der::Decode>::from_der(&ca_der)
            .expect("root")
            .tbs_certificate
            .subject_public_key_info;
        let responder =
            Responder::new(&ca_der, &signer_der, Box::new(signer), 3600).expect("responder");
        Fixture {
            ca_der,
            ca_key: public,
            responder,
        }
    })
}

/// A PKCS#10 request (DER or PEM) through the CSR checks.
pub fn csr(data: &[u8]) {
    let _ = crate::verify_csr(data);
}

/// A distinguished name, and identifiers from the first lines of the input.
pub fn subject(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.lines();
    let dn = lines.next().unwrap_or_default();
    let fields: Vec<&str> = lines.take(5).collect();
    let field = |i: usize| fields.get(i).copied();
    let identifiers = Identifiers::parse(IdentifierText {
        snils: field(0),
        inn: field(1),
        innle: field(2),
        ogrn: field(3),
        ogrnip: field(4),
    })
    .unwrap_or_default();
    if let Ok(name) = crate::names::subject::parse_subject(dn, &identifiers) {
        // What parses must print and parse again to the same name.
        let printed = crate::names::subject::display_name(&name);
        let again = crate::names::subject::parse_subject(&printed, &Identifiers::default());
        assert!(
            again.is_ok(),
            "{dn:?} printed as {printed:?}, which does not parse"
        );
    }
}

/// An OCSP request through the responder: always an answer that decodes.
pub fn ocsp_request(data: &[u8]) {
    let answer = fixture().responder.answer(data, NOW, &|serial| {
        Ok(match serial.first() {
            Some(b) if b % 3 == 0 => CertState::Good,
            Some(b) if b % 3 == 1 => CertState::Revoked {
                time: NOW - 10,
                reason: crate::status::Reason::KeyCompromise,
                invalidity: None,
            },
            _ => CertState::Unknown,
        })
    });
    assert!(
        <x509_ocsp::OcspResponse as der::Decode>::from_der(&answer.der).is_ok(),
        "the responder answered something that is not an OCSPResponse"
    );
}

/// A status update: the signature check, and the body decoder behind it.
pub fn status_update(data: &[u8]) {
    let _ = StatusUpdate::verify(data, &fixture().ca_key);
    if let Ok(update) = ciborium::from_reader::<StatusUpdate, _>(data) {
        let _ = update.applies_after(update.base, Some(&update.base_head));
        for entry in &update.entries {
            let _ = entry.state();
        }
    }
}

/// A detached CMS signature over a fixed content, verified against the fixture CA.
pub fn cms(data: &[u8]) {
    let options = VerifyOptions {
        ocsp: OcspSource::Off,
        policy: RevocationPolicy::Off,
        ..VerifyOptions::new(vec![fixture().ca_der.clone()], NOW)
    };
    if let Ok(report) = verify_detached(data, b"fuzzed content".as_slice(), &options) {
        assert!(!report.valid(), "a fuzzed signature verified");
    }
}

/// The register's stored records: a damaged one is an error, never a crash.
pub fn register_record(data: &[u8]) {
    let _ = CertRecord::decode(data);
    let _ = crate::audit::AuditEntry::decode(data);
    let _ = crate::status::CrlEntry::from_bytes(data);
    let _ = crate::officers::OfficerRecord::decode(data);
}

/// For property tests: asks the fixture responder about `serial` (which the lookup says is in
/// `state`) through the OCSP client, and returns the state the checked answer carries.
pub fn answer_state(serial: &[u8], state: CertState) -> CertState {
    use der::Decode;
    let ca = x509_cert::Certificate::from_der(&fixture().ca_der).expect("ca");
    let mut cert = ca.clone();
    cert.tbs_certificate.serial_number =
        x509_cert::serial_number::SerialNumber::new(serial).expect("serial");
    let query = crate::ocsp::client::Query::new(&cert, &ca).expect("query");
    let answer = fixture().responder.answer(query.der(), NOW, &|asked| {
        assert_eq!(asked, serial, "the responder looked up another serial");
        Ok(state)
    });
    match query
        .check(&answer.der, &ca, NOW)
        .expect("a trusted answer")
        .verdict
    {
        crate::ocsp::client::Verdict::Good => CertState::Good,
        crate::ocsp::client::Verdict::Unknown => CertState::Unknown,
        crate::ocsp::client::Verdict::Revoked {
            time,
            reason,
            invalidity,
        } => CertState::Revoked {
            time,
            reason,
            invalidity,
        },
    }
}

/// A batch enrollment file: every row is read or refused with its line number.
pub fn batch_csv(data: &[u8]) {
    if let Ok(rows) = crate::request::batch::read_csv(data) {
        for row in rows.iter().flatten() {
            assert_eq!(row.fields.len(), crate::request::batch::COLUMNS.len());
        }
    }
}

/// A time-stamp response or token, as `ca extend --token` reads it and `ca verify` checks it:
/// never a token that verifies under the fixture CA, which signs none.
pub fn timestamp_token(data: &[u8]) {
    let _ = crate::verification::token_from_file(data);
    let verified = crate::verification::timestamp::verify_token(
        data,
        b"a signature value",
        std::slice::from_ref(&fixture().ca_der),
    );
    assert!(verified.is_err(), "a fuzzed token verified");
}

/// A TimeStampReq to a TSA: every input gets a TimeStampResp; one granted is for a request that
/// decodes, and carries its imprint.
pub fn tsa_request(data: &[u8]) {
    static TSA: OnceLock<crate::tsa::TimeStampAuthority> = OnceLock::new();
    let tsa = TSA.get_or_init(|| {
        let ca = crate::test_ca::TestCa::new("CN=Fuzz CA", NOW - 100);
        let (key, cert) = ca.issue_new("CN=Fuzz TSA", "tsa");
        crate::tsa::TimeStampAuthority::new(Box::new(key), cert, crate::tsa::DEFAULT_POLICY)
            .expect("TSA")
    });
    let answer = tsa.respond(data, NOW).expect("an answer");
    if answer.refused.is_none() {
        let request = <x509_tsp::TimeStampReq as der::Decode>::from_der(data)
            .expect("a granted request decodes");
        let response = <x509_tsp::TimeStampResp as der::Decode>::from_der(&answer.der)
            .expect("a granted answer decodes");
        assert!(
            response.time_stamp_token.is_some(),
            "granted without a token"
        );
        assert_eq!(request.version, x509_tsp::TspVersion::V1);
    }
}

/// A GOST public key: a SubjectPublicKeyInfo DER through the key checks (parameter set, point
/// on the curve and in its subgroup), and the raw bytes as LE(X) ‖ LE(Y) on every set.
pub fn gost_public_key(data: &[u8]) {
    use crate::keys::gost::{self, ParamSet};
    if let Ok(spki) = <spki::SubjectPublicKeyInfoOwned as der::Decode>::from_der(data) {
        if let Ok((set, public)) = gost::encoding::from_public_key_info(&spki) {
            assert!(gost::valid_public_key(set, &public), "decoded but invalid");
        }
        let _ = crate::keys::canonical_spki(&spki);
    }
    for set in ParamSet::ALL {
        let _ = gost::valid_public_key(set, data);
    }
}

/// A GOST private key: PKCS#8 DER through the key loader, RFC 9337 encrypted DER through the
/// decryption (when it asks for few PBKDF2 rounds: the fuzzer's time goes to parsing), and the
/// raw bytes as d on every set.
pub fn gost_private_key(data: &[u8]) {
    use crate::keys::gost::{password, GostKey, ParamSet};
    let _ = crate::SoftwareKey::from_pkcs8(data);
    if password::iterations(data).is_some_and(|rounds| rounds <= 64) {
        let decrypted = password::decrypt(data, b"fuzz").expect("an RFC 9337 key");
        if let Ok(pkcs8) = decrypted {
            let _ = crate::SoftwareKey::from_pkcs8(&pkcs8);
        }
    }
    for set in ParamSet::ALL {
        if let Ok(key) = GostKey::from_private(set, data) {
            assert!(crate::keys::gost::valid_public_key(set, key.public_le()));
        }
    }
}

/// A GOST signature over a fixed message, against a fixed key of every set: no fuzzed
/// signature verifies.
pub fn gost_signature(data: &[u8]) {
    use crate::keys::gost::{self, GostKey, ParamSet};
    static KEYS: OnceLock<Vec<GostKey>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        ParamSet::ALL
            .into_iter()
            .map(|set| GostKey::generate(set).expect("key"))
            .collect()
    });
    for key in keys {
        let set = key.param_set();
        assert!(
            !gost::verify(set, key.public_le(), b"fuzz", data),
            "a fuzzed signature verified on {set}"
        );
    }
}
