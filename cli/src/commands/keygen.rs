//! `canonsig keygen`: a new key for one algorithm. The private key (or HMAC secret) goes
//! to `--out` (created with mode 0600) or standard output, and nowhere else; the public
//! key to `--public-out` or, being public, to stderr.

use std::io::{self, Write};
use std::path::PathBuf;

use canonsig::sign::{Algorithm, Encoding, Key};
use clap::ValueEnum;
use zeroize::Zeroizing;

use crate::error::{CliError, Misuse};
use crate::exit::ExitStatus;
use crate::output::{self, Access};
use crate::report::{Generated, PublicOut, Reporter};
use crate::values::{algorithm_parser, encoding_parser};

const ABOUT: &str = "Generate a signing key: a private key and its public key, or an HMAC secret";

const LONG_ABOUT: &str = "\
Generate a signing key for one algorithm.

The private key (or the HMAC secret) is written to --out, a new file with mode 600,
or to standard output; it is never printed anywhere else. The public key goes to
--public-out, or to stderr (it is public). A summary on stderr names the algorithm,
the key id and where each part went.

Formats: `pem` (PKCS #8 private key, SPKI public key; the default for asymmetric
algorithms), `secret` (the HMAC secret as text; the default for HMAC), `jwk` (RFC
7517, with `alg` and, given --key-id, `kid`). Only a JWK can hold a key id; without
one, an asymmetric key's id is its RFC 7638 thumbprint and an HMAC key has none.";

const AFTER_LONG_HELP: &str = "\
Examples:
  canonsig keygen --alg ed25519 --out signer.pem --public-out signer.pub.pem
  canonsig keygen --alg hmac-sha256 --out webhook.secret
  canonsig keygen --alg ecdsa-p256-sha256 --format jwk --key-id 2026-01 --out k.jwk --public-out k.pub.jwk";

/// How the key is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum KeyFormat {
    /// PKCS #8 private key / SPKI public key (asymmetric algorithms)
    Pem,
    /// JSON Web Key (every algorithm; holds the key id)
    Jwk,
    /// The HMAC secret as text, in --secret-encoding (HMAC algorithms)
    Secret,
}

impl KeyFormat {
    fn name(self) -> &'static str {
        match self {
            KeyFormat::Pem => "pem",
            KeyFormat::Jwk => "jwk",
            KeyFormat::Secret => "secret",
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(about = ABOUT, long_about = LONG_ABOUT, after_long_help = AFTER_LONG_HELP)]
pub(crate) struct KeygenArgs {
    /// Algorithm of the new key (RFC 9421 names)
    #[arg(long, value_name = "ALG", value_parser = algorithm_parser())]
    alg: Algorithm,

    /// Key id to store in the key (needs --format jwk)
    #[arg(long, value_name = "ID")]
    key_id: Option<String>,

    /// Key format [default: pem, or secret for HMAC]
    #[arg(long, value_name = "FORMAT", value_enum)]
    format: Option<KeyFormat>,

    /// Text encoding of an HMAC secret (--format secret)
    #[arg(long, value_name = "ENCODING", default_value = "base64url", value_parser = encoding_parser())]
    secret_encoding: Encoding,

    /// Write the private key (or secret) to FILE, created with mode 600 [default: stdout]
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,

    /// Write the public key to FILE [default: show it on stderr]
    #[arg(long, value_name = "FILE")]
    public_out: Option<PathBuf>,

    /// Replace --out / --public-out files that already exist
    #[arg(long)]
    force: bool,
}

impl KeygenArgs {
    /// The format, checked against the algorithm and the other options.
    fn format(&self) -> Result<KeyFormat, Misuse> {
        let hmac = self.alg.is_hmac();
        let format = self
            .format
            .unwrap_or(if hmac { KeyFormat::Secret } else { KeyFormat::Pem });
        let fits = match format {
            KeyFormat::Pem => !hmac,
            KeyFormat::Secret => hmac,
            KeyFormat::Jwk => true,
        };
        if !fits {
            return Err(Misuse::FormatForAlgorithm {
                format: format.name(),
                algorithm: self.alg,
            });
        }
        if self.key_id.is_some() && format != KeyFormat::Jwk {
            return Err(Misuse::KeyIdNeedsJwk);
        }
        if hmac && self.public_out.is_some() {
            return Err(Misuse::NoPublicKey { algorithm: self.alg });
        }
        if self.out.is_some() && self.out == self.public_out {
            return Err(Misuse::SameOutput);
        }
        Ok(format)
    }
}

pub(crate) fn run(args: &KeygenArgs) -> Result<ExitStatus, CliError> {
    let format = args.format()?;
    let mut key = Key::generate(args.alg).map_err(CliError::core)?;
    if let Some(id) = &args.key_id {
        key = key.with_key_id(id.as_str());
    }
    let exported = Zeroizing::new(
        match format {
            KeyFormat::Pem => key.export_private_pem(),
            KeyFormat::Jwk => key.export_private_jwk(),
            KeyFormat::Secret => key.export_secret(args.secret_encoding),
        }
        .map_err(CliError::core)?,
    );
    // Sized up front, so that adding the newline never leaves an unwiped copy behind.
    let mut private = Zeroizing::new(String::with_capacity(exported.len() + 1));
    private.push_str(&exported);
    if !private.ends_with('\n') {
        private.push('\n');
    }
    let public = if args.alg.is_hmac() {
        None
    } else {
        Some(
            match format {
                KeyFormat::Jwk => key.public_jwk().map(|jwk| jwk + "\n"),
                _ => key.public_pem(),
            }
            .map_err(CliError::core)?,
        )
    };

    // Create both files before writing either, so that a refusal leaves nothing behind.
    let mut private_file = match &args.out {
        Some(path) => Some(output::create(path, Access::OwnerOnly, args.force)?),
        None => None,
    };
    let mut public_file = match &args.public_out {
        Some(path) => match output::create(path, Access::Public, args.force) {
            Ok(file) => Some(file),
            Err(err) => {
                if let Some(out) = &args.out {
                    let _ = std::fs::remove_file(out);
                }
                return Err(err);
            }
        },
        None => None,
    };

    match (&mut private_file, &args.out) {
        (Some(file), Some(path)) => output::write_all(file, path, private.as_bytes())?,
        _ => {
            let mut stdout = io::stdout().lock();
            stdout
                .write_all(private.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(CliError::Write)?;
        }
    }
    if let (Some(file), Some(path), Some(public)) = (&mut public_file, &args.public_out, &public) {
        output::write_all(file, path, public.as_bytes())?;
    }

    let format_name = match format {
        KeyFormat::Pem => "PEM",
        KeyFormat::Jwk => "JWK",
        KeyFormat::Secret => args.secret_encoding.name(),
    };
    let thumbprint = key.thumbprint().ok();
    Reporter::stderr().generated(&Generated {
        algorithm: args.alg,
        key_id: key.key_id(),
        thumbprint_id: args.key_id.is_none() && thumbprint.as_deref() == Some(key.key_id()),
        format: format_name,
        private_file: args.out.as_deref(),
        public: match (&args.public_out, &public) {
            (Some(path), _) => PublicOut::File(path),
            (None, Some(public)) => PublicOut::Shown(public),
            (None, None) => PublicOut::None,
        },
    });
    Ok(ExitStatus::Success)
}
