//! The text of `canonsig explain`: core's plain-text explanation, and the forensic report
//! around it. Key material is never part of either: core's results do not hold it.

use canonsig::diff::{visible_prefix, AwsExplanation, Construction, Explanation, Forensics};

use super::{Paint, Palette};

/// Bytes of the recovered signed bytes shown at most.
pub(crate) const SIGNED_SHOWN: usize = 1024;

/// Core's rendering: the first difference with both sides around it, the detected styles,
/// then each cause with where it shows and what to do.
pub(crate) fn explanation(e: &Explanation) -> String {
    canonsig::diff::render_text(e)
}

/// The forensic report: what the signer signed and how it differs from the payload, or
/// that no candidate reproduced the signature.
pub(crate) fn forensics(report: &Forensics) -> String {
    let Some(found) = &report.matched else {
        let what = if report.payload_is_json {
            "the payload as given, with newline and BOM variants, and re-serialized in every known JSON style"
        } else {
            "the payload as given, with newline and BOM variants (it is not JSON, so no re-serialization)"
        };
        return format!(
            "not found: none of {} candidates reproduces the signature\n  tried: {what}\n  check the key and the algorithm, and that this is the body the signer sent\n",
            report.candidates_tried
        );
    };
    let mut text = format!("found: {}\n", found.description);
    if let Some(style) = &found.style {
        // The field names and values of the JSON form, so text and --format json agree
        // (its `description` is a sentence, not a setting).
        if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(style) {
            let fields: Vec<String> = fields
                .iter()
                .filter(|(k, _)| *k != "description")
                .map(|(k, v)| format!("{k}={}", plain(v)))
                .collect();
            text.push_str(&format!("  style: {}\n", fields.join(" ")));
        }
    }
    if let Some(variant) = &found.variant {
        text.push_str(&format!("  bytes: the payload {variant}\n"));
    }
    let construction = match found.construction {
        Construction::Standard => "the key's algorithm",
        Construction::Sha256BodySecret => "SHA-256(bytes + secret), not HMAC: open to length extension",
        Construction::Sha256SecretBody => "SHA-256(secret + bytes), not HMAC: open to length extension",
    };
    text.push_str(&format!("  construction: {construction}\n"));
    if let Some(secret) = &found.secret_used {
        text.push_str(&format!("  secret: {secret}\n"));
    }
    text.push_str(&format!("  signature encoding: {}\n", found.signature_encoding));
    text.push_str(&format!("  candidates tried: {}\n", report.candidates_tried));
    let (shown, len) = visible_prefix(&found.signed, SIGNED_SHOWN);
    text.push_str(&format!("  signed bytes: {shown}"));
    if len < found.signed.len() {
        text.push('…');
    }
    text.push('\n');
    if found.explanation.is_equal() {
        text.push_str("the payload is exactly what was signed\n");
    } else {
        text.push_str("how the payload (expected) differs from the signed bytes (actual):\n");
        text.push_str(&explanation(&found.explanation));
    }
    text
}

fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `aws-explain`: the conclusions, then each of AWS's strings (expected) against the
/// signer's (actual): the byte diff, then the named causes.
/// `aws` holds the two strings of AWS's document (canonical request, string to sign).
pub(crate) fn aws(e: &AwsExplanation, aws: [Option<&str>; 2], palette: Palette) -> String {
    let mut text = String::new();
    if let Some(code) = &e.code {
        text.push_str(&palette.paint(Paint::Strong, code));
        text.push('\n');
    }
    for conclusion in &e.conclusions {
        text.push_str(&format!("- {conclusion}\n"));
    }
    let sections = [
        (
            "canonical request",
            &e.canonical_request,
            aws[0],
            &e.local.canonical_request,
        ),
        ("string to sign", &e.string_to_sign, aws[1], &e.local.string_to_sign),
    ];
    for (what, explanation, theirs, local) in sections {
        text.push('\n');
        text.push_str(&palette.paint(
            Paint::Header,
            &format!("== {what}: AWS (expected) vs the request's signer (actual) =="),
        ));
        text.push('\n');
        let (Some(explanation), Some(theirs)) = (explanation, theirs) else {
            text.push_str(&format!("(the document has no {what})\n"));
            continue;
        };
        let labels = ["AWS (expected)", "signer (actual)"];
        text.push_str(&super::diff::render(
            theirs.as_bytes(),
            local.as_bytes(),
            &explanation.diff,
            labels,
            palette,
        ));
        // The causes: core's text from its first finding on (its head repeats the diff above).
        let full = explanation.to_string();
        if let Some(start) = full.find("\n- ") {
            text.push_str(&full[start + 1..]);
        }
    }
    text
}
