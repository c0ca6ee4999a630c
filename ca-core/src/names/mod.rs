//! Names: RFC 4514 subjects with Cyrillic values, the Russian identifiers in them (СНИЛС, ИНН,
//! ОГРН, ОГРНИП) with their check digits, and the lint that warns of a subject a peer will
//! misread.

pub mod identifiers;
pub mod lint;
pub mod subject;

pub use identifiers::{IdentifierProblem, Identifiers, Inn, InnLe, Ogrn, OgrnIp, Snils};
pub use subject::parse_subject;
