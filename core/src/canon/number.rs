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

/// The ES spelling of a plain decimal literal (no exponent; at most 15 significant digits;
/// not zero; at least 1e-6 in magnitude), which is the literal itself without trailing
/// fractional zeros (`-12.50` -> `-12.5`, `3570.00` -> `3570`); `None` for any other literal.
/// `literal` is a valid JSON number without exponent whose integer part ends at `int_end`.
///
/// Why this is exact: a decimal of at most 15 significant digits (DBL_DIG) is the only one
/// of that length that rounds to its binary64, so it is the shortest round-trip spelling,
/// and ES writes values from 1e-6 up to 1e21 in plain notation. `literal` is a valid JSON number.
pub(crate) fn short_decimal(literal: &[u8], int_end: usize) -> Option<&[u8]> {
    let int_start = usize::from(literal.first() == Some(&b'-'));
    let int_part = &literal[int_start..int_end];
    let frac = literal.get(int_end + 1..).unwrap_or(&[]);
    let frac_len = frac.iter().rposition(|&b| b != b'0').map_or(0, |p| p + 1);
    let significant = if int_part == b"0" {
        let leading = frac[..frac_len].iter().take_while(|&&b| b == b'0').count();
        if frac_len == 0 || leading > 5 {
            return None; // zero (maybe -0), or below 1e-6
        }
        frac_len - leading
    } else {
        int_part.len() + frac_len
    };
    if significant > 15 {
        return None;
    }
    Some(&literal[..if frac_len > 0 { int_end + 1 + frac_len } else { int_end }])
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

    // Each expected value is what node's `String(Number(literal))` prints.
    #[test]
    fn short_decimals_are_their_own_es_spelling() {
        let short = |t: &str| {
            let int_end = t.find('.').unwrap_or(t.len());
            short_decimal(t.as_bytes(), int_end).map(|b| String::from_utf8_lossy(b).into_owned())
        };
        assert_eq!(short("-12.50").as_deref(), Some("-12.5"));
        assert_eq!(short("3570.00").as_deref(), Some("3570"));
        assert_eq!(short("46385").as_deref(), Some("46385"));
        assert_eq!(short("0.000001").as_deref(), Some("0.000001"));
        assert_eq!(short("123456789012345").as_deref(), Some("123456789012345"));
        assert_eq!(short("0.10").as_deref(), Some("0.1"));
        for slow in [
            "0.0000001",
            "-0",
            "0",
            "-0.0",
            "0.000",
            "1234567890123456",
            "0.1234567890123456",
        ] {
            assert_eq!(short(slow), None, "{slow}");
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
