//! The printable copy of a certificate for its holder (`ca show SERIAL --print FILE.pdf`): the
//! paper form a center hands over to be signed, in Russian. `form` decides what goes on it,
//! from the certificate itself and the register; `pdf` lays it out.

mod form;
mod pdf;

pub use form::PrintedForm;
pub use pdf::render;
