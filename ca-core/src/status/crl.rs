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

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::issuance::certificate::extension;
use crate::issuance::Authority;
use crate::serial::Serial;
use crate::status::{CrlEntry, Reason};
use crate::time::x509_time;

use crate::oid::INVALIDITY_DATE;

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

/// Room kept for a DER header (tag and a length of up to 4 bytes).
const HEADER_ROOM: usize = 6;

/// Builds a CRL entry by entry in one buffer: each entry is DER-encoded straight into it as it
/// is pushed, after room left for the headers whose lengths are only known at the end, so memory
/// holds the CRL once (about 40 bytes an entry) and never a structure per entry.
pub struct CrlBuilder<'a> {
    authority: &'a Authority,
    params: CrlParams,
    freshest_crl: Option<&'a str>,
    /// `[outer header room][TBS header room][TBS fields before the list][list header room][entries]`
    buf: Vec<u8>,
    prefix_len: usize,
    count: usize,
}

fn header(len: usize) -> Result<Vec<u8>> {
    Ok(Header::new(Tag::Sequence, Length::try_from(len)?)?.to_der()?)
}

impl<'a> CrlBuilder<'a> {
    /// Starts a CRL signed by `authority`; `freshest_crl` (full CRLs) announces delta CRLs.
    pub fn new(
        authority: &'a Authority,
        params: CrlParams,
        freshest_crl: Option<&'a str>,
    ) -> Result<Self> {
        let mut buf = vec![0u8; 2 * HEADER_ROOM];
        // TBSCertList fields before revokedCertificates (RFC 5280 §5.1), each encoded by `der`.
        Version::V2.encode_to_vec(&mut buf)?;
        authority
            .signer()
            .signature_algorithm()
            .encode_to_vec(&mut buf)?;
        authority.name().encode_to_vec(&mut buf)?;
        x509_time(params.this_update)?.encode_to_vec(&mut buf)?;
        x509_time(params.next_update)?.encode_to_vec(&mut buf)?;
        let prefix_len = buf.len() - 2 * HEADER_ROOM;
        buf.resize(buf.len() + HEADER_ROOM, 0);
        Ok(CrlBuilder {
            authority,
            params,
            freshest_crl,
            buf,
            prefix_len,
            count: 0,
        })
    }

    /// Adds the entry of `serial`.
    pub fn push(&mut self, serial: &[u8], entry: &CrlEntry) -> Result<()> {
        revoked_cert(serial, entry)?.encode_to_vec(&mut self.buf)?;
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
            let uri = Ia5String::new(url).map_err(|_| {
                Error::Invalid(refusal!(
                    "refusal-delta-url-not-ascii",
                    "delta CRL URL {url:?} must be ASCII",
                    url = url
                ))
            })?;
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
        let extensions = ContextSpecific {
            tag_number: TagNumber::N0,
            tag_mode: TagMode::Explicit,
            value: self.extensions()?,
        }
        .to_der()?;
        let algorithm = self.authority.signer().signature_algorithm();
        let mut buf = self.buf;
        let prefix_at = 2 * HEADER_ROOM;
        let entries_at = prefix_at + self.prefix_len + HEADER_ROOM;
        let entries_len = buf.len() - entries_at;
        let list_header = if self.count > 0 {
            header(entries_len)?
        } else {
            Vec::new()
        };
        let tbs_header =
            header(self.prefix_len + list_header.len() + entries_len + extensions.len())?;
        // Close the gaps left for the headers, moving everything left within the buffer.
        let tbs_at = HEADER_ROOM;
        let new_prefix_at = tbs_at + tbs_header.len();
        buf.copy_within(prefix_at..prefix_at + self.prefix_len, new_prefix_at);
        buf[tbs_at..new_prefix_at].copy_from_slice(&tbs_header);
        let list_at = new_prefix_at + self.prefix_len;
        let new_entries_at = list_at + list_header.len();
        buf.copy_within(entries_at..entries_at + entries_len, new_entries_at);
        buf[list_at..new_entries_at].copy_from_slice(&list_header);
        buf.truncate(new_entries_at + entries_len);
        buf.extend_from_slice(&extensions);
        let signature = self.authority.signer().sign(&buf[tbs_at..])?;
        algorithm.encode_to_vec(&mut buf)?;
        der::asn1::BitString::from_bytes(&signature)?.encode_to_vec(&mut buf)?;
        let outer = header(buf.len() - tbs_at)?;
        let start = tbs_at - outer.len();
        buf[start..tbs_at].copy_from_slice(&outer);
        buf.drain(..start);
        Ok(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::Revocation;
    use crate::{Identifiers, KeyAlgorithm, SoftwareKey};
    use der::Decode;
    use x509_cert::crl::CertificateList;

    #[test]
    fn the_streamed_crl_decodes_and_its_signature_verifies() {
        let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        let name =
            crate::names::subject::parse_subject("CN=CRL CA", &Identifiers::default()).expect("n");
        let root =
            crate::issuance::self_signed_root(name, &key, 1_700_000_000, 3650).expect("root");
        let authority = Authority::new(&root, Box::new(key)).expect("authority");
        let params = CrlParams {
            number: 7,
            delta_base: None,
            this_update: 1_700_000_100,
            next_update: 1_700_086_500,
        };
        for count in [0usize, 1, 2000] {
            let mut builder =
                CrlBuilder::new(&authority, params, Some("http://x/delta")).expect("builder");
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
