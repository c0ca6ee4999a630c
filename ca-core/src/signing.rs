//! Detached CMS signatures (RFC 5652 SignedData) with the CAdES-BES signed attributes:
//! contentType, messageDigest, signingTime and signingCertificateV2 (RFC 5035). The content is
//! hashed as a stream, so memory does not grow with it; the structures are RustCrypto `cms`
//! types, the signature goes through any [`Signer`].
//!
//! ```
//! use ca_core::signing::{sign_detached, SignOptions};
//! # use ca_core::{KeyAlgorithm, SoftwareKey, Signer, Identifiers};
//! # let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256)?;
//! # let name = ca_core::names::subject::parse_subject("CN=Signer", &Identifiers::default())?;
//! # let cert = ca_core::issuance::self_signed_root(name, &key, 1_700_000_000, 365)?;
//! // `cert` is the signer's certificate (DER), `key` its private key.
//! let document = b"application for a state service".as_slice();
//! let signature = sign_detached(document, &key, &cert, &[], &SignOptions::at(1_700_000_100))?;
//! assert!(!signature.is_empty());
//! # Ok::<(), ca_core::Error>(())
//! ```

use std::io::Read;

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::{Attribute, AttributeValue};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::Certificate;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::{KeyAlgorithm, Signer};

/// id-data: the content is arbitrary octets.
pub const ID_DATA: ObjectIdentifier = crate::oid::CMS_DATA;
/// id-signedData.
pub const ID_SIGNED_DATA: ObjectIdentifier = crate::oid::CMS_SIGNED_DATA;
/// The contentType signed attribute.
pub const ATTR_CONTENT_TYPE: ObjectIdentifier = crate::oid::ATTR_CONTENT_TYPE;
/// The messageDigest signed attribute.
pub const ATTR_MESSAGE_DIGEST: ObjectIdentifier = crate::oid::ATTR_MESSAGE_DIGEST;
/// The signingTime signed attribute.
pub const ATTR_SIGNING_TIME: ObjectIdentifier = crate::oid::ATTR_SIGNING_TIME;
/// id-aa-signingCertificateV2 (RFC 5035).
pub const ATTR_SIGNING_CERTIFICATE_V2: ObjectIdentifier = crate::oid::ATTR_SIGNING_CERTIFICATE_V2;

/// A content digest algorithm: SHA-256, SHA-384 or SHA-512.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlgorithm {
    /// id-sha256.
    Sha256,
    /// id-sha384.
    Sha384,
    /// id-sha512.
    Sha512,
    /// GOST R 34.11-2012 Streebog-256.
    Streebog256,
    /// GOST R 34.11-2012 Streebog-512.
    Streebog512,
}

/// A running hash of any of the digest algorithms.
enum Hasher {
    Ring(ring::digest::Context),
    Streebog256(streebog::Streebog256),
    Streebog512(streebog::Streebog512),
}

impl Hasher {
    fn update(&mut self, bytes: &[u8]) {
        use streebog::digest::Digest;
        match self {
            Hasher::Ring(context) => context.update(bytes),
            Hasher::Streebog256(hash) => hash.update(bytes),
            Hasher::Streebog512(hash) => hash.update(bytes),
        }
    }

    fn finish(self) -> Vec<u8> {
        use streebog::digest::Digest;
        match self {
            Hasher::Ring(context) => context.finish().as_ref().to_vec(),
            Hasher::Streebog256(hash) => hash.finalize().to_vec(),
            Hasher::Streebog512(hash) => hash.finalize().to_vec(),
        }
    }
}

impl DigestAlgorithm {
    /// Its object identifier.
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            DigestAlgorithm::Sha256 => crate::oid::SHA256,
            DigestAlgorithm::Sha384 => crate::oid::SHA384,
            DigestAlgorithm::Sha512 => crate::oid::SHA512,
            DigestAlgorithm::Streebog256 => crate::oid::STREEBOG_256,
            DigestAlgorithm::Streebog512 => crate::oid::STREEBOG_512,
        }
    }

    /// The algorithm an identifier names, if supported.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        [
            DigestAlgorithm::Sha256,
            DigestAlgorithm::Sha384,
            DigestAlgorithm::Sha512,
            DigestAlgorithm::Streebog256,
            DigestAlgorithm::Streebog512,
        ]
        .into_iter()
        .find(|d| d.oid() == *oid)
    }

    fn hasher(self) -> Hasher {
        use streebog::digest::Digest;
        let ring = |algorithm| Hasher::Ring(ring::digest::Context::new(algorithm));
        match self {
            DigestAlgorithm::Sha256 => ring(&ring::digest::SHA256),
            DigestAlgorithm::Sha384 => ring(&ring::digest::SHA384),
            DigestAlgorithm::Sha512 => ring(&ring::digest::SHA512),
            DigestAlgorithm::Streebog256 => Hasher::Streebog256(streebog::Streebog256::new()),
            DigestAlgorithm::Streebog512 => Hasher::Streebog512(streebog::Streebog512::new()),
        }
    }

    /// The digest a signer with this key uses: SHA-384 for P-384, SHA-512 for Ed25519
    /// (RFC 8419), Streebog of the key's size for GOST, SHA-256 otherwise.
    pub fn for_key(algorithm: KeyAlgorithm) -> Self {
        match algorithm {
            KeyAlgorithm::EcdsaP384 => DigestAlgorithm::Sha384,
            KeyAlgorithm::Ed25519 => DigestAlgorithm::Sha512,
            KeyAlgorithm::Gost(set) if set.bits() == 512 => DigestAlgorithm::Streebog512,
            KeyAlgorithm::Gost(_) => DigestAlgorithm::Streebog256,
            _ => DigestAlgorithm::Sha256,
        }
    }

    /// Hashes everything `reader` yields, 1 MiB at a time. Reading runs on a second thread
    /// while this one hashes, the two handing four buffers back and forth: memory stays at
    /// 4 MiB whatever the size, and a file is hashed about as fast as the slower of the two.
    pub fn digest_reader(self, reader: &mut (dyn Read + Send)) -> Result<Vec<u8>> {
        const BUFFER: usize = 1 << 20;
        const BUFFERS: usize = 4;
        let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<(Vec<u8>, usize)>(BUFFERS);
        let (empty_tx, empty_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(BUFFERS);
        for _ in 0..BUFFERS {
            empty_tx
                .send(vec![0u8; BUFFER])
                .map_err(|_| Error::Encoding("digest buffers".into()))?;
        }
        let mut context = self.hasher();
        std::thread::scope(|scope| {
            let reading = scope.spawn(move || -> std::io::Result<()> {
                while let Ok(mut buffer) = empty_rx.recv() {
                    let n = loop {
                        match reader.read(&mut buffer) {
                            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                            other => break other?,
                        }
                    };
                    let done = n == 0;
                    if full_tx.send((buffer, n)).is_err() || done {
                        break;
                    }
                }
                Ok(())
            });
            while let Ok((buffer, n)) = full_rx.recv() {
                if n == 0 {
                    break;
                }
                context.update(&buffer[..n]);
                // The reader may have stopped on an error: then nobody takes this back.
                let _ = empty_tx.send(buffer);
            }
            drop(empty_tx);
            reading
                .join()
                .map_err(|_| Error::Encoding("the content reader panicked".into()))?
                .map_err(|e| Error::io("the content", e))
        })?;
        Ok(context.finish())
    }

    /// Hashes `bytes`.
    pub fn digest(self, bytes: &[u8]) -> Vec<u8> {
        let mut hasher = self.hasher();
        hasher.update(bytes);
        hasher.finish()
    }

    /// An AlgorithmIdentifier for it (parameters absent, RFC 5754).
    pub fn identifier(self) -> AlgorithmIdentifierOwned {
        AlgorithmIdentifierOwned {
            oid: self.oid(),
            parameters: None,
        }
    }
}

/// RFC 5035 ESSCertIDv2; `hash_algorithm` absent means SHA-256 (its DEFAULT).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct EssCertIdV2 {
    /// The hash of `cert_hash`, when not SHA-256.
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    /// The hash of the whole signer certificate.
    pub cert_hash: OctetString,
    /// The certificate's issuer and serial.
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// RFC 5035 IssuerSerial.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct IssuerSerial {
    /// The issuer, as GeneralNames (a directoryName).
    pub issuer: Vec<GeneralName>,
    /// The serial.
    pub serial_number: SerialNumber,
}

/// RFC 5035 SigningCertificateV2 (policies are never written, and ignored when read).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct SigningCertificateV2 {
    /// The signer certificate first.
    pub certs: Vec<EssCertIdV2>,
    /// Policies (not used here).
    #[asn1(optional = "true")]
    pub policies: Option<Vec<Any>>,
}

/// What to sign with.
#[derive(Debug, Clone)]
pub struct SignOptions {
    /// The signingTime to state, Unix seconds.
    pub signing_time: u64,
}

impl SignOptions {
    /// Signing at `unix` seconds.
    pub fn at(unix: u64) -> Self {
        SignOptions { signing_time: unix }
    }
}

pub(crate) fn attribute(oid: ObjectIdentifier, value: impl Encode) -> Result<Attribute> {
    let value = AttributeValue::from_der(&value.to_der()?)?;
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value])?,
    })
}

/// The signer's certificate from its DER.
fn signer_certificate(cert_der: &[u8]) -> Result<Certificate> {
    Certificate::from_der(cert_der).map_err(|e| {
        Error::Invalid(refusal!(
            "refusal-signer-certificate",
            "signer certificate: {problem}",
            problem = e
        ))
    })
}

/// The signingCertificateV2 value for `cert` (DER), its hash made with `algorithm` (named
/// explicitly unless it is SHA-256, the DEFAULT).
pub fn signing_certificate_v2(
    cert_der: &[u8],
    algorithm: DigestAlgorithm,
) -> Result<SigningCertificateV2> {
    let cert = signer_certificate(cert_der)?;
    Ok(SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: (algorithm != DigestAlgorithm::Sha256).then(|| algorithm.identifier()),
            cert_hash: OctetString::new(algorithm.digest(cert_der))?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(
                    cert.tbs_certificate.issuer.clone(),
                )],
                serial_number: cert.tbs_certificate.serial_number.clone(),
            }),
        }],
        policies: None,
    })
}

/// Signs the content `reader` yields into a detached CMS SignedData (DER): `key` is the
/// private key of the certificate `cert_der`; `chain` (DER, issuer first) is included after it.
pub fn sign_detached(
    mut reader: impl Read + Send,
    key: &dyn Signer,
    cert_der: &[u8],
    chain: &[Vec<u8>],
    options: &SignOptions,
) -> Result<Vec<u8>> {
    let cert = signer_certificate(cert_der)?;
    if cert.tbs_certificate.subject_public_key_info != *key.public_key() {
        return Err(Error::Key(refusal!(
            "refusal-key-key-does-not-belong",
            "the key does not belong to the certificate (their public keys differ)"
        )));
    }
    let key_algorithm = KeyAlgorithm::of_spki(key.public_key())?;
    let digest_algorithm = DigestAlgorithm::for_key(key_algorithm);
    let digest = digest_algorithm.digest_reader(&mut reader)?;
    let signed_attrs = SetOfVec::try_from(vec![
        attribute(ATTR_CONTENT_TYPE, ID_DATA)?,
        attribute(ATTR_MESSAGE_DIGEST, OctetString::new(digest)?)?,
        attribute(
            ATTR_SIGNING_TIME,
            crate::time::x509_time(options.signing_time)?,
        )?,
        attribute(
            ATTR_SIGNING_CERTIFICATE_V2,
            signing_certificate_v2(cert_der, digest_algorithm)?,
        )?,
    ])?;
    // RFC 5652 §5.4: the signature covers the DER of the attributes as a SET OF.
    let signature = key.sign(&signed_attrs.to_der()?)?;
    let mut certificates = vec![CertificateChoices::Certificate(cert.clone())];
    for der in chain {
        certificates.push(CertificateChoices::Certificate(
            Certificate::from_der(der).map_err(|e| {
                Error::Invalid(refusal!(
                    "refusal-chain-certificate",
                    "chain certificate: {problem}",
                    problem = e
                ))
            })?,
        ));
    }
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate.issuer.clone(),
            serial_number: cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: digest_algorithm.identifier(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: key.signature_algorithm(),
        signature: OctetString::new(signature)?,
        unsigned_attrs: None,
    };
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![digest_algorithm.identifier()])?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certificates)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info])?),
    };
    let content_info = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::from_der(&signed_data.to_der()?)?,
    };
    Ok(content_info.to_der()?)
}
