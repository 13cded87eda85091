//! Files the commands write: generated keys (created fresh, private ones with mode 0600)
//! and trace logs (appended to, one JSON line per operation).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use crate::error::CliError;
use crate::report::Reporter;
use crate::values::TraceTarget;

/// Who may read a new file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// Mode 0600: a private key or a secret.
    OwnerOnly,
    /// The usual mode (0666 minus the umask): a public key.
    Public,
}

/// Creates `path`, refusing to replace an existing file unless `force`. The file is
/// created with its final mode (never briefly readable by others), and `O_EXCL` means a
/// symlink planted at `path` is not followed.
pub(crate) fn create(path: &Path, access: Access, force: bool) -> Result<File, CliError> {
    let failed = |source| CliError::WriteFile {
        path: path.display().to_string(),
        source,
    };
    if force {
        match fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(failed(e)),
        }
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(match access {
            Access::OwnerOnly => 0o600,
            Access::Public => 0o644,
        });
    }
    #[cfg(not(unix))]
    let _ = access;
    options.open(path).map_err(failed)
}

/// Writes all of `bytes` to a file made by [`create`] and flushes it to disk.
pub(crate) fn write_all(file: &mut File, path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|source| CliError::WriteFile {
            path: path.display().to_string(),
            source,
        })
}

/// Appends one trace line (and a newline) to the target.
pub(crate) fn write_trace(target: &TraceTarget, line: &str) -> Result<(), CliError> {
    match target {
        TraceTarget::Stderr => {
            Reporter::stderr().trace_line(line);
            Ok(())
        }
        TraceTarget::File(path) => OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(format!("{line}\n").as_bytes()))
            .map_err(|source| CliError::WriteFile {
                path: path.display().to_string(),
                source,
            }),
    }
}
