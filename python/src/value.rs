//! Python objects (`dict`, `list`, `tuple`, `str`, `int`, `float`, `bool`, `None`) as a
//! [`canonsig::Value`], with the core's error codes and JSON paths.

use canonsig::canon::{JsonPath, MAX_VALUE_DEPTH};
use canonsig::{Error, ErrorCode, Number, Value};
use pyo3::exceptions::PyUnicodeEncodeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::errors::to_py_err;

/// `int.__repr__`, which spells any `int` (subclasses included) in decimal without running
/// a subclass's own `__str__`/`__repr__`.
static INT_REPR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A converted value, and how many nodes it holds (to decide whether writing it is worth
/// releasing the GIL).
pub(crate) struct Converted {
    pub(crate) value: Value,
    pub(crate) nodes: usize,
}

/// Converts `obj`, refusing nesting deeper than `min(max_depth, MAX_VALUE_DEPTH)` while
/// walking (so a list that contains itself is `too_deep`, not a crash).
pub(crate) fn convert(obj: &Bound<'_, PyAny>, max_depth: usize) -> PyResult<Converted> {
    let mut walker = Walker {
        path: JsonPath::new(),
        max_depth: max_depth.min(MAX_VALUE_DEPTH),
        nodes: 0,
    };
    let value = walker.value(obj)?;
    Ok(Converted {
        value,
        nodes: walker.nodes,
    })
}

struct Walker {
    path: JsonPath,
    max_depth: usize,
    nodes: usize,
}

impl Walker {
    /// An error at the current path, in the core's terms.
    fn fail(&self, py: Python<'_>, code: ErrorCode, message: String) -> PyErr {
        to_py_err(py, Error::new(code, message).with_path(self.path.to_string()))
    }

    /// Same check and message as the core's value writer, done before recursing.
    fn enter(&self, py: Python<'_>) -> PyResult<()> {
        if self.path.depth() >= self.max_depth {
            return Err(self.fail(
                py,
                ErrorCode::TooDeep,
                format!("nesting deeper than the limit of {}", self.max_depth),
            ));
        }
        Ok(())
    }

    fn value(&mut self, obj: &Bound<'_, PyAny>) -> PyResult<Value> {
        let py = obj.py();
        self.nodes += 1;
        if obj.is_none() {
            return Ok(Value::Null);
        }
        // bool before int: bool is a subclass of int.
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Value::Bool(b.is_true()));
        }
        if let Ok(i) = obj.cast::<PyInt>() {
            return self.int(i).map(Value::Number);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return Ok(Value::Number(Number::Float(f.value())));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return self.string(s, || "string".to_owned()).map(Value::String);
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            return self.object(dict);
        }
        if let Ok(list) = obj.cast::<PyList>() {
            self.enter(py)?;
            let mut items = Vec::with_capacity(list.len());
            for (i, item) in list.iter().enumerate() {
                self.path.push_index(i);
                items.push(self.value(&item)?);
                self.path.pop();
            }
            return Ok(Value::Array(items));
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            self.enter(py)?;
            let mut items = Vec::with_capacity(tuple.len());
            for (i, item) in tuple.iter().enumerate() {
                self.path.push_index(i);
                items.push(self.value(&item)?);
                self.path.pop();
            }
            return Ok(Value::Array(items));
        }
        Err(self.fail(
            py,
            ErrorCode::UnsupportedValue,
            format!("a value of type {} has no JSON form", type_name(obj)),
        ))
    }

    fn object(&mut self, dict: &Bound<'_, PyDict>) -> PyResult<Value> {
        let py = dict.py();
        self.enter(py)?;
        // Iterate over a private copy: nothing else can resize it while we walk.
        let snapshot = dict.copy()?;
        let mut members = Vec::with_capacity(snapshot.len());
        for (key, item) in snapshot.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(self.fail(
                    py,
                    ErrorCode::UnsupportedValue,
                    format!("dict key {} ({}) is not a str", repr(&key), type_name(&key)),
                ));
            };
            let key = self.string(key, || format!("dict key {}", repr(key)))?;
            self.path.push_key(&key);
            let item = self.value(&item)?;
            self.path.pop();
            members.push((key, item));
        }
        Ok(Value::Object(members))
    }

    /// `what` names the string in the error message (only built on error).
    fn string(&self, s: &Bound<'_, PyString>, what: impl FnOnce() -> String) -> PyResult<String> {
        let py = s.py();
        match s.to_cow() {
            Ok(text) => Ok(text.into_owned()),
            // The only str that has no UTF-8 form is one holding a surrogate code point.
            Err(e) if e.is_instance_of::<PyUnicodeEncodeError>(py) => Err(self.fail(
                py,
                ErrorCode::LoneSurrogate,
                format!("{} holds a lone UTF-16 surrogate, which has no UTF-8 form", what()),
            )),
            Err(e) => Err(e),
        }
    }

    fn int(&self, i: &Bound<'_, PyInt>) -> PyResult<Number> {
        let py = i.py();
        if let Ok(n) = i.extract::<i64>() {
            return Ok(Number::Int(n));
        }
        if let Ok(n) = i.extract::<u64>() {
            return Ok(Number::UInt(n));
        }
        let int_repr = INT_REPR.get_or_try_init(py, || {
            PyResult::Ok(py.get_type::<PyInt>().getattr("__repr__")?.unbind())
        })?;
        match int_repr.bind(py).call1((i,)).and_then(|r| r.extract::<String>()) {
            Ok(decimal) => Ok(Number::BigInt(decimal)),
            // sys.get_int_max_str_digits() (4300 by default) refuses to spell it in decimal.
            Err(cause) => {
                let err = self.fail(
                    py,
                    ErrorCode::NumberOutOfRange,
                    "integer has more decimal digits than Python will convert (sys.get_int_max_str_digits())"
                        .to_owned(),
                );
                err.set_cause(py, Some(cause));
                Err(err)
            }
        }
    }
}

/// `repr(obj)` for messages, shortened to 60 characters.
fn repr(obj: &Bound<'_, PyAny>) -> String {
    let full = obj.repr().map_or_else(|_| "?".to_owned(), |r| r.to_string());
    match full.char_indices().nth(60) {
        Some((cut, _)) => format!("{}...", &full[..cut]),
        None => full,
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string())
}
