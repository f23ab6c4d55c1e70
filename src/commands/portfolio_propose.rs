//! `ctgplan propose caf.toml`: a plan for a Caf's whole portfolio under
//! its envelope (`plan::portfolio`), or the ways out, per territory. Each
//! planned territory is written back into its file and checked by the
//! rules' own code, and the portfolio rules check the envelope and the
//! floors on the planned files, before anything is printed as a plan.

use crate::check::portfolio::check_path;
use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::exit::ExitStatus;
use crate::i18n::Lang;
use crate::plan::build::Objective;
use crate::plan::negotiate::Negotiation;
use crate::plan::portfolio::{self as pplan, PortfolioProposal, Territory, Way};
use crate::plan::propose::{self, Plan};
use crate::plan::solve::Options;
use crate::plan::table;
use crate::portfolio::summary::Summary;
use crate::propose_cmd::NegotiateArgs;
use crate::render::human;
use crate::render::safe::escape_line;
use crate::rules::portfolio::{envelope_etp, envelope_euros, territory_floor};
use codespan_reporting::term::termcolor::WriteColor;
use rust_decimal::Decimal;
use serde_json::json;
use std::path::Path;

/// How the plan is printed.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ProposeFormat {
    /// Tables for the terminal.
    #[default]
    Human,
    /// JSON (a portfolio only); ETP as exact decimal strings.
    Json,
}

fn plain(text: &str) -> String {
    escape_line(text).into_owned()
}

/// The findings planning can fix (the envelope, the floors): the others
/// block planning.
fn plannable(d: &Diagnostic) -> bool {
    d.code == envelope_etp::RULE.code
        || d.code == territory_floor::RULE.code
        || d.code == envelope_euros::RULE.code
}

/// Where `propose caf.toml --out DIR` writes each planned territory: the
/// folder, with the covered file's own name. Refused before any planning:
/// DIR that is not a folder, two covered files of the same name, a target
/// that is a covered file or the portfolio itself, or one that exists
/// without `--force`.
fn out_targets(
    dir: &Path,
    force: bool,
    file: &Path,
    covered: &[std::path::PathBuf],
    lang: Lang,
) -> Result<Vec<std::path::PathBuf>, String> {
    if !dir.is_dir() {
        return Err(crate::tr!(lang, "pplan.out_not_dir",
            "erreur\u{a0}: pour un portefeuille, --out prend un dossier existant, où chaque territoire planifié est écrit sous le nom de son fichier\u{a0}: {dir} n'en est pas un",
            "error: for a portfolio, --out takes an existing folder, where each planned territory is written under its file's name: {dir} is not one",
            "dir" => plain(&dir.display().to_string())));
    }
    let mut inputs: Vec<&Path> = covered.iter().map(|p| p.as_path()).collect();
    inputs.push(file);
    let mut targets: Vec<std::path::PathBuf> = Vec::with_capacity(covered.len());
    for c in covered {
        let Some(name) = c.file_name() else { continue };
        let target = dir.join(name);
        if targets.contains(&target) {
            return Err(crate::tr!(lang, "pplan.out_same_name",
                "erreur\u{a0}: deux fichiers du portefeuille s'appellent {name}\u{a0}: --out ne peut pas les écrire dans le même dossier",
                "error: two files of the portfolio are named {name}: --out cannot write both into one folder",
                "name" => plain(&name.to_string_lossy())));
        }
        if let Err(e) = crate::fsutil::check_target(&target, force, &inputs) {
            return Err(crate::fsutil::cannot_write(&target, &e, lang));
        }
        targets.push(target);
    }
    Ok(targets)
}

/// Writes each planned territory (its plan written into its file, as
/// `propose --out` writes one scenario: comments, layout, line endings and
/// byte order mark kept), each atomically; returns what was written.
fn write_planned(
    plan: &pplan::PortfolioPlan,
    ts: &[Territory],
    dir: &Path,
    force: bool,
    file: &Path,
    lang: Lang,
) -> Result<Vec<std::path::PathBuf>, String> {
    let covered: Vec<std::path::PathBuf> = ts
        .iter()
        .map(|t| std::path::PathBuf::from(&t.covered.file))
        .collect();
    let mut inputs: Vec<&Path> = covered.iter().map(|p| p.as_path()).collect();
    inputs.push(file);
    let mut written = Vec::new();
    for (path, f) in covered.iter().zip(&plan.verified.files) {
        let Some((text, _)) = f else { continue };
        let Some(name) = path.file_name() else {
            continue;
        };
        let target = dir.join(name);
        let original = std::fs::read_to_string(path).unwrap_or_default();
        let bytes = crate::fsutil::TextStyle::of(path, &original).apply(text);
        crate::fsutil::write_output(&target, bytes.as_bytes(), force, &inputs)
            .map_err(|e| crate::fsutil::cannot_write(&target, &e, lang))?;
        written.push(target);
    }
    Ok(written)
}

// One argument per option group of the command, as the CLI passes them.
#[allow(clippy::too_many_arguments)]
pub fn run(
    w: &mut dyn WriteColor,
    file: &Path,
    objective: Objective,
    opts: Options,
    format: ProposeFormat,
    lang: Lang,
    negotiate: &NegotiateArgs,
    out: Option<&Path>,
    force: bool,
) -> std::io::Result<ExitStatus> {
    let pc = check_path(file);
    // An --out that cannot be written is refused before any planning.
    if let Some(dir) = out {
        if let Err(m) = out_targets(dir, force, file, &pc.paths, lang) {
            writeln!(w, "{m}")?;
            return Ok(ExitStatus::Unusable);
        }
    }
    let covered_reports: Vec<FileReport> = pc
        .paths
        .iter()
        .map(|p| crate::check::check_file(p))
        .collect();
    // The errors said above, for the closing line's plural.
    let mut errors = 0;
    let mut blocked = false;
    for r in std::iter::once(&pc.report).chain(&covered_reports) {
        for d in &r.diagnostics {
            let blocks = r.unusable()
                || (d.severity == Severity::Error && std::ptr::eq(r, &pc.report) && !plannable(d));
            if blocks {
                human::write_diagnostic(w, &r.source, d, lang)?;
                errors += usize::from(d.severity == Severity::Error);
                blocked = true;
            }
        }
    }
    let Some(p) = pc.portfolio.as_ref().filter(|_| !blocked) else {
        crate::propose_cmd::say_fix_first(w, errors, lang)?;
        return Ok(ExitStatus::Unusable);
    };
    let asks = match pplan::read_asks(&pc.covered, &negotiate.set)
        .and_then(|a| pplan::check_years(p, &pc.covered, &a).map(|()| a))
    {
        Ok(a) => a,
        Err(e) => {
            let d = Diagnostic::error(e.code(), e.message(lang)).help(e.hint(lang));
            human::write_diagnostic(w, &pc.report.source, &d, lang)?;
            return Ok(ExitStatus::Unusable);
        }
    };
    let base = Negotiation {
        all_negotiable: negotiate.negotiable,
        allow_carrier_increase: negotiate.allow_operator_increase,
        alternatives: negotiate.alternatives,
        keep: negotiate.keep.clone(),
        ..Negotiation::default()
    };
    let penv = pplan::with_envelope(p, &asks);
    let ts = match pplan::territories(&penv, &pc.covered, &asks, &base) {
        Ok(t) => t,
        Err(e) => {
            let d = Diagnostic::error(e.code(), e.message(lang)).help(e.hint(lang));
            human::write_diagnostic(w, &pc.report.source, &d, lang)?;
            return Ok(ExitStatus::Unusable);
        }
    };
    // What no figure can fix, in any territory, is refused first (as `propose` does).
    let mut refused = 0;
    for (t, r) in ts.iter().zip(&covered_reports) {
        for d in propose::blocking(&t.covered.scenario, &t.indices) {
            human::write_diagnostic(w, &r.source, &d, lang)?;
            refused += 1;
        }
    }
    if refused > 0 {
        crate::propose_cmd::say_fix_first(w, refused, lang)?;
        return Ok(ExitStatus::Unusable);
    }
    let proposal = match pplan::plan(&penv, &ts, objective, opts, negotiate.alternatives) {
        Ok(p) => p,
        Err(e) => {
            let m = crate::tr!(lang, "pplan.cannot_plan", "erreur\u{a0}: planification impossible\u{a0}: {m}",
                "error: cannot plan: {m}", "m" => e.message.render(lang));
            writeln!(w, "{m}")?;
            return Ok(ExitStatus::Unusable);
        }
    };
    match proposal {
        PortfolioProposal::Planned(plan) => {
            // `plan` wrote each plan into its file and checked it, and the
            // portfolio's envelope and floors on the planned files.
            let summary = &plan.verified.summary;
            let written = match out.map(|dir| write_planned(&plan, &ts, dir, force, file, lang)) {
                None => None,
                Some(Ok(w)) => Some(w),
                Some(Err(m)) => {
                    writeln!(w, "{m}")?;
                    return Ok(ExitStatus::Unusable);
                }
            };
            match format {
                ProposeFormat::Human => {
                    human_plan(w, &penv, &ts, &plan.plans, summary, plan.joint, lang)?;
                    match &written {
                        Some(paths) => {
                            for path in paths {
                                writeln!(w, "{}", plain(&crate::report::written(path, lang)))?;
                            }
                        }
                        None => writeln!(
                            w,
                            "{}",
                            crate::tr!(lang, "pplan.out_hint",
                                "--out DOSSIER écrit chaque territoire planifié dans ce dossier, sous le nom de son fichier",
                                "--out FOLDER writes each planned territory into that folder, under its file's name")
                        )?,
                    }
                }
                ProposeFormat::Json => {
                    let mut v = json_plan(&penv, &ts, &plan.plans, summary, plan.joint);
                    if let (Some(paths), Some(o)) = (&written, v.as_object_mut()) {
                        o.insert(
                            "written".to_owned(),
                            json!(paths
                                .iter()
                                .map(|p| p.display().to_string())
                                .collect::<Vec<_>>()),
                        );
                    }
                    writeln!(
                        w,
                        "{}",
                        serde_json::to_string_pretty(&v).map_err(std::io::Error::other)?
                    )?;
                }
            }
            Ok(ExitStatus::Valid)
        }
        PortfolioProposal::Impossible(ways) => {
            match format {
                ProposeFormat::Human => human_ways(w, &penv, &ts, &ways, lang)?,
                ProposeFormat::Json => {
                    let v = json_ways(&ts, &ways, lang);
                    writeln!(
                        w,
                        "{}",
                        serde_json::to_string_pretty(&v).map_err(std::io::Error::other)?
                    )?;
                }
            }
            Ok(ExitStatus::RuleBreached)
        }
        PortfolioProposal::FloorsUnreachable => {
            let m = crate::tr!(lang, "pplan.floors",
                "aucun schéma n'atteint le plancher de chaque territoire, même sans l'enveloppe\u{a0}: baissez un plancher (CTG118) ou laissez ouverts des chiffres des territoires en dessous",
                "no scheme reaches every territory's floor, even without the envelope: lower a floor (CTG118) or leave open some figures of the territories below it");
            writeln!(w, "{m}")?;
            Ok(ExitStatus::RuleBreached)
        }
        PortfolioProposal::Failed(e) => {
            let m = crate::tr!(lang, "pplan.failed", "erreur\u{a0}: le solveur a échoué\u{a0}: {e}",
                "error: the solver failed: {e}", "e" => e.render(lang));
            writeln!(w, "{m}")?;
            Ok(ExitStatus::Unusable)
        }
        PortfolioProposal::TimeLimit => {
            let m = crate::tr!(lang, "pplan.time_limit",
                "erreur\u{a0}: le temps imparti est écoulé avant qu'un schéma soit trouvé\u{202f}; augmentez --time-limit",
                "error: the time limit was reached before any scheme was found; raise --time-limit");
            writeln!(w, "{m}")?;
            Ok(ExitStatus::Unusable)
        }
    }
}

fn territory_title(t: &Territory) -> String {
    format!(
        "{} ({})",
        plain(&t.covered.scenario.territory.name),
        plain(&t.covered.file)
    )
}

fn num(lang: Lang, d: Decimal) -> String {
    lang.number(d)
}

fn human_plan(
    w: &mut dyn WriteColor,
    p: &crate::portfolio::Portfolio,
    ts: &[Territory],
    plans: &[Option<Plan>],
    summary: &Summary,
    joint: bool,
    lang: Lang,
) -> std::io::Result<()> {
    writeln!(w, "{}", plain(&p.caf.id))?;
    for (t, plan) in ts.iter().zip(plans) {
        writeln!(w)?;
        writeln!(w, "== {} ==", territory_title(t))?;
        match plan {
            Some(plan) => write!(w, "{}", table::render(&t.covered.scenario, plan, lang))?,
            None => writeln!(
                w,
                "{}",
                crate::tr!(
                    lang,
                    "pplan.nothing_open",
                    "rien à planifier (aucune période ouverte)",
                    "nothing to plan (no open period)"
                )
            )?,
        }
    }
    writeln!(w)?;
    writeln!(
        w,
        "{}",
        crate::tr!(
            lang,
            "pplan.envelope_title",
            "Enveloppe de la Caf, année par année (ETP cofinancés)",
            "The Caf's envelope, year by year (co-financed ETP)"
        )
    )?;
    let euros = summary.years.iter().any(|y| y.envelope_euros.is_some());
    let mut header = vec![
        crate::tr!(lang, "pplan.col.year", "Année", "Year"),
        crate::tr!(
            lang,
            "pplan.col.planned",
            "ETP cofinancés",
            "Co-financed ETP"
        ),
        crate::tr!(lang, "pplan.col.envelope", "Enveloppe", "Envelope"),
        crate::tr!(lang, "pplan.col.left", "Restant", "Left"),
    ];
    // A euro envelope: the Caf's euros beside it.
    if euros {
        header.extend([
            crate::tr!(
                lang,
                "pplan.col.caf_euros",
                "Euros de la Caf",
                "Caf's euros"
            ),
            crate::tr!(
                lang,
                "pplan.col.envelope_euros",
                "Enveloppe (€)",
                "Envelope (€)"
            ),
            crate::tr!(lang, "pplan.col.left_euros", "Restant (€)", "Left (€)"),
        ]);
    }
    let rows: Vec<Vec<String>> = summary
        .years
        .iter()
        .map(|y| {
            let opt = |d: Option<Decimal>| d.map_or_else(|| "?".to_owned(), |d| num(lang, d));
            let mut row = vec![
                y.year.to_string(),
                opt(y.etp),
                y.envelope_etp.map_or_else(String::new, |d| num(lang, d)),
                y.left_etp.map_or_else(String::new, |d| num(lang, d)),
            ];
            if euros {
                row.extend([
                    y.caf.map_or_else(|| "?".to_owned(), |c| lang.euros(c)),
                    y.envelope_euros.map_or_else(String::new, |c| lang.euros(c)),
                    y.left_euros.map_or_else(String::new, |c| lang.euros(c)),
                ]);
            }
            row
        })
        .collect();
    write!(w, "{}", super::text_table(&header, &rows))?;
    let how = if joint {
        crate::tr!(lang, "pplan.joint",
            "les plans de chaque territoire seul dépassaient l'enveloppe ou un plancher\u{a0}: les territoires ont été planifiés ensemble",
            "each territory's plan alone broke the envelope or a floor: the territories were planned together")
    } else {
        crate::tr!(
            lang,
            "pplan.alone",
            "chaque territoire a été planifié seul\u{a0}: ensemble, les plans respectent l'enveloppe",
            "each territory was planned alone: together the plans meet the envelope"
        )
    };
    // A year whose euros are unknown (a territory without rates) cannot be
    // said to meet its euro envelope: say so instead (CTG119 in `check`).
    let unknown: Vec<String> = summary
        .years
        .iter()
        .filter(|y| y.envelope_euros.is_some() && y.caf.is_none())
        .map(|y| y.year.to_string())
        .collect();
    if unknown.is_empty() {
        writeln!(w, "{how}")?;
        writeln!(
            w,
            "{}",
            crate::tr!(lang, "pplan.passes",
                "chaque territoire planifié passe check, et le portefeuille respecte son enveloppe et ses planchers",
                "every planned territory passes check, and the portfolio meets its envelope and floors")
        )
    } else {
        writeln!(
            w,
            "{}",
            crate::tr!(lang, "pplan.euros_unknown",
                "attention\u{a0}: l'enveloppe en euros de {years} ne peut pas être vérifiée, car les euros d'un territoire au moins sont inconnus (CTG119)\u{202f}; chaque territoire planifié passe check, mais rien n'est dit de cette enveloppe",
                "warning: the euro envelope of {years} cannot be verified, as the euros of at least one territory are unknown (CTG119); every planned territory passes check, but nothing is said of that envelope",
                "years" => &unknown.join(", "))
        )
    }
}

fn way_title(ts: &[Territory], way: &Way, lang: Lang) -> String {
    let name = |k: &usize| ts.get(*k).map_or_else(String::new, territory_title);
    match way {
        Way::Own { territory, .. } => crate::tr!(lang, "pplan.way.own",
            "{t} ne peut pas être planifié, même seul\u{a0}:",
            "{t} cannot be planned, even on its own:", "t" => name(territory)),
        Way::Envelope {
            years,
            euros,
            euros_at_least,
        } => {
            let money = |c: i64| lang.euros(c);
            let parts: Vec<String> = years
                .iter()
                .map(|(y, from, to)| match lang {
                    Lang::Fr => format!("{y} de {} à {} ETP", num(lang, *from), num(lang, *to)),
                    Lang::En => format!("{y} from {} to {} ETP", num(lang, *from), num(lang, *to)),
                })
                .chain(euros.iter().map(|(y, from, to)| {
                    // Some territory's euros are unknown: the known ones
                    // alone need this much, the whole at least as much.
                    let least = euros_at_least.contains(y);
                    match (lang, least) {
                        (Lang::Fr, false) => format!("{y} de {} à {}", money(*from), money(*to)),
                        (Lang::Fr, true) => {
                            format!("{y} de {} à au moins {}", money(*from), money(*to))
                        }
                        (Lang::En, false) => {
                            format!("{y} from {} to {}", money(*from), money(*to))
                        }
                        (Lang::En, true) => {
                            format!("{y} from {} to at least {}", money(*from), money(*to))
                        }
                    }
                }))
                .collect();
            crate::tr!(lang, "pplan.way.envelope",
                "relever l'enveloppe\u{a0}: {parts} (chaque territoire au plus bas que ses règles permettent)",
                "raise the envelope: {parts} (each territory as low as its rules allow)",
                "parts" => parts.join(", "))
        }
        Way::Territory {
            territory,
            caps,
            floor,
            ..
        } => {
            let caps: Vec<String> = caps
                .iter()
                .map(|(id, v)| format!("{} ≤ {} ETP", plain(id), num(lang, *v)))
                .collect();
            let head = crate::tr!(lang, "pplan.way.territory",
                "{t} cède ({caps}), les autres territoires au plus bas que leurs règles permettent\u{a0}:",
                "{t} gives way ({caps}), the other territories as low as their rules allow:",
                "t" => name(territory), "caps" => caps.join(", "));
            match floor {
                Some((from, to)) => {
                    let f = crate::tr!(lang, "pplan.way.floor",
                        "baisser son plancher du portefeuille de {from} à {to} ETP",
                        "lower its floor in the portfolio from {from} to {to} ETP",
                        "from" => num(lang, *from), "to" => num(lang, *to));
                    format!("{head}\n   {f}")
                }
                None => head,
            }
        }
    }
}

fn human_ways(
    w: &mut dyn WriteColor,
    p: &crate::portfolio::Portfolio,
    ts: &[Territory],
    ways: &[Way],
    lang: Lang,
) -> std::io::Result<()> {
    writeln!(
        w,
        "{}",
        crate::tr!(lang, "pplan.impossible",
            "aucun schéma ne respecte l'enveloppe de {caf} et toutes les règles de ses territoires. Façons d'en sortir\u{a0}:",
            "no scheme meets the envelope of {caf} and every rule of its territories. Ways out:",
            "caf" => plain(&p.caf.id))
    )?;
    for (n, way) in ways.iter().enumerate() {
        writeln!(w)?;
        writeln!(w, "{}. {}", n + 1, way_title(ts, way, lang))?;
        match way {
            Way::Own {
                territory,
                alternatives,
            } => {
                let Some(t) = ts.get(*territory) else {
                    continue;
                };
                let source = source_of(t);
                for (k, a) in alternatives.iter().enumerate() {
                    // Several ways out of one territory: numbered as `propose` does.
                    if alternatives.len() > 1 {
                        if k > 0 {
                            writeln!(w)?;
                        }
                        match lang {
                            Lang::Fr => writeln!(w, "possibilité {}\u{a0}:", k + 1)?,
                            Lang::En => writeln!(w, "alternative {}:", k + 1)?,
                        }
                    }
                    crate::propose_cmd::write_relaxations(
                        w,
                        &source,
                        &a.relaxations,
                        a.confirmed,
                        lang,
                    )?;
                    if let Some(plan) = &a.plan {
                        crate::propose_cmd::write_effect(
                            w,
                            &t.covered.scenario,
                            source.text(),
                            plan,
                            lang,
                        )?;
                    }
                }
            }
            Way::Envelope { .. } => {}
            Way::Territory {
                territory,
                relaxations,
                confirmed,
                plan,
                ..
            } => {
                let Some(t) = ts.get(*territory) else {
                    continue;
                };
                let source = source_of(t);
                if relaxations.is_empty() {
                    if let Some(plan) = plan {
                        write!(w, "{}", table::render(&t.covered.scenario, plan, lang))?;
                    }
                } else {
                    crate::propose_cmd::write_relaxations(
                        w,
                        &source,
                        relaxations,
                        *confirmed,
                        lang,
                    )?;
                }
                if let Some(plan) = plan {
                    crate::propose_cmd::write_effect(
                        w,
                        &t.covered.scenario,
                        source.text(),
                        plan,
                        lang,
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn source_of(t: &Territory) -> crate::source::SourceFile {
    let text = std::fs::read_to_string(&t.covered.file).unwrap_or_default();
    crate::source::SourceFile::new(t.covered.file.clone(), text)
}

/// Cents as plain euros for JSON (`12345.67`).
fn cents(c: i64) -> String {
    crate::finance::money::fmt_cents(c, crate::finance::money::Style::Plain)
}

fn etp(d: Decimal) -> String {
    d.normalize().to_string()
}

fn plan_json(plan: &Plan) -> serde_json::Value {
    let periods: Vec<serde_json::Value> = plan
        .periods
        .iter()
        .map(|pp| {
            let holders: serde_json::Map<String, serde_json::Value> = pp
                .holders
                .iter()
                .map(|(h, v)| (h.clone(), json!(etp(*v))))
                .collect();
            let themes: serde_json::Map<String, serde_json::Value> = pp
                .themes
                .iter()
                .map(|(h, v)| (h.clone(), json!(etp(*v))))
                .collect();
            json!({
                "period": pp.id,
                "holders": holders,
                "themes": themes,
                "coordinator": etp(pp.coordinator),
                "total": pp.total.map(etp),
                "caf_total": pp.caf_total.map(etp),
            })
        })
        .collect();
    json!(periods)
}

fn json_plan(
    p: &crate::portfolio::Portfolio,
    ts: &[Territory],
    plans: &[Option<Plan>],
    summary: &Summary,
    joint: bool,
) -> serde_json::Value {
    let territories: Vec<serde_json::Value> = ts
        .iter()
        .zip(plans)
        .map(|(t, plan)| {
            json!({
                "file": t.covered.file,
                "territory": t.covered.scenario.territory.name,
                "periods": plan.as_ref().map(plan_json),
            })
        })
        .collect();
    let years: Vec<serde_json::Value> = summary
        .years
        .iter()
        .map(|y| {
            json!({
                "year": y.year,
                "etp": y.etp.map(etp),
                "envelope_etp": y.envelope_etp.map(etp),
                "left_etp": y.left_etp.map(etp),
                "caf_euros": y.caf.map(cents),
                "envelope_euros": y.envelope_euros.map(cents),
                "left_euros": y.left_euros.map(cents),
            })
        })
        .collect();
    json!({
        "caf": p.caf.id,
        "status": "planned",
        "solved_together": joint,
        "territories": territories,
        "years": years,
    })
}

fn json_ways(ts: &[Territory], ways: &[Way], lang: Lang) -> serde_json::Value {
    let file = |k: &usize| ts.get(*k).map(|t| t.covered.file.clone());
    let relax = |r: &[propose::Relaxation]| -> Vec<serde_json::Value> {
        r.iter()
            .map(|r| json!({"code": r.code.as_str(), "text": r.text, "to": r.to.map(etp)}))
            .collect()
    };
    let ways: Vec<serde_json::Value> = ways
        .iter()
        .map(|w| match w {
            Way::Own {
                territory,
                alternatives,
            } => json!({
                "kind": "territory_alone",
                "file": file(territory),
                "alternatives": alternatives.iter().map(|a| json!({
                    "relaxations": relax(&a.relaxations),
                    "confirmed": a.confirmed,
                })).collect::<Vec<_>>(),
            }),
            Way::Envelope {
                years,
                euros,
                euros_at_least,
            } => json!({
                "kind": "raise_envelope",
                "years": years.iter().map(|(y, from, to)| json!({
                    "year": y, "from": etp(*from), "to": etp(*to),
                })).collect::<Vec<_>>(),
                "euros": euros.iter().map(|(y, from, to)| json!({
                    "year": y,
                    "from": cents(*from),
                    "to": cents(*to),
                    "at_least": euros_at_least.contains(y),
                })).collect::<Vec<_>>(),
            }),
            Way::Territory {
                territory,
                caps,
                floor,
                relaxations,
                confirmed,
                plan,
            } => json!({
                "kind": "territory_gives_way",
                "file": file(territory),
                "caps": caps.iter().map(|(id, v)| json!({"period": id, "at_most": etp(*v)})).collect::<Vec<_>>(),
                "floor": floor.map(|(from, to)| json!({"from": etp(from), "to": etp(to)})),
                "relaxations": relax(relaxations),
                "confirmed": confirmed,
                "periods": plan.as_ref().map(plan_json),
            }),
        })
        .collect();
    json!({
        "status": "impossible",
        "lang": match lang { Lang::Fr => "fr", Lang::En => "en" },
        "ways": ways,
    })
}
