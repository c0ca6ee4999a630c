//! BER to DER for signatures from honest peers. RFC 5652 lets a SignedData use BER
//! (indefinite lengths, as NSS `cmsutil` and BouncyCastle write it) everywhere but the signed
//! attributes, and NSS puts the signer's certificate in the certificate set twice; the `cms`
//! crate reads DER only and refuses a SET OF with two equal elements. So a signature is
//! rewritten once, before it is decoded: definite lengths, constructed OCTET STRINGs joined,
//! duplicates dropped from SignedData.certificates. The `der` crate sorts a SET OF on decode
//! by insertion, so a set stuffed with thousands of certificates (or CRLs) costs quadratic
//! time: the revocation information (CRLs, OCSP answers) is always taken out into a list
//! (linear, bounded; the `cms` crate also misreads RFC 5940 OCSP items); to verify, the
//! certificates are taken out too; to re-encode a signature (`ca extend`) they stay, up to a
//! bound.
//! Parsing is asn1-rs's BER reader; every header written is `der`'s encoder.
//!
//! The document itself is never in the structure (the signature is detached), so nothing
//! large is copied.

use std::collections::HashSet;

use asn1_rs::{Any, Class, FromBer};
use der::{Encode, Header, Length, Tag};

use crate::error::refusal;
use crate::error::{Error, Result};

/// Deepest nesting accepted; CMS with certificates nests about 12 levels.
const MAX_DEPTH: usize = 48;
/// Most CRLs and OCSP answers taken from a signature (a long-term signature carries one or two
/// per certificate of its path); the rest are ignored.
pub(crate) const MAX_REVOCATION_INFO: usize = 64;

/// What to do with the sets of a SignedData that cost quadratic time to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sets {
    /// Take the certificates out into [`Normalized::certificates`].
    Extract,
    /// Keep the certificates in place; more than this many distinct ones is an error.
    Keep(usize),
}

/// A signature rewritten as DER, and what was done to its certificate set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Normalized {
    /// The DER ContentInfo.
    pub der: Vec<u8>,
    /// The distinct certificates taken out ([`Sets::Extract`]), DER, in their order.
    pub certificates: Vec<Vec<u8>>,
    /// The distinct RevocationInfoChoice elements of SignedData.crls, taken out (DER), at most
    /// [`MAX_REVOCATION_INFO`] (with [`Sets::Keep`], more is an error).
    pub revocation_info: Vec<Vec<u8>>,
    /// Certificates in SignedData.certificates, duplicates included.
    pub certificates_seen: usize,
    /// Exact duplicates dropped.
    pub duplicates_dropped: usize,
}

/// Where in a ContentInfo an element sits, so the certificate set can be found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    ContentInfo,
    Content,
    SignedData,
    Certificates,
    Crls,
    Other,
}

struct Rewriter {
    sets: Sets,
    certificates: Vec<Vec<u8>>,
    revocation_info: Vec<Vec<u8>>,
    certificates_seen: usize,
    duplicates_dropped: usize,
}

fn bad(what: impl std::fmt::Display) -> Error {
    Error::Invalid(refusal!(
        "refusal-signature-unreadable",
        "the signature cannot be read: {problem}",
        problem = what
    ))
}

/// Rewrites a BER (or DER) ContentInfo as DER, its certificate set as `sets` says and its CRL
/// set taken out.
pub(crate) fn normalize(input: &[u8], sets: Sets) -> Result<Normalized> {
    let (rest, any) =
        Any::from_ber(input).map_err(|e| bad(format!("not a BER or DER ContentInfo ({e})")))?;
    if !rest.is_empty() {
        return Err(bad(format!(
            "{} bytes follow the ContentInfo; is it two files in one?",
            rest.len()
        )));
    }
    let mut rewriter = Rewriter {
        sets,
        certificates: Vec::new(),
        revocation_info: Vec::new(),
        certificates_seen: 0,
        duplicates_dropped: 0,
    };
    let der = rewriter.element(&any, Role::ContentInfo, 0)?;
    Ok(Normalized {
        der,
        certificates: rewriter.certificates,
        revocation_info: rewriter.revocation_info,
        certificates_seen: rewriter.certificates_seen,
        duplicates_dropped: rewriter.duplicates_dropped,
    })
}

/// The `der` tag of an asn1-rs header (tag numbers up to 30: all CMS uses).
fn tag_of(any: &Any) -> Result<Tag> {
    let number = any.header.tag().0;
    let small = u8::try_from(number)
        .ok()
        .filter(|n| *n <= 30)
        .ok_or_else(|| bad(format!("tag number {number} is not used by CMS")))?;
    let constructed = any.header.is_constructed();
    let tag_number = der::TagNumber::new(small);
    Ok(match any.header.class() {
        Class::Universal => {
            let byte = small | if constructed { 0x20 } else { 0 };
            Tag::try_from(byte).map_err(|e| bad(format!("universal tag {small}: {e}")))?
        }
        Class::ContextSpecific => Tag::ContextSpecific {
            constructed,
            number: tag_number,
        },
        Class::Application => Tag::Application {
            constructed,
            number: tag_number,
        },
        Class::Private => Tag::Private {
            constructed,
            number: tag_number,
        },
    })
}

fn with_header(tag: Tag, content: &[u8]) -> Result<Vec<u8>> {
    let length = Length::try_from(content.len()).map_err(bad)?;
    let mut out = Header::new(tag, length)
        .map_err(bad)?
        .to_der()
        .map_err(bad)?;
    out.extend_from_slice(content);
    Ok(out)
}

/// The elements inside a constructed value.
fn children<'a>(data: &'a [u8]) -> Result<Vec<Any<'a>>> {
    let mut rest = data;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (next, child) = Any::from_ber(rest).map_err(|e| bad(format!("BER: {e}")))?;
        out.push(child);
        rest = next;
    }
    Ok(out)
}

impl Rewriter {
    fn element(&mut self, any: &Any, role: Role, depth: usize) -> Result<Vec<u8>> {
        if depth > MAX_DEPTH {
            return Err(bad("nested too deeply"));
        }
        let constructed_octets = any.header.is_constructed()
            && any.header.class() == Class::Universal
            && any.header.tag().0 == 4;
        if constructed_octets {
            let mut joined = Vec::new();
            self.join_octets(any, &mut joined, depth)?;
            return with_header(Tag::OctetString, &joined);
        }
        let tag = tag_of(any)?;
        if !any.header.is_constructed() {
            return with_header(tag, any.data);
        }
        let parts = children(any.data)?;
        match (role, self.sets) {
            (Role::Certificates, _) => return self.certificate_set(tag, &parts, depth),
            (Role::Crls, Sets::Keep(_)) if parts.len() > MAX_REVOCATION_INFO => {
                return Err(bad(format!(
                    "it carries {} CRLs and OCSP answers; at most {MAX_REVOCATION_INFO} are kept",
                    parts.len()
                )))
            }
            (Role::Crls, _) => {
                for part in parts.iter().take(MAX_REVOCATION_INFO) {
                    let der = self.element(part, Role::Other, depth + 1)?;
                    if !self.revocation_info.contains(&der) {
                        self.revocation_info.push(der);
                    }
                }
                return with_header(tag, &[]);
            }
            _ => {}
        }
        let mut content = Vec::with_capacity(any.data.len());
        for (index, part) in parts.iter().enumerate() {
            let part_role = match role {
                Role::ContentInfo if index == 1 => Role::Content,
                Role::Content => Role::SignedData,
                Role::SignedData if part.header.class() == Class::ContextSpecific => {
                    match part.header.tag().0 {
                        0 => Role::Certificates,
                        1 => Role::Crls,
                        _ => Role::Other,
                    }
                }
                _ => Role::Other,
            };
            content.extend(self.element(part, part_role, depth + 1)?);
        }
        with_header(tag, &content)
    }

    fn join_octets(&self, any: &Any, out: &mut Vec<u8>, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(bad("nested too deeply"));
        }
        for part in children(any.data)? {
            if part.header.class() != Class::Universal || part.header.tag().0 != 4 {
                return Err(bad("a constructed OCTET STRING holds something else"));
            }
            if part.header.is_constructed() {
                self.join_octets(&part, out, depth + 1)?;
            } else {
                out.extend_from_slice(part.data);
            }
        }
        Ok(())
    }

    fn certificate_set(&mut self, tag: Tag, parts: &[Any], depth: usize) -> Result<Vec<u8>> {
        let mut seen = HashSet::new();
        let mut distinct = Vec::new();
        for part in parts {
            self.certificates_seen += 1;
            let der = self.element(part, Role::Other, depth + 1)?;
            if seen.insert(der.clone()) {
                distinct.push(der);
            } else {
                self.duplicates_dropped += 1;
            }
        }
        match self.sets {
            Sets::Extract => {
                self.certificates.extend(distinct);
                with_header(tag, &[])
            }
            Sets::Keep(max) if distinct.len() > max => Err(bad(format!(
                "it carries {} distinct certificates; at most {max} are kept",
                distinct.len()
            ))),
            Sets::Keep(_) => with_header(tag, &distinct.concat()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_stays_as_it_is() {
        // SEQUENCE { INTEGER 5, [0] { OCTET STRING 'ab' } }
        let der = [
            0x30, 0x09, 0x02, 0x01, 0x05, 0xa0, 0x04, 0x04, 0x02, b'a', b'b',
        ];
        assert_eq!(normalize(&der, Sets::Keep(10)).expect("der").der, der);
    }

    #[test]
    fn indefinite_lengths_and_chunked_octets_become_der() {
        // SEQUENCE (indefinite) { OCTET STRING constructed (indefinite) { 'a', 'b' }, NULL }
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x01, b'a', 0x04, 0x01, b'b', 0x00, 0x00, 0x05, 0x00,
            0x00, 0x00,
        ];
        let der = [0x30, 0x06, 0x04, 0x02, b'a', b'b', 0x05, 0x00];
        assert_eq!(normalize(&ber, Sets::Keep(10)).expect("ber").der, der);
    }

    #[test]
    fn the_certificate_set_loses_duplicates_and_is_taken_out_or_bounded() {
        // ContentInfo { OID, [0] { SignedData { INTEGER 1, [0] { c1, c1, c2, c3 } } } }
        let cert = |n: u8| vec![0x30, 0x03, 0x02, 0x01, n];
        let mut set = Vec::new();
        for n in [1, 1, 2, 3] {
            set.extend(cert(n));
        }
        let mut signed = vec![0x02, 0x01, 0x01, 0xa0, set.len() as u8];
        signed.extend(&set);
        let mut sd = vec![0x30, signed.len() as u8];
        sd.extend(&signed);
        let mut explicit = vec![0xa0, sd.len() as u8];
        explicit.extend(&sd);
        let mut info = vec![0x06, 0x01, 0x2a];
        info.extend(&explicit);
        let mut ber = vec![0x30, info.len() as u8];
        ber.extend(&info);
        let kept = normalize(&ber, Sets::Keep(3)).expect("normalized");
        assert_eq!(kept.certificates_seen, 4);
        assert_eq!(kept.duplicates_dropped, 1);
        let distinct: Vec<u8> = [cert(1), cert(2), cert(3)].concat();
        assert!(kept
            .der
            .windows(distinct.len())
            .any(|w| w == distinct.as_slice()));
        assert!(normalize(&ber, Sets::Keep(2)).is_err(), "over the bound");
        let taken = normalize(&ber, Sets::Extract).expect("normalized");
        assert_eq!(taken.certificates, vec![cert(1), cert(2), cert(3)]);
        assert!(!taken.der.windows(5).any(|w| w == cert(3).as_slice()));
    }

    #[test]
    fn garbage_and_trailing_bytes_are_refused() {
        for input in [
            &b"not BER"[..],
            &[0x30, 0x80, 0x05, 0x00],
            &[0x05, 0x00, 0x00],
        ] {
            assert!(normalize(input, Sets::Extract).is_err(), "{input:?}");
        }
    }
}
