//! Each officer's own key pair (X25519), and the data key wrapped to it (HPKE, RFC 9180:
//! DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305; the `hpke` crate).
//!
//! The private half is sealed under the officer's passphrase (a [`KeySlot`]: scrypt, then
//! AES-256-GCM), so opening it proves the passphrase — auditors authenticate that way and hold
//! nothing more. Officers and admins also hold the data key wrapped to their public key, which
//! is what lets an admin give a *new* data key to everyone who remains without knowing anyone's
//! passphrase (SPEC §8): rotation re-wraps to the public keys.

use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem, OpModeR, OpModeS, Serializable};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::refusal;
use crate::error::{Error, Result};
use crate::officers::{DataKey, KeySlot, Role, DATA_KEY_LEN};

type OfficerKem = X25519HkdfSha256;

/// HPKE `info`: what the wrapped secret is for.
const INFO: &[u8] = b"ca officer data key v2";
/// The AAD label of a sealed private key (a [`KeySlot`] of another purpose than v1's).
pub(crate) const PRIVATE_KEY_LABEL: &str = "ca officer private key v2";

/// The data key wrapped to one officer's public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrappedKey {
    /// The HPKE encapsulated key.
    #[serde(with = "serde_bytes")]
    pub encapped: Vec<u8>,
    /// The data key, sealed, with its tag.
    #[serde(with = "serde_bytes")]
    pub ciphertext: Vec<u8>,
}

/// An officer's private key in memory, wiped when dropped.
pub struct OfficerPrivateKey(Zeroizing<[u8; 32]>);

/// A fresh key pair: the private half, and the public half's 32 bytes.
pub fn generate() -> Result<(OfficerPrivateKey, Vec<u8>)> {
    let (private, public) = OfficerKem::gen_keypair();
    let mut bytes = Zeroizing::new([0u8; 32]);
    bytes.copy_from_slice(&private.to_bytes());
    Ok((OfficerPrivateKey(bytes), public.to_bytes().to_vec()))
}

/// The binding of a wrap to its holder: the name and the role it was made for.
fn aad(officer: &str, role: Role) -> Vec<u8> {
    format!("{officer}\0{role}").into_bytes()
}

/// Wraps `data_key` to `public_key` for `officer` in `role`.
pub fn wrap(
    data_key: &DataKey,
    public_key: &[u8],
    officer: &str,
    role: Role,
) -> Result<WrappedKey> {
    let public = <OfficerKem as Kem>::PublicKey::from_bytes(public_key)
        .map_err(|e| Error::Register(format!("the public key of officer {officer}: {e}")))?;
    let (encapped, ciphertext) =
        hpke::single_shot_seal::<ChaCha20Poly1305, HkdfSha256, OfficerKem>(
            &OpModeS::Base,
            &public,
            INFO,
            data_key.as_ref(),
            &aad(officer, role),
        )
        .map_err(|e| {
            Error::Key(refusal!(
                "refusal-key-wrapping-data-key-for",
                "wrapping the data key for {officer}: {problem}",
                officer = officer,
                problem = e
            ))
        })?;
    Ok(WrappedKey {
        encapped: encapped.to_bytes().to_vec(),
        ciphertext,
    })
}

impl OfficerPrivateKey {
    /// Seals the private key under the officer's passphrase.
    pub fn seal(&self, officer: &str, passphrase: &[u8]) -> Result<KeySlot> {
        KeySlot::seal_labelled(&self.0, PRIVATE_KEY_LABEL, officer, passphrase)
    }

    /// Opens a sealed private key with the officer's passphrase.
    pub fn open(slot: &KeySlot, officer: &str, passphrase: &[u8]) -> Result<Self> {
        let secret = slot.open_labelled(PRIVATE_KEY_LABEL, officer, passphrase)?;
        Ok(OfficerPrivateKey(secret))
    }

    /// The public half.
    pub fn public_key(&self) -> Result<Vec<u8>> {
        let private =
            <OfficerKem as Kem>::PrivateKey::from_bytes(self.0.as_ref()).map_err(|e| {
                Error::Key(refusal!(
                    "refusal-key-officer-s-private-key",
                    "an officer's private key: {problem}",
                    problem = e
                ))
            })?;
        Ok(OfficerKem::sk_to_pk(&private).to_bytes().to_vec())
    }

    /// Unwraps the data key wrapped to this key for `officer` in `role`.
    pub fn unwrap(&self, wrapped: &WrappedKey, officer: &str, role: Role) -> Result<DataKey> {
        let damaged = || Error::Register(format!("the wrapped data key of {officer} is damaged"));
        let private =
            <OfficerKem as Kem>::PrivateKey::from_bytes(self.0.as_ref()).map_err(|_| damaged())?;
        let encapped = <OfficerKem as Kem>::EncappedKey::from_bytes(&wrapped.encapped)
            .map_err(|_| damaged())?;
        let plain = Zeroizing::new(
            hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, OfficerKem>(
                &OpModeR::Base,
                &private,
                &encapped,
                INFO,
                &wrapped.ciphertext,
                &aad(officer, role),
            )
            .map_err(|_| damaged())?,
        );
        if plain.len() != DATA_KEY_LEN {
            return Err(damaged());
        }
        let mut data_key = Zeroizing::new([0u8; DATA_KEY_LEN]);
        data_key.copy_from_slice(&plain);
        Ok(data_key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrap_opens_only_for_its_holder_name_and_role() {
        let data_key = crate::officers::new_data_key().expect("key");
        let (private, public) = generate().expect("pair");
        assert_eq!(private.public_key().expect("public"), public);
        let wrapped = wrap(&data_key, &public, "olga", Role::Officer).expect("wrap");
        assert_eq!(
            *private
                .unwrap(&wrapped, "olga", Role::Officer)
                .expect("open"),
            *data_key
        );
        assert!(
            private.unwrap(&wrapped, "olga", Role::Admin).is_err(),
            "role bound"
        );
        assert!(
            private.unwrap(&wrapped, "ivan", Role::Officer).is_err(),
            "name bound"
        );
        let (other, _) = generate().expect("pair");
        assert!(other.unwrap(&wrapped, "olga", Role::Officer).is_err());
        // The sealed private key opens with the passphrase only.
        let slot = private.seal("olga", b"her passphrase").expect("seal");
        assert!(OfficerPrivateKey::open(&slot, "olga", b"wrong").is_err());
        let reopened = OfficerPrivateKey::open(&slot, "olga", b"her passphrase").expect("open");
        assert_eq!(reopened.public_key().expect("public"), public);
        // A v1 slot (the data key under the passphrase) is not a private-key slot.
        let v1 = KeySlot::seal(&data_key, "olga", b"her passphrase").expect("v1");
        assert!(OfficerPrivateKey::open(&v1, "olga", b"her passphrase").is_err());
    }
}
