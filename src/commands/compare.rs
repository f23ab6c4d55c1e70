//! `ctgplan compare BASE VARIANT...`: scenarios side by side for one period:
//! per commune (and carrier) its ETP, what it pays per year after the Caf's
//! part, and the Caf's part; per theme its ETP; the totals; and what each
//! file breaks (its diagnostics' codes, those the base does not have marked
//! as new). The figures are `check`'s and `cost`'s (`scenario::facts`,
//! `finance::cost`); this module only lines them up and writes them.

use super::{csv_bytes, CsvStyle};
use crate::check::{check_loaded, FileReport};
use crate::code::Code;
use crate::diagnostic::Severity;
use crate::exit::ExitStatus;
use crate::finance::cost::{period_cost, PeriodCost};
use crate::finance::money::{fmt_cents, fmt_etp, Style};
use crate::fsutil;
use crate::render::human;
use crate::report::Lang;
use crate::scenario::facts::Facts;
use crate::scenario::{load_path, Scenario};
use clap::ValueEnum;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::{Path, PathBuf};

use super::Streams;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareFormat {
    /// Tables for the terminal.
    Human,
    /// Markdown tables (for minutes, a wiki, an e-mail).
    Md,
    /// CSV for a spreadsheet, one line per item and scenario (see --csv-style).
    Csv,
    /// JSON; ETP and euros as exact decimal strings.
    Json,
}

/// What `compare` is asked.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub period: Option<&'a str>,
    pub format: CompareFormat,
    pub csv_style: CsvStyle,
    pub out: Option<&'a Path>,
    pub force: bool,
    pub lang: Lang,
}

fn t(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// One scenario of the comparison.
pub struct Column {
    pub file: PathBuf,
    /// The variant's `label`, else the file's name without `.toml`.
    pub label: String,
    pub scenario: Scenario,
    pub report: FileReport,
    /// Index of the compared period in this scenario.
    pub index: usize,
    pub facts: Facts,
    pub cost: Option<PeriodCost>,
}

/// One holder's figures in one scenario.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    pub etp: Option<Decimal>,
    /// What it pays per year after the Caf's part, in cents.
    pub pays: Option<i64>,
    /// The Caf's part of its posts per year, in cents.
    pub caf: Option<i64>,
}

/// The comparison, ready to write.
pub struct Comparison {
    pub period: String,
    pub columns: Vec<Column>,
    /// (id, name, is a commune): communes first, in the base's order, then
    /// the ones only a variant has.
    pub holders: Vec<(String, String, bool)>,
    /// (id, label), the base's themes then a variant's own.
    pub themes: Vec<(String, String)>,
}

impl Comparison {
    pub fn cell(&self, col: &Column, holder: &str) -> Cell {
        let row = col
            .cost
            .as_ref()
            .and_then(|c| c.rows.iter().find(|r| r.id == holder));
        // A holder without a row of its own pays nothing itself (a carrier
        // whose posts the communes share); without `[financing]`, unknown.
        let none = col.cost.as_ref().map(|_| 0);
        Cell {
            etp: col.facts.etp(col.index, holder),
            pays: row.map_or(none, |r| r.rest),
            caf: row.map_or(none, |r| r.caf),
        }
    }

    /// A theme's total in one scenario: declared, 0 when the period's theme
    /// table leaves it out, unknown without a theme table.
    pub fn theme(&self, col: &Column, theme: &str) -> Option<Decimal> {
        let themes = col.scenario.periods.get(col.index)?.themes.as_ref()?;
        Some(themes.get(theme).map_or(Decimal::ZERO, |f| f.value))
    }

    pub fn coordinator(&self, col: &Column) -> Option<Decimal> {
        col.facts.periods.get(col.index).map(|p| p.coordinator)
    }

    pub fn total(&self, col: &Column) -> Option<Decimal> {
        col.facts.periods.get(col.index).and_then(|p| p.total)
    }

    pub fn caf_total(&self, col: &Column) -> Option<Decimal> {
        col.scenario
            .periods
            .get(col.index)
            .and_then(|p| p.caf_total)
            .map(|f| f.value)
    }

    /// Codes of one scenario's errors and warnings with how many, in code
    /// order, and whether the base has the code too.
    pub fn breaks(&self, col: &Column) -> Vec<Break> {
        let base_codes: Vec<Code> = self
            .columns
            .first()
            .map(|b| b.report.diagnostics.iter().map(|d| d.code).collect())
            .unwrap_or_default();
        let mut out: Vec<Break> = Vec::new();
        for d in &col.report.diagnostics {
            match out.iter_mut().find(|b| b.code == d.code) {
                Some(b) => b.count += 1,
                None => out.push(Break {
                    code: d.code,
                    severity: d.severity,
                    count: 1,
                    new: !base_codes.contains(&d.code),
                }),
            }
        }
        out.sort_by_key(|b| (std::cmp::Reverse(b.severity), b.code));
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Break {
    pub code: Code,
    pub severity: Severity,
    pub count: usize,
    /// The base does not report this code.
    pub new: bool,
}

/// Loads and checks every file; `Err(exit code)` after printing why.
pub fn build(
    streams: &mut Streams,
    files: &[PathBuf],
    period: Option<&str>,
) -> std::io::Result<Result<Comparison, ExitStatus>> {
    let mut columns: Vec<Column> = Vec::new();
    let mut unusable = false;
    let mut wanted: Option<String> = period.map(str::to_owned);
    for file in files {
        let loaded = load_path(file);
        let scenario = loaded.scenario.clone();
        let report = check_loaded(loaded);
        let Some(scenario) = scenario else {
            for d in &report.diagnostics {
                human::write_diagnostic(streams.err, &report.source, d, streams.lang)?;
            }
            unusable = true;
            continue;
        };
        // The base's last period unless --period says which.
        let id = wanted
            .get_or_insert_with(|| {
                scenario
                    .periods
                    .last()
                    .map_or(String::new(), |p| p.name().to_owned())
            })
            .clone();
        let Some(index) = scenario.periods.iter().position(|p| p.name() == id) else {
            let ids: Vec<&str> = scenario.periods.iter().map(|p| p.name()).collect();
            writeln!(
                streams.err,
                "error: {} has no period `{id}`; its periods are: {}",
                file.display(),
                if ids.is_empty() {
                    "none".to_owned()
                } else {
                    ids.join(", ")
                }
            )?;
            return Ok(Err(ExitStatus::Unusable));
        };
        let label = scenario
            .variant
            .as_ref()
            .and_then(|v| v.label.clone())
            .or_else(|| columns.is_empty().then(|| scenario.territory.name.clone()))
            .unwrap_or_else(|| {
                file.file_stem().map_or_else(
                    || file.display().to_string(),
                    |s| s.to_string_lossy().into_owned(),
                )
            });
        // A variant's asks (`set`) are constraints, not figures: planned
        // here as `propose` plans them, else said so.
        let (scenario, report) = match super::compare_asks::planned(&scenario, file) {
            super::compare_asks::Asks::None => (scenario, report),
            super::compare_asks::Asks::Planned(s, r) => {
                writeln!(
                    streams.err,
                    "{}",
                    super::compare_asks::planned_note(&label, streams.lang)
                )?;
                (*s, *r)
            }
            super::compare_asks::Asks::NotPlanned(why) => {
                writeln!(
                    streams.err,
                    "{}",
                    super::compare_asks::not_planned_note(&label, &why, streams.lang)
                )?;
                (scenario, report)
            }
        };
        let facts = Facts::of(&scenario);
        let cost = period_cost(&scenario, &facts, index);
        columns.push(Column {
            file: file.clone(),
            label,
            scenario,
            report,
            index,
            facts,
            cost,
        });
    }
    if unusable {
        return Ok(Err(ExitStatus::Unusable));
    }
    let mut holders: Vec<(String, String, bool)> = Vec::new();
    let mut themes: Vec<(String, String)> = Vec::new();
    for c in &columns {
        let s = &c.scenario;
        let communes = s.communes.iter().map(|x| (&x.id.id, &x.name, true));
        let carriers = s.carriers.iter().map(|x| (&x.id.id, &x.name, false));
        for (id, name, commune) in communes.chain(carriers) {
            if !holders.iter().any(|(h, _, _)| h == id) {
                holders.push((id.clone(), name.clone(), commune));
            }
        }
        for th in &s.themes {
            if !themes.iter().any(|(x, _)| *x == th.id.id) {
                themes.push((th.id.id.clone(), th.label.clone()));
            }
        }
    }
    // Communes first, then carriers, each in order of first appearance.
    holders.sort_by_key(|(_, _, commune)| !*commune);
    Ok(Ok(Comparison {
        period: wanted.unwrap_or_default(),
        columns,
        holders,
        themes,
    }))
}

pub fn run(
    streams: &mut Streams,
    files: &[PathBuf],
    opts: &Options,
) -> std::io::Result<ExitStatus> {
    if files.len() < 2 {
        writeln!(
            streams.err,
            "error: {}",
            t(
                opts.lang,
                "compare compare un scénario et au moins une variante\u{a0}: ctgplan compare BASE VARIANTE...",
                "compare needs a base and at least one variant: ctgplan compare BASE VARIANT..."
            )
        )?;
        return Ok(ExitStatus::Unusable);
    }
    if let Some(out) = opts.out {
        if let Err(e) = fsutil::check_target(
            out,
            opts.force,
            &files.iter().map(PathBuf::as_path).collect::<Vec<_>>(),
        ) {
            writeln!(streams.err, "error: cannot write {}: {e}", out.display())?;
            return Ok(ExitStatus::Unusable);
        }
    }
    let cmp = match build(streams, files, opts.period)? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let bytes = match opts.format {
        CompareFormat::Human => human_text(&cmp, opts.lang, false).into_bytes(),
        CompareFormat::Md => human_text(&cmp, opts.lang, true).into_bytes(),
        CompareFormat::Csv => csv_bytes(opts.csv_style, &records(&cmp, opts.lang, opts.csv_style))?,
        CompareFormat::Json => {
            let mut s =
                serde_json::to_string_pretty(&to_json(&cmp)).map_err(std::io::Error::other)?;
            s.push('\n');
            s.into_bytes()
        }
    };
    match opts.out {
        Some(path) => {
            let read: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            match fsutil::write_output(path, &bytes, opts.force, &read) {
                Ok(()) => writeln!(
                    streams.err,
                    "{}",
                    super::words::say(
                        &super::words::WROTE,
                        "path",
                        path.display().to_string(),
                        opts.lang
                    )
                )?,
                Err(e) => {
                    writeln!(streams.err, "{}", fsutil::cannot_write(path, &e, opts.lang))?;
                    return Ok(ExitStatus::Unusable);
                }
            }
        }
        None => {
            streams.out.write_all(&bytes)?;
            streams.out.flush()?;
        }
    }
    Ok(ExitStatus::Valid)
}

// ---- people's text: a table per measure -----------------------------------

/// A value in a variant's column: the value, and its move from the base's
/// when it differs ("0,3 (+0,1)").
fn with_change<T: Copy + PartialEq + std::ops::Sub<Output = T>>(
    value: Option<T>,
    base: Option<T>,
    first: bool,
    show: impl Fn(T) -> String,
    signed: impl Fn(T) -> String,
) -> String {
    match (value, base) {
        (None, _) => "?".to_owned(),
        (Some(v), Some(b)) if !first && v != b => format!("{} ({})", show(v), signed(v - b)),
        (Some(v), _) => show(v),
    }
}

struct Block {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn blocks(cmp: &Comparison, lang: Lang) -> Vec<Block> {
    let header = |first: &str| -> Vec<String> {
        std::iter::once(first.to_owned())
            .chain(
                cmp.columns
                    .iter()
                    .map(|c| crate::render::safe::escape_line(&c.label).into_owned()),
            )
            .collect()
    };
    let etp = |v: Option<Decimal>, b: Option<Decimal>, first: bool| {
        with_change(v, b, first, |x| lang.etp(x), |x| lang.etp_change(x))
    };
    let eur = |v: Option<i64>, b: Option<i64>, first: bool| {
        with_change(v, b, first, |x| lang.amount(x), |x| lang.amount_change(x))
    };
    let row = |name: &str, f: &dyn Fn(&Column) -> String| -> Vec<String> {
        std::iter::once(crate::render::safe::escape_line(name).into_owned())
            .chain(cmp.columns.iter().map(f))
            .collect()
    };
    let base = cmp.columns.first();
    let first = |c: &Column| std::ptr::eq(c, base.map_or(std::ptr::null(), |b| b as *const Column));

    let mut out = Vec::new();
    // ETP per holder, then the coordinator and the total.
    let mut rows: Vec<Vec<String>> = cmp
        .holders
        .iter()
        .map(|(id, name, _)| {
            row(name, &|c| {
                let b = base.map(|b| cmp.cell(b, id).etp).unwrap_or(None);
                etp(cmp.cell(c, id).etp, b, first(c))
            })
        })
        .collect();
    rows.push(row(
        t(lang, "Coordinateur global", "Global coordinator"),
        &|c| {
            etp(
                cmp.coordinator(c),
                base.and_then(|b| cmp.coordinator(b)),
                first(c),
            )
        },
    ));
    rows.push(row(t(lang, "Total", "Total"), &|c| {
        etp(cmp.total(c), base.and_then(|b| cmp.total(b)), first(c))
    }));
    out.push(Block {
        title: t(
            lang,
            "ETP par commune et porteur",
            "ETP per commune and carrier",
        )
        .to_owned(),
        header: header(t(lang, "Commune ou porteur", "Commune or carrier")),
        rows,
    });
    // ETP per theme.
    let rows = cmp
        .themes
        .iter()
        .map(|(id, label)| {
            row(&crate::render::label::short(label), &|c| {
                etp(
                    cmp.theme(c, id),
                    base.and_then(|b| cmp.theme(b, id)),
                    first(c),
                )
            })
        })
        .collect();
    out.push(Block {
        title: t(
            lang,
            "ETP par thème (coordinateur non compris)",
            "ETP per theme (coordinator excluded)",
        )
        .to_owned(),
        header: header(t(lang, "Thème", "Theme")),
        rows,
    });
    // Euros per year: what each pays, the Caf's part.
    type Pick = fn(&Cell) -> Option<i64>;
    type Total = fn(&crate::finance::cost::Row) -> Option<i64>;
    let measures: [(&str, Pick, Total); 2] = [
        (
            t(
                lang,
                "Reste à charge par an (€), après la part de la Caf",
                "Cost per year to each payer (€), after the Caf's part",
            ),
            |c| c.pays,
            |r| r.rest,
        ),
        (
            t(
                lang,
                "Part de la Caf par an (€)",
                "The Caf's part per year (€)",
            ),
            |c| c.caf,
            |r| r.caf,
        ),
    ];
    for (title, pick, total_of) in measures {
        let mut rows: Vec<Vec<String>> = cmp
            .holders
            .iter()
            .map(|(id, name, _)| {
                row(name, &|c| {
                    let b = base.and_then(|b| pick(&cmp.cell(b, id)));
                    eur(pick(&cmp.cell(c, id)), b, first(c))
                })
            })
            .collect();
        let total = |c: &Column| c.cost.as_ref().and_then(|k| total_of(&k.total));
        rows.push(row(t(lang, "Total", "Total"), &|c| {
            eur(total(c), base.and_then(total), first(c))
        }));
        out.push(Block {
            title: title.to_owned(),
            header: header(t(lang, "Commune ou porteur", "Commune or carrier")),
            rows,
        });
    }
    // Totals.
    let caf_total = |c: &Column| cmp.caf_total(c);
    let caf_eur = |c: &Column| c.cost.as_ref().and_then(|k| k.total.caf);
    let rest_eur = |c: &Column| c.cost.as_ref().and_then(|k| k.total.rest);
    out.push(Block {
        title: t(lang, "Totaux", "Totals").to_owned(),
        header: header(""),
        rows: vec![
            row(t(lang, "ETP de la période", "ETP of the period"), &|c| {
                etp(cmp.total(c), base.and_then(|b| cmp.total(b)), first(c))
            }),
            row(
                t(
                    lang,
                    "ETP cofinancés par la Caf",
                    "ETP co-financed by the Caf",
                ),
                &|c| etp(caf_total(c), base.and_then(caf_total), first(c)),
            ),
            row(
                t(
                    lang,
                    "Part de la Caf par an (€)",
                    "The Caf's part per year (€)",
                ),
                &|c| eur(caf_eur(c), base.and_then(caf_eur), first(c)),
            ),
            row(
                t(
                    lang,
                    "Reste à charge par an (€)",
                    "Cost to the payers per year (€)",
                ),
                &|c| eur(rest_eur(c), base.and_then(rest_eur), first(c)),
            ),
        ],
    });
    out
}

/// What a scenario breaks, in one line: its errors' codes, then its
/// warnings', each with its count, "nouveau"/"new" when the base has none.
fn breaks_line(cmp: &Comparison, col: &Column, lang: Lang) -> String {
    let breaks = cmp.breaks(col);
    let part = |sev: Severity| -> Vec<String> {
        breaks
            .iter()
            .filter(|b| b.severity == sev)
            .map(|b| {
                let mut s = b.code.to_string();
                if b.count > 1 {
                    s.push_str(&format!(" ×{}", b.count));
                }
                if b.new
                    && !std::ptr::eq(
                        col,
                        cmp.columns
                            .first()
                            .map_or(std::ptr::null(), |c| c as *const Column),
                    )
                {
                    s.push_str(t(lang, " (nouveau)", " (new)"));
                }
                s
            })
            .collect()
    };
    let count = |sev: Severity| col.report.count(sev);
    let (e, w) = (count(Severity::Error), count(Severity::Warning));
    let errors = match (e, lang) {
        (0, Lang::Fr) => "aucune erreur".to_owned(),
        (0, Lang::En) => "no error".to_owned(),
        (n, Lang::Fr) => format!(
            "{n} erreur{}\u{a0}: {}",
            if n > 1 { "s" } else { "" },
            part(Severity::Error).join(", ")
        ),
        (n, Lang::En) => format!(
            "{n} error{}: {}",
            if n > 1 { "s" } else { "" },
            part(Severity::Error).join(", ")
        ),
    };
    let warnings = match (w, lang) {
        (0, Lang::Fr) => "aucun avertissement".to_owned(),
        (0, Lang::En) => "no warning".to_owned(),
        (n, Lang::Fr) => format!(
            "{n} avertissement{}\u{a0}: {}",
            if n > 1 { "s" } else { "" },
            part(Severity::Warning).join(", ")
        ),
        (n, Lang::En) => format!(
            "{n} warning{}: {}",
            if n > 1 { "s" } else { "" },
            part(Severity::Warning).join(", ")
        ),
    };
    format!("{errors}{}{warnings}", t(lang, "\u{202f}; ", "; "))
}

/// The comparison as text tables (`md`: Markdown tables).
pub fn human_text(cmp: &Comparison, lang: Lang, md: bool) -> String {
    let safe = |s: &str| crate::render::safe::escape_line(s).into_owned();
    let mut out = String::new();
    let title = match lang {
        Lang::Fr => format!("Comparaison des variantes, période {}", safe(&cmp.period)),
        Lang::En => format!("Variants compared, period {}", safe(&cmp.period)),
    };
    if md {
        out.push_str(&format!("## {}\n\n", md_cell(&title)));
    } else {
        out.push_str(&format!("{title}\n\n"));
    }
    for (k, c) in cmp.columns.iter().enumerate() {
        let role = if k == 0 {
            t(lang, "base", "base")
        } else {
            t(lang, "variante", "variant")
        };
        let line = format!(
            "{} ({role}){} {}",
            safe(&c.label),
            t(lang, "\u{a0}:", ":"),
            safe(&c.file.display().to_string())
        );
        if md {
            out.push_str(&format!("- {}\n", md_cell(&line)));
        } else {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push('\n');
    for b in blocks(cmp, lang) {
        if md {
            out.push_str(&format!("### {}\n\n", md_cell(&b.title)));
            out.push_str(&md_table(&b.header, &b.rows));
        } else {
            out.push_str(&format!("{}\n", b.title));
            out.push_str(&super::text_table(&b.header, &b.rows));
        }
        out.push('\n');
    }
    let title = t(
        lang,
        "Ce que chaque fichier enfreint",
        "What each file breaks",
    );
    if md {
        out.push_str(&format!("### {title}\n\n"));
    } else {
        out.push_str(&format!("{title}\n"));
    }
    for c in &cmp.columns {
        let line = format!(
            "{}{} {}",
            safe(&c.label),
            t(lang, "\u{a0}:", ":"),
            breaks_line(cmp, c, lang)
        );
        if md {
            out.push_str(&format!("- {}\n", md_cell(&line)));
        } else {
            out.push_str(&format!("  {line}\n"));
        }
    }
    let hint = t(
        lang,
        "`ctgplan check FICHIER` détaille chaque code\u{202f}; `ctgplan explain CODE` l'explique.",
        "`ctgplan check FILE` shows each finding; `ctgplan explain CODE` explains a code.",
    );
    out.push_str(&format!("\n{hint}\n"));
    out
}

/// Text from a file in a Markdown cell: no table break, no HTML.
fn md_cell(s: &str) -> String {
    crate::render::safe::escape_line(s)
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn md_table(header: &[String], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| {
        format!(
            "| {} |\n",
            cells
                .iter()
                .map(|c| md_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    let mut s = line(header);
    s.push_str(&format!(
        "|{}\n",
        header
            .iter()
            .enumerate()
            .map(|(i, _)| if i == 0 { "---|" } else { "---:|" })
            .collect::<String>()
    ));
    for r in rows {
        s.push_str(&line(r));
    }
    s
}

// ---- CSV: one line per item and scenario -----------------------------------

fn records(cmp: &Comparison, lang: Lang, style: CsvStyle) -> Vec<Vec<String>> {
    let style = match style {
        CsvStyle::French => Style::French,
        CsvStyle::Plain => Style::Plain,
    };
    let etp = |v: Option<Decimal>| v.map_or(String::new(), |d| fmt_etp(d, style));
    let eur = |v: Option<i64>| v.map_or(String::new(), |c| fmt_cents(c, style));
    // The header and the `section` column are keys, the same in both
    // languages (docs/i18n.md); names follow the language.
    let mut out = vec![[
        "section",
        "id",
        "name",
        "variant",
        "etp",
        "cost_to_payer_eur_year",
        "caf_part_eur_year",
        "count",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()];
    for c in &cmp.columns {
        let mut push = |section: &str,
                        id: &str,
                        name: &str,
                        e: String,
                        pays: String,
                        caf: String,
                        n: String| {
            out.push(vec![
                section.to_owned(),
                id.to_owned(),
                name.to_owned(),
                c.label.clone(),
                e,
                pays,
                caf,
                n,
            ]);
        };
        for (id, name, commune) in &cmp.holders {
            let cell = cmp.cell(c, id);
            let section = if *commune { "commune" } else { "carrier" };
            push(
                section,
                id,
                name,
                etp(cell.etp),
                eur(cell.pays),
                eur(cell.caf),
                String::new(),
            );
        }
        push(
            "coordinator",
            "coordinator",
            t(lang, "Coordinateur global", "Global coordinator"),
            etp(cmp.coordinator(c)),
            String::new(),
            String::new(),
            String::new(),
        );
        for (id, label) in &cmp.themes {
            push(
                "theme",
                id,
                label,
                etp(cmp.theme(c, id)),
                String::new(),
                String::new(),
                String::new(),
            );
        }
        let total = c.cost.as_ref().map(|k| &k.total);
        push(
            "total",
            "total",
            t(lang, "Total de la période", "Period total"),
            etp(cmp.total(c)),
            eur(total.and_then(|k| k.rest)),
            eur(total.and_then(|k| k.caf)),
            String::new(),
        );
        push(
            "total",
            "caf_total",
            t(
                lang,
                "ETP cofinancés par la Caf",
                "ETP co-financed by the Caf",
            ),
            etp(cmp.caf_total(c)),
            String::new(),
            String::new(),
            String::new(),
        );
        for b in cmp.breaks(c) {
            let name = crate::rules::of(b.code).map_or("", |r| r.name);
            push(
                "breaks",
                b.code.as_str(),
                name,
                String::new(),
                String::new(),
                String::new(),
                b.count.to_string(),
            );
        }
    }
    out
}

// ---- JSON ------------------------------------------------------------------

#[derive(Serialize)]
pub struct JsonComparison {
    pub period: String,
    pub scenarios: Vec<JsonScenario>,
    pub holders: Vec<JsonHolder>,
    pub themes: Vec<JsonTheme>,
}

#[derive(Serialize)]
pub struct JsonScenario {
    pub file: String,
    pub label: String,
    pub base: bool,
    /// The files a variant is built on, nearest first.
    pub extends: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
    pub breaks: Vec<Break>,
    pub total_etp: Option<String>,
    pub caf_total: Option<String>,
    pub coordinator_etp: Option<String>,
    /// Euros per year, exact to the cent.
    pub caf_euros: Option<String>,
    pub payers_euros: Option<String>,
}

#[derive(Serialize)]
pub struct JsonHolder {
    pub id: String,
    pub name: String,
    pub commune: bool,
    /// One per scenario, in order.
    pub values: Vec<JsonCell>,
}

#[derive(Serialize)]
pub struct JsonCell {
    pub etp: Option<String>,
    pub pays_euros: Option<String>,
    pub caf_euros: Option<String>,
}

#[derive(Serialize)]
pub struct JsonTheme {
    pub id: String,
    pub name: String,
    pub etp: Vec<Option<String>>,
}

fn to_json(cmp: &Comparison) -> JsonComparison {
    let etp = |d: Option<Decimal>| d.map(|d| d.normalize().to_string());
    let eur = |c: Option<i64>| c.map(|c| fmt_cents(c, Style::Plain));
    JsonComparison {
        period: cmp.period.clone(),
        scenarios: cmp
            .columns
            .iter()
            .enumerate()
            .map(|(k, c)| JsonScenario {
                file: c.file.display().to_string(),
                label: c.label.clone(),
                base: k == 0,
                extends: c
                    .scenario
                    .variant
                    .as_ref()
                    .map(|v| v.bases.clone())
                    .unwrap_or_default(),
                errors: c.report.count(Severity::Error),
                warnings: c.report.count(Severity::Warning),
                breaks: cmp.breaks(c),
                total_etp: etp(cmp.total(c)),
                caf_total: etp(cmp.caf_total(c)),
                coordinator_etp: etp(cmp.coordinator(c)),
                caf_euros: eur(c.cost.as_ref().and_then(|k| k.total.caf)),
                payers_euros: eur(c.cost.as_ref().and_then(|k| k.total.rest)),
            })
            .collect(),
        holders: cmp
            .holders
            .iter()
            .map(|(id, name, commune)| JsonHolder {
                id: id.clone(),
                name: name.clone(),
                commune: *commune,
                values: cmp
                    .columns
                    .iter()
                    .map(|c| {
                        let cell = cmp.cell(c, id);
                        JsonCell {
                            etp: etp(cell.etp),
                            pays_euros: eur(cell.pays),
                            caf_euros: eur(cell.caf),
                        }
                    })
                    .collect(),
            })
            .collect(),
        themes: cmp
            .themes
            .iter()
            .map(|(id, name)| JsonTheme {
                id: id.clone(),
                name: name.clone(),
                etp: cmp.columns.iter().map(|c| etp(cmp.theme(c, id))).collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_shown_beside_the_variants_value() {
        let d = |s: &str| s.parse::<Decimal>().ok();
        let show = |x: Decimal| Lang::Fr.etp(x);
        let signed = |x: Decimal| Lang::Fr.etp_change(x);
        assert_eq!(
            with_change(d("0.3"), d("0.2"), false, show, signed),
            "0,3 (+0,1)"
        );
        assert_eq!(with_change(d("0.3"), d("0.2"), true, show, signed), "0,3");
        assert_eq!(with_change(d("0.2"), d("0.2"), false, show, signed), "0,2");
        assert_eq!(with_change(None, d("0.2"), false, show, signed), "?");
    }

    #[test]
    fn markdown_cells_cannot_break_the_table_or_carry_html() {
        assert_eq!(md_cell("a|b<script>"), "a\\|b&lt;script&gt;");
    }
}
