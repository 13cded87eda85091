//! Unix time for every scheme: where "now" comes from, the time-window checks every
//! verifier applies, and civil dates (`X-Amz-Date`, ISO 8601) without a date library.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::{Error, ErrorCode};

/// Where "now" comes from; inject a fixed clock in tests.
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch (0 when there is no clock).
    fn now(&self) -> u64;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    /// On wasm32-unknown-unknown there is no system clock (std's would panic): this reads
    /// 0, which every verifier refuses for a time check, asking for `now` to be passed.
    fn now(&self) -> u64 {
        if cfg!(all(target_arch = "wasm32", target_os = "unknown")) {
            return 0;
        }
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
    }
}

impl<F: Fn() -> u64 + Send + Sync> Clock for F {
    fn now(&self) -> u64 {
        self()
    }
}

/// "Now" for one call: given by the caller (`verify_at`), or read from a clock the first
/// time a check needs it (so a signature without timestamps verifies without a clock).
#[derive(Clone, Copy)]
pub(crate) enum Now<'a> {
    /// Unix seconds given by the caller.
    At(u64),
    /// Read when needed.
    Clock(&'a dyn Clock),
}

impl Now<'_> {
    /// The time, or `invalid_option` when the clock reads 0 (no clock on this platform).
    pub(crate) fn get(self) -> Result<u64, Error> {
        match self {
            Now::At(t) => Ok(t),
            Now::Clock(clock) => match clock.now() {
                0 => Err(Error::new(
                    ErrorCode::InvalidOption,
                    "there is no system clock on this platform (wasm): pass the current time (verify_at / the now option)",
                )),
                t => Ok(t),
            },
        }
    }
}

/// Refuses `t` when it is more than `skew` seconds ahead of `now`: `future_timestamp`.
/// `subject` names the timestamp in the message (`the stripe timestamp 1700000000`).
pub(crate) fn not_ahead(subject: &str, t: i128, now: i128, skew: u64) -> Result<(), Error> {
    if t > now + i128::from(skew) {
        return Err(Error::new(
            ErrorCode::FutureTimestamp,
            format!(
                "{subject} is {} s ahead of this clock (tolerance {skew} s): a clock is skewed",
                t - now
            ),
        ));
    }
    Ok(())
}

/// Refuses `t` when `now` is more than `max_age` seconds after it: `expired`. `why` ends
/// the message (what an old timestamp usually means for this scheme).
pub(crate) fn not_older(subject: &str, t: i128, now: i128, max_age: u64, why: &str) -> Result<(), Error> {
    if now > t + i128::from(max_age) {
        return Err(Error::new(
            ErrorCode::Expired,
            format!("{subject} is {} s old (tolerance {max_age} s): {why}", now - t),
        ));
    }
    Ok(())
}

/// Formats Unix seconds as `YYYYMMDDTHHMMSSZ` (`X-Amz-Date`, ISO 8601 basic, UTC).
pub fn format_amz_date(unix: u64) -> String {
    let days = unix / 86_400;
    let secs = unix % 86_400;
    let (y, m, d) = civil_from_days(i64::try_from(days).unwrap_or(i64::MAX));
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Parses `YYYYMMDDTHHMMSSZ` (exactly that shape, 1970 or later) into Unix seconds.
///
/// ```
/// assert_eq!(canonsig::time::parse_amz_date("20150830T123600Z"), Some(1_440_938_160));
/// assert_eq!(canonsig::time::parse_amz_date("2015-08-30T12:36:00Z"), None);
/// ```
pub fn parse_amz_date(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let days = days_from_civil(digits(text, 0..4)?, digits(text, 4..6)?, digits(text, 6..8)?)?;
    let secs = clock_seconds(digits(text, 9..11)?, digits(text, 11..13)?, digits(text, 13..15)?)?;
    u64::try_from(days * 86_400 + secs).ok()
}

/// Unix seconds written as digits (`1440938160`) or as an `X-Amz-Date`
/// (`20150830T123600Z`): what a command line accepts for a time.
pub fn parse_unix_or_amz_date(text: &str) -> Option<u64> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    parse_amz_date(text)
}

/// A calendar date `YYYYMMDD` as Unix seconds at midnight UTC.
pub(crate) fn parse_basic_date(text: &str) -> Option<i64> {
    if text.len() != 8 {
        return None;
    }
    Some(days_from_civil(digits(text, 0..4)?, digits(text, 4..6)?, digits(text, 6..8)?)? * 86_400)
}

/// An RFC 3339 / ISO 8601 extended date-time (`2015-08-30T12:36:00Z`, a space or `t`
/// for `T`, optional fraction, `Z` or a `+hh:mm` offset, or none = UTC) as Unix seconds.
pub(crate) fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let days = days_from_civil(digits(text, 0..4)?, digits(text, 5..7)?, digits(text, 8..10)?)?;
    let secs = clock_seconds(digits(text, 11..13)?, digits(text, 14..16)?, digits(text, 17..19)?)?;
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &fraction[n..];
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        _ if rest.len() == 6 && matches!(rest.as_bytes()[0], b'+' | b'-') && rest.as_bytes()[3] == b':' => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            let (h, m) = (digits(rest, 1..3)?, digits(rest, 4..6)?);
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
        _ => return None,
    };
    Some(days * 86_400 + secs - offset)
}

fn digits(text: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = text.get(range)?;
    if part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

fn clock_seconds(h: i64, m: i64, s: i64) -> Option<i64> {
    (h <= 23 && m <= 59 && s <= 59).then_some(h * 3600 + m * 60 + s)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (negative before) of a valid proleptic Gregorian date from 1900
/// to 9999 (H. Hinnant's `days_from_civil`); `None` for an invalid or out-of-range date.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    if !(1900..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The proleptic Gregorian `(year, month, day)` of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amz_dates_round_trip() {
        // 2015-08-30T12:36:00Z = 1440938160 (date -u -d @1440938160).
        assert_eq!(format_amz_date(1_440_938_160), "20150830T123600Z");
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(1_440_938_160));
        assert_eq!(format_amz_date(0), "19700101T000000Z");
        assert_eq!(parse_amz_date("20000229T235959Z"), Some(951_868_799));
        for t in [0, 951_782_400, 4_102_444_800, 1_709_164_800] {
            assert_eq!(parse_amz_date(&format_amz_date(t)), Some(t));
        }
    }

    #[test]
    fn amz_dates_refuse_other_shapes() {
        for bad in [
            "2015-08-30T12:36:00Z",
            "20150830T123600",
            "20150230T000000Z",
            "20151330T000000Z",
            "2015083OT123600Z",
            "20150830T243600Z",
            "+0150830T123600Z",
            "19691231T235959Z",
        ] {
            assert_eq!(parse_amz_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn command_line_times() {
        assert_eq!(parse_unix_or_amz_date("1440938160"), Some(1_440_938_160));
        assert_eq!(parse_unix_or_amz_date("20150830T123600Z"), Some(1_440_938_160));
        for bad in ["", "-1", "1e9", "2015-08-30"] {
            assert_eq!(parse_unix_or_amz_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn rfc3339_with_offsets_and_fractions() {
        assert_eq!(parse_rfc3339("2015-08-30T12:36:00Z"), Some(1_440_938_160));
        assert_eq!(parse_rfc3339("2015-08-30 12:36:00.123"), Some(1_440_938_160));
        assert_eq!(parse_rfc3339("2015-08-30T14:36:00+02:00"), Some(1_440_938_160));
        assert_eq!(parse_rfc3339("2015-08-30T10:06:00-02:30"), Some(1_440_938_160));
        for bad in [
            "2015-08-30T12:36:00.Z",
            "2015-08-30T12:36",
            "2015-02-30T00:00:00Z",
            "2015-08-30T12:36:00+2:00",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        assert_eq!(parse_basic_date("20150830"), Some(1_440_892_800));
        assert_eq!(parse_basic_date("20150832"), None);
    }

    #[test]
    fn no_clock_is_one_error() {
        let zero = || 0u64;
        let err = Now::Clock(&zero).get().err().map(|e| e.code());
        assert_eq!(err, Some(ErrorCode::InvalidOption));
        assert_eq!(Now::At(5).get().ok(), Some(5));
    }

    #[test]
    fn window_edges() {
        assert!(not_ahead("t", 160, 100, 60).is_ok());
        assert_eq!(
            not_ahead("t", 161, 100, 60).err().map(|e| e.code()),
            Some(ErrorCode::FutureTimestamp)
        );
        assert!(not_older("t", 40, 100, 60, "").is_ok());
        assert_eq!(
            not_older("t", 39, 100, 60, "").err().map(|e| e.code()),
            Some(ErrorCode::Expired)
        );
    }
}
