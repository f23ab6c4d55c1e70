//! The `propose` command: load, plan, verify with `check`, print, write.

use crate::check::{check_loaded, FileReport};
use crate::diagnostic::{Diagnostic, Severity};
use crate::exit::ExitStatus;
use crate::fsutil;
use crate::i18n::Lang;
use crate::plan::ask::{self, AskError};
use crate::plan::build::Objective;
use crate::plan::negotiate::{Conflict, Negotiation};
use crate::plan::propose::{self, Proposal, Scope};
use crate::plan::solve::Options;
use crate::plan::{apply, guard, table};
use crate::render::human;
use crate::scenario::load_str;
use crate::scenario::Scenario;
use crate::timings;
use codespan_reporting::term::termcolor::WriteColor;
use std::path::Path;

/// Asks, locks and what alternatives may relax (`--set`, `--lock`, ...).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct NegotiateArgs {
    /// An ask, a hard constraint of the plan: PERIOD.ITEM=ETP, PERIOD.ITEM>=ETP,
    /// PERIOD.ITEM<=ETP (ITEM: a commune, carrier or theme, `total`, `caf_total`)
    /// or PERIOD.HOLDER.themes=THEME,THEME; `~` in front makes it negotiable.
    /// The other figures of its period become references. Repeatable.
    #[arg(long = "set", value_name = "ASK")]
    pub set: Vec<String>,
    /// Keep a period (PERIOD) or one of its figures (PERIOD.ITEM) as written,
    /// even where an ask touches it. Repeatable.
    #[arg(long, value_name = "PERIOD[.ITEM]")]
    pub lock: Vec<String>,
    /// Every ask is negotiable: alternatives may relax it.
    #[arg(long)]
    pub negotiable: bool,
    /// Let a carrier (the EPCI, an external operator) get more ETP than the
    /// scenario gives it.
    #[arg(long)]
    pub allow_operator_increase: bool,
    /// When no scheme meets every ask and rule: how many distinct minimal
    /// sets of changes to give.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub alternatives: usize,
    /// What the alternatives must not change: caf_total, total, min_etp,
    /// min_percent, commune_min, commune_max, max_commune_move,
    /// max_theme_move, an id or a rule code; PERIOD. in front for one period.
    /// Repeatable.
    #[arg(long, value_name = "ITEM")]
    pub keep: Vec<String>,
}

/// Reads the asks and locks against the scenario: the first one that
/// cannot be read or names nothing, as a diagnostic.
pub fn negotiation(s: &Scenario, args: &NegotiateArgs) -> Result<Negotiation, AskError> {
    // A variant's own asks (`set = [...]`, issue-15b) come first, then --set.
    let written = s
        .variant
        .iter()
        .flat_map(|v| v.asks.iter().map(|(a, _)| a.clone()));
    let all: Vec<String> = written.chain(args.set.iter().cloned()).collect();
    let asks = ask::resolve_all(s, &all)?;
    let locks = args
        .lock
        .iter()
        .map(|l| ask::resolve_lock(s, l))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Negotiation {
        asks,
        locks,
        all_negotiable: args.negotiable,
        allow_carrier_increase: args.allow_operator_increase,
        alternatives: args.alternatives,
        keep: args.keep.clone(),
    })
}

fn conflict_text(c: &Conflict, lang: Lang) -> (String, String) {
    match (c, lang) {
        (Conflict::PeriodLocked { ask, period }, Lang::Fr) => (
            format!("demande `{ask}`\u{a0}: la période {period} est verrouillée (passée, `locked = true` ou --lock)"),
            "une période passée ou verrouillée garde ses chiffres\u{202f}; demandez sur une autre période".to_owned(),
        ),
        (Conflict::PeriodLocked { ask, period }, Lang::En) => (
            format!("ask `{ask}`: the period {period} is locked (past, `locked = true` or --lock)"),
            "a past or locked period keeps its figures; ask on another period".to_owned(),
        ),
        (Conflict::FigureLocked { ask, period }, Lang::Fr) => (
            format!("demande `{ask}`\u{a0}: ce chiffre de {period} est verrouillé (`locked = true` ou --lock)"),
            "retirez le verrou ou la demande".to_owned(),
        ),
        (Conflict::FigureLocked { ask, period }, Lang::En) => (
            format!("ask `{ask}`: this figure of {period} is locked (`locked = true` or --lock)"),
            "remove the lock or the ask".to_owned(),
        ),
    }
}

/// One set of relaxations, each pointing at its line, and whether a second
/// solve confirmed it.
pub fn write_relaxations(
    w: &mut dyn WriteColor,
    source: &crate::source::SourceFile,
    relaxations: &[propose::Relaxation],
    confirmed: bool,
    lang: Lang,
) -> std::io::Result<()> {
    for r in relaxations {
        let mut d = Diagnostic::new(r.code, Severity::Warning, r.text.clone());
        if let Some(span) = &r.span {
            let here = match lang {
                Lang::Fr => "règle ou chiffre posé ici",
                Lang::En => "constraint set here",
            };
            d = d.primary(span.clone(), here);
        }
        human::write_relaxation(w, source, &d, lang)?;
    }
    let text = match (confirmed, lang) {
        (true, Lang::Fr) => {
            "vérifié\u{a0}: avec ces changements, le solveur trouve un schéma, contrôlé en calcul exact."
        }
        (true, Lang::En) => {
            "checked: with these changes the solver finds a scheme, verified exactly."
        }
        (false, Lang::Fr) => {
            "attention\u{a0}: ces changements n'ont pas pu être confirmés par une seconde résolution."
        }
        (false, Lang::En) => "warning: these changes could not be confirmed by a second solve.",
    };
    writeln!(w, "{text}")
}

/// The figures a variant writes itself (not its bases) in periods no ask
/// releases, as the asks that would let the rest of their period adjust
/// (`2027-2030.caf_total=3.2`).
fn written_by_variant(
    s: &Scenario,
    source: &crate::source::SourceFile,
    neg: &Negotiation,
) -> Vec<String> {
    if s.variant.is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (k, p) in s.periods.iter().enumerate() {
        if neg.releases(s, k) || neg.period_locked(s, k) {
            continue;
        }
        let mut figures: Vec<(&str, &crate::scenario::Figure)> = Vec::new();
        figures.extend(p.caf_total.as_ref().map(|f| ("caf_total", f)));
        figures.extend(p.total.as_ref().map(|f| ("total", f)));
        if let Some(t) = &p.themes {
            figures.extend(t.entries.iter().map(|(id, f)| (id.id.as_str(), f)));
        }
        if let Some(posts) = &p.posts {
            figures.extend(
                posts
                    .entries
                    .iter()
                    .filter_map(|x| x.etp.as_ref().map(|f| (x.holder.id.as_str(), f))),
            );
        }
        for (item, f) in figures {
            if source.file_id(f.start) == 0 {
                out.push(format!("{}.{item}={}", p.name(), f.value.normalize()));
            }
        }
    }
    out
}

/// Why a variant's written figure gives no scheme where the same ask does.
fn write_variant_hint(w: &mut dyn WriteColor, asks: &[String], lang: Lang) -> std::io::Result<()> {
    if asks.is_empty() {
        return Ok(());
    }
    let set: Vec<String> = asks.iter().map(|a| format!("\"{a}\"")).collect();
    let line = crate::i18n::Text::new(&VARIANT_FIGURES)
        .arg(
            "set",
            crate::i18n::Arg::raw(format!("set = [{}]", set.join(", "))),
        )
        .render(lang);
    writeln!(w)?;
    writeln!(w, "{line}")
}

/// What the scheme a relaxation allows changes, per period, against the
/// file as written: ETP, and the yearly amounts of the Caf and of each
/// commune that pays (when the file has `[financing]`). A variant is
/// completed as the one scenario it resolves to (its own text is not one).
pub fn write_effect(
    w: &mut dyn WriteColor,
    s: &Scenario,
    text: &str,
    plan: &propose::Plan,
    lang: Lang,
) -> std::io::Result<()> {
    let text = s.variant.as_ref().map_or(text, |v| v.resolved.as_str());
    let Ok(applied) = apply::apply(text, s, plan) else {
        return Ok(());
    };
    let Some(after) = load_str("alternative.toml", &applied).scenario else {
        return Ok(());
    };
    let (fb, fa) = (
        crate::scenario::facts::Facts::of(s),
        crate::scenario::facts::Facts::of(&after),
    );
    for pp in &plan.periods {
        let total = |f: &crate::scenario::facts::Facts| {
            f.periods
                .get(pp.index)
                .and_then(|p| p.derived_total.or(p.total))
        };
        let (tb, ta) = (total(&fb), total(&fa));
        let mut parts = Vec::new();
        if let Some((b, a)) = tb.zip(ta).filter(|(b, a)| b != a) {
            let etp = |d| format!("{} ETP", lang.number(d));
            parts.push(format!(
                "{} ({} → {})",
                lang.etp_change(a - b),
                etp(b),
                etp(a)
            ));
        }
        let caf = |x: &Scenario| {
            x.periods
                .get(pp.index)
                .and_then(|p| p.caf_total.as_ref())
                .map(|f| f.value)
        };
        if let Some((b, a)) = caf(s).zip(caf(&after)).filter(|(b, a)| b != a) {
            parts.push(
                crate::i18n::Text::new(&EFFECT_CAF)
                    .arg("from", crate::i18n::Arg::etp(b))
                    .arg("to", crate::i18n::Arg::etp(a))
                    .render(lang),
            );
        }
        let costs = crate::finance::cost::period_cost(s, &fb, pp.index)
            .zip(crate::finance::cost::period_cost(&after, &fa, pp.index));
        if let Some((cb, ca)) = costs {
            let mut money = Vec::new();
            let caf = ca.total.caf.unwrap_or(0) - cb.total.caf.unwrap_or(0);
            if caf != 0 {
                money.push(format!("Caf {}", euros_change(lang, caf)));
            }
            for row in ca
                .rows
                .iter()
                .filter(|r| r.payer == crate::finance::cost::Payer::Commune)
            {
                let before = cb
                    .rows
                    .iter()
                    .find(|r| r.id == row.id)
                    .and_then(|r| r.rest)
                    .unwrap_or(0);
                let d = row.rest.unwrap_or(0) - before;
                if d != 0 {
                    money.push(format!("{} {}", row.name, euros_change(lang, d)));
                }
            }
            if !money.is_empty() {
                parts.push(
                    crate::i18n::Text::new(&EFFECT_PER_YEAR)
                        .arg("amounts", crate::i18n::Arg::raw(money.join(", ")))
                        .render(lang),
                );
            }
        }
        if !parts.is_empty() {
            let separator = crate::i18n::Text::new(&EFFECT_SEPARATOR).render(lang);
            let line = crate::i18n::Text::new(&EFFECT)
                .arg("period", crate::i18n::Arg::raw(pp.id.clone()))
                .arg("parts", crate::i18n::Arg::raw(parts.join(&separator)))
                .render(lang);
            writeln!(w, "  {line}")?;
        }
    }
    Ok(())
}

/// A signed yearly amount in the house format: `+10 400,00 €`, `-€2,600.00`.
fn euros_change(lang: Lang, cents: i64) -> String {
    if cents > 0 {
        format!("+{}", lang.euros(cents))
    } else {
        lang.euros(cents)
    }
}

crate::msgs! {
    EFFECT = "propose.effect",
        fr: "effet {period}\u{a0}: {parts}",
        en: "effect {period}: {parts}";
    EFFECT_PER_YEAR = "propose.effect_per_year",
        fr: "par an\u{a0}: {amounts}",
        en: "per year: {amounts}";
    EFFECT_CAF = "propose.effect_caf",
        fr: "cofinancé par la Caf {from} → {to} ETP",
        en: "co-financed by the Caf {from} → {to} ETP";
    EFFECT_SEPARATOR = "propose.effect_separator", fr: "\u{202f}; ", en: "; ";
    NO_WAY_OUT = "propose.no_way_out",
        fr: "aucun schéma ne respecte toutes les demandes et règles de {file}, et aucune façon d'en sortir ne laisse intact ce que --keep protège ni les demandes non négociables\u{202f}; retirez un --keep, ou marquez une demande négociable (`~` devant, ou --negotiable)",
        en: "no scheme meets every ask and rule of {file}, and no way out leaves alone what --keep protects and the asks not marked negotiable; drop a --keep, or mark an ask negotiable (`~` in front, or --negotiable)";
    VARIANT_FIGURES = "propose.variant_figures",
        fr: "note\u{a0}: un chiffre que la variante écrit est fixe, comme ceux du fichier, et les autres chiffres de sa période le restent aussi\u{202f}; écrit comme une demande, il les laisse s'ajuster. Dans la variante, remplacez-le par\u{a0}: {set}",
        en: "note: a figure the variant writes is fixed, as the file's are, and the other figures of its period stay fixed too; written as an ask, it lets them adjust. In the variant, replace it with: {set}";
}

/// What `propose` writes: the completed scenario (`--out`, replaced only
/// with `--force`) and its table as a workbook (`--table`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Files<'a> {
    pub out: Option<&'a Path>,
    pub force: bool,
    pub table: Option<&'a Path>,
}

// One argument per option group of the command, as main passes them.
#[allow(clippy::too_many_arguments)]
pub fn run(
    w: &mut dyn WriteColor,
    file: &Path,
    scope: &Scope,
    objective: Objective,
    opts: Options,
    files: Files,
    lang: crate::i18n::Lang,
    negotiate: &NegotiateArgs,
) -> std::io::Result<ExitStatus> {
    let Files {
        out,
        force,
        table: table_out,
    } = files;
    if let Some(Err(m)) = out.map(|o| {
        crate::commands::error::refuse_table_extension(o, &crate::commands::error::A_SCENARIO)
    }) {
        let m = m.render(lang);
        let m =
            crate::tr!(lang, "propose.out_refused", "erreur\u{a0}: {m}", "error: {m}", "m" => &m);
        writeln!(w, "{m}")?;
        return Ok(ExitStatus::Unusable);
    }
    if let Some(t) = table_out.filter(|t| crate::xlsx::extension(t) != crate::xlsx::Extension::Xlsx)
    {
        let m = crate::tr!(lang, "propose.table_not_xlsx",
            "erreur\u{a0}: --table écrit un classeur\u{a0}: nommez-le .xlsx, pas {path}",
            "error: --table writes a workbook: name it .xlsx, not {path}",
            "path" => &t.display().to_string());
        writeln!(w, "{m}")?;
        return Ok(ExitStatus::Unusable);
    }
    // An --out that cannot be written is refused before any planning.
    if let Some(path) = out {
        if let Err(e) = fsutil::check_target(path, force, &[file]) {
            writeln!(w, "{}", fsutil::cannot_write(path, &e, lang))?;
            return Ok(ExitStatus::Unusable);
        }
    }
    let t = timings::phase("load");
    let opened = crate::commands::open::open(file, w, lang)?;
    t.done(String::new);
    let (scenario, source) = match opened {
        Ok(o) => (o.scenario, o.source),
        Err(status) => return Ok(status),
    };
    let neg = match negotiation(&scenario, negotiate) {
        Ok(n) => n,
        Err(e) => {
            let d = Diagnostic::error(e.code, e.message(lang)).help(e.hint(lang));
            human::write_diagnostic(w, &source, &d, lang)?;
            return Ok(ExitStatus::Unusable);
        }
    };
    if let Some(c) = neg.conflicts(&scenario).first() {
        let (m, h) = conflict_text(c, lang);
        human::write_diagnostic(w, &source, &Diagnostic::error(ask::ASK, m).help(h), lang)?;
        return Ok(ExitStatus::Unusable);
    }
    // Theme lists asked are written on the posts; the periods asks touch are planned.
    let scenario = if neg.asks.is_empty() {
        scenario
    } else {
        neg.scenario(&scenario)
    };
    let with_asks = |mut indices: Vec<usize>| {
        indices.extend(neg.periods());
        indices.sort_unstable();
        indices.dedup();
        indices
    };
    // Errors no figure can fix (a dangling id...) would make any scheme fail check.
    // (An unknown --period is reported by `propose` below.)
    // The plan is started first, on its own thread, and these errors are
    // looked for meanwhile: when there are any, the plan is dropped unread.
    let indices = propose::scope_indices(&scenario, scope).map(with_asks);
    let pending = indices
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|indices| guard::start_negotiated(&scenario, indices, objective, opts, &neg));
    let t = timings::phase("blocking");
    let blocking = indices
        .as_ref()
        .map(|indices| propose::blocking(&scenario, indices))
        .unwrap_or_default();
    t.done(String::new);
    if !blocking.is_empty() {
        for d in &blocking {
            human::write_diagnostic(w, &source, d, lang)?;
        }
        say_fix_first(w, blocking.len(), lang)?;
        return Ok(ExitStatus::Unusable);
    }
    let planned = pending.and_then(guard::Pending::wait);
    let proposal = match planned {
        Ok(p) => p,
        Err(e) => {
            let reason = e.message.render(lang);
            let said = crate::tr!(lang, "propose.cannot_plan",
                "planification impossible\u{a0}: {m}", "cannot plan: {m}", "m" => &reason);
            match e.code {
                Some(code) => {
                    let mut d = Diagnostic::error(code, said);
                    if let Some(span) = e.span {
                        d = d.primary(span, crate::tr!(lang, "propose.here", "ici", "here"));
                    }
                    human::write_diagnostic(w, &source, &d, lang)?;
                }
                None => {
                    let m = crate::tr!(lang, "propose.error", "erreur\u{a0}: {m}", "error: {m}", "m" => &said);
                    writeln!(w, "{m}")?
                }
            }
            return Ok(ExitStatus::Unusable);
        }
    };
    match proposal {
        Proposal::Planned(plan) => {
            // A variant is completed as the one scenario it resolves to.
            let written = scenario
                .variant
                .as_ref()
                .map_or(source.text(), |v| v.resolved.as_str());
            // The scheme is written into the file and re-checked while the
            // table is rendered: two independent readings of the plan.
            let (table, applied) = std::thread::scope(|scope| {
                let job = scope.spawn(|| {
                    let t = timings::phase("apply");
                    let text = apply::apply(written, &scenario, &plan);
                    t.done(String::new);
                    text.map(|text| {
                        // The proposal must pass check unchanged; anything else is a bug.
                        let t = timings::phase("recheck");
                        let report: FileReport = check_loaded(load_str(source.name(), &text));
                        t.done(String::new);
                        (text, report)
                    })
                });
                let t = timings::phase("table");
                let table = table::render(&scenario, &plan, lang);
                t.done(String::new);
                let applied = job
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (table, applied)
            });
            write!(w, "{table}")?;
            let (text, report) = match applied {
                Ok(t) => t,
                Err(e) => {
                    writeln!(w, "{}", e.line(lang))?;
                    return Ok(ExitStatus::Unusable);
                }
            };
            if report.count(Severity::Error) > 0 {
                writeln!(
                    w,
                    "error: internal error: the proposed scheme does not pass check:"
                )?;
                for d in &report.diagnostics {
                    human::write_diagnostic(w, &report.source, d, lang)?;
                }
                return Ok(ExitStatus::Unusable);
            }
            if let Some(path) = table_out {
                let bytes = crate::xlsx::to_bytes(&crate::commands::books::propose::book(
                    &scenario, &plan,
                ))?;
                match fsutil::write_output(path, &bytes, force, &[file]) {
                    Ok(()) => writeln!(w, "{}", crate::report::written(path, lang))?,
                    Err(e) => {
                        let m = fsutil::cannot_write(path, &e, lang);
                        writeln!(w, "{m}")?;
                        return Ok(ExitStatus::Unusable);
                    }
                }
            }
            match out {
                Some(path) => match fsutil::write_output(
                    path,
                    fsutil::TextStyle::of(file, source.text())
                        .apply(&text)
                        .as_bytes(),
                    force,
                    &[file],
                ) {
                    Ok(()) => match lang {
                        Lang::Fr => writeln!(w, "{} écrit (passe check)", path.display())?,
                        Lang::En => writeln!(w, "wrote {} (passes check)", path.display())?,
                    },
                    Err(e) => {
                        let m = fsutil::cannot_write(path, &e, lang);
                        writeln!(w, "{m}")?;
                        return Ok(ExitStatus::Unusable);
                    }
                },
                None => match lang {
                    Lang::Fr => writeln!(
                        w,
                        "le schéma passe check\u{202f}; --out FICHIER l'écrit comme scénario"
                    )?,
                    Lang::En => writeln!(
                        w,
                        "the scheme passes check; use --out FILE to write it as a scenario"
                    )?,
                },
            }
            Ok(ExitStatus::Valid)
        }
        Proposal::Impossible {
            relaxations,
            confirmed,
            alternatives,
        } => {
            if alternatives.is_empty() {
                // Nothing may give: what --keep protects and the asks not
                // marked negotiable are all the conflict is made of.
                let m = crate::i18n::Text::new(&NO_WAY_OUT)
                    .arg("file", crate::i18n::Arg::raw(source.name()))
                    .render(lang);
                writeln!(w, "{m}")?;
                return Ok(ExitStatus::RuleBreached);
            }
            if alternatives.len() <= 1 {
                match lang {
                    Lang::Fr => writeln!(
                        w,
                        "aucun schéma ne respecte toutes les {}règles de {}. Pour qu'il en existe un, il faudrait\u{a0}:",
                        if neg.asks.is_empty() { "" } else { "demandes et " },
                        source.name()
                    )?,
                    Lang::En => writeln!(
                        w,
                        "no scheme meets every {}rule of {}. It becomes possible if you:",
                        if neg.asks.is_empty() { "" } else { "ask and " },
                        source.name()
                    )?,
                }
                write_relaxations(w, &source, &relaxations, confirmed, lang)?;
                if let Some(plan) = alternatives.first().and_then(|a| a.plan.as_ref()) {
                    write_effect(w, &scenario, source.text(), plan, lang)?;
                }
                write_variant_hint(w, &written_by_variant(&scenario, &source, &neg), lang)?;
                return Ok(ExitStatus::RuleBreached);
            }
            match lang {
                Lang::Fr => writeln!(
                    w,
                    "aucun schéma ne respecte toutes les {}règles de {}. {} façons d'en sortir, chacune minimale (sans l'un de ses changements, plus de schéma)\u{a0}:",
                    if neg.asks.is_empty() { "" } else { "demandes et " },
                    source.name(),
                    alternatives.len()
                )?,
                Lang::En => writeln!(
                    w,
                    "no scheme meets every {}rule of {}. {} ways out, each minimal (without any one of its changes, no scheme):",
                    if neg.asks.is_empty() { "" } else { "ask and " },
                    source.name(),
                    alternatives.len()
                )?,
            }
            for (k, a) in alternatives.iter().enumerate() {
                writeln!(w)?;
                match lang {
                    Lang::Fr => writeln!(w, "possibilité {}\u{a0}:", k + 1)?,
                    Lang::En => writeln!(w, "alternative {}:", k + 1)?,
                }
                write_relaxations(w, &source, &a.relaxations, a.confirmed, lang)?;
                if let Some(plan) = &a.plan {
                    write_effect(w, &scenario, source.text(), plan, lang)?;
                }
            }
            write_variant_hint(w, &written_by_variant(&scenario, &source, &neg), lang)?;
            Ok(ExitStatus::RuleBreached)
        }
        Proposal::Failed(e) => {
            let e = e.render(lang);
            match lang {
                Lang::Fr => writeln!(w, "erreur\u{a0}: le solveur a échoué\u{a0}: {e}")?,
                Lang::En => writeln!(w, "error: the solver failed: {e}")?,
            }
            Ok(ExitStatus::Unusable)
        }
        Proposal::TimeLimit => {
            // Only name HiGHS where this build has it.
            let text = match (cfg!(feature = "highs"), lang) {
                (true, Lang::Fr) => "erreur\u{a0}: le temps imparti est écoulé avant qu'un schéma soit trouvé\u{202f}; augmentez --time-limit ou essayez --solver highs",
                (false, Lang::Fr) => "erreur\u{a0}: le temps imparti est écoulé avant qu'un schéma soit trouvé\u{202f}; augmentez --time-limit (une version construite avec `--features highs` offre un solveur plus rapide)",
                (true, Lang::En) => "error: the time limit was reached before any scheme was found; raise --time-limit or try --solver highs",
                (false, Lang::En) => "error: the time limit was reached before any scheme was found; raise --time-limit (a build with `--features highs` offers a faster solver)",
            };
            writeln!(w, "{text}")?;
            Ok(ExitStatus::Unusable)
        }
    }
}

crate::msgs! {
    FIX_FIRST = "pplan.fix_first",
        fr: "erreur\u{a0}: propose choisit les chiffres des périodes planifiées seulement\u{202f}; corrigez d'abord {n:l'erreur|les erreurs} ci-dessus",
        en: "error: propose chooses the figures of the planned periods only; fix the {n:error|errors} above first";
}

/// After the `errors` errors no figure can fix: what `propose` (and its
/// portfolio form) needs first.
pub fn say_fix_first(w: &mut dyn WriteColor, errors: usize, lang: Lang) -> std::io::Result<()> {
    let m = crate::i18n::Text::new(&FIX_FIRST)
        .arg("n", crate::i18n::Arg::count(errors))
        .render(lang);
    writeln!(w, "{m}")
}
