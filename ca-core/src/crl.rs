//! CRLs, full and delta (RFC 5280 §5), built from x509-cert structures and signed through the
//! CA's [`Signer`](crate::Signer): CRL number, AKI, delta CRL indicator, and per entry the reason
//! code and invalidity date. rcgen's CRL builder has no delta indicator, hence our own.

use der::asn1::ContextSpecific;
use der::asn1::{GeneralizedTime, Ia5String, OctetString, Uint};
use der::{DateTime, Encode, Header, Length, Tag, TagMode, TagNumber};
use x509_cert::crl::RevokedCert;
use x509_cert::ext::pkix::crl::dp::DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BaseCrlNumber, CrlNumber, CrlReason, FreshestCrl,
};
use x509_cert::ext::Extension;
use x509_cert::Version;

use crate::certificate::extension;
use crate::error::{Error, Result};
use crate::issuance::Authority;
use crate::revocation::{CrlEntry, Reason};
use crate::serial::Serial;
use crate::time::x509_time;

/// invalidityDate (RFC 5280 §5.3.2); x509-cert 0.2 has no type for it.
const INVALIDITY_DATE: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.5.29.24");

/// What goes into one CRL besides its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrlParams {
    /// CRL number.
    pub number: u64,
    /// For a delta CRL, the number of the full CRL it completes.
    pub delta_base: Option<u64>,
    /// thisUpdate, Unix seconds.
    pub this_update: u64,
    /// nextUpdate, Unix seconds.
    pub next_update: u64,
}

fn uint(n: u64) -> Result<Uint> {
    Ok(Uint::new(&n.to_be_bytes())?)
}

/// One revoked-certificate entry. A released hold (delta CRLs only) is removeFromCRL.
fn revoked_cert(serial: &[u8], entry: &CrlEntry) -> Result<RevokedCert> {
    let mut extensions = Vec::new();
    let reason = if entry.released {
        Some(CrlReason::RemoveFromCRL)
    } else if entry.revocation.reason == Reason::Unspecified {
        None // RFC 5280 §5.3.1: the unspecified code SHOULD be absent.
    } else {
        Some(entry.revocation.reason.crl_reason())
    };
    if let Some(reason) = reason {
        extensions.push(extension(false, &reason)?);
    }
    if let Some(invalid) = entry.revocation.invalidity_date.filter(|_| !entry.released) {
        let when = DateTime::from_unix_duration(std::time::Duration::from_secs(invalid))
            .map_err(|e| Error::Encoding(format!("invalidity date: {e}")))?;
        extensions.push(Extension {
            extn_id: INVALIDITY_DATE,
            critical: false,
            extn_value: OctetString::new(GeneralizedTime::from_date_time(when).to_der()?)?,
        });
    }
    Ok(RevokedCert {
        serial_number: Serial::from_bytes(serial)?.to_x509()?,
        revocation_date: x509_time(entry.revocation.time)?,
        crl_entry_extensions: (!extensions.is_empty()).then_some(extensions),
    })
}

/// Builds a CRL entry by entry: each entry is DER-encoded as it is pushed, so memory holds the
/// encoded list (about 40 bytes an entry) and not a structure per entry. `finish` wraps the list
/// in the TBSCertList, signs it and returns the CRL's DER.
pub struct CrlBuilder<'a> {
    authority: &'a Authority,
    params: CrlParams,
    freshest_crl: Option<&'a str>,
    entries: Vec<u8>,
    count: usize,
}

impl<'a> CrlBuilder<'a> {
    /// Starts a CRL signed by `authority`; `freshest_crl` (full CRLs) announces delta CRLs.
    pub fn new(authority: &'a Authority, params: CrlParams, freshest_crl: Option<&'a str>) -> Self {
        CrlBuilder {
            authority,
            params,
            freshest_crl,
            entries: Vec::new(),
            count: 0,
        }
    }

    /// Adds the entry of `serial`.
    pub fn push(&mut self, serial: &[u8], entry: &CrlEntry) -> Result<()> {
        revoked_cert(serial, entry)?.encode_to_vec(&mut self.entries)?;
        self.count += 1;
        Ok(())
    }

    /// Entries pushed so far.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether no entry was pushed.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn extensions(&self) -> Result<Vec<Extension>> {
        let params = self.params;
        let mut crl_extensions = vec![
            extension(
                false,
                &AuthorityKeyIdentifier {
                    key_identifier: Some(OctetString::new(self.authority.key_id())?),
                    authority_cert_issuer: None,
                    authority_cert_serial_number: None,
                },
            )?,
            extension(false, &CrlNumber(uint(params.number)?))?,
        ];
        if let Some(base) = params.delta_base {
            crl_extensions.push(extension(true, &BaseCrlNumber(uint(base)?))?);
        }
        if let Some(url) = self.freshest_crl {
            let uri = Ia5String::new(url)
                .map_err(|_| Error::Invalid(format!("delta CRL URL {url:?} must be ASCII")))?;
            crl_extensions.push(extension(
                false,
                &FreshestCrl(vec![DistributionPoint {
                    distribution_point: Some(DistributionPointName::FullName(vec![
                        GeneralName::UniformResourceIdentifier(uri),
                    ])),
                    reasons: None,
                    crl_issuer: None,
                }]),
            )?);
        }
        Ok(crl_extensions)
    }

    /// Signs the CRL and returns its DER.
    pub fn finish(self) -> Result<Vec<u8>> {
        let algorithm = self.authority.signer().signature_algorithm();
        // TBSCertList, field by field in its order (RFC 5280 §5.1), each encoded by `der`.
        let mut head = Vec::new();
        Version::V2.encode_to_vec(&mut head)?;
        algorithm.encode_to_vec(&mut head)?;
        self.authority.name().encode_to_vec(&mut head)?;
        x509_time(self.params.this_update)?.encode_to_vec(&mut head)?;
        x509_time(self.params.next_update)?.encode_to_vec(&mut head)?;
        let list_header = if self.count > 0 {
            Some(Header::new(
                Tag::Sequence,
                Length::try_from(self.entries.len())?,
            )?)
        } else {
            None
        };
        let extensions = ContextSpecific {
            tag_number: TagNumber::N0,
            tag_mode: TagMode::Explicit,
            value: self.extensions()?,
        }
        .to_der()?;
        let list_len = match &list_header {
            Some(h) => usize::try_from(h.encoded_len()?)? + self.entries.len(),
            None => 0,
        };
        let body_len = Length::try_from(head.len() + list_len + extensions.len())?;
        let mut tbs = Vec::with_capacity(usize::try_from(body_len)? + 8);
        Header::new(Tag::Sequence, body_len)?.encode_to_vec(&mut tbs)?;
        tbs.extend_from_slice(&head);
        if let Some(h) = list_header {
            h.encode_to_vec(&mut tbs)?;
            tbs.extend_from_slice(&self.entries);
        }
        drop(self.entries);
        tbs.extend_from_slice(&extensions);
        let signature = self.authority.signer().sign(&tbs)?;
        let algorithm_der = algorithm.to_der()?;
        let signature_der = der::asn1::BitString::from_bytes(&signature)?.to_der()?;
        let total = Length::try_from(tbs.len() + algorithm_der.len() + signature_der.len())?;
        let mut crl = Vec::with_capacity(usize::try_from(total)? + 8);
        Header::new(Tag::Sequence, total)?.encode_to_vec(&mut crl)?;
        crl.extend_from_slice(&tbs);
        drop(tbs);
        crl.extend_from_slice(&algorithm_der);
        crl.extend_from_slice(&signature_der);
        Ok(crl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::revocation::Revocation;
    use crate::{Identifiers, KeyAlgorithm, SoftwareKey};
    use der::Decode;
    use x509_cert::crl::CertificateList;

    #[test]
    fn the_streamed_crl_decodes_and_its_signature_verifies() {
        let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        let name = crate::subject::parse_subject("CN=CRL CA", &Identifiers::default()).expect("n");
        let root =
            crate::issuance::self_signed_root(name, &key, 1_700_000_000, 3650).expect("root");
        let authority = Authority::new(&root, Box::new(key)).expect("authority");
        let params = CrlParams {
            number: 7,
            delta_base: None,
            this_update: 1_700_000_100,
            next_update: 1_700_086_500,
        };
        for count in [0usize, 1, 500] {
            let mut builder = CrlBuilder::new(&authority, params, Some("http://x/delta"));
            for i in 0..count {
                let entry = CrlEntry {
                    revocation: Revocation {
                        time: 1_700_000_000,
                        reason: Reason::ALL[i % Reason::ALL.len()],
                        invalidity_date: (i % 3 == 0).then_some(1_699_000_000),
                    },
                    released: false,
                    not_after: 1_800_000_000,
                    changed: 1_700_000_000,
                    after_crl: 0,
                };
                let serial = [0x10, (i >> 8) as u8, i as u8];
                builder.push(&serial, &entry).expect("push");
            }
            let der = builder.finish().expect("finish");
            let crl = CertificateList::from_der(&der).expect("decodes");
            let listed = crl
                .tbs_cert_list
                .revoked_certificates
                .as_ref()
                .map_or(0, Vec::len);
            assert_eq!(listed, count);
            let tbs = der::Encode::to_der(&crl.tbs_cert_list).expect("tbs");
            let ca = x509_cert::Certificate::from_der(&root).expect("ca");
            assert!(crate::keys::verify_signature(
                &ca.tbs_certificate.subject_public_key_info,
                &tbs,
                crl.signature.raw_bytes()
            ));
        }
    }
}
