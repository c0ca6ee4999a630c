//! Unit tests of the home's commit path: every change reaches the audit log, the feed and the
//! delivery report together, and a refused one reaches none of them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::*;
use crate::officers::Action;
use crate::status::{Reason, StatusChange};
use crate::{FixedClock, Identifiers, KeyAlgorithm, Serial, Signer, SoftwareKey};

const PASSPHRASE: &[u8] = b"correct horse battery staple home";

/// A new home in a temp folder whose deliveries are counted, with its admin logged in.
struct Fixture {
    _dir: tempfile::TempDir,
    home: CaHome,
    session: OfficerSession,
    authority: Authority,
    deliveries: Arc<AtomicUsize>,
    clock: FixedClock,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tmp");
    let clock = FixedClock(1_800_000_000);
    let params = InitParams::root("CN=Home Test CA,C=RU").expect("params");
    let (mut home, _) =
        CaHome::init(&dir.path().join("home"), params, PASSPHRASE, None, &clock).expect("init");
    let deliveries = Arc::new(AtomicUsize::new(0));
    let counted = deliveries.clone();
    home.report_deliveries(DeliveryReport {
        timeout: Duration::from_secs(1),
        report: Box::new(move |result| {
            assert!(result.is_ok(), "{result:?}");
            counted.fetch_add(1, Ordering::SeqCst);
        }),
    });
    let session = home
        .login_officer("admin", PASSPHRASE, Action::Issue, &clock)
        .expect("login");
    let authority = home.unlock(&session).expect("unlock");
    Fixture {
        _dir: dir,
        home,
        session,
        authority,
        deliveries,
        clock,
    }
}

impl Fixture {
    /// (audit entries, signed heads, feed sequence, deliveries reported).
    fn counts(&self) -> (usize, usize, u64, usize) {
        (
            crate::audit::log::entries(&self.home.register)
                .expect("log")
                .len(),
            crate::audit::log::heads(&self.home.register)
                .expect("heads")
                .len(),
            self.home.feed_sequence().expect("feed"),
            self.deliveries.load(Ordering::SeqCst),
        )
    }

    fn issue(&self, name: &str) -> CertRecord {
        let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256).expect("key");
        self.home
            .issue(
                &self.session,
                &self.authority,
                IssueRequest {
                    subject: crate::names::parse_subject(name, &Identifiers::default())
                        .expect("name"),
                    public_key: key.public_key().clone(),
                    officer: "admin".into(),
                    ..Default::default()
                },
                &self.clock,
            )
            .expect("issue")
    }
}

fn revoke() -> StatusChange {
    StatusChange::Revoke {
        reason: Reason::KeyCompromise,
        invalidity_date: None,
    }
}

#[test]
fn every_change_reaches_the_log_the_feed_and_the_responders_together() {
    let f = fixture();
    let (log, heads, feed, delivered) = f.counts();
    let record = f.issue("CN=Holder,C=RU");
    assert_eq!(
        f.counts(),
        (log + 1, heads + 1, feed + 1, delivered + 1),
        "an issuance: one entry, one signed head, one feed sequence, one delivery round"
    );
    f.home
        .change_status(&f.session, &f.authority, &record.serial, revoke(), &f.clock)
        .expect("revoke");
    assert_eq!(f.counts(), (log + 2, heads + 2, feed + 2, delivered + 2));
    // A refused change writes nothing and tells nobody.
    let again = f.home.change_status(
        &f.session,
        &f.authority,
        &record.serial,
        StatusChange::Hold,
        &f.clock,
    );
    assert!(
        matches!(again, Err(Error::StatusConflict { .. })),
        "{again:?}"
    );
    assert_eq!(f.counts(), (log + 2, heads + 2, feed + 2, delivered + 2));
    // A CRL is published too: the responders serve it (GET /crl).
    f.home
        .make_crl(&f.session, &f.authority, CrlKind::Full, &f.clock)
        .expect("crl");
    assert_eq!(f.counts(), (log + 3, heads + 3, feed + 3, delivered + 3));
    let (_, snapshot) = crate::publish::outbox::snapshot(&f.home.register).expect("snapshot");
    assert!(
        snapshot.last().is_some_and(|e| e.crl.is_some()),
        "a new responder's snapshot carries the latest CRL"
    );
}

#[test]
fn a_batch_is_acknowledged_group_by_group_and_delivered_once() {
    let f = fixture();
    let serials: Vec<Serial> = (0..3)
        .map(|i| f.issue(&format!("CN=Holder {i},C=RU")).serial)
        .collect();
    let (log, heads, feed, delivered) = f.counts();
    let unknown = Serial::from_bytes(&[0x42; 16]).expect("serial");
    let changes: Vec<(u64, Serial, StatusChange)> = serials
        .iter()
        .chain([&unknown])
        .enumerate()
        .map(|(line, serial)| (line as u64 + 2, serial.clone(), revoke()))
        .collect();
    let mut heard = Vec::new();
    f.home
        .change_statuses(
            &f.session,
            &f.authority,
            &changes,
            &f.clock,
            2,
            &mut |line, r| {
                heard.push((line, r.is_ok()));
            },
        )
        .expect("batch");
    assert_eq!(heard, [(2, true), (3, true), (4, true), (5, false)]);
    assert_eq!(
        f.counts(),
        (log + 3, heads + 3, feed + 3, delivered + 1),
        "three changes, the unknown serial none; one delivery round for the batch"
    );
}
