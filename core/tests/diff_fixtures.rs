//! The shared diff fixtures (fixtures/diff, made with Python, Go, PHP-style and Node tools,
//! never with canonsig): every cause named, no `absent` cause named, the first difference
//! exact, and forensics recovering the signer's bytes.
//!
//! Then the JSON form of the results (`to_json`, the `Serialize` impls) over every case:
//! whole (every field, plus the derived ones, equal to what the core's methods say), in
//! declaration order (plain serde_json, never sorted), and the same text for `diff` alone
//! as inside `explain`. The key lists are the contract the Python, JS and CLI tests hold
//! their output to.
#![allow(clippy::unwrap_used)]

mod common;

use std::fmt;

use canonsig::diff::{diff, explain, explain_traces, forensics, Cause, Change, Explanation, ForensicMatch, Style};
use canonsig::sign::{Algorithm, Key};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{json, Value as Json};

fn load(name: &str) -> Json {
    let path = common::repo_root().join("fixtures/diff").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bytes(side: &Json) -> Vec<u8> {
    match (side.get("text"), side.get("hex")) {
        (Some(Json::String(t)), _) => t.as_bytes().to_vec(),
        (_, Some(Json::String(h))) => common::hex(h),
        _ => panic!("side without text or hex: {side}"),
    }
}

fn names(list: Option<&Json>) -> Vec<Cause> {
    list.and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .map(|c| {
                    let name = c.as_str().unwrap_or_default();
                    Cause::from_name(name).unwrap_or_else(|| panic!("unknown cause {name}"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_cause_case_is_explained() {
    let doc = load("causes.json");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut covered = std::collections::BTreeSet::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let (e, a) = (bytes(&case["expected"]), bytes(&case["actual"]));
        let got = explain(&e, &a);
        let causes = got.causes();
        for want in names(case.get("causes")) {
            covered.insert(want);
            if !causes.contains(&want) {
                failures.push(format!("{name}: {want} not named; got {causes:?}\n{got}"));
            }
        }
        for not in names(case.get("absent")) {
            if causes.contains(&not) {
                failures.push(format!("{name}: {not} named but must not be\n{got}"));
            }
        }
        let first = &case["first_difference"];
        let pos = got.diff.first_difference;
        if first.is_null() {
            if pos.is_some() || !causes.is_empty() {
                failures.push(format!("{name}: equal inputs reported as different"));
            }
        } else {
            let want = (
                first["offset"].as_u64(),
                first["line"].as_u64(),
                first["column"].as_u64(),
            );
            let have = pos.map(|p| (p.offset as u64, p.line as u64, p.column as u64));
            if have != Some((want.0.unwrap_or(0), want.1.unwrap_or(0), want.2.unwrap_or(0))) {
                failures.push(format!("{name}: first difference {have:?}, fixture {want:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    // Every cause of the contract that fixtures can show is exercised.
    for cause in Cause::ALL {
        if cause != Cause::ParameterChanged {
            assert!(covered.contains(&cause), "no fixture case for {cause}");
        }
    }
}

fn key_of(case: &Json) -> Key {
    let k = &case["key"];
    let alg: Algorithm = case["algorithm"]
        .as_str()
        .unwrap_or_default()
        .parse()
        .expect("algorithm");
    if let Some(h) = k.get("hmac_hex").and_then(Json::as_str) {
        return Key::hmac(alg, &common::hex(h)).expect("hmac key");
    }
    let pem = k
        .get("public_pem")
        .or_else(|| k.get("pem"))
        .and_then(Json::as_str)
        .expect("pem");
    Key::from_pem(pem, Some(alg)).expect("pem key")
}

#[test]
fn forensics_recovers_what_the_signer_signed() {
    let doc = load("forensics.json");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let payload = bytes(&case["payload"]);
        let sig = case["signature"].as_str().expect("signature");
        let report = forensics(&payload, sig, &key_of(case)).expect("forensics runs");
        match (&case["signed"], &report.matched) {
            (Json::Null, None) => {}
            (Json::Null, Some(m)) => failures.push(format!("{name}: matched {} but nothing should", m.description)),
            (want, Some(m)) if m.signed == bytes(want) => {}
            (want, Some(m)) => failures.push(format!(
                "{name}: recovered {:?}, signer signed {:?}",
                String::from_utf8_lossy(&m.signed),
                String::from_utf8_lossy(&bytes(want))
            )),
            (_, None) => failures.push(format!(
                "{name}: not recovered ({} candidates)",
                report.candidates_tried
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// --- the JSON form ------------------------------------------------------------------------

const EXPLANATION: &[&str] = &[
    "diff",
    "findings",
    "json",
    "expected_style",
    "actual_style",
    "is_equal",
    "same_data",
    "causes",
    "text",
];
const DIFF: &[&str] = &[
    "expected_len",
    "actual_len",
    "first_difference",
    "changes",
    "truncated",
    "context",
    "is_equal",
];
const CHANGE: &[&str] = &["expected", "actual", "kind"];
const RANGE: &[&str] = &["start", "end"];
const POSITION: &[&str] = &["offset", "line", "column"];
const CONTEXT: &[&str] = &["expected", "actual"];
const SNIPPET: &[&str] = &["start", "end", "text", "caret"];
const FINDING: &[&str] = &["cause", "summary", "occurrences", "total", "advice", "is_serialization"];
const OCCURRENCE: &[&str] = &["path", "expected", "actual", "detail"];
const FORENSICS: &[&str] = &["matched", "candidates_tried", "payload_is_json"];
const MATCH: &[&str] = &[
    "description",
    "style",
    "variant",
    "construction",
    "secret_used",
    "signature_encoding",
    "signed",
    "explanation",
];
const STYLE: &[&str] = &[
    "order",
    "separators",
    "escaping",
    "numbers",
    "trailing_newline",
    "description",
];

/// JSON that keeps the order of object members (serde_json's `Value` sorts them).
#[derive(Debug)]
enum Ordered {
    Object(Vec<(String, Ordered)>),
    Array(Vec<Ordered>),
    Scalar(Json),
}

impl Ordered {
    fn parse(text: &str) -> Ordered {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    fn keys(&self) -> Vec<&str> {
        match self {
            Ordered::Object(members) => members.iter().map(|(k, _)| k.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    fn get(&self, key: &str) -> &Ordered {
        match self {
            Ordered::Object(members) => members
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("no member {key}")),
            _ => panic!("not an object: {self:?}"),
        }
    }

    fn items(&self) -> &[Ordered] {
        match self {
            Ordered::Array(items) => items,
            _ => panic!("not an array: {self:?}"),
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Ordered::Scalar(Json::Null))
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ordered, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(Json::Bool(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(Json::String(v.to_string())))
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(Json::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Ordered>()? {
                    members.push(member);
                }
                Ok(Ordered::Object(members))
            }
        }
        d.deserialize_any(V)
    }
}

fn keys(o: &Ordered, want: &[&str], what: &str) {
    assert_eq!(o.keys(), want, "{what}: members and their order");
}

fn range(o: &Ordered, what: &str) {
    if !o.is_null() {
        keys(o, RANGE, what);
    }
}

/// Every object of an explanation has its members in declaration order.
fn explanation_order(o: &Ordered, what: &str) {
    keys(o, EXPLANATION, what);
    diff_order(o.get("diff"), what);
    for f in o.get("findings").items() {
        keys(f, FINDING, what);
        for occurrence in f.get("occurrences").items() {
            keys(occurrence, OCCURRENCE, what);
            range(occurrence.get("expected"), what);
            range(occurrence.get("actual"), what);
        }
    }
}

fn diff_order(o: &Ordered, what: &str) {
    keys(o, DIFF, what);
    let first = o.get("first_difference");
    if !first.is_null() {
        keys(first, POSITION, what);
    }
    for c in o.get("changes").items() {
        keys(c, CHANGE, what);
        range(c.get("expected"), what);
        range(c.get("actual"), what);
    }
    let context = o.get("context");
    if !context.is_null() {
        keys(context, CONTEXT, what);
        keys(context.get("expected"), SNIPPET, what);
        keys(context.get("actual"), SNIPPET, what);
    }
}

fn span(r: &std::ops::Range<usize>) -> Json {
    json!({"start": r.start, "end": r.end})
}

/// A change's kind from its spans, as the docs define it.
fn kind(c: &Change) -> &'static str {
    if c.expected.is_empty() {
        "insert"
    } else if c.actual.is_empty() {
        "delete"
    } else {
        "replace"
    }
}

/// The explanation's JSON value written out by hand from its fields and methods.
fn expected_value(e: &Explanation) -> Json {
    let d = &e.diff;
    json!({
        "diff": {
            "expected_len": d.expected_len,
            "actual_len": d.actual_len,
            "first_difference": d.first_difference.map(|p| json!({"offset": p.offset, "line": p.line, "column": p.column})),
            "changes": d.changes.iter().map(|c| json!({"expected": span(&c.expected), "actual": span(&c.actual), "kind": kind(c)})).collect::<Vec<_>>(),
            "truncated": d.truncated,
            "context": d.context.as_ref().map(|c| {
                let s = |s: &canonsig::diff::Snippet| json!({"start": s.start, "end": s.end, "text": s.text, "caret": s.caret});
                json!({"expected": s(&c.expected), "actual": s(&c.actual)})
            }),
            "is_equal": d.first_difference.is_none(),
        },
        "findings": e.findings.iter().map(|f| json!({
            "cause": f.cause.as_str(),
            "summary": f.summary,
            "occurrences": f.occurrences.iter().map(|o| json!({
                "path": o.path,
                "expected": o.expected.as_ref().map(span),
                "actual": o.actual.as_ref().map(span),
                "detail": o.detail,
            })).collect::<Vec<_>>(),
            "total": f.total,
            "advice": f.cause.advice(),
            "is_serialization": f.cause.is_serialization(),
        })).collect::<Vec<_>>(),
        "json": e.json,
        "expected_style": e.expected_style,
        "actual_style": e.actual_style,
        "is_equal": e.is_equal(),
        "same_data": e.findings.iter().all(|f| f.cause.is_serialization()),
        "causes": e.findings.iter().map(|f| f.cause.as_str()).collect::<Vec<_>>(),
        "text": e.to_string(),
    })
}

fn check_explanation(e: &Explanation, what: &str) -> String {
    let text = e.to_json().unwrap();
    assert!(!text.contains('\n'), "{what}: one line");
    explanation_order(&Ordered::parse(&text), what);
    let value: Json = serde_json::from_str(&text).unwrap();
    assert_eq!(value, expected_value(e), "{what}: the data");
    assert_eq!(
        value,
        serde_json::to_value(e).unwrap(),
        "{what}: to_json is the Serialize impl"
    );
    text
}

#[test]
fn every_cause_case_serializes_whole_and_in_order() {
    let doc = load("causes.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let mut kinds = std::collections::BTreeSet::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let (e, a) = (bytes(&case["expected"]), bytes(&case["actual"]));
        let why = explain(&e, &a);
        let text = check_explanation(&why, name);
        // `diff` alone is the same JSON as the explanation's `diff` member.
        let d = diff(&e, &a).to_json().unwrap();
        diff_order(&Ordered::parse(&d), name);
        let whole: Json = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::from_str::<Json>(&d).unwrap(), whole["diff"], "{name}");
        assert!(text.starts_with(&format!("{{\"diff\":{d},\"findings\":")), "{name}");
        kinds.extend(why.diff.changes.iter().map(Change::kind));
    }
    assert_eq!(kinds.len(), 3, "the fixtures show every kind of change: {kinds:?}");
}

fn style_value(s: &Style) -> Json {
    json!({
        "order": serde_json::to_value(s.order).unwrap(),
        "separators": serde_json::to_value(s.separators).unwrap(),
        "escaping": serde_json::to_value(s.escaping).unwrap(),
        "numbers": serde_json::to_value(s.numbers).unwrap(),
        "trailing_newline": s.trailing_newline,
        "description": s.to_string(),
    })
}

#[test]
fn every_forensics_case_serializes_whole_and_in_order() {
    let doc = load("forensics.json");
    let cases = doc["cases"].as_array().unwrap();
    let mut styled = 0;
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let report = forensics(
            &bytes(&case["payload"]),
            case["signature"].as_str().unwrap(),
            &key_of(case),
        )
        .unwrap();
        let text = report.to_json().unwrap();
        let o = Ordered::parse(&text);
        keys(&o, FORENSICS, name);
        let value: Json = serde_json::from_str(&text).unwrap();
        assert_eq!(value["candidates_tried"], report.candidates_tried, "{name}");
        assert_eq!(value["payload_is_json"], report.payload_is_json, "{name}");
        let Some(m) = &report.matched else {
            assert!(o.get("matched").is_null(), "{name}");
            continue;
        };
        let mo = o.get("matched");
        keys(mo, MATCH, name);
        let ForensicMatch {
            description,
            style,
            variant,
            construction,
            secret_used,
            signature_encoding,
            signed,
            explanation,
        } = m;
        let mv = &value["matched"];
        assert_eq!(mv["description"], *description, "{name}");
        assert_eq!(mv["variant"], json!(variant), "{name}");
        assert_eq!(
            mv["construction"],
            serde_json::to_value(construction).unwrap(),
            "{name}"
        );
        assert_eq!(mv["secret_used"], json!(secret_used), "{name}");
        assert_eq!(mv["signature_encoding"], *signature_encoding, "{name}");
        assert_eq!(mv["signed"], String::from_utf8_lossy(signed).as_ref(), "{name}");
        match style {
            Some(s) => {
                styled += 1;
                keys(mo.get("style"), STYLE, name);
                assert_eq!(mv["style"], style_value(s), "{name}");
            }
            None => assert!(mv["style"].is_null(), "{name}"),
        }
        explanation_order(mo.get("explanation"), name);
        assert_eq!(mv["explanation"], expected_value(explanation), "{name}");
        assert!(
            text.contains(&check_explanation(explanation, name)),
            "{name}: nested whole"
        );
    }
    assert!(styled > 0, "some fixture is found through a style");
}

#[test]
fn traces_and_aws_explanations_serialize_whole() {
    let line = |alg: &str| {
        format!(
            r#"{{"algorithm":"{alg}","key_id":"k1","profile":"jcs","signing_len":7,"signing_sha256":"aa","timestamp":1}}"#
        )
    };
    let why = explain_traces(line("hmac-sha256").as_bytes(), line("ed25519").as_bytes()).unwrap();
    // explain_traces edits the findings after the fact: the derived fields follow them.
    let text = check_explanation(&why, "traces");
    assert!(
        text.contains(r#""is_equal":false,"same_data":false,"causes":["parameter_changed"],"#),
        "{text}"
    );

    use canonsig::scheme::aws::{Credentials, Settings, Signer};
    use canonsig::scheme::Request;
    let req = Request::new("GET", "/a%20b").header("Host", "bucket.s3.amazonaws.com");
    let sent = Signer::new(Credentials::new("AKIDEXAMPLE", "secret"), "us-east-1", "s3")
        .settings(Settings::s3())
        .sign(&req, 1_440_938_160)
        .unwrap();
    let theirs = sent.canonical_request.replace("/a%20b", "/a%2520b");
    let xml = format!("<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>{theirs}</CanonicalRequest></Error>");
    let aws = canonsig::diff::explain_aws(&xml, &sent.request, &Settings::s3()).unwrap();
    let text = aws.to_json().unwrap();
    let o = Ordered::parse(&text);
    assert_eq!(
        o.keys(),
        [
            "code",
            "local",
            "aws_canonical_request",
            "aws_string_to_sign",
            "canonical_request",
            "string_to_sign",
            "conclusions",
            "causes",
            "text"
        ]
    );
    explanation_order(o.get("canonical_request"), "aws");
    // The derived fields are core's: the causes of the differing part, the report text.
    let value: Json = serde_json::from_str(&text).unwrap();
    assert_eq!(value["causes"], serde_json::json!(["percent_encoding"]));
    assert_eq!(value["text"], aws.to_string());
    assert!(aws
        .to_string()
        .starts_with("AWS SignatureDoesNotMatch:\n- the canonical requests differ (percent_encoding)"));
    assert!(o.get("string_to_sign").is_null());
    let creq = aws.canonical_request.as_ref().unwrap();
    let value: Json = serde_json::from_str(&text).unwrap();
    assert_eq!(value["canonical_request"], expected_value(creq));
}
