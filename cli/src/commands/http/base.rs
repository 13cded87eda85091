//! `canonsig http base`: the signature base a signer signs, for covered components and
//! parameters (core's `SignatureInput::build` and `signature_base`), or for a signature the
//! message already carries. No key: this is the string both sides must agree on.

use canonsig::scheme::http::{signature_base, Covered, HttpVerifier, Params, SignatureInput};

use super::{MessageArgs, Parsed};
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::values::{component_list, ComponentList};
use crate::view;

#[derive(Debug, clap::Args)]
pub(super) struct BaseArgs {
    #[command(flatten)]
    message: MessageArgs,

    /// The base of the signature LABEL the message carries (its Signature-Input member)
    #[arg(long, value_name = "LABEL", conflicts_with_all = ["components", "input", "created", "key_id", "alg_param", "expires", "nonce", "tag"])]
    label: Option<String>,

    /// Covered components, comma-separated, as `http sign --components` takes them
    /// [default: core's rule, as `http sign`]
    #[arg(long, value_name = "LIST", value_parser = component_list)]
    components: Option<ComponentList>,

    /// A signature input, as Signature-Input or Accept-Signature writes it: its components
    /// and its parameters, in its order (the parameter flags add the ones it lacks)
    #[arg(long, value_name = "SF", conflicts_with = "components")]
    input: Option<String>,

    /// The created parameter (Unix seconds)
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    created: Option<i64>,

    /// The keyid parameter
    #[arg(long, value_name = "ID")]
    key_id: Option<String>,

    /// The alg parameter
    #[arg(long, value_name = "NAME")]
    alg_param: Option<String>,

    /// The expires parameter (Unix seconds)
    #[arg(long, value_name = "UNIX", allow_hyphen_values = true)]
    expires: Option<i64>,

    /// The nonce parameter
    #[arg(long, value_name = "NONCE")]
    nonce: Option<String>,

    /// The tag parameter
    #[arg(long, value_name = "TAG")]
    tag: Option<String>,
}

/// Writes the base exactly (no newline after its `@signature-params` line), so that it can
/// be compared byte for byte (`canonsig diff`).
pub(super) fn run(args: &BaseArgs) -> Result<ExitStatus, CliError> {
    let (parsed, _) = Parsed::read(&args.message)?;
    let message = parsed.message();
    let base = match &args.label {
        Some(label) => HttpVerifier::new(Vec::new()).signature_base_of(message, Some(label)),
        None => covered(args).and_then(|covered| {
            let params = Params {
                created: args.created,
                keyid: args.key_id.clone(),
                alg: args.alg_param.clone(),
                expires: args.expires,
                nonce: args.nonce.clone(),
                tag: args.tag.clone(),
            };
            signature_base(message, &SignatureInput::build(message, &covered, &params))
        }),
    }
    .map_err(CliError::core)?;
    view::write_bytes(base.as_bytes())?;
    Ok(ExitStatus::Success)
}

fn covered(args: &BaseArgs) -> Result<Covered, canonsig::Error> {
    match &args.input {
        Some(text) => SignatureInput::parse(text).map(Covered::Input),
        None => match &args.components {
            Some(components) => Covered::parse(&components.0),
            None => Ok(Covered::Default),
        },
    }
}
