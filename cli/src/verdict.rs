//! Verified or rejected: the one place where the outcome of a verification (`verify`,
//! `http verify`, `aws verify`, `webhook verify`) becomes a finding on stderr and an exit
//! status: 0 verified, 1 rejected, 2 (an error, for `main` to report) when the question
//! could not be asked.

use canonsig::scheme::aws::SigV4Verified;
use canonsig::scheme::http::{DigestAlgorithm, VerifiedSignature as HttpVerifiedSignature};
use canonsig::scheme::webhook::WebhookVerified;
use canonsig::sign::Verified;
use canonsig::{Error, ErrorCode};

use crate::error::CliError;
use crate::exit::{is_rejection, is_scheme_rejection, ExitStatus};
use crate::report::{Finding, Hint, Location, Reporter};

/// Which of core's codes are a clean "not verified" (exit 1) rather than an error (exit 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rejects {
    /// `verify`: [`is_rejection`].
    Signature,
    /// The scheme commands: [`is_scheme_rejection`].
    Scheme,
    /// Every code: the failure itself is the answer (`verify`: a signature that does not
    /// even parse).
    All,
}

impl Rejects {
    fn covers(self, code: ErrorCode) -> bool {
        match self {
            Rejects::Signature => is_rejection(code),
            Rejects::Scheme => is_scheme_rejection(code),
            Rejects::All => true,
        }
    }
}

/// A verified outcome, as the finding that reports it.
pub(crate) trait Accepted {
    fn finding(&self) -> Finding<'_>;
}

impl Accepted for Verified {
    fn finding(&self) -> Finding<'_> {
        Finding::Verified(self)
    }
}

impl Accepted for SigV4Verified {
    fn finding(&self) -> Finding<'_> {
        Finding::AwsVerified(self)
    }
}

impl Accepted for WebhookVerified {
    fn finding(&self) -> Finding<'_> {
        Finding::WebhookVerified(self)
    }
}

/// `http verify`: the signature (with the Content-Digest algorithms core checked against the body).
pub(crate) struct HttpAccepted {
    pub(crate) verified: HttpVerifiedSignature,
}

impl Accepted for HttpAccepted {
    fn finding(&self) -> Finding<'_> {
        Finding::HttpVerified {
            verified: &self.verified,
            digests: &self.verified.digests,
        }
    }
}

/// `http digest --check`: the algorithms core checked against the body.
pub(crate) struct DigestAccepted {
    pub(crate) algorithms: Vec<DigestAlgorithm>,
}

impl Accepted for DigestAccepted {
    fn finding(&self) -> Finding<'_> {
        Finding::DigestMatches(&self.algorithms)
    }
}

/// Reports `outcome` for the input at `location` and returns its exit status: `Success`
/// when verified, `Failure` when core's code is one `rejects` covers (shown with `hint`);
/// any other error is returned as `on_error` makes it (exit 2, reported by `main`).
pub(crate) fn conclude<T: Accepted>(
    location: Location<'_>,
    outcome: Result<T, Error>,
    rejects: Rejects,
    hint: Hint,
    on_error: impl FnOnce(Error) -> CliError,
) -> Result<ExitStatus, CliError> {
    match outcome {
        Ok(accepted) => {
            Reporter::stderr().finding(location, &accepted.finding());
            Ok(ExitStatus::Success)
        }
        Err(error) if rejects.covers(error.code()) => {
            Reporter::stderr().finding(location, &Finding::NotVerified { error: &error, hint });
            Ok(ExitStatus::Failure)
        }
        Err(error) => Err(on_error(error)),
    }
}
