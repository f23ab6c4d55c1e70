//! Reading a portfolio file, and finding the scenario files it covers.
//! Failures are input diagnostics (CTG001-CTG005), as for a scenario.

use super::model::*;
use super::raw::{RawEntry, RawPortfolio};
use super::words;
use crate::code as codes;
use crate::diagnostic::{Diagnostic, Span};
use crate::i18n::{Arg, Msg, Text};
use crate::number::{self, RawNumber};
use crate::scenario::load::{parse_years, MAX_FILE_BYTES};
use crate::scenario::raw::{Num, RawYears, Str};
use crate::scenario::words as load_words;
use crate::scenario::{self, Figure, Ident, Years};
use crate::source::SourceFile;
use rust_decimal::Decimal;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// Most files one portfolio covers (CTG006): the largest département has
/// fewer than a hundred CTGs.
pub const MAX_COVERED: usize = 1_000;

#[derive(Debug)]
pub struct LoadedPortfolio {
    pub source: SourceFile,
    pub portfolio: Option<Portfolio>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether TOML text is a portfolio (it has a top-level `[portfolio]`
/// table) rather than a scenario. A cheap look at the lines first, so that
/// scenarios are not parsed twice; then a real parse to be sure.
pub fn is_portfolio_text(text: &str) -> bool {
    let looks = text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("[portfolio]") || l.starts_with("portfolio") && l.contains('=')
    });
    looks
        && text
            .parse::<toml::Table>()
            .is_ok_and(|t| t.contains_key("portfolio"))
}

/// Whether the file at `path` is a portfolio (an unreadable file is not).
pub fn is_portfolio_file(path: &Path) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() <= MAX_FILE_BYTES => std::fs::read_to_string(path)
            .map(|t| is_portfolio_text(&t))
            .unwrap_or(false),
        _ => false,
    }
}

pub fn load_path(path: &Path) -> LoadedPortfolio {
    let name = path.display().to_string();
    let cannot_read =
        |e: std::io::Error| Text::new(&load_words::CANNOT_READ).arg("error", Arg::io_error(&e));
    let text = match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => Err(Text::new(&load_words::TOO_LARGE)
            .arg("at_least", Arg::raw(""))
            .arg(
                "bytes",
                Arg::int(i64::try_from(m.len()).unwrap_or(i64::MAX)),
            )
            .arg(
                "max",
                Arg::int(i64::try_from(MAX_FILE_BYTES / 1024 / 1024).unwrap_or(i64::MAX)),
            )),
        Ok(_) => std::fs::read(path)
            .map_err(cannot_read)
            .and_then(|b| String::from_utf8(b).map_err(|_| Text::new(&load_words::NOT_UTF8))),
        Err(e) => Err(cannot_read(e)),
    };
    match text {
        Ok(text) => load_str(&name, &text),
        Err(message) => LoadedPortfolio {
            source: SourceFile::new(name, String::new()),
            portfolio: None,
            diagnostics: vec![Diagnostic::error(codes::IO, message).help(&words::READ_HELP)],
        },
    }
}

pub fn load_str(name: &str, text: &str) -> LoadedPortfolio {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(name, text);
    let mut diagnostics = Vec::new();
    let portfolio = parse(&source, &mut diagnostics);
    LoadedPortfolio {
        source,
        portfolio,
        diagnostics,
    }
}

fn parse(source: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Portfolio> {
    let text = source.text();
    let raw: RawPortfolio = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(match text.parse::<toml::Table>() {
                Err(syntax) => scenario::load::syntax_error(&syntax, text),
                // A scenario given where a portfolio is expected.
                Ok(table) if !table.contains_key("portfolio") && is_scenario_table(&table) => {
                    scenario_not_portfolio(text)
                }
                Ok(_) => scenario::load::toml_error(codes::SCHEMA, &e, text, &words::SCHEMA_HELP),
            });
            return None;
        }
    };
    let before = diags.len();
    let portfolio = Validator { source, diags }.portfolio(raw);
    (diags.len() == before).then_some(portfolio)
}

/// Whether a TOML document that is not a portfolio has a scenario's tables.
fn is_scenario_table(table: &toml::Table) -> bool {
    ["territory", "commune", "period", "carrier"]
        .iter()
        .any(|k| table.contains_key(*k))
}

/// A scenario given to `ctgplan portfolio` (or as a portfolio): said as
/// such, at its first table, instead of the schema's "expected a sequence".
fn scenario_not_portfolio(text: &str) -> Diagnostic {
    let at = ["[territory]", "[[commune]]", "[[period]]", "[[carrier]]"]
        .iter()
        .filter_map(|h| {
            text.match_indices(h)
                .find(|(i, _)| *i == 0 || text.as_bytes().get(i - 1) == Some(&b'\n'))
                .map(|(i, h)| i..i + h.len())
        })
        .min_by_key(|r| r.start);
    let d = Diagnostic::error(codes::SCHEMA, &NOT_PORTFOLIO).help(&NOT_PORTFOLIO_HELP);
    match at {
        Some(span) => d.primary(span, &NOT_PORTFOLIO_LABEL),
        None => d,
    }
}

static NOT_PORTFOLIO: Msg = Msg::new(
    "portfolio.is_scenario",
    "ce fichier est un scénario, pas un portefeuille de la Caf",
    "this is a scenario, not a Caf portfolio",
);
static NOT_PORTFOLIO_HELP: Msg = Msg::new(
    "portfolio.is_scenario.help",
    "`ctgplan check FICHIER` vérifie un scénario\u{202f}; un portefeuille de la Caf est un fichier avec une table `[portfolio]` dont la liste `files` donne les scénarios qu'il couvre (docs/scenario-format.md, «\u{a0}A Caf's portfolio\u{a0}»)",
    "`ctgplan check FILE` checks a scenario; a Caf portfolio is a file with a `[portfolio]` table whose `files` lists the scenarios it covers (docs/scenario-format.md, \"A Caf's portfolio\")",
);
static NOT_PORTFOLIO_LABEL: Msg = Msg::new(
    "portfolio.is_scenario.label",
    "une table de scénario",
    "a scenario's table",
);

struct Validator<'a> {
    source: &'a SourceFile,
    diags: &'a mut Vec<Diagnostic>,
}

impl Validator<'_> {
    fn portfolio(&mut self, raw: RawPortfolio) -> Portfolio {
        let span = raw.portfolio.span();
        let head = raw.portfolio.into_inner();
        let n_covered = head.files.len() + raw.territory.len();
        if n_covered > MAX_COVERED {
            self.diags.push(
                Diagnostic::error(
                    codes::LIMIT,
                    Text::new(&words::NAMES_TOO_MANY)
                        .arg("n", Arg::count(n_covered))
                        .arg("max", Arg::count(MAX_COVERED)),
                )
                .primary(span.clone(), &words::THIS_PORTFOLIO)
                .help(&words::NAMES_TOO_MANY_HELP),
            );
        }
        let (envelope, envelope_span) = match raw.envelope {
            Some(env) => {
                let span = env.span();
                (self.envelope(env.into_inner()), Some(span))
            }
            None => (Vec::new(), None),
        };
        let entries = raw
            .territory
            .into_iter()
            .map(|e| {
                let span = e.span();
                self.entry(e.into_inner(), span)
            })
            .collect();
        Portfolio {
            caf: ident(head.caf),
            label: head.label.map(Spanned::into_inner),
            assumption: head.assumption.map(Spanned::into_inner),
            files: head.files.into_iter().map(ident).collect(),
            envelope,
            envelope_span,
            entries,
            span,
        }
    }

    fn envelope(
        &mut self,
        raw: indexmap::IndexMap<Str, Spanned<super::raw::RawEnvelope>>,
    ) -> Vec<Envelope> {
        let mut out: Vec<Envelope> = Vec::new();
        for (key, value) in raw {
            let value_span = value.span();
            let v = value.into_inner();
            let Some(years) = self.years_text(&key) else {
                continue;
            };
            if let Some(other) = out
                .iter()
                .find(|e| e.years.first <= years.last && years.first <= e.years.last)
            {
                self.diags.push(
                    Diagnostic::error(
                        codes::YEARS,
                        Text::new(&words::OVERLAP)
                            .arg("years", Arg::raw(years.to_string()))
                            .arg("other", Arg::raw(other.years.to_string())),
                    )
                    .primary(years.span(), &words::OVERLAPS)
                    .secondary(other.years.span(), &words::DECLARED_HERE)
                    .help(&words::OVERLAP_HELP),
                );
                continue;
            }
            if v.etp.is_none() && v.euros.is_none() {
                self.diags.push(
                    Diagnostic::error(
                        codes::SCHEMA,
                        Text::new(&words::EMPTY_ENVELOPE).arg("years", Arg::raw(years.to_string())),
                    )
                    .primary(value_span, &words::EMPTY_ENVELOPE_LABEL)
                    .help(&words::EMPTY_ENVELOPE_HELP),
                );
                continue;
            }
            let etp = v.etp.and_then(|n| self.figure(n, 6));
            let euros = v.euros.and_then(|n| self.figure(n, 2));
            out.push(Envelope { years, etp, euros });
        }
        out.sort_by_key(|e| e.years.first);
        out
    }

    fn entry(&mut self, raw: RawEntry, span: Span) -> Entry {
        let mut years = Vec::new();
        if let Some(map) = raw.years {
            for (period, y) in map.into_inner() {
                let y_span = y.span();
                let text = match y.into_inner() {
                    RawYears::Int(i) => i.to_string(),
                    RawYears::Text(t) => t,
                };
                if let Some(parsed) = self.years_at(&text, y_span) {
                    years.push((ident(period), parsed));
                }
            }
        }
        Entry {
            file: ident(raw.file),
            floor: raw.floor.and_then(|n| self.figure(n, 6)),
            priority: raw.priority.map(|p| {
                let span = p.span();
                (p.into_inner(), span)
            }),
            years,
            span,
        }
    }

    fn years_text(&mut self, key: &Str) -> Option<Years> {
        self.years_at(key.get_ref(), key.span())
    }

    fn years_at(&mut self, text: &str, span: Span) -> Option<Years> {
        match Years::checked(parse_years(text), span.clone()) {
            Some(years) => Some(years),
            None => {
                self.diags.push(
                    Diagnostic::error(codes::YEARS, &load_words::BAD_YEARS)
                        .primary(span, &load_words::BAD_YEARS_LABEL)
                        .help(&words::BAD_YEARS_HELP),
                );
                None
            }
        }
    }

    /// A non-negative figure with at most `decimals` decimals (2 for euros).
    fn figure(&mut self, n: Num, decimals: u32) -> Option<Figure> {
        let span = n.span();
        let literal = match n.get_ref() {
            RawNumber::Float(_) => Some(self.source.slice(&span)),
            _ => None,
        };
        let problem = match number::to_decimal(n.get_ref(), literal) {
            Ok(v) if v < Decimal::ZERO => Text::new(&words::NEGATIVE),
            Ok(v) if v.scale() > decimals => {
                Text::new(&words::DECIMALS).arg("decimals", Arg::int(decimals))
            }
            Ok(value) => return Some(Figure::new(value, span)),
            Err(e) => Text::new(&load_words::BAD_FIGURE).arg("detail", Arg::text(e.text())),
        };
        self.diags.push(
            Diagnostic::error(codes::NUMBER, problem)
                .primary(span, &words::NOT_USABLE)
                .help(&words::FIGURE_HELP),
        );
        None
    }
}

fn ident(s: Str) -> Ident {
    let span = s.span();
    Ident {
        id: s.into_inner(),
        span,
    }
}

/// A covered scenario file and where the portfolio names it.
#[derive(Debug, Clone)]
pub struct CoveredPath {
    pub path: PathBuf,
    /// The `files` item or `[[territory]] file` naming it.
    pub origin: Span,
    /// Its `[[territory]]` options, if any.
    pub entry: Option<usize>,
}

/// The files a portfolio covers, and what went wrong finding them.
#[derive(Debug, Default)]
pub struct Resolution {
    pub covered: Vec<CoveredPath>,
    /// A file named a second time: (where, first naming).
    pub repeated: Vec<(Span, Span, PathBuf)>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many named files were not found (each reported once, CTG001).
    pub missing: usize,
}

/// `a/b/../c` → `a/c`, without touching the disk (for names people read).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Finds the covered files: each `files` item (a file, or a folder searched
/// for scenario files, portfolios left out), then each `[[territory]]` file.
/// A file reached twice is covered once; named twice, it is recorded in
/// `repeated` (CTG114).
pub fn resolve(p: &Portfolio, base: &Path, this: Option<&Path>) -> Resolution {
    let this = this.and_then(|t| std::fs::canonicalize(t).ok());
    let mut res = Resolution::default();
    // Files not found, reported once however many times they are named.
    let mut missed = std::collections::HashSet::new();
    // Canonical path → (index in `covered`, named as a file rather than found in a folder).
    let mut seen: std::collections::HashMap<PathBuf, (usize, bool)> = Default::default();
    let mut add =
        |res: &mut Resolution, path: PathBuf, origin: Span, entry: Option<usize>, named: bool| {
            let canon = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if this.as_ref() == Some(&canon) {
                return;
            }
            if let Some((i, was_named)) = seen.get_mut(&canon) {
                if let Some(c) = res.covered.get_mut(*i) {
                    if named && *was_named && entry.is_none() {
                        res.repeated.push((origin, c.origin.clone(), path));
                    } else if let Some(e) = entry {
                        if c.entry.is_some() {
                            res.repeated.push((origin, c.origin.clone(), path));
                        } else {
                            c.entry = Some(e);
                        }
                    }
                }
                *was_named |= named;
                return;
            }
            seen.insert(canon, (res.covered.len(), named));
            res.covered.push(CoveredPath {
                path: normalise(&path),
                origin,
                entry,
            });
        };
    for item in &p.files {
        let path = base.join(&item.id);
        if path.is_dir() {
            // As `check` searches a folder: sorted, links to folders not followed.
            for entry in walkdir::WalkDir::new(&path)
                .follow_links(false)
                .sort_by_file_name()
            {
                match entry {
                    Ok(e) => {
                        let f = e.path();
                        if f.extension().is_some_and(|x| x == "toml")
                            && f.is_file()
                            && !is_portfolio_file(f)
                        {
                            add(&mut res, f.to_path_buf(), item.span.clone(), None, false);
                        }
                    }
                    Err(e) => res.diagnostics.push(
                        Diagnostic::error(
                            codes::IO,
                            Text::new(&words::CANNOT_SEARCH)
                                .arg("folder", Arg::raw(item.id.clone()))
                                .arg("error", Arg::raw(e.to_string())),
                        )
                        .primary(item.span.clone(), &words::THIS_FOLDER),
                    ),
                }
            }
        } else if path.is_file() && is_portfolio_file(&path) {
            res.diagnostics.push(nested(&item.id, item.span.clone()));
        } else if path.is_file() {
            add(&mut res, path, item.span.clone(), None, true);
        } else if missed.insert(normalise(&path)) {
            res.missing += 1;
            res.diagnostics.push(missing(&item.id, item.span.clone()));
        }
    }
    for (i, e) in p.entries.iter().enumerate() {
        let path = base.join(&e.file.id);
        if path.is_file() && is_portfolio_file(&path) {
            res.diagnostics
                .push(nested(&e.file.id, e.file.span.clone()));
        } else if path.is_file() {
            add(&mut res, path, e.file.span.clone(), Some(i), true);
        } else if missed.insert(normalise(&path)) {
            res.missing += 1;
            res.diagnostics
                .push(missing(&e.file.id, e.file.span.clone()));
        }
    }
    if res.covered.len() > MAX_COVERED {
        res.diagnostics.push(
            Diagnostic::error(
                codes::LIMIT,
                Text::new(&words::COVERS_TOO_MANY)
                    .arg("n", Arg::count(res.covered.len()))
                    .arg("max", Arg::count(MAX_COVERED)),
            )
            .primary(p.span.clone(), &words::THIS_PORTFOLIO)
            .help(&words::COVERS_TOO_MANY_HELP),
        );
        res.covered.truncate(MAX_COVERED);
    }
    res
}

fn nested(name: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        codes::SCHEMA,
        Text::new(&words::NESTED).arg("name", Arg::raw(name)),
    )
    .primary(span, &words::A_PORTFOLIO)
    .help(&words::NESTED_HELP)
}

fn missing(name: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        codes::IO,
        Text::new(&words::MISSING).arg("name", Arg::raw(name)),
    )
    .primary(span, &words::NOT_FOUND)
    .help(&words::MISSING_HELP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_with_spans_and_sorted_envelope() {
        let text = "[portfolio]\ncaf = \"Caf X\"\nfiles = [\"a.toml\"]\n[envelope]\n\"2027-2030\" = { etp = 7.3 }\n\"2026\" = { etp = 7.1, euros = 190000.5 }\n[[territory]]\nfile = \"b.toml\"\nfloor = 3.1\nyears = { cible = \"2026-2030\" }\n";
        let l = load_str("caf.toml", text);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let p = l.portfolio.unwrap();
        assert_eq!(p.caf.id, "Caf X");
        assert_eq!(p.envelope[0].years.first, 2026);
        assert_eq!(&text[p.envelope[1].years.span()], "\"2027-2030\"");
        assert_eq!(
            p.envelope[0].euros.unwrap().value,
            "190000.5".parse().unwrap()
        );
        assert_eq!(p.entries[0].years[0].1.last, 2030);
        assert_eq!(&text[p.entries[0].floor.unwrap().span()], "3.1");
        assert!(is_portfolio_text(text));
        assert!(!is_portfolio_text(
            "[territory]\nname = \"portfolio = x\"\n"
        ));
    }

    #[test]
    fn bad_input_has_input_codes() {
        let code = |extra: &str| {
            let l = load_str("c.toml", &format!("[portfolio]\ncaf = \"C\"\n{extra}"));
            l.diagnostics.first().map(|d| d.code.as_str())
        };
        assert_eq!(code(""), None);
        assert_eq!(
            code("[envelope]\n\"2026\" = { etp = -1 }\n"),
            Some("CTG004")
        );
        assert_eq!(
            code("[envelope]\n\"2026\" = { euros = 1.001 }\n"),
            Some("CTG004")
        );
        assert_eq!(code("[envelope]\n\"2026\" = {}\n"), Some("CTG003"));
        assert_eq!(code("[envelope]\n\"26\" = { etp = 1 }\n"), Some("CTG005"));
        assert_eq!(
            code("[envelope]\n\"2026-2028\" = { etp = 1 }\n\"2028\" = { etp = 1 }\n"),
            Some("CTG005")
        );
        assert_eq!(code("filez = []\n"), Some("CTG003"));
        assert_eq!(code("files = [\n"), Some("CTG002"));
        assert_eq!(
            code("[envelope]\n\"2026\" = { etp = 99999999999999999999 }\n"),
            Some("CTG004")
        );
    }

    #[test]
    fn a_scenario_is_named_as_such_and_so_is_a_portfolio() {
        let scenario =
            "# A CTG\n[territory]\nname = \"T\"\n[[commune]]\nid = \"a\"\nname = \"A\"\n";
        let d = load_str("t.toml", scenario).diagnostics;
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code.as_str(), "CTG003");
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains("a scenario, not a Caf portfolio"));
        assert_eq!(&scenario[d[0].labels[0].span.clone()], "[territory]");
        assert!(d[0]
            .help
            .as_ref()
            .is_some_and(|h| h.render(crate::i18n::Lang::En).contains("[portfolio]")));
        // The converse, from the scenario loader.
        let portfolio = "[portfolio]\ncaf = \"C\"\nfiles = []\n";
        let d = crate::scenario::load_str("c.toml", portfolio).diagnostics;
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains("a Caf portfolio, not a scenario"));
        assert!(d[0]
            .help
            .as_ref()
            .map(|h| h.render(crate::i18n::Lang::En))
            .unwrap_or_default()
            .contains("ctgplan portfolio"));
    }

    #[test]
    fn resolves_folders_once_and_bounds_what_they_bring() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..=MAX_COVERED {
            std::fs::write(dir.path().join(format!("t{i:04}.toml")), "").unwrap();
        }
        let p = load_str(
            "caf.toml",
            "[portfolio]\ncaf = \"C\"\nfiles = [\".\", \"t0001.toml\", \"t0001.toml\"]\n[[territory]]\nfile = \"t0002.toml\"\n",
        )
        .portfolio
        .unwrap();
        let res = resolve(&p, dir.path(), None);
        assert_eq!(res.covered.len(), MAX_COVERED);
        assert_eq!(res.diagnostics.len(), 1);
        assert_eq!(res.diagnostics[0].code, codes::LIMIT);
        // Found in the folder then named: fine; named a second time: repeated.
        assert_eq!(res.repeated.len(), 1);
        assert_eq!(
            res.covered[2].entry,
            Some(0),
            "options attach to the folder's file"
        );
    }

    #[test]
    fn normalises_parent_components() {
        assert_eq!(
            normalise(Path::new("scenarios/portfolios/../golfe.toml")),
            PathBuf::from("scenarios/golfe.toml")
        );
        assert_eq!(normalise(Path::new("../a/./b")), PathBuf::from("../a/b"));
    }
}
