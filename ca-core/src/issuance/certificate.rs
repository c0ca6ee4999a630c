//! Certificate assembly: x509-cert structures encoded by `der`, signed through a [`Signer`].
//! Nothing here knows how the key is held.

use der::asn1::{BitString, Ia5String, Null, OctetString};
use der::Encode;
use sha1::{Digest, Sha1};
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::certificate::{Certificate, TbsCertificate, Version};
use x509_cert::ext::pkix::crl::dp::DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{
    AccessDescription, AuthorityInfoAccessSyntax, AuthorityKeyIdentifier, BasicConstraints,
    CertificatePolicies, CrlDistributionPoints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectKeyIdentifier,
};
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::time::Validity;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::Signer;
use crate::profile::config::CaSettings;
use crate::profile::Profile;
use crate::request::identification::IdentificationKind;
use crate::serial::Serial;
use crate::time::x509_time;

use crate::oid::{AD_CA_ISSUERS, AD_OCSP, OCSP_NOCHECK};

/// RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits.
pub fn key_identifier(spki: &SubjectPublicKeyInfoOwned) -> Vec<u8> {
    Sha1::digest(spki.subject_public_key.raw_bytes()).to_vec()
}

/// Wraps an extension value.
pub fn extension<T: Encode + der::oid::AssociatedOid>(
    critical: bool,
    value: &T,
) -> Result<Extension> {
    Ok(Extension {
        extn_id: T::OID,
        critical,
        extn_value: OctetString::new(value.to_der()?)?,
    })
}

fn uri(url: &str) -> Result<GeneralName> {
    let ia5 = Ia5String::new(url).map_err(|_| {
        Error::Invalid(refusal!(
            "refusal-url-not-ascii",
            "URL {url:?} must be ASCII",
            url = url
        ))
    })?;
    Ok(GeneralName::UniformResourceIdentifier(ia5))
}

fn key_usage(bits: &[KeyUsages]) -> KeyUsage {
    let mut set = flagset::FlagSet::<KeyUsages>::default();
    for bit in bits {
        set |= *bit;
    }
    KeyUsage(set)
}

/// The extensions a profile gives a certificate for `subject_key` issued by the CA whose key
/// identifier is `issuer_key_id`.
pub fn profile_extensions(
    profile: &Profile,
    subject_key: &SubjectPublicKeyInfoOwned,
    issuer_key_id: &[u8],
    ca: &CaSettings,
    identification: IdentificationKind,
) -> Result<Vec<Extension>> {
    let mut exts = Vec::new();
    if let Some(path_len) = profile.ca_path_len {
        exts.push(extension(
            true,
            &BasicConstraints {
                ca: true,
                path_len_constraint: Some(path_len),
            },
        )?);
    }
    exts.push(extension(true, &key_usage(&profile.key_usage))?);
    if !profile.extended_key_usage.is_empty() {
        exts.push(extension(
            profile.extended_key_usage_critical,
            &ExtendedKeyUsage(profile.extended_key_usage.clone()),
        )?);
    }
    exts.push(extension(
        false,
        &SubjectKeyIdentifier(OctetString::new(key_identifier(subject_key))?),
    )?);
    exts.push(extension(
        false,
        &AuthorityKeyIdentifier {
            key_identifier: Some(OctetString::new(issuer_key_id)?),
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        },
    )?);
    if !profile.policies.is_empty() {
        let policies = profile
            .policies
            .iter()
            .map(|oid| x509_cert::ext::pkix::certpolicy::PolicyInformation {
                policy_identifier: *oid,
                policy_qualifiers: None,
            })
            .collect();
        exts.push(extension(false, &CertificatePolicies(policies))?);
    }
    if profile.aia {
        let mut access = Vec::new();
        if let Some(url) = &ca.ocsp_url {
            access.push(AccessDescription {
                access_method: AD_OCSP,
                access_location: uri(url)?,
            });
        }
        if let Some(url) = &ca.ca_issuers_url {
            access.push(AccessDescription {
                access_method: AD_CA_ISSUERS,
                access_location: uri(url)?,
            });
        }
        if !access.is_empty() {
            exts.push(extension(false, &AuthorityInfoAccessSyntax(access))?);
        }
    }
    if profile.crl_distribution_point {
        if let Some(url) = &ca.crl_url {
            exts.push(extension(
                false,
                &CrlDistributionPoints(vec![DistributionPoint {
                    distribution_point: Some(DistributionPointName::FullName(vec![uri(url)?])),
                    reasons: None,
                    crl_issuer: None,
                }]),
            )?);
        }
    }
    if profile.identification_kind {
        exts.push(Extension {
            extn_id: crate::request::identification::OID,
            critical: false,
            extn_value: OctetString::new(identification.value().to_der()?)?,
        });
    }
    if profile.ocsp_nocheck {
        exts.push(Extension {
            extn_id: OCSP_NOCHECK,
            critical: false,
            extn_value: OctetString::new(Null.to_der()?)?,
        });
    }
    Ok(exts)
}

/// The extensions of a self-signed root CA certificate.
pub fn root_extensions(key: &SubjectPublicKeyInfoOwned) -> Result<Vec<Extension>> {
    let id = key_identifier(key);
    Ok(vec![
        extension(
            true,
            &BasicConstraints {
                ca: true,
                path_len_constraint: None,
            },
        )?,
        extension(
            true,
            &key_usage(&[
                KeyUsages::KeyCertSign,
                KeyUsages::CRLSign,
                KeyUsages::DigitalSignature,
            ]),
        )?,
        extension(false, &SubjectKeyIdentifier(OctetString::new(id.clone())?))?,
        extension(
            false,
            &AuthorityKeyIdentifier {
                key_identifier: Some(OctetString::new(id)?),
                authority_cert_issuer: None,
                authority_cert_serial_number: None,
            },
        )?,
    ])
}

/// Everything that goes into a certificate but the signature.
#[derive(Debug, Clone)]
pub struct CertificateContents {
    /// Serial number.
    pub serial: Serial,
    /// Issuer name (the CA's subject, or the subject itself for a root).
    pub issuer: Name,
    /// Subject name.
    pub subject: Name,
    /// Subject public key.
    pub public_key: SubjectPublicKeyInfoOwned,
    /// Validity start, Unix seconds.
    pub not_before: u64,
    /// Validity end, Unix seconds.
    pub not_after: u64,
    /// Extensions.
    pub extensions: Vec<Extension>,
}

/// Signs the contents with `signer` and returns the certificate's DER.
pub fn sign_certificate(contents: CertificateContents, signer: &dyn Signer) -> Result<Vec<u8>> {
    let algorithm = signer.signature_algorithm();
    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: contents.serial.to_x509()?,
        signature: algorithm.clone(),
        issuer: contents.issuer,
        validity: Validity {
            not_before: x509_time(contents.not_before)?,
            not_after: x509_time(contents.not_after)?,
        },
        subject: contents.subject,
        subject_public_key_info: contents.public_key,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(contents.extensions),
    };
    let tbs_der = tbs.to_der()?;
    let signature = signer.sign(&tbs_der)?;
    let certificate = Certificate {
        tbs_certificate: tbs,
        signature_algorithm: algorithm,
        signature: BitString::from_bytes(&signature)?,
    };
    Ok(certificate.to_der()?)
}

/// The fields of a certificate an officer reads first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Serial number.
    pub serial: Serial,
    /// Subject, RFC 4514.
    pub subject: String,
    /// Issuer, RFC 4514.
    pub issuer: String,
    /// Validity start, Unix seconds.
    pub not_before: u64,
    /// Validity end, Unix seconds.
    pub not_after: u64,
}

/// Reads the summary of a DER certificate.
pub fn summary(der: &[u8]) -> Result<Summary> {
    let cert = <Certificate as der::Decode>::from_der(der).map_err(|e| {
        Error::Invalid(refusal!(
            "refusal-not-certificate",
            "not a certificate: {problem}",
            problem = e
        ))
    })?;
    let tbs = &cert.tbs_certificate;
    Ok(Summary {
        serial: Serial::from_bytes(tbs.serial_number.as_bytes())?,
        subject: crate::names::subject::display_name(&tbs.subject),
        issuer: crate::names::subject::display_name(&tbs.issuer),
        not_before: crate::time::unix_of(&tbs.validity.not_before),
        not_after: crate::time::unix_of(&tbs.validity.not_after),
    })
}
