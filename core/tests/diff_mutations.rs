//! Random pairs: one mutation applied to a canonical document must always yield a finding
//! that names the mutation's kind, and the reported first difference must be exact.

use canonsig::diff::{explain, Cause};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: deterministic, so a failure reproduces from its seed.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[derive(Clone)]
enum J {
    Int(i64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

type Members = Vec<(String, J)>;

const WORDS: [&str; 8] = ["alpha", "café", "a/b", "x<y", "naïve", "id", "😀", "zeta"];

fn gen(r: &mut Rng, depth: usize) -> J {
    match if depth > 2 { r.below(2) } else { r.below(4) } {
        0 => J::Int(r.below(1000) as i64),
        1 => J::Str(format!("{} {}", WORDS[r.below(8)], r.below(100))),
        2 => J::Arr((0..1 + r.below(3)).map(|_| gen(r, depth + 1)).collect()),
        _ => obj(r, depth),
    }
}

fn obj(r: &mut Rng, depth: usize) -> J {
    let n = 2 + r.below(3);
    let mut members: Vec<(String, J)> = (0..n)
        .map(|i| (format!("k{i}{}", r.below(10)), gen(r, depth + 1)))
        .collect();
    members.sort_by(|a, b| a.0.cmp(&b.0));
    members.dedup_by(|a, b| a.0 == b.0);
    J::Obj(members)
}

#[derive(Default, Clone, Copy)]
struct Knobs {
    space: bool,
    escape_non_ascii: bool,
    escape_slash: bool,
    float_ints: bool,
}

fn ser(j: &J, k: Knobs, out: &mut String) {
    match j {
        J::Int(i) if k.float_ints => out.push_str(&format!("{i}.0")),
        J::Int(i) => out.push_str(&i.to_string()),
        J::Str(s) => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '/' if k.escape_slash => out.push_str("\\/"),
                    c if k.escape_non_ascii && !c.is_ascii() => {
                        let mut u = [0u16; 2];
                        for unit in c.encode_utf16(&mut u) {
                            out.push_str(&format!("\\u{unit:04x}"));
                        }
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        J::Arr(items) => {
            out.push('[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(if k.space { ", " } else { "," });
                }
                ser(it, k, out);
            }
            out.push(']');
        }
        J::Obj(ms) => {
            out.push('{');
            for (i, (key, v)) in ms.iter().enumerate() {
                if i > 0 {
                    out.push_str(if k.space { ", " } else { "," });
                }
                out.push_str(&format!("\"{key}\""));
                out.push_str(if k.space { ": " } else { ":" });
                ser(v, k, out);
            }
            out.push('}');
        }
    }
}

fn text(j: &J, k: Knobs) -> String {
    let mut s = String::new();
    ser(j, k, &mut s);
    s
}

/// Finds every object in the tree (pre-order) and applies `f` to the n-th one.
fn with_object(j: &mut J, n: &mut usize, f: &mut dyn FnMut(&mut Members)) -> bool {
    match j {
        J::Obj(ms) => {
            if *n == 0 {
                f(ms);
                return true;
            }
            *n -= 1;
            ms.iter_mut().any(|(_, v)| with_object(v, n, f))
        }
        J::Arr(items) => items.iter_mut().any(|v| with_object(v, n, f)),
        _ => false,
    }
}

fn count_objects(j: &J) -> usize {
    match j {
        J::Obj(ms) => 1 + ms.iter().map(|(_, v)| count_objects(v)).sum::<usize>(),
        J::Arr(items) => items.iter().map(count_objects).sum(),
        _ => 0,
    }
}

fn mutate_object(j: &J, r: &mut Rng, f: &mut dyn FnMut(&mut Members)) -> J {
    let mut m = j.clone();
    let mut n = r.below(count_objects(j));
    with_object(&mut m, &mut n, f);
    m
}

#[test]
fn every_single_mutation_is_named() {
    let mut r = Rng(0x5eed_1234_abcd_ef01);
    let plain = Knobs::default();
    let mut checked = 0;
    for round in 0..250 {
        let doc = obj(&mut r, 0);
        let base = text(&doc, plain);
        let has = |needle: &dyn Fn(char) -> bool| base.chars().any(needle);
        let mut cases: Vec<(Cause, String)> = vec![
            (Cause::Whitespace, text(&doc, Knobs { space: true, ..plain })),
            (Cause::Bom, format!("\u{feff}{base}")),
            (Cause::TrailingNewline, format!("{base}\n")),
        ];
        if has(&|c| !c.is_ascii()) {
            cases.push((
                Cause::UnicodeEscaping,
                text(
                    &doc,
                    Knobs {
                        escape_non_ascii: true,
                        ..plain
                    },
                ),
            ));
        }
        if base.contains('/') {
            cases.push((
                Cause::SlashEscaping,
                text(
                    &doc,
                    Knobs {
                        escape_slash: true,
                        ..plain
                    },
                ),
            ));
        }
        if base.contains(|c: char| c.is_ascii_digit())
            && text(
                &doc,
                Knobs {
                    float_ints: true,
                    ..plain
                },
            ) != base
        {
            cases.push((
                Cause::NumberFormat,
                text(
                    &doc,
                    Knobs {
                        float_ints: true,
                        ..plain
                    },
                ),
            ));
        }
        let swapped = mutate_object(&doc, &mut r, &mut |ms| {
            if ms.len() >= 2 {
                ms.swap(0, 1)
            }
        });
        cases.push((Cause::KeyOrder, text(&swapped, plain)));
        let removed = mutate_object(&doc, &mut r, &mut |ms| {
            ms.pop();
        });
        cases.push((Cause::KeyMissing, text(&removed, plain)));
        let added = mutate_object(&doc, &mut r, &mut |ms| ms.push(("zz_new".into(), J::Int(7))));
        cases.push((Cause::KeyAdded, text(&added, plain)));
        let changed = mutate_object(&doc, &mut r, &mut |ms| {
            if let Some((_, v)) = ms.first_mut() {
                *v = J::Str(format!("changed {round}"));
            }
        });
        cases.push((Cause::ValueChanged, text(&changed, plain)));
        if base.contains('é') || base.contains('ï') {
            let nfd = base.replace('é', "e\u{301}").replace('ï', "i\u{308}");
            cases.push((Cause::UnicodeNormalization, nfd));
        }
        for (cause, mutated) in cases {
            if mutated == base {
                continue;
            }
            let e = explain(base.as_bytes(), mutated.as_bytes());
            assert!(
                e.causes().contains(&cause),
                "round {round}: {cause} not named\n  base: {base}\n  mutated: {mutated}\n{e}"
            );
            let prefix = base.bytes().zip(mutated.bytes()).take_while(|(a, b)| a == b).count();
            assert_eq!(e.diff.first_difference.map(|p| p.offset), Some(prefix));
            checked += 1;
        }
    }
    assert!(checked > 2000, "only {checked} pairs checked");
}
