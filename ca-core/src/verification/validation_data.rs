//! The validation material a long-term signature carries (ETSI EN 319 122-1 B-LT): CRLs and
//! OCSP answers in SignedData.crls (an OCSP answer as RFC 5940 other revocation information,
//! id-ri-ocsp-response), and the CAdES-X Long attributes other software writes
//! (certificate-values, revocation-values) among the unsigned attributes.
//!
//! Each item is judged at the time it speaks for — an OCSP answer at its producedAt, a CRL at
//! its thisUpdate — with its signer's authority checked then, and it counts only if that time
//! is at or after the validation time (the time-stamp's genTime) and not after the certificate
//! expired: so it shows the certificate was good when the signature was proven to exist. An
//! answer captured before a revocation and stuffed into a signature time-stamped after it
//! speaks for too early a time and is ignored.

use der::asn1::{ObjectIdentifier, SetOfVec};
use der::{Any, Decode, Encode, Sequence, TagMode, TagNumber};
use x509_cert::crl::CertificateList;
use x509_cert::Certificate;
use x509_ocsp::BasicOcspResponse;

use crate::error::{refusal, Refusal};
use crate::ocsp::client::check_archived;
use crate::ocsp::CertState as Found;
use crate::time::{rfc3339, unix_of};

use crate::oid::{ATTR_CERTIFICATE_VALUES, ATTR_REVOCATION_VALUES, RI_OCSP_RESPONSE};

/// OtherRevocationInfoFormat (RFC 5652 §10.2.1). The `cms` crate's type takes an
/// AlgorithmIdentifier where the standard has a bare OBJECT IDENTIFIER, so it is ours.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
pub(crate) struct OtherRevocationInfo {
    pub format: ObjectIdentifier,
    pub info: Any,
}

impl OtherRevocationInfo {
    /// The RevocationInfoChoice `[1] IMPLICIT OtherRevocationInfoFormat` carrying an
    /// OCSPResponse (DER).
    pub(crate) fn ocsp_choice(ocsp_response: &[u8]) -> crate::error::Result<Any> {
        let value = OtherRevocationInfo {
            format: RI_OCSP_RESPONSE,
            info: Any::from_der(ocsp_response)?,
        };
        let tagged = der::asn1::ContextSpecific {
            tag_number: TagNumber::N1,
            tag_mode: TagMode::Implicit,
            value,
        };
        Ok(Any::from_der(&tagged.to_der()?)?)
    }
}

/// RevocationValues (RFC 5126 §6.3.4), explicitly tagged as in its module.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct RevocationValues {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    crl_vals: Option<Vec<CertificateList>>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    ocsp_vals: Option<Vec<BasicOcspResponse>>,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", optional = "true")]
    other_rev_vals: Option<Any>,
}

/// What a signature carries to be validated later.
#[derive(Debug, Default)]
pub(crate) struct Embedded {
    /// Certificates from a certificate-values attribute (SignedData.certificates are read
    /// with the rest of the signature).
    pub certificates: Vec<Certificate>,
    /// CRLs, DER.
    pub crls: Vec<Vec<u8>>,
    /// OCSP answers.
    pub ocsp: Vec<BasicOcspResponse>,
    /// Items that could not be read, in words.
    pub unreadable: Vec<String>,
}

impl Embedded {
    /// Reads the RevocationInfoChoice elements of SignedData.crls and the CAdES-X Long
    /// attributes of `unsigned` (an unreadable item is noted and skipped).
    pub(crate) fn read(
        revocation_info: &[Vec<u8>],
        unsigned: Option<&SetOfVec<x509_cert::attr::Attribute>>,
    ) -> Self {
        let mut found = Embedded::default();
        for der in revocation_info {
            found.add_choice(der);
        }
        for attribute in unsigned.iter().flat_map(|set| set.iter()) {
            for value in attribute.values.iter() {
                let Ok(bytes) = value.to_der() else { continue };
                if attribute.oid == ATTR_CERTIFICATE_VALUES {
                    match Vec::<Certificate>::from_der(&bytes) {
                        Ok(certs) => found.certificates.extend(certs),
                        Err(e) => found.unreadable.push(format!("certificate-values: {e}")),
                    }
                } else if attribute.oid == ATTR_REVOCATION_VALUES {
                    match RevocationValues::from_der(&bytes) {
                        Ok(values) => {
                            for crl in values.crl_vals.into_iter().flatten() {
                                if let Ok(der) = crl.to_der() {
                                    found.crls.push(der);
                                }
                            }
                            found.ocsp.extend(values.ocsp_vals.into_iter().flatten());
                        }
                        Err(e) => found.unreadable.push(format!("revocation-values: {e}")),
                    }
                }
            }
        }
        found
    }

    fn add_choice(&mut self, der: &[u8]) {
        match der.first() {
            Some(0x30) => self.crls.push(der.to_vec()),
            Some(0xa1) => {
                let decoded = der::SliceReader::new(der).and_then(|mut reader| {
                    der::asn1::ContextSpecific::<OtherRevocationInfo>::decode_implicit(
                        &mut reader,
                        TagNumber::N1,
                    )
                });
                match decoded {
                    Ok(Some(other)) if other.value.format == RI_OCSP_RESPONSE => {
                        match other
                            .value
                            .info
                            .to_der()
                            .map_err(crate::error::Error::from)
                            .and_then(|d| crate::ocsp::client::basic_response(&d))
                        {
                            Ok(basic) => self.ocsp.push(basic),
                            Err(e) => self
                                .unreadable
                                .push(format!("an embedded OCSP answer: {e}")),
                        }
                    }
                    Ok(Some(other)) => self.unreadable.push(format!(
                        "other revocation information of format {} is not understood",
                        other.value.format
                    )),
                    Ok(None) | Err(_) => self
                        .unreadable
                        .push("an other-revocation-information item cannot be read".into()),
                }
            }
            _ => self
                .unreadable
                .push("a revocation information item of an unknown kind".into()),
        }
    }

    /// Whether the signature carries any revocation material.
    pub(crate) fn has_revocation_data(&self) -> bool {
        !self.crls.is_empty() || !self.ocsp.is_empty()
    }
}

/// One embedded item considered for one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationItem {
    /// `ocsp` or `crl`.
    pub kind: &'static str,
    /// The serial (hex) of the certificate it was considered for.
    pub certificate_serial: String,
    /// The time it speaks for (producedAt, thisUpdate), Unix seconds, when it could be read.
    pub time: Option<u64>,
    /// Whether the decision rests on it.
    pub used: bool,
    /// What it says, or why it was not used.
    pub detail: String,
    /// The same as a message key and its arguments.
    pub words: Refusal,
}

/// What the embedded material says of `cert` (issued by `issuer`) at `validation_time`: the
/// answer it rests on with its source in words, if an item counts, and every item considered.
pub(crate) fn judge_embedded(
    embedded: &Embedded,
    cert: &Certificate,
    issuer: &Certificate,
    validation_time: u64,
) -> (Option<(Found, String)>, Vec<ValidationItem>) {
    let serial = crate::serial::hex(cert.tbs_certificate.serial_number.as_bytes());
    let not_after = unix_of(&cert.tbs_certificate.validity.not_after);
    let mut items = Vec::new();
    let mut counting: Vec<(Found, String, usize)> = Vec::new();
    let mut consider = |kind: &'static str, outcome: Result<(Found, u64, Refusal), Refusal>| {
        let (found, time, words) = match outcome {
            Ok(answer) => answer,
            Err(why) => {
                items.push(ValidationItem {
                    kind,
                    certificate_serial: serial.clone(),
                    time: None,
                    used: false,
                    detail: why.to_string(),
                    words: why,
                });
                return;
            }
        };
        let too_early = time < validation_time;
        let too_late = time > not_after && found != Found::Unknown && !found.is_revoked();
        if !too_early && !too_late {
            counting.push((found, format!("embedded {kind} ({words})"), items.len()));
        }
        let words = if too_early {
            refusal!(
                "item-too-early",
                "{item}; not used: it speaks for {time}, before the validation time {validation}",
                item = words,
                time = rfc3339(time),
                validation = rfc3339(validation_time)
            )
            .nest("item", words)
        } else if too_late {
            refusal!(
                "item-too-late",
                "{item}; not used: it speaks for {time}, after the certificate expired",
                item = words,
                time = rfc3339(time)
            )
            .nest("item", words)
        } else {
            words
        };
        items.push(ValidationItem {
            kind,
            certificate_serial: serial.clone(),
            time: Some(time),
            used: false,
            detail: words.to_string(),
            words,
        });
    };
    for basic in &embedded.ocsp {
        let outcome = check_archived(basic, cert, issuer).map(|report| {
            let words = refusal!(
                "item-ocsp",
                "OCSP answer produced {time} by {signer}: {verdict}",
                time = rfc3339(report.produced_at),
                signer = report.signed_by,
                verdict = report.verdict.word()
            );
            (report.verdict, report.produced_at, words)
        });
        // An answer about another certificate is not an item for this one.
        if matches!(
            &outcome,
            Err(crate::Error::UntrustedResponse(why))
                if why.key == "refusal-untrusted-does-not-answer-for"
        ) {
            continue;
        }
        let outcome = outcome.map_err(|e| match e {
            crate::Error::UntrustedResponse(why) | crate::Error::Invalid(why) => refusal!(
                "item-ocsp-not-used",
                "an OCSP answer not used: {problem}",
                problem = why
            )
            .nest("problem", why),
            other => refusal!(
                "item-ocsp-not-used",
                "an OCSP answer not used: {problem}",
                problem = other
            ),
        });
        consider("ocsp", outcome);
    }
    for der in &embedded.crls {
        let Ok(crl) = CertificateList::from_der(der) else {
            consider(
                "crl",
                Err(refusal!("item-crl-unreadable", "a CRL that cannot be read")),
            );
            continue;
        };
        if crl.tbs_cert_list.issuer != issuer.tbs_certificate.subject {
            continue;
        }
        let outcome = archived_crl(der, &crl, cert, issuer);
        consider("crl", outcome);
    }
    // A revocation outweighs a good answer; a good one an unknown.
    let best = counting
        .iter()
        .find(|(found, ..)| found.is_revoked())
        .or_else(|| counting.iter().find(|(found, ..)| *found == Found::Good))
        .or_else(|| counting.first())
        .cloned();
    let decided = best.map(|(found, source, index)| {
        items[index].used = true;
        (found, source)
    });
    (decided, items)
}

/// A CRL kept from the past: signed by `issuer`, whose certificate was valid at the CRL's
/// thisUpdate; a delta CRL alone proves nothing about a certificate it does not list.
fn archived_crl(
    der: &[u8],
    crl: &CertificateList,
    cert: &Certificate,
    issuer: &Certificate,
) -> Result<(Found, u64, Refusal), Refusal> {
    let this_update = crl.tbs_cert_list.this_update.to_unix_duration().as_secs();
    let validity = &issuer.tbs_certificate.validity;
    if this_update < unix_of(&validity.not_before) || this_update > unix_of(&validity.not_after) {
        return Err(refusal!(
            "item-crl-issuer-invalid",
            "a CRL of {time} not used: its issuer's certificate was not valid at its thisUpdate",
            time = rfc3339(this_update)
        ));
    }
    let delta = crl
        .tbs_cert_list
        .crl_extensions
        .iter()
        .flatten()
        .any(|e| e.extn_id == crate::oid::DELTA_CRL_INDICATOR);
    let found = super::revocation::crl_status(der, cert, issuer, None).map_err(|why| {
        refusal!(
            "item-crl-not-used",
            "a CRL of {time} not used: {problem}",
            time = rfc3339(this_update),
            problem = why
        )
        .nest("problem", why)
    })?;
    if delta && found == Found::Good {
        return Err(refusal!(
            "item-delta-crl",
            "a delta CRL of {time} not used: it lists only changes",
            time = rfc3339(this_update)
        ));
    }
    Ok((
        found,
        this_update,
        refusal!(
            "item-crl",
            "CRL of {time}: {verdict}",
            time = rfc3339(this_update),
            verdict = found.word()
        ),
    ))
}
