//! Checking files and directories: load each scenario, run the catalogue,
//! collect diagnostics. Output is in a stable order (files sorted by path,
//! diagnostics by position).

use crate::diagnostic::{Diagnostic, Severity};
use crate::exit::ExitStatus;
use crate::i18n::{Arg, Msg, Text};
use crate::plan::propose;
use crate::rules::{self, theme_split};
use crate::scenario::{load_path, Loaded, Scenario};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub mod portfolio;
pub mod words;

/// One checked file and what was found in it.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
    /// Whether the file could not be checked at all.
    pub fn unusable(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| rules::is_input_code(d.code))
    }
}

#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.files.iter().map(|f| f.count(severity)).sum()
    }

    /// Unusable when some input is, a rule breached on an error (or a
    /// warning when `deny_warnings`), else valid.
    pub fn exit_code(&self, deny_warnings: bool) -> ExitStatus {
        if self.files.iter().any(FileReport::unusable) {
            ExitStatus::Unusable
        } else {
            ExitStatus::breached_if(
                self.count(Severity::Error) > 0
                    || (deny_warnings && self.count(Severity::Warning) > 0),
            )
        }
    }
}

/// Checks one loaded file.
pub fn check_loaded(loaded: Loaded) -> FileReport {
    let mut diagnostics = loaded.diagnostics;
    if let Some(scenario) = &loaded.scenario {
        diagnostics.extend(variant_asks(scenario));
        let mut found = rules::check(scenario);
        advise(scenario, &mut found, RELAXATION_BUDGET);
        diagnostics.extend(found);
    }
    FileReport {
        source: loaded.source,
        diagnostics: cap_per_code(diagnostics, MAX_DIAGNOSTICS_PER_CODE),
    }
}

/// The asks a variant states (`set = [...]`) that cannot be read or name
/// nothing in the scenario (CTG130, CTG131), pointed at in the variant.
pub fn variant_asks(scenario: &Scenario) -> Vec<Diagnostic> {
    // The scenario's language is the user's: --lang, then the environment.
    let lang = crate::i18n::Lang::detect(None);
    let Some(v) = &scenario.variant else {
        return Vec::new();
    };
    v.asks
        .iter()
        .filter_map(|(text, span)| {
            let e = crate::plan::ask::Ask::parse(text)
                .and_then(|a| a.resolve(scenario))
                .err()?;
            Some(
                Diagnostic::error(e.code, e.message(lang))
                    .primary(
                        span.clone(),
                        match lang {
                            crate::i18n::Lang::Fr => "demande écrite ici",
                            crate::i18n::Lang::En => "ask written here",
                        },
                    )
                    .help(e.hint(lang)),
            )
        })
        .collect()
}

/// Time the planner's relaxation search may take over one whole file. The
/// search is advice on a CTG040 finding: `check` must answer any file the
/// limits accept within 2 s (docs/reliability.md), so it gets a small share,
/// and `propose --all` gives the same advice for every period, within its
/// own time limit.
pub const RELAXATION_BUDGET: Duration = Duration::from_millis(500);

/// The most impossible periods of one file that get the search's advice.
pub const ADVISED_PERIODS: usize = 3;

/// The largest period searched while checking, in the planner's cells
/// (`plan::guard::estimate`: holders × (themes + 2)). A real CTG (under 900
/// communes, a dozen themes) has under 13,000; building the model of a
/// larger one alone could take the file's whole budget.
pub const ADVICE_MAX_CELLS: u64 = 20_000;

static SKIPPED_TIME: Msg = Msg::new(
    "check.advice.skipped_time",
    "la recherche de changements qui rendraient la répartition possible n'a pas été faite : ce fichier a épuisé le temps qui lui est accordé ({ms} ms) ; `ctgplan propose --all` la fait pour chaque période",
    "the search for changes that make it possible was skipped: this file used up the time allowed for it ({ms} ms); `ctgplan propose --all` runs it for every period",
);
static SKIPPED_COUNT: Msg = Msg::new(
    "check.advice.skipped_count",
    "la recherche de changements qui rendraient la répartition possible n'a pas été faite : `check` ne la fait que pour les {n} premières périodes impossibles d'un fichier ; `ctgplan propose --all` la fait pour chaque période",
    "the search for changes that make it possible was skipped: `check` runs it for the first {n} impossible periods of a file only; `ctgplan propose --all` runs it for every period",
);
static SKIPPED_SIZE: Msg = Msg::new(
    "check.advice.skipped_size",
    "la recherche de changements qui rendraient la répartition possible n'a pas été faite : la période est trop grande pour cette recherche pendant `check` ({cells} cellules, au-delà de {max}) ; `ctgplan propose --all` la fait pour chaque période",
    "the search for changes that make it possible was skipped: the period is too large to search while checking ({cells} cells, over {max}); `ctgplan propose --all` runs it for every period",
);

/// Adds to each CTG040 finding the changes the planner's relaxation search
/// finds to make its period plannable (the rule itself never runs the
/// planner): for the first [`ADVISED_PERIODS`] periods of at most
/// [`ADVICE_MAX_CELLS`], within `budget` for the whole file; the others get a
/// note saying why not and what gives the advice.
pub fn advise(scenario: &Scenario, diagnostics: &mut [Diagnostic], budget: Duration) {
    let started = Instant::now();
    let mut advised = 0;
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.code == theme_split::RULE.code)
    {
        let Some(i) = d
            .subject
            .periods
            .first()
            .and_then(|id| scenario.periods.iter().position(|p| p.id.id == *id))
        else {
            continue;
        };
        let cells = crate::plan::guard::estimate(scenario, &[i]);
        let left = budget.saturating_sub(started.elapsed());
        let skipped = if advised >= ADVISED_PERIODS {
            Some(Text::new(&SKIPPED_COUNT).arg("n", Arg::count(ADVISED_PERIODS)))
        } else if cells > ADVICE_MAX_CELLS {
            Some(
                Text::new(&SKIPPED_SIZE)
                    .arg("cells", Arg::int(i64::try_from(cells).unwrap_or(i64::MAX)))
                    .arg(
                        "max",
                        Arg::int(i64::try_from(ADVICE_MAX_CELLS).unwrap_or(i64::MAX)),
                    ),
            )
        } else if left.is_zero() {
            Some(Text::new(&SKIPPED_TIME).arg(
                "ms",
                Arg::int(i64::try_from(budget.as_millis()).unwrap_or(i64::MAX)),
            ))
        } else {
            None
        };
        if let Some(note) = skipped {
            d.notes.push(note);
            continue;
        }
        advised += 1;
        let found = propose::period_relaxations(scenario, i, left);
        if found.is_empty() && started.elapsed() >= budget {
            // The search itself ran out of time: say so rather than nothing.
            d.notes.push(Text::new(&SKIPPED_TIME).arg(
                "ms",
                Arg::int(i64::try_from(budget.as_millis()).unwrap_or(i64::MAX)),
            ));
        }
        for r in found {
            d.notes.push(
                Text::new(&words::POSSIBLE_IF)
                    .arg("change", Arg::text(r.text))
                    .arg("code", Arg::id(r.code.to_string())),
            );
        }
    }
}

/// The most diagnostics of one code shown for one file (see
/// [`crate::diagnostic::MAX_PER_CODE`]).
pub const MAX_DIAGNOSTICS_PER_CODE: usize = crate::diagnostic::MAX_PER_CODE;

/// Keeps the first `cap` diagnostics of each code, in order, and for a code
/// over it a last one counting the others, including those a rule counted
/// without building ([`Diagnostic::not_shown`]).
pub fn cap_per_code(diagnostics: Vec<Diagnostic>, cap: usize) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(diagnostics.len().min(4 * cap));
    // Per code in order of first drop: its severity and how many left out.
    let mut dropped: Vec<(crate::code::Code, Severity, usize)> = Vec::new();
    let mut drop =
        |d: &Diagnostic, n: usize| match dropped.iter_mut().find(|(code, _, _)| *code == d.code) {
            Some(last) => last.2 = last.2.saturating_add(n),
            None => dropped.push((d.code, d.severity, n)),
        };
    for d in diagnostics {
        if let Some(n) = d.not_shown_count() {
            drop(&d, n);
            continue;
        }
        let n = seen.entry(d.code.to_string()).or_insert(0);
        *n += 1;
        if *n <= cap {
            out.push(d);
        } else {
            drop(&d, 1);
        }
    }
    for (code, severity, n) in dropped {
        out.push(Diagnostic::not_shown(code, severity, n, cap));
    }
    out
}

pub fn check_file(path: &Path) -> FileReport {
    check_loaded(load_path(path))
}

/// Checks every scenario under the given paths.
pub fn check_paths(paths: &[PathBuf]) -> Result<Report, CollectError> {
    // A portfolio among them brings the files it covers.
    let files = portfolio::with_covered(collect(paths)?);
    // Files are checked on every core, in the input order, so the output
    // does not depend on thread timing.
    Ok(Report {
        files: portfolio::check_all(&files),
    })
}

#[derive(Debug)]
pub enum CollectError {
    Walk(String),
}

impl std::fmt::Display for CollectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CollectError::Walk(e) => write!(f, "cannot walk directory: {e}"),
        }
    }
}

/// Expands directories to the `.toml` files they contain (`.TOML` too),
/// sorted, without following symbolic links to directories (so a link loop
/// cannot trap us). A path that does not exist is kept: checking it reports
/// CTG001 in the output with the other files. A file named twice (by the same
/// or another path) is checked once; `-` is standard input.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CollectError> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |p: PathBuf| {
        let key = p.canonicalize().unwrap_or_else(|_| p.clone());
        if seen.insert(key) {
            out.push(p);
        }
    };
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path)
                .follow_links(false)
                .sort_by_file_name()
            {
                let entry = entry.map_err(|e| CollectError::Walk(e.to_string()))?;
                let p = entry.path();
                if p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
                    && p.is_file()
                {
                    push(p.to_path_buf());
                }
            }
        } else {
            push(path.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relaxation_search_stops_when_the_time_budget_is_used() {
        let text = "[territory]\nname = \"Test\"\n[[commune]]\nid = \"saint-remy\"\nname = \"Saint-Rémy\"\nthemes = [\"petite_enfance\", \"acces_droits\"]\n[[commune]]\nid = \"mouries\"\nname = \"Mouriès\"\nthemes = [\"petite_enfance\", \"parentalite\"]\n[[period]]\nid = \"2026\"\nthemes = { petite_enfance = 0.8, parentalite = 0.1, acces_droits = 0.3 }\nposts.saint-remy = { etp = 0.2 }\nposts.mouries = { etp = 1.0 }\n";
        let s = crate::scenario::load_str("t.toml", text)
            .scenario
            .expect("loads");
        let mut out = rules::check(&s);
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].notes.is_empty(), "a rule gives no advice itself");
        advise(&s, &mut out, Duration::ZERO);
        assert_eq!(out[0].notes.len(), 1, "{:?}", out[0].notes);
        assert!(
            out[0].notes[0]
                .render(crate::i18n::Lang::En)
                .contains("skipped"),
            "{:?}",
            out[0].notes
        );
        // With time left, the planner's advice comes instead.
        let mut out = rules::check(&s);
        advise(&s, &mut out, RELAXATION_BUDGET);
        assert!(out[0].notes.iter().all(|n| n
            .render(crate::i18n::Lang::En)
            .starts_with("it becomes possible")));
        assert!(!out[0].notes.is_empty());
    }

    /// `periods` periods whose split is impossible: `communes` communes
    /// that list petite_enfance only, and parentalité needs 0.1 ETP.
    fn impossible(communes: usize, periods: usize) -> Scenario {
        use std::fmt::Write as _;
        let mut text = String::from("[territory]\nname = \"T\"\n");
        for i in 0..communes {
            let _ = writeln!(
                text,
                "[[commune]]\nid = \"c{i}\"\nname = \"C{i}\"\nthemes = [\"petite_enfance\"]"
            );
        }
        for k in 0..periods {
            let _ = writeln!(
                text,
                "[[period]]\nid = \"{}\"\nthemes = {{ petite_enfance = {}, parentalite = 0.1 }}\n[period.posts]",
                2026 + k,
                rust_decimal::Decimal::new(i64::try_from(communes).unwrap() - 1, 1)
            );
            for i in 0..communes {
                let _ = writeln!(text, "c{i} = {{ etp = 0.1 }}");
            }
        }
        crate::scenario::load_str("t.toml", &text)
            .scenario
            .expect("loads")
    }

    #[test]
    fn only_the_first_impossible_periods_of_a_file_are_searched() {
        let s = impossible(3, ADVISED_PERIODS + 2);
        let mut out = rules::check(&s);
        assert_eq!(out.len(), ADVISED_PERIODS + 2, "{out:?}");
        advise(&s, &mut out, RELAXATION_BUDGET);
        for (k, d) in out.iter().enumerate() {
            assert!(!d.notes.is_empty(), "{k}: {d:?}");
            let searched = d.notes.iter().all(|n| {
                n.render(crate::i18n::Lang::En)
                    .starts_with("it becomes possible")
            });
            assert_eq!(searched, k < ADVISED_PERIODS, "{k}: {:?}", d.notes);
            if k >= ADVISED_PERIODS {
                assert!(
                    d.notes[0]
                        .render(crate::i18n::Lang::En)
                        .contains("first 3 impossible periods"),
                    "{:?}",
                    d.notes
                );
                assert!(d.notes[0]
                    .render(crate::i18n::Lang::En)
                    .contains("`ctgplan propose --all` runs it"));
            }
        }
    }

    #[test]
    fn a_period_too_large_to_search_while_checking_is_said_so() {
        // 4,000 communes × (4 themes + 2) = 24,000 cells, over the cap.
        let s = impossible(4_000, 1);
        assert!(crate::plan::guard::estimate(&s, &[0]) > ADVICE_MAX_CELLS);
        let mut out = rules::check(&s);
        assert_eq!(out.len(), 1, "{out:?}");
        let started = Instant::now();
        advise(&s, &mut out, RELAXATION_BUDGET);
        assert!(started.elapsed() < Duration::from_secs(1));
        assert_eq!(out[0].notes.len(), 1, "{:?}", out[0].notes);
        assert!(out[0].notes[0]
            .render(crate::i18n::Lang::En)
            .contains("too large to search while checking"));
        assert!(
            out[0].notes[0]
                .render(crate::i18n::Lang::En)
                .contains("24000 cells"),
            "{:?}",
            out[0].notes
        );
    }

    #[test]
    fn diagnostics_past_the_cap_are_counted_in_one() {
        let mut v: Vec<Diagnostic> = (0..5)
            .map(|i| {
                Diagnostic::error(crate::code::Code::UnknownReference, format!("unknown {i}"))
                    .primary(i..i + 1, "x")
            })
            .collect();
        v.push(Diagnostic::warning(crate::code::Code::OpenPost, "w"));
        let out = cap_per_code(v, 2);
        let messages: Vec<String> = out
            .iter()
            .map(|d| d.message.render(crate::i18n::Lang::En))
            .collect();
        assert_eq!(
            messages,
            [
                "unknown 0",
                "unknown 1",
                "w",
                "3 more CTG011 errors in this file, not shown (the first 2 are)"
            ]
        );
        assert_eq!(out[3].severity, Severity::Error);
        assert!(out[3].labels.is_empty());
    }
}
