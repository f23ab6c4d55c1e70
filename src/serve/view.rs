//! What the page shows of one scenario and period, as JSON: the grid of
//! holders × themes with its figures, the period's totals, the diagnostics of
//! the whole catalogue (each tied to the cell it points at), and the yearly
//! costs. Everything is recomputed from the text at each change.

use crate::diagnostic::{Diagnostic, Span};
use crate::finance::cost::period_cost;
use crate::i18n::Lang;
use crate::number::fmt_etp;
use crate::scenario::facts::Facts;
use crate::scenario::{load_str, Scenario};
use crate::source::SourceFile;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct View {
    pub name: String,
    pub dirty: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    /// Whether the text loads as a scenario at all.
    pub loaded: bool,
    pub periods: Vec<PeriodRef>,
    /// The period shown (its position), if any.
    pub period: Option<usize>,
    pub themes: Vec<ThemeRef>,
    pub rows: Vec<Row>,
    pub theme_totals: Vec<Cell>,
    pub coordinator: Cell,
    pub total: Cell,
    pub caf_total: Cell,
    /// Posts + coordinator, as derived from the posts.
    pub sum_posts: Option<String>,
    /// Theme totals + coordinator.
    pub sum_themes: Option<String>,
    pub diagnostics: Vec<Diag>,
    pub costs: Option<Costs>,
    /// The file on disk against this text (set by the server).
    pub disk: super::doc::DiskState,
    /// The file's `extends` when it is a variant (set by the server): the
    /// page shows it merged with its base.
    pub extends: Option<String>,
    /// The scenario's step (`rules.step`, `0.1`): ↑ and ↓ in a cell move
    /// its figure by one step.
    pub step: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PeriodRef {
    pub id: String,
    pub label: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ThemeRef {
    pub id: String,
    pub label: String,
    /// The label as column headers show it (the one home of short labels).
    pub short: String,
}

/// One editable figure: its key for diagnostics, the value written (or the
/// one derived, when the file leaves it to a previous period).
#[derive(Debug, Serialize, Default)]
pub struct Cell {
    pub key: String,
    pub value: Option<String>,
    /// The figure the rules count when none is written.
    pub derived: Option<String>,
    /// Locked on the page: "Proposer" keeps it as written.
    pub locked: bool,
    /// Typed since the last proposal: an ask of the next one.
    pub asked: bool,
    /// A variant's own ask on this figure (`set`): comparison and figure
    /// (`=0.3`, `>=0.2`), met by "Proposer" as `propose` meets it.
    pub wish: Option<String>,
    #[serde(skip)]
    span: Option<Span>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub holder: String,
    pub name: String,
    pub carrier: bool,
    pub etp: Cell,
    /// Themes the holder works on in this period.
    pub themes: Vec<String>,
    /// The name of the commune it is pooled with in this period (its post
    /// serves both), if any.
    pub pooled_with: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Diag {
    pub code: String,
    pub severity: &'static str,
    /// In French, the page's default language; `message_en` and `help_en`
    /// in English, for the page's language switch.
    pub message: String,
    pub help: Option<String>,
    pub message_en: String,
    pub help_en: Option<String>,
    pub line: usize,
    pub column: usize,
    /// The base a variant's diagnostic points into (`line` is its line);
    /// `None`: the file shown.
    pub file: Option<String>,
    /// Key of the cell it points at in the shown period, if any.
    pub cell: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Costs {
    pub rows: Vec<CostRow>,
    pub total: CostRow,
    pub capped: bool,
    /// In French and in English, for the page's language switch.
    pub notes: Vec<String>,
    pub notes_en: Vec<String>,
    /// What `[financing]` says (its label and assumptions first), as
    /// `ctgplan cost` shows it: the euros are read with these.
    pub financing: Vec<String>,
    pub financing_en: Vec<String>,
}

/// Yearly amounts in euros (two decimals), `None` when unknown.
#[derive(Debug, Serialize)]
pub struct CostRow {
    pub id: String,
    pub name: String,
    pub own: Option<String>,
    pub shared: Option<String>,
    pub caf: Option<String>,
    pub rest: Option<String>,
}

fn euros(cents: Option<i64>) -> Option<String> {
    cents.map(|c| {
        let d = Decimal::new(c, 2);
        format!("{d:.2}")
    })
}

fn cost_row(r: &crate::finance::cost::Row) -> CostRow {
    CostRow {
        id: r.id.clone(),
        name: r.name.clone(),
        own: euros(r.own),
        shared: euros(r.shared),
        caf: euros(r.caf),
        rest: euros(r.rest),
    }
}

pub struct Status<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub dirty: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    /// For a variant: its path and the text it is (or, changed, would be
    /// saved as). Its diagnostics then point into it or its bases, as
    /// `ctgplan check` on the file says them, not into the merged text.
    pub written: Option<(&'a std::path::Path, String)>,
}

/// The view of `period` (a position; the last period when `None` or out of range).
pub fn build(st: &Status, period: Option<usize>) -> View {
    let merged = || load_str(st.name, st.text);
    let loaded = match &st.written {
        Some((path, text)) => {
            let l = load_str(&path.to_string_lossy(), text);
            if l.scenario.is_some() {
                l
            } else {
                merged()
            }
        }
        None => merged(),
    };
    // A base's name, as the variant names it (beside it in the folder).
    let dir = st.written.as_ref().and_then(|(p, _)| p.parent());
    let mut diagnostics = loaded.diagnostics;
    let scenario = loaded.scenario;
    if let Some(s) = &scenario {
        diagnostics.extend(crate::rules::check(s));
    }
    let source = loaded.source;
    let mut view = View {
        name: st.name.to_owned(),
        dirty: st.dirty,
        can_undo: st.can_undo,
        can_redo: st.can_redo,
        loaded: scenario.is_some(),
        periods: Vec::new(),
        period: None,
        themes: Vec::new(),
        rows: Vec::new(),
        theme_totals: Vec::new(),
        coordinator: Cell::default(),
        total: Cell::default(),
        caf_total: Cell::default(),
        sum_posts: None,
        sum_themes: None,
        diagnostics: Vec::new(),
        costs: None,
        disk: super::doc::DiskState::Same,
        extends: None,
        step: None,
    };
    let mut cells: Vec<(String, Span)> = Vec::new();
    if let Some(s) = &scenario {
        fill(&mut view, s, period);
        let all = view
            .rows
            .iter()
            .map(|r| &r.etp)
            .chain(view.theme_totals.iter())
            .chain([&view.coordinator, &view.total, &view.caf_total]);
        for c in all {
            if let Some(sp) = &c.span {
                cells.push((c.key.clone(), sp.clone()));
            }
        }
    }
    view.diagnostics = diagnostics
        .iter()
        .map(|d| diag(&source, d, &cells, dir))
        .collect();
    view
}

fn diag(
    source: &SourceFile,
    d: &Diagnostic,
    cells: &[(String, Span)],
    dir: Option<&std::path::Path>,
) -> Diag {
    let pos = d.position();
    let lc = source.line_col(pos);
    let file = (source.file_id(pos) != 0).then(|| {
        let name = std::path::Path::new(source.name_at(pos));
        dir.and_then(|d| name.strip_prefix(d).ok())
            .unwrap_or(name)
            .to_string_lossy()
            .replace('\\', "/")
    });
    // The smallest cell whose text holds the diagnostic's primary position.
    let cell = cells
        .iter()
        .filter(|(_, sp)| sp.start <= pos && pos < sp.end.max(sp.start + 1))
        .min_by_key(|(_, sp)| sp.end - sp.start)
        .map(|(k, _)| k.clone());
    Diag {
        code: d.code.to_string(),
        severity: d.severity.as_str(),
        message: super::words::on_page(&d.message).render(Lang::Fr),
        help: d
            .help
            .as_ref()
            .map(|h| super::words::on_page(h).render(Lang::Fr)),
        message_en: super::words::on_page(&d.message).render(Lang::En),
        help_en: d
            .help
            .as_ref()
            .map(|h| super::words::on_page(h).render(Lang::En)),
        line: lc.line,
        column: lc.column,
        file,
        cell,
    }
}

fn fill(view: &mut View, s: &Scenario, period: Option<usize>) {
    let facts = Facts::of(s);
    view.step = Some(fmt_etp(s.rules.step));
    view.periods = s
        .periods
        .iter()
        .map(|p| PeriodRef {
            id: p.id.id.clone(),
            label: p.label.clone(),
        })
        .collect();
    view.themes = s
        .themes
        .iter()
        .map(|t| ThemeRef {
            id: t.id.id.clone(),
            label: t.label.clone(),
            short: crate::render::label::short(&t.label),
        })
        .collect();
    let last = s.periods.len().checked_sub(1);
    let index = match period {
        Some(i) if i < s.periods.len() => Some(i),
        _ => last,
    };
    view.period = index;
    let (Some(index), Some(p)) = (index, index.and_then(|i| s.periods.get(i))) else {
        return;
    };
    let pf = facts.periods.get(index);
    for (id, name, carrier) in s
        .communes
        .iter()
        .map(|c| (&c.id.id, &c.name, false))
        .chain(s.carriers.iter().map(|c| (&c.id.id, &c.name, true)))
    {
        let post = p.post(id);
        let written = post.and_then(|x| x.etp.as_ref());
        // A figure not written is open for `propose`: shown empty, with the
        // figure `check` counts (the previous period's, for a period written
        // as changes) beside it.
        let value = written.map(|f| fmt_etp(f.value));
        let derived = facts.etp(index, id).map(fmt_etp);
        view.rows.push(Row {
            holder: id.clone(),
            name: name.clone(),
            carrier,
            etp: Cell {
                key: format!("post:{id}"),
                value,
                derived,
                // From the key (`aureille = ...`) to the end of its value.
                span: post.map(|x| x.holder.span.start.min(x.span.start)..x.span.end),
                // `locked = true` in the file: the padlock shows it.
                locked: post.is_some_and(|x| x.locked),
                ..Cell::default()
            },
            themes: s
                .themes_in(p, id)
                .map(|l| l.items.iter().map(|i| i.id.clone()).collect())
                .unwrap_or_default(),
            pooled_with: s
                .commune(id)
                .and_then(|c| s.pooled_host(p, c))
                .map(|h| crate::report::data::holder_name(s, &h.id)),
        });
    }
    view.theme_totals = s
        .themes
        .iter()
        .map(|t| {
            let f = p.themes.as_ref().and_then(|tt| tt.get(&t.id.id));
            Cell {
                key: format!("theme:{}", t.id.id),
                value: f.map(|f| fmt_etp(f.value)),
                derived: None,
                span: f.map(|f| f.span()),
                ..Cell::default()
            }
        })
        .collect();
    view.coordinator = Cell {
        key: "coordinator".into(),
        value: p.coordinator.as_ref().map(|c| fmt_etp(c.etp.value)),
        derived: None,
        span: p.coordinator.as_ref().map(|c| c.span.clone()),
        ..Cell::default()
    };
    view.total = Cell {
        key: "total".into(),
        value: p.total.map(|f| fmt_etp(f.value)),
        derived: None,
        span: p.total.map(|f| f.span()),
        ..Cell::default()
    };
    view.caf_total = Cell {
        key: "caf_total".into(),
        value: p.caf_total.map(|f| fmt_etp(f.value)),
        derived: None,
        span: p.caf_total.map(|f| f.span()),
        ..Cell::default()
    };
    view.sum_posts = pf.and_then(|f| f.derived_total).map(fmt_etp);
    view.sum_themes = pf.and_then(|f| f.theme_total).map(fmt_etp);
    view.costs = period_cost(s, &facts, index).map(|c| Costs {
        rows: c.rows.iter().map(cost_row).collect(),
        total: cost_row(&c.total),
        capped: c.capped,
        notes: c.notes.iter().map(|n| n.render(Lang::Fr)).collect(),
        notes_en: c.notes.iter().map(|n| n.render(Lang::En)).collect(),
        financing: s.financing.as_ref().map_or_else(Vec::new, |f| {
            crate::commands::cost::financing_lines(f, Lang::Fr)
        }),
        financing_en: s.financing.as_ref().map_or_else(Vec::new, |f| {
            crate::commands::cost::financing_lines(f, Lang::En)
        }),
    });
}

impl View {
    /// Every editable cell of the period shown.
    pub fn cells_mut(&mut self) -> impl Iterator<Item = &mut Cell> {
        self.rows
            .iter_mut()
            .map(|r| &mut r.etp)
            .chain(self.theme_totals.iter_mut())
            .chain([&mut self.coordinator, &mut self.total, &mut self.caf_total])
    }
}
