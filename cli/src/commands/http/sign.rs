//! `canonsig http sign`: core's `HttpSigner`, one flag per option.

use canonsig::scheme::http::{
    AlgParam, Covered, Created, DigestAlgorithm, DigestPolicy, Expires, HttpSigner, KeyIdParam, Nonce, SignatureInput,
};

use super::{MessageArgs, Parsed};
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::key::KeyArgs;
use crate::message::{self, HeaderStyle};
use crate::report::Reporter;
use crate::values::{
    component_list, digest_algorithm_parser, parse_created, parse_expires, unix_now, ComponentList,
    Created as CreatedArg, Expires as ExpiresArg,
};
use crate::view;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("key").required(true).multiple(true).args(KeyArgs::SOURCES)))]
#[command(mut_arg("key_file", |a| a.visible_alias("key")))]
pub(super) struct SignArgs {
    #[command(flatten)]
    message: MessageArgs,

    #[command(flatten)]
    key: KeyArgs,

    /// The signature's label in Signature-Input and Signature [default: sig1]
    #[arg(long, value_name = "LABEL")]
    label: Option<String>,

    /// Covered components, comma-separated (`@method,@authority,@path,content-type`,
    /// `@query-param;name="id"`, `"example-dict";key="a"`) [default: core's rule, as every
    /// frontend: @method, @authority, @path, @query (a response: @status), then
    /// content-type and content-digest when the message has them]
    #[arg(long, value_name = "LIST", value_parser = component_list)]
    components: Option<ComponentList>,

    /// The created parameter: `now` or Unix seconds
    #[arg(long, value_name = "now|UNIX", value_parser = parse_created, default_value = "now")]
    created: CreatedArg,

    /// Leave out the created parameter
    #[arg(long, conflicts_with = "created")]
    no_created: bool,

    /// The expires parameter: Unix seconds, or +SECONDS from created
    #[arg(long, value_name = "UNIX|+SECS", value_parser = parse_expires, allow_hyphen_values = true)]
    expires: Option<ExpiresArg>,

    /// The nonce parameter
    #[arg(long, value_name = "NONCE")]
    nonce: Option<String>,

    /// The tag parameter (the application the signature is for)
    #[arg(long, value_name = "TAG")]
    tag: Option<String>,

    /// Add the alg parameter (the key's algorithm)
    #[arg(long, conflicts_with = "alg_param")]
    include_alg: bool,

    /// Add the alg parameter with this name, which must be the key's algorithm
    #[arg(long, value_name = "NAME")]
    alg_param: Option<String>,

    /// Leave out the keyid parameter (default: the key's id, when it has one)
    #[arg(long)]
    no_keyid: bool,

    /// A signature input to answer, as Signature-Input or Accept-Signature writes it
    /// (`("@method" "@path");nonce="x"`): its components, and its parameters in its order;
    /// the parameters it lacks are added as for --components
    #[arg(long, value_name = "SF", conflicts_with = "components")]
    input: Option<String>,

    /// The Content-Digest added (replacing any) over a non-empty body and covered
    /// [default: sha-256]
    #[arg(long, value_name = "ALG", value_parser = digest_algorithm_parser())]
    content_digest: Option<DigestAlgorithm>,

    /// Add no Content-Digest: sign exactly the components
    #[arg(long, conflicts_with = "content_digest")]
    no_content_digest: bool,

    /// The current time in Unix seconds: what `--created now` and `--expires +SECS` count
    /// from [default: the system clock]
    #[arg(long, value_name = "UNIX")]
    now: Option<u64>,

    /// Print only the header lines signing added, not the whole message
    #[arg(long)]
    headers_only: bool,

    /// Print the signature base on stderr
    #[arg(long)]
    show_base: bool,
}

pub(super) fn run(args: &SignArgs) -> Result<ExitStatus, CliError> {
    let keys = args.key.load_ring()?;
    let Some(key) = keys.first() else {
        unreachable!("clap requires a key")
    };
    let (mut parsed, bytes) = Parsed::read(&args.message)?;
    let original_headers = parsed.message().headers().to_vec();
    let style = HeaderStyle::of(&original_headers);
    let signed = signer(args)?
        .sign_at(parsed.message(), key, args.now.unwrap_or_else(unix_now))
        .map_err(CliError::core)?;
    if args.show_base {
        let title = format!("signature base ({})", signed.label);
        Reporter::stderr().intermediate(&title, signed.signature_base.as_bytes());
    }
    let out = if args.headers_only {
        message::header_block(&signed.headers)
    } else {
        signed.apply(parsed.headers_mut());
        let original = message::Original {
            bytes: &bytes,
            headers: &original_headers,
        };
        parsed.write(&original, style)
    };
    view::write_bytes(&out)?;
    Ok(ExitStatus::Success)
}

/// Core's signer for the options: every flag maps to one option of `HttpSigner`, and the
/// CLI decides no default (the components, the digest and the parameters are core's).
fn signer(args: &SignArgs) -> Result<HttpSigner, CliError> {
    let mut signer = HttpSigner::new();
    if let Some(label) = &args.label {
        signer = signer.label(label);
    }
    if let Some(text) = &args.input {
        let input = SignatureInput::parse(text).map_err(CliError::core)?;
        signer = signer.covered(Covered::Input(input));
    } else if let Some(components) = &args.components {
        signer = signer.components(&components.0).map_err(CliError::core)?;
    }
    signer = signer.created(match (args.no_created, args.created) {
        (true, _) => Created::Omit,
        (false, CreatedArg::Now) => Created::Now,
        (false, CreatedArg::At(t)) => Created::At(to_i64(t)),
    });
    if let Some(expires) = args.expires {
        signer = signer.expires(match expires {
            ExpiresArg::In(secs) => Expires::After(secs),
            ExpiresArg::At(t) => Expires::At(to_i64(t)),
        });
    }
    if let Some(nonce) = &args.nonce {
        signer = signer.nonce(Nonce::Value(nonce.clone()));
    }
    if args.include_alg {
        signer = signer.alg(AlgParam::FromKey);
    }
    if let Some(name) = &args.alg_param {
        signer = signer.alg(AlgParam::Named(name.clone()));
    }
    if args.no_keyid {
        signer = signer.keyid(KeyIdParam::Omit);
    }
    signer = signer.tag(args.tag.clone());
    if args.no_content_digest {
        signer = signer.content_digest(DigestPolicy::Off);
    }
    if let Some(algorithm) = args.content_digest {
        signer = signer.content_digest(DigestPolicy::WhenBody(algorithm));
    }
    Ok(signer)
}

fn to_i64(seconds: u64) -> i64 {
    i64::try_from(seconds).unwrap_or(i64::MAX)
}
