//! GOST keys protected by a password (RFC 9337), as the gost engine for OpenSSL writes and reads
//! them: PBES2 with PBKDF2-HMAC-Streebog-512 deriving a 256-bit key, and Kuznyechik (or Magma)
//! in CTR-ACPKM mode (Р 1323565.1.017-2018) with the IV taken from the parameters' ukm.
//!
//! CTR-ACPKM is GOST R 34.13-2015 counter mode whose key is replaced after every section (4 KiB
//! for Kuznyechik, 1 KiB for Magma, the section sizes the engine uses) by the encryption of the
//! constants 0x80…0x9F under the section's key; the counter runs on across sections. Checked
//! byte for byte against the engine's `openssl enc -kuznyechik-ctr-acpkm` / `-magma-ctr-acpkm`
//! over several sections (tests/tests/e2e/gost.rs).

use ctr::cipher::{BlockCipherEncrypt, KeyInit, KeyIvInit, StreamCipher};
use der::asn1::{Null, ObjectIdentifier, OctetString};
use der::{Any, Decode, Encode, Sequence};
use hmac::Hmac;
use kuznyechik::Kuznyechik;
use magma::Magma;
use ring::rand::{SecureRandom, SystemRandom};
use spki::AlgorithmIdentifierOwned;
use streebog::Streebog512;
use zeroize::Zeroizing;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::pbes2_compat::{EncryptedKey, Pbes2Params, Pbkdf2Params};
use crate::oid;

/// The block cipher of a CTR-ACPKM encryption scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GostCipher {
    /// GOST R 34.12-2015 Kuznyechik (128-bit block): what we write.
    Kuznyechik,
    /// GOST R 34.12-2015 Magma (64-bit block): read.
    Magma,
}

impl GostCipher {
    /// Block size in bytes.
    fn block_len(self) -> usize {
        match self {
            GostCipher::Kuznyechik => 16,
            GostCipher::Magma => 8,
        }
    }

    /// Bytes encrypted under one key before ACPKM replaces it.
    fn section_len(self) -> usize {
        match self {
            GostCipher::Kuznyechik => 4096,
            GostCipher::Magma => 1024,
        }
    }

    /// The IV: the counter's upper half.
    fn iv_len(self) -> usize {
        self.block_len() / 2
    }

    /// The PBES2 encryption scheme OID (`id-gostr3412-2015-…-ctracpkm`).
    fn oid(self) -> ObjectIdentifier {
        match self {
            GostCipher::Kuznyechik => oid::KUZNYECHIK_CTR_ACPKM,
            GostCipher::Magma => oid::MAGMA_CTR_ACPKM,
        }
    }

    fn from_oid(scheme: &ObjectIdentifier) -> Option<GostCipher> {
        [GostCipher::Kuznyechik, GostCipher::Magma]
            .into_iter()
            .find(|c| c.oid() == *scheme)
    }

    /// E_K(block) in place.
    fn encrypt_block(self, key: &[u8; 32], block: &mut [u8]) {
        match self {
            GostCipher::Kuznyechik => {
                Kuznyechik::new(key.into()).encrypt_block(block.try_into().expect("16 bytes"))
            }
            GostCipher::Magma => {
                Magma::new(key.into()).encrypt_block(block.try_into().expect("8 bytes"))
            }
        }
    }

    /// The next section's key: E_K(D₁) ‖ E_K(D₂) ‖ …, D = 0x80, 0x81, …, 0x9F.
    fn acpkm_next_key(self, key: &[u8; 32]) -> Zeroizing<[u8; 32]> {
        let mut next = Zeroizing::new([0u8; 32]);
        for (i, byte) in next.iter_mut().enumerate() {
            *byte = 0x80 + i as u8;
        }
        for block in next.chunks_mut(self.block_len()) {
            self.encrypt_block(key, block);
        }
        next
    }

    /// CTR keystream XORed into `data`, from the counter block `counter`.
    fn ctr(self, key: &[u8; 32], counter: &[u8], data: &mut [u8]) {
        match self {
            GostCipher::Kuznyechik => {
                let counter: &[u8; 16] = counter.try_into().expect("16 bytes");
                ctr::Ctr128BE::<Kuznyechik>::new(key.into(), counter.into()).apply_keystream(data)
            }
            GostCipher::Magma => {
                let counter: &[u8; 8] = counter.try_into().expect("8 bytes");
                ctr::Ctr64BE::<Magma>::new(key.into(), counter.into()).apply_keystream(data)
            }
        }
    }

    /// The counter block that starts section `section`: (IV ‖ 0…0) + section · blocks per
    /// section, big-endian, modulo 2^(block size).
    fn section_counter(self, iv: &[u8], section: usize) -> Vec<u8> {
        let blocks = (section * (self.section_len() / self.block_len())) as u128;
        let mut start = iv.to_vec();
        start.resize(self.block_len(), 0);
        match self {
            GostCipher::Kuznyechik => {
                let value = u128::from_be_bytes(start.as_slice().try_into().expect("16 bytes"));
                value.wrapping_add(blocks).to_be_bytes().to_vec()
            }
            GostCipher::Magma => {
                let value = u64::from_be_bytes(start.as_slice().try_into().expect("8 bytes"));
                value.wrapping_add(blocks as u64).to_be_bytes().to_vec()
            }
        }
    }
}

/// Encrypts (or decrypts: the same operation) `data` in place in CTR-ACPKM mode under `key`
/// with `iv` (half a block). Public for the tests that compare it with the gost engine.
#[doc(hidden)]
pub fn ctr_acpkm(cipher: GostCipher, key: &[u8; 32], iv: &[u8], data: &mut [u8]) -> Result<()> {
    if iv.len() != cipher.iv_len() {
        return Err(Error::Key(refusal!(
            "refusal-key-ctr-acpkm-iv-bytes",
            "a {cipher} CTR-ACPKM IV is {expected} bytes, not {found}",
            expected = cipher.iv_len(),
            found = iv.len(),
            cipher = format!("{cipher:?}")
        )));
    }
    let mut section_key = Zeroizing::new(*key);
    for (section, chunk) in data.chunks_mut(cipher.section_len()).enumerate() {
        if section > 0 {
            section_key = cipher.acpkm_next_key(&section_key);
        }
        cipher.ctr(&section_key, &cipher.section_counter(iv, section), chunk);
    }
    Ok(())
}

/// Gost3412-15-Encryption-Parameters (RFC 9337 §7.3).
#[derive(Sequence)]
struct EncryptionParameters {
    ukm: OctetString,
}

/// PBKDF2-HMAC-Streebog-512 → the 256-bit encryption key.
fn derive_key(password: &[u8], salt: &[u8], iterations: u32) -> Result<Zeroizing<[u8; 32]>> {
    let mut key = Zeroizing::new([0u8; 32]);
    pbkdf2::pbkdf2::<Hmac<Streebog512>>(password, salt, iterations, key.as_mut()).map_err(|e| {
        Error::Key(refusal!(
            "refusal-key-pbkdf2-hmac-streebog-512",
            "PBKDF2-HMAC-Streebog-512: {problem}",
            problem = e
        ))
    })?;
    Ok(key)
}

/// Encrypts PKCS#8 DER under `password` (RFC 9337: PBKDF2-HMAC-Streebog-512 with `iterations`
/// and a random 16-byte salt, Kuznyechik in CTR-ACPKM with a random IV) and returns the
/// EncryptedPrivateKeyInfo DER.
pub(crate) fn encrypt(pkcs8: &[u8], password: &[u8], iterations: u32) -> Result<Vec<u8>> {
    let cipher = GostCipher::Kuznyechik;
    let rng = SystemRandom::new();
    let mut salt = [0u8; 16];
    // ukm: the IV (half a block), then 8 bytes RFC 9337 keeps for the OMAC variant's seed.
    let mut ukm = vec![0u8; cipher.iv_len() + 8];
    rng.fill(&mut salt)
        .and_then(|_| rng.fill(&mut ukm))
        .map_err(|_| {
            Error::Key(refusal!(
                "refusal-key-os-random-generator-failed",
                "the OS random generator failed"
            ))
        })?;
    let key = derive_key(password, &salt, iterations)?;
    let mut data = Zeroizing::new(pkcs8.to_vec());
    ctr_acpkm(cipher, &key, &ukm[..cipher.iv_len()], &mut data)?;
    let encoding = |e: der::Error| Error::Encoding(format!("RFC 9337 parameters: {e}"));
    let pbkdf2 = Pbkdf2Params {
        salt: OctetString::new(salt).map_err(encoding)?,
        iteration_count: iterations,
        key_length: None,
        prf: Some(AlgorithmIdentifierOwned {
            oid: oid::HMAC_STREEBOG_512,
            parameters: Some(Any::from(Null)),
        }),
    };
    let scheme = EncryptionParameters {
        ukm: OctetString::new(ukm).map_err(encoding)?,
    };
    let pbes2 = Pbes2Params {
        key_derivation: AlgorithmIdentifierOwned {
            oid: oid::PBKDF2,
            parameters: Some(Any::encode_from(&pbkdf2).map_err(encoding)?),
        },
        encryption_scheme: AlgorithmIdentifierOwned {
            oid: cipher.oid(),
            parameters: Some(Any::encode_from(&scheme).map_err(encoding)?),
        },
    };
    EncryptedKey {
        algorithm: AlgorithmIdentifierOwned {
            oid: oid::PBES2,
            parameters: Some(Any::encode_from(&pbes2).map_err(encoding)?),
        },
        data: OctetString::new(data.to_vec()).map_err(encoding)?,
    }
    .to_der()
    .map_err(encoding)
}

/// What an RFC 9337 key's parameters say: salt, iterations, cipher, IV.
struct Scheme {
    salt: Vec<u8>,
    iterations: u32,
    cipher: GostCipher,
    iv: Vec<u8>,
    data: Vec<u8>,
}

/// The RFC 9337 scheme of an EncryptedPrivateKeyInfo, `None` when it is another scheme (AES,
/// scrypt: the pkcs8 crate's) or not an encrypted key at all.
fn scheme(der: &[u8]) -> Option<Scheme> {
    let key = EncryptedKey::from_der(der).ok()?;
    if key.algorithm.oid != oid::PBES2 {
        return None;
    }
    let pbes2: Pbes2Params = key.algorithm.parameters.as_ref()?.decode_as().ok()?;
    let cipher = GostCipher::from_oid(&pbes2.encryption_scheme.oid)?;
    if pbes2.key_derivation.oid != oid::PBKDF2 {
        return None;
    }
    let pbkdf2: Pbkdf2Params = pbes2.key_derivation.parameters.as_ref()?.decode_as().ok()?;
    if pbkdf2.prf.as_ref()?.oid != oid::HMAC_STREEBOG_512 {
        return None;
    }
    let parameters: EncryptionParameters = pbes2
        .encryption_scheme
        .parameters
        .as_ref()?
        .decode_as()
        .ok()?;
    let ukm = parameters.ukm.as_bytes();
    Some(Scheme {
        salt: pbkdf2.salt.as_bytes().to_vec(),
        iterations: pbkdf2.iteration_count,
        cipher,
        iv: ukm.get(..cipher.iv_len())?.to_vec(),
        data: key.data.as_bytes().to_vec(),
    })
}

/// The PBKDF2 iteration count an RFC 9337 encrypted key asks for.
#[doc(hidden)]
pub fn iterations(der: &[u8]) -> Option<u32> {
    scheme(der).map(|s| s.iterations)
}

/// Whether `der` is an RFC 9337 encrypted key this module opens.
pub(crate) fn is_gost_encrypted(der: &[u8]) -> bool {
    scheme(der).is_some()
}

/// The most PBKDF2 iterations a key file may ask for (a file cannot make us spin for hours).
const MAX_ITERATIONS: u32 = 10_000_000;

/// Decrypts an RFC 9337 EncryptedPrivateKeyInfo; `None` when `der` is not one, an error when
/// the password is wrong (the result is not PKCS#8) or the parameters are unusable.
#[doc(hidden)]
pub fn decrypt(der: &[u8], password: &[u8]) -> Option<Result<Zeroizing<Vec<u8>>>> {
    let scheme = scheme(der)?;
    Some((|| {
        if scheme.iterations == 0 || scheme.iterations > MAX_ITERATIONS {
            return Err(Error::Key(refusal!(
                "refusal-key-key-file-asks-for",
                "the key file asks for {found} PBKDF2 iterations (1 to {max} accepted)",
                found = scheme.iterations,
                max = MAX_ITERATIONS
            )));
        }
        let key = derive_key(password, &scheme.salt, scheme.iterations)?;
        let mut data = Zeroizing::new(scheme.data.clone());
        ctr_acpkm(scheme.cipher, &key, &scheme.iv, &mut data)?;
        // CTR has no padding to check: a wrong password shows as bytes that are not PKCS#8.
        pkcs8::PrivateKeyInfo::from_der(&data).map_err(|_| {
            Error::Key(refusal!(
                "refusal-key-wrong-password-key-did",
                "wrong password (the key did not decrypt)"
            ))
        })?;
        Ok(data)
    })())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_encrypted_here_decrypts_with_its_password_only() {
        let key = crate::keys::gost::GostKey::generate(crate::keys::gost::ParamSet::Tc26_256B)
            .expect("key");
        let pkcs8 = crate::keys::gost::encoding::private_key_info_der(&key).expect("pkcs8");
        let encrypted = encrypt(&pkcs8, "пароль".as_bytes(), 2048).expect("encrypt");
        assert!(is_gost_encrypted(&encrypted));
        let opened = decrypt(&encrypted, "пароль".as_bytes())
            .expect("an RFC 9337 key")
            .expect("decrypt");
        assert_eq!(opened.as_slice(), pkcs8.as_slice());
        let refused = decrypt(&encrypted, b"parol").expect("an RFC 9337 key");
        assert!(refused.is_err(), "a wrong password must not open the key");
    }

    #[test]
    fn ctr_acpkm_changes_the_key_at_each_section_boundary() {
        let key = [7u8; 32];
        for cipher in [GostCipher::Kuznyechik, GostCipher::Magma] {
            let iv = vec![1u8; cipher.iv_len()];
            let mut acpkm = vec![0u8; 3 * cipher.section_len()];
            ctr_acpkm(cipher, &key, &iv, &mut acpkm).expect("ctr-acpkm");
            let mut plain_ctr = vec![0u8; 3 * cipher.section_len()];
            cipher.ctr(&key, &cipher.section_counter(&iv, 0), &mut plain_ctr);
            let n = cipher.section_len();
            assert_eq!(
                acpkm[..n],
                plain_ctr[..n],
                "{cipher:?}: first section is plain CTR"
            );
            assert_ne!(
                acpkm[n..n + 16],
                plain_ctr[n..n + 16],
                "{cipher:?}: then a new key"
            );
        }
    }

    #[test]
    fn an_absurd_iteration_count_is_refused_before_any_work() {
        let key = crate::keys::gost::GostKey::generate(crate::keys::gost::ParamSet::Tc26_256B)
            .expect("key");
        let pkcs8 = crate::keys::gost::encoding::private_key_info_der(&key).expect("pkcs8");
        let encrypted = encrypt(&pkcs8, b"pw", 1).expect("encrypt");
        let mut key_info = EncryptedKey::from_der(&encrypted).expect("decode");
        let mut pbes2: Pbes2Params = key_info
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as().ok())
            .expect("PBES2");
        let mut pbkdf2: Pbkdf2Params = pbes2
            .key_derivation
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as().ok())
            .expect("PBKDF2");
        pbkdf2.iteration_count = u32::MAX;
        pbes2.key_derivation.parameters = Some(Any::encode_from(&pbkdf2).expect("encode"));
        key_info.algorithm.parameters = Some(Any::encode_from(&pbes2).expect("encode"));
        let encrypted = key_info.to_der().expect("encode");
        let error = decrypt(&encrypted, b"pw")
            .expect("RFC 9337")
            .expect_err("refused");
        assert!(error.to_string().contains("iterations"), "{error}");
    }
}
