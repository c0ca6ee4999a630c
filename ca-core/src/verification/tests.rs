//! Unit tests of verification: signatures made here, tampered with, and judged.

use super::*;
use crate::issuance::self_signed_root;
use crate::signing::{sign_detached, signing_certificate_v2, SignOptions};
use crate::{Identifiers, KeyAlgorithm, Signer, SoftwareKey};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfos};
use der::asn1::SetOfVec;
use der::Any;
use x509_cert::attr::{Attribute, AttributeValue};

fn self_signed(cn: &str, start: u64) -> (SoftwareKey, Vec<u8>) {
    let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
    let name = crate::names::subject::parse_subject(cn, &Identifiers::default()).expect("name");
    let cert = self_signed_root(name, &key, start, 365).expect("cert");
    (key, cert)
}

/// A root and a signing certificate it issued at `start`, with the signer's key.
fn root_and_signer(start: u64) -> (Vec<u8>, SoftwareKey, Vec<u8>) {
    let ca = crate::test_ca::TestCa::new("CN=Root", start);
    let (key, cert) = ca.issue_new("CN=Signer", "signing");
    (ca.root, key, cert)
}

const CONTENT: &[u8] = b"an application";

/// `content` signed at `start + 5` with a certificate a root issued.
struct Signed {
    root: Vec<u8>,
    key: SoftwareKey,
    cert: Vec<u8>,
    der: Vec<u8>,
    /// Trusting the root at `start + 10`, revocation off.
    options: VerifyOptions,
}

fn signed_by_issued_certificate(start: u64, content: &[u8]) -> Signed {
    let (root, key, cert) = root_and_signer(start);
    let der = sign_detached(content, &key, &cert, &[], &SignOptions::at(start + 5)).expect("sign");
    let options = VerifyOptions {
        policy: RevocationPolicy::Off,
        ..VerifyOptions::new(vec![root.clone()], start + 10)
    };
    Signed {
        root,
        key,
        cert,
        der,
        options,
    }
}

fn check<'a>(report: &'a Report, name: &str) -> &'a Check {
    report
        .checks
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no {name} check in {report:?}"))
}

/// Changes the signed attributes with `edit` and signs them again with `key`: the
/// signature value stays valid over whatever the attributes now say.
fn resign(der: &[u8], key: &SoftwareKey, edit: impl FnOnce(&mut Vec<Attribute>)) -> Vec<u8> {
    let mut info = ContentInfo::from_der(der).expect("ci");
    let mut signed: SignedData = info.content.decode_as().expect("sd");
    let mut signer = signed.signer_infos.0.as_slice()[0].clone();
    let mut attrs: Vec<Attribute> = signer.signed_attrs.clone().expect("attrs").into_vec();
    edit(&mut attrs);
    let attrs = SetOfVec::try_from(attrs).expect("attrs");
    signer.signature =
        OctetString::new(key.sign(&attrs.to_der().expect("der")).expect("sign")).expect("o");
    signer.signed_attrs = Some(attrs);
    signed.signer_infos = SignerInfos(SetOfVec::try_from(vec![signer]).expect("set"));
    info.content = Any::from_der(&signed.to_der().expect("der")).expect("any");
    info.to_der().expect("der")
}

/// Replaces the signingCertificateV2 attribute with one naming `other`.
fn rebind(der: &[u8], other: &[u8], key: &SoftwareKey) -> Vec<u8> {
    let value = AttributeValue::from_der(
        &signing_certificate_v2(other, DigestAlgorithm::Sha256)
            .expect("v2")
            .to_der()
            .expect("der"),
    )
    .expect("value");
    resign(der, key, |attrs| {
        for a in attrs.iter_mut() {
            if a.oid == ATTR_SIGNING_CERTIFICATE_V2 {
                a.values = SetOfVec::try_from(vec![value.clone()]).expect("set");
            }
        }
    })
}

fn digest_value(bytes: &[u8]) -> AttributeValue {
    let digest = DigestAlgorithm::Sha256.digest(bytes);
    AttributeValue::from_der(&OctetString::new(digest).expect("o").to_der().expect("der"))
        .expect("value")
}

#[test]
fn a_signed_attribute_allowed_once_may_not_repeat() {
    let start = 1_700_000_000;
    let Signed {
        key, der, options, ..
    } = signed_by_issued_certificate(start, CONTENT);
    let content = CONTENT;
    // A second messageDigest attribute naming other content: the first one matches.
    let other = digest_value(b"another application");
    let twice = resign(&der, &key, |attrs| {
        attrs.push(Attribute {
            oid: ATTR_MESSAGE_DIGEST,
            values: SetOfVec::try_from(vec![other.clone()]).expect("set"),
        })
    });
    let report = verify_detached(&twice, content, &options).expect("report");
    assert!(!report.valid());
    assert!(
        check(&report, "signed-attributes")
            .detail
            .contains("messageDigest appears 2 times"),
        "{report:?}"
    );
    // One messageDigest attribute with two values.
    let two_values = resign(&der, &key, |attrs| {
        for a in attrs.iter_mut() {
            if a.oid == ATTR_MESSAGE_DIGEST {
                let mut values = a.values.clone().into_vec();
                values.push(other.clone());
                a.values = SetOfVec::try_from(values).expect("set");
            }
        }
    });
    let report = verify_detached(&two_values, content, &options).expect("report");
    assert!(
        check(&report, "signed-attributes")
            .detail
            .contains("2 values"),
        "{report:?}"
    );
    // The untouched signature verifies.
    assert!(verify_detached(&der, content, &options)
        .expect("report")
        .valid());
}

/// A SignedData whose certificate set is `certificates`, spliced in as DER (building it
/// with `cms` would sort the set, the quadratic cost under test).
fn with_certificates(der: &[u8], certificates: &[Vec<u8>]) -> Vec<u8> {
    let info = ContentInfo::from_der(der).expect("ci");
    let signed: SignedData = info.content.decode_as().expect("sd");
    let wrap = |tag: der::Tag, content: &[u8]| {
        let mut out = der::Header::new(tag, der::Length::try_from(content.len()).expect("len"))
            .expect("header")
            .to_der()
            .expect("der");
        out.extend_from_slice(content);
        out
    };
    let mut body = signed.version.to_der().expect("v");
    body.extend(signed.digest_algorithms.to_der().expect("d"));
    body.extend(signed.encap_content_info.to_der().expect("e"));
    let set_tag = der::Tag::ContextSpecific {
        constructed: true,
        number: der::TagNumber::N0,
    };
    body.extend(wrap(set_tag, &certificates.concat()));
    body.extend(signed.signer_infos.to_der().expect("s"));
    let signed_data = wrap(der::Tag::Sequence, &body);
    let mut content = info.content_type.to_der().expect("oid");
    content.extend(wrap(set_tag, &signed_data));
    wrap(der::Tag::Sequence, &content)
}

#[test]
fn a_signature_stuffed_with_certificates_costs_linear_time_and_says_so() {
    let start = 1_700_000_000;
    let Signed {
        root,
        cert,
        der,
        options,
        ..
    } = signed_by_issued_certificate(start, CONTENT);
    let content = CONTENT;
    // 20,000 distinct certificates named like the signer's issuer (6 MB), the signer's
    // own certificate among them twice.
    let template = Certificate::from_der(&root).expect("cert");
    let mut stuffed: Vec<Vec<u8>> = (1..=20_000u32)
        .map(|i| {
            let mut c = template.clone();
            c.tbs_certificate.serial_number =
                x509_cert::serial_number::SerialNumber::new(&i.to_be_bytes()).expect("serial");
            c.to_der().expect("der")
        })
        .collect();
    stuffed.insert(10_000, cert.clone());
    stuffed.push(cert.clone());
    let big = with_certificates(&der, &stuffed);
    assert!(big.len() > 6_000_000);
    let report = verify_detached(&big, content, &options).expect("report");
    assert!(report.valid(), "{:?}", report.errors());
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.english().contains("20002 certificates")),
        "{:?}",
        report.notes
    );
    assert!(report
        .notes
        .iter()
        .any(|n| n.english().contains("1 duplicate")));
}
#[test]
fn a_time_stamp_needs_a_certificate_for_time_stamping() {
    // openssl ts refuses to sign with such a certificate, so this is shown on the path
    // check that timestamp::verify_token makes of the TSA's certificate.
    let start = 1_700_000_000;
    let (root, _, cert) = root_and_signer(start);
    let roots = [root];
    let tsa_path = path::build(
        &cert,
        &[],
        &roots,
        start + 10,
        &[path::EKU_TIME_STAMPING],
        true,
    );
    assert!(
        tsa_path
            .as_ref()
            .is_err_and(|why| why.english().contains("not for this purpose")),
        "{tsa_path:?}"
    );
    let signing_path = path::build(
        &cert,
        &[],
        &roots,
        start + 10,
        &[path::EKU_DOCUMENT_SIGNING],
        false,
    );
    assert!(signing_path.is_ok(), "{signing_path:?}");
}

#[test]
fn a_binding_to_another_certificate_fails_only_that_check() {
    let start = 1_700_000_000;
    let (key, cert) = self_signed("CN=Signer", start);
    let (_, other) = self_signed("CN=Someone else", start);
    let content = b"an application".as_slice();
    let der = sign_detached(content, &key, &cert, &[], &SignOptions::at(start + 5)).expect("sign");
    let options = VerifyOptions {
        policy: RevocationPolicy::Off,
        ..VerifyOptions::new(vec![cert.clone()], start + 10)
    };
    let honest = verify_detached(&der, content, &options).expect("report");
    assert!(check(&honest, "signing-certificate").passed, "{honest:?}");
    let rebound = rebind(&der, &other, &key);
    let report = verify_detached(&rebound, content, &options).expect("report");
    assert!(check(&report, "digest").passed);
    assert!(check(&report, "signature").passed, "{report:?}");
    assert!(!check(&report, "signing-certificate").passed);
    assert!(!report.valid());
    assert_eq!(report.signing_time, Some(start + 5));
}

/// The signature `der` with CAdES-X Long unsigned attributes (what other software writes for
/// long-term validation): certificate-values and revocation-values with `answers`.
fn with_x_long_values(
    der: &[u8],
    certificates: &[Vec<u8>],
    answers: &[x509_ocsp::BasicOcspResponse],
) -> Vec<u8> {
    #[derive(der::Sequence)]
    struct RevocationValues {
        #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
        ocsp_vals: Option<Vec<x509_ocsp::BasicOcspResponse>>,
    }
    let certs: Vec<x509_cert::Certificate> = certificates
        .iter()
        .map(|c| x509_cert::Certificate::from_der(c).expect("cert"))
        .collect();
    let value = |bytes: Vec<u8>| AttributeValue::from_der(&bytes).expect("value");
    let attributes = vec![
        Attribute {
            oid: crate::oid::ATTR_CERTIFICATE_VALUES,
            values: SetOfVec::try_from(vec![value(certs.to_der().expect("der"))]).expect("set"),
        },
        Attribute {
            oid: crate::oid::ATTR_REVOCATION_VALUES,
            values: SetOfVec::try_from(vec![value(
                RevocationValues {
                    ocsp_vals: Some(answers.to_vec()),
                }
                .to_der()
                .expect("der"),
            )])
            .expect("set"),
        },
    ];
    let mut info = ContentInfo::from_der(der).expect("ci");
    let mut signed: SignedData = info.content.decode_as().expect("sd");
    let mut signer = signed.signer_infos.0.as_slice()[0].clone();
    signer.unsigned_attrs = Some(SetOfVec::try_from(attributes).expect("attrs"));
    // SignedData holds the signer's certificate only; the root comes from the attribute.
    signed.signer_infos = SignerInfos(SetOfVec::try_from(vec![signer]).expect("set"));
    info.content = Any::from_der(&signed.to_der().expect("der")).expect("any");
    info.to_der().expect("der")
}

#[test]
fn cades_x_long_values_decide_offline_when_they_speak_for_the_validation_time_or_later() {
    let start = 1_700_000_000;
    let ca = crate::test_ca::TestCa::new("CN=Root", start);
    let (key, cert) = ca.issue_new("CN=Signer", "signing");
    let (responder_key, responder_cert) = ca.issue_new("CN=OCSP responder", "ocsp-signer");
    let responder =
        crate::ocsp::Responder::new(&ca.root, &responder_cert, Box::new(responder_key), 3600)
            .expect("responder");
    let der = sign_detached(CONTENT, &key, &cert, &[], &SignOptions::at(start + 5)).expect("sign");
    let parsed = x509_cert::Certificate::from_der(&cert).expect("cert");
    let root = x509_cert::Certificate::from_der(&ca.root).expect("root");
    let answer_at = |at: u64| {
        let query = crate::ocsp::client::Query::new(&parsed, &root).expect("query");
        let good = |_: &[u8]| Ok(crate::ocsp::CertState::Good);
        let response = responder.answer(query.der(), at, &good).der;
        crate::ocsp::client::basic_response(&response).expect("basic")
    };
    let options = VerifyOptions {
        offline: true,
        ..VerifyOptions::new(vec![ca.root.clone()], start + 10)
    };
    // No time-stamp: the validation time is now (start + 10); an answer from then on counts.
    let fresh = with_x_long_values(
        &der,
        std::slice::from_ref(&ca.root),
        &[answer_at(start + 20)],
    );
    let report = verify_detached(&fresh, CONTENT, &options).expect("report");
    assert!(report.valid(), "{report:?}");
    assert_eq!(report.revocation.status, "good");
    assert!(report.revocation.source.starts_with("embedded ocsp"));
    assert!(report.validation_data.iter().any(|i| i.used));
    // An answer from before the validation time proves nothing about it.
    let stale = with_x_long_values(
        &der,
        std::slice::from_ref(&ca.root),
        &[answer_at(start + 1)],
    );
    let report = verify_detached(&stale, CONTENT, &options).expect("report");
    assert!(!check(&report, "revocation").passed, "{report:?}");
    assert!(report
        .validation_data
        .iter()
        .any(|i| !i.used && i.detail.contains("before the validation time")));
    // A tampered answer (its signature no longer verifies) is not used.
    let mut tampered = answer_at(start + 20);
    let mut signature = tampered.signature.raw_bytes().to_vec();
    let last = signature.len() - 1;
    signature[last] ^= 1;
    tampered.signature = der::asn1::BitString::from_bytes(&signature).expect("bits");
    let forged = with_x_long_values(&der, std::slice::from_ref(&ca.root), &[tampered]);
    let report = verify_detached(&forged, CONTENT, &options).expect("report");
    assert!(!check(&report, "revocation").passed, "{report:?}");
}
