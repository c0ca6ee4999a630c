//! Delivering the status feed to the registered OCSP responders: `POST URL/publish` with an
//! update signed by the CA — the changes a responder lacks, or a full snapshot when it has
//! nothing yet or says it is elsewhere. Timeouts are short, so an unreachable responder never
//! hangs the officer: its changes stay in the outbox for the next delivery.

use std::time::Duration;

use crate::error::Result;
use crate::keys::Signer;
use crate::publish::ack::{Acknowledgement, ACK_HEADER, NONCE_HEADER};
use crate::publish::feed::StatusUpdate;
use crate::publish::outbox;
use crate::store::Register;

pub use crate::publish::feed::{POSITION_PATH, PUBLISH_PATH, SEQUENCE_HEADER};

/// What a responder, asked as a witness, proves of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Witness {
    /// It holds this register's history, up to `sequence` (at or behind the register).
    Agrees {
        /// Where it is.
        sequence: u64,
    },
    /// It holds a later sequence than the register has: changes are missing here (a
    /// register rolled back to an older copy, or a copy of the CA fed it).
    Ahead {
        /// Where it is.
        sequence: u64,
        /// Where the register is.
        register: u64,
    },
    /// At `sequence` it holds another history than this register's.
    OtherHistory {
        /// Where it is.
        sequence: u64,
    },
    /// No proven answer (unreachable, or an answer that did not verify).
    Silent(String),
}

/// Asks every registered responder where it is (a statement signed by its OCSP signer over a
/// fresh nonce) and compares with the register: the responders are witnesses of the history
/// the CA published, so a register rolled back to an older copy shows.
pub fn witnesses(
    register: &Register,
    ca_certificate: &[u8],
    now: u64,
    timeout: Duration,
) -> Result<Vec<(String, Witness)>> {
    let transport = Transport::new(timeout);
    let top = outbox::sequence(register)?;
    let mut out = Vec::new();
    for responder in outbox::responders(register)? {
        let url = responder.url.clone();
        let finding = match transport.position(&url) {
            Err(why) => Witness::Silent(why),
            Ok((nonce, ack)) => match ack.verify(&url, &nonce, ca_certificate, now) {
                Err(e) => Witness::Silent(format!("{url}: {e}")),
                Ok(()) if ack.sequence > top => Witness::Ahead {
                    sequence: ack.sequence,
                    register: top,
                },
                Ok(()) => {
                    let ours = outbox::head(register, ack.sequence)?;
                    let unknown = ours == [0u8; 32] || ack.head.is_empty();
                    if unknown || ack.head == ours {
                        Witness::Agrees {
                            sequence: ack.sequence,
                        }
                    } else {
                        Witness::OtherHistory {
                            sequence: ack.sequence,
                        }
                    }
                }
            },
        };
        out.push((url, finding));
    }
    Ok(out)
}

/// What became of the delivery to one responder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It already had everything, up to this sequence.
    UpToDate(u64),
    /// It acknowledged everything up to `sequence`.
    Delivered {
        /// The sequence it is now at.
        sequence: u64,
        /// How many certificates the update carried.
        entries: usize,
        /// Whether a full snapshot was sent.
        full: bool,
    },
    /// It could not be reached or refused; the changes stay queued.
    Queued {
        /// Why.
        reason: String,
        /// How many sequence numbers it lacks.
        behind: u64,
    },
}

/// The outcome for one responder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The responder's URL.
    pub url: String,
    /// What happened.
    pub outcome: Outcome,
}

/// The answer of a responder to one update, proven by its signed acknowledgement.
enum Answer {
    /// Applied (2xx): it now holds this sequence and head.
    Accepted(u64, Vec<u8>),
    /// Refused (409): it holds this sequence and head.
    Elsewhere(u64, Vec<u8>, String),
}

/// HTTP to the responders, with a total timeout per request.
struct Transport {
    agent: ureq::Agent,
}

impl Transport {
    fn new(timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(2))))
            .http_status_as_error(false)
            .build();
        Transport {
            agent: config.into(),
        }
    }

    /// Asks a responder where it is, with a fresh nonce: the nonce and its statement.
    fn position(&self, url: &str) -> std::result::Result<(Vec<u8>, Acknowledgement), String> {
        let target = format!("{}{POSITION_PATH}", url.trim_end_matches('/'));
        let nonce = crate::officers::random::<16>().map_err(|e| e.to_string())?;
        let response = self
            .agent
            .get(&target)
            .header(NONCE_HEADER, crate::serial::hex(&nonce))
            .call()
            .map_err(|e| format!("{target}: {e}"))?;
        let ack = response
            .headers()
            .get(ACK_HEADER)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| format!("{target}: no signed statement"))?;
        let ack = Acknowledgement::from_header(ack).map_err(|e| format!("{target}: {e}"))?;
        Ok((nonce.to_vec(), ack))
    }

    /// Posts an update with a fresh nonce; an answer counts only with an acknowledgement
    /// that `check` accepts.
    fn post(
        &self,
        url: &str,
        body: &[u8],
        body_header: &str,
        check: &dyn Fn(&Acknowledgement, &[u8]) -> Result<()>,
    ) -> std::result::Result<Answer, String> {
        let target = format!("{}{PUBLISH_PATH}", url.trim_end_matches('/'));
        let nonce = crate::officers::random::<16>().map_err(|e| e.to_string())?;
        let mut response = self
            .agent
            .post(&target)
            .header("content-type", "application/octet-stream")
            .header(NONCE_HEADER, crate::serial::hex(&nonce))
            .header(crate::publish::feed::BODY_HEADER, body_header)
            .send(body)
            .map_err(|e| format!("{target}: {e}"))?;
        let status = response.status().as_u16();
        let ack = response
            .headers()
            .get(ACK_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(Acknowledgement::from_header);
        let text = response
            .body_mut()
            .with_config()
            .limit(4096)
            .read_to_string()
            .unwrap_or_default();
        let proven = |applied: bool| -> std::result::Result<(u64, Vec<u8>), String> {
            let ack = ack
                .ok_or_else(|| {
                    format!(
                        "{target} answered {status} without a signed acknowledgement: not believed"
                    )
                })?
                .map_err(|e| format!("{target}: {e}: not believed"))?;
            check(&ack, &nonce).map_err(|e| format!("{target}: {e}: not believed"))?;
            if ack.applied != applied {
                return Err(format!(
                    "{target}: its acknowledgement contradicts its answer {status}: not believed"
                ));
            }
            Ok((ack.sequence, ack.head))
        };
        match status {
            200..=299 => {
                let (at, head) = proven(true)?;
                Ok(Answer::Accepted(at, head))
            }
            409 => {
                let (at, head) = proven(false)?;
                Ok(Answer::Elsewhere(at, head, text.trim().to_owned()))
            }
            _ => Err(format!("{target} answered {status}: {}", text.trim())),
        }
    }
}

/// Makes the updates of one delivery round: increments from the outbox, full snapshots (the
/// statuses read once per round), each naming the base it follows and the head it makes.
struct Updates<'a> {
    register: &'a Register,
    ca: &'a dyn Signer,
    now: u64,
    top: u64,
    snapshot: Option<(u64, Vec<crate::publish::feed::StatusEntry>)>,
}

/// A signed update: how many certificates it carries, its bytes, whether it is a snapshot.
type Signed = (usize, Vec<u8>, bool);

impl Updates<'_> {
    fn head(&self, sequence: u64) -> Result<Vec<u8>> {
        Ok(outbox::head(self.register, sequence)?.to_vec())
    }

    fn increment(&self, base: u64) -> Result<Signed> {
        let entries = outbox::after(self.register, base)?;
        let update = StatusUpdate {
            sequence: self.top,
            base,
            base_head: self.head(base)?,
            head: self.head(self.top)?,
            rebase: false,
            produced_at: self.now,
            full: false,
            entries,
        };
        Ok((update.entries.len(), update.sign(self.ca)?, false))
    }

    /// A full snapshot for a responder at `base` (0: empty), or replacing whatever it holds.
    fn full(&mut self, base: u64, rebase: bool) -> Result<Signed> {
        if self.snapshot.is_none() {
            self.snapshot = Some(outbox::snapshot(self.register)?);
        }
        let (sequence, entries) = self.snapshot.clone().unwrap_or_default();
        let update = StatusUpdate {
            sequence,
            base,
            base_head: self.head(base)?,
            head: self.head(sequence)?,
            rebase,
            produced_at: self.now,
            full: true,
            entries,
        };
        Ok((update.entries.len(), update.sign(self.ca)?, true))
    }
}

/// Delivers what each registered responder lacks, records each outcome in the register
/// (flushed), and returns them. Failures to reach a responder are outcomes, not errors.
pub fn deliver_pending(
    register: &Register,
    ca: &dyn Signer,
    ca_certificate: &[u8],
    now: u64,
    timeout: Duration,
) -> Result<Vec<Delivery>> {
    deliver_to(register, ca, ca_certificate, now, timeout, None)
}

/// Sends `url` (a registered responder) a full snapshot that replaces whatever history it
/// holds: after a restore from backup, or once it followed a copy of the CA. The caller audits.
pub fn rebase(
    register: &Register,
    ca: &dyn Signer,
    ca_certificate: &[u8],
    now: u64,
    timeout: Duration,
    url: &str,
) -> Result<Vec<Delivery>> {
    deliver_to(register, ca, ca_certificate, now, timeout, Some(url))
}

fn deliver_to(
    register: &Register,
    ca: &dyn Signer,
    ca_certificate: &[u8],
    now: u64,
    timeout: Duration,
    rebase: Option<&str>,
) -> Result<Vec<Delivery>> {
    let responders = outbox::responders(register)?;
    if responders.is_empty() {
        // Nothing to send and nothing to record: no HTTP client, no flush.
        return Ok(Vec::new());
    }
    let transport = Transport::new(timeout);
    let mut updates = Updates {
        register,
        ca,
        now,
        top: outbox::sequence(register)?,
        snapshot: None,
    };
    let top = updates.top;
    let top_head = updates.head(top)?;
    let mut out = Vec::new();
    for responder in responders {
        let rebasing = rebase.is_some_and(|u| u.trim_end_matches('/') == responder.url);
        if rebase.is_some() && !rebasing {
            continue;
        }
        if responder.delivered == top && !rebasing {
            out.push(Delivery {
                url: responder.url,
                outcome: Outcome::UpToDate(top),
            });
            continue;
        }
        let url = responder.url.clone();
        let check =
            |ack: &Acknowledgement, nonce: &[u8]| ack.verify(&url, nonce, ca_certificate, now);
        let target = Target {
            transport: &transport,
            url: &responder.url,
            ca,
            check: &check,
        };
        let first = if rebasing {
            updates.full(0, true)?
        } else if responder.delivered > 0 {
            updates.increment(responder.delivered)?
        } else {
            updates.full(0, false)?
        };
        let attempt = match send(&target, first, top, &top_head) {
            Ok(Sent::Done(outcome)) => Ok(outcome),
            // It proved where it is, behind this CA: a snapshot from exactly there.
            Ok(Sent::At(at)) => match send(&target, updates.full(at, false)?, top, &top_head) {
                Ok(Sent::Done(outcome)) => Ok(outcome),
                Ok(Sent::At(_)) => Err(format!(
                    "{url} refused a snapshot from where it said it is (sequence {at}): its \
                     history is not this CA's (a copy of this CA fed it?); after checking, \
                     `ca publish --rebase {url}`"
                )),
                Err(reason) => Err(reason),
            },
            Err(reason) => Err(reason),
        };
        let (recorded, outcome) = match attempt {
            Ok(outcome) => (Ok(top), outcome),
            Err(reason) => (
                Err(reason.clone()),
                queued(reason, top, responder.delivered),
            ),
        };
        outbox::record_delivery(register, &responder.url, recorded, now)?;
        out.push(Delivery {
            url: responder.url,
            outcome,
        });
    }
    register.flush()?;
    Ok(out)
}

/// What one send proved.
enum Sent {
    /// The responder holds this CA's history up to the top.
    Done(Outcome),
    /// It refused, and proved it holds this CA's sequence `at` (below the top).
    At(u64),
}

fn queued(reason: String, top: u64, delivered: u64) -> Outcome {
    Outcome::Queued {
        reason,
        behind: top - delivered.min(top),
    }
}

/// Where one delivery goes, and how its answer is checked.
struct Target<'a> {
    transport: &'a Transport,
    url: &'a str,
    /// Signs the header announcing each body.
    ca: &'a dyn Signer,
    check: &'a dyn Fn(&Acknowledgement, &[u8]) -> Result<()>,
}

/// Sends one update and judges the proven answer against this CA's history (`top`, with head
/// `top_head`).
fn send(
    target: &Target<'_>,
    (entries, bytes, full): Signed,
    top: u64,
    top_head: &[u8],
) -> std::result::Result<Sent, String> {
    let url = target.url;
    let header = crate::publish::feed::body_header(&bytes, target.ca).map_err(|e| e.to_string())?;
    let same_history = |head: &[u8]| head.is_empty() || head == top_head;
    match target.transport.post(url, &bytes, &header, target.check)? {
        Answer::Accepted(at, head) if at == top && same_history(&head) => {
            Ok(Sent::Done(Outcome::Delivered {
                sequence: top,
                entries,
                full,
            }))
        }
        Answer::Accepted(at, _) => Err(format!(
            "{url} acknowledged sequence {at} with another head than this CA's at {top}: not \
             believed"
        )),
        // It already holds exactly this history (a bundle imported from a file, say).
        Answer::Elsewhere(at, head, _) if at == top && same_history(&head) => {
            Ok(Sent::Done(Outcome::UpToDate(top)))
        }
        Answer::Elsewhere(at, _, _) if at == top => Err(format!(
            "{url} is at this CA's sequence {top} with another history (a fork: a copy of this \
             CA, or this CA restored from an older backup, fed it); after checking, `ca publish \
             --rebase {url}`"
        )),
        Answer::Elsewhere(at, _, _) if at > top => Err(format!(
            "{url} is ahead of this CA (sequence {at} > {top}): this CA was restored from a \
             backup, or a copy of it fed the responder; after checking, `ca publish --rebase \
             {url}`"
        )),
        Answer::Elsewhere(at, _, why) if full && at == 0 => Err(format!("{url}: {why}")),
        Answer::Elsewhere(at, _, _) => Ok(Sent::At(at)),
    }
}
