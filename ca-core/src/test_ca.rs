//! A throwaway root CA for unit tests and the fuzz fixture: a P-256 key, its self-signed
//! certificate, and issuance under it into an in-memory register, as an admin.

use crate::issuance::{self_signed_root, Authority, IssueRequest, Issuer};
use crate::officers::Role;
use crate::profile::config::CaConfig;
use crate::store::Register;
use crate::{FixedClock, Identifiers, KeyAlgorithm, Signer, SoftwareKey};

/// A root CA made at `start`.
pub(crate) struct TestCa {
    /// Its certificate, DER.
    pub root: Vec<u8>,
    authority: Authority,
    register: Register,
    start: u64,
}

impl TestCa {
    /// A root named `dn`, valid ten years from `start`.
    pub(crate) fn new(dn: &str, start: u64) -> TestCa {
        let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        let name = crate::names::subject::parse_subject(dn, &Identifiers::default()).expect("name");
        let root = self_signed_root(name, &key, start, 3650).expect("root");
        TestCa {
            authority: Authority::new(&root, Box::new(key)).expect("authority"),
            root,
            register: Register::memory(),
            start,
        }
    }

    /// A certificate (DER) for `key` under `profile`, its subject `dn`.
    pub(crate) fn issue(&self, dn: &str, key: &dyn Signer, profile: &str) -> Vec<u8> {
        let config = CaConfig::default();
        let clock = FixedClock(self.start);
        Issuer {
            authority: &self.authority,
            register: &self.register,
            config: &config,
            clock: &clock,
            role: Role::Admin,
        }
        .issue(IssueRequest {
            subject: crate::names::subject::parse_subject(dn, &Identifiers::default())
                .expect("name"),
            public_key: key.public_key().clone(),
            profile: profile.into(),
            days: None,
            officer: "test".into(),
            identification: Default::default(),
            renews: None,
        })
        .expect("issue")
        .der
    }

    /// A fresh P-256 key and a certificate for it.
    pub(crate) fn issue_new(&self, dn: &str, profile: &str) -> (SoftwareKey, Vec<u8>) {
        let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        let der = self.issue(dn, &key, profile);
        (key, der)
    }
}
