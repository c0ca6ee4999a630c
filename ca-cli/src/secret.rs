//! Passphrases and PINs: from the environment, a file, or a prompt; never from argv.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};
use zeroize::Zeroizing;

use crate::exit::UsageError;

/// Where a secret may come from.
pub struct SecretSource<'a> {
    /// Environment variable to read first.
    pub env: &'a str,
    /// File given with a flag.
    pub file: Option<&'a Path>,
    /// What to call it in prompts and errors.
    pub what: String,
    /// The flag that names the file, for the error message.
    pub flag: &'a str,
}

/// Reads the first line of a secret file.
pub fn from_file(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let text =
        Zeroizing::new(std::fs::read(path).with_context(|| format!("reading {}", path.display()))?);
    let line = text.split(|b| *b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Ok(Zeroizing::new(line.to_vec()))
}

impl SecretSource<'_> {
    /// Gets the secret; `new` asks twice at a prompt.
    pub fn get(&self, new: bool) -> Result<Zeroizing<Vec<u8>>> {
        let secret = if let Some(v) = std::env::var_os(self.env) {
            Zeroizing::new(v.into_encoded_bytes())
        } else if let Some(path) = self.file {
            from_file(path)?
        } else if std::io::stdin().is_terminal() {
            let first = Zeroizing::new(
                rpassword::prompt_password(tr!("prompt-secret", what = self.what))
                    .context("reading the passphrase")?,
            );
            if new {
                let again = Zeroizing::new(
                    rpassword::prompt_password(tr!("prompt-secret-again", what = self.what))
                        .context("reading the passphrase")?,
                );
                if *first != *again {
                    return Err(UsageError(tr!("secret-entries-differ")).into());
                }
            }
            Zeroizing::new(first.as_bytes().to_vec())
        } else {
            return Err(UsageError(tr!(
                "secret-missing",
                what = self.what,
                env = self.env,
                flag = self.flag
            ))
            .into());
        };
        if secret.is_empty() {
            return Err(UsageError(tr!("secret-empty", what = self.what)).into());
        }
        // A new passphrase's strength is checked by ca-core (CaHome::init, add_officer).
        let _ = new;
        Ok(secret)
    }
}

/// The passphrase (PIN) of a signer's own key file, for `ca sign`.
pub fn key_passphrase(file: Option<&Path>) -> Result<Zeroizing<Vec<u8>>> {
    SecretSource {
        env: "CA_KEY_PASSPHRASE",
        file,
        what: tr!("secret-signing-key"),
        flag: "--passphrase-file",
    }
    .get(false)
}

/// The CA passphrase of the home being worked on (the acting officer's).
pub fn ca_passphrase(file: Option<&Path>, new: bool) -> Result<Zeroizing<Vec<u8>>> {
    SecretSource {
        env: "CA_PASSPHRASE",
        file,
        what: tr!("secret-ca"),
        flag: "--passphrase-file",
    }
    .get(new)
}
