//! The one diagnostic model every stage emits.
//!
//! Loading, schema validation, rule-file compilation and rule evaluation all produce
//! [`Diagnostic`]s; renderers in [`crate::render`] only format them. A diagnostic points at a
//! value by its JSON pointer and, once located, by a byte span in the decoded source text.
//! Lines and columns are derived from the span only when something is shown to a person or
//! written to a machine format (see [`LineIndex`]).

pub mod codes;
mod file;
mod fingerprint;
mod lines;
mod rule_meta;
mod source;
mod source_ref;
pub mod suggest;

pub use file::{FileReport, Positions, Summary, sort};
pub use fingerprint::{Key, fingerprint, fingerprint_hash, key, normalize_path, value_text};
pub use lines::{LineCursor, LineIndex};
pub use rule_meta::{RuleMeta, rules_with_codes_of};
pub use source::IndexedSource;
pub use source_ref::SourceRef;

use std::fmt;
use std::ops::Range;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The Chinese name used in remediation lists and summaries.
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding or failure, tied to a place in one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Rule id (`execution-rate-mismatch`) or a fixed code from [`codes`].
    pub code: String,
    pub severity: Severity,
    /// What is wrong, in Chinese, stating the values involved.
    pub message: String,
    /// RFC 6901 pointer of the offending value in the report, when there is one.
    pub pointer: Option<String>,
    /// Byte range of the offending value in the decoded source text, once located.
    pub span: Option<Range<usize>>,
    /// The lines and columns of `span`, when they were worked out while the text was at hand
    /// so that the text need not be kept (see [`FileReport::keep_places_only`]); otherwise
    /// they are worked out from the text when asked for.
    pub position: Option<Positions>,
    /// Short label printed under the underlined value.
    pub label: Option<String>,
    /// 整改建议: what to change.
    pub help: Option<String>,
    /// The regulation or source the rule rests on.
    pub basis: Option<String>,
    /// The value found, as text.
    pub actual: Option<String>,
    /// The value expected, as text.
    pub expected: Option<String>,
    /// Whether the pointer's value or its key is the thing to underline.
    pub focus: Focus,
    /// Where the value is in an imported document (a cell or a paragraph), when the report was
    /// read from an office or text file rather than written as JSON.
    pub source: Option<Box<SourceRef>>,
    /// Why the finding is accepted, when it has been suppressed. A suppressed diagnostic is
    /// still reported in SARIF and JSON (so the decision stays auditable) but raises no
    /// failure and goes into no remediation list.
    pub suppressed: Option<String>,
}

/// What part of a member to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    Value,
    /// The key, e.g. for an unknown field or a duplicate key.
    Key,
}

impl Diagnostic {
    pub fn new(code: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.into(),
            severity,
            message: message.into(),
            pointer: None,
            span: None,
            position: None,
            label: None,
            help: None,
            basis: None,
            actual: None,
            expected: None,
            focus: Focus::Value,
            source: None,
            suppressed: None,
        }
    }

    pub fn error(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    pub fn with_focus(mut self, focus: Focus) -> Self {
        self.focus = focus;
        self
    }

    pub fn with_span(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_basis(mut self, basis: impl Into<String>) -> Self {
        self.basis = Some(basis.into());
        self
    }

    pub fn with_actual(mut self, actual: impl Into<String>) -> Self {
        self.actual = Some(actual.into());
        self
    }

    pub fn with_expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn with_source(mut self, source: SourceRef) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// Marks the finding as accepted, giving the reason.
    pub fn with_suppressed(mut self, reason: impl Into<String>) -> Self {
        self.suppressed = Some(reason.into());
        self
    }

    pub fn is_suppressed(&self) -> bool {
        self.suppressed.is_some()
    }
}

/// Escapes one reference token of an RFC 6901 JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        std::borrow::Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(token)
    }
}
