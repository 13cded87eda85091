//! Shared secrets of `aws` and `webhook` (an AWS secret access key, a webhook signing
//! secret), from an environment variable or a file, never from a command-line value (it
//! would stay in shell history and show in `ps`). Buffers are wiped when dropped, and
//! messages name only where a secret came from.

use std::path::PathBuf;

use zeroize::Zeroizing;

use crate::error::{CliError, KeyOrigin, KeyProblem};
use crate::key::KeySource;

/// `--secret-env VAR | --secret-file FILE` (exactly one).
#[derive(Debug, clap::Args)]
#[group(id = "secret", required = true, multiple = false)]
pub(crate) struct SecretArgs {
    /// Read the secret from the environment variable VAR
    #[arg(long, value_name = "VAR")]
    secret_env: Option<String>,

    /// Read the secret from FILE (a final newline is not part of it)
    #[arg(long, value_name = "FILE")]
    secret_file: Option<PathBuf>,
}

impl SecretArgs {
    /// Where the secret comes from, as messages name it.
    pub(crate) fn origin(&self) -> KeyOrigin {
        match (&self.secret_env, &self.secret_file) {
            (Some(var), _) => KeyOrigin::SecretEnv(var.clone()),
            (None, Some(path)) => KeyOrigin::SecretFile(path.display().to_string()),
            (None, None) => KeyOrigin::SecretEnv(String::new()),
        }
    }

    /// The secret as text. A file's final `\n` (or `\r\n`) is dropped: editors and `echo`
    /// add one, and no provider's secret ends with a line break.
    pub(crate) fn load(&self) -> Result<Zeroizing<String>, CliError> {
        let origin = self.origin();
        let source = match (&self.secret_env, &self.secret_file) {
            (Some(var), _) => KeySource::Env(var.clone()),
            (None, Some(path)) => KeySource::File(path.clone()),
            (None, None) => unreachable!("clap requires --secret-env or --secret-file"),
        };
        let mut bytes = source.read().map_err(|problem| CliError::KeyRead {
            origin: origin.clone(),
            problem,
        })?;
        if self.secret_file.is_some() {
            let len = bytes.len();
            let cut = if bytes.ends_with(b"\r\n") {
                2
            } else {
                usize::from(bytes.ends_with(b"\n"))
            };
            bytes.truncate(len - cut);
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| CliError::KeyRead {
            origin: origin.clone(),
            problem: KeyProblem::NotText,
        })?;
        if text.is_empty() {
            return Err(CliError::KeyRead {
                origin,
                problem: KeyProblem::Empty,
            });
        }
        Ok(Zeroizing::new(text.to_string()))
    }
}
