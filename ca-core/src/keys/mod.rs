//! Keys: generation, import, encrypted PKCS#8 at rest, and the [`Signer`] abstraction that every
//! certificate, CRL, OCSP and CMS builder signs through.
//!
//! Nothing outside this module knows which library holds a key: builders see a [`Signer`] (public
//! key, signature algorithm, sign bytes). Software keys are held by ring; a PKCS#11 or GOST
//! signer can implement the same trait.

pub mod gost;
mod pbes2_compat;
mod pkcs8_files;
use pkcs8_files::ec_scalar_and_point;
mod verify;

pub use pkcs8_files::{
    encrypt_pkcs8, encrypt_pkcs8_with, is_encrypted_key_file, load_key_file, read_pkcs8_file,
    KeyProtection, PIN_PBKDF2_ITERATIONS,
};
pub use verify::{issued_by, verify_signature, verify_with_algorithm};

use std::fmt;
use std::str::FromStr;

use der::asn1::{AnyRef, BitString, ObjectIdentifier};
use der::{Decode, Encode};
use pkcs8::PrivateKeyInfo;
use ring::rand::SystemRandom;
use ring::signature::{self as sig, KeyPair};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use zeroize::Zeroizing;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::oid;

/// The key algorithms this CA generates, imports and certifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAlgorithm {
    /// ECDSA on NIST P-256 with SHA-256 (the default).
    EcdsaP256,
    /// ECDSA on NIST P-384 with SHA-384.
    EcdsaP384,
    /// Ed25519 (RFC 8410).
    Ed25519,
    /// RSA, PKCS#1 v1.5 with SHA-256; imported only (2048 to 4096 bits).
    Rsa,
    /// GOST R 34.10-2012 with Streebog of the key's size, on a TC26 parameter set.
    Gost(gost::ParamSet),
}

impl KeyAlgorithm {
    /// The names accepted on the command line.
    pub const NAMES: &'static str =
        "p256, p384, ed25519, rsa, gost2012-256[:A|B|C|D], gost2012-512[:A|B|C]";

    /// The signature algorithm identifier a key of this kind signs with.
    pub fn signature_algorithm(self) -> AlgorithmIdentifierOwned {
        let (oid, parameters) = match self {
            KeyAlgorithm::EcdsaP256 => (oid::ECDSA_WITH_SHA256, None),
            KeyAlgorithm::EcdsaP384 => (oid::ECDSA_WITH_SHA384, None),
            KeyAlgorithm::Ed25519 => (oid::ED25519, None),
            KeyAlgorithm::Rsa => (oid::SHA256_WITH_RSA, Some(der::asn1::Null.into())),
            // RFC 9215: the parameters are absent (the engine writes NULL; both are read).
            KeyAlgorithm::Gost(set) => (set.signature_oid(), None),
        };
        AlgorithmIdentifierOwned { oid, parameters }
    }

    /// Identifies the algorithm of a SubjectPublicKeyInfo; refuses curves and kinds we do not use.
    pub fn of_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<Self> {
        match spki.algorithm.oid {
            oid::ED25519 if spki.algorithm.parameters.is_some() => Err(Error::Key(refusal!(
                "refusal-key-ed25519-key-whose-algorithm",
                "an Ed25519 key whose algorithm has parameters (RFC 8410: they must be absent)"
            ))),
            oid::ED25519 => Ok(KeyAlgorithm::Ed25519),
            oid::RSA_ENCRYPTION
                if spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .is_some_and(|p| !p.is_null()) =>
            {
                Err(Error::Key(refusal!(
                    "refusal-key-rsa-key-whose-algorithm",
                    "an RSA key whose algorithm parameters are not NULL (RFC 3279)"
                )))
            }
            oid::RSA_ENCRYPTION => {
                let bits = rsa_modulus_bits(spki.subject_public_key.raw_bytes())?;
                if !(2048..=4096).contains(&bits) {
                    return Err(Error::Key(refusal!(
                        "refusal-key-rsa-key-bits-this",
                        "RSA key of {bits} bits; this CA certifies RSA keys of 2048 to 4096 bits",
                        bits = bits
                    )));
                }
                Ok(KeyAlgorithm::Rsa)
            }
            oid::EC_PUBLIC_KEY => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
                match curve {
                    Some(oid::P256) => Ok(KeyAlgorithm::EcdsaP256),
                    Some(oid::P384) => Ok(KeyAlgorithm::EcdsaP384),
                    Some(other) => Err(Error::Key(refusal!(
                        "refusal-key-ec-curve-not-supported",
                        "EC curve {other} is not supported (use P-256 or P-384)",
                        other = other
                    ))),
                    None => Err(Error::Key(refusal!(
                        "refusal-key-ec-key-without-named",
                        "EC key without a named curve"
                    ))),
                }
            }
            oid::GOST_2012_256 | oid::GOST_2012_512 => {
                let (set, _) = gost::encoding::from_public_key_info(spki)?;
                Ok(KeyAlgorithm::Gost(set))
            }
            other => Err(Error::Key(refusal!(
                "refusal-key-public-key-algorithm-not",
                "public key algorithm {other} is not supported (supported: {known})",
                known = Self::NAMES,
                other = other
            ))),
        }
    }
}

/// The one encoding of a public key that this CA certifies and indexes: its algorithm checked
/// (see [`KeyAlgorithm::of_spki`]) and RSA's parameters written as NULL, whether the request
/// had NULL or left them out — so one key cannot be certified twice under two encodings.
pub fn canonical_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<SubjectPublicKeyInfoOwned> {
    let algorithm = KeyAlgorithm::of_spki(spki)?;
    let mut canonical = spki.clone();
    match algorithm {
        KeyAlgorithm::Rsa => {
            canonical.algorithm.parameters = Some(der::Any::from(der::asn1::Null));
        }
        // A CryptoPro alias of a parameter set, or a digest named or not, is one key.
        // (of_spki has checked the point.)
        KeyAlgorithm::Gost(set) => {
            let (_, public) = gost::encoding::public_point(spki)?;
            canonical = gost::encoding::public_key_info(set, public)?;
        }
        _ => {}
    }
    Ok(canonical)
}

/// Bit length of the modulus of a DER RSAPublicKey.
fn rsa_modulus_bits(rsa_public_key: &[u8]) -> Result<usize> {
    #[derive(der::Sequence)]
    struct RsaPublicKey<'a> {
        modulus: der::asn1::UintRef<'a>,
        _exponent: der::asn1::UintRef<'a>,
    }
    let key = RsaPublicKey::from_der(rsa_public_key).map_err(|e| {
        Error::Key(refusal!(
            "refusal-key-malformed-rsa-public-key",
            "malformed RSA public key: {problem}",
            problem = e
        ))
    })?;
    let m = key.modulus.as_bytes();
    let lead = m.first().copied().unwrap_or(0);
    Ok(m.len() * 8 - lead.leading_zeros() as usize)
}

impl FromStr for KeyAlgorithm {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "p256" | "p-256" | "ecdsa-p256" | "prime256v1" => Ok(KeyAlgorithm::EcdsaP256),
            "p384" | "p-384" | "ecdsa-p384" | "secp384r1" => Ok(KeyAlgorithm::EcdsaP384),
            "ed25519" => Ok(KeyAlgorithm::Ed25519),
            "rsa" => Ok(KeyAlgorithm::Rsa),
            gost if gost.starts_with("gost") => Ok(KeyAlgorithm::Gost(gost.parse()?)),
            _ => Err(Error::Invalid(refusal!(
                "refusal-unknown-key-algorithm",
                "key algorithm {name:?} is unknown (known: {known})",
                name = s,
                known = Self::NAMES
            ))),
        }
    }
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyAlgorithm::EcdsaP256 => "p256",
            KeyAlgorithm::EcdsaP384 => "p384",
            KeyAlgorithm::Ed25519 => "ed25519",
            KeyAlgorithm::Rsa => "rsa",
            KeyAlgorithm::Gost(set) => return set.fmt(f),
        })
    }
}

/// Something that signs: the one abstraction certificate, CRL, OCSP and CMS building use.
pub trait Signer: Send + Sync {
    /// The signer's public key.
    fn public_key(&self) -> &SubjectPublicKeyInfoOwned;
    /// The signature algorithm identifier to put next to the signature.
    fn signature_algorithm(&self) -> AlgorithmIdentifierOwned;
    /// Signs `message`, returning the signature in the encoding the algorithm identifier names
    /// (DER `Ecdsa-Sig-Value` for ECDSA, raw for Ed25519 and RSA).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>>;
}

enum RingKey {
    Ecdsa(sig::EcdsaKeyPair),
    Ed25519(sig::Ed25519KeyPair),
    Rsa(sig::RsaKeyPair),
    /// Not ring's: ours (`keys::gost`), wiped on drop.
    Gost(gost::GostKey),
}

/// A private key held in memory (by ring, or by `keys::gost` for GOST). The PKCS#8 bytes it was
/// made from are wiped once it is built; the key itself lives until the value is dropped.
pub struct SoftwareKey {
    algorithm: KeyAlgorithm,
    key: RingKey,
    public_key: SubjectPublicKeyInfoOwned,
    rng: SystemRandom,
}

impl fmt::Debug for SoftwareKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SoftwareKey({})", self.algorithm)
    }
}

impl SoftwareKey {
    /// Generates a new key; returns it with its PKCS#8 encoding (to be encrypted and stored).
    /// RSA keys are not generated here (ring cannot): import them instead.
    pub fn generate(algorithm: KeyAlgorithm) -> Result<(Self, Zeroizing<Vec<u8>>)> {
        if let KeyAlgorithm::Gost(set) = algorithm {
            let key = gost::GostKey::generate(set)?;
            let pkcs8 = gost::encoding::private_key_info_der(&key)?;
            let public_key = gost::encoding::public_key_info(set, key.public_le())?;
            let software = SoftwareKey {
                algorithm,
                key: RingKey::Gost(key),
                public_key,
                rng: SystemRandom::new(),
            };
            return Ok((software, pkcs8));
        }
        let rcgen_alg = match algorithm {
            KeyAlgorithm::EcdsaP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            KeyAlgorithm::EcdsaP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            KeyAlgorithm::Ed25519 => &rcgen::PKCS_ED25519,
            KeyAlgorithm::Rsa => {
                return Err(Error::Key(refusal!(
                    "refusal-key-rsa-keys-cannot-be",
                    "RSA keys cannot be generated here; generate one with `openssl genpkey \
                     -algorithm RSA` and submit a CSR, or import the PKCS#8 file"
                )))
            }
            KeyAlgorithm::Gost(_) => unreachable!("generated above"),
        };
        let pair = rcgen::KeyPair::generate_for(rcgen_alg).map_err(|e| {
            Error::Key(refusal!(
                "refusal-key-generating-key",
                "generating a {algorithm} key: {problem}",
                algorithm = algorithm,
                problem = e
            ))
        })?;
        let mut pkcs8 = Zeroizing::new(pair.serialize_der());
        drop(pair);
        if algorithm == KeyAlgorithm::Ed25519 {
            pkcs8 = pkcs8_v1(&pkcs8)?;
        }
        let key = Self::from_pkcs8(&pkcs8)?;
        Ok((key, pkcs8))
    }

    /// Loads a key from unencrypted PKCS#8 DER (P-256, P-384, Ed25519 or RSA 2048–4096).
    pub fn from_pkcs8(der: &[u8]) -> Result<Self> {
        let info = PrivateKeyInfo::from_der(der).map_err(|e| {
            Error::Key(refusal!(
                "refusal-key-not-pkcs-8-private",
                "not a PKCS#8 private key: {problem}",
                problem = e
            ))
        })?;
        let rng = SystemRandom::new();
        let rejected = |e: ring::error::KeyRejected| {
            Error::Key(refusal!(
                "refusal-key-key-rejected",
                "key rejected: {problem}",
                problem = e
            ))
        };
        let (algorithm, key) = match info.algorithm.oid {
            oid::EC_PUBLIC_KEY => {
                let curve = info.algorithm.parameters_oid().ok();
                let (alg, ring_alg) = match curve {
                    Some(oid::P256) => (
                        KeyAlgorithm::EcdsaP256,
                        &sig::ECDSA_P256_SHA256_ASN1_SIGNING,
                    ),
                    Some(oid::P384) => (
                        KeyAlgorithm::EcdsaP384,
                        &sig::ECDSA_P384_SHA384_ASN1_SIGNING,
                    ),
                    _ => {
                        return Err(Error::Key(refusal!(
                            "refusal-key-ec-key-on-unsupported",
                            "EC key on an unsupported curve (use P-256 or P-384)"
                        )))
                    }
                };
                let pair = sig::EcdsaKeyPair::from_pkcs8(ring_alg, der, &rng)
                    .or_else(|first| {
                        // GnuTLS (and `openssl -no_public`) leave out the public point, which
                        // ring needs: compute it from the private scalar.
                        let (scalar, point) = ec_scalar_and_point(alg, der).ok_or(first)?;
                        sig::EcdsaKeyPair::from_private_key_and_public_key(
                            ring_alg, &scalar, &point, &rng,
                        )
                    })
                    .map_err(|e| {
                        Error::Key(refusal!(
                            "refusal-key-ec-key-rejected",
                            "EC key rejected ({problem})",
                            problem = e
                        ))
                    })?;
                (alg, RingKey::Ecdsa(pair))
            }
            oid::ED25519 => (
                KeyAlgorithm::Ed25519,
                RingKey::Ed25519(
                    sig::Ed25519KeyPair::from_pkcs8_maybe_unchecked(der).map_err(rejected)?,
                ),
            ),
            oid::RSA_ENCRYPTION => {
                let pair = sig::RsaKeyPair::from_pkcs8(der).map_err(|e| {
                    if e.to_string() == "TooSmall" {
                        Error::Key(refusal!(
                            "refusal-key-rsa-key-under-2048",
                            "RSA key under 2048 bits; keys of 2048 to 4096 bits are supported"
                        ))
                    } else {
                        rejected(e)
                    }
                })?;
                let bits = pair.public().modulus_len() * 8;
                if !(2048..=4096).contains(&bits) {
                    return Err(Error::Key(refusal!(
                        "refusal-key-rsa-key-bits-keys",
                        "RSA key of {bits} bits; keys of 2048 to 4096 bits are supported",
                        bits = bits
                    )));
                }
                (KeyAlgorithm::Rsa, RingKey::Rsa(pair))
            }
            oid::GOST_2012_256 | oid::GOST_2012_512 => {
                let key = gost::encoding::from_private_key_info(&info)?;
                (KeyAlgorithm::Gost(key.param_set()), RingKey::Gost(key))
            }
            other => {
                return Err(Error::Key(refusal!(
                    "refusal-key-private-key-algorithm-not",
                    "private key algorithm {other} is not supported (supported: {known})",
                    known = KeyAlgorithm::NAMES,
                    other = other
                )))
            }
        };
        let public_key = public_key_info(algorithm, &key)?;
        Ok(SoftwareKey {
            algorithm,
            key,
            public_key,
            rng,
        })
    }

    /// The key's algorithm.
    pub fn algorithm(&self) -> KeyAlgorithm {
        self.algorithm
    }
}

/// Re-encodes a PKCS#8 v2 key (RFC 5958, with the public key) as v1. ring writes Ed25519 keys as
/// v2 with an explicitly tagged public key, which OpenSSL 3.0 refuses once encrypted; v1 is read
/// by every implementation, and ring derives the public key again on load.
fn pkcs8_v1(der: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let info = PrivateKeyInfo::from_der(der).map_err(|e| {
        Error::Key(refusal!(
            "refusal-key-generated-key-not-pkcs",
            "generated key is not PKCS#8: {problem}",
            problem = e
        ))
    })?;
    let v1 = PrivateKeyInfo {
        algorithm: info.algorithm,
        private_key: info.private_key,
        public_key: None,
    };
    Ok(Zeroizing::new(v1.to_der()?))
}

fn public_key_info(algorithm: KeyAlgorithm, key: &RingKey) -> Result<SubjectPublicKeyInfoOwned> {
    if let RingKey::Gost(key) = key {
        return gost::encoding::public_key_info(key.param_set(), key.public_le());
    }
    let (raw, alg): (&[u8], AlgorithmIdentifierOwned) = match (key, algorithm) {
        (RingKey::Ecdsa(k), a) => {
            let curve = if a == KeyAlgorithm::EcdsaP256 {
                oid::P256
            } else {
                oid::P384
            };
            (
                k.public_key().as_ref(),
                AlgorithmIdentifierOwned {
                    oid: oid::EC_PUBLIC_KEY,
                    parameters: Some(AnyRef::from(&curve).into()),
                },
            )
        }
        (RingKey::Ed25519(k), _) => (
            k.public_key().as_ref(),
            AlgorithmIdentifierOwned {
                oid: oid::ED25519,
                parameters: None,
            },
        ),
        (RingKey::Rsa(k), _) => (
            k.public().as_ref(),
            AlgorithmIdentifierOwned {
                oid: oid::RSA_ENCRYPTION,
                parameters: Some(der::asn1::Null.into()),
            },
        ),
        (RingKey::Gost(_), _) => unreachable!("encoded above"),
    };
    Ok(SubjectPublicKeyInfoOwned {
        algorithm: alg,
        subject_public_key: BitString::from_bytes(raw)?,
    })
}

impl Signer for SoftwareKey {
    fn public_key(&self) -> &SubjectPublicKeyInfoOwned {
        &self.public_key
    }

    fn signature_algorithm(&self) -> AlgorithmIdentifierOwned {
        self.algorithm.signature_algorithm()
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        let failed = |_| Error::Key(refusal!("refusal-key-signing-failed", "signing failed"));
        match &self.key {
            RingKey::Ecdsa(k) => Ok(k
                .sign(&self.rng, message)
                .map_err(failed)?
                .as_ref()
                .to_vec()),
            RingKey::Ed25519(k) => Ok(k.sign(message).as_ref().to_vec()),
            RingKey::Rsa(k) => {
                let mut out = vec![0u8; k.public().modulus_len()];
                k.sign(&sig::RSA_PKCS1_SHA256, &self.rng, message, &mut out)
                    .map_err(failed)?;
                Ok(out)
            }
            RingKey::Gost(k) => k.sign(message),
        }
    }
}

/// DER of a SubjectPublicKeyInfo, the key's identity in the register.
pub fn spki_der(spki: &SubjectPublicKeyInfoOwned) -> Result<Vec<u8>> {
    Ok(spki.to_der()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_sign_and_verify() {
        for alg in [
            KeyAlgorithm::EcdsaP256,
            KeyAlgorithm::EcdsaP384,
            KeyAlgorithm::Ed25519,
        ] {
            let (key, pkcs8) = SoftwareKey::generate(alg).expect("generate");
            assert_eq!(key.algorithm(), alg);
            assert_eq!(KeyAlgorithm::of_spki(key.public_key()).ok(), Some(alg));
            let signature = key.sign(b"hello").expect("sign");
            let verify_alg: &dyn sig::VerificationAlgorithm = match alg {
                KeyAlgorithm::EcdsaP256 => &sig::ECDSA_P256_SHA256_ASN1,
                KeyAlgorithm::EcdsaP384 => &sig::ECDSA_P384_SHA384_ASN1,
                _ => &sig::ED25519,
            };
            sig::UnparsedPublicKey::new(
                verify_alg,
                key.public_key().subject_public_key.raw_bytes(),
            )
            .verify(b"hello", &signature)
            .expect("verifies");
            // And the PKCS#8 loads back to the same public key.
            let again = SoftwareKey::from_pkcs8(&pkcs8).expect("reload");
            assert_eq!(again.public_key(), key.public_key());
        }
    }

    #[test]
    fn rsa_generation_is_refused_with_advice() {
        let e = SoftwareKey::generate(KeyAlgorithm::Rsa).unwrap_err();
        assert!(e.to_string().contains("openssl genpkey"));
    }

    #[test]
    fn encrypted_key_round_trip_and_wrong_passphrase() {
        let dir = tempfile::tempdir().expect("tmp");
        let (key, pkcs8) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("generate");
        let pem = encrypt_pkcs8(&pkcs8, b"correct horse").expect("encrypt");
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        let path = dir.path().join("k.p8");
        crate::files::write_secret(&path, pem.as_bytes()).expect("write");
        let back = load_key_file(&path, Some(b"correct horse")).expect("decrypt");
        assert_eq!(back.public_key(), key.public_key());
        assert!(matches!(
            load_key_file(&path, Some(b"wrong")),
            Err(Error::WrongPassphrase { .. })
        ));
        assert!(load_key_file(&path, None).is_err());
    }
}
