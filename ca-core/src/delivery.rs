//! Delivering the status feed to the registered OCSP responders: `POST URL/publish` with an
//! update signed by the CA — the changes a responder lacks, or a full snapshot when it has
//! nothing yet or says it is elsewhere. Timeouts are short, so an unreachable responder never
//! hangs the officer: its changes stay in the outbox for the next delivery.

use std::time::Duration;

use crate::error::Result;
use crate::feed::StatusUpdate;
use crate::feed_ack::{Acknowledgement, ACK_HEADER, NONCE_HEADER};
use crate::keys::Signer;
use crate::store::Register;

/// The response header in which a responder states the feed sequence it is at.
pub const SEQUENCE_HEADER: &str = "feed-sequence";

/// The path, under a responder's URL, that takes status updates.
pub const PUBLISH_PATH: &str = "/publish";

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
    /// Applied (2xx): it now holds this sequence.
    Accepted(u64),
    /// Refused as replayed or out of order (409): it holds this sequence.
    Elsewhere(u64),
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
        let nonce = crate::officers::random_bytes::<16>().map_err(|e| e.to_string())?;
        let mut response = self
            .agent
            .post(&target)
            .header("content-type", "application/octet-stream")
            .header(NONCE_HEADER, crate::serial::hex(&nonce))
            .header(crate::feed::BODY_HEADER, body_header)
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
        let proven = |applied: bool| -> std::result::Result<u64, String> {
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
            Ok(ack.sequence)
        };
        match status {
            200..=299 => Ok(Answer::Accepted(proven(true)?)),
            409 => Ok(Answer::Elsewhere(proven(false)?)),
            _ => Err(format!("{target} answered {status}: {}", text.trim())),
        }
    }
}

/// Signs updates lazily: the full snapshot at most once per delivery round.
struct Updates<'a> {
    register: &'a Register,
    ca: &'a dyn Signer,
    now: u64,
    top: u64,
    full: Option<(usize, Vec<u8>)>,
}

impl Updates<'_> {
    fn increment(&self, base: u64) -> Result<(usize, Vec<u8>)> {
        let entries = self.register.outbox_after(base)?;
        let update = StatusUpdate {
            sequence: self.top,
            base,
            produced_at: self.now,
            full: false,
            entries,
        };
        Ok((update.entries.len(), update.sign(self.ca)?))
    }

    fn full(&mut self) -> Result<(usize, Vec<u8>)> {
        if self.full.is_none() {
            let (sequence, entries) = self.register.status_snapshot()?;
            let update = StatusUpdate {
                sequence,
                base: 0,
                produced_at: self.now,
                full: true,
                entries,
            };
            self.full = Some((update.entries.len(), update.sign(self.ca)?));
        }
        Ok(self.full.clone().unwrap_or_default())
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
    let transport = Transport::new(timeout);
    let mut updates = Updates {
        register,
        ca,
        now,
        top: register.feed_sequence()?,
        full: None,
    };
    let top = updates.top;
    let mut out = Vec::new();
    for responder in register.responders()? {
        if responder.delivered == top {
            out.push(Delivery {
                url: responder.url,
                outcome: Outcome::UpToDate(top),
            });
            continue;
        }
        let first = if responder.delivered > 0 {
            (updates.increment(responder.delivered)?, false)
        } else {
            (updates.full()?, true)
        };
        let url = responder.url.clone();
        let check =
            |ack: &Acknowledgement, nonce: &[u8]| ack.verify(&url, nonce, ca_certificate, now);
        let target = Target {
            transport: &transport,
            url: &responder.url,
            ca,
            check: &check,
        };
        let mut attempt = send(&target, first, top);
        if let Ok(None) = attempt {
            // It is elsewhere than the increment starts: bring it level with a full snapshot.
            attempt = send(&target, (updates.full()?, true), top);
        }
        let (recorded, outcome) = match attempt {
            Ok(Some(outcome)) => (Ok(top), outcome),
            Ok(None) => {
                let reason = format!("{} did not take a full snapshot", responder.url);
                (
                    Err(reason.clone()),
                    queued(reason, top, responder.delivered),
                )
            }
            Err(reason) => (
                Err(reason.clone()),
                queued(reason, top, responder.delivered),
            ),
        };
        register.record_delivery(&responder.url, recorded, now)?;
        out.push(Delivery {
            url: responder.url,
            outcome,
        });
    }
    register.flush()?;
    Ok(out)
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

/// Sends one update: `Some(outcome)` when the responder took it (or already had it), `None`
/// when an increment does not start where the responder is.
fn send(
    target: &Target<'_>,
    ((entries, bytes), full): ((usize, Vec<u8>), bool),
    top: u64,
) -> std::result::Result<Option<Outcome>, String> {
    let url = target.url;
    let header = crate::feed::body_header(&bytes, target.ca).map_err(|e| e.to_string())?;
    match target.transport.post(url, &bytes, &header, target.check)? {
        Answer::Accepted(at) if at == top => Ok(Some(Outcome::Delivered {
            sequence: top,
            entries,
            full,
        })),
        Answer::Accepted(at) => Err(format!(
            "{url} acknowledged sequence {at}, not {top}: not believed"
        )),
        // It already has exactly this sequence (a bundle imported from a file, say).
        Answer::Elsewhere(at) if at == top => Ok(Some(Outcome::UpToDate(top))),
        Answer::Elsewhere(_) if full => Err(format!(
            "{url} refused the full snapshot at sequence {top}: it is at a later sequence \
             (fed by another register?)"
        )),
        Answer::Elsewhere(_) => Ok(None),
    }
}
