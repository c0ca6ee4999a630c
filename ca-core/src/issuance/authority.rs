//! The CA as a signer: its certificate and its unlocked key, paired and checked to match.

use der::Decode;
use x509_cert::certificate::Certificate;
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use x509_cert::name::Name;

use super::certificate::key_identifier;
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::Signer;
use crate::names::subject::display_name;
use crate::time::unix_of;

/// The CA as a signer of certificates: its certificate, chain and unlocked key.
pub struct Authority {
    certificate: Certificate,
    key_id: Vec<u8>,
    signer: Box<dyn Signer>,
}

impl std::fmt::Debug for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Authority({})", display_name(self.name()))
    }
}

impl Authority {
    /// Pairs the CA certificate with its key; refuses a key that does not match.
    pub fn new(certificate_der: &[u8], signer: Box<dyn Signer>) -> Result<Self> {
        let certificate = Certificate::from_der(certificate_der).map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-ca-certificate",
                "CA certificate: {problem}",
                problem = e
            ))
        })?;
        if certificate.tbs_certificate.subject_public_key_info != *signer.public_key() {
            return Err(Error::Key(refusal!(
                "refusal-key-ca-key-does-not",
                "the CA key does not belong to the CA certificate"
            )));
        }
        let key_id = match certificate.tbs_certificate.get::<SubjectKeyIdentifier>() {
            Ok(Some((_, ski))) => ski.0.as_bytes().to_vec(),
            _ => key_identifier(&certificate.tbs_certificate.subject_public_key_info),
        };
        Ok(Authority {
            certificate,
            key_id,
            signer,
        })
    }

    /// The CA's subject, the issuer of what it signs.
    pub fn name(&self) -> &Name {
        &self.certificate.tbs_certificate.subject
    }

    /// The names no holder may take: this CA's and its issuer's.
    pub fn chain_names(&self) -> Vec<&Name> {
        let tbs = &self.certificate.tbs_certificate;
        vec![&tbs.subject, &tbs.issuer]
    }

    /// End of the CA certificate's validity, Unix seconds.
    pub fn not_after(&self) -> u64 {
        unix_of(&self.certificate.tbs_certificate.validity.not_after)
    }

    /// The CA's key identifier (its SKI), written as AKI into what it signs.
    pub fn key_id(&self) -> &[u8] {
        &self.key_id
    }

    /// The CA's signer.
    pub fn signer(&self) -> &dyn Signer {
        self.signer.as_ref()
    }
}
