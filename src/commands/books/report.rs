//! The report as a workbook (`report --format xlsx`): a synthesis, the
//! scheme by commune written as the annexes write it (a sheet `ctgplan
//! import` reads back), by theme, the rest to pay by year over the
//! convention, and the check's findings.

use super::fr_dec;
use crate::check::FileReport;
use crate::diagnostic::Severity;
use crate::report::data::{HolderKind, ReportData};
use crate::report::ReportFormat;
use crate::scenario::facts::Facts;
use crate::scenario::{CarrierKind, Scenario, Status};
use crate::xlsx::{Book, Row, Sheet, Value};
use std::path::Path;

/// The report's format from `--format` and the `--out` extension: `--out
/// rapport.xlsx` alone writes a workbook; a mismatch is a usage error.
pub fn resolve_format(
    format: Option<ReportFormat>,
    out: Option<&Path>,
) -> Result<ReportFormat, crate::commands::UsageError> {
    use crate::commands::UsageError;
    let ext = out
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let by_ext = match ext.as_deref() {
        Some("html" | "htm") => Some(ReportFormat::Html),
        Some("md" | "markdown") => Some(ReportFormat::Md),
        Some("xlsx") => Some(ReportFormat::Xlsx),
        Some(e @ ("csv" | "json" | "ods" | "xls" | "pdf" | "txt")) => {
            return Err(UsageError::ReportExtension { ext: e.to_owned() })
        }
        _ => None,
    };
    let name = |f: ReportFormat| match f {
        ReportFormat::Html => "html",
        ReportFormat::Md => "md",
        ReportFormat::Xlsx => "xlsx",
    };
    let chosen = match (format, by_ext) {
        (Some(f), Some(e)) if f != e => {
            return Err(UsageError::FormatMismatch {
                format: name(f).to_owned(),
                out: out.map(|p| p.display().to_string()).unwrap_or_default(),
                name_as: name(f).to_owned(),
                by_ext: name(e).to_owned(),
            })
        }
        (Some(f), _) => f,
        (None, Some(e)) => e,
        (None, None) => ReportFormat::Html,
    };
    if chosen == ReportFormat::Xlsx && by_ext != Some(ReportFormat::Xlsx) {
        return Err(UsageError::ReportWorkbookNeedsOut);
    }
    Ok(chosen)
}

/// The annexes' words for the AFAS themes; other themes by their label.
fn theme_word<'a>(id: &str, label: &'a str) -> &'a str {
    match id {
        "petite_enfance" => "Petite enfance",
        "enfance_jeunesse" => "Enfance jeunesse",
        "parentalite" => "Parentalité",
        "acces_droits" => "Accès aux droits",
        _ => label,
    }
}

/// The name of sheet 2, which `ctgplan import --sheet` reads back.
pub const ANNEX_SHEET: &str = "Répartition communale";

/// A period's column header, holding its years and its kind so that import
/// reads them back (`import::annex::kind_in`).
fn period_header(p: &crate::report::data::PeriodData) -> String {
    use crate::scenario::PeriodKind;
    let word = p.kind.map(|k| match k {
        PeriodKind::Past => "passé",
        PeriodKind::Current => "en cours",
        PeriodKind::Transitional => "transitoire",
        PeriodKind::Target => "cible",
    });
    // A label that already says its kind ("transitoire") keeps its words.
    let said = |l: &str| word.is_none() || crate::import::annex::kind_in(l) == p.kind;
    match (&p.label, word) {
        (Some(l), _) if l.contains(&p.id) && said(l) => l.clone(),
        (Some(l), Some(w)) if l.contains(&p.id) => format!("{l} ({w})"),
        (Some(l), Some(w)) if !said(l) => format!("{l} ({}, {w})", p.id),
        (Some(l), _) => format!("{l} ({})", p.id),
        (None, Some(w)) => format!("Schéma {w} {}", p.id),
        (None, None) => format!("Schéma {}", p.id),
    }
}

/// `report --format xlsx`.
pub fn book(s: &Scenario, report: &FileReport, data: &ReportData) -> Book {
    let errors = report.count(Severity::Error);
    let mut sheets = vec![synthesis(data), annex(s, data), themes(data)];
    if let Some(b) = budget_sheet(s) {
        sheets.push(b);
    }
    sheets.push(findings(data));
    Book { sheets, errors }
}

fn synthesis(data: &ReportData) -> Sheet {
    let mut notes = Vec::new();
    if let Some(c) = &data.caf {
        notes.push(c.clone());
    }
    if let Some(e) = &data.epci {
        notes.push(e.clone());
    }
    // The catalogue's count, with French plurals (0 erreur, 3 avertissements).
    notes.push(format!(
        "Fichier\u{a0}: {}\u{202f}; {} (feuille Constats)",
        data.file,
        crate::i18n::Lang::Fr.error_count(data.errors, data.warnings)
    ));
    Sheet {
        name: "Synthèse".to_owned(),
        title: format!(
            "{}\u{a0}: synthèse des schémas de coopération",
            data.territory
        ),
        notes,
        header: [
            "Période",
            "Intitulé",
            "Années",
            "ETP des communes et porteurs",
            "Coordinateur global",
            "Total",
            "Cofinancé par la Caf",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: data
            .periods
            .iter()
            .map(|p| {
                let holders = p
                    .rows
                    .iter()
                    .map(|r| r.etp)
                    .try_fold(rust_decimal::Decimal::ZERO, |a, e| Some(a + e?));
                Row::new(vec![
                    Value::text(&p.id),
                    Value::text(p.label.clone().unwrap_or_default()),
                    p.years.map_or(Value::Empty, Value::Int),
                    Value::etp(holders),
                    p.coordinator
                        .as_ref()
                        .map_or(Value::Etp(rust_decimal::Decimal::ZERO), |c| {
                            Value::Etp(c.etp)
                        }),
                    Value::etp(p.total),
                    p.caf_total.map_or(Value::Empty, Value::Etp),
                ])
            })
            .collect(),
        totals: Vec::new(),
    }
}

/// The scheme by commune, one text cell per period as the annexes write
/// it: "0,2 ETP -Petite enfance -Parentalité".
fn annex(s: &Scenario, data: &ReportData) -> Sheet {
    let label = |id: &str| -> String {
        data.themes
            .iter()
            .find(|(t, _)| t == id)
            .map_or(id, |(t, l)| theme_word(t, l))
            .to_owned()
    };
    let mut names: Vec<(String, String)> = s
        .communes
        .iter()
        .map(|c| (c.id.id.clone(), c.name.clone()))
        .collect();
    // Operators hold the coordinator's row; other carriers have their own.
    names.extend(
        s.carriers
            .iter()
            .filter(|c| c.kind != CarrierKind::Operator)
            .map(|c| (c.id.id.clone(), c.name.clone())),
    );
    let mut rows = Vec::new();
    for (id, name) in &names {
        let mut cells = vec![Value::text(name)];
        for p in &data.periods {
            let text = match p.rows.iter().find(|r| &r.id == id) {
                None => "Néant".to_owned(),
                Some(r) => match (r.etp, &r.pooled_with) {
                    (_, Some(host)) => format!("0 porté par la ville de {host}"),
                    (None, None) => "?".to_owned(),
                    (Some(e), None) => {
                        let mut t = format!("{} ETP", fr_dec(e));
                        match r.status {
                            Status::NeverFilled => t.push_str(" jamais pourvu"),
                            Status::ToBeNegotiated => t.push_str(" (à négocier)"),
                            Status::Vacant => t.push_str(" vacant"),
                            Status::Filled => {}
                        }
                        if r.externalised && r.kind == HolderKind::Commune {
                            t.push_str(" externalisé");
                        }
                        for th in r.themes.iter().flatten() {
                            t.push_str(&format!(" -{}", label(th)));
                        }
                        t
                    }
                },
            };
            cells.push(Value::Text(text));
        }
        rows.push(Row::new(cells));
    }
    let mut global = vec![Value::text("Global")];
    let mut total = vec![Value::text("TOTAL")];
    for p in &data.periods {
        global.push(Value::Text(match &p.coordinator {
            None => "0".to_owned(),
            Some(c) if c.externalised => format!("{} ETP externalisé", fr_dec(c.etp)),
            Some(c) => match &c.holder {
                Some(h) => format!("{} ETP porté par la ville de {h}", fr_dec(c.etp)),
                None => format!("{} ETP", fr_dec(c.etp)),
            },
        }));
        total.push(Value::Text(
            p.total
                .map_or("?".to_owned(), |t| format!("{} ETP", fr_dec(t))),
        ));
    }
    rows.push(Row::new(global));
    rows.push(Row::new(total));
    let themes_below = theme_rows(data);
    let mut header = vec!["Communes".to_owned()];
    header.extend(data.periods.iter().map(period_header));
    Sheet {
        name: ANNEX_SHEET.to_owned(),
        // The territory alone: `import` takes the first line as its name.
        title: data.territory.clone(),
        notes: vec![
            "Répartition communale des schémas, écrite comme les annexes l'écrivent\u{202f}; `ctgplan import` relit cette feuille".to_owned(),
        ],
        header,
        rows,
        totals: themes_below,
    }
}

/// Below the commune table, the theme totals as a second table ("Thèmes"
/// header, one row per theme), which `import` reads too; only the periods
/// with theme totals have a column, and only AFAS themes are written.
fn theme_rows(data: &ReportData) -> Vec<Row> {
    let afas = data
        .themes
        .iter()
        .all(|(id, _)| crate::scenario::AFAS_THEMES.iter().any(|(a, _)| a == id));
    if !afas || data.periods.iter().all(|p| p.theme_totals.is_none()) {
        return Vec::new();
    }
    let n = data.periods.len() + 1;
    let mut header = vec![Value::text("Thèmes")];
    header.extend(data.periods.iter().map(|p| match p.theme_totals {
        Some(_) => Value::Text(period_header(p)),
        None => Value::Empty,
    }));
    let mut rows = vec![Row::new(vec![Value::Empty; n]), Row::new(header)];
    for (k, (id, label)) in data.themes.iter().enumerate() {
        let mut cells = vec![Value::text(theme_word(id, label))];
        cells.extend(data.periods.iter().map(|p| {
            match p.theme_totals.as_ref().map(|t| t.get(k).copied().flatten()) {
                Some(Some(e)) => Value::Text(format!("{} ETP", fr_dec(e))),
                Some(None) => Value::text("0"),
                None => Value::Empty,
            }
        }));
        rows.push(Row::new(cells));
    }
    rows
}

fn themes(data: &ReportData) -> Sheet {
    let mut header = vec!["Thème".to_owned()];
    header.extend(data.periods.iter().map(|p| format!("ETP {}", p.id)));
    let mut rows: Vec<Row> = data
        .themes
        .iter()
        .enumerate()
        .map(|(k, (_, l))| {
            let mut cells = vec![Value::text(l)];
            for p in &data.periods {
                cells.push(match &p.theme_totals {
                    Some(t) => Value::etp(t.get(k).copied().flatten()),
                    None => Value::Unknown,
                });
            }
            Row::new(cells)
        })
        .collect();
    let mut coord = vec![Value::text("Coordinateur global")];
    coord.extend(data.periods.iter().map(|p| {
        Value::Etp(
            p.coordinator
                .as_ref()
                .map_or(rust_decimal::Decimal::ZERO, |c| c.etp),
        )
    }));
    rows.push(Row::new(coord));
    let mut total = vec![Value::text("Total")];
    total.extend(data.periods.iter().map(|_| Value::SumColumn));
    Sheet {
        name: "Par thème".to_owned(),
        title: format!("{}\u{a0}: ETP par thème", data.territory),
        notes: vec!["« ? »\u{a0}: la période ne donne pas de totaux par thème".to_owned()],
        header,
        rows,
        totals: vec![Row::new(total)],
    }
}

/// The rest to pay by commune and year over the convention's years (from
/// `[governance]`, else the periods'), when `[financing]` is given.
fn budget_sheet(s: &Scenario) -> Option<Sheet> {
    let years = s
        .governance
        .as_ref()
        .and_then(|g| crate::governance::calendar::convention_years(s, g))
        .or_else(|| crate::governance::calendar::periods_years(s))?;
    let f = s.financing.as_ref()?;
    let b = crate::finance::budget::budget(s, &Facts::of(s), years.0, years.1).ok()?;
    super::cost::budget_sheets(s, f, &b)
        .into_iter()
        .nth(1)
        .map(|mut sh| {
            sh.name = "Coûts par année".to_owned();
            sh
        })
}

fn findings(data: &ReportData) -> Sheet {
    Sheet {
        name: "Constats".to_owned(),
        title: format!("{}\u{a0}: constats de `ctgplan check`", data.territory),
        notes: vec!["`ctgplan explain CODE` explique chaque règle".to_owned()],
        header: ["Code", "Gravité", "Ligne", "Constat", "Que faire"]
            .map(str::to_owned)
            .to_vec(),
        rows: data
            .diagnostics
            .iter()
            .map(|d| {
                Row::new(vec![
                    Value::text(d.code.to_string()),
                    Value::text(match d.severity {
                        Severity::Error => "erreur",
                        Severity::Warning => "avertissement",
                    }),
                    d.line
                        .and_then(|l| i64::try_from(l).ok())
                        .map_or(Value::Empty, Value::Int),
                    // The workbook is in French.
                    Value::text(d.message.render(crate::i18n::Lang::Fr)),
                    Value::text(
                        d.help
                            .as_ref()
                            .map(|h| h.render(crate::i18n::Lang::Fr))
                            .unwrap_or_default(),
                    ),
                ])
                .breach(d.severity == Severity::Error)
            })
            .collect(),
        totals: Vec::new(),
    }
}
