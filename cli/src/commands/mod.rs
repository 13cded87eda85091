//! One module per subcommand. Each exposes `XArgs` (clap derive) and
//! `run(&XArgs) -> Result<ExitStatus, CliError>`; `main` maps the result to an exit code.

pub(crate) mod aws;
pub(crate) mod aws_explain;
pub(crate) mod canon;
pub(crate) mod diff;
pub(crate) mod explain;
pub(crate) mod http;
pub(crate) mod keygen;
pub(crate) mod sign;
pub(crate) mod verify;
pub(crate) mod webhook;
