//! Fills a CA home's register with N real certificates (fresh P-256 keys, issued under the
//! `signing` profile, in groups of 1,000 per flush), for benchmarks on large registers.
//!
//! `CA_PASSPHRASE=... cargo run --release -p ca-core --example fill_register -- HOME N [--revoked]`
//!
//! With `--revoked` every certificate is also revoked (keyCompromise), for CRL benchmarks.

use ca_core::issuance::IssueRequest;
use ca_core::officers::Action;
use ca_core::status::{Reason, StatusChange};
use ca_core::{
    names::subject, CaHome, Identifiers, KeyAlgorithm, Signer, SoftwareKey, SystemClock,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let home = args.next().ok_or("usage: fill_register HOME N")?;
    let count: usize = args.next().ok_or("usage: fill_register HOME N")?.parse()?;
    let revoked = args.next().as_deref() == Some("--revoked");
    let passphrase = std::env::var("CA_PASSPHRASE").map_err(|_| "set CA_PASSPHRASE")?;
    let home = CaHome::open(std::path::Path::new(&home))?;
    let clock = SystemClock;
    let officer = std::env::var("CA_OFFICER").unwrap_or_else(|_| "admin".into());
    let session = home.login_officer(&officer, passphrase.as_bytes(), Action::Enroll, &clock)?;
    let authority = home.unlock(&session)?;
    let started = std::time::Instant::now();
    let mut done = 0;
    while done < count {
        let n = (count - done).min(1000);
        let requests = (0..n)
            .map(|i| {
                let (key, _) = SoftwareKey::generate(KeyAlgorithm::EcdsaP256)?;
                Ok(IssueRequest {
                    subject: subject::parse_subject(
                        &format!("CN=Applicant {},C=RU", done + i),
                        &Identifiers::default(),
                    )?,
                    public_key: key.public_key().clone(),
                    officer: "bench".into(),
                    ..Default::default()
                })
            })
            .collect::<ca_core::Result<Vec<_>>>()?;
        let mut revocations = Vec::new();
        for (line, result) in home
            .issue_group(&session, &authority, requests, &clock)?
            .into_iter()
            .enumerate()
        {
            let record = result?;
            revocations.push((
                line as u64,
                record.serial,
                StatusChange::Revoke {
                    reason: Reason::KeyCompromise,
                    invalidity_date: None,
                },
            ));
        }
        if revoked {
            let mut failed = None;
            home.change_statuses(
                &session,
                &authority,
                &revocations,
                &clock,
                1000,
                &mut |_, r| {
                    if let Err(e) = r {
                        failed.get_or_insert(e);
                    }
                },
            )?;
            if let Some(e) = failed {
                return Err(e.into());
            }
        }
        done += n;
        if done % 50_000 == 0 || done == count {
            eprintln!(
                "{done} issued, {:.0}/s",
                done as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}
