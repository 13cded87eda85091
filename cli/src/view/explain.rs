//! The text of `canonsig explain`: core's plain-text explanation, and the forensic report
//! around it. Key material is never part of either: core's results do not hold it.

use canonsig::diff::{visible, Construction, Explanation, Forensics};

/// Characters of the recovered signed bytes shown at most.
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
        // The field names and values of the JSON form, so text and --format json agree.
        if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(style) {
            let fields: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={}", plain(v))).collect();
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
    let shown = visible(&found.signed);
    let cut: String = shown.chars().take(SIGNED_SHOWN).collect();
    text.push_str(&format!("  signed bytes: {cut}"));
    if cut.len() < shown.len() {
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
