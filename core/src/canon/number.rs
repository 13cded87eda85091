//! Number spelling for each profile, from the shortest round-trip digits of a binary64.

use super::Profile;

/// Largest integer that binary64 holds exactly together with all smaller ones (2^53 - 1).
pub(crate) const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// For an integer literal beyond +-(2^53-1): `Some(spelling)` when binary64 changes it,
/// i.e. its canonical spelling differs from the literal (`9007199254740993` becomes
/// `9007199254740992`); `None` when it survives unchanged (`9007199254740992`,
/// `10000000000000000`), so canonical output always reads back as itself.
pub(crate) fn integer_change(literal: &[u8], value: f64) -> Option<String> {
    if value.abs() <= MAX_SAFE_INTEGER {
        return None;
    }
    let mut spelled = Vec::with_capacity(24);
    write_es(value, &mut spelled);
    (spelled != literal).then(|| String::from_utf8_lossy(&spelled).into_owned())
}

/// Writes the ES spelling of a number literal with at most 15 significant digits (or an
/// integer within +-(2^53-1)) straight from its digits, and returns true; returns false,
/// writing nothing, for any other literal (zero, more digits, or outside 1e-299..1e299),
/// which then goes through binary64 and ryu. `literal` is a valid JSON number.
///
/// Why this is exact: in binary64's normal range a decimal of at most 15 significant digits
/// (DBL_DIG) is the only one of that length that rounds to its double, so those digits are
/// the shortest round-trip digits ES prints; integers below 2^53 are exact and ES prints
/// them in full. (`2.50e3` -> `2500`, `-12.50` -> `-12.5`, `1.5E-7` -> `1.5e-7`.)
pub(crate) fn write_short_es(literal: &[u8], out: &mut Vec<u8>) -> bool {
    let negative = literal.first() == Some(&b'-');
    let unsigned = &literal[usize::from(negative)..];
    let (mantissa, exponent) = match unsigned.iter().position(|&b| b == b'e' || b == b'E') {
        Some(e) => {
            let text = &unsigned[e + 1..];
            let digits = text
                .strip_prefix(b"-")
                .or_else(|| text.strip_prefix(b"+"))
                .unwrap_or(text);
            if digits.len() > 4 {
                return false;
            }
            let value = digits.iter().fold(0i32, |v, &d| v * 10 + i32::from(d - b'0'));
            (&unsigned[..e], if text.first() == Some(&b'-') { -value } else { value })
        }
        None => (unsigned, 0),
    };
    let int_len = mantissa.iter().position(|&b| b == b'.').unwrap_or(mantissa.len());
    let integer_literal = int_len == mantissa.len() && exponent == 0 && unsigned.len() == int_len;
    if integer_literal && int_len > 16 {
        // Beyond 2^53 - 1: the caller's unsafe-integer check must see it (10^30 is refused
        // as an integer literal, as `canonicalize_value` refuses the integer 10^30).
        return false;
    }
    if int_len == mantissa.len() && exponent == 0 && int_len == 16 && literal.len() == 16 + usize::from(negative) {
        // A 16-digit integer: exact (so printed in full) when within 2^53 - 1.
        if unsigned <= b"9007199254740991".as_slice() {
            out.extend_from_slice(literal);
            return true;
        }
        return false;
    }
    let mut digits = [0u8; 15];
    let mut k = 0;
    let mut n = int_len as i32 + exponent; // value = 0.d1..dk * 10^n
    let mut last_nonzero = 0;
    for &b in mantissa.iter().filter(|&&b| b != b'.') {
        if k == 0 && b == b'0' {
            n -= 1;
            continue;
        }
        if k == 15 {
            if b != b'0' {
                return false;
            }
            continue; // trailing zeros beyond 15 digits
        }
        digits[k] = b;
        k += 1;
        if b != b'0' {
            last_nonzero = k;
        }
    }
    let k = last_nonzero;
    if k == 0 || !(-298..=299).contains(&n) {
        return false;
    }
    let digits = &digits[..k];
    let k = k as i32;
    if negative {
        out.push(b'-');
    }
    if k <= n && n <= 21 {
        out.extend_from_slice(digits);
        push_zeros(out, n - k);
    } else if 0 < n && n <= 21 {
        out.extend_from_slice(&digits[..n as usize]);
        out.push(b'.');
        out.extend_from_slice(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.extend_from_slice(b"0.");
        push_zeros(out, -n);
        out.extend_from_slice(digits);
    } else {
        out.push(digits[0]);
        if k > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.push(b'e');
        push_exponent(out, n - 1, 1);
    }
    true
}

/// Shortest digits that round-trip, and the decimal exponent `n` such that
/// value = 0.d1d2...dk * 10^n (ECMA-262's `n`, CPython's `decpt`).
struct Digits {
    buf: [u8; 17],
    len: usize,
    n: i32,
}

impl Digits {
    /// Reads the digits back from ryu-js's ECMAScript spelling, which breaks ties
    /// between equally short candidates towards the closest (then even) digit, as
    /// ECMA-262 and CPython's repr do. (Rust's own `{:e}` does not.)
    fn of(v: f64) -> Digits {
        let mut buffer = ryu_js::Buffer::new();
        let text = buffer.format_finite(v.abs()).as_bytes();
        let (mantissa, exp) = match text.iter().position(|&b| b == b'e') {
            Some(e) => {
                let exp_text = std::str::from_utf8(&text[e + 1..]).unwrap_or("0");
                (&text[..e], exp_text.trim_start_matches('+').parse::<i32>().unwrap_or(0))
            }
            None => (text, 0),
        };
        let int_len = mantissa.iter().position(|&b| b == b'.').unwrap_or(mantissa.len());
        let mut digits = Digits {
            buf: [0; 17],
            len: 0,
            n: int_len as i32 + exp,
        };
        let mut leading = true;
        for &b in mantissa.iter().filter(|b| b.is_ascii_digit()) {
            if leading && b == b'0' {
                digits.n -= 1;
                continue;
            }
            leading = false;
            if digits.len < 17 {
                digits.buf[digits.len] = b;
                digits.len += 1;
            }
        }
        while digits.len > 1 && digits.buf[digits.len - 1] == b'0' {
            digits.len -= 1;
        }
        digits
    }

    fn digits(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

fn push_zeros(out: &mut Vec<u8>, count: i32) {
    out.extend(std::iter::repeat_n(b'0', count.max(0) as usize));
}

fn push_exponent(out: &mut Vec<u8>, exp: i32, min_digits: usize) {
    out.push(if exp < 0 { b'-' } else { b'+' });
    let text = exp.unsigned_abs().to_string();
    for _ in text.len()..min_digits {
        out.push(b'0');
    }
    out.extend_from_slice(text.as_bytes());
}

/// ECMA-262 Number::toString, as RFC 8785 section 3.2.2.3 requires (`-0` becomes `0`).
pub(crate) fn write_es(v: f64, out: &mut Vec<u8>) {
    if v == 0.0 {
        out.push(b'0');
        return;
    }
    let mut buffer = ryu_js::Buffer::new();
    out.extend_from_slice(buffer.format_finite(v).as_bytes());
}

/// CPython `float.__repr__`: fixed notation for 1e-4 <= |v| < 1e16 with at least one
/// fractional digit, otherwise `d.ddde+XX` with a two-digit minimum exponent.
pub(crate) fn write_python(v: f64, out: &mut Vec<u8>) {
    if v.is_sign_negative() {
        out.push(b'-');
    }
    if v == 0.0 {
        out.extend_from_slice(b"0.0");
        return;
    }
    let d = Digits::of(v);
    let (digits, k, n) = (d.digits(), d.len as i32, d.n);
    if n <= -4 || n > 16 {
        out.push(digits[0]);
        if k > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.push(b'e');
        push_exponent(out, n - 1, 2);
    } else if n <= 0 {
        out.extend_from_slice(b"0.");
        push_zeros(out, -n);
        out.extend_from_slice(digits);
    } else if n >= k {
        out.extend_from_slice(digits);
        push_zeros(out, n - k);
        out.extend_from_slice(b".0");
    } else {
        out.extend_from_slice(&digits[..n as usize]);
        out.push(b'.');
        out.extend_from_slice(&digits[n as usize..]);
    }
}

/// Go `encoding/json` float64: ES-style spelling, except that `-0` keeps its sign.
pub(crate) fn write_go(v: f64, out: &mut Vec<u8>) {
    if v == 0.0 && v.is_sign_negative() {
        out.extend_from_slice(b"-0");
    } else {
        write_es(v, out);
    }
}

/// Writes a binary64 in the profile's spelling. The caller has ruled out NaN and infinities.
pub(crate) fn write_float(profile: Profile, v: f64, out: &mut Vec<u8>) {
    match profile {
        Profile::Jcs => write_es(v, out),
        Profile::GoJson => write_go(v, out),
        Profile::PythonSorted | Profile::PythonSortedUnicode => write_python(v, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es(v: f64) -> String {
        let mut out = Vec::new();
        write_es(v, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    fn py(v: f64) -> String {
        let mut out = Vec::new();
        write_python(v, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    // Expected strings are what node `String(x)` and CPython `repr(x)` print.
    #[test]
    fn es_thresholds() {
        assert_eq!(es(1e21), "1e+21");
        assert_eq!(es(1e20), "100000000000000000000");
        assert_eq!(es(1e-7), "1e-7");
        assert_eq!(es(1e-6), "0.000001");
        assert_eq!(es(-0.0), "0");
        assert_eq!(es(123.456), "123.456");
        assert_eq!(es(5e-324), "5e-324");
        assert_eq!(es(-1.5e300), "-1.5e+300");
    }

    fn short(t: &str) -> Option<String> {
        let mut out = Vec::new();
        write_short_es(t.as_bytes(), &mut out).then(|| String::from_utf8_lossy(&out).into_owned())
    }

    // Each expected value is what node's `String(Number(literal))` prints.
    #[test]
    fn short_literals_are_spelled_from_their_digits() {
        let cases = [
            ("-12.50", "-12.5"),
            ("3570.00", "3570"),
            ("46385", "46385"),
            ("0.000001", "0.000001"),
            ("0.0000001", "1e-7"),
            ("123456789012345", "123456789012345"),
            ("9007199254740991", "9007199254740991"),
            ("-9007199254740991", "-9007199254740991"),
            ("0.10", "0.1"),
            ("2.768861e-22", "2.768861e-22"),
            ("5.38117518685433E2", "538.117518685433"),
            ("1E21", "1e+21"),
            ("1e20", "100000000000000000000"),
            ("12.5e-1", "1.25"),
            ("0.0e5", ""),
            ("1.000000000000000000001", ""),
            ("1.0000000000000000000", "1"),
            ("100e-2", "1"),
            ("-1.5E+300", ""),
            ("1.5e298", "1.5e+298"),
            ("1.5e299", ""),
            // Exponents of up to four digits take this path too.
            ("1.5e0010", "15000000000"),
            ("-1.5E+0298", "-1.5e+298"),
            // More than 16 integer digits with an exponent (even `e0`) is not an integer
            // literal: only integer literals are left to the unsafe-integer check.
            ("12345678901234500000e-5", "123456789012345"),
            ("12345678901234500000e0", "12345678901234500000"),
        ];
        for (literal, expected) in cases {
            assert_eq!(short(literal).unwrap_or_default(), expected, "{literal}");
        }
        for slow in [
            "-0",
            "0",
            "-0.0",
            "9007199254740992",
            "1234567890123456.5",
            "0.1234567890123456",
            "1e400",
        ] {
            assert_eq!(short(slow), None, "{slow}");
        }
    }

    /// The digit path agrees with parse + ryu on every literal it takes (a consistency
    /// check; ryu's spelling itself is checked against the es6 vectors in core/tests).
    #[test]
    fn short_path_matches_binary64_path() {
        let mut state = 0x1234_5678_9abc_def0u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let digits = (next() % 10u64.pow(1 + (next() % 15) as u32)).to_string();
            let point = (next() % (digits.len() as u64 + 1)) as usize;
            let mut literal = format!("{}{}", if next() % 2 == 0 { "-" } else { "" }, &digits[..point]);
            if point == 0 {
                literal.push('0');
            }
            if point < digits.len() {
                literal.push('.');
                literal.push_str(&digits[point..]);
            }
            if next() % 2 == 0 {
                literal.push_str(&format!("e{}", (next() % 640) as i32 - 320));
            }
            let Some(fast) = short(&literal) else { continue };
            let value: f64 = literal.parse().unwrap_or(f64::NAN);
            let mut slow = Vec::new();
            write_es(value, &mut slow);
            assert_eq!(fast, String::from_utf8_lossy(&slow), "{literal}");
        }
    }

    #[test]
    fn python_repr() {
        assert_eq!(py(1.0), "1.0");
        assert_eq!(py(-0.0), "-0.0");
        assert_eq!(py(1e16), "1e+16");
        assert_eq!(py(1e15), "1000000000000000.0");
        assert_eq!(py(1e-5), "1e-05");
        assert_eq!(py(1e-4), "0.0001");
        assert_eq!(py(1.5e300), "1.5e+300");
        assert_eq!(py(123.456), "123.456");
        assert_eq!(py(5e-324), "5e-324");
    }
}
