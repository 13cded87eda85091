//! Deterministic benchmark payloads: the one source for the Rust, Python and Node benches.
//!
//! `core/benches/*.rs` include this file directly; the `bench/` crate includes it too and
//! writes the same bytes to files (`canonsig-bench gen DIR`) for the Python and Node
//! benches, so every language canonicalizes the identical input.
//!
//! The text is deliberately *not* canonical (keys out of order, `", "`/`": "` separators,
//! a few escapes, numbers like `1.50` and `2E3`), so canonicalizing does real work. Every
//! payload stays inside what all JCS peers accept: integers within +-(2^53-1), finite
//! doubles, well-formed Unicode, no duplicate member names.

#![allow(dead_code)] // each includer uses a different subset

use std::fmt::Write as _;

/// SplitMix64: tiny, portable and fully determined by its seed.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Makes one payload.
pub(crate) type Make = fn() -> Vec<u8>;

/// The five payload kinds of issue 6, by name, with their generators.
pub(crate) const KINDS: [(&str, Make); 5] = [
    ("small", small),
    ("medium", medium),
    ("large", large),
    ("numbers", numbers),
    ("unicode", unicode),
];

/// Sizes for the scaling curve (record payloads of at most this many bytes). The last one
/// stays under the default 64 MiB input limit.
pub(crate) const SCALING: [(&str, usize); 6] = [
    ("1KB", 1 << 10),
    ("16KB", 16 << 10),
    ("256KB", 256 << 10),
    ("1MB", 1 << 20),
    ("16MB", 16 << 20),
    ("64MB", (64 << 20) - 1024),
];

/// A small API request body (~300 bytes), as a client would post it.
pub(crate) fn small() -> Vec<u8> {
    br#"{"type": "payment.create", "amount": 1999, "currency": "EUR", "created": 1732406400,
 "customer": {"name": "Zo\u00eb Kowalski", "id": "cus_8f3k2m", "email": "zoe@example.com"},
 "metadata": {"order_id": "A-10382"}, "capture": true, "ratio": 0.25,
 "description": "2 items, \"express\" shipping"}"#
        .to_vec()
}

/// Writes JSON with the non-canonical habits of everyday encoders.
struct Gen {
    out: String,
    rng: Rng,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            out: String::new(),
            rng: Rng::new(seed),
        }
    }

    /// Writes an object whose members come in the given (unsorted) order.
    fn object(&mut self, members: &[&str], mut value: impl FnMut(&mut Gen, &str)) {
        self.out.push('{');
        for (i, key) in members.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.string(key);
            self.out.push_str(": ");
            value(self, key);
        }
        self.out.push('}');
    }

    fn array(&mut self, n: usize, mut item: impl FnMut(&mut Gen, usize)) {
        self.out.push('[');
        for i in 0..n {
            if i > 0 {
                self.out.push_str(", ");
            }
            item(self, i);
        }
        self.out.push(']');
    }

    /// A JSON string; `"`, `\` and controls escaped, everything else raw.
    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn int(&mut self, below: u64) {
        let v = self.rng.below(below);
        let _ = write!(self.out, "{v}");
    }

    fn word(&mut self) -> &'static str {
        let word: &&'static str = self.rng.pick(WORDS);
        word
    }

    fn either(&mut self, a: &'static str, b: &'static str) -> &'static str {
        if self.rng.below(2) == 0 {
            a
        } else {
            b
        }
    }

    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }

    /// A float in one of the spellings real producers use.
    fn float(&mut self) {
        let r = &mut self.rng;
        match r.below(8) {
            // Prices: two decimals, sometimes a trailing zero that JCS drops.
            0 | 1 => {
                let cents = r.below(1_000_000);
                let _ = write!(self.out, "{}.{:02}", cents / 100, cents % 100);
            }
            // Measurements: shortest round-trip digits of a random double.
            2..=4 => {
                let v = (r.unit() - 0.5) * 10f64.powi(r.below(12) as i32 - 4);
                let _ = write!(self.out, "{v}");
            }
            // Scientific notation, with exponents ES prints both ways.
            5 => {
                let mant = 1.0 + r.unit() * 8.0;
                let exp = r.below(60) as i32 - 30;
                let _ = write!(self.out, "{:.6}e{}", mant, exp);
            }
            6 => {
                let v = r.unit() * 1e3;
                let _ = write!(self.out, "{v:E}");
            }
            // Integers within +-(2^53-1).
            _ => {
                let v = r.below(1 << 53) as i64 - (1 << 52);
                let _ = write!(self.out, "{v}");
            }
        }
    }

    fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

const WORDS: &[&str] = &[
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima",
    "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray",
    "yankee", "zulu", "order", "invoice", "shipment", "account", "tenant", "region",
];

const RECORD_KEYS: &[&str] = &[
    "name",
    "id",
    "email",
    "active",
    "score",
    "tags",
    "address",
    "created_at",
    "balance",
    "roles",
];
const ADDRESS_KEYS: &[&str] = &["street", "city", "zip", "country", "geo"];

fn record(g: &mut Gen, id: u64) {
    g.object(RECORD_KEYS, |g, key| match key {
        "id" => g.raw(&id.to_string()),
        "name" => {
            let name = format!("{} {}", g.word(), g.word());
            g.string(&name);
        }
        "email" => {
            let email = format!("{}.{}@example.com", g.word(), id);
            g.string(&email);
        }
        "active" => {
            let v = g.either("true", "false");
            g.raw(v);
        }
        "score" | "balance" => g.float(),
        "tags" => {
            let n = g.rng.below(4) as usize;
            g.array(n, |g, _| {
                let w = g.word();
                g.string(w);
            });
        }
        "address" => g.object(ADDRESS_KEYS, |g, key| match key {
            "zip" => g.int(100_000),
            "geo" => g.array(2, |g, _| g.float()),
            "country" => {
                let v = g.either("null", "\"DE\"");
                g.raw(v);
            }
            _ => {
                let s = g.words(2);
                g.string(&s);
            }
        }),
        "created_at" => {
            let (month, day) = (1 + g.rng.below(12), 1 + g.rng.below(28));
            let (hour, minute) = (g.rng.below(24), g.rng.below(60));
            let s = format!("2024-{month:02}-{day:02}T{hour:02}:{minute:02}:00Z");
            g.string(&s);
        }
        _ => g.array(2, |g, _| {
            let w = g.word();
            g.string(w);
        }),
    });
}

/// Database-style records (`{"records": [...]}`) of at most `max_bytes` bytes; also the
/// scaling-curve payload.
pub(crate) fn records(max_bytes: usize) -> Vec<u8> {
    let mut g = Gen::new(0x5eed_0003);
    g.raw("{\"records\": [");
    let tail = "], \"kind\": \"records\"}";
    let mut id = 0;
    loop {
        let before = g.out.len();
        if id > 0 {
            g.raw(", ");
        }
        record(&mut g, id);
        if g.out.len() + tail.len() > max_bytes {
            g.out.truncate(before);
            break;
        }
        id += 1;
    }
    g.raw(tail);
    g.finish()
}

/// About 1 MB of records.
pub(crate) fn large() -> Vec<u8> {
    records(1 << 20)
}

/// About 10 KB of nested configuration-like data.
pub(crate) fn medium() -> Vec<u8> {
    let mut g = Gen::new(0x5eed_0002);
    fn level(g: &mut Gen, depth: u32) {
        let keys: Vec<String> = (0..5).map(|i| format!("{}_{i}", g.word())).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        g.object(&refs, |g, key| {
            if depth > 0 && (key.ends_with("_0") || key.ends_with("_3")) {
                level(g, depth - 1);
            } else if key.ends_with("_1") {
                g.array(3, |g, _| g.float());
            } else if key.ends_with("_2") {
                let s = g.words(3);
                g.string(&s);
            } else {
                let v = g.either("true", "null");
                g.raw(v);
            }
        });
    }
    g.raw("{\"version\": 3, \"config\": ");
    level(&mut g, 5);
    g.raw(", \"enabled\": true}");
    g.finish()
}

/// About 100 KB of floats: a time series of readings.
pub(crate) fn numbers() -> Vec<u8> {
    let mut g = Gen::new(0x5eed_0004);
    g.raw("{\"unit\": \"kPa\", \"series\": [");
    let mut i = 0;
    while g.out.len() < 100_000 {
        if i > 0 {
            g.raw(", ");
        }
        g.array(4, |g, _| g.float());
        i += 1;
    }
    g.raw("], \"t0\": 1700000000}");
    g.finish()
}

const SCRIPTS: &[&str] = &[
    "Grüße aus Köln, naïve café",
    "Ελληνικά κείμενα",
    "Русский текст для проверки",
    "中文字符测试数据",
    "日本語のテキスト",
    "한국어 텍스트",
    "עברית וערבية",
    "emoji 😀🎉🚀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "tab\tnew\nline \"quoted\" back\\slash",
    "private use \u{e000}\u{f8ff} and \u{fffd}",
];

/// Member names whose UTF-16 order differs from their code-point order (astral vs
/// U+E000..U+FFFF), so the sort must get it right.
const UNICODE_KEYS: &[&str] = &["zeta", "é", "ω", "ж", "中", "\u{e000}", "\u{ff21}", "😀", "𝔘", "Ä"];

/// About 100 KB of multilingual strings and names, some written as `\u` escapes.
pub(crate) fn unicode() -> Vec<u8> {
    let mut g = Gen::new(0x5eed_0005);
    g.raw("{\"lang\": \"mul\", \"items\": [");
    let mut i = 0;
    while g.out.len() < 100_000 {
        if i > 0 {
            g.raw(", ");
        }
        let start = g.rng.below(UNICODE_KEYS.len() as u64) as usize;
        let keys: Vec<&str> = UNICODE_KEYS.iter().cycle().skip(start).take(6).copied().collect();
        g.object(&keys, |g, _| {
            if g.rng.below(6) == 0 {
                // Escaped form of "é😀": JCS writes it back raw.
                g.raw("\"caf\\u00e9 \\ud83d\\ude00\"");
            } else {
                let s = (*g.rng.pick(SCRIPTS)).to_string();
                g.string(&s);
            }
        });
        i += 1;
    }
    g.raw("]}");
    g.finish()
}
