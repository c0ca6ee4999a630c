//! GOST R 34.10-2012 for rustls-webpki's path building: webpki matches a certificate's
//! signatureAlgorithm and its issuer's key AlgorithmIdentifier byte for byte, so there is one
//! entry per form seen in the wild — each parameter set (TC26 and CryptoPro names), its digest
//! named or not, the signature's parameters absent (RFC 9215) or NULL (the gost engine).

use std::sync::OnceLock;

use der::asn1::{Any, ObjectIdentifier};
use der::{Decode, Encode};
use rustls_pki_types::{AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm};

use crate::keys::gost::{self, ParamSet};
use crate::oid;

/// One accepted pair of (key AlgorithmIdentifier, signature AlgorithmIdentifier).
#[derive(Debug)]
struct GostAlgorithm {
    set: ParamSet,
    key: &'static [u8],
    signature: &'static [u8],
}

impl SignatureVerificationAlgorithm for GostAlgorithm {
    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        AlgorithmIdentifier::from_slice(self.key)
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        AlgorithmIdentifier::from_slice(self.signature)
    }

    /// `public_key` is the subjectPublicKey's content: an OCTET STRING of LE(X) ‖ LE(Y).
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let point =
            der::asn1::OctetStringRef::from_der(public_key).map_err(|_| InvalidSignature)?;
        if gost::verify(self.set, point.as_bytes(), message, signature) {
            Ok(())
        } else {
            Err(InvalidSignature)
        }
    }
}

/// The contents (without the outer SEQUENCE header) of an AlgorithmIdentifier, leaked once so
/// webpki can hold it as `'static`.
fn contents(oid: ObjectIdentifier, parameters: Option<&[u8]>) -> &'static [u8] {
    let mut out = oid.to_der().unwrap_or_default();
    if let Some(parameters) = parameters {
        out.extend_from_slice(parameters);
    }
    Box::leak(out.into_boxed_slice())
}

/// Every GOST form webpki should accept, made once.
fn all() -> &'static [GostAlgorithm] {
    static ALL: OnceLock<Vec<GostAlgorithm>> = OnceLock::new();
    ALL.get_or_init(|| {
        let named: Vec<(ObjectIdentifier, ParamSet)> = ParamSet::ALL[..7]
            .iter()
            .map(|set| (set.oid(), *set))
            .chain([
                (oid::CRYPTOPRO_A, ParamSet::Tc26_256B),
                (oid::CRYPTOPRO_XCH_A, ParamSet::Tc26_256B),
                (oid::CRYPTOPRO_B, ParamSet::Tc26_256C),
                (oid::CRYPTOPRO_C, ParamSet::Tc26_256D),
                (oid::CRYPTOPRO_XCH_B, ParamSet::Tc26_256D),
            ])
            .collect();
        let null = der::asn1::Null.to_der().unwrap_or_default();
        let mut out = Vec::new();
        for (param_oid, set) in named {
            for with_digest in [false, true] {
                let mut params = Vec::new();
                params.extend(param_oid.to_der().unwrap_or_default());
                if with_digest {
                    params.extend(set.digest_oid().to_der().unwrap_or_default());
                }
                // SEQUENCE { paramSet, digest? }
                let sequence = Any::new(der::Tag::Sequence, params)
                    .and_then(|any| any.to_der())
                    .unwrap_or_default();
                let key = contents(set.key_oid(), Some(&sequence));
                for signature_parameters in [None, Some(null.as_slice())] {
                    out.push(GostAlgorithm {
                        set,
                        key,
                        signature: contents(set.signature_oid(), signature_parameters),
                    });
                }
            }
        }
        out
    })
}

/// webpki's own algorithms followed by the GOST ones.
pub(crate) fn with_webpki() -> &'static [&'static dyn SignatureVerificationAlgorithm] {
    static ALGS: OnceLock<Vec<&'static dyn SignatureVerificationAlgorithm>> = OnceLock::new();
    ALGS.get_or_init(|| {
        let mut algs: Vec<&'static dyn SignatureVerificationAlgorithm> =
            webpki::ALL_VERIFICATION_ALGS.to_vec();
        algs.extend(
            all()
                .iter()
                .map(|a| a as &dyn SignatureVerificationAlgorithm),
        );
        algs
    })
}
