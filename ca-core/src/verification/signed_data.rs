//! Reading a CMS signature: the file (DER, BER or PEM), its SignedData, the signer's
//! certificate, attributes that may appear once, and the one check of a SignerInfo's signature.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use x509_cert::Certificate;

use super::ber;
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::verify_with_algorithm;
use crate::oid::ATTR_SIGNING_CERTIFICATE;
use crate::signing::{
    DigestAlgorithm, ATTR_CONTENT_TYPE, ATTR_MESSAGE_DIGEST, ATTR_SIGNING_CERTIFICATE_V2,
    ATTR_SIGNING_TIME, ID_SIGNED_DATA,
};

pub(super) fn unreadable(what: impl std::fmt::Display) -> Error {
    Error::Invalid(refusal!(
        "refusal-signature-unreadable",
        "the signature cannot be read: {problem}",
        problem = what
    ))
}

/// Reads a signature file: DER or BER, or PEM (`CMS` or `PKCS7`, text around it allowed).
pub fn signature_der(bytes: &[u8]) -> Result<Vec<u8>> {
    if crate::pem::is_pem(bytes) {
        return crate::pem::decode_labelled(bytes, &["CMS", "PKCS7"]).map_err(|e| {
            unreadable(format!(
                "{e}; give the .sig file (DER) or a CMS or PKCS7 PEM block"
            ))
        });
    }
    Ok(bytes.to_vec())
}

/// A signature decoded: its ContentInfo and SignedData, and what normalisation did (with
/// [`ber::Sets::Extract`], the certificates are in `normalized`, not in `signed`).
pub(crate) struct DecodedSignature {
    pub(super) info: ContentInfo,
    pub(super) signed: SignedData,
    pub(super) normalized: ber::Normalized,
}

impl DecodedSignature {
    pub(crate) fn into_parts(self) -> (ContentInfo, SignedData) {
        (self.info, self.signed)
    }

    /// The RevocationInfoChoice elements (DER) its SignedData.crls held.
    pub(crate) fn revocation_info(&self) -> &[Vec<u8>] {
        &self.normalized.revocation_info
    }

    /// The certificates taken out of the signature, decoded (undecodable ones skipped).
    pub(crate) fn certificates(&self) -> Vec<Certificate> {
        self.normalized
            .certificates
            .iter()
            .filter_map(|der| Certificate::from_der(der).ok())
            .collect()
    }
}

/// SignedData with its RevocationInfoChoices as they were read (DER elements): the `cms`
/// crate's OtherRevocationInfoFormat holds an AlgorithmIdentifier where RFC 5652 has an OBJECT
/// IDENTIFIER, so RFC 5940 OCSP items are carried through untouched.
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
struct SignedDataWithRevocationInfo {
    version: cms::content_info::CmsVersion,
    digest_algorithms: cms::signed_data::DigestAlgorithmIdentifiers,
    encap_content_info: cms::signed_data::EncapsulatedContentInfo,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    certificates: Option<cms::signed_data::CertificateSet>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    crls: Option<der::asn1::SetOfVec<der::Any>>,
    signer_infos: cms::signed_data::SignerInfos,
}

/// Encodes `info` with `signed` as its content and `revocation_info` (RevocationInfoChoice
/// elements, DER) as SignedData.crls; the DER ContentInfo.
pub(crate) fn encode_signature(
    mut info: ContentInfo,
    signed: SignedData,
    revocation_info: &[Vec<u8>],
) -> Result<Vec<u8>> {
    let crls = if revocation_info.is_empty() {
        None
    } else {
        let items = revocation_info
            .iter()
            .map(|der| der::Any::from_der(der))
            .collect::<der::Result<Vec<_>>>()?;
        Some(der::asn1::SetOfVec::try_from(items)?)
    };
    let whole = SignedDataWithRevocationInfo {
        version: signed.version,
        digest_algorithms: signed.digest_algorithms,
        encap_content_info: signed.encap_content_info,
        certificates: signed.certificates,
        crls,
        signer_infos: signed.signer_infos,
    };
    info.content = der::Any::from_der(&whole.to_der()?)?;
    Ok(info.to_der()?)
}

/// Decodes a signature or token (PEM, DER or BER) into its SignedData.
pub(crate) fn decode_signature(bytes: &[u8], sets: ber::Sets) -> Result<DecodedSignature> {
    let raw = signature_der(bytes)?;
    let normalized = ber::normalize(&raw, sets)?;
    let info = ContentInfo::from_der(&normalized.der).map_err(|e| {
        unreadable(format!(
            "not a CMS ContentInfo ({e}); is it truncated or not a signature?"
        ))
    })?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(unreadable(format!(
            "a CMS {} message, not SignedData",
            info.content_type
        )));
    }
    let signed: SignedData = info
        .content
        .decode_as()
        .map_err(|e| unreadable(format!("SignedData: {e}")))?;
    Ok(DecodedSignature {
        info,
        signed,
        normalized,
    })
}

/// The certificate a SignerInfo names, among `certificates`.
pub(crate) fn signer_certificate<'a>(
    signer: &SignerInfo,
    certificates: &'a [Certificate],
) -> Option<&'a Certificate> {
    certificates.iter().find(|c| names_signer(&signer.sid, c))
}

/// Signed attributes RFC 5652 and ESS allow once, with one value.
pub(super) const SINGLE_ATTRIBUTES: [(ObjectIdentifier, &str); 5] = [
    (ATTR_CONTENT_TYPE, "contentType"),
    (ATTR_MESSAGE_DIGEST, "messageDigest"),
    (ATTR_SIGNING_TIME, "signingTime"),
    (ATTR_SIGNING_CERTIFICATE, "signingCertificate"),
    (ATTR_SIGNING_CERTIFICATE_V2, "signingCertificateV2"),
];

/// Why the signed attributes break the once-only rule, if they do.
pub(super) fn repeated_attribute(signer: &SignerInfo) -> Option<crate::error::Refusal> {
    let attrs = signer.signed_attrs.as_ref()?;
    SINGLE_ATTRIBUTES.iter().find_map(|(oid, name)| {
        let present: Vec<_> = attrs.iter().filter(|a| a.oid == *oid).collect();
        let values: usize = present.iter().map(|a| a.values.len()).sum();
        match (present.len(), values) {
            (0, _) | (1, 1) => None,
            (1, n) => Some(refusal!(
                "check-attribute-values",
                "{name} has {count} values; it may have one",
                name = name,
                count = n
            )),
            (n, _) => Some(refusal!(
                "check-attribute-repeated",
                "{name} appears {count} times; it may appear once",
                name = name,
                count = n
            )),
        }
    })
}

/// The value of a signed attribute allowed once; an error if it is repeated.
pub(crate) fn attribute_once<T: for<'a> Decode<'a>>(
    signer: &SignerInfo,
    oid: ObjectIdentifier,
) -> Result<Option<T>> {
    let Some(attrs) = signer.signed_attrs.as_ref() else {
        return Ok(None);
    };
    let mut values = attrs
        .iter()
        .filter(|a| a.oid == oid)
        .flat_map(|a| a.values.iter());
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(unreadable(format!(
            "attribute {oid} has more than one value"
        )));
    }
    value
        .to_der()
        .and_then(|der| T::from_der(&der))
        .map(Some)
        .map_err(|e| unreadable(format!("attribute {oid}: {e}")))
}

pub(super) fn names_signer(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            ias.issuer == cert.tbs_certificate.issuer
                && ias.serial_number == cert.tbs_certificate.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => cert
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == crate::oid::SUBJECT_KEY_IDENTIFIER)
            .filter_map(|e| SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok())
            .any(|own| own == *ski),
    }
}

/// The signature algorithm to verify with: CMS signers often name only the key type
/// (rsaEncryption, id-ecPublicKey) and leave the hash to the digest algorithm.
pub(crate) fn signature_oid(named: ObjectIdentifier, digest: DigestAlgorithm) -> ObjectIdentifier {
    use crate::oid;
    let pick = |sha256, sha384, sha512| match digest {
        DigestAlgorithm::Sha256 => sha256,
        DigestAlgorithm::Sha384 => sha384,
        DigestAlgorithm::Sha512 => sha512,
        // A GOST key names its own algorithm; RSA or EC with Streebog is nothing that verifies.
        DigestAlgorithm::Streebog256 | DigestAlgorithm::Streebog512 => named,
    };
    if named == oid::RSA_ENCRYPTION {
        pick(
            oid::SHA256_WITH_RSA,
            oid::SHA384_WITH_RSA,
            oid::SHA512_WITH_RSA,
        )
    } else if named == oid::EC_PUBLIC_KEY {
        pick(
            oid::ECDSA_WITH_SHA256,
            oid::ECDSA_WITH_SHA384,
            oid::ECDSA_WITH_SHA512,
        )
    } else {
        named
    }
}

/// Whether the signature of `signer` over the DER of its signed attributes verifies with
/// `cert`'s key (the signature algorithm completed with the hash of `digest`).
pub(crate) fn signed_by(
    signer: &SignerInfo,
    signed_attrs: &cms::signed_data::SignedAttributes,
    cert: &Certificate,
    digest: DigestAlgorithm,
) -> Result<bool> {
    Ok(verify_with_algorithm(
        &cert.tbs_certificate.subject_public_key_info,
        &signature_oid(signer.signature_algorithm.oid, digest),
        &signed_attrs.to_der()?,
        signer.signature.as_bytes(),
    ))
}
