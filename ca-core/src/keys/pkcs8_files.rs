//! Keys at rest: encrypted PKCS#8 (PBES2 with scrypt for chosen passphrases, PBKDF2 for random
//! secrets; GOST keys as RFC 9337 has it, PBKDF2-HMAC-Streebog-512 and Kuznyechik), read back
//! from any file OpenSSL writes (PKCS#8 plain or encrypted, SEC1 EC keys, the gost engine's
//! RFC 9337 keys).

use std::path::Path;

use der::Decode;
use pkcs8::pkcs5::pbes2;
use pkcs8::{EncryptedPrivateKeyInfo, LineEnding, PrivateKeyInfo, SecretDocument};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use super::{pbes2_compat, KeyAlgorithm, SoftwareKey};
use crate::error::refusal;
use crate::error::{Error, Result};

/// scrypt cost for keys at rest: N = 2^14, r = 8, p = 1 (16 MiB), the most OpenSSL 3 accepts
/// with its default memory limit.
const SCRYPT_LOG_N: u8 = 14;

/// PBKDF2 iterations for keys under a random one-time PIN: OpenSSL's own default for PKCS#8
/// and PKCS#12. Against a random 59-bit PIN that is still about 2^70 hash computations.
pub const PIN_PBKDF2_ITERATIONS: u32 = 2048;

/// PBKDF2-HMAC-Streebog-512 iterations for a GOST key under a passphrase a person chose (RFC
/// 9337 names no memory-hard function; about 0.5 s on one core here).
const GOST_PASSPHRASE_PBKDF2_ITERATIONS: u32 = 200_000;

/// How hard the key-derivation step of an encrypted key file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProtection {
    /// A passphrase a person chose: scrypt N=2^14, r=8, p=1 (memory-hard).
    Passphrase,
    /// A random secret — a one-time PIN of about 59 bits, or the CA's 256-bit data key:
    /// PBKDF2-HMAC-SHA256 with 2048 iterations (OpenSSL's default) is enough, and keeps batch
    /// enrollment fast.
    RandomSecret,
}

/// Encrypts PKCS#8 DER under `passphrase` (PBES2: scrypt + AES-256-CBC) and returns the PEM
/// `ENCRYPTED PRIVATE KEY` that `openssl pkcs8` opens with the same passphrase.
pub fn encrypt_pkcs8(pkcs8: &[u8], passphrase: &[u8]) -> Result<Zeroizing<String>> {
    encrypt_pkcs8_with(pkcs8, passphrase, KeyProtection::Passphrase)
}

/// Encrypts PKCS#8 DER with the key derivation `protection` asks for: PBES2 with AES-256-CBC,
/// or for a GOST key RFC 9337's PBES2 (PBKDF2-HMAC-Streebog-512, Kuznyechik in CTR-ACPKM) that
/// the gost engine opens.
pub fn encrypt_pkcs8_with(
    pkcs8: &[u8],
    passphrase: &[u8],
    protection: KeyProtection,
) -> Result<Zeroizing<String>> {
    if is_gost_key(pkcs8) {
        let iterations = match protection {
            KeyProtection::Passphrase => GOST_PASSPHRASE_PBKDF2_ITERATIONS,
            KeyProtection::RandomSecret => PIN_PBKDF2_ITERATIONS,
        };
        let der = super::gost::password::encrypt(pkcs8, passphrase, iterations)?;
        return Ok(Zeroizing::new(crate::pem::encode(
            "ENCRYPTED PRIVATE KEY",
            &der,
        )?));
    }
    let rng = SystemRandom::new();
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    rng.fill(&mut salt)
        .and_then(|_| rng.fill(&mut iv))
        .map_err(|_| {
            Error::Key(refusal!(
                "refusal-key-os-random-generator-failed",
                "the OS random generator failed"
            ))
        })?;
    let params = match protection {
        KeyProtection::Passphrase => {
            let scrypt_params = scrypt::Params::new(SCRYPT_LOG_N, 8, 1, 32)
                .map_err(|e| Error::Encoding(format!("scrypt parameters: {e}")))?;
            pbes2::Parameters::scrypt_aes256cbc(scrypt_params, &salt, &iv)
        }
        KeyProtection::RandomSecret => {
            pbes2::Parameters::pbkdf2_sha256_aes256cbc(PIN_PBKDF2_ITERATIONS, &salt, &iv)
        }
    }
    .map_err(|e| Error::Encoding(format!("PBES2 parameters: {e}")))?;
    let info = PrivateKeyInfo::from_der(pkcs8).map_err(|e| {
        Error::Key(refusal!(
            "refusal-key-not-pkcs-8-private",
            "not a PKCS#8 private key: {problem}",
            problem = e
        ))
    })?;
    let encrypted = info.encrypt_with_params(params, passphrase).map_err(|e| {
        Error::Key(refusal!(
            "refusal-key-encrypting-key",
            "encrypting the key: {problem}",
            problem = e
        ))
    })?;
    encrypted
        .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
        .map_err(|e| Error::Encoding(e.to_string()))
}

/// Reads a private key file: PEM (`PRIVATE KEY` or `ENCRYPTED PRIVATE KEY`) or DER. Encrypted
/// keys need `passphrase`. Returns the plain PKCS#8, wiped when dropped.
pub fn read_pkcs8_file(path: &Path, passphrase: Option<&[u8]>) -> Result<SecretDocument> {
    let bytes = Zeroizing::new(crate::files::read(path)?);
    let not_a_key = |what: String| {
        Error::Key(refusal!(
            "refusal-key-expected-pkcs-8-key",
            "{path}: {what} (expected a PKCS#8 key, PEM or DER)",
            path = path.display(),
            what = what
        ))
    };
    let der = if crate::pem::is_pem(&bytes) {
        Zeroizing::new(
            crate::pem::decode_labelled(&bytes, &["PRIVATE KEY", "ENCRYPTED PRIVATE KEY"])
                .map_err(|e| not_a_key(e.to_string()))?,
        )
    } else {
        bytes
    };
    let der = match pbes2_compat::with_null_prf_parameters(&der) {
        Some(patched) => Zeroizing::new(patched),
        None => der,
    };
    if super::gost::password::is_gost_encrypted(&der) {
        let passphrase = passphrase.ok_or_else(|| no_passphrase(path))?;
        let decrypted = super::gost::password::decrypt(&der, passphrase)
            .unwrap_or_else(|| Err(not_a_key("an unreadable RFC 9337 key".into())))
            .map_err(|e| match e {
                Error::Key(refusal) if refusal.key == "refusal-key-wrong-password-key-did" => {
                    Error::WrongPassphrase { path: path.into() }
                }
                other => other,
            })?;
        return SecretDocument::try_from(decrypted.as_slice())
            .map_err(|e| not_a_key(format!("bad DER: {e}")));
    }
    let doc =
        SecretDocument::try_from(der.as_slice()).map_err(|e| not_a_key(format!("bad DER: {e}")))?;
    match is_encrypted_der(doc.as_bytes()) {
        false => Ok(doc),
        true => {
            let passphrase = passphrase.ok_or_else(|| no_passphrase(path))?;
            let info = EncryptedPrivateKeyInfo::from_der(doc.as_bytes())
                .map_err(|e| not_a_key(format!("bad encrypted key: {e}")))?;
            info.decrypt(passphrase)
                .map_err(|_| Error::WrongPassphrase { path: path.into() })
        }
    }
}

fn no_passphrase(path: &Path) -> Error {
    Error::Key(refusal!(
        "refusal-key-encrypted-passphrase-was-given",
        "{path} is encrypted and no passphrase was given",
        path = path.display()
    ))
}

/// Whether PKCS#8 DER holds a GOST R 34.10-2012 key.
fn is_gost_key(pkcs8: &[u8]) -> bool {
    PrivateKeyInfo::from_der(pkcs8).is_ok_and(|info| {
        [crate::oid::GOST_2012_256, crate::oid::GOST_2012_512].contains(&info.algorithm.oid)
    })
}

/// The private scalar and the uncompressed public point of an EC PKCS#8 key, the point
/// computed (RustCrypto p256/p384) whether or not the key carries it. GnuTLS writes the
/// scalar with a leading zero octet (33 for P-256); RFC 5915 wants it at the curve's size.
pub(super) fn ec_scalar_and_point(
    algorithm: KeyAlgorithm,
    der: &[u8],
) -> Option<(Zeroizing<Vec<u8>>, Vec<u8>)> {
    let info = PrivateKeyInfo::from_der(der).ok()?;
    let sec1 = sec1::EcPrivateKey::from_der(info.private_key).ok()?;
    let size = match algorithm {
        KeyAlgorithm::EcdsaP256 => 32,
        KeyAlgorithm::EcdsaP384 => 48,
        _ => return None,
    };
    let significant: &[u8] = {
        let raw = sec1.private_key;
        let skip = raw.iter().take_while(|b| **b == 0).count();
        &raw[skip..]
    };
    if significant.len() > size {
        return None;
    }
    let mut scalar = Zeroizing::new(vec![0u8; size]);
    scalar[size - significant.len()..].copy_from_slice(significant);
    match algorithm {
        KeyAlgorithm::EcdsaP256 => {
            let key = p256::SecretKey::from_slice(&scalar).ok()?;
            let point = p256::EncodedPoint::from(key.public_key());
            Some((
                Zeroizing::new(key.to_bytes().to_vec()),
                point.as_bytes().to_vec(),
            ))
        }
        KeyAlgorithm::EcdsaP384 => {
            let key = p384::SecretKey::from_slice(&scalar).ok()?;
            let point = p384::EncodedPoint::from(key.public_key());
            Some((
                Zeroizing::new(key.to_bytes().to_vec()),
                point.as_bytes().to_vec(),
            ))
        }
        _ => None,
    }
}

fn is_encrypted_der(der: &[u8]) -> bool {
    EncryptedPrivateKeyInfo::from_der(der).is_ok()
        || pbes2_compat::with_null_prf_parameters(der).is_some()
        || super::gost::password::is_gost_encrypted(der)
}

/// Whether a key file's bytes (PEM or DER) hold an encrypted PKCS#8 key, which needs a
/// passphrase to open.
pub fn is_encrypted_key_file(bytes: &[u8]) -> bool {
    if crate::pem::is_pem(bytes) {
        crate::pem::decode_one(bytes, "ENCRYPTED PRIVATE KEY").is_ok()
    } else {
        is_encrypted_der(bytes)
    }
}

/// Loads a private key file (see [`read_pkcs8_file`]) into a [`SoftwareKey`].
pub fn load_key_file(path: &Path, passphrase: Option<&[u8]>) -> Result<SoftwareKey> {
    let doc = read_pkcs8_file(path, passphrase)?;
    SoftwareKey::from_pkcs8(doc.as_bytes()).map_err(|e| {
        Error::Key(refusal!(
            "refusal-key-file",
            "{path}: {problem}",
            path = path.display(),
            problem = e
        ))
    })
}
