//! `ctgplan portfolio CAF.toml`: a Caf's CTGs added up year by year: per
//! territory the co-financed ETP, the Caf's euros and the communes' rest;
//! the envelope and what is left in it; the themes across territories;
//! which conventions end when. The sums are `portfolio::summary`'s, the
//! checks `check::portfolio`'s; this is the presentation.

use super::{csv_bytes, text_table, CsvStyle, Streams};
use crate::check::portfolio::{check_path, PortfolioCheck};
use crate::check::{check_file, FileReport};
use crate::diagnostic::Severity;
use crate::exit::ExitStatus;
use crate::finance::money::{fmt_cents, fmt_etp, or_unknown, Style};
use crate::fsutil;
use crate::i18n::{Arg, Lang, Msg, Text};
use crate::portfolio::summary::{Basis, Summary, YearSummary};
use crate::render::human;
use crate::render::safe::escape_line;
use crate::report::escape_markdown;
use clap::ValueEnum;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::Path;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortfolioFormat {
    /// Tables for the terminal.
    Human,
    /// Markdown tables (for a note to the board).
    Md,
    /// CSV for a spreadsheet: one row per year and territory, and a total row per year.
    Csv,
    /// JSON; amounts and ETP as exact decimal strings.
    Json,
}

/// Where and how to write the result.
pub struct Options<'a> {
    pub format: PortfolioFormat,
    pub csv_style: CsvStyle,
    pub out: Option<&'a Path>,
    pub force: bool,
}

pub fn run(streams: &mut Streams, file: &Path, opts: &Options) -> std::io::Result<ExitStatus> {
    let pc = check_path(file);
    let covered_reports: Vec<FileReport> = pc.paths.iter().map(|p| check_file(p)).collect();
    let reports: Vec<&FileReport> = std::iter::once(&pc.report)
        .chain(covered_reports.iter())
        .collect();
    let human_out = opts.format == PortfolioFormat::Human;
    let lang = streams.lang;
    {
        let w: &mut dyn codespan_reporting::term::termcolor::WriteColor =
            if human_out { streams.out } else { streams.err };
        for r in &reports {
            let unusable = r.unusable();
            for d in &r.diagnostics {
                if d.severity == Severity::Error || unusable {
                    human::write_diagnostic(w, &r.source, d, lang)?;
                }
            }
            let warnings = r.count(Severity::Warning);
            if warnings > 0 && !unusable {
                let note = Text::new(&super::words::WARNINGS_NOTE)
                    .arg("file", Arg::raw(r.source.name()))
                    .arg("n", Arg::count(warnings))
                    .render(lang);
                writeln!(w, "{note}\n")?;
            }
        }
    }
    let code = if reports.iter().any(|r| r.unusable()) {
        ExitStatus::Unusable
    } else {
        ExitStatus::breached_if(reports.iter().any(|r| r.count(Severity::Error) > 0))
    };
    let (Some(_), Some(summary)) = (&pc.portfolio, &pc.summary) else {
        return Ok(ExitStatus::Unusable);
    };
    let bytes = match opts.format {
        PortfolioFormat::Human => human_text(&pc, summary, lang).into_bytes(),
        PortfolioFormat::Md => markdown(&pc, summary, lang).into_bytes(),
        PortfolioFormat::Csv => {
            let style = match opts.csv_style {
                CsvStyle::French => Style::French,
                CsvStyle::Plain => Style::Plain,
            };
            csv_bytes(opts.csv_style, &records(&pc, summary, style))?
        }
        PortfolioFormat::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(&pc, summary, &reports))
                .map_err(std::io::Error::other)?;
            text.push('\n');
            text.into_bytes()
        }
    };
    match opts.out {
        Some(path) => match fsutil::write_output(path, &bytes, opts.force, &[file]) {
            Ok(()) => {
                let w = if human_out {
                    &mut *streams.out
                } else {
                    &mut *streams.err
                };
                let msg = super::words::say(
                    &super::words::WROTE,
                    "path",
                    path.display().to_string(),
                    lang,
                );
                writeln!(w, "{msg}")?;
            }
            Err(e) => {
                writeln!(
                    streams.err,
                    "{}",
                    crate::fsutil::cannot_write(path, &e, lang)
                )?;
                return Ok(ExitStatus::Unusable);
            }
        },
        None => {
            streams.out.write_all(&bytes)?;
            streams.out.flush()?;
        }
    }
    Ok(code)
}

/// Text from a file, on one line and safe for a terminal
/// (`render::safe`); CSV cells are neutralised by `csv_bytes`.
fn plain(text: &str) -> String {
    escape_line(text).into_owned()
}

fn eur(v: Option<i64>, style: Style) -> String {
    or_unknown(v, |c| fmt_cents(c, style))
}

/// Which envelope columns the tables need.
fn has_envelope(s: &Summary) -> (bool, bool) {
    (
        s.years.iter().any(|y| y.envelope_etp.is_some()),
        s.years.iter().any(|y| y.envelope_euros.is_some()),
    )
}

struct Tables {
    main_header: Vec<String>,
    main: Vec<Vec<String>>,
    theme_header: Vec<String>,
    themes: Vec<Vec<String>>,
    renewal_header: Vec<String>,
    renewals: Vec<Vec<String>>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// The three tables, for people (`escape` makes file text safe for the output).
fn tables(pc: &PortfolioCheck, s: &Summary, escape: &dyn Fn(&str) -> String, lang: Lang) -> Tables {
    let etp = |v: Option<Decimal>| or_unknown(v, |e| lang.etp(e));
    let eur = |v: Option<i64>| or_unknown(v, |c| lang.amount(c));
    let (env_etp, env_eur) = has_envelope(s);
    let year_word = crate::tr!(lang, "portfolio.h.year", "Année", "Year");
    let total_word = super::words::word(&super::words::TOTAL, lang);
    let none_word = crate::tr!(lang, "portfolio.none", "aucune", "none");
    let mut main_header = vec![
        year_word.clone(),
        crate::tr!(lang, "portfolio.h.territory", "Territoire", "Territory"),
        crate::tr!(lang, "portfolio.h.period", "Période", "Period"),
        crate::tr!(
            lang,
            "portfolio.h.cofinanced",
            "ETP cofinancés",
            "Co-financed ETP"
        ),
    ];
    if env_etp {
        main_header.extend([
            crate::tr!(
                lang,
                "portfolio.h.envelope_etp",
                "ETP de l'enveloppe",
                "Envelope ETP"
            ),
            crate::tr!(lang, "portfolio.h.left_etp", "ETP restants", "Left ETP"),
        ]);
    }
    main_header.push(crate::tr!(
        lang,
        "portfolio.h.caf",
        "Caf €/an",
        "Caf €/year"
    ));
    if env_eur {
        main_header.extend([
            crate::tr!(
                lang,
                "portfolio.h.envelope_eur",
                "€ de l'enveloppe",
                "Envelope €"
            ),
            crate::tr!(lang, "portfolio.h.left_eur", "€ restants", "Left €"),
        ]);
    }
    main_header.push(crate::tr!(
        lang,
        "portfolio.h.rest",
        "Reste des communes €/an",
        "Communes' rest €/year"
    ));
    let mut main = Vec::new();
    for y in &s.years {
        for r in &y.rows {
            let Some(c) = pc.covered.get(r.territory) else {
                continue;
            };
            let period = c.scenario.periods.get(r.period).map_or("", |p| p.name());
            let mark = if r.basis == Basis::Total {
                " (total)"
            } else {
                ""
            };
            let mut row = vec![
                y.year.to_string(),
                escape(&c.scenario.territory.name),
                escape(period),
                format!("{}{mark}", etp(r.etp)),
            ];
            if env_etp {
                row.extend([String::new(), String::new()]);
            }
            row.push(eur(r.caf));
            if env_eur {
                row.extend([String::new(), String::new()]);
            }
            row.push(eur(r.rest));
            main.push(row);
        }
        let mut row = vec![
            y.year.to_string(),
            total_word.clone(),
            String::new(),
            etp(y.etp),
        ];
        if env_etp {
            row.extend([etp(y.envelope_etp), etp(y.left_etp)]);
            if y.envelope_etp.is_none() {
                if let Some(v) = row.last_mut() {
                    v.clear();
                }
                if let Some(v) = row.get_mut(4) {
                    v.clone_from(&none_word);
                }
            }
        }
        row.push(eur(y.caf));
        if env_eur {
            row.extend([eur(y.envelope_euros), eur(y.left_euros)]);
            if y.envelope_euros.is_none() {
                let n = row.len();
                if let Some(v) = row.get_mut(n - 1) {
                    v.clear();
                }
                if let Some(v) = row.get_mut(n - 2) {
                    v.clone_from(&none_word);
                }
            }
        }
        row.push(eur(y.rest));
        main.push(row);
    }
    let mut theme_header = vec![year_word];
    // The names people read, shortened for a column (the annexes' longest is
    // 95 characters); the CSV keeps the ids as its column keys.
    theme_header.extend(
        s.theme_names
            .iter()
            .map(|t| escape(&crate::render::label::short(t))),
    );
    theme_header.extend([
        crate::tr!(
            lang,
            "portfolio.h.coordinator",
            "Coordinateur",
            "Coordinator"
        ),
        crate::tr!(
            lang,
            "portfolio.h.with_themes",
            "Territoires avec totaux par thème",
            "Territories with theme totals"
        ),
    ]);
    let themes = s
        .years
        .iter()
        .filter(|y| !y.rows.is_empty())
        .map(|y| theme_row(y, s, lang))
        .collect();
    let renewal_header = vec![
        crate::tr!(lang, "portfolio.h.ends", "Fin", "Ends"),
        crate::tr!(
            lang,
            "portfolio.h.renewal",
            "Renouvellement pour",
            "Renewal for"
        ),
        crate::tr!(lang, "portfolio.h.territory", "Territoire", "Territory"),
        crate::tr!(lang, "portfolio.h.file", "Fichier", "File"),
        crate::tr!(
            lang,
            "portfolio.h.last_period",
            "Dernière période",
            "Last period"
        ),
    ];
    let renewals = s
        .renewals
        .iter()
        .filter_map(|r| {
            let c = pc.covered.get(r.territory)?;
            Some(vec![
                r.last_year.to_string(),
                (r.last_year + 1).to_string(),
                escape(&c.scenario.territory.name),
                escape(&c.file),
                escape(c.scenario.periods.get(r.period).map_or("", |p| p.name())),
            ])
        })
        .collect();
    Tables {
        main_header,
        main,
        theme_header,
        themes,
        renewal_header,
        renewals,
    }
}

fn theme_row(y: &YearSummary, s: &Summary, lang: Lang) -> Vec<String> {
    let mut row = vec![y.year.to_string()];
    for t in &s.themes {
        let v = y.themes.iter().find(|(id, _)| id == t).map(|(_, v)| *v);
        row.push(or_unknown(v, |e| lang.etp(e)));
    }
    row.push(lang.etp(y.coordinator));
    let with = y.rows.iter().filter(|r| r.themes.is_some()).count();
    row.push(
        crate::tr!(lang, "portfolio.n_of", "{n} sur {of}", "{n} of {of}",
        "n" => with.to_string(), "of" => y.rows.len().to_string()),
    );
    row
}

fn heading(pc: &PortfolioCheck) -> (String, Option<String>) {
    let Some(p) = &pc.portfolio else {
        return (String::new(), None);
    };
    let title = match &p.label {
        Some(l) => format!("{} — {l}", p.caf.id),
        None => p.caf.id.clone(),
    };
    (title, p.assumption.clone())
}

fn human_text(pc: &PortfolioCheck, s: &Summary, lang: Lang) -> String {
    let t = tables(pc, s, &plain, lang);
    let (title, assumption) = heading(pc);
    let mut out = format!("{}\n", plain(&title));
    if let Some(a) = assumption {
        out.push_str(
            &crate::tr!(lang, "portfolio.assumption", "Hypothèse\u{a0}: {a}", "Assumption: {a}",
            "a" => plain(&a)),
        );
        out.push('\n');
    }
    static TERRITORIES: Msg = Msg::new(
        "portfolio.territories",
        "{n} {n:territoire|territoires}\u{202f}; les ETP cofinancés sont le `caf_total` de chaque période, ou son total quand elle n'en a pas (marqué «\u{a0}(total)\u{a0}»)",
        "{n} {n:territory|territories}; co-financed ETP are each period's `caf_total`, or its total when it has none (marked \"(total)\")",
    );
    out.push_str(
        &Text::new(&TERRITORIES)
            .arg("n", Arg::count(pc.covered.len()))
            .render(lang),
    );
    out.push_str("\n\n");
    out.push_str(&text_table(&t.main_header, &t.main));
    if !s.themes.is_empty() {
        out.push_str(&format!("\n{}\n", crate::tr!(lang, "portfolio.themes",
            "Thèmes de l'ensemble des territoires (ETP\u{202f}; seulement les territoires qui ont des totaux par thème)",
            "Themes across territories (ETP; only territories with theme totals)")));
        out.push_str(&text_table(&t.theme_header, &t.themes));
    }
    out.push_str(&format!(
        "\n{}\n",
        crate::tr!(
            lang,
            "portfolio.renewals",
            "Renouvellements à venir",
            "Renewals due"
        )
    ));
    out.push_str(&text_table(&t.renewal_header, &t.renewals));
    out.push_str(&undated_note(pc, s, &plain, lang));
    out
}

fn undated_note(
    pc: &PortfolioCheck,
    s: &Summary,
    escape: &dyn Fn(&str) -> String,
    lang: Lang,
) -> String {
    let names: Vec<String> = s
        .undated
        .iter()
        .filter_map(|&t| pc.covered.get(t).map(|c| escape(&c.file)))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(
            "\n{}\n",
            crate::tr!(lang, "portfolio.undated",
            "Dans aucune année (aucune période n'a d'années, CTG117)\u{a0}: {names}",
            "Not in any year (no period has years, CTG117): {names}",
            "names" => names.join(", "))
        )
    }
}

fn md_table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!(
        "|{}\n",
        header
            .iter()
            .enumerate()
            .map(|(i, _)| if i < 3 { "---|" } else { "---:|" })
            .collect::<String>()
    ));
    for r in rows {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out
}

fn markdown(pc: &PortfolioCheck, s: &Summary, lang: Lang) -> String {
    let esc = |t: &str| escape_markdown(&plain(t));
    let t = tables(pc, s, &esc, lang);
    let (title, assumption) = heading(pc);
    let mut out = format!("# {}\n\n", esc(&title));
    if let Some(a) = assumption {
        out.push_str(
            &crate::tr!(lang, "portfolio.md.assumption", "*Hypothèse\u{a0}:* {a}", "*Assumption:* {a}",
            "a" => esc(&a)),
        );
        out.push_str("\n\n");
    }
    out.push_str(&crate::tr!(lang, "portfolio.md.intro",
        "Les ETP cofinancés sont le `caf_total` de chaque période, ou son total quand elle n'en a pas (marqué «\u{a0}(total)\u{a0}»)\u{202f}; les euros sont par an\u{202f};\u{202f}? est inconnu.",
        "Co-financed ETP are each period's `caf_total`, or its total when it has none (marked \"(total)\"); euros are per year; ? is unknown."));
    out.push_str(&format!(
        "\n\n## {}\n\n",
        crate::tr!(
            lang,
            "portfolio.md.per_year",
            "Par année et par territoire",
            "Per year and territory"
        )
    ));
    out.push_str(&md_table(&t.main_header, &t.main));
    if !s.themes.is_empty() {
        out.push_str(&format!(
            "\n## {}\n\n",
            crate::tr!(
                lang,
                "portfolio.md.themes",
                "Thèmes de l'ensemble des territoires (ETP)",
                "Themes across territories (ETP)"
            )
        ));
        out.push_str(&md_table(&t.theme_header, &t.themes));
    }
    out.push_str(&format!(
        "\n## {}\n\n",
        crate::tr!(
            lang,
            "portfolio.renewals",
            "Renouvellements à venir",
            "Renewals due"
        )
    ));
    out.push_str(&md_table(&t.renewal_header, &t.renewals));
    out.push_str(&undated_note(pc, s, &esc, lang));
    out
}

fn records(pc: &PortfolioCheck, s: &Summary, style: Style) -> Vec<Vec<String>> {
    let mut header = strings(&[
        "year",
        "territory",
        "file",
        "period",
        "basis",
        "cofinanced_etp",
        "caf_eur",
        "rest_eur",
        "envelope_etp",
        "left_etp",
        "envelope_eur",
        "left_eur",
    ]);
    header.extend(s.themes.iter().map(|t| plain(t)));
    header.push("coordinator_etp".into());
    let mut out = vec![header];
    for y in &s.years {
        for r in &y.rows {
            let Some(c) = pc.covered.get(r.territory) else {
                continue;
            };
            let mut row = vec![
                y.year.to_string(),
                plain(&c.scenario.territory.name),
                plain(&c.file),
                plain(c.scenario.periods.get(r.period).map_or("", |p| p.name())),
                basis(r.basis).into(),
                or_unknown(r.etp, |e| fmt_etp(e, style)),
                eur(r.caf, style),
                eur(r.rest, style),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ];
            for t in &s.themes {
                row.push(
                    r.themes
                        .iter()
                        .flatten()
                        .find(|(id, _)| id == t)
                        .map_or(String::new(), |(_, v)| fmt_etp(*v, style)),
                );
            }
            row.push(fmt_etp(r.coordinator, style));
            out.push(row);
        }
        let opt_eur = |v: Option<i64>| v.map_or(String::new(), |c| fmt_cents(c, style));
        let opt_etp = |v: Option<Decimal>| v.map_or(String::new(), |e| fmt_etp(e, style));
        let mut row = vec![
            y.year.to_string(),
            "Total".into(),
            String::new(),
            String::new(),
            String::new(),
            or_unknown(y.etp, |e| fmt_etp(e, style)),
            eur(y.caf, style),
            eur(y.rest, style),
            opt_etp(y.envelope_etp),
            opt_etp(y.left_etp),
            opt_eur(y.envelope_euros),
            opt_eur(y.left_euros),
        ];
        for t in &s.themes {
            row.push(
                y.themes
                    .iter()
                    .find(|(id, _)| id == t)
                    .map_or(String::new(), |(_, v)| fmt_etp(*v, style)),
            );
        }
        row.push(fmt_etp(y.coordinator, style));
        out.push(row);
    }
    out
}

fn basis(b: Basis) -> &'static str {
    match b {
        Basis::CafTotal => "caf_total",
        Basis::Total => "total",
    }
}

fn js_etp(v: Option<Decimal>) -> Option<String> {
    v.map(|e| fmt_etp(e, Style::Plain))
}

fn js_eur(v: Option<i64>) -> Option<String> {
    v.map(|c| fmt_cents(c, Style::Plain))
}

#[derive(Serialize)]
struct JsonPortfolio<'a> {
    version: u32,
    file: &'a str,
    caf: &'a str,
    label: Option<&'a str>,
    assumption: Option<&'a str>,
    territories: Vec<JsonTerritory<'a>>,
    years: Vec<JsonYear<'a>>,
    renewals: Vec<JsonRenewal<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonTerritory<'a> {
    file: &'a str,
    name: &'a str,
    caf: Option<&'a str>,
    priority: Option<u32>,
    floor: Option<String>,
}

#[derive(Serialize)]
struct JsonYear<'a> {
    year: i32,
    cofinanced_etp: Option<String>,
    caf_eur: Option<String>,
    rest_eur: Option<String>,
    envelope_etp: Option<String>,
    envelope_eur: Option<String>,
    left_etp: Option<String>,
    left_eur: Option<String>,
    themes: indexmap::IndexMap<&'a str, String>,
    themes_complete: bool,
    coordinator_etp: String,
    territories: Vec<JsonTerritoryYear<'a>>,
}

#[derive(Serialize)]
struct JsonTerritoryYear<'a> {
    file: &'a str,
    period: &'a str,
    basis: Basis,
    cofinanced_etp: Option<String>,
    caf_eur: Option<String>,
    rest_eur: Option<String>,
    themes: Option<indexmap::IndexMap<&'a str, String>>,
    coordinator_etp: String,
}

#[derive(Serialize)]
struct JsonRenewal<'a> {
    file: &'a str,
    last_year: i32,
    renewal_for: i32,
    period: &'a str,
}

fn to_json<'a>(
    pc: &'a PortfolioCheck,
    s: &'a Summary,
    reports: &[&FileReport],
) -> JsonPortfolio<'a> {
    let p = pc.portfolio.as_ref();
    let file_of = |t: usize| pc.covered.get(t).map_or("", |c| c.file.as_str());
    let period_of = |t: usize, k: usize| {
        pc.covered
            .get(t)
            .and_then(|c| c.scenario.periods.get(k))
            .map_or("", |p| p.name())
    };
    JsonPortfolio {
        version: 1,
        file: pc.report.source.name(),
        caf: p.map_or("", |p| p.caf.id.as_str()),
        label: p.and_then(|p| p.label.as_deref()),
        assumption: p.and_then(|p| p.assumption.as_deref()),
        territories: pc
            .covered
            .iter()
            .map(|c| {
                let e = p.and_then(|p| c.entry(p));
                JsonTerritory {
                    file: &c.file,
                    name: &c.scenario.territory.name,
                    caf: c.scenario.territory.caf.as_deref(),
                    priority: e.and_then(|e| e.priority.as_ref().map(|(v, _)| *v)),
                    floor: js_etp(e.and_then(|e| e.floor.map(|f| f.value))),
                }
            })
            .collect(),
        years: s
            .years
            .iter()
            .map(|y| JsonYear {
                year: y.year,
                cofinanced_etp: js_etp(y.etp),
                caf_eur: js_eur(y.caf),
                rest_eur: js_eur(y.rest),
                envelope_etp: js_etp(y.envelope_etp),
                envelope_eur: js_eur(y.envelope_euros),
                left_etp: js_etp(y.left_etp),
                left_eur: js_eur(y.left_euros),
                themes: y
                    .themes
                    .iter()
                    .map(|(t, v)| (t.as_str(), fmt_etp(*v, Style::Plain)))
                    .collect(),
                themes_complete: y.themes_complete,
                coordinator_etp: fmt_etp(y.coordinator, Style::Plain),
                territories: y
                    .rows
                    .iter()
                    .map(|r| JsonTerritoryYear {
                        file: file_of(r.territory),
                        period: period_of(r.territory, r.period),
                        basis: r.basis,
                        cofinanced_etp: js_etp(r.etp),
                        caf_eur: js_eur(r.caf),
                        rest_eur: js_eur(r.rest),
                        themes: r.themes.as_ref().map(|th| {
                            th.iter()
                                .map(|(t, v)| (t.as_str(), fmt_etp(*v, Style::Plain)))
                                .collect()
                        }),
                        coordinator_etp: fmt_etp(r.coordinator, Style::Plain),
                    })
                    .collect(),
            })
            .collect(),
        renewals: s
            .renewals
            .iter()
            .map(|r| JsonRenewal {
                file: file_of(r.territory),
                last_year: r.last_year,
                renewal_for: r.last_year + 1,
                period: period_of(r.territory, r.period),
            })
            .collect(),
        errors: reports.iter().map(|r| r.count(Severity::Error)).sum(),
        warnings: reports.iter().map(|r| r.count(Severity::Warning)).sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_be_formulas_or_control_sequences() {
        let bytes = csv_bytes(
            CsvStyle::Plain,
            &[vec![plain("=1+1"), plain("-x"), plain("Istres")]],
        )
        .unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "'=1+1,'-x,Istres\n");
        assert_eq!(plain("a\u{1b}[31m\nb"), "a\\u001b[31m\\u000ab");
    }
}
