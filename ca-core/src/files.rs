//! Writing files the way a CA must: secrets 0600 and never overwritten, everything fsynced.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes a secret (an encrypted key, a PIN) to a new file with mode 0600; refuses to replace an
/// existing file.
pub fn write_secret(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    file.sync_all().map_err(|e| Error::io(path, e))
}

/// Writes a public file (certificate, CRL, settings) atomically: a temporary file created
/// exclusively beside the target under a random name (a link planted there is never followed),
/// fsynced, made readable by all (0644), then renamed over the target, and the folder fsynced.
pub fn write_public(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".ca-write-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    if let Ok(folder) = fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Reads a whole file, naming it in the error.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_old_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().expect("dir");
        let victim = dir.path().join("victim");
        fs::write(&victim, b"precious").expect("victim");
        let target = dir.path().join("ca.pem");
        // The names a writer might use for its temporary file, each a link to the victim.
        for name in ["ca.tmp", "ca.pem.tmp", ".ca.pem.tmp"] {
            std::os::unix::fs::symlink(&victim, dir.path().join(name)).expect("link");
        }
        write_public(&target, b"certificate").expect("write");
        assert_eq!(fs::read(&victim).expect("victim"), b"precious");
        assert_eq!(fs::read(&target).expect("target"), b"certificate");
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&target).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
        // A link at the target itself is replaced, not written through.
        let linked = dir.path().join("crl.der");
        std::os::unix::fs::symlink(&victim, &linked).expect("link");
        write_public(&linked, b"crl").expect("write");
        assert_eq!(fs::read(&victim).expect("victim"), b"precious");
        assert!(!fs::symlink_metadata(&linked)
            .expect("meta")
            .file_type()
            .is_symlink());
    }
}
