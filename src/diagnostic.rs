//! Diagnostics: what rules and the loader report. Nothing here prints;
//! renderers in `render/` turn them into text or JSON.

pub use crate::code::Code;
use crate::i18n::{Arg, Lang, Msg, Text};
use serde::Serialize;
use std::ops::Range;

/// A byte range into the scenario file.
pub type Span = Range<usize>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A location in the file with what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Text,
    /// The primary label is the offending figure; secondary ones give context
    /// (the line that declared the rule, the other member of a duplicate).
    pub primary: bool,
}

/// What a finding is about, as data: renderers, `propose` and tests read it
/// here, never from the message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Subject {
    /// The file, when the finding is about another file than the scenario
    /// (a governance log); filled by the check driver otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Ids of the periods the finding lies in: one, or the two periods of a
    /// transition; empty for a finding about the file as a whole.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// A logged meeting, as `<instance> <date>` (`copil 2026-03-12`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    /// A governance instance (the committee a meeting belongs to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The finding is about how the file links things (ids, pooling), not
    /// about a figure: no choice of figures changes it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub structural: bool,
}

impl Subject {
    pub fn is_empty(&self) -> bool {
        *self == Subject::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code such as `CTG030`.
    pub code: Code,
    pub severity: Severity,
    /// A message of the catalogue and its arguments, rendered in the
    /// user's language by the renderers.
    pub message: Text,
    pub labels: Vec<Label>,
    /// What to change, in one sentence.
    pub help: Option<Text>,
    pub notes: Vec<Text>,
    pub subject: Subject,
}

impl Diagnostic {
    pub fn new(code: Code, severity: Severity, message: impl Into<Text>) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            subject: Subject::default(),
        }
    }

    pub fn error(code: Code, message: impl Into<Text>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    pub fn warning(code: Code, message: impl Into<Text>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    pub fn primary(mut self, span: Span, message: impl Into<Text>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: true,
        });
        self
    }

    pub fn secondary(mut self, span: Span, message: impl Into<Text>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    pub fn help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<Text>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The finding lies in period `id`.
    pub fn period(mut self, id: impl Into<String>) -> Self {
        self.subject.periods.push(id.into());
        self
    }

    pub fn holder(mut self, id: impl Into<String>) -> Self {
        self.subject.holder = Some(id.into());
        self
    }

    pub fn theme(mut self, id: impl Into<String>) -> Self {
        self.subject.theme = Some(id.into());
        self
    }

    pub fn meeting(mut self, id: impl Into<String>) -> Self {
        self.subject.meeting = Some(id.into());
        self
    }

    pub fn instance(mut self, id: impl Into<String>) -> Self {
        self.subject.instance = Some(id.into());
        self
    }

    /// The finding lies in each of the periods `ids`.
    pub fn periods(mut self, ids: impl IntoIterator<Item = String>) -> Self {
        self.subject.periods.extend(ids);
        self
    }

    /// About links, not figures (see [`Subject::structural`]).
    pub fn structural(mut self) -> Self {
        self.subject.structural = true;
        self
    }

    /// The diagnostic that stands for `n` findings of `code` left out past
    /// `cap` (the first `cap` being shown). A rule that can find many more
    /// than that counts the rest and says so with this, instead of building
    /// each one only for the cap to drop it (issue 13).
    pub fn not_shown(code: Code, severity: Severity, n: usize, cap: usize) -> Diagnostic {
        let more = match severity {
            Severity::Error => &MORE_ERRORS,
            Severity::Warning => &MORE_WARNINGS,
        };
        Diagnostic::new(
            code,
            severity,
            Text::new(more)
                .arg("n", Arg::count(n))
                .arg("code", Arg::id(code.to_string()))
                .arg("cap", Arg::count(cap)),
        )
        .help(&FIX_SHOWN)
    }

    /// How many findings this one stands for, when it is a
    /// [`Diagnostic::not_shown`].
    pub fn not_shown_count(&self) -> Option<usize> {
        let msg = self.message.msg();
        if !std::ptr::eq(msg, &MORE_ERRORS) && !std::ptr::eq(msg, &MORE_WARNINGS) {
            return None;
        }
        match self.message.get("n") {
            Some(Arg::Int(n)) => usize::try_from(*n).ok(),
            _ => None,
        }
    }

    /// Start of the primary label, used to sort diagnostics in file order.
    pub fn position(&self) -> usize {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or(self.labels.first())
            .map_or(0, |l| l.span.start)
    }
}

/// Sorts diagnostics by position, then code, so output order never depends on
/// the order rules ran in.
pub static MORE_ERRORS: Msg = Msg::new(
    "check.more_errors",
    "{n} {n:autre erreur|autres erreurs} {code} dans ce fichier, non {n:affichée|affichées} (les {cap} premières le sont)",
    "{n} more {code} {n:error|errors} in this file, not shown (the first {cap} are)",
);
pub static MORE_WARNINGS: Msg = Msg::new(
    "check.more_warnings",
    "{n} {n:autre avertissement|autres avertissements} {code} dans ce fichier, non {n:affiché|affichés} (les {cap} premiers le sont)",
    "{n} more {code} {n:warning|warnings} in this file, not shown (the first {cap} are)",
);
pub static FIX_SHOWN: Msg = Msg::new(
    "check.fix_shown",
    "corrigez ceux qui sont affichés et vérifiez à nouveau",
    "fix the ones shown and check again",
);

/// The most diagnostics of one code shown for one file. A file of thousands
/// of unknown ids would otherwise print megabytes (issue 13); past the cap,
/// one more diagnostic of the code says how many were left out.
pub const MAX_PER_CODE: usize = 200;

pub fn sort(diags: &mut [Diagnostic]) {
    // Ties are broken on the English text, the order of earlier versions.
    diags.sort_by_cached_key(|d| (d.position(), d.code, d.message.render(Lang::En)));
}
