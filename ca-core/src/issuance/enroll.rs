//! Enrollment with a key generated at the CA: the applicant leaves with a certificate, the key
//! encrypted under a one-time PIN (PKCS#8), and both in a PKCS#12 file.

use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::keys::{encrypt_pkcs8_with, KeyProtection, PIN_PBKDF2_ITERATIONS};

/// Alphabet of PINs: no 0/O, 1/l/I, so a PIN read aloud or from paper is typed right.
const PIN_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// A one-time PIN of 12 characters in three groups (`k7dm-2q9x-hv4t`), about 59 bits.
pub fn one_time_pin() -> Result<Zeroizing<String>> {
    let rng = SystemRandom::new();
    let mut pin = Zeroizing::new(String::with_capacity(14));
    let mut byte = [0u8; 1];
    let limit = 256 - (256 % PIN_ALPHABET.len());
    while pin.len() < 14 {
        if pin.len() == 4 || pin.len() == 9 {
            pin.push('-');
            continue;
        }
        rng.fill(&mut byte).map_err(|_| {
            Error::Key(refusal!(
                "refusal-key-os-random-generator-failed",
                "the OS random generator failed"
            ))
        })?;
        if usize::from(byte[0]) < limit {
            pin.push(char::from(
                PIN_ALPHABET[usize::from(byte[0]) % PIN_ALPHABET.len()],
            ));
        }
    }
    Ok(pin)
}

/// The files an applicant takes away.
pub struct EnrollmentFiles {
    /// The certificate, PEM.
    pub certificate_pem: String,
    /// The private key, encrypted PKCS#8 PEM (`openssl pkcs8` opens it with the PIN).
    pub key_pem: Zeroizing<String>,
    /// PKCS#12 with the key, the certificate and the CA chain, under the PIN.
    pub pkcs12: Vec<u8>,
}

/// Packs an issued certificate and its freshly generated key.
pub fn package(
    certificate_der: &[u8],
    key_pkcs8: &[u8],
    chain_der: &[Vec<u8>],
    pin: &str,
    protection: KeyProtection,
    alias: &str,
) -> Result<EnrollmentFiles> {
    let certificate_pem = crate::pem::certificate(certificate_der)?;
    let key_pem = encrypt_pkcs8_with(key_pkcs8, pin.as_bytes(), protection)?;
    let p12_err = |e: p12_keystore::error::Error| Error::Encoding(format!("PKCS#12: {e}"));
    let mut certs = vec![p12_keystore::Certificate::from_der(certificate_der).map_err(p12_err)?];
    for der in chain_der {
        certs.push(p12_keystore::Certificate::from_der(der).map_err(p12_err)?);
    }
    let key = p12_keystore::PrivateKey::from_der(key_pkcs8).map_err(p12_err)?;
    let certificate = <x509_cert::Certificate as der::Decode>::from_der(certificate_der)?;
    let local_key_id = crate::issuance::certificate::key_identifier(
        &certificate.tbs_certificate.subject_public_key_info,
    );
    let mut store = p12_keystore::KeyStore::new();
    store.add_entry(
        alias,
        p12_keystore::KeyStoreEntry::PrivateKeyChain(p12_keystore::PrivateKeyChain::new(
            local_key_id,
            key,
            certs,
        )),
    );
    // A chosen PIN gets the stronger of the two settings (p12-keystore's default, 10,000).
    let iterations = match protection {
        KeyProtection::RandomSecret => PIN_PBKDF2_ITERATIONS,
        KeyProtection::Passphrase => 10_000,
    };
    let pkcs12 = store
        .writer(pin)
        .encryption_iterations(iterations)
        .mac_iterations(iterations)
        .write()
        .map_err(p12_err)?;
    Ok(EnrollmentFiles {
        certificate_pem,
        key_pem,
        pkcs12,
    })
}
