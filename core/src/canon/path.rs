//! JSON paths for error messages: `$.items[3].name`, `$["a b"]`.

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

/// Characters a terminal would hide, or use to reorder a line (bidi overrides), so
/// that paths and messages show them as escapes.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}' | '\u{e0000}'..='\u{e007f}')
}

/// A member name as a JSON string literal in which invisible characters are escaped.
pub(crate) fn quote_visible(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    out.push('"');
    for c in key.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_invisible(c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A member name for an error message: quoted like [`quote_visible`], and cut when long
/// so one error stays one readable line.
pub(crate) fn quote_for_message(key: &str) -> String {
    const KEEP: usize = 40;
    let count = key.chars().count();
    if count <= 2 * KEEP {
        return quote_visible(key);
    }
    let head: String = key.chars().take(KEEP).collect();
    let quoted = quote_visible(&head);
    format!("{}...\" ({count} characters)", &quoted[..quoted.len() - 1])
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
                path.push('[');
                path.push_str(&quote_visible(k));
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
