//! Asks: what a negotiator wants of a scheme, one command-line argument each
//! (`propose --set`), e.g. `2027-2030.aureille=0.3`,
//! `2027-2030.caf_total=3.2`, `2027-2030.petite_enfance>=2.0`,
//! `2027-2030.ccvba.themes=acces_droits`; a leading `~` marks the ask
//! negotiable (alternatives may relax it).
//!
//! Two steps: [`Ask::parse`] reads the text alone (no scenario), and
//! [`Ask::resolve`] finds its period and item in a scenario, by id or by
//! (unambiguous) name. Both fail with an [`AskError`] that says what was not
//! understood, in French or English, and suggests the closest id.

use crate::code::Code;
use crate::i18n::Lang;
use crate::rules::unknown_reference::suggestions;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::str::FromStr;

/// An ask the parser or the scenario cannot make sense of.
pub const NOT_UNDERSTOOD: Code = Code::AskNotUnderstood;
/// An ask naming a period, commune, carrier or theme the scenario lacks.
pub const UNKNOWN: Code = Code::AskUnknown;
/// An ask as a constraint of the plan (what an alternative relaxes).
pub const ASK: Code = Code::Ask;
/// The codes of this module.
pub const CODES: [Code; 3] = [NOT_UNDERSTOOD, UNKNOWN, ASK];

/// How an ask compares the figure to its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ge,
    Le,
}

impl Cmp {
    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ge => ">=",
            Cmp::Le => "<=",
        }
    }
}

/// What the ask is about, as typed (not yet looked up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A commune, carrier or theme, by id or name.
    Item(String),
    /// The period's `total`.
    Total,
    /// The period's `caf_total`.
    CafTotal,
    /// The theme list of a holder's post (`HOLDER.themes`).
    Themes(String),
}

/// The value asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Etp(Decimal),
    /// Theme ids or names, as typed.
    Themes(Vec<String>),
}

/// One ask, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The text as given (for messages).
    pub text: String,
    /// Whether alternatives may relax it (`~` in front).
    pub negotiable: bool,
    pub period: String,
    pub target: Target,
    pub cmp: Cmp,
    pub value: Value,
}

/// What a resolved ask is about, by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A commune's or carrier's ETP.
    Holder(String),
    /// A theme total.
    Theme(String),
    Total,
    CafTotal,
    /// A holder's theme list.
    Themes(String),
}

/// An ask found in a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub ask: Ask,
    /// Index into `scenario.periods`.
    pub period: usize,
    pub item: Item,
    /// Theme ids, for [`Item::Themes`].
    pub themes: Vec<String>,
}

/// Why an ask cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskError {
    pub code: Code,
    /// The ask as typed.
    pub text: String,
    pub kind: AskErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AskErrorKind {
    Empty,
    /// No `=`, `>=` or `<=`.
    NoComparison,
    /// No `PERIOD.` before the item.
    NoPeriod,
    NoItem,
    /// The value is not a number of ETP.
    Number(String),
    /// A theme list asked with `>=` or `<=`.
    ThemesNeedEquals,
    EmptyThemes,
    UnknownPeriod {
        given: String,
        suggestions: Vec<String>,
        known: Vec<String>,
    },
    UnknownItem {
        given: String,
        suggestions: Vec<String>,
        /// The ids it could have named, in file order.
        known: Vec<String>,
    },
    UnknownHolder {
        given: String,
        suggestions: Vec<String>,
        /// The ids it could have named, in file order.
        known: Vec<String>,
    },
    UnknownTheme {
        given: String,
        suggestions: Vec<String>,
        /// The ids it could have named, in file order.
        known: Vec<String>,
    },
    /// A name that several ids share.
    Ambiguous {
        given: String,
        ids: Vec<String>,
    },
    /// A figure that is not a multiple of the scenario's step.
    OffStep {
        value: Decimal,
        step: Decimal,
    },
}

impl AskError {
    fn new(code: Code, text: &str, kind: AskErrorKind) -> AskError {
        AskError {
            code,
            text: text.to_owned(),
            kind,
        }
    }

    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use AskErrorKind as K;
        let t = &self.text;
        let fr = lang == Lang::Fr;
        match &self.kind {
            K::Empty => pick(fr, "demande vide", "empty ask"),
            K::NoComparison => {
                if fr {
                    format!("demande `{t}` non comprise\u{a0}: il manque `=`, `>=` ou `<=`")
                } else {
                    format!("ask `{t}` not understood: `=`, `>=` or `<=` is missing")
                }
            }
            K::NoPeriod => {
                if fr {
                    format!("demande `{t}` non comprise\u{a0}: la période manque devant le point (PÉRIODE.ÉLÉMENT)")
                } else {
                    format!("ask `{t}` not understood: the period is missing before the dot (PERIOD.ITEM)")
                }
            }
            K::NoItem => {
                if fr {
                    format!("demande `{t}` non comprise\u{a0}: rien n'est nommé après la période")
                } else {
                    format!("ask `{t}` not understood: nothing is named after the period")
                }
            }
            K::Number(v) if v.trim().is_empty() => {
                if fr {
                    format!("demande `{t}`\u{a0}: le nombre d'ETP manque après la comparaison")
                } else {
                    format!("ask `{t}`: the number of ETP is missing after the comparison")
                }
            }
            K::Number(v) => {
                if fr {
                    format!("demande `{t}`\u{a0}: `{v}` n'est pas un nombre d'ETP positif ou nul")
                } else {
                    format!("ask `{t}`: `{v}` is not a non-negative number of ETP")
                }
            }
            K::ThemesNeedEquals => {
                if fr {
                    format!("demande `{t}`\u{a0}: une liste de thèmes se donne avec `=`")
                } else {
                    format!("ask `{t}`: a theme list is given with `=`")
                }
            }
            K::EmptyThemes => {
                if fr {
                    format!("demande `{t}`\u{a0}: la liste de thèmes est vide")
                } else {
                    format!("ask `{t}`: the theme list is empty")
                }
            }
            K::UnknownPeriod { given, .. } => {
                if fr {
                    format!("demande `{t}`\u{a0}: pas de période `{given}` dans le scénario")
                } else {
                    format!("ask `{t}`: the scenario has no period `{given}`")
                }
            }
            K::UnknownItem { given, .. } => {
                if fr {
                    format!("demande `{t}`\u{a0}: `{given}` n'est ni une commune, ni un porteur, ni un thème du scénario, ni `total` ou `caf_total`")
                } else {
                    format!("ask `{t}`: `{given}` is no commune, carrier or theme of the scenario, nor `total` or `caf_total`")
                }
            }
            K::UnknownHolder { given, .. } => {
                if fr {
                    format!(
                        "demande `{t}`\u{a0}: `{given}` n'est ni une commune ni un porteur du scénario"
                    )
                } else {
                    format!("ask `{t}`: `{given}` is no commune or carrier of the scenario")
                }
            }
            K::UnknownTheme { given, .. } => {
                if fr {
                    format!("demande `{t}`\u{a0}: `{given}` n'est pas un thème du scénario")
                } else {
                    format!("ask `{t}`: `{given}` is not a theme of the scenario")
                }
            }
            K::Ambiguous { given, ids } => {
                let ids = quoted(ids, lang);
                if fr {
                    format!("demande `{t}`\u{a0}: `{given}` peut désigner {ids}")
                } else {
                    format!("ask `{t}`: `{given}` may mean {ids}")
                }
            }
            K::OffStep { value, step } => {
                if fr {
                    format!(
                        "demande `{t}`\u{a0}: {} ETP n'est pas un multiple du pas {} ETP",
                        lang.number(*value),
                        lang.number(*step)
                    )
                } else {
                    format!(
                        "ask `{t}`: {} ETP is not a multiple of the step {} ETP",
                        lang.number(*value),
                        lang.number(*step)
                    )
                }
            }
        }
    }

    /// How to fix it, in `lang`.
    pub fn hint(&self, lang: Lang) -> String {
        use AskErrorKind as K;
        let fr = lang == Lang::Fr;
        let did_you_mean = |s: &[String]| {
            (!s.is_empty()).then(|| {
                let ids = quoted(s, lang);
                if fr {
                    format!("vouliez-vous dire {ids}\u{202f}?")
                } else {
                    format!("did you mean {ids}?")
                }
            })
        };
        let syntax = || {
            pick(
                fr,
                "forme\u{a0}: PÉRIODE.ÉLÉMENT=ETP, PÉRIODE.ÉLÉMENT>=ETP, PÉRIODE.ÉLÉMENT<=ETP ou PÉRIODE.PORTEUR.themes=THÈME,THÈME\u{202f}; par exemple 2027-2030.aureille=0,3",
                "form: PERIOD.ITEM=ETP, PERIOD.ITEM>=ETP, PERIOD.ITEM<=ETP or PERIOD.HOLDER.themes=THEME,THEME; e.g. 2027-2030.aureille=0.3",
            )
        };
        match &self.kind {
            K::Empty | K::NoComparison | K::NoPeriod | K::NoItem | K::ThemesNeedEquals => syntax(),
            K::Number(_) => pick(
                fr,
                "écrivez un nombre comme 0,3 ou 0.3",
                "write a number such as 0.3 or 0,3",
            ),
            K::EmptyThemes => pick(
                fr,
                "nommez au moins un thème, séparés par des virgules",
                "name at least one theme, separated by commas",
            ),
            K::UnknownPeriod {
                suggestions, known, ..
            } => did_you_mean(suggestions).unwrap_or_else(|| {
                let ids = quoted(known, lang);
                if fr {
                    format!("périodes du scénario\u{a0}: {ids}")
                } else {
                    format!("the scenario's periods: {ids}")
                }
            }),
            K::UnknownItem {
                suggestions, known, ..
            }
            | K::UnknownHolder {
                suggestions, known, ..
            }
            | K::UnknownTheme {
                suggestions, known, ..
            } => did_you_mean(suggestions).unwrap_or_else(|| {
                // The ids it may name, a dozen at most; a name works too.
                const SHOWN: usize = 20;
                let ids = if known.len() > SHOWN {
                    let first: Vec<String> =
                        known.iter().take(SHOWN).map(|i| format!("`{i}`")).collect();
                    format!("{}, …", first.join(", "))
                } else {
                    quoted(known, lang)
                };
                if fr {
                    format!("au choix\u{a0}: {ids}\u{202f}; un nom s'écrit aussi, s'il ne désigne qu'un élément")
                } else {
                    format!("one of: {ids}; a name works too when it names one item only")
                }
            }),
            K::Ambiguous { .. } => pick(fr, "utilisez l'identifiant", "use the id"),
            K::OffStep { step, .. } => {
                if fr {
                    format!("arrondissez au pas de {} ETP", lang.number(*step))
                } else {
                    format!("round to the step of {} ETP", lang.number(*step))
                }
            }
        }
    }
}

impl std::fmt::Display for AskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message(Lang::En))
    }
}

fn pick(fr: bool, a: &str, b: &str) -> String {
    if fr { a } else { b }.to_owned()
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`" (in French, "ou").
fn quoted(ids: &[String], lang: Lang) -> String {
    let q: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
    let or = if lang == Lang::Fr { "ou" } else { "or" };
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {or} {last}", rest.join(", ")),
        _ => q.join(""),
    }
}

impl Ask {
    /// Reads an ask: `[~]PERIOD.ITEM=ETP`, `>=`, `<=` (also `≥`, `≤`), or
    /// `[~]PERIOD.HOLDER.themes=THEME,THEME`. The decimal separator may be a
    /// comma or a point.
    pub fn parse(text: &str) -> Result<Ask, AskError> {
        let err = |kind| AskError::new(NOT_UNDERSTOOD, text, kind);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(err(AskErrorKind::Empty));
        }
        let (negotiable, rest) = match trimmed.strip_prefix('~') {
            Some(r) => (true, r.trim_start()),
            None => (false, trimmed),
        };
        let (lhs, cmp, rhs) =
            split_comparison(rest).ok_or_else(|| err(AskErrorKind::NoComparison))?;
        let (lhs, rhs) = (lhs.trim(), rhs.trim());
        let (period, item) = lhs
            .split_once('.')
            .ok_or_else(|| err(AskErrorKind::NoPeriod))?;
        let (period, item) = (period.trim(), item.trim());
        if period.is_empty() {
            return Err(err(AskErrorKind::NoPeriod));
        }
        if item.is_empty() {
            return Err(err(AskErrorKind::NoItem));
        }
        let themes_of = item
            .rsplit_once('.')
            .filter(|(_, f)| {
                let f = f.trim();
                f.eq_ignore_ascii_case("themes") || f.eq_ignore_ascii_case("thèmes")
            })
            .map(|(h, _)| h.trim().to_owned());
        let (target, value) = match themes_of {
            Some(holder) => {
                if cmp != Cmp::Eq {
                    return Err(err(AskErrorKind::ThemesNeedEquals));
                }
                if holder.is_empty() {
                    return Err(err(AskErrorKind::NoItem));
                }
                let themes: Vec<String> = rhs
                    .split([',', ';', '+'])
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .collect();
                if themes.is_empty() {
                    return Err(err(AskErrorKind::EmptyThemes));
                }
                (Target::Themes(holder), Value::Themes(themes))
            }
            None => {
                let etp =
                    parse_etp(rhs).ok_or_else(|| err(AskErrorKind::Number(rhs.to_owned())))?;
                let target = match fold(item).as_str() {
                    "total" => Target::Total,
                    "caf-total" | "total-caf" => Target::CafTotal,
                    _ => Target::Item(item.to_owned()),
                };
                (target, Value::Etp(etp))
            }
        };
        Ok(Ask {
            text: trimmed.to_owned(),
            negotiable,
            period: period.to_owned(),
            target,
            cmp,
            value,
        })
    }

    /// Finds the ask's period and item in `s`.
    pub fn resolve(&self, s: &Scenario) -> Result<Resolved, AskError> {
        let period =
            find_period(s, &self.period).map_err(|k| AskError::new(UNKNOWN, &self.text, k))?;
        let unknown = |k| AskError::new(UNKNOWN, &self.text, k);
        let (item, themes) = match (&self.target, &self.value) {
            (Target::Total, _) => (Item::Total, Vec::new()),
            (Target::CafTotal, _) => (Item::CafTotal, Vec::new()),
            (Target::Item(given), _) => {
                let holders = holder_entries(s);
                let themes = theme_entries(s);
                let all: Vec<(String, Option<&str>)> =
                    holders.iter().chain(&themes).cloned().collect();
                match find(given, &all) {
                    Found::One(id) if s.is_holder(&id) => (Item::Holder(id), Vec::new()),
                    Found::One(id) => (Item::Theme(id), Vec::new()),
                    Found::Many(ids) => {
                        return Err(unknown(AskErrorKind::Ambiguous {
                            given: given.clone(),
                            ids,
                        }))
                    }
                    Found::None(suggestions) => {
                        return Err(unknown(AskErrorKind::UnknownItem {
                            given: given.clone(),
                            suggestions,
                            known: item_ids(&all),
                        }))
                    }
                }
            }
            (Target::Themes(holder), value) => {
                let holders = holder_entries(s);
                let id = match find(holder, &holders) {
                    Found::One(id) => id,
                    Found::Many(ids) => {
                        return Err(unknown(AskErrorKind::Ambiguous {
                            given: holder.clone(),
                            ids,
                        }))
                    }
                    Found::None(suggestions) => {
                        return Err(unknown(AskErrorKind::UnknownHolder {
                            given: holder.clone(),
                            suggestions,
                            known: ids_of(&holders),
                        }))
                    }
                };
                let entries = theme_entries(s);
                let mut ids: Vec<String> = Vec::new();
                for t in match value {
                    Value::Themes(t) => t.as_slice(),
                    Value::Etp(_) => &[],
                } {
                    match find(t, &entries) {
                        Found::One(tid) => {
                            if !ids.contains(&tid) {
                                ids.push(tid);
                            }
                        }
                        Found::Many(ids) => {
                            return Err(unknown(AskErrorKind::Ambiguous {
                                given: t.clone(),
                                ids,
                            }))
                        }
                        Found::None(suggestions) => {
                            return Err(unknown(AskErrorKind::UnknownTheme {
                                given: t.clone(),
                                suggestions,
                                known: ids_of(&entries),
                            }))
                        }
                    }
                }
                (Item::Themes(id), ids)
            }
        };
        if let Value::Etp(v) = self.value {
            let step = s.rules.step;
            if !step.is_zero() && !(v / step).fract().is_zero() {
                return Err(AskError::new(
                    NOT_UNDERSTOOD,
                    &self.text,
                    AskErrorKind::OffStep { value: v, step },
                ));
            }
        }
        Ok(Resolved {
            ask: self.clone(),
            period,
            item,
            themes,
        })
    }

    /// The ETP asked for, if the ask is a figure.
    pub fn etp(&self) -> Option<Decimal> {
        match self.value {
            Value::Etp(v) => Some(v),
            Value::Themes(_) => None,
        }
    }
}

impl FromStr for Ask {
    type Err = AskError;
    fn from_str(s: &str) -> Result<Ask, AskError> {
        Ask::parse(s)
    }
}

/// Parses and resolves every ask, stopping at the first error.
pub fn resolve_all<S: AsRef<str>>(s: &Scenario, asks: &[S]) -> Result<Vec<Resolved>, AskError> {
    asks.iter()
        .map(|a| Ask::parse(a.as_ref()).and_then(|a| a.resolve(s)))
        .collect()
}

/// What `--lock PERIOD[.ITEM]` keeps as written: a whole period, or one of
/// its figures (a commune's or carrier's, a theme total, `total`,
/// `caf_total`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lock {
    /// Index into `scenario.periods`.
    pub period: usize,
    pub item: Option<Item>,
}

/// Reads and resolves a `--lock` argument.
pub fn resolve_lock(s: &Scenario, text: &str) -> Result<Lock, AskError> {
    let trimmed = text.trim();
    let unknown = |k| AskError::new(UNKNOWN, trimmed, k);
    if trimmed.is_empty() {
        return Err(AskError::new(NOT_UNDERSTOOD, text, AskErrorKind::Empty));
    }
    // A period id may itself hold a dot: the whole text first.
    if let Ok(period) = find_period(s, trimmed) {
        return Ok(Lock { period, item: None });
    }
    let Some((p, item)) = trimmed.split_once('.') else {
        return Err(unknown(
            find_period(s, trimmed)
                .err()
                .unwrap_or(AskErrorKind::NoPeriod),
        ));
    };
    let period = find_period(s, p).map_err(unknown)?;
    let item = match fold(item).as_str() {
        "total" => Item::Total,
        "caf-total" | "total-caf" => Item::CafTotal,
        _ => {
            let all: Vec<(String, Option<&str>)> = holder_entries(s)
                .into_iter()
                .chain(theme_entries(s))
                .collect();
            match find(item, &all) {
                Found::One(id) if s.is_holder(&id) => Item::Holder(id),
                Found::One(id) => Item::Theme(id),
                Found::Many(ids) => {
                    return Err(unknown(AskErrorKind::Ambiguous {
                        given: item.to_owned(),
                        ids,
                    }))
                }
                Found::None(suggestions) => {
                    return Err(unknown(AskErrorKind::UnknownItem {
                        given: item.to_owned(),
                        suggestions,
                        known: item_ids(&all),
                    }))
                }
            }
        }
    };
    Ok(Lock {
        period,
        item: Some(item),
    })
}

/// `lhs`, the comparison and `rhs`, at the first comparison sign.
fn split_comparison(text: &str) -> Option<(&str, Cmp, &str)> {
    let (i, c) = text
        .char_indices()
        .find(|(_, c)| matches!(c, '=' | '>' | '<' | '≥' | '≤'))?;
    let lhs = text.get(..i)?;
    let after = text.get(i + c.len_utf8()..)?;
    match c {
        '=' => Some((lhs, Cmp::Eq, after)),
        '≥' => Some((lhs, Cmp::Ge, after)),
        '≤' => Some((lhs, Cmp::Le, after)),
        '>' => after.strip_prefix('=').map(|r| (lhs, Cmp::Ge, r)),
        '<' => after.strip_prefix('=').map(|r| (lhs, Cmp::Le, r)),
        _ => None,
    }
}

/// A non-negative decimal, with a comma or a point, optionally followed by "ETP".
fn parse_etp(text: &str) -> Option<Decimal> {
    let t = text.trim();
    let t = t
        .strip_suffix("ETP")
        .or_else(|| t.strip_suffix("etp"))
        .unwrap_or(t)
        .trim();
    if t.is_empty()
        || t.matches([',', '.']).count() > 1
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let t = t.replace(',', ".");
    Decimal::from_str(&t).ok().filter(|d| !d.is_sign_negative())
}

/// A name or id folded for comparison: lower case, accents dropped, spaces,
/// underscores and apostrophes read as hyphens.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            ' ' | '_' | '\'' | '’' => '-',
            c => c,
        };
        out.push(c);
    }
    out
}

fn holder_entries(s: &Scenario) -> Vec<(String, Option<&str>)> {
    s.communes
        .iter()
        .map(|c| (c.id.id.clone(), Some(c.name.as_str())))
        .chain(
            s.carriers
                .iter()
                .map(|c| (c.id.id.clone(), Some(c.name.as_str()))),
        )
        .collect()
}

/// The ids an item may name: holders, themes, `total` and `caf_total`.
fn item_ids(entries: &[(String, Option<&str>)]) -> Vec<String> {
    let mut ids = ids_of(entries);
    ids.extend(["total".to_owned(), "caf_total".to_owned()]);
    ids
}

fn ids_of(entries: &[(String, Option<&str>)]) -> Vec<String> {
    entries.iter().map(|(id, _)| id.clone()).collect()
}

fn theme_entries(s: &Scenario) -> Vec<(String, Option<&str>)> {
    s.themes
        .iter()
        .map(|t| (t.id.id.clone(), Some(t.label.as_str())))
        .collect()
}

enum Found {
    One(String),
    Many(Vec<String>),
    /// With the closest ids.
    None(Vec<String>),
}

/// An id exactly, else the one id or name equal once folded.
fn find(given: &str, entries: &[(String, Option<&str>)]) -> Found {
    let given = given.trim();
    if entries.iter().any(|(id, _)| id == given) {
        return Found::One(given.to_owned());
    }
    let g = fold(given);
    let mut hits: Vec<String> = Vec::new();
    for (id, name) in entries {
        if (fold(id) == g || name.is_some_and(|n| fold(n) == g)) && !hits.contains(id) {
            hits.push(id.clone());
        }
    }
    match hits.len() {
        0 => {
            let ids: Vec<&str> = entries.iter().map(|(id, _)| id.as_str()).collect();
            let mut near: Vec<String> = suggestions(given, &ids)
                .into_iter()
                .map(str::to_owned)
                .collect();
            if near.is_empty() {
                near = suggestions(&g, &ids)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
            }
            Found::None(near)
        }
        1 => Found::One(hits.swap_remove(0)),
        _ => Found::Many(hits),
    }
}

/// A period by id, by folded id or label, or by its years ("2027-2030").
fn find_period(s: &Scenario, given: &str) -> Result<usize, AskErrorKind> {
    let given = given.trim();
    if let Some(i) = s.periods.iter().position(|p| p.id.id == given) {
        return Ok(i);
    }
    let g = fold(given);
    let hits: Vec<usize> = s
        .periods
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            fold(&p.id.id) == g
                || p.label.as_deref().is_some_and(|l| fold(l) == g)
                || p.years.is_some_and(|y| y.to_string() == given)
        })
        .map(|(i, _)| i)
        .collect();
    // A year alone ("2027", as Caf-level asks are written) names the one
    // period whose years contain it.
    let within: Vec<usize> = match given.parse::<i32>() {
        Ok(year) if hits.is_empty() => s
            .periods
            .iter()
            .enumerate()
            .filter(|(_, p)| p.years.is_some_and(|y| y.first <= year && year <= y.last))
            .map(|(i, _)| i)
            .collect(),
        _ => Vec::new(),
    };
    if let [i] = within.as_slice() {
        return Ok(*i);
    }
    match hits.as_slice() {
        [i] => Ok(*i),
        [] => {
            let known: Vec<&str> = s.periods.iter().map(|p| p.id.id.as_str()).collect();
            Err(AskErrorKind::UnknownPeriod {
                given: given.to_owned(),
                suggestions: suggestions(given, &known)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                known: known.into_iter().map(str::to_owned).collect(),
            })
        }
        many => Err(AskErrorKind::Ambiguous {
            given: given.to_owned(),
            ids: many
                .iter()
                .filter_map(|i| s.periods.get(*i))
                .map(|p| p.id.id.clone())
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    fn vba() -> Scenario {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/vallee-des-baux-alpilles.toml"
        ))
        .unwrap();
        load_str("vba.toml", &text).scenario.unwrap()
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_year_alone_names_the_period_that_contains_it() {
        let s = vba();
        let id = |given: &str| find_period(&s, given).map(|i| s.periods[i].id.id.clone());
        assert_eq!(id("2028").ok().as_deref(), Some("2027-2030"));
        assert_eq!(id("2026").ok().as_deref(), Some("2026"));
        assert_eq!(id("2023").ok().as_deref(), Some("2022-2025"));
        assert!(id("2031").is_err(), "no period holds 2031");
    }

    #[test]
    fn the_four_kinds_of_ask_parse() {
        let a = Ask::parse("2027-2030.aureille=0.3").unwrap();
        assert_eq!(
            (a.period.as_str(), &a.target, a.cmp, &a.value, a.negotiable),
            (
                "2027-2030",
                &Target::Item("aureille".into()),
                Cmp::Eq,
                &Value::Etp(dec("0.3")),
                false
            )
        );
        let a = Ask::parse("2027-2030.caf_total=3,2").unwrap();
        assert_eq!(
            (&a.target, &a.value),
            (&Target::CafTotal, &Value::Etp(dec("3.2")))
        );
        let a = Ask::parse(" ~2027-2030.petite_enfance >= 2.0 ").unwrap();
        assert_eq!((a.cmp, a.negotiable), (Cmp::Ge, true));
        assert_eq!(Ask::parse("2026.total<=3").unwrap().cmp, Cmp::Le);
        assert_eq!(Ask::parse("2026.total≤3").unwrap().cmp, Cmp::Le);
        let a = Ask::parse("2027-2030.ccvba.themes=acces_droits, parentalite").unwrap();
        assert_eq!(a.target, Target::Themes("ccvba".into()));
        assert_eq!(
            a.value,
            Value::Themes(vec!["acces_droits".into(), "parentalite".into()])
        );
        assert_eq!(
            Ask::parse("2026.x=0.3 ETP").unwrap().etp(),
            Some(dec("0.3"))
        );
    }

    #[test]
    fn what_is_not_understood_is_said() {
        let kind = |t: &str| Ask::parse(t).unwrap_err().kind;
        assert_eq!(kind(""), AskErrorKind::Empty);
        assert_eq!(kind("2026.aureille 0.3"), AskErrorKind::NoComparison);
        assert_eq!(kind("2026.aureille>0.3"), AskErrorKind::NoComparison);
        assert_eq!(kind("aureille=0.3"), AskErrorKind::NoPeriod);
        assert_eq!(kind("2026.=0.3"), AskErrorKind::NoItem);
        for bad in ["-0.3", "0,3,1", "abc", "", "1e3"] {
            assert_eq!(
                kind(&format!("2026.a={bad}")),
                AskErrorKind::Number(bad.into()),
                "{bad}"
            );
        }
        assert_eq!(kind("2026.a.themes>=x"), AskErrorKind::ThemesNeedEquals);
        assert_eq!(kind("2026.a.themes= , "), AskErrorKind::EmptyThemes);
        let e = Ask::parse("2026.aureille 0.3").unwrap_err();
        assert_eq!(e.code, NOT_UNDERSTOOD);
        assert!(e.message(Lang::Fr).contains("il manque `=`"));
        assert!(e.hint(Lang::En).contains("2027-2030.aureille=0.3"));
        let e = Ask::parse("2026.aureille>=").unwrap_err();
        assert!(e
            .message(Lang::En)
            .ends_with("the number of ETP is missing after the comparison"));
    }

    #[test]
    fn ids_and_unambiguous_names_resolve() {
        let s = vba();
        let r = |t: &str| Ask::parse(t).unwrap().resolve(&s);
        let got = r("2027-2030.aureille=0.3").unwrap();
        assert_eq!(
            (got.period, &got.item),
            (2, &Item::Holder("aureille".into()))
        );
        assert_eq!(
            r("2027-2030.Saint-Rémy-de-Provence=1.1").unwrap().item,
            Item::Holder("saint-remy".into())
        );
        assert_eq!(
            r("2027-2030.saint remy de provence=1.1").unwrap().item,
            Item::Holder("saint-remy".into())
        );
        assert_eq!(
            r("2027-2030.Parentalité>=0.4").unwrap().item,
            Item::Theme("parentalite".into())
        );
        assert_eq!(r("2026.caf_total=3.2").unwrap().item, Item::CafTotal);
        assert_eq!(
            r("Schéma de coopération 2027-2030.total=3.2")
                .unwrap()
                .period,
            2
        );
        let got = r("2027-2030.CCVBA.themes=acces_droits,Parentalité").unwrap();
        assert_eq!(got.item, Item::Themes("ccvba".into()));
        assert_eq!(
            got.themes,
            vec!["acces_droits".to_owned(), "parentalite".to_owned()]
        );
    }

    #[test]
    fn unknown_names_get_the_closest_id() {
        let s = vba();
        let e = |t: &str| Ask::parse(t).unwrap().resolve(&s).unwrap_err();
        let got = e("2027-2031.aureille=0.3");
        assert_eq!(got.code, UNKNOWN);
        assert!(
            got.hint(Lang::En).contains("`2027-2030`"),
            "{}",
            got.hint(Lang::En)
        );
        let got = e("2027-2030.aureile=0.3");
        assert!(
            matches!(&got.kind, AskErrorKind::UnknownItem { suggestions, .. } if suggestions == &["aureille".to_owned()])
        );
        assert!(got
            .hint(Lang::Fr)
            .starts_with("vouliez-vous dire `aureille`"));
        let got = e("2027-2030.ccvba.themes=acces_droit");
        assert!(
            matches!(&got.kind, AskErrorKind::UnknownTheme { suggestions, .. } if suggestions == &["acces_droits".to_owned()])
        );
        let got = e("2027-2030.petite_enfance.themes=acces_droits");
        assert!(matches!(got.kind, AskErrorKind::UnknownHolder { .. }));
        // Nothing close: the hint lists what may be named.
        let got = e("2027-2030.ccvba.themes=sport");
        assert_eq!(
            got.hint(Lang::En),
            "one of: `petite_enfance`, `enfance_jeunesse`, `parentalite` or `acces_droits`; \
             a name works too when it names one item only"
        );
        let got = e("2027-2030.zzz=0.3");
        let hint = got.hint(Lang::Fr);
        assert!(hint.starts_with("au choix\u{a0}: `aureille`"), "{hint}");
        assert!(hint.contains("`total` ou `caf_total`\u{202f};"), "{hint}");
        let got = e("2027-2030.aureille=0.35");
        assert!(matches!(got.kind, AskErrorKind::OffStep { .. }));
        assert!(
            got.message(Lang::Fr).contains("0,35 ETP"),
            "{}",
            got.message(Lang::Fr)
        );
    }

    #[test]
    fn locks_name_a_period_or_one_of_its_figures() {
        let s = vba();
        assert_eq!(
            resolve_lock(&s, "2026").unwrap(),
            Lock {
                period: 1,
                item: None
            }
        );
        assert_eq!(
            resolve_lock(&s, "2027-2030.Mouriès").unwrap().item,
            Some(Item::Holder("mouries".into()))
        );
        assert_eq!(
            resolve_lock(&s, "2027-2030.caf_total").unwrap().item,
            Some(Item::CafTotal)
        );
        assert_eq!(
            resolve_lock(&s, "2027-2030.parentalite").unwrap().item,
            Some(Item::Theme("parentalite".into()))
        );
        assert_eq!(
            resolve_lock(&s, "2029").unwrap().period,
            resolve_lock(&s, "2027-2030").unwrap().period,
            "a year alone names the period that contains it"
        );
        assert!(matches!(
            resolve_lock(&s, "2031").unwrap_err().kind,
            AskErrorKind::UnknownPeriod { .. }
        ));
        assert!(matches!(
            resolve_lock(&s, "2026.moures").unwrap_err().kind,
            AskErrorKind::UnknownItem { .. }
        ));
    }

    #[test]
    fn a_name_shared_by_two_ids_is_ambiguous() {
        let text = "[territory]\nname = \"T\"\n[[commune]]\nid = \"a\"\nname = \"Mas\"\n[[commune]]\nid = \"b\"\nname = \"Mas\"\n[[period]]\nid = \"2026\"\ntotal = 0.2\n";
        let s = load_str("t.toml", text).scenario.unwrap();
        let e = Ask::parse("2026.mas=0.1").unwrap().resolve(&s).unwrap_err();
        assert_eq!(
            e.kind,
            AskErrorKind::Ambiguous {
                given: "mas".into(),
                ids: vec!["a".into(), "b".into()]
            }
        );
        assert!(e.message(Lang::En).contains("`a` or `b`"));
    }
}
