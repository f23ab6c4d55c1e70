//! Reading a scenario file: bytes → TOML → raw types → validated model.
//! Every failure here is an *input* diagnostic (CTG001-CTG005, exit code 2);
//! rule breaches are found later, on the model.

use super::model::*;
use super::raw::{self, Num, RawScenario, Str};
use super::text::ident;
pub use super::text::parse_years;
use super::variant;
use super::words;
use crate::code as codes;
use crate::code::Code;
use crate::diagnostic::{Diagnostic, Span};
use crate::fsutil::{self, ReadError};
use crate::i18n::{Arg, Msg, Text};
use crate::number::{self, RawNumber};
use crate::source::SourceFile;
use rust_decimal::Decimal;
use std::path::Path;
use toml::Spanned;

/// Files larger than this are refused before parsing: no scenario is that
/// big (a département-wide CTG of 900 communes, five periods and notes on
/// every line is under 700 KB). It bounds the work of `check`: every file it
/// accepts is answered in under 2 s and 200 MB (docs/reliability.md, issue 13;
/// 8 MiB took 2.3 s and 225 MB).
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Most communes in one file (CTG006). A CTG covers at most a Caf's
/// département, and the largest has under 900 communes.
pub const MAX_COMMUNES: usize = 5_000;
/// Most carriers in one file (CTG006): an EPCI, a few operators; bounded like communes.
pub const MAX_CARRIERS: usize = 5_000;
/// Most themes (CTG006): the AFAS list has 4, a CTG's domains about ten. The
/// theme split grows with holders × themes.
pub const MAX_THEMES: usize = 64;
/// Most periods (CTG006): a CTG runs four or five years; 100 is a century of
/// yearly periods.
pub const MAX_PERIODS: usize = 100;

/// A loaded file: its text (for rendering) and either a model or the input
/// diagnostics that prevented one.
#[derive(Debug)]
pub struct Loaded {
    pub source: SourceFile,
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The name standard input (`-`) is shown under.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads and validates one file (`-`: standard input). Never panics; I/O
/// problems become CTG001. Reads are capped at [`MAX_FILE_BYTES`], and what
/// is not a regular file (a FIFO, /dev/zero) is refused unopened.
pub fn load_path(path: &Path) -> Loaded {
    let name = if path.as_os_str() == fsutil::STDIN {
        STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    };
    let fail = |msg: Text, help: &'static Msg| Loaded {
        source: SourceFile::new(name.clone(), String::new()),
        scenario: None,
        diagnostics: vec![Diagnostic::error(codes::IO, msg).help(help)],
    };
    match fsutil::read_input(path, MAX_FILE_BYTES) {
        Err(ReadError::TooLarge(len)) => fail(
            Text::new(&words::TOO_LARGE)
                .arg(
                    "at_least",
                    if path.as_os_str() == fsutil::STDIN {
                        Arg::text(Text::new(&words::AT_LEAST))
                    } else {
                        Arg::raw("")
                    },
                )
                .arg("bytes", Arg::int(i64::try_from(len).unwrap_or(i64::MAX)))
                .arg(
                    "max",
                    Arg::int(i64::try_from(MAX_FILE_BYTES / 1024 / 1024).unwrap_or(i64::MAX)),
                ),
            &words::TOO_LARGE_HELP,
        ),
        Err(ReadError::NotRegular(kind)) => fail(
            Text::new(&words::NOT_REGULAR).arg("kind", Arg::raw(kind.to_string())),
            &words::NOT_REGULAR_HELP,
        ),
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => load_str(&name, &text),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let mut loaded = Loaded {
                    source: SourceFile::new(name, text),
                    scenario: None,
                    diagnostics: Vec::new(),
                };
                // Windows' "Unicode" is UTF-16, whose byte order mark says
                // so; UTF-32's mark starts like UTF-16's little-endian one.
                let message = match e.as_bytes() {
                    [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => &words::UTF32,
                    [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => &words::UTF16,
                    _ => &words::NOT_UTF8,
                };
                loaded.diagnostics.push(
                    Diagnostic::error(codes::IO, message)
                        .primary(at..at + 1, &words::INVALID_BYTE)
                        .help(&words::SAVE_UTF8),
                );
                loaded
            }
        },
        Err(ReadError::Io(e)) => fail(
            Text::new(&words::CANNOT_READ).arg("error", Arg::raw(e.to_string())),
            if e.kind() == std::io::ErrorKind::NotFound {
                &words::CHECK_PATH
            } else {
                &words::CHECK_PERMISSIONS
            },
        ),
    }
}

/// Parses and validates scenario text. A UTF-8 byte order mark (Windows
/// Notepad writes one) is dropped, so that line 1's columns are the editor's.
pub fn load_str(name: &str, text: &str) -> Loaded {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(name, text);
    let mut diagnostics = Vec::new();
    let scenario = parse(&source, &mut diagnostics);
    // A variant fails as a scenario (`extends` is no scenario key): only
    // then is it parsed again, as a variant with its bases.
    if scenario.is_none() && is_variant_text(text) {
        return load_variant(name, text);
    }
    Loaded {
        source,
        scenario,
        diagnostics,
    }
}

fn is_variant_text(text: &str) -> bool {
    toml::de::DeTable::parse(text).is_ok_and(|t| variant::is_variant(t.get_ref()))
}

/// Reads a variant with its bases (`extends`) into one scenario, whose
/// spans point into the file each value was written in.
fn load_variant(name: &str, text: &str) -> Loaded {
    let composite = |files: &[variant::ChainFile]| {
        let mut files = files.iter();
        let (name, text) = files
            .next()
            .map_or((name, text), |f| (f.name.as_str(), f.text.as_str()));
        SourceFile::with_bases(
            name,
            text,
            files.map(|f| (f.name.clone(), f.text.clone())).collect(),
        )
    };
    let fail = |source, d| Loaded {
        source,
        scenario: None,
        diagnostics: vec![d],
    };
    let files = match variant::read_chain(name, text) {
        Ok(files) => files,
        Err((files, d)) => return fail(composite(&files), d),
    };
    let source = composite(&files);
    let (tree, mut info) = match variant::merged(&files) {
        Ok(merged) => merged,
        Err(d) => return fail(source, d),
    };
    info.resolved = toml::to_string(&variant::to_table(tree.get_ref())).unwrap_or_default();
    let raw = match <RawScenario as serde::Deserialize>::deserialize(toml::de::Deserializer::from(
        tree,
    )) {
        Ok(raw) => raw,
        Err(e) => {
            let mut d = toml_error(
                codes::SCHEMA,
                &e,
                "",
                "see docs/scenario-format.md for the keys a scenario accepts, and docs/negotiate.md for a variant's",
            );
            // toml's span lies in the chain's address space: widen it in
            // the file it points into.
            if let Some(span) = e.span() {
                let (id, local) = source.local(&span);
                let wide = widen_empty(local, source.text_of(id));
                let o = source.offset_of(id);
                for l in &mut d.labels {
                    l.span = wide.start + o..wide.end + o;
                }
            }
            return fail(source, d);
        }
    };
    if let Some(d) = over_limit(&raw) {
        return fail(source, d);
    }
    let mut diagnostics = Vec::new();
    let mut scenario = Validator {
        source: &source,
        diags: &mut diagnostics,
    }
    .scenario(raw);
    scenario.variant = Some(info);
    Loaded {
        scenario: diagnostics.is_empty().then_some(scenario),
        source,
        diagnostics,
    }
}

fn parse(source: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Scenario> {
    let text = source.text();
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::error(codes::SCHEMA, &words::EMPTY)
                .primary(0..0, &words::NOTHING_HERE)
                .help(&words::EMPTY_HELP),
        );
        return None;
    }
    // One parse on the happy path; only a failure is parsed again, untyped,
    // to tell a syntax error (CTG002) from a schema error (CTG003).
    let raw: RawScenario = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(match text.parse::<toml::Table>() {
                Err(syntax) => syntax_error(&syntax, text),
                // A Caf's portfolio given where a scenario is expected.
                Ok(_) if crate::portfolio::is_portfolio_text(text) => {
                    let d =
                        Diagnostic::error(codes::SCHEMA, &NOT_SCENARIO).help(&NOT_SCENARIO_HELP);
                    match e.span() {
                        Some(span) => d.primary(widen_empty(span, text), &NOT_SCENARIO_LABEL),
                        None => d,
                    }
                }
                Ok(_) => toml_error(codes::SCHEMA, &e, text, &words::SEE_FORMAT),
            });
            return None;
        }
    };
    if let Some(d) = over_limit(&raw) {
        diags.push(d);
        return None;
    }
    let before = diags.len();
    let scenario = Validator { source, diags }.scenario(raw);
    (diags.len() == before).then_some(scenario)
}

/// The first count over its limit, pointing at the first item past it.
fn over_limit(raw: &RawScenario) -> Option<Diagnostic> {
    let theme_spans: Vec<Span> = raw
        .themes
        .as_ref()
        .map(|t| t.get_ref().keys().map(Spanned::span).collect())
        .unwrap_or_default();
    let span_at = |spans: Vec<Span>, max: usize| spans.get(max).cloned();
    let counts = [
        (
            &words::COMMUNES,
            raw.commune.len(),
            MAX_COMMUNES,
            span_at(
                raw.commune.iter().map(Spanned::span).collect(),
                MAX_COMMUNES,
            ),
        ),
        (
            &words::CARRIERS,
            raw.carrier.len(),
            MAX_CARRIERS,
            span_at(
                raw.carrier.iter().map(Spanned::span).collect(),
                MAX_CARRIERS,
            ),
        ),
        (
            &words::THEMES,
            theme_spans.len(),
            MAX_THEMES,
            span_at(theme_spans, MAX_THEMES),
        ),
        (
            &words::PERIODS,
            raw.period.len(),
            MAX_PERIODS,
            span_at(raw.period.iter().map(Spanned::span).collect(), MAX_PERIODS),
        ),
    ];
    let (what, n, max, span) = counts.into_iter().find(|(_, n, max, _)| n > max)?;
    let what = Arg::text(Text::new(what));
    let d = Diagnostic::error(
        codes::LIMIT,
        Text::new(&words::OVER_LIMIT)
            .arg("n", Arg::count(n))
            .arg("what", what.clone())
            .arg("max", Arg::count(max)),
    )
    .help(&words::OVER_LIMIT_HELP);
    Some(match span {
        Some(span) => d.primary(span, Text::new(&words::OVER_LIMIT_LABEL).arg("what", what)),
        None => d,
    })
}

/// A syntax error; a French decimal comma (`etp = 0,3`) gets its own hint,
/// since it is the likeliest slip of the people who edit these files.
pub(crate) fn syntax_error(e: &toml::de::Error, text: &str) -> Diagnostic {
    let at = e.span().map_or(0, |s| s.start.min(text.len()));
    let line_start = text
        .get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| at + i);
    let line = text.get(line_start..line_end).unwrap_or("");
    let bytes = line.as_bytes();
    let comma = (1..bytes.len().saturating_sub(1)).find(|&i| {
        bytes.get(i) == Some(&b',')
            && bytes.get(i - 1).is_some_and(u8::is_ascii_digit)
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    });
    // toml's own words for an integer it cannot hold ("invalid type: integer
    // `…` as i128" beyond 64 bits, "u64 value was too large" past i64's
    // range) puzzle a reader: it is a figure out of range (CTG004).
    if e.message().contains(" as i128") || e.message().contains("value was too large") {
        return integer_out_of_range(e.span(), text, None);
    }
    match comma {
        Some(i) => Diagnostic::error(codes::TOML_SYNTAX, &words::DECIMAL_COMMA)
            .primary(
                line_start + i..line_start + i + 1,
                &words::DECIMAL_COMMA_LABEL,
            )
            .help(&words::DECIMAL_COMMA_HELP),
        None => toml_error(codes::TOML_SYNTAX, e, text, &words::FIX_SYNTAX),
    }
}

/// The TOML parser's detail is its own (English) text: it is passed on as
/// is, introduced in the user's language.
pub(crate) fn toml_error(
    code: Code,
    e: &toml::de::Error,
    text: &str,
    help: impl Into<Text>,
) -> Diagnostic {
    if let Some(expected) = integer_range_error(e.message()) {
        return integer_out_of_range(e.span(), text, Some(expected));
    }
    let message = plain_words(e.message().trim());
    let d = Diagnostic::error(
        code,
        Text::new(&words::TOML_DETAIL).arg("detail", Arg::text(super::detail::toml(&message))),
    )
    .help(help);
    match e.span() {
        Some(span) => {
            let span = widen_empty(span, text);
            d.primary(
                span,
                Text::new(&words::TOML_LABEL).arg(
                    "detail",
                    Arg::text(super::detail::toml(&short_label(&message))),
                ),
            )
        }
        None => d,
    }
}

/// The range serde expected when an integer did not fit the key's type
/// ("invalid value: integer `-1`, expected u64"): (least, most).
fn integer_range_error(message: &str) -> Option<(i64, Option<i64>)> {
    let rest = message.trim().strip_prefix("invalid value: integer `")?;
    let expected = rest.split_once("`, expected ")?.1.trim();
    Some(match expected {
        "u8" => (0, Some(u8::MAX.into())),
        "u16" => (0, Some(u16::MAX.into())),
        "u32" => (0, Some(u32::MAX.into())),
        "u64" | "usize" => (0, None),
        "i32" => (i32::MIN.into(), Some(i32::MAX.into())),
        _ => return None,
    })
}

static INT_RANGE: Msg = Msg::new(
    "input.integer.range",
    "ce nombre entier est hors limites\u{a0}: un nombre entier de {min} à {max} est attendu",
    "this whole number is out of range: expected a whole number from {min} to {max}",
);
static INT_NOT_NEGATIVE: Msg = Msg::new(
    "input.integer.not_negative",
    "ce nombre entier est hors limites\u{a0}: un nombre entier positif ou nul est attendu",
    "this whole number is out of range: expected a whole number (0 or more)",
);
static INT_TOO_LARGE: Msg = Msg::new(
    "input.integer.too_large",
    "cet entier est trop grand\u{a0}: TOML en admet 19 chiffres au plus, et un chiffre du fichier vaut au plus {max}",
    "this integer is too large: TOML holds 19 digits at most, and figures are at most {max}",
);
static INT_HELP: Msg = Msg::new(
    "input.integer.help",
    "vérifiez qu'il ne manque pas une virgule décimale ou un séparateur, et qu'aucun signe n'a été tapé par erreur",
    "check for a missing decimal point or separator, or a sign typed by mistake",
);
static INT_LABEL: Msg = Msg::new("input.integer.label", "hors limites", "out of range");

static NOT_SCENARIO: Msg = Msg::new(
    "input.is_portfolio",
    "ce fichier est un portefeuille de la Caf, pas un scénario",
    "this is a Caf portfolio, not a scenario",
);
static NOT_SCENARIO_HELP: Msg = Msg::new(
    "input.is_portfolio.help",
    "`ctgplan portfolio FICHIER` additionne les scénarios qu'il couvre et `ctgplan check FICHIER` les vérifie\u{202f}; les autres commandes prennent un seul scénario",
    "`ctgplan portfolio FILE` adds up the scenarios it covers and `ctgplan check FILE` checks them; the other commands take one scenario",
);
static NOT_SCENARIO_LABEL: Msg = Msg::new(
    "input.is_portfolio.label",
    "une table de portefeuille",
    "a portfolio's table",
);

/// CTG004 for an integer out of the range its key (or TOML) can hold, at
/// the integer.
fn integer_out_of_range(
    span: Option<Span>,
    text: &str,
    range: Option<(i64, Option<i64>)>,
) -> Diagnostic {
    let message = match range {
        Some((min, Some(max))) => Text::new(&INT_RANGE)
            .arg("min", Arg::int(min))
            .arg("max", Arg::int(max)),
        Some((_, None)) => Text::new(&INT_NOT_NEGATIVE),
        None => Text::new(&INT_TOO_LARGE).arg("max", Arg::int(number::MAX_FIGURE)),
    };
    let d = Diagnostic::error(codes::NUMBER, message).help(&INT_HELP);
    match span {
        Some(span) => d.primary(widen_empty(span, text), &INT_LABEL),
        None => d,
    }
}

/// serde's words for types a reader does not know: a TOML date is read as a
/// "map", integers as "u32"/"u64".
fn plain_words(message: &str) -> String {
    message
        .replace(
            "invalid type: map, expected",
            "a date or a table is not valid here, expected",
        )
        .replace("expected u32", "expected a whole number (0 or more)")
        .replace("expected u64", "expected a whole number (0 or more)")
        .replace("expected i32", "expected a whole number")
        .replace("expected i64", "expected a whole number")
}

/// The label under the snippet: the message up to its list of alternatives,
/// which the header line already shows in full.
fn short_label(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    first.split(", expected").next().unwrap_or(first).to_owned()
}

/// An empty span cannot be underlined; point at one character instead, the
/// one before when the span sits on a line end.
fn widen_empty(span: Span, text: &str) -> Span {
    let len = text.len();
    if span.start < span.end {
        return span;
    }
    let at = span.start.min(len);
    let next = text.get(at..).and_then(|t| t.chars().next());
    match next {
        Some(c) if c != '\n' && c != '\r' => at..at + c.len_utf8(),
        _ => match text.get(..at).and_then(|t| t.chars().next_back()) {
            Some(c) if c != '\n' => at - c.len_utf8()..at,
            _ => at..at,
        },
    }
}

struct Validator<'a> {
    source: &'a SourceFile,
    diags: &'a mut Vec<Diagnostic>,
}

impl Validator<'_> {
    fn scenario(&mut self, raw: RawScenario) -> Scenario {
        let territory = {
            let span = raw.territory.span();
            let t = raw.territory.into_inner();
            Territory {
                name: t.name.into_inner(),
                caf: t.caf.map(Spanned::into_inner),
                epci: t.epci.map(Spanned::into_inner),
                span,
            }
        };
        let rules = raw
            .rules
            .map(|r| self.rules(r.into_inner()))
            .unwrap_or_default();
        let (themes, themes_span) = match raw.themes {
            Some(t) => {
                let span = t.span();
                let themes = t
                    .into_inner()
                    .into_iter()
                    .map(|(id, label)| Theme {
                        id: ident(id),
                        label: label.into_inner(),
                    })
                    .collect();
                (themes, Some(span))
            }
            None => (
                AFAS_THEMES
                    .iter()
                    .map(|(id, label)| Theme {
                        id: Ident {
                            id: (*id).to_owned(),
                            span: 0..0,
                        },
                        label: (*label).to_owned(),
                    })
                    .collect(),
                None,
            ),
        };
        let communes: Vec<Commune> = raw
            .commune
            .into_iter()
            .map(|c| {
                let span = c.span();
                let c = c.into_inner();
                Commune {
                    id: ident(c.id),
                    name: c.name.into_inner(),
                    insee: c.insee.map(ident),
                    population: c.population.map(Spanned::into_inner),
                    themes: c.themes.map(theme_list),
                    pooled_with: c.pooled_with.map(ident),
                    span,
                }
            })
            .collect();
        let carriers: Vec<Carrier> = raw
            .carrier
            .into_iter()
            .map(|c| {
                let span = c.span();
                let c = c.into_inner();
                Carrier {
                    id: ident(c.id),
                    name: c.name.into_inner(),
                    kind: c.kind.into_inner(),
                    themes: c.themes.map(theme_list),
                    span,
                }
            })
            .collect();
        let periods = raw.period.into_iter().map(|p| self.period(p)).collect();
        let financing = raw.financing.map(|f| self.financing(f));
        let governance = super::governance::load::validate(
            raw.governance,
            raw.instance,
            raw.meeting,
            self.diags,
        );
        let lookup = Lookup::new(&communes, &carriers);
        Scenario {
            territory,
            rules,
            themes,
            themes_span,
            communes,
            carriers,
            periods,
            financing,
            governance,
            lookup,
            variant: None,
        }
    }

    fn financing(&mut self, f: Spanned<raw::RawFinancing>) -> Financing {
        let span = f.span();
        let f = f.into_inner();
        let shares = f.shares.map(|t| {
            let span = t.span();
            let entries = t
                .into_inner()
                .into_iter()
                .filter_map(|(k, v)| Some((ident(k), self.percent(v)?)))
                .collect();
            Shares { entries, span }
        });
        Financing {
            label: f.label.map(Spanned::into_inner),
            assumption: f.assumption.map(Spanned::into_inner),
            cost_per_etp: self.euros(f.cost_per_etp),
            operator_cost_per_etp: self.euros(f.operator_cost_per_etp),
            caf_rate: f.caf_rate.and_then(|n| self.percent(n)),
            caf_per_etp: self.euros(f.caf_per_etp),
            caf_ceiling: self.euros(f.caf_ceiling),
            coordinator_key: f.coordinator_key.map(|k| {
                let span = k.span();
                (k.into_inner(), span)
            }),
            shares,
            indexation: f.indexation.and_then(|n| self.percent(n)),
            base_year: f.base_year.and_then(|y| {
                let span = y.span();
                match i32::try_from(*y.get_ref()) {
                    Ok(v) if (1900..=2200).contains(&v) => Some((v, span)),
                    _ => {
                        self.diags.push(
                            Diagnostic::error(codes::NUMBER, &words::BASE_YEAR)
                                .primary(span, &words::NOT_A_YEAR)
                                .help(&words::BASE_YEAR_HELP),
                        );
                        None
                    }
                }
            }),
            cost_vacant_posts: f.cost_vacant_posts.is_none_or(Spanned::into_inner),
            by_period: f
                .by_period
                .map(|t| {
                    t.into_inner()
                        .into_iter()
                        .map(|(k, v)| {
                            let v = v.into_inner();
                            PeriodFinancing {
                                period: ident(k),
                                cost_per_etp: self.euros(v.cost_per_etp),
                                operator_cost_per_etp: self.euros(v.operator_cost_per_etp),
                                caf_rate: v.caf_rate.and_then(|n| self.percent(n)),
                                caf_per_etp: self.euros(v.caf_per_etp),
                                caf_ceiling: self.euros(v.caf_ceiling),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
            span,
        }
    }

    /// An amount in euros: not negative, at most two decimals (cents).
    fn euros(&mut self, n: Option<Num>) -> Option<Figure> {
        let f = self.opt_figure(n)?;
        if f.value < Decimal::ZERO || f.value.normalize().scale() > 2 {
            self.diags.push(
                Diagnostic::error(codes::NUMBER, &words::EUROS)
                    .primary(f.span(), &words::EUROS_LABEL)
                    .help(&words::EUROS_HELP),
            );
            return None;
        }
        Some(f)
    }

    /// A percentage, between 0 and 100.
    fn percent(&mut self, n: Num) -> Option<Figure> {
        let f = self.figure(n)?;
        if f.value < Decimal::ZERO || f.value > Decimal::ONE_HUNDRED {
            self.diags.push(
                Diagnostic::error(codes::NUMBER, &words::PERCENT)
                    .primary(f.span(), &words::OUT_OF_RANGE)
                    .help(
                        Text::new(&words::PERCENT_HELP).arg("example", Arg::raw("caf_rate = 50")),
                    ),
            );
            return None;
        }
        Some(f)
    }

    fn rules(&mut self, r: raw::RawRules) -> RuleParams {
        let mut params = RuleParams::default();
        if let Some(step) = r.step {
            if let Some(f) = self.figure(step) {
                if f.value <= Decimal::ZERO {
                    self.diags.push(
                        Diagnostic::error(codes::NUMBER, &words::STEP)
                            .primary(f.span(), &words::STEP_LABEL)
                            .help(&words::STEP_HELP),
                    );
                } else {
                    params.step = f.value;
                    params.step_span = Some(f.span());
                }
            }
        }
        params.commune_min = self.opt_figure(r.commune_min);
        params.commune_max = self.opt_figure(r.commune_max);
        params.max_commune_move = self.opt_figure(r.max_commune_move);
        params.max_theme_move = self.opt_figure(r.max_theme_move);
        for (theme, rule) in r.theme {
            let rule = rule.into_inner();
            let min_percent = self.opt_figure(rule.min_percent);
            if let Some(p) = min_percent {
                if p.value < Decimal::ZERO || p.value > Decimal::ONE_HUNDRED {
                    self.diags.push(
                        Diagnostic::error(codes::NUMBER, &words::PERCENT)
                            .primary(p.span(), &words::OUT_OF_RANGE)
                            .help(
                                Text::new(&words::PERCENT_HELP)
                                    .arg("example", Arg::raw("min_percent = 50")),
                            ),
                    );
                }
            }
            params.theme_rules.push(ThemeRule {
                theme: ident(theme),
                min_etp: self.opt_figure(rule.min_etp),
                min_percent,
            });
        }
        for (commune, rule) in r.commune {
            let rule = rule.into_inner();
            params.commune_rules.push(CommuneRule {
                commune: ident(commune),
                min: self.opt_figure(rule.min),
                max: self.opt_figure(rule.max),
            });
        }
        params
    }

    fn period(&mut self, p: Spanned<raw::RawPeriod>) -> Period {
        let span = p.span();
        let p = p.into_inner();
        let id = ident(p.id);
        let years = match p.years {
            Some(y) => self.years(y),
            // An id such as "2027-2030" already says which years it covers.
            None => match parse_years(&id.id) {
                Some(y) if plausible(y) => Some(Years {
                    first: y.0,
                    last: y.1,
                    start: id.span.start,
                    end: id.span.end,
                }),
                Some(_) => {
                    self.diags.push(
                        Diagnostic::error(codes::YEARS, &words::IMPOSSIBLE_YEARS)
                            .primary(id.span.clone(), &words::READ_AS_YEARS)
                            .help(&words::IMPOSSIBLE_YEARS_HELP),
                    );
                    None
                }
                None => None,
            },
        };
        let coordinator = p.coordinator.and_then(|c| {
            let span = c.span();
            let c = c.into_inner();
            Some(Coordinator {
                etp: self.figure(c.etp)?,
                carrier: c.carrier.map(ident),
                mode: c.mode.map(Spanned::into_inner),
                span,
            })
        });
        let themes = p.themes.map(|t| {
            let span = t.span();
            let entries = t
                .into_inner()
                .into_iter()
                .filter_map(|(k, v)| Some((ident(k), self.figure(v)?)))
                .collect();
            ThemeTotals { entries, span }
        });
        let posts = p.posts.map(|t| {
            let span = t.span();
            let entries = t
                .into_inner()
                .into_iter()
                .map(|(holder, post)| {
                    let span = post.span();
                    let post = post.into_inner();
                    Post {
                        holder: ident(holder),
                        etp: self.opt_figure(post.etp),
                        change: self.opt_figure(post.change),
                        themes: post.themes.map(theme_list),
                        status_span: post.status.as_ref().map(Spanned::span),
                        status: post.status.map(Spanned::into_inner).unwrap_or_default(),
                        mode: post.mode.map(Spanned::into_inner),
                        pooled_with: post.pooled_with.map(ident),
                        locked: post.locked,
                        span,
                    }
                })
                .collect();
            Posts::new(entries, span)
        });
        let rules = p.rules.map(|r| {
            let r = r.into_inner();
            let all = self.rules(raw::RawRules {
                step: None,
                commune_min: r.commune_min,
                commune_max: r.commune_max,
                max_commune_move: r.max_commune_move,
                max_theme_move: r.max_theme_move,
                theme: r.theme,
                commune: r.commune,
            });
            PeriodRules {
                commune_min: all.commune_min,
                commune_max: all.commune_max,
                max_commune_move: all.max_commune_move,
                max_theme_move: all.max_theme_move,
                theme_rules: all.theme_rules,
                commune_rules: all.commune_rules,
            }
        });
        Period {
            id,
            years,
            rules,
            kind: p.kind.map(Spanned::into_inner),
            label: p.label.map(Spanned::into_inner),
            caf_total: self.opt_figure(p.caf_total),
            total: self.opt_figure(p.total),
            coordinator,
            themes,
            posts,
            locked: p.locked,
            span,
        }
    }

    fn years(&mut self, y: Spanned<raw::RawYears>) -> Option<Years> {
        let span = y.span();
        let parsed = match y.get_ref() {
            raw::RawYears::Int(i) => i32::try_from(*i).ok().map(|i| (i, i)),
            raw::RawYears::Text(t) => parse_years(t),
        };
        match Years::checked(parsed, span.clone()) {
            Some(years) => Some(years),
            None => {
                self.diags.push(
                    Diagnostic::error(codes::YEARS, &words::BAD_YEARS)
                        .primary(span, &words::BAD_YEARS_LABEL)
                        .help(&words::BAD_YEARS_HELP),
                );
                None
            }
        }
    }

    fn opt_figure(&mut self, n: Option<Num>) -> Option<Figure> {
        n.and_then(|n| self.figure(n))
    }

    fn figure(&mut self, n: Num) -> Option<Figure> {
        let span = n.span();
        let literal = match n.get_ref() {
            RawNumber::Float(_) => Some(self.source.slice(&span)),
            _ => None,
        };
        match number::to_decimal(n.get_ref(), literal) {
            Ok(value) => Some(Figure::new(value, span)),
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(
                        codes::NUMBER,
                        Text::new(&words::BAD_FIGURE)
                            .arg("detail", Arg::text(super::detail::number(&e))),
                    )
                    .primary(span, &words::NOT_EXACT)
                    .help(&words::BAD_FIGURE_HELP),
                );
                None
            }
        }
    }
}

fn theme_list(l: Spanned<Vec<Str>>) -> ThemeList {
    let span = l.span();
    ThemeList {
        items: l.into_inner().into_iter().map(ident).collect(),
        span,
    }
}

fn plausible((first, last): (i32, i32)) -> bool {
    (1900..=2200).contains(&first) && (1900..=2200).contains(&last) && first <= last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_text() {
        assert_eq!(parse_years("2026"), Some((2026, 2026)));
        assert_eq!(parse_years("2027-2030"), Some((2027, 2030)));
        assert_eq!(parse_years("cible"), None);
        assert_eq!(parse_years("2027-30"), None);
    }

    #[test]
    fn minimal_file_loads_with_default_themes() {
        let l = load_str("t.toml", "[territory]\nname = \"T\"\n");
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let s = l.scenario.unwrap();
        assert_eq!(s.themes.len(), 4);
        assert_eq!(s.rules.step, Decimal::new(1, 1));
    }

    #[test]
    fn figures_are_exact_and_located() {
        let text = "[territory]\nname = \"T\"\n[[period]]\nid = \"2026\"\ntotal = 0.3\n";
        let s = load_str("t.toml", text).scenario.unwrap();
        let total = s.periods[0].total.unwrap();
        assert_eq!(total.value, Decimal::new(3, 1));
        assert_eq!(&text[total.span()], "0.3");
        assert_eq!(s.periods[0].years.unwrap().first, 2026);
    }

    #[test]
    fn syntax_and_schema_errors_have_codes_and_spans() {
        let l = load_str("t.toml", "[territory\nname = 1");
        assert_eq!(l.diagnostics[0].code, codes::TOML_SYNTAX);
        let l = load_str("t.toml", "[territory]\nname = \"T\"\nnmae = \"x\"\n");
        assert_eq!(l.diagnostics[0].code, codes::SCHEMA);
        assert!(!l.diagnostics[0].labels.is_empty());
        let l = load_str(
            "t.toml",
            "[territory]\nname = \"T\"\n[[period]]\nid = \"x\"\ntotal = \"abc\"\n",
        );
        assert_eq!(l.diagnostics[0].code, codes::NUMBER);
    }

    #[test]
    fn decimal_comma_and_empty_file_get_their_own_messages() {
        let text = "[territory]\nname = \"T\"\n[[period]]\nid = \"x\"\ntotal = 0,3\n";
        let l = load_str("t.toml", text);
        assert_eq!(
            l.diagnostics[0].message.render(crate::i18n::Lang::En),
            "a decimal comma is not valid TOML"
        );
        assert_eq!(&text[l.diagnostics[0].labels[0].span.clone()], ",");
        assert_eq!(
            load_str("t.toml", " \n").diagnostics[0]
                .message
                .render(crate::i18n::Lang::En),
            "the file is empty"
        );
        let l = load_str(
            "t.toml",
            "[[period]]\nid = \"2030-2027\"\n[territory]\nname = \"T\"\n",
        );
        assert_eq!(l.diagnostics[0].code, codes::YEARS);
    }

    #[test]
    fn a_byte_order_mark_is_accepted_and_not_counted() {
        let l = load_str("t.toml", "\u{feff}nmae = 1\n[territory]\nname = \"T\"\n");
        let at = l.diagnostics[0].labels[0].span.start;
        assert_eq!(l.source.line_col(at).column, 1);
        assert!(load_str("t.toml", "\u{feff}[territory]\nname = \"T\"\n")
            .diagnostics
            .is_empty());
    }

    #[test]
    fn counts_over_their_limit_are_refused_at_the_first_item_over() {
        let mut text = String::from("[territory]\nname = \"T\"\n");
        for i in 0..=MAX_PERIODS {
            text.push_str(&format!("[[period]]\nid = \"p{i}\"\n"));
        }
        let l = load_str("t.toml", &text);
        assert!(l.scenario.is_none());
        assert_eq!(l.diagnostics.len(), 1);
        let d = &l.diagnostics[0];
        assert_eq!(d.code, codes::LIMIT);
        assert_eq!(
            d.message.render(crate::i18n::Lang::En),
            "the file declares 101 periods, more than the 100 a scenario may hold"
        );
        // The 101st period's header is on line 3 + 2 × 100.
        assert_eq!(l.source.line_col(d.labels[0].span.start).line, 203);
        // At the limit, the file loads.
        let at_limit = text.rsplit_once("[[period]]").map(|(a, _)| a).unwrap_or("");
        assert!(load_str("t.toml", at_limit).diagnostics.is_empty());
    }

    #[test]
    fn empty_spans_are_widened_within_the_line() {
        assert_eq!(widen_empty(3..3, "abc\ndef"), 2..3);
        assert_eq!(widen_empty(1..1, "abc"), 1..2);
        assert_eq!(widen_empty(0..0, ""), 0..0);
    }

    #[test]
    fn type_errors_are_in_words_a_reader_knows() {
        for (value, said) in [
            ("2026-01-01", "a date or a table is not valid here"),
            ("-5", "a whole number (0 or more)"),
        ] {
            let text = format!(
                "[territory]\nname = \"T\"\n[[commune]]\nid = \"a\"\nname = \"A\"\npopulation = {value}\n"
            );
            let d = load_str("t.toml", &text).diagnostics;
            assert_eq!(d.len(), 1);
            assert!(
                d[0].message.render(crate::i18n::Lang::En).contains(said),
                "{}",
                d[0].message.render(crate::i18n::Lang::En)
            );
            assert!(
                !d[0].message.render(crate::i18n::Lang::En).contains("map")
                    && !d[0].message.render(crate::i18n::Lang::En).contains("u64")
            );
        }
        let text = "[territory]\nname = \"T\"\n[[period]]\nid = \"2026\"\nyears = 1800\n";
        let d = load_str("t.toml", text).diagnostics;
        assert!(d[0]
            .help
            .as_ref()
            .map(|h| h.render(crate::i18n::Lang::En))
            .unwrap_or_default()
            .contains("between 1900 and 2200"));
    }

    #[test]
    fn utf32_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("w.toml");
        std::fs::write(&p, [0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]).unwrap();
        let d = load_path(&p).diagnostics;
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("UTF-32"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
    }

    #[test]
    fn ids_composed_and_decomposed_are_one_id() {
        let text = "[territory]\nname = \"T\"\n[[commune]]\nid = \"mourie\u{300}s\"\nname = \"M\"\n[[period]]\nid = \"2026\"\nposts.\"mouriès\" = { etp = 0.1 }\n";
        let loaded = load_str("t.toml", text);
        let s = loaded.scenario.expect("loads");
        assert_eq!(s.communes[0].id.id, "mouriès");
        assert!(crate::rules::check(&s).is_empty());
    }

    #[test]
    fn integers_out_of_range_are_ctg004_at_the_integer() {
        let base = "[territory]\nname = \"T\"\n[[commune]]\nid = \"a\"\nname = \"A\"\n";
        for (extra, literal, said) in [
            // Past i64 but within u64: toml's "u64 value was too large".
            (
                "[financing]\ncost_per_etp = 9999999999999999999\n",
                "9999999999999999999",
                "too large",
            ),
            // Past 64 bits: toml's "invalid type: integer … as i128".
            (
                "[financing]\ncost_per_etp = 99999999999999999999\n",
                "99999999999999999999",
                "too large",
            ),
            // Within TOML, outside the key's type.
            (
                "[[commune]]\nid = \"b\"\nname = \"B\"\npopulation = -1\n",
                "-1",
                "a whole number (0 or more)",
            ),
            (
                "[[instance]]\nid = \"copil\"\nname = \"C\"\nkind = \"steering_committee\"\nmin_per_year = 5000000000\n",
                "5000000000",
                "4294967295",
            ),
        ] {
            let text = format!("{base}{extra}");
            let d = load_str("t.toml", &text).diagnostics;
            assert_eq!(d.len(), 1, "{text}: {d:?}");
            assert_eq!(d[0].code, codes::NUMBER, "{text}: {:?}", d[0].message);
            assert!(d[0].message.render(crate::i18n::Lang::En).contains(said), "{:?}", d[0].message);
            assert!(!d[0].message.render(crate::i18n::Lang::En).contains("u64") && !d[0].message.render(crate::i18n::Lang::En).contains("i128"));
            assert!(d[0].help.is_some());
            let span = d[0].labels[0].span.clone();
            assert_eq!(&text[span], literal);
        }
    }
}
