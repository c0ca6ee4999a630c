//! GOST R 34.10-2012 signatures with GOST R 34.11-2012 (Streebog) digests, on every TC26
//! parameter set (256-bit A–D, 512-bit A–C) and the RFC 7091 test curves.
//!
//! Byte conventions (RFC 9215, RFC 7091; checked against the gost engine for OpenSSL and
//! gostcrypto): the digest is read as a little-endian integer, e = digest mod q (1 if that is
//! 0); private keys and public coordinates are little-endian (a public key is LE(X) ‖ LE(Y));
//! a signature is s ‖ r, each big-endian.
//!
//! Secret-dependent work — d·G, k·G, s = r·d + k·e — is constant-time Montgomery arithmetic
//! and a fixed-window scalar multiplication on complete formulas (`primefield`, `primeorder`).
//! Verification, public-key decoding and the subgroup check handle public data and are
//! variable-time. Streebog is table-driven, so not constant-time in what it hashes: fine for
//! public messages, not for secret ones. This is not a ФСБ-certified tool (СКЗИ): it is for
//! non-qualified certificates, for verification and for tests.

mod comb;
mod curve;
mod edwards;
pub mod encoding;
mod montgomery;
mod params;
pub mod password;
mod vartime;

use std::fmt;
use std::str::FromStr;

use der::asn1::ObjectIdentifier;
use ring::rand::{SecureRandom, SystemRandom};
use streebog::digest::Digest;
use zeroize::Zeroizing;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::oid;

/// A GOST R 34.10-2012 parameter set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamSet {
    /// 256-bit TC26 A: a twisted Edwards curve (cofactor 4).
    Tc26_256A,
    /// 256-bit TC26 B (= CryptoPro-A): what CryptoPro CSP makes for signing keys.
    Tc26_256B,
    /// 256-bit TC26 C (= CryptoPro-B).
    Tc26_256C,
    /// 256-bit TC26 D (= CryptoPro-C).
    Tc26_256D,
    /// 512-bit TC26 A.
    Tc26_512A,
    /// 512-bit TC26 B.
    Tc26_512B,
    /// 512-bit TC26 C: a twisted Edwards curve (cofactor 4).
    Tc26_512C,
    /// The RFC 7091 §7.1 test curve (tests only).
    Test256,
    /// The RFC 7091 §7.2 test curve (tests only).
    Test512,
}

/// Dispatches `$f` to the module of `$set`.
macro_rules! on_curve {
    ($set:expr, $f:ident($($arg:expr),*)) => {
        match $set {
            ParamSet::Tc26_256A => params::tc26_256a::$f($($arg),*),
            ParamSet::Tc26_256B => params::tc26_256b::$f($($arg),*),
            ParamSet::Tc26_256C => params::tc26_256c::$f($($arg),*),
            ParamSet::Tc26_256D => params::tc26_256d::$f($($arg),*),
            ParamSet::Tc26_512A => params::tc26_512a::$f($($arg),*),
            ParamSet::Tc26_512B => params::tc26_512b::$f($($arg),*),
            ParamSet::Tc26_512C => params::tc26_512c::$f($($arg),*),
            ParamSet::Test256 => params::test256::$f($($arg),*),
            ParamSet::Test512 => params::test512::$f($($arg),*),
        }
    };
}

impl ParamSet {
    /// Every parameter set, the test curves last.
    pub const ALL: [ParamSet; 9] = [
        ParamSet::Tc26_256A,
        ParamSet::Tc26_256B,
        ParamSet::Tc26_256C,
        ParamSet::Tc26_256D,
        ParamSet::Tc26_512A,
        ParamSet::Tc26_512B,
        ParamSet::Tc26_512C,
        ParamSet::Test256,
        ParamSet::Test512,
    ];

    /// Key size in bits: 256 or 512.
    pub fn bits(self) -> usize {
        match self {
            ParamSet::Tc26_512A | ParamSet::Tc26_512B | ParamSet::Tc26_512C | ParamSet::Test512 => {
                512
            }
            _ => 256,
        }
    }

    /// Bytes in a private key, a coordinate, half a signature.
    pub fn byte_len(self) -> usize {
        self.bits() / 8
    }

    /// The parameter set's OID (`publicKeyParamSet`).
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            ParamSet::Tc26_256A => oid::GOST_256_PARAMSET_A,
            ParamSet::Tc26_256B => oid::GOST_256_PARAMSET_B,
            ParamSet::Tc26_256C => oid::GOST_256_PARAMSET_C,
            ParamSet::Tc26_256D => oid::GOST_256_PARAMSET_D,
            ParamSet::Tc26_512A => oid::GOST_512_PARAMSET_A,
            ParamSet::Tc26_512B => oid::GOST_512_PARAMSET_B,
            ParamSet::Tc26_512C => oid::GOST_512_PARAMSET_C,
            ParamSet::Test256 => oid::GOST_2001_TEST_PARAMSET,
            ParamSet::Test512 => oid::GOST_512_PARAMSET_TEST,
        }
    }

    /// The parameter set an OID names; the CryptoPro and exchange aliases of 256 B, C and D
    /// included.
    pub fn from_oid(named: &ObjectIdentifier) -> Option<ParamSet> {
        let aliases = [
            (oid::CRYPTOPRO_A, ParamSet::Tc26_256B),
            (oid::CRYPTOPRO_XCH_A, ParamSet::Tc26_256B),
            (oid::CRYPTOPRO_B, ParamSet::Tc26_256C),
            (oid::CRYPTOPRO_C, ParamSet::Tc26_256D),
            (oid::CRYPTOPRO_XCH_B, ParamSet::Tc26_256D),
        ];
        ParamSet::ALL
            .into_iter()
            .find(|set| set.oid() == *named)
            .or_else(|| aliases.iter().find(|(o, _)| o == named).map(|(_, s)| *s))
    }

    /// The public-key algorithm OID: GOST R 34.10-2012 256 or 512.
    pub fn key_oid(self) -> ObjectIdentifier {
        match self.bits() {
            512 => oid::GOST_2012_512,
            _ => oid::GOST_2012_256,
        }
    }

    /// The signature algorithm OID (signwithdigest, Streebog of the key's size).
    pub fn signature_oid(self) -> ObjectIdentifier {
        match self.bits() {
            512 => oid::GOST_2012_512_WITH_STREEBOG_512,
            _ => oid::GOST_2012_256_WITH_STREEBOG_256,
        }
    }

    /// The digest OID: Streebog-256 or -512.
    pub fn digest_oid(self) -> ObjectIdentifier {
        match self.bits() {
            512 => oid::STREEBOG_512,
            _ => oid::STREEBOG_256,
        }
    }

    /// Streebog of the key's size over `message`.
    pub fn digest(self, message: &[u8]) -> Vec<u8> {
        match self.bits() {
            512 => streebog::Streebog512::digest(message).to_vec(),
            _ => streebog::Streebog256::digest(message).to_vec(),
        }
    }
}

impl fmt::Display for ParamSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParamSet::Tc26_256A => "gost2012-256:A",
            ParamSet::Tc26_256B => "gost2012-256:B",
            ParamSet::Tc26_256C => "gost2012-256:C",
            ParamSet::Tc26_256D => "gost2012-256:D",
            ParamSet::Tc26_512A => "gost2012-512:A",
            ParamSet::Tc26_512B => "gost2012-512:B",
            ParamSet::Tc26_512C => "gost2012-512:C",
            ParamSet::Test256 => "gost2012-256:test",
            ParamSet::Test512 => "gost2012-512:test",
        })
    }
}

impl FromStr for ParamSet {
    type Err = Error;
    /// `gost2012-256[:A|B|C|D]` (B without a suffix: CryptoPro-A, what CryptoPro CSP makes) or
    /// `gost2012-512[:A|B|C]` (A without a suffix).
    fn from_str(text: &str) -> Result<Self> {
        let set = match text.to_ascii_lowercase().as_str() {
            "gost2012-256:a" => ParamSet::Tc26_256A,
            "gost2012-256" | "gost2012-256:b" => ParamSet::Tc26_256B,
            "gost2012-256:c" => ParamSet::Tc26_256C,
            "gost2012-256:d" => ParamSet::Tc26_256D,
            "gost2012-512" | "gost2012-512:a" => ParamSet::Tc26_512A,
            "gost2012-512:b" => ParamSet::Tc26_512B,
            "gost2012-512:c" => ParamSet::Tc26_512C,
            _ => {
                return Err(Error::Key(refusal!(
                    "refusal-key-unknown-gost-parameter-set",
                    "unknown GOST parameter set {text:?} (known: gost2012-256[:A|B|C|D], \
                     gost2012-512[:A|B|C])",
                    text = text
                )))
            }
        };
        Ok(set)
    }
}

/// A GOST R 34.10-2012 private key: its parameter set and d (little-endian), wiped on drop.
#[derive(Clone)]
pub struct GostKey {
    set: ParamSet,
    d: Zeroizing<Vec<u8>>,
    public: Vec<u8>,
}

impl fmt::Debug for GostKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GostKey({})", self.set)
    }
}

/// `len` bytes from the OS CSPRNG.
fn random(len: usize) -> Result<Zeroizing<Vec<u8>>> {
    let mut bytes = Zeroizing::new(vec![0u8; len]);
    SystemRandom::new().fill(&mut bytes).map_err(|_| {
        Error::Key(refusal!(
            "refusal-key-os-random-generator-failed",
            "the OS random generator failed"
        ))
    })?;
    Ok(bytes)
}

impl GostKey {
    /// A new key: d drawn uniformly from [1, q) by rejection (what is rejected says nothing
    /// about the key kept).
    pub fn generate(set: ParamSet) -> Result<GostKey> {
        loop {
            let d = random(set.byte_len())?;
            if let Ok(key) = GostKey::from_private(set, &d) {
                return Ok(key);
            }
        }
    }

    /// The key with private value d (little-endian, 0 < d < q).
    pub fn from_private(set: ParamSet, d_le: &[u8]) -> Result<GostKey> {
        let public = on_curve!(set, public_key(d_le)).ok_or_else(|| {
            Error::Key(refusal!(
                "refusal-key-private-key-must-be",
                "a {set} private key must be {length} little-endian bytes between 1 and q − 1",
                length = set.byte_len(),
                set = set
            ))
        })?;
        Ok(GostKey {
            set,
            d: Zeroizing::new(d_le.to_vec()),
            public,
        })
    }

    /// The parameter set.
    pub fn param_set(&self) -> ParamSet {
        self.set
    }

    /// d, little-endian.
    pub fn private_le(&self) -> &[u8] {
        &self.d
    }

    /// The public key, LE(X) ‖ LE(Y).
    pub fn public_le(&self) -> &[u8] {
        &self.public
    }

    /// Signs `message` (hashed with Streebog of the key's size): s ‖ r.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        self.sign_digest(&self.set.digest(message))
    }

    /// Signs a Streebog `digest` already computed: s ‖ r.
    pub fn sign_digest(&self, digest: &[u8]) -> Result<Vec<u8>> {
        loop {
            let k = random(self.set.byte_len())?;
            // An out-of-range k, or r = 0 or s = 0 (probability about 2^-255): draw again.
            if let Some(signature) = self.sign_digest_with_nonce(digest, &k) {
                return Ok(signature);
            }
        }
    }

    /// Signs with a given nonce k (little-endian): known-answer tests only — a k used twice,
    /// or known, gives the key away.
    #[doc(hidden)]
    pub fn sign_digest_with_nonce(&self, digest: &[u8], k_le: &[u8]) -> Option<Vec<u8>> {
        on_curve!(self.set, sign_with_nonce(&self.d, digest, k_le))
    }
}

/// Whether `public_le` (LE(X) ‖ LE(Y)) is a point of `set`'s curve in its subgroup of order q,
/// and not the identity.
pub fn valid_public_key(set: ParamSet, public_le: &[u8]) -> bool {
    on_curve!(set, valid_public_key(public_le))
}

/// Verifies s ‖ r over a Streebog `digest` with the public key LE(X) ‖ LE(Y) of `set`. False
/// for anything malformed: a point off the curve or outside the subgroup, a signature of the
/// wrong length, r or s zero or not below q.
pub fn verify_digest(set: ParamSet, public_le: &[u8], digest: &[u8], signature: &[u8]) -> bool {
    on_curve!(set, verify(public_le, digest, signature))
}

/// Verifies s ‖ r over `message`, hashed with Streebog of the key's size.
pub fn verify(set: ParamSet, public_le: &[u8], message: &[u8], signature: &[u8]) -> bool {
    verify_digest(set, public_le, &set.digest(message), signature)
}

#[cfg(test)]
mod tests;
