//! Tokens this TSA grants pass the verifier `ca verify` uses; refusals carry the right
//! PKIFailureInfo; a certificate that is not a TSA's, or a key that is not its, is refused.

use super::*;
use crate::test_ca::TestCa;
use crate::verification::timestamp::verify_token;
use crate::SoftwareKey;
use x509_tsp::MessageImprint;

const START: u64 = 1_790_000_000;

fn request(value: &[u8], policy: Option<ObjectIdentifier>, cert_req: bool) -> Vec<u8> {
    TimeStampReq {
        version: TspVersion::V1,
        message_imprint: MessageImprint {
            hash_algorithm: DigestAlgorithm::Sha256.identifier(),
            hashed_message: OctetString::new(DigestAlgorithm::Sha256.digest(value))
                .expect("test data"),
        },
        req_policy: policy,
        nonce: Some(Int::new(&[0x01, 0x23, 0x45]).expect("test data")),
        cert_req,
        extensions: None,
    }
    .to_der()
    .expect("test data")
}

fn authority(ca: &TestCa, profile: &str) -> Result<TimeStampAuthority> {
    let (key, cert) = ca.issue_new("CN=TSA,C=RU", profile);
    TimeStampAuthority::new(Box::new(key), cert, DEFAULT_POLICY)
}

#[test]
fn a_granted_token_verifies_at_its_gen_time_and_echoes_the_nonce() {
    let ca = TestCa::new("CN=Root,C=RU", START);
    let tsa = authority(&ca, "tsa").expect("a TSA");
    let answer = tsa
        .respond(&request(b"signature value", None, true), START + 60)
        .expect("answer");
    assert_eq!(answer.refused, None);
    let response = TimeStampResp::from_der(&answer.der).expect("a TimeStampResp");
    let token = response
        .time_stamp_token
        .expect("a token")
        .to_der()
        .expect("test data");
    let proven =
        verify_token(&token, b"signature value", std::slice::from_ref(&ca.root)).expect("verifies");
    assert_eq!(proven.gen_time, START + 60);
    // Another value's hash is not what it proves.
    assert!(verify_token(&token, b"another value", std::slice::from_ref(&ca.root)).is_err());
    let signed = cms::signed_data::SignedData::from_der(
        &ContentInfo::from_der(&token)
            .expect("test data")
            .content
            .to_der()
            .expect("test data"),
    )
    .expect("test data");
    let info = TstInfo::from_der(
        &signed
            .encap_content_info
            .econtent
            .expect("test data")
            .decode_as::<OctetString>()
            .expect("test data")
            .into_bytes(),
    )
    .expect("test data");
    assert_eq!(
        info.nonce,
        Some(Int::new(&[0x01, 0x23, 0x45]).expect("test data"))
    );
    assert_eq!(info.policy, DEFAULT_POLICY);
}

#[test]
fn serials_differ_and_the_certificate_comes_only_when_asked() {
    let ca = TestCa::new("CN=Root,C=RU", START);
    let tsa = authority(&ca, "tsa").expect("a TSA");
    let token = |cert_req| -> (SignedData, TstInfo) {
        let answer = tsa
            .respond(&request(b"v", None, cert_req), START)
            .expect("test data");
        let token = TimeStampResp::from_der(&answer.der)
            .expect("test data")
            .time_stamp_token
            .expect("test data");
        let signed =
            SignedData::from_der(&token.content.to_der().expect("test data")).expect("test data");
        let info_der = signed
            .encap_content_info
            .econtent
            .as_ref()
            .expect("test data")
            .decode_as::<OctetString>()
            .expect("test data")
            .into_bytes();
        (signed, TstInfo::from_der(&info_der).expect("test data"))
    };
    let (with, first) = token(true);
    let (without, second) = token(false);
    assert!(with.certificates.is_some());
    assert!(without.certificates.is_none());
    assert_ne!(first.serial_number, second.serial_number);
}

#[test]
fn refusals_say_why() {
    let ca = TestCa::new("CN=Root,C=RU", START);
    let tsa = authority(&ca, "tsa").expect("a TSA");
    let other_policy = ObjectIdentifier::new_unwrap("1.2.3.4");
    let mut sha1 = TimeStampReq::from_der(&request(b"v", None, false)).expect("test data");
    sha1.message_imprint.hash_algorithm.oid = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
    let mut short = TimeStampReq::from_der(&request(b"v", None, false)).expect("test data");
    short.message_imprint.hashed_message = OctetString::new(vec![0u8; 20]).expect("test data");
    for (der, expected) in [
        (
            request(b"v", Some(other_policy), false),
            Refusal::UnacceptedPolicy,
        ),
        (sha1.to_der().expect("test data"), Refusal::BadAlg),
        (short.to_der().expect("test data"), Refusal::BadAlg),
        (b"not DER".to_vec(), Refusal::BadRequest),
        (Vec::new(), Refusal::BadRequest),
    ] {
        let answer = tsa.respond(&der, START).expect("an answer");
        assert_eq!(answer.refused, Some(expected));
        let response = RefusalResponse::from_der(&answer.der).expect("a TimeStampResp");
        assert_eq!(response.status.status, PkiStatus::Rejection as u8);
        // The one bit RFC 3161 §2.4.2 names, most significant first.
        let bits: Vec<usize> = response
            .status
            .fail_info
            .bits()
            .enumerate()
            .filter_map(|(i, set)| set.then_some(i))
            .collect();
        assert_eq!(bits, vec![expected.bit()], "{expected:?}");
    }
    // The policy it states is accepted when named.
    let named = tsa
        .respond(&request(b"v", Some(DEFAULT_POLICY), false), START)
        .expect("test data");
    assert_eq!(named.refused, None);
}

#[test]
fn only_a_tsa_certificate_and_its_own_key_make_a_tsa() {
    let ca = TestCa::new("CN=Root,C=RU", START);
    let error = authority(&ca, "signing").expect_err("a signing certificate is not a TSA's");
    assert!(error.to_string().contains("timeStamping"), "{error}");
    let (_, cert) = ca.issue_new("CN=TSA,C=RU", "tsa");
    let (stranger, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("test data");
    let error =
        TimeStampAuthority::new(Box::new(stranger), cert, DEFAULT_POLICY).expect_err("another key");
    assert!(error.to_string().contains("does not belong"), "{error}");
}
