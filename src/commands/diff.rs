//! `ctgplan diff FILE FROM TO`: what moves between two periods, in ETP and
//! in euros per year. The comparison is in `crate::diff`; this is the
//! presentation.

use super::cost::financing_lines;
use super::cost::json_financing;
use super::cost::JsonFinancing;
use super::{csv_bytes, find_period_in, finish, load_checked, text_table, usage_error_in, words};
use super::{Output, Streams, TableFormat};
use crate::code::Code;
use crate::diagnostic::Severity;
use crate::diff::{diff, Diff, Line, LineKind};
use crate::exit::ExitStatus;
use crate::finance::money::{fmt_cents, fmt_etp, or_unknown, Style};
use crate::i18n::{Arg, Lang, Msg, Text};
use crate::scenario::facts::Facts;
use crate::scenario::Scenario;
use serde::Serialize;
use std::path::Path;

pub fn run(
    streams: &mut Streams,
    file: &Path,
    from: &str,
    to: &str,
    output: &Output,
) -> std::io::Result<ExitStatus> {
    let checked = match load_checked(file, output.format, streams)? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let s = &checked.scenario;
    let lang = output.lang;
    let (a, b) = match (
        find_period_in(s, file, from, lang),
        find_period_in(s, file, to, lang),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(msg), _) | (_, Err(msg)) => return usage_error_in(streams, &msg, lang),
    };
    if let Some(d) = crate::commands::bounds::check(s) {
        crate::render::human::write_diagnostic(
            streams.err,
            &checked.report.source,
            &d,
            streams.lang,
        )?;
        return Ok(ExitStatus::Unusable);
    }
    checked.print_diagnostics(output.format, streams)?;
    let d = diff(s, &Facts::of(s), a, b);
    let bytes = match output.format {
        TableFormat::Human => human(s, &d, lang).into_bytes(),
        TableFormat::Csv => csv_bytes(output.csv_style, &records(s, &d, output.csv_figures()))?,
        TableFormat::Xlsx => crate::xlsx::to_bytes(&super::books::diff::book(s, &d, &checked))?,
        TableFormat::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(s, &d, &checked))
                .map_err(std::io::Error::other)?;
            text.push('\n');
            text.into_bytes()
        }
    };
    finish(streams, output, &checked, &bytes)
}

fn limit_key(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Theme => "max_theme_move",
        _ => "max_commune_move",
    }
}

fn kind_name(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Commune => "commune",
        LineKind::Carrier => "carrier",
        LineKind::Theme => "theme",
        LineKind::Coordinator => "coordinator",
        LineKind::Total => "total",
    }
}

/// The name of period `i` (an index the diff was built from).
fn period_name(s: &Scenario, i: usize) -> &str {
    s.periods.get(i).map_or("", |p| p.name())
}

static NO_FINANCING: Msg = Msg::new(
    "diff.no_financing",
    "Pas de `[financing]` dans le fichier\u{a0}: ETP seulement.",
    "No `[financing]` in the file: ETP only.",
);
static H_ETP: Msg = Msg::new("diff.h.etp", "ETP {period}", "ETP {period}");
static H_EUR: Msg = Msg::new("diff.h.eur", "€/an {period}", "€/year {period}");
static H_CHANGE: Msg = Msg::new("diff.h.change", "évolution", "change");
static H_FLAG: Msg = Msg::new("diff.h.flag", "signal", "flag");
static HOLDERS: Msg = Msg::new(
    "diff.holders",
    "Communes et porteurs",
    "Communes and carriers",
);
static THEMES: Msg = Msg::new("diff.themes", "Thèmes", "Themes");
static COORDINATOR: Msg = Msg::new(
    "diff.coordinator",
    "Coordinateur global",
    "Global coordinator",
);
static FLAGGED: Msg = Msg::new(
    "diff.flagged",
    "{code}\u{a0}: {name} varie de {change} ETP de {from} à {to}, plus que les {limit} ETP admis par `{key}`",
    "{code}: {name} moves {change} ETP from {from} to {to}, more than the {limit} ETP allowed by `{key}`",
);
static NOT_CONSECUTIVE: Msg = Msg::new(
    "diff.not_consecutive",
    "remarque\u{a0}: les limites portent sur des périodes successives\u{202f}; elles sont ici appliquées à toute l'évolution",
    "note: the limits hold between consecutive periods; here they are applied to the whole move",
);

/// A line's name as people read it: a theme by its name, cut as in the
/// other tables when long (`render::label::short`); fixed lines in the
/// language.
fn line_name(l: &Line, lang: Lang) -> String {
    match (l.kind, lang) {
        (LineKind::Theme, _) if l.name.trim().is_empty() => l.id.clone(),
        (LineKind::Theme, _) => crate::render::label::short(&l.name),
        (LineKind::Coordinator, _) => words::word(&COORDINATOR, lang),
        (LineKind::Total, _) => words::word(&words::TOTAL, lang),
        _ => l.name.clone(),
    }
}

fn human(s: &Scenario, d: &Diff, lang: Lang) -> String {
    let (Some(pf), Some(pt)) = (s.periods.get(d.from), s.periods.get(d.to)) else {
        return String::new();
    };
    let (from, to) = (pf.name(), pt.name());
    let mut out = format!(
        "{}{}{} → {}\n",
        s.territory.name,
        lang.colon(),
        words::period_title(pf, lang),
        words::period_title(pt, lang)
    );
    match &s.financing {
        Some(f) => {
            for l in financing_lines(f, lang) {
                out.push_str(&l);
                out.push('\n');
            }
        }
        None => {
            out.push_str(&words::word(&NO_FINANCING, lang));
            out.push('\n');
        }
    }
    out.push('\n');
    let flags = d.flagged().next().is_some();
    let of = |m: &'static Msg, p: &str| words::say(m, "period", p, lang);
    let change = words::word(&H_CHANGE, lang);
    let mut header = vec![
        String::new(),
        of(&H_ETP, from),
        of(&H_ETP, to),
        change.clone(),
    ];
    if d.costs {
        header.extend([of(&H_EUR, from), of(&H_EUR, to), change]);
    }
    if flags {
        header.push(words::word(&H_FLAG, lang));
    }
    let etp = |v| or_unknown(v, |e| lang.etp(e));
    let row = |l: &Line| -> Vec<String> {
        let mut r = vec![
            line_name(l, lang),
            etp(l.from),
            etp(l.to),
            or_unknown(l.change, |e| lang.etp_change(e)),
        ];
        if d.costs {
            r.extend([
                or_unknown(l.from_cost, |c| lang.amount(c)),
                or_unknown(l.to_cost, |c| lang.amount(c)),
                or_unknown(l.cost_change, |c| lang.amount_change(c)),
            ]);
        }
        if flags {
            r.push(l.flag.map(|c| c.to_string()).unwrap_or_default());
        }
        r
    };
    let mut rows = Vec::new();
    let mut section = None;
    for l in &d.lines {
        let title = match l.kind {
            LineKind::Commune | LineKind::Carrier => Some(&HOLDERS),
            LineKind::Theme => Some(&THEMES),
            _ => None,
        };
        if title.is_some() && title != section {
            if section.is_some() {
                rows.push(vec![String::new()]);
            }
            rows.push(vec![title
                .map(|m| words::word(m, lang))
                .unwrap_or_default()]);
            section = title;
        } else if title.is_none() && section.is_some() {
            rows.push(vec![String::new()]);
            section = None;
        }
        rows.push(row(l));
    }
    out.push_str(&text_table(&header, &rows));
    for l in d.flagged() {
        let name = match lang {
            Lang::En => l.id.clone(),
            Lang::Fr => l.name.clone(),
        };
        let line = Text::new(&FLAGGED)
            .arg("code", Arg::raw(l.flag.map_or("", Code::as_str)))
            .arg("name", Arg::raw(name))
            .arg(
                "change",
                Arg::raw(or_unknown(l.change, |e| lang.etp_change(e))),
            )
            .arg("from", Arg::raw(from))
            .arg("to", Arg::raw(to))
            .arg("limit", Arg::raw(etp(l.limit)))
            .arg("key", Arg::raw(limit_key(l.kind)))
            .render(lang);
        out.push('\n');
        out.push_str(&line);
    }
    if flags {
        out.push('\n');
        if d.from.abs_diff(d.to) != 1 {
            out.push_str(&words::word(&NOT_CONSECUTIVE, lang));
            out.push('\n');
        }
    }
    out
}

fn records(s: &Scenario, d: &Diff, style: Style) -> Vec<Vec<String>> {
    let (from, to) = (period_name(s, d.from), period_name(s, d.to));
    let mut header = vec![
        "kind".to_owned(),
        "id".to_owned(),
        "name".to_owned(),
        format!("etp_{from}"),
        format!("etp_{to}"),
        "etp_change".to_owned(),
    ];
    if d.costs {
        header.extend([
            format!("eur_{from}"),
            format!("eur_{to}"),
            "eur_change".to_owned(),
        ]);
    }
    header.push("flag".to_owned());
    let mut out = vec![header];
    for l in &d.lines {
        let mut r = vec![
            kind_name(l.kind).to_owned(),
            l.id.clone(),
            l.name.clone(),
            or_unknown(l.from, |e| fmt_etp(e, style)),
            or_unknown(l.to, |e| fmt_etp(e, style)),
            or_unknown(l.change, |e| fmt_etp(e, style)),
        ];
        if d.costs {
            r.extend([
                or_unknown(l.from_cost, |c| fmt_cents(c, style)),
                or_unknown(l.to_cost, |c| fmt_cents(c, style)),
                or_unknown(l.cost_change, |c| fmt_cents(c, style)),
            ]);
        }
        r.push(l.flag.map(|c| c.to_string()).unwrap_or_default());
        out.push(r);
    }
    out
}

/// The JSON document of `diff --format json`: ETP and amounts as exact
/// decimal strings, unknown as null; the euro fields are null without
/// `[financing]` (`costs` says which).
#[derive(Serialize)]
struct JsonDiff<'a> {
    version: u32,
    file: &'a str,
    territory: &'a str,
    from: &'a str,
    to: &'a str,
    costs: bool,
    unit: &'static str,
    financing: Option<JsonFinancing<'a>>,
    lines: Vec<JsonLine<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    kind: &'static str,
    id: &'a str,
    name: &'a str,
    from: Option<String>,
    to: Option<String>,
    change: Option<String>,
    from_eur: Option<String>,
    to_eur: Option<String>,
    change_eur: Option<String>,
    flag: Option<Code>,
    limit: Option<String>,
}

fn to_json<'a>(s: &'a Scenario, d: &'a Diff, checked: &'a super::Checked) -> JsonDiff<'a> {
    let etp = |v: Option<rust_decimal::Decimal>| v.map(|e| fmt_etp(e, Style::Plain));
    let eur = |v: Option<i64>| v.map(|c| fmt_cents(c, Style::Plain));
    JsonDiff {
        version: 1,
        file: checked.report.source.name(),
        territory: &s.territory.name,
        from: period_name(s, d.from),
        to: period_name(s, d.to),
        costs: d.costs,
        unit: "ETP; EUR per year",
        financing: s.financing.as_ref().map(json_financing),
        lines: d
            .lines
            .iter()
            .map(|l| JsonLine {
                kind: kind_name(l.kind),
                id: &l.id,
                name: &l.name,
                from: etp(l.from),
                to: etp(l.to),
                change: etp(l.change),
                from_eur: eur(l.from_cost),
                to_eur: eur(l.to_cost),
                change_eur: eur(l.cost_change),
                flag: l.flag,
                limit: etp(l.limit),
            })
            .collect(),
        errors: checked.report.count(Severity::Error),
        warnings: checked.report.count(Severity::Warning),
    }
}
