//! CRLs, full and delta (RFC 5280 §5), built from x509-cert structures and signed through the
//! CA's [`Signer`](crate::Signer): CRL number, AKI, delta CRL indicator, and per entry the reason
//! code and invalidity date. rcgen's CRL builder has no delta indicator, hence our own.

use der::asn1::{GeneralizedTime, Ia5String, OctetString, Uint};
use der::{DateTime, Encode};
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
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

/// Builds and signs a CRL over `entries` (serial, entry); returns its DER.
pub fn build_crl(
    authority: &Authority,
    entries: &[(Vec<u8>, CrlEntry)],
    params: CrlParams,
    freshest_crl: Option<&str>,
) -> Result<Vec<u8>> {
    let revoked = entries
        .iter()
        .map(|(serial, entry)| revoked_cert(serial, entry))
        .collect::<Result<Vec<_>>>()?;
    let mut crl_extensions = vec![
        extension(
            false,
            &AuthorityKeyIdentifier {
                key_identifier: Some(OctetString::new(authority.key_id())?),
                authority_cert_issuer: None,
                authority_cert_serial_number: None,
            },
        )?,
        extension(false, &CrlNumber(uint(params.number)?))?,
    ];
    if let Some(base) = params.delta_base {
        crl_extensions.push(extension(true, &BaseCrlNumber(uint(base)?))?);
    }
    if let Some(url) = freshest_crl {
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
    let algorithm = authority.signer().signature_algorithm();
    let tbs = TbsCertList {
        version: Version::V2,
        signature: algorithm.clone(),
        issuer: authority.name().clone(),
        this_update: x509_time(params.this_update)?,
        next_update: Some(x509_time(params.next_update)?),
        revoked_certificates: (!revoked.is_empty()).then_some(revoked),
        crl_extensions: Some(crl_extensions),
    };
    let signature = authority.signer().sign(&tbs.to_der()?)?;
    let crl = CertificateList {
        tbs_cert_list: tbs,
        signature_algorithm: algorithm,
        signature: der::asn1::BitString::from_bytes(&signature)?,
    };
    Ok(crl.to_der()?)
}
