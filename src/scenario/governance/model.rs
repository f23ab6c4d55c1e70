//! The validated governance section: instances, the rhythm each must keep,
//! and the log of meetings held. References (a meeting's instance) are not
//! resolved here: a dangling one is a rule breach (CTG103), not a load failure.

use super::date::Date;
use crate::diagnostic::Span;
use crate::scenario::{Ident, Years};

pub use crate::scenario::raw::{DocumentKind, InstanceKind, MemberCategory, Scheme};

/// `[governance]`, `[[instance]]` and `[[meeting]]` together.
#[derive(Debug, Clone, Default)]
pub struct Governance {
    /// The `[governance]` table, when written.
    pub span: Option<Span>,
    /// The convention's years as declared (else the periods' years apply).
    pub years: Option<Years>,
    pub log_from: Option<DateAt>,
    pub log_until: Option<DateAt>,
    /// Declared signatories; `None`: the Caf, every commune, every EPCI.
    pub signatories: Option<Names>,
    /// The log is an illustration, not a record.
    pub example: bool,
    pub note: Option<String>,
    pub instances: Vec<Instance>,
    pub meetings: Vec<Meeting>,
}

/// A date with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateAt {
    pub date: Date,
    pub span: Span,
}

/// A whole number with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub value: u32,
    pub span: Span,
}

/// A list of names or ids.
#[derive(Debug, Clone)]
pub struct Names {
    pub items: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Instance {
    pub id: Ident,
    pub name: String,
    pub kind: InstanceKind,
    pub categories: Vec<MemberCategory>,
    pub categories_span: Option<Span>,
    pub members: Option<Names>,
    pub min_per_year: Option<Count>,
    pub max_per_year: Option<Count>,
    pub max_gap_days: Option<Count>,
    pub rhythm: Option<String>,
    pub span: Span,
}

/// How many were invited or present; `names` when the log lists them.
#[derive(Debug, Clone)]
pub struct Attendance {
    /// The number given, or the number of distinct names.
    pub count: u64,
    pub names: Option<Vec<String>>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub kind: DocumentKind,
    pub title: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct JointAction {
    pub title: String,
    pub schemes: Vec<Scheme>,
    pub schemes_span: Span,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub date: DateAt,
    /// The instance id as written.
    pub instance: Ident,
    pub invited: Option<Attendance>,
    pub present: Option<Attendance>,
    pub documents: Vec<Document>,
    pub joint_actions: Vec<JointAction>,
    pub note: Option<String>,
    pub span: Span,
}

impl Governance {
    /// The first instance declared with this id.
    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.id.id == id)
    }

    /// Each instance id once, at its first declaration (CTG103 reports reuse).
    pub fn unique_instances(&self) -> impl Iterator<Item = &Instance> {
        let mut seen = std::collections::HashSet::new();
        self.instances
            .iter()
            .filter(move |inst| seen.insert(inst.id.id.as_str()))
    }

    /// The ids of the declared instances.
    pub fn instance_ids(&self) -> std::collections::HashSet<&str> {
        self.instances.iter().map(|i| i.id.id.as_str()).collect()
    }
}

impl Meeting {
    /// How a finding names this meeting: `<instance> <date>`.
    pub fn key(&self) -> String {
        format!("{} {}", self.instance.id, self.date.date)
    }
}

impl Instance {
    /// The longest gap between meetings this instance allows, in days, and
    /// whether it is stated (`max_gap_days`) or derived: twice the nominal
    /// interval of `min_per_year` (730 / n days, rounded down), so that one
    /// missed meeting is tolerated and two in a row are not.
    pub fn allowed_gap(&self) -> Option<(i64, bool)> {
        if let Some(g) = &self.max_gap_days {
            return Some((i64::from(g.value), true));
        }
        let n = self.min_per_year.as_ref()?.value;
        (n > 0).then(|| (730 / i64::from(n), false))
    }

    pub fn kind_name(&self) -> &'static str {
        kind_name(self.kind)
    }
}

pub fn kind_name(k: InstanceKind) -> &'static str {
    match k {
        InstanceKind::SteeringCommittee => "steering_committee",
        InstanceKind::TechnicalCommittee => "technical_committee",
        InstanceKind::ProjectGroup => "project_group",
        InstanceKind::WorkingCommission => "working_commission",
        InstanceKind::OfficersMeeting => "officers_meeting",
        InstanceKind::Other => "other",
    }
}

pub fn scheme_name(s: Scheme) -> &'static str {
    match s {
        Scheme::Ctg => "CTG",
        Scheme::Sppe => "SPPE",
        Scheme::Cls => "CLS",
        Scheme::Sdsf => "SDSF",
    }
}

pub fn document_kind_name(k: DocumentKind) -> &'static str {
    match k {
        DocumentKind::Diagnostic => "diagnostic",
        DocumentKind::MonitoringTool => "monitoring_tool",
        DocumentKind::Evaluation => "evaluation",
        DocumentKind::ActivityReport => "activity_report",
        DocumentKind::Other => "other",
    }
}
