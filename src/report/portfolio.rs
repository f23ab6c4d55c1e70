//! `ctgplan report caf.toml`: a Caf's portfolio as a page people read (the
//! report's style and charts: co-financed ETP per year stacked by territory
//! against the envelope, themes across territories) or as a workbook
//! (`commands::books::portfolio`). The figures are `portfolio::summary`'s
//! and the findings `check::portfolio`'s: nothing is summed here.

use super::chart::{self, BarInput, Part};
use super::Lang;
use crate::check::portfolio::PortfolioCheck;
use crate::portfolio::summary::Summary;
use minijinja::value::{Serde, Value};
use rust_decimal::Decimal;
use serde::Serialize;

pub const TEMPLATE: &str = include_str!("templates/portfolio.html");

/// Series colours the report's style defines (`.s0` to `.s9`).
const SERIES: usize = 10;

#[derive(Debug, Serialize)]
struct Table {
    header: Vec<String>,
    numeric: Vec<bool>,
    rows: Vec<TableRow>,
}

#[derive(Debug, Serialize)]
struct TableRow {
    cells: Vec<String>,
    class: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct Legend {
    series: usize,
    name: String,
}

#[derive(Debug, Serialize)]
struct Finding {
    code: String,
    message: String,
}

#[derive(Debug, Serialize)]
struct Words {
    title: String,
    assumption: String,
    intro: String,
    findings: String,
    years: String,
    chart_years: String,
    chart_years_note: String,
    territories: String,
    themes: String,
    chart_themes: String,
    chart_themes_note: String,
    renewals: String,
    unknown_note: String,
    generated_by: String,
}

#[derive(Debug, Serialize)]
struct View {
    lang: &'static str,
    version: &'static str,
    caf: String,
    label: Option<String>,
    assumption: Option<String>,
    t: Words,
    findings: Vec<Finding>,
    year_chart: chart::StackedChart,
    territory_legend: Vec<Legend>,
    years: Table,
    rows: Table,
    theme_chart: Option<chart::StackedChart>,
    theme_legend: Vec<Legend>,
    renewals: Table,
}

fn words(lang: Lang) -> Words {
    let tr = |fr: &str, en: &str| if lang == Lang::Fr { fr } else { en }.to_owned();
    Words {
        title: tr("Portefeuille CTG", "CTG portfolio"),
        assumption: tr("Hypothèse :", "Assumption:"),
        intro: tr(
            "Les ETP cofinancés sont le `caf_total` de chaque période, ou son total quand elle n'en a pas ; les euros viennent du financement de chaque fichier.",
            "Co-financed ETP are each period's `caf_total`, or its total when it has none; euros come from each file's financing.",
        ),
        findings: tr("Constats du portefeuille", "Portfolio findings"),
        years: tr("Année par année", "Year by year"),
        chart_years: tr(
            "ETP cofinancés par année, par territoire",
            "Co-financed ETP per year, by territory",
        ),
        chart_years_note: tr(
            "Sous chaque barre : l'enveloppe de l'année.",
            "Under each bar: the year's envelope.",
        ),
        territories: tr("Par territoire", "By territory"),
        themes: tr("Thèmes de l'ensemble des territoires", "Themes across territories"),
        chart_themes: tr(
            "ETP par thème et par année (territoires qui donnent des totaux par thème)",
            "ETP per theme and year (territories that give theme totals)",
        ),
        chart_themes_note: tr(
            "Un territoire sans totaux par thème n'est pas compté ici.",
            "A territory without theme totals is not counted here.",
        ),
        renewals: tr("Renouvellements à venir", "Renewals due"),
        unknown_note: tr(
            "« ? » : un chiffre que les fichiers ne donnent pas ; un total qui en dépend est inconnu, jamais partiel.",
            "\"?\": a figure the files do not give; a total that depends on one is unknown, never partial.",
        ),
        generated_by: tr("Produit par ctgplan", "Made by ctgplan"),
    }
}

fn etp(lang: Lang, d: Option<Decimal>) -> String {
    d.map_or_else(|| "?".to_owned(), |d| lang.number(d))
}

fn eur(lang: Lang, c: Option<i64>) -> String {
    c.map_or_else(|| "?".to_owned(), |c| lang.amount(c))
}

/// The report's own `<style>` block, so that both pages look the same.
fn style() -> String {
    let html = super::HTML_TEMPLATE;
    match (html.find("<style>"), html.find("</style>")) {
        (Some(a), Some(b)) => html.get(a..b + "</style>".len()).unwrap_or("").to_owned(),
        _ => String::new(),
    }
}

fn view(pc: &PortfolioCheck, s: &Summary, lang: Lang) -> View {
    let fr = lang == Lang::Fr;
    let tr = |a: &str, b: &str| if fr { a } else { b }.to_owned();
    let name = |t: usize| {
        pc.covered
            .get(t)
            .map_or_else(String::new, |c| c.scenario.territory.name.clone())
    };
    let p = pc.portfolio.as_ref();
    let bars: Vec<BarInput> = s
        .years
        .iter()
        .map(|y| BarInput {
            label: y.year.to_string(),
            sublabel: y
                .envelope_etp
                .map_or_else(String::new, |e| format!("≤ {}", lang.number(e))),
            parts: y
                .rows
                .iter()
                .map(|r| Part {
                    series: r.territory % SERIES,
                    name: name(r.territory),
                    value: r.etp.unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    let territory_legend = pc
        .covered
        .iter()
        .enumerate()
        .map(|(i, c)| Legend {
            series: i % SERIES,
            name: c.scenario.territory.name.clone(),
        })
        .collect();
    let years = Table {
        header: vec![
            tr("Année", "Year"),
            tr("ETP cofinancés", "Co-financed ETP"),
            tr("Enveloppe (ETP)", "Envelope (ETP)"),
            tr("Restant (ETP)", "Left (ETP)"),
            tr("Caf €/an", "Caf €/year"),
            tr("Reste des communes €/an", "Communes' rest €/year"),
            tr("Enveloppe €", "Envelope €"),
        ],
        numeric: vec![false, true, true, true, true, true, true],
        rows: s
            .years
            .iter()
            .map(|y| TableRow {
                cells: vec![
                    y.year.to_string(),
                    etp(lang, y.etp),
                    y.envelope_etp.map_or_else(String::new, |e| lang.number(e)),
                    y.left_etp.map_or_else(String::new, |e| lang.number(e)),
                    eur(lang, y.caf),
                    eur(lang, y.rest),
                    y.envelope_euros
                        .map_or_else(String::new, |e| lang.amount(e)),
                ],
                class: y
                    .left_etp
                    .is_some_and(|l| l.is_sign_negative() && !l.is_zero())
                    .then_some("breach"),
            })
            .collect(),
    };
    let rows = Table {
        header: vec![
            tr("Année", "Year"),
            tr("Territoire", "Territory"),
            tr("Période", "Period"),
            tr("ETP cofinancés", "Co-financed ETP"),
            tr("Caf €/an", "Caf €/year"),
            tr("Reste des communes €/an", "Communes' rest €/year"),
        ],
        numeric: vec![false, false, false, true, true, true],
        rows: s
            .years
            .iter()
            .flat_map(|y| y.rows.iter().map(move |r| (y.year, r)))
            .map(|(year, r)| TableRow {
                cells: vec![
                    year.to_string(),
                    name(r.territory),
                    pc.covered
                        .get(r.territory)
                        .and_then(|c| c.scenario.periods.get(r.period))
                        .map_or_else(String::new, |p| p.name().to_owned()),
                    etp(lang, r.etp),
                    eur(lang, r.caf),
                    eur(lang, r.rest),
                ],
                class: None,
            })
            .collect(),
    };
    let theme_bars: Vec<BarInput> = s
        .years
        .iter()
        .map(|y| BarInput {
            label: y.year.to_string(),
            sublabel: String::new(),
            parts: s
                .themes
                .iter()
                .enumerate()
                .map(|(i, id)| Part {
                    series: i % SERIES,
                    name: id.clone(),
                    value: y
                        .themes
                        .iter()
                        .find(|(t, _)| t == id)
                        .map_or(Decimal::ZERO, |(_, v)| *v),
                })
                .collect(),
        })
        .collect();
    let theme_chart = (!s.themes.is_empty()).then(|| chart::stacked(lang, &theme_bars));
    let theme_legend = s
        .themes
        .iter()
        .enumerate()
        .map(|(i, id)| Legend {
            series: i % SERIES,
            name: id.clone(),
        })
        .collect();
    let renewals = Table {
        header: vec![
            tr("Fin", "Ends"),
            tr("Renouvellement pour", "Renewal for"),
            tr("Territoire", "Territory"),
            tr("Dernière période", "Last period"),
        ],
        numeric: vec![false, false, false, false],
        rows: s
            .renewals
            .iter()
            .map(|r| TableRow {
                cells: vec![
                    r.last_year.to_string(),
                    (r.last_year + 1).to_string(),
                    name(r.territory),
                    pc.covered
                        .get(r.territory)
                        .and_then(|c| c.scenario.periods.get(r.period))
                        .map_or_else(String::new, |p| p.name().to_owned()),
                ],
                class: None,
            })
            .collect(),
    };
    View {
        lang: if fr { "fr" } else { "en" },
        version: env!("CARGO_PKG_VERSION"),
        caf: p.map_or_else(String::new, |p| p.caf.id.clone()),
        label: p.and_then(|p| p.label.clone()),
        assumption: p.and_then(|p| p.assumption.clone()),
        t: words(lang),
        findings: pc
            .report
            .diagnostics
            .iter()
            .map(|d| Finding {
                code: d.code.to_string(),
                message: d.message.render(lang),
            })
            .collect(),
        year_chart: chart::stacked(lang, &bars),
        territory_legend,
        years,
        rows,
        theme_chart,
        theme_legend,
        renewals,
    }
}

/// The portfolio's HTML page.
pub fn render(pc: &PortfolioCheck, s: &Summary, lang: Lang) -> Result<String, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.add_template("charts.html", super::CHARTS_TEMPLATE)?;
    env.add_template("portfolio.html", TEMPLATE)?;
    let v = view(pc, s, lang);
    let ctx =
        minijinja::context! { style => Value::from_safe_string(style()), ..Value::from(Serde(&v)) };
    env.get_template("portfolio.html")?.render(ctx)
}

/// `ctgplan report caf.toml`: the page (or workbook) of a portfolio. Exit
/// code as for a scenario: 1 when the portfolio or a covered file has
/// errors (written all the same), 2 when unusable or not written.
pub fn run(
    out: &mut dyn std::io::Write,
    err: &mut dyn codespan_reporting::term::termcolor::WriteColor,
    file: &std::path::Path,
    opts: &super::Options,
) -> std::io::Result<crate::exit::ExitStatus> {
    use crate::diagnostic::Severity;
    use crate::exit::ExitStatus;
    let lang = opts.lang;
    let pc = crate::check::portfolio::check_path(file);
    let covered: Vec<crate::check::FileReport> = pc
        .paths
        .iter()
        .map(|p| crate::check::check_file(p))
        .collect();
    let reports: Vec<&crate::check::FileReport> =
        std::iter::once(&pc.report).chain(&covered).collect();
    if reports.iter().any(|r| r.unusable()) {
        for r in &reports {
            for d in &r.diagnostics {
                crate::render::human::write_diagnostic(err, &r.source, d, lang)?;
            }
        }
        return Ok(ExitStatus::Unusable);
    }
    let Some(summary) = pc.summary.as_ref() else {
        return Ok(ExitStatus::Unusable);
    };
    let rendered = match opts.format {
        super::ReportFormat::Html => render(&pc, summary, lang)
            .map(String::into_bytes)
            .map_err(|e| e.to_string()),
        super::ReportFormat::Xlsx => {
            crate::xlsx::to_bytes(&crate::commands::books::portfolio::book(&pc, summary, lang))
                .map_err(|e| e.to_string())
        }
        super::ReportFormat::Md => Err(crate::tr!(
            lang,
            "report.portfolio_md",
            "pour un portefeuille, le Markdown est `ctgplan portfolio FICHIER --format md`",
            "for a portfolio, Markdown is `ctgplan portfolio FILE --format md`"
        )),
    };
    let bytes = match rendered {
        Ok(b) => b,
        Err(e) => {
            writeln!(
                err,
                "{}",
                crate::tr!(lang, "report.portfolio_cannot", "erreur\u{a0}: {e}", "error: {e}", "e" => e)
            )?;
            return Ok(ExitStatus::Unusable);
        }
    };
    match opts.out {
        Some(path) => match crate::fsutil::write_output(path, &bytes, opts.force, &[file]) {
            Ok(()) => writeln!(
                err,
                "{}",
                crate::commands::words::say(
                    &crate::commands::words::WROTE,
                    "path",
                    path.display().to_string(),
                    lang
                )
            )?,
            Err(e) => {
                writeln!(err, "{}", crate::fsutil::cannot_write(path, &e, lang))?;
                return Ok(ExitStatus::Unusable);
            }
        },
        None => {
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(ExitStatus::breached_if(
        reports.iter().any(|r| r.count(Severity::Error) > 0),
    ))
}
