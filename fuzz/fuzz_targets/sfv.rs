//! RFC 8941 Structured Fields: every parser on arbitrary text; whatever parses serializes,
//! and the serialization parses back to the same value and serializes the same (canonical).
#![no_main]

use canonsig::scheme::sfv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(dict) = sfv::parse_dictionary(text) {
        let out = sfv::serialize_dictionary(&dict).expect("a parsed dictionary serializes");
        let back = sfv::parse_dictionary(&out).expect("a serialized dictionary parses");
        assert_eq!(back, dict);
        assert_eq!(sfv::serialize_dictionary(&back).expect("serializes"), out);
    }
    if let Ok(list) = sfv::parse_list(text) {
        let out = sfv::serialize_list(&list).expect("a parsed list serializes");
        let back = sfv::parse_list(&out).expect("a serialized list parses");
        assert_eq!(back, list);
    }
    if let Ok(item) = sfv::parse_item(text) {
        let out = sfv::serialize_item(&item).expect("a parsed item serializes");
        assert_eq!(sfv::parse_item(&out).expect("a serialized item parses"), item);
    }
    if let Ok(inner) = sfv::parse_inner_list(text) {
        let out = sfv::serialize_inner_list(&inner).expect("a parsed inner list serializes");
        assert_eq!(sfv::parse_inner_list(&out).expect("parses"), inner);
    }
    let _ = sfv::parse_parameterized(text);
    let _ = canonsig::scheme::http::parse_signature_input(text);
    let _ = canonsig::scheme::http::parse_signature(text);
    let _ = canonsig::scheme::http::parse_accept_signature(text);
});
