//! In-memory JSON values (from a Python object, a JS value, or `Serialize`) and their writer.

use std::cmp::Ordering;

use super::number;
use super::path::{self, Step};
use super::string::{cmp_keys, write_string};
use super::{unsafe_integer_error, Options, MAX_VALUE_DEPTH};
use crate::error::{Error, ErrorCode};

/// A JSON value held in memory. Objects keep members in the order given; the
/// canonicalizer sorts them and rejects duplicate names.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, as (name, value) pairs in source order.
    Object(Vec<(String, Value)>),
}

/// A number as the source language held it, so profiles that keep integers exact
/// (the Python ones) can, and binary64 profiles can tell when an integer would change.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    /// A binary64 float.
    Float(f64),
    /// A signed integer.
    Int(i64),
    /// An unsigned integer.
    UInt(u64),
    /// An integer of any size, as decimal text (`-?(0|[1-9][0-9]*)`).
    BigInt(String),
}

/// A container being written and the index of its next element.
enum Open<'v> {
    Array {
        items: &'v [Value],
        at: usize,
    },
    Object {
        members: Vec<&'v (String, Value)>,
        at: usize,
    },
}

struct Writer<'v, 'o> {
    options: &'o Options,
    steps: Vec<Step<'v>>,
    max_depth: usize,
}

pub(crate) fn write_value(value: &Value, options: &Options, out: &mut Vec<u8>) -> Result<(), Error> {
    let mut writer = Writer {
        options,
        steps: Vec::new(),
        max_depth: options.max_depth.min(MAX_VALUE_DEPTH),
    };
    writer.write(value, out)
}

impl<'v> Writer<'v, '_> {
    fn err(&self, code: ErrorCode, message: impl Into<String>) -> Error {
        Error::new(code, message).with_path(path::format(self.steps.iter().copied()))
    }

    fn enter(&self) -> Result<(), Error> {
        if self.steps.len() >= self.max_depth {
            return Err(self.err(
                ErrorCode::TooDeep,
                format!("nesting deeper than the limit of {}", self.max_depth),
            ));
        }
        Ok(())
    }

    /// Writes `root` with an explicit stack of open containers: a frame per level on the
    /// call stack cost kilobytes unoptimized, so `MAX_VALUE_DEPTH` levels overflowed a
    /// 2 MiB thread stack (and wasm's 1 MiB one).
    fn write(&mut self, root: &'v Value, out: &mut Vec<u8>) -> Result<(), Error> {
        let mut open: Vec<Open<'v>> = Vec::new();
        let mut next = Some(root);
        loop {
            if let Some(value) = next.take() {
                self.start(value, &mut open, out)?;
            }
            let Some(top) = open.last_mut() else {
                return Ok(());
            };
            let (done, child) = match top {
                Open::Array { items, at } => (*at == items.len(), items.get(*at).map(|v| (Step::Index(*at), v))),
                Open::Object { members, at } => (
                    *at == members.len(),
                    members.get(*at).map(|(k, v)| (Step::Key(k.as_str()), v)),
                ),
            };
            let first = match top {
                Open::Array { at, .. } | Open::Object { at, .. } => *at == 0,
            };
            if !first {
                self.steps.pop(); // the child just written
            }
            if done {
                out.push(if matches!(top, Open::Array { .. }) { b']' } else { b'}' });
                open.pop();
                continue;
            }
            if !first {
                out.push(b',');
            }
            if let (Open::Object { .. }, Some((Step::Key(key), _))) = (&*top, child) {
                write_string(self.options.profile, key, out);
                out.push(b':');
            }
            match top {
                Open::Array { at, .. } | Open::Object { at, .. } => *at += 1,
            }
            if let Some((step, value)) = child {
                self.steps.push(step);
                next = Some(value);
            }
        }
    }

    /// Writes a scalar, or opens a container (checking depth and duplicate names).
    fn start(&mut self, value: &'v Value, open: &mut Vec<Open<'v>>, out: &mut Vec<u8>) -> Result<(), Error> {
        match value {
            Value::Null => out.extend_from_slice(b"null"),
            Value::Bool(true) => out.extend_from_slice(b"true"),
            Value::Bool(false) => out.extend_from_slice(b"false"),
            Value::String(s) => write_string(self.options.profile, s, out),
            Value::Number(n) => self.number(n, out)?,
            Value::Array(items) => {
                self.enter()?;
                out.push(b'[');
                open.push(Open::Array { items, at: 0 });
            }
            Value::Object(members) => {
                self.enter()?;
                let profile = self.options.profile;
                let mut order: Vec<&'v (String, Value)> = members.iter().collect();
                order.sort_by(|a, b| cmp_keys(profile, &a.0, &b.0));
                if let Some(w) = order
                    .windows(2)
                    .find(|w| cmp_keys(profile, &w[0].0, &w[1].0) == Ordering::Equal)
                {
                    self.steps.push(Step::Key(&w[0].0));
                    return Err(self.err(
                        ErrorCode::DuplicateKey,
                        format!(
                            "member name {} appears twice in one object",
                            path::quote_for_message(&w[0].0)
                        ),
                    ));
                }
                out.push(b'{');
                open.push(Open::Object { members: order, at: 0 });
            }
        }
        Ok(())
    }

    fn number(&self, n: &Number, out: &mut Vec<u8>) -> Result<(), Error> {
        let profile = self.options.profile;
        match n {
            Number::Float(f) if !f.is_finite() => {
                return Err(self.err(ErrorCode::NonFiniteNumber, "NaN and Infinity have no JSON form"))
            }
            Number::Float(f) => number::write_float(profile, *f, out),
            Number::Int(i) => self.integer(&i.to_string(), *i as f64, out)?,
            Number::UInt(u) => self.integer(&u.to_string(), *u as f64, out)?,
            Number::BigInt(text) => {
                let digits = text.strip_prefix('-').unwrap_or(text);
                let well_formed = !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && (digits == "0" || !digits.starts_with('0'));
                if !well_formed {
                    return Err(self.err(
                        ErrorCode::UnsupportedValue,
                        format!("{text:?} is not a decimal integer"),
                    ));
                }
                let approx: f64 = text.parse().unwrap_or(f64::INFINITY);
                self.integer(text, approx, out)?;
            }
        }
        Ok(())
    }

    /// Writes an integer given as exact decimal text and as its nearest binary64.
    fn integer(&self, exact: &str, approx: f64, out: &mut Vec<u8>) -> Result<(), Error> {
        let profile = self.options.profile;
        if !profile.numbers_are_binary64() {
            let zero = exact.trim_start_matches('-') == "0";
            out.extend_from_slice(if zero { b"0" } else { exact.as_bytes() });
            return Ok(());
        }
        if !approx.is_finite() {
            return Err(self.err(ErrorCode::NumberOutOfRange, "integer is too large for binary64"));
        }
        if !self.options.allow_unsafe_integers {
            if let Some(became) = number::integer_change(exact.as_bytes(), approx) {
                let message = unsafe_integer_error(exact, &became).message().to_string();
                return Err(self.err(ErrorCode::UnsafeInteger, message));
            }
        }
        number::write_float(profile, approx, out);
        Ok(())
    }
}
