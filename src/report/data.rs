//! What the report shows, gathered from the library's own results and in no
//! language yet: the scheme of each period (split by theme where the
//! theme-split check finds a split), the changes (`diff`), the check's
//! diagnostics and the costs (`finance::cost`). Unknown figures stay `None`.

use crate::check::FileReport;
use crate::code::Code;
use crate::diagnostic::Severity;
use crate::diff::{self, Diff};
use crate::finance::cost::{period_cost, PeriodCost};
use crate::i18n::Text;
use crate::rules::theme_split;
use crate::scenario::facts::{Facts, PeriodFacts};
use crate::scenario::{CarrierKind, Financing, Period, PeriodKind, Scenario, Status};
use crate::solver::transport::{self, Split};
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub struct ReportData {
    pub territory: String,
    pub caf: Option<String>,
    pub epci: Option<String>,
    pub file: String,
    /// Theme ids and labels, in the scenario's order.
    pub themes: Vec<(String, String)>,
    pub periods: Vec<PeriodData>,
    /// Each period compared with the one before it.
    pub changes: Vec<Diff>,
    pub diagnostics: Vec<DiagData>,
    pub errors: usize,
    pub warnings: usize,
    pub financing: Option<Financing>,
    pub costs: Vec<PeriodCost>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderKind {
    Commune,
    Carrier,
}

/// One commune or carrier in one period.
#[derive(Debug, Clone)]
pub struct HolderRow {
    pub id: String,
    pub name: String,
    pub kind: HolderKind,
    pub etp: Option<Decimal>,
    /// ETP per theme (the scenario's order), when the period has a split.
    pub split: Option<Vec<Decimal>>,
    /// Theme ids the holder lists in this period; `None` when unstated.
    pub themes: Option<Vec<String>>,
    pub status: Status,
    /// The name of the commune it is pooled with.
    pub pooled_with: Option<String>,
    pub externalised: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitState {
    /// A split meeting every theme total was found.
    Found,
    /// The period gives no theme totals.
    NoThemeTotals,
    /// Some ETP are unknown or the totals disagree: nothing to split.
    Unknown,
    /// No split exists (CTG040).
    Impossible,
}

#[derive(Debug, Clone)]
pub struct CoordinatorData {
    pub etp: Decimal,
    pub holder: Option<String>,
    pub externalised: bool,
}

#[derive(Debug, Clone)]
pub struct PeriodData {
    pub id: String,
    pub label: Option<String>,
    pub kind: Option<PeriodKind>,
    pub years: Option<i64>,
    pub rows: Vec<HolderRow>,
    /// Theme totals (scenario's order) when the period gives them.
    pub theme_totals: Option<Vec<Option<Decimal>>>,
    pub split: SplitState,
    pub coordinator: Option<CoordinatorData>,
    pub total: Option<Decimal>,
    pub caf_total: Option<Decimal>,
}

#[derive(Debug, Clone)]
pub struct DiagData {
    pub code: Code,
    pub severity: Severity,
    pub message: Text,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub help: Option<Text>,
    pub notes: Vec<Text>,
}

/// Gathers the report of a loaded scenario and its check.
pub fn gather(s: &Scenario, report: &FileReport) -> ReportData {
    let facts = Facts::of(s);
    let periods = s
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| period(s, &facts, i, p))
        .collect();
    let changes = (1..s.periods.len())
        .map(|i| diff::diff(s, &facts, i - 1, i))
        .collect();
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
            let located = !d.labels.is_empty();
            let lc = report.source.line_col(d.position());
            DiagData {
                code: d.code,
                severity: d.severity,
                message: d.message.clone(),
                line: located.then_some(lc.line),
                column: located.then_some(lc.column),
                help: d.help.clone(),
                notes: d.notes.clone(),
            }
        })
        .collect();
    let costs = (0..s.periods.len())
        .filter_map(|i| period_cost(s, &facts, i))
        .collect();
    ReportData {
        territory: s.territory.name.clone(),
        caf: s.territory.caf.clone(),
        epci: s.territory.epci.clone(),
        file: report.source.name().to_owned(),
        themes: s
            .themes
            .iter()
            .map(|t| (t.id.id.clone(), t.label.clone()))
            .collect(),
        periods,
        changes,
        diagnostics,
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        financing: s.financing.clone(),
        costs,
    }
}

/// The name of a holder (commune or carrier), or its id.
pub fn holder_name(s: &Scenario, id: &str) -> String {
    s.commune(id)
        .map(|c| c.name.clone())
        .or_else(|| s.carrier(id).map(|c| c.name.clone()))
        .unwrap_or_else(|| id.to_owned())
}

fn period(s: &Scenario, facts: &Facts, index: usize, p: &Period) -> PeriodData {
    let pf = facts.periods.get(index).cloned().unwrap_or_default();
    let (split_state, split) = theme_split_of(s, &pf, p);
    let mut rows = Vec::new();
    for c in &s.communes {
        let post = p.post(&c.id.id);
        rows.push(HolderRow {
            id: c.id.id.clone(),
            name: c.name.clone(),
            kind: HolderKind::Commune,
            etp: facts.etp(index, &c.id.id),
            split: split.as_ref().and_then(|m| m.get(&c.id.id).cloned()),
            themes: theme_ids(s, p, &c.id.id),
            status: post.map_or(Status::Filled, |p| p.status),
            pooled_with: s.pooled_host(p, c).map(|h| holder_name(s, &h.id)),
            externalised: crate::finance::externalised(s, index, &c.id.id),
        });
    }
    for c in &s.carriers {
        let etp = facts.etp(index, &c.id.id);
        // A carrier shows when it has a post here or holds ETP.
        if p.post(&c.id.id).is_none() && etp.is_none_or(|e| e.is_zero()) {
            continue;
        }
        rows.push(HolderRow {
            id: c.id.id.clone(),
            name: c.name.clone(),
            kind: HolderKind::Carrier,
            etp,
            split: split.as_ref().and_then(|m| m.get(&c.id.id).cloned()),
            themes: theme_ids(s, p, &c.id.id),
            status: p.post(&c.id.id).map_or(Status::Filled, |p| p.status),
            pooled_with: None,
            externalised: c.kind == CarrierKind::Operator
                || crate::finance::externalised(s, index, &c.id.id),
        });
    }
    // Holders outside the split (0 ETP) split as zeros.
    if split.is_some() {
        for r in &mut rows {
            if r.split.is_none() {
                r.split = Some(vec![Decimal::ZERO; s.themes.len()]);
            }
        }
    }
    let coordinator = crate::finance::coordinator(s, index).map(|c| CoordinatorData {
        etp: pf.coordinator,
        holder: c.carrier.as_ref().map(|h| holder_name(s, &h.id)),
        externalised: crate::finance::coordinator_externalised(s, c),
    });
    PeriodData {
        id: p.name().to_owned(),
        label: p.label.clone(),
        kind: p.kind,
        years: p
            .years
            .as_ref()
            .map(|y| i64::from(y.last) - i64::from(y.first) + 1),
        rows,
        theme_totals: p.themes.as_ref().map(|t| {
            s.themes
                .iter()
                .map(|th| t.get(&th.id.id).map(|f| f.value))
                .collect()
        }),
        split: split_state,
        coordinator,
        total: pf.total,
        caf_total: p.caf_total.map(|f| f.value),
    }
}

fn theme_ids(s: &Scenario, p: &Period, holder: &str) -> Option<Vec<String>> {
    s.themes_in(p, holder)
        .map(|l| l.items.iter().map(|i| i.id.clone()).collect())
}

type SplitMap = indexmap::IndexMap<String, Vec<Decimal>>;

/// The theme-split check's split of a period, per holder id.
fn theme_split_of(s: &Scenario, facts: &PeriodFacts, p: &Period) -> (SplitState, Option<SplitMap>) {
    if p.themes.is_none() {
        return (SplitState::NoThemeTotals, None);
    }
    let Some(problem) = theme_split::problem(s, facts, p) else {
        return (SplitState::Unknown, None);
    };
    match transport::split(&problem.supplies, &problem.demands) {
        Split::Feasible(flow) => {
            let mut map = SplitMap::new();
            for (h, units) in problem.holders.iter().zip(flow) {
                let etp = units
                    .iter()
                    .map(|&u| Decimal::from(u) * problem.unit)
                    .collect::<Vec<_>>();
                map.insert(h.id.to_owned(), etp);
            }
            (SplitState::Found, Some(map))
        }
        Split::Infeasible(_) => (SplitState::Impossible, None),
    }
}
