//! Encrypted PKCS#8 as GnuTLS writes it: PBES2 with a PBKDF2 PRF AlgorithmIdentifier whose
//! NULL parameters are absent (RFC 8018 allows both; pkcs5 0.7 insists on NULL, a limit lifted
//! upstream in later versions). Such a key is re-encoded with the NULL present, byte for byte
//! otherwise the same, before pkcs8 decrypts it. The PBES2 structures are shared with the
//! RFC 9337 (GOST) scheme in `gost::password`.

use der::asn1::{Null, OctetString};
use der::{Any, Decode, Encode, Sequence};
use spki::AlgorithmIdentifierOwned;

/// id-PBES2 (RFC 8018).
use crate::oid::PBES2;
/// id-PBKDF2.
use crate::oid::PBKDF2;

/// EncryptedPrivateKeyInfo (RFC 5958), any algorithm.
#[derive(Sequence)]
pub(crate) struct EncryptedKey {
    pub(crate) algorithm: AlgorithmIdentifierOwned,
    pub(crate) data: OctetString,
}

/// PBES2-params.
#[derive(Sequence)]
pub(crate) struct Pbes2Params {
    pub(crate) key_derivation: AlgorithmIdentifierOwned,
    pub(crate) encryption_scheme: AlgorithmIdentifierOwned,
}

/// PBKDF2-params, the salt given (`specified`).
#[derive(Sequence)]
pub(crate) struct Pbkdf2Params {
    pub(crate) salt: OctetString,
    pub(crate) iteration_count: u32,
    #[asn1(optional = "true")]
    pub(crate) key_length: Option<u32>,
    #[asn1(optional = "true")]
    pub(crate) prf: Option<AlgorithmIdentifierOwned>,
}

/// `Some(der)` with the PRF's NULL parameters added when `der` is a PBES2/PBKDF2 key whose PRF
/// has none; `None` when there is nothing to change (or it is not such a key).
pub(crate) fn with_null_prf_parameters(der: &[u8]) -> Option<Vec<u8>> {
    let mut key = EncryptedKey::from_der(der).ok()?;
    if key.algorithm.oid != PBES2 {
        return None;
    }
    let mut pbes2: Pbes2Params = key.algorithm.parameters.as_ref()?.decode_as().ok()?;
    if pbes2.key_derivation.oid != PBKDF2 {
        return None;
    }
    let mut pbkdf2: Pbkdf2Params = pbes2.key_derivation.parameters.as_ref()?.decode_as().ok()?;
    let prf = pbkdf2.prf.as_mut()?;
    if prf.parameters.is_some() {
        return None;
    }
    prf.parameters = Some(Any::from(Null));
    pbes2.key_derivation.parameters = Some(Any::encode_from(&pbkdf2).ok()?);
    key.algorithm.parameters = Some(Any::encode_from(&pbes2).ok()?);
    key.to_der().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_prf_null_is_added_and_a_present_one_left() {
        let prf = |parameters: Option<Any>| AlgorithmIdentifierOwned {
            oid: crate::oid::HMAC_WITH_SHA256,
            parameters,
        };
        let key = |prf_parameters: Option<Any>| {
            let pbkdf2 = Pbkdf2Params {
                salt: OctetString::new(vec![1; 8]).expect("salt"),
                iteration_count: 1000,
                key_length: None,
                prf: Some(prf(prf_parameters)),
            };
            let pbes2 = Pbes2Params {
                key_derivation: AlgorithmIdentifierOwned {
                    oid: PBKDF2,
                    parameters: Some(Any::encode_from(&pbkdf2).expect("kdf")),
                },
                encryption_scheme: AlgorithmIdentifierOwned {
                    oid: crate::oid::AES256_CBC,
                    parameters: Some(
                        Any::encode_from(&OctetString::new(vec![2; 16]).expect("iv")).expect("iv"),
                    ),
                },
            };
            EncryptedKey {
                algorithm: AlgorithmIdentifierOwned {
                    oid: PBES2,
                    parameters: Some(Any::encode_from(&pbes2).expect("pbes2")),
                },
                data: OctetString::new(vec![3; 32]).expect("data"),
            }
            .to_der()
            .expect("der")
        };
        let gnutls = key(None);
        let openssl = key(Some(Any::from(Null)));
        assert_eq!(with_null_prf_parameters(&gnutls), Some(openssl.clone()));
        assert_eq!(with_null_prf_parameters(&openssl), None);
        assert_eq!(with_null_prf_parameters(b"junk"), None);
    }
}
