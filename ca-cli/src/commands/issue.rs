//! `ca issue`: a certificate from a PKCS#10 request.

use anyhow::Result;
use ca_core::issuance::IssueRequest;
use ca_core::names::subject::{add_identifiers, parse_subject};
use ca_core::officers::Action;
use ca_core::{verify_csr, SystemClock};

use crate::cli::{Cli, IssueArgs};
use crate::exit::Exit;
use crate::output::{print_json, IssuedJson};

pub fn run(cli: &Cli, args: &IssueArgs) -> Result<Exit> {
    // Everything about the input is checked before the home is opened or a key unlocked.
    let identifiers = args.identifiers.parse()?;
    let csr = verify_csr(&super::read_input(&args.csr)?)?;
    let subject = match &args.subject {
        Some(dn) => parse_subject(dn, &identifiers)?,
        None => {
            let mut subject = csr.subject.clone();
            add_identifiers(&mut subject, &identifiers)?;
            subject
        }
    };
    let (home, session, authority) = super::open_and_unlock(cli, Action::Issue)?;
    let clock = SystemClock;
    let request = IssueRequest {
        subject,
        public_key: csr.public_key,
        profile: args.profile.clone(),
        days: args.days,
        officer: session.officer.name.clone(),
        identification: args.identified_by,
        renews: args.renew.clone(),
    };
    let record = home.issue(&session, &authority, request, &clock)?;
    let mut json = IssuedJson::new(&record)?;
    if let Some(out) = &args.out {
        ca_core::files::write_public(out, json.certificate.as_bytes())?;
        json.files.push(out.display().to_string());
    }
    if cli.json {
        print_json(&json)?;
    } else {
        say_part!("{}", json.human());
    }
    Ok(Exit::Ok)
}
