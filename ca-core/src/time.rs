//! Time as an input: a [`Clock`] the caller passes in, whole seconds, RFC 3339 output.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use x509_cert::der::asn1::{GeneralizedTime, UtcTime};
use x509_cert::der::DateTime;
use x509_cert::time::Time;

use crate::error::refusal;
use crate::error::{Error, Result};

/// A source of the current time. Tests pass a [`FixedClock`].
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch, now.
    fn now(&self) -> u64;
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

/// A clock that always answers the same time.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn now(&self) -> u64 {
        self.0
    }
}

/// One day in seconds.
pub const DAY: u64 = 86_400;

/// Converts Unix seconds to an X.509 `Time`: UTCTime through 2049, GeneralizedTime after
/// (RFC 5280 §4.1.2.5).
pub fn x509_time(unix: u64) -> Result<Time> {
    let dt = DateTime::from_unix_duration(Duration::from_secs(unix))
        .map_err(|e| Error::Encoding(format!("time {unix}: {e}")))?;
    if dt.year() < 2050 {
        Ok(Time::UtcTime(UtcTime::from_date_time(dt)?))
    } else {
        Ok(Time::GeneralTime(GeneralizedTime::from_date_time(dt)))
    }
}

/// Unix seconds of an X.509 `Time`.
pub fn unix_of(t: &Time) -> u64 {
    t.to_unix_duration().as_secs()
}

/// Formats Unix seconds as RFC 3339 in UTC, e.g. `2026-11-25T13:05:00Z`.
pub fn rfc3339(unix: u64) -> String {
    let secs = i64::try_from(unix).unwrap_or(i64::MAX);
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}

/// Parses an RFC 3339 time into Unix seconds.
pub fn parse_rfc3339(s: &str) -> Result<u64> {
    let t = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|e| {
            Error::Invalid(refusal!(
                "refusal-time-not-rfc3339",
                "time {time:?} is not RFC 3339: {problem}",
                time = s,
                problem = e
            ))
        })?;
    u64::try_from(t.unix_timestamp()).map_err(|_| {
        Error::Invalid(refusal!(
            "refusal-time-before-1970",
            "time {time:?} is before 1970",
            time = s
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_time_until_2049_generalized_after() {
        assert!(matches!(x509_time(1_700_000_000), Ok(Time::UtcTime(_))));
        // 2050-01-01T00:00:00Z
        assert!(matches!(x509_time(2_524_608_000), Ok(Time::GeneralTime(_))));
    }

    #[test]
    fn rfc3339_round_trip() {
        let s = rfc3339(1_700_000_000);
        assert_eq!(s, "2023-11-14T22:13:20Z");
        assert_eq!(parse_rfc3339(&s).ok(), Some(1_700_000_000));
        assert!(parse_rfc3339("yesterday").is_err());
    }
}
