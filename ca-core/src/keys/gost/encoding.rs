//! GOST keys in X.509 and PKCS#8 (RFC 9215): the AlgorithmIdentifier's parameters are
//! `SEQUENCE { publicKeyParamSet, digestParamSet OPTIONAL }` — the digest named for the
//! CryptoPro-era sets and 512 A and B, left out for the TC26 sets of 2012 (256 A–D, 512 C), as the
//! gost engine for OpenSSL and the TC26 examples write it; the public key is an OCTET STRING of
//! LE(X) ‖ LE(Y) inside the BIT STRING; the private key is an OCTET STRING of d, little-endian.
//! Read: the TC26 and CryptoPro parameter OIDs, with or without a digest, and the private key
//! as raw bytes, an inner OCTET STRING or a big-endian INTEGER.

use der::asn1::{Any, BitString, ObjectIdentifier, OctetString, OctetStringRef, UintRef};
use der::{Decode, Encode, Sequence};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use zeroize::Zeroizing;

use super::{valid_public_key, GostKey, ParamSet};
use crate::error::refusal;
use crate::error::{Error, Result};
use crate::oid;

/// The AlgorithmIdentifier parameters of a GOST key.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct KeyParameters {
    public_key_param_set: ObjectIdentifier,
    digest_param_set: Option<ObjectIdentifier>,
}

/// Whether the parameters name the digest for this set (see the module documentation).
fn names_digest(set: ParamSet) -> bool {
    matches!(
        set,
        ParamSet::Tc26_512A | ParamSet::Tc26_512B | ParamSet::Test256 | ParamSet::Test512
    )
}

/// The AlgorithmIdentifier of a key of `set`.
pub fn key_algorithm(set: ParamSet) -> Result<AlgorithmIdentifierOwned> {
    let parameters = KeyParameters {
        public_key_param_set: set.oid(),
        digest_param_set: names_digest(set).then(|| set.digest_oid()),
    };
    Ok(AlgorithmIdentifierOwned {
        oid: set.key_oid(),
        parameters: Some(Any::from_der(&parameters.to_der()?)?),
    })
}

/// The parameter set a key's AlgorithmIdentifier names, if it is a GOST R 34.10-2012 key.
pub fn param_set_of(algorithm: &AlgorithmIdentifierOwned) -> Result<ParamSet> {
    let bits = match algorithm.oid {
        oid::GOST_2012_256 => 256,
        oid::GOST_2012_512 => 512,
        other => {
            return Err(Error::Key(refusal!(
                "refusal-key-not-gost-r-34",
                "{other} is not a GOST R 34.10-2012 key",
                other = other
            )))
        }
    };
    let parameters = algorithm.parameters.as_ref().ok_or_else(|| {
        Error::Key(refusal!(
            "refusal-key-gost-key-without-parameter",
            "a GOST key without its parameter set"
        ))
    })?;
    let parameters = KeyParameters::from_der(&parameters.to_der()?).map_err(|e| {
        Error::Key(refusal!(
            "refusal-key-gost-key-parameters",
            "GOST key parameters: {problem}",
            problem = e
        ))
    })?;
    let set = ParamSet::from_oid(&parameters.public_key_param_set).ok_or_else(|| {
        Error::Key(refusal!(
            "refusal-key-unknown-gost-oid",
            "unknown GOST parameter set {oid}",
            oid = parameters.public_key_param_set
        ))
    })?;
    if set.bits() != bits {
        return Err(Error::Key(refusal!(
            "refusal-key-bit-gost-key-names",
            "a {bits}-bit GOST key names the parameter set {set}",
            bits = bits,
            set = set
        )));
    }
    if let Some(digest) = parameters.digest_param_set {
        if digest != set.digest_oid() {
            return Err(Error::Key(refusal!(
                "refusal-key-key-names-digest-not",
                "a {set} key names the digest {digest}, not Streebog-{bits}",
                set = set,
                digest = digest,
                bits = bits
            )));
        }
    }
    Ok(set)
}

/// The SubjectPublicKeyInfo of a public key LE(X) ‖ LE(Y).
pub fn public_key_info(set: ParamSet, public_le: &[u8]) -> Result<SubjectPublicKeyInfoOwned> {
    let point = OctetString::new(public_le.to_vec())?.to_der()?;
    Ok(SubjectPublicKeyInfoOwned {
        algorithm: key_algorithm(set)?,
        subject_public_key: BitString::from_bytes(&point)?,
    })
}

/// The parameter set and public key LE(X) ‖ LE(Y) of a SubjectPublicKeyInfo, checked: the
/// point lies on the curve, in the subgroup of order q.
pub fn from_public_key_info(spki: &SubjectPublicKeyInfoOwned) -> Result<(ParamSet, Vec<u8>)> {
    let (set, public) = public_point(spki)?;
    if !valid_public_key(set, public) {
        return Err(Error::Key(refusal!(
            "refusal-key-public-key-not-point",
            "the {set} public key is not a point of its curve's subgroup",
            set = set
        )));
    }
    Ok((set, public.to_vec()))
}

/// The parameter set and the bytes of the point, of the right length but not yet checked on
/// the curve: for verification, which checks the point itself ([`super::verify`]).
pub fn public_point(spki: &SubjectPublicKeyInfoOwned) -> Result<(ParamSet, &[u8])> {
    let set = param_set_of(&spki.algorithm)?;
    let bits = spki.subject_public_key.as_bytes().ok_or_else(|| {
        Error::Key(refusal!(
            "refusal-key-gost-public-key-with",
            "a GOST public key with unused bits"
        ))
    })?;
    let point = OctetStringRef::from_der(bits).map_err(|e| {
        Error::Key(refusal!(
            "refusal-key-gost-public-key-octet",
            "a GOST public key is an OCTET STRING: {problem}",
            problem = e
        ))
    })?;
    let public = point.as_bytes();
    if public.len() != 2 * set.byte_len() {
        return Err(Error::Key(refusal!(
            "refusal-key-public-key-has-bytes",
            "a {set} public key has {found} bytes, not {expected}",
            found = public.len(),
            expected = 2 * set.byte_len(),
            set = set
        )));
    }
    Ok((set, public))
}

/// PKCS#8 DER of a key, as the gost engine writes it (no public key).
pub fn private_key_info_der(key: &GostKey) -> Result<Zeroizing<Vec<u8>>> {
    let algorithm = key_algorithm(key.param_set())?.to_der()?;
    // The privateKey OCTET STRING holds d itself, little-endian.
    let info = pkcs8::PrivateKeyInfo {
        algorithm: spki::AlgorithmIdentifierRef::from_der(&algorithm)?,
        private_key: key.private_le(),
        public_key: None,
    };
    Ok(Zeroizing::new(info.to_der()?))
}

/// The key in a PKCS#8 PrivateKeyInfo whose algorithm is GOST: d as raw little-endian bytes
/// (the engine's form), an inner OCTET STRING of them, or a big-endian INTEGER.
pub fn from_private_key_info(info: &pkcs8::PrivateKeyInfo<'_>) -> Result<GostKey> {
    let algorithm = AlgorithmIdentifierOwned::from_der(&info.algorithm.to_der()?)?;
    let set = param_set_of(&algorithm)?;
    let raw = info.private_key;
    let d: Zeroizing<Vec<u8>> = if raw.len() == set.byte_len() {
        Zeroizing::new(raw.to_vec())
    } else if let Ok(inner) = OctetStringRef::from_der(raw) {
        Zeroizing::new(inner.as_bytes().to_vec())
    } else if let Ok(integer) = UintRef::from_der(raw) {
        let be = integer.as_bytes();
        if be.len() > set.byte_len() {
            return Err(Error::Key(refusal!(
                "refusal-key-private-key-too-long",
                "a {set} private key is too long",
                set = set
            )));
        }
        let mut le = Zeroizing::new(vec![0u8; set.byte_len()]);
        for (dst, src) in le.iter_mut().zip(be.iter().rev()) {
            *dst = *src;
        }
        le
    } else {
        return Err(Error::Key(refusal!(
            "refusal-key-private-key-bytes-in",
            "a {set} private key of {found} bytes in no known form",
            found = raw.len(),
            set = set
        )));
    };
    GostKey::from_private(set, &d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_keys_are_read_in_every_form_peers_write_and_others_refused() {
        let key = GostKey::generate(ParamSet::Tc26_256B).expect("key");
        let algorithm = key_algorithm(ParamSet::Tc26_256B)
            .expect("alg")
            .to_der()
            .expect("der");
        let read = |private: &[u8]| {
            let info = pkcs8::PrivateKeyInfo {
                algorithm: spki::AlgorithmIdentifierRef::from_der(&algorithm).expect("alg"),
                private_key: private,
                public_key: None,
            };
            from_private_key_info(&info)
        };
        // d in an inner OCTET STRING, and as a big-endian INTEGER.
        let wrapped = OctetString::new(key.private_le().to_vec())
            .expect("octets")
            .to_der()
            .expect("der");
        assert_eq!(
            read(&wrapped).expect("wrapped").public_le(),
            key.public_le()
        );
        let mut be = key.private_le().to_vec();
        be.reverse();
        let integer = UintRef::new(&be).expect("uint").to_der().expect("der");
        assert_eq!(
            read(&integer).expect("integer").public_le(),
            key.public_le()
        );
        // Anything else, and a d of zero, is refused with a reason.
        assert!(read(&[1, 2, 3]).is_err_and(|e| e.to_string().contains("no known form")));
        assert!(read(&[0u8; 32]).is_err());
    }

    #[test]
    fn a_key_naming_another_digest_is_refused_and_an_off_curve_key_verifies_nothing() {
        let parameters = KeyParameters {
            public_key_param_set: ParamSet::Tc26_512A.oid(),
            digest_param_set: Some(oid::STREEBOG_256),
        };
        let algorithm = AlgorithmIdentifierOwned {
            oid: oid::GOST_2012_512,
            parameters: Some(Any::from_der(&parameters.to_der().expect("der")).expect("any")),
        };
        assert!(param_set_of(&algorithm).is_err_and(|e| e.to_string().contains("digest")));
        // Verification through the SubjectPublicKeyInfo checks the point itself.
        let set = ParamSet::Tc26_256B;
        let key = GostKey::generate(set).expect("key");
        let signature = key.sign(b"m").expect("sign");
        let spki = public_key_info(set, key.public_le()).expect("spki");
        assert!(crate::keys::verify_signature(&spki, b"m", &signature));
        let mut off = key.public_le().to_vec();
        off[5] ^= 1;
        let forged = public_key_info(set, &off).expect("spki");
        assert!(from_public_key_info(&forged).is_err());
        assert!(!crate::keys::verify_signature(&forged, b"m", &signature));
        assert!(!crate::keys::verify_with_algorithm(
            &forged,
            &set.signature_oid(),
            b"m",
            &signature
        ));
        // The key's OID is accepted as the algorithm (CMS), a foreign one is not.
        assert!(crate::keys::verify_with_algorithm(
            &spki,
            &set.key_oid(),
            b"m",
            &signature
        ));
        assert!(!crate::keys::verify_with_algorithm(
            &spki,
            &oid::ECDSA_WITH_SHA256,
            b"m",
            &signature
        ));
    }

    #[test]
    fn keys_survive_spki_and_pkcs8_and_bad_ones_are_refused() {
        for set in &ParamSet::ALL[..7] {
            let key = GostKey::generate(*set).expect("key");
            let spki = public_key_info(*set, key.public_le()).expect("spki");
            let (read_set, public) = from_public_key_info(&spki).expect("read");
            assert_eq!((read_set, public.as_slice()), (*set, key.public_le()));
            let der = private_key_info_der(&key).expect("pkcs8");
            let info = pkcs8::PrivateKeyInfo::try_from(der.as_slice()).expect("info");
            let again = from_private_key_info(&info).expect("key again");
            assert_eq!(again.public_le(), key.public_le(), "{set}");
        }
        let key = GostKey::generate(ParamSet::Tc26_256B).expect("key");
        let mut spki = public_key_info(ParamSet::Tc26_256B, key.public_le()).expect("spki");
        // The key of another set under this set's name: off the curve.
        spki.algorithm = key_algorithm(ParamSet::Tc26_256C).expect("alg");
        assert!(from_public_key_info(&spki).is_err());
        // A 512-bit OID with a 256-bit parameter set.
        let mut wrong = key_algorithm(ParamSet::Tc26_256B).expect("alg");
        wrong.oid = oid::GOST_2012_512;
        assert!(param_set_of(&wrong).is_err());
        // An unknown parameter set.
        let unknown = KeyParameters {
            public_key_param_set: oid::SHA256,
            digest_param_set: None,
        };
        wrong.oid = oid::GOST_2012_256;
        wrong.parameters = Some(Any::from_der(&unknown.to_der().expect("der")).expect("any"));
        assert!(param_set_of(&wrong)
            .is_err_and(|e| e.to_string().contains("unknown GOST parameter set")));
    }
}
