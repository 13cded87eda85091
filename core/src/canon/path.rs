//! JSON paths for error messages: `$.items[3].name`, `$["a b"]`.

use super::Profile;

/// One step from a container to a child.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Step<'k> {
    Key(&'k str),
    Index(usize),
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// Formats a path from the root through `steps`.
pub(crate) fn format<'k>(steps: impl IntoIterator<Item = Step<'k>>) -> String {
    let mut path = String::from("$");
    for step in steps {
        match step {
            Step::Index(i) => {
                path.push('[');
                path.push_str(&i.to_string());
                path.push(']');
            }
            Step::Key(k) if is_identifier(k) => {
                path.push('.');
                path.push_str(k);
            }
            Step::Key(k) => {
                let mut quoted = Vec::new();
                super::string::write_string(Profile::Jcs, k, &mut quoted);
                path.push('[');
                path.push_str(&String::from_utf8_lossy(&quoted));
                path.push(']');
            }
        }
    }
    path
}

/// A JSON path under construction, for frontends that walk their own values
/// (a Python dict, a JS object) and must report errors with the same path syntax.
///
/// ```
/// let mut p = canonsig::canon::JsonPath::new();
/// p.push_key("items");
/// p.push_index(3);
/// p.push_key("a b");
/// assert_eq!(p.to_string(), r#"$.items[3]["a b"]"#);
/// ```
#[derive(Clone, Debug, Default)]
pub struct JsonPath {
    steps: Vec<OwnedStep>,
}

#[derive(Clone, Debug)]
enum OwnedStep {
    Key(String),
    Index(usize),
}

impl JsonPath {
    /// The root, `$`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Steps into the member `key`.
    pub fn push_key(&mut self, key: &str) {
        self.steps.push(OwnedStep::Key(key.to_string()));
    }

    /// Steps into the array element `index`.
    pub fn push_index(&mut self, index: usize) {
        self.steps.push(OwnedStep::Index(index));
    }

    /// Steps back out.
    pub fn pop(&mut self) {
        self.steps.pop();
    }

    /// How many steps from the root.
    pub fn depth(&self) -> usize {
        self.steps.len()
    }
}

impl std::fmt::Display for JsonPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&format(self.steps.iter().map(|s| match s {
            OwnedStep::Key(k) => Step::Key(k),
            OwnedStep::Index(i) => Step::Index(*i),
        })))
    }
}
