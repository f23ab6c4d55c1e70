//! "Proposer" on the page, as `propose --set ... --lock ...` does it
//! (docs/negotiate.md): the cells typed since the last proposal are asks,
//! the locked cells are locks (and what no alternative may change), and the
//! other figures written in the period become references the scheme stays
//! close to. When no scheme meets every ask and rule, each alternative
//! becomes a card: its changes, whether a second solve confirmed it, its
//! yearly effect in euros, and the whole text it gives once applied, so that
//! one click applies it.

use super::doc::Doc;
use super::relax;
use crate::check::check_loaded;
use crate::diagnostic::Severity;
use crate::i18n::Lang;
use crate::number::{fmt_etp, parse_text};
use crate::plan::ask;
use crate::plan::build::Objective;
use crate::plan::negotiate::{Conflict, Negotiation};
use crate::plan::propose::{self, Alternative, Proposal};
use crate::plan::{apply, guard, solve};
use crate::scenario::{load_str, Scenario};
use serde::Serialize;
use std::time::Duration;

/// How many alternatives a card list shows at most.
pub const ALTERNATIVES: usize = 3;

/// The ask or lock word for a cell key of the page (`post:aureille`,
/// `theme:parentalite`, `total`, `caf_total`); the coordinator has none.
pub fn item_of(key: &str) -> Option<&str> {
    match key {
        "total" | "caf_total" => Some(key),
        _ => key
            .strip_prefix("post:")
            .or_else(|| key.strip_prefix("theme:")),
    }
}

/// A variant's asks (`set`, as `propose` reads them) on period `index` of
/// `s`, by the page's cell key: (key, the ask as written, its comparison
/// and figure). Asks that name no cell (a holder's themes) or cannot be
/// read are left out here: "Proposer" says why.
pub fn variant_asks(s: &Scenario, index: usize, set: &[String]) -> Vec<(String, String, String)> {
    set.iter()
        .filter_map(|text| {
            let r = ask::Ask::parse(text).and_then(|a| a.resolve(s)).ok()?;
            let key = match &r.item {
                ask::Item::Holder(h) => format!("post:{h}"),
                ask::Item::Theme(t) => format!("theme:{t}"),
                ask::Item::Total => "total".into(),
                ask::Item::CafTotal => "caf_total".into(),
                ask::Item::Themes(_) => return None,
            };
            let ask::Value::Etp(v) = r.ask.value else {
                return None;
            };
            (r.period == index).then(|| {
                (
                    key,
                    text.clone(),
                    format!("{}{}", r.ask.cmp.symbol(), fmt_etp(v)),
                )
            })
        })
        .collect()
}

/// The asks and locks of period `index` of `s`, from the page's cells:
/// `asked` (key, value written) and `locked` keys. The first that cannot
/// be read is reported with its code, in both languages.
pub fn negotiation(
    s: &Scenario,
    index: usize,
    asked: &[(String, String)],
    locked: &[String],
    written: &[String],
) -> Result<Negotiation, (Option<String>, String, String)> {
    let Some(p) = s.periods.get(index) else {
        return Err((None, "pas de telle période".into(), "no such period".into()));
    };
    let pid = p.name();
    let said = |e: ask::AskError| {
        (
            Some(e.code.to_string()),
            e.message(Lang::Fr),
            e.message(Lang::En),
        )
    };
    let asks: Vec<String> = asked
        .iter()
        .filter_map(|(k, v)| item_of(k).map(|i| format!("{pid}.{i}={v}")))
        .chain(written.iter().cloned())
        .collect();
    let asks = ask::resolve_all(s, &asks).map_err(said)?;
    let words: Vec<String> = locked
        .iter()
        .filter_map(|k| item_of(k).map(|i| format!("{pid}.{i}")))
        .collect();
    let locks = words
        .iter()
        .map(|w| ask::resolve_lock(s, w))
        .collect::<Result<Vec<_>, _>>()
        .map_err(said)?;
    Ok(Negotiation {
        asks,
        locks,
        alternatives: ALTERNATIVES,
        // A locked figure is not an alternative's to change either.
        keep: words,
        // In a meeting an ask is a question: the alternatives may answer
        // that it cannot be met as typed (at a price above every figure).
        all_negotiable: true,
        ..Negotiation::default()
    })
}

/// What "Proposer" answers, for the page.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The scheme was written into the text; `asks` were met (as
    /// `propose --set` writes them), `said` in words, by name.
    Planned {
        asks: Vec<String>,
        said: Vec<Said>,
        /// The figures the proposal moved, against the page before it
        /// ("Paradou 0,2 → 0,1"), by name; `None`: nothing moved.
        changed: Option<Said>,
    },
    Impossible {
        alternatives: Vec<Card>,
    },
    /// An error no figure can fix, or an ask that cannot be read.
    Blocked {
        code: Option<String>,
        message: String,
        message_en: String,
    },
    Failed {
        message: String,
    },
    TimeLimit,
}

/// One alternative, as a card.
#[derive(Debug, Serialize)]
pub struct Card {
    pub changes: Vec<Change>,
    pub confirmed: bool,
    /// Whether one click applies it (every change sets a written figure).
    pub apply: bool,
    /// Why one click cannot apply it, when it cannot.
    pub why_not: Option<Said>,
    /// What its scheme changes against the file as saved, as `propose`
    /// says it: the figures moved, then the yearly euros (one line each).
    pub effect: Option<Said>,
}

/// A text of the page in French and in English.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Said {
    pub fr: String,
    pub en: String,
}

#[derive(Debug, Serialize)]
pub struct Change {
    pub code: String,
    /// In English and in French: the page shows its own language, as with
    /// each diagnostic (view.rs).
    pub text: String,
    pub text_fr: String,
    pub line: Option<usize>,
    /// For a variant, the base the changed figure is written in (`line`
    /// is its line there); `None`: the file shown.
    pub file: Option<String>,
}

/// Runs the proposal for period `index` of `doc` under its asks and locks.
/// A planned scheme replaces the text (undoable); the asks of the period
/// are then met, and locked as agreed. Alternatives are kept in `doc.pending`.
pub fn propose(doc: &mut Doc, index: usize, time_limit: Duration) -> Outcome {
    propose_in(doc, index, time_limit, None)
}

/// [`propose`], with a variant's text as written (its path and text, as
/// `view` checks it): the cards' lines then point into it or its base.
pub fn propose_in(
    doc: &mut Doc,
    index: usize,
    time_limit: Duration,
    as_file: Option<(&std::path::Path, &str)>,
) -> Outcome {
    let loaded = load_str(&doc.name, &doc.text);
    let Some(s) = loaded.scenario else {
        return blocked(
            None,
            "le fichier ne se charge pas\u{a0}: corrigez-le d'abord",
            "the file does not load: fix it first",
        );
    };
    if s.periods.get(index).is_none() {
        return blocked(None, "pas de telle période", "no such period");
    }
    let written = |key: &str| written_value(&s, index, key);
    // An ask counts while its cell shows the figure typed (not after an undo).
    // A post the file locks (`locked = true`, its padlock closed) keeps its
    // figure as written: typed, it is no ask either.
    let file_locked = |k: &str| {
        k.strip_prefix("post:")
            .and_then(|h| s.periods.get(index).and_then(|p| p.post(h)))
            .is_some_and(|p| p.locked)
    };
    let asked: Vec<(String, String)> = doc
        .asks_in(index)
        .into_iter()
        .filter(|(k, typed)| written(k).as_ref() == Some(typed) && !file_locked(k))
        .collect();
    let locked: Vec<String> = doc
        .locked_in(index)
        .into_iter()
        .filter(|k| written(k).is_some())
        .collect();
    // A variant's own asks (`set`), as `propose` on the file meets them;
    // a cell typed or locked on the page speaks instead.
    let written: Vec<String> = doc
        .variant
        .as_ref()
        .map(|h| variant_asks(&s, index, &h.set))
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _, _)| !asked.iter().any(|(a, _)| a == k) && !locked.contains(k))
        .map(|(_, text, _)| text)
        .collect();
    let neg = match negotiation(&s, index, &asked, &locked, &written) {
        Ok(n) => n,
        Err((code, fr, en)) => return blocked(code, &fr, &en),
    };
    // An ask on a past or locked period, or on a figure the file locks.
    if let Some(c) = neg.conflicts(&s).first() {
        let (fr, en) = match c {
            Conflict::PeriodLocked { ask, period } => (
                format!("demande `{ask}`\u{a0}: la période {period} est verrouillée (passée ou `locked = true`)\u{202f}; elle garde ses chiffres"),
                format!("ask `{ask}`: the period {period} is locked (past or `locked = true`); it keeps its figures"),
            ),
            Conflict::FigureLocked { ask, period } => (
                format!("demande `{ask}`\u{a0}: ce chiffre de {period} est verrouillé dans le fichier (`locked = true`)"),
                format!("ask `{ask}`: this figure of {period} is locked in the file (`locked = true`)"),
            ),
        };
        return blocked(Some(ask::ASK.to_string()), &fr, &en);
    }
    if let Some(d) = propose::blocking(&s, &[index]).first() {
        return blocked(
            Some(d.code.to_string()),
            &d.message.render(Lang::Fr),
            &d.message.render(Lang::En),
        );
    }
    let opts = solve::Options {
        backend: solve::Backend::default(),
        time_limit: Some(time_limit),
    };
    let asks: Vec<String> = neg.asks.iter().map(|a| a.ask.text.clone()).collect();
    let said: Vec<Said> = neg
        .asks
        .iter()
        .filter_map(|a| ask_in_words(&s, a))
        .collect();
    let met: Vec<String> = asked.iter().map(|(k, _)| k.clone()).collect();
    match guard::plan_within_negotiated(&s, &[index], Objective::Closest, opts, &neg) {
        Err(e) => Outcome::Blocked {
            code: e.code.map(|c| c.to_string()),
            message: e.message.render(crate::i18n::Lang::Fr),
            message_en: e.message.render(crate::i18n::Lang::En),
        },
        Ok(Proposal::Planned(plan)) => match apply::apply(&doc.text, &s, &plan) {
            Ok(text) => {
                let changed = moved(&s, &plan, Lang::Fr)
                    .zip(moved(&s, &plan, Lang::En))
                    .map(|(fr, en)| Said { fr, en });
                doc.replace(text);
                doc.settle_asks(index, &met);
                Outcome::Planned {
                    asks,
                    said,
                    changed,
                }
            }
            Err(e) => Outcome::Failed {
                message: e.to_string(),
            },
        },
        Ok(Proposal::Impossible { alternatives, .. }) => {
            let mut cards = Vec::new();
            let mut pending = Vec::new();
            // A variant is planned merged: a line of the merged text is in
            // no file the user has. A changed figure is found again in the
            // variant as written (or its base); other changes get no line.
            let lines = doc.variant.is_none();
            let as_written = as_file.map(|(path, text)| load_str(&path.to_string_lossy(), text));
            let dir = as_file.and_then(|(p, _)| p.parent());
            // The file as saved: what a card's effect is measured against
            // (the page's state, with the impossible ask, is no reference).
            let file = load_str(&doc.name, &doc.clean).scenario;
            for alt in &alternatives {
                let applied = applied(&doc.text, alt);
                let effect = file
                    .as_ref()
                    .zip(alt.plan.as_ref())
                    .and_then(|(f, plan)| effect(f, &doc.clean, plan));
                cards.push(Card {
                    changes: alt
                        .relaxations
                        .iter()
                        .map(|r| {
                            let (line, file) = match &as_written {
                                Some(w) => where_written(w, r, dir),
                                None => (
                                    r.span
                                        .as_ref()
                                        .filter(|_| lines)
                                        .map(|sp| loaded.source.line_col(sp.start).line),
                                    None,
                                ),
                            };
                            Change {
                                code: r.code.to_string(),
                                text: page_text(&s, &r.text, Lang::En),
                                text_fr: page_text(&s, &r.text, Lang::Fr),
                                line,
                                file,
                            }
                        })
                        .collect(),
                    confirmed: alt.confirmed,
                    apply: applied.is_ok(),
                    why_not: applied.as_ref().err().map(|w| w.said()),
                    effect,
                });
                pending.push(applied.ok());
            }
            doc.pending = pending;
            Outcome::Impossible {
                alternatives: cards,
            }
        }
        Ok(Proposal::Failed(e)) => Outcome::Failed {
            message: e.render(crate::i18n::Lang::En),
        },
        Ok(Proposal::TimeLimit) => Outcome::TimeLimit,
    }
}

/// Where a card's changed figure is written in a variant (`w`, loaded with
/// its bases): its line, and the base's name (relative to `dir`) when it
/// lies there. A change that is not a figure gets no line.
fn where_written(
    w: &crate::scenario::Loaded,
    r: &propose::Relaxation,
    dir: Option<&std::path::Path>,
) -> (Option<usize>, Option<String>) {
    use crate::lp::{FigureItem, Subject};
    let span = w.scenario.as_ref().and_then(|s| {
        let period = |id: &str| s.periods.iter().find(|p| p.id.id == id);
        match &r.what {
            Subject::Figure {
                period: p, item, ..
            } => {
                let p = period(p)?;
                match item {
                    FigureItem::Post(h) | FigureItem::Unchanged(h) => {
                        p.post(h)?.etp.map(|f| f.span())
                    }
                    FigureItem::Change(h) => p.post(h)?.change.map(|f| f.span()),
                    FigureItem::ThemeTotal(t) => p.themes.as_ref()?.get(t).map(|f| f.span()),
                }
            }
            Subject::PeriodTotal { period: p, .. } => period(p)?.total.map(|f| f.span()),
            Subject::CafCap { period: p, .. } => period(p)?.caf_total.map(|f| f.span()),
            _ => None,
        }
    });
    let Some(span) = span else {
        return (None, None);
    };
    let line = w.source.line_col(span.start).line;
    let file = (w.source.file_id(span.start) != 0).then(|| {
        let name = std::path::Path::new(w.source.name_at(span.start));
        dir.and_then(|d| name.strip_prefix(d).ok())
            .unwrap_or(name)
            .to_string_lossy()
            .replace('\\', "/")
    });
    (Some(line), file)
}

/// An ask met, in words for the page: "Aureille 0,3 ETP en 2027-2030",
/// "total au moins 3,5 ETP en 2027-2030" (names, not the keys `propose`
/// reads). `None` for a theme list (no figure).
fn ask_in_words(s: &Scenario, a: &ask::Resolved) -> Option<Said> {
    let ask::Value::Etp(v) = &a.ask.value else {
        return None;
    };
    let period = s.periods.get(a.period)?.name();
    let said = |lang: Lang| {
        let fr = lang == Lang::Fr;
        let what = match &a.item {
            ask::Item::Holder(h) => crate::report::data::holder_name(s, h),
            ask::Item::Theme(t) => s
                .theme(t)
                .map_or_else(|| t.clone(), |x| crate::render::label::short(&x.label)),
            ask::Item::Total => (if fr { "le total" } else { "the total" }).to_owned(),
            ask::Item::CafTotal => (if fr {
                "le total cofinancé par la Caf"
            } else {
                "the total co-financed by the Caf"
            })
            .to_owned(),
            ask::Item::Themes(_) => return None,
        };
        let cmp = match (a.ask.cmp, fr) {
            (ask::Cmp::Eq, _) => "",
            (ask::Cmp::Ge, true) => "au moins ",
            (ask::Cmp::Ge, false) => "at least ",
            (ask::Cmp::Le, true) => "au plus ",
            (ask::Cmp::Le, false) => "at most ",
        };
        let (unit, at) = if fr {
            ("\u{a0}ETP", "en")
        } else {
            (" ETP", "in")
        };
        Some(format!(
            "{what} {cmp}{}{unit} {at} {period}",
            lang.number(*v)
        ))
    };
    Some(Said {
        fr: said(Lang::Fr)?,
        en: said(Lang::En)?,
    })
}

/// A card's change as the page says it ([`super::words::on_page`]), an
/// ask by name ("Parentalité 0,2 ETP en 2027-2030") rather than as typed
/// for `propose --set`.
fn page_text(s: &Scenario, t: &crate::i18n::Text, lang: Lang) -> String {
    let page = super::words::on_page(t);
    let Some(crate::i18n::Arg::Raw(typed)) = t.get("ask") else {
        return page.render(lang);
    };
    let named = ask::Ask::parse(typed)
        .and_then(|a| a.resolve(s))
        .ok()
        .and_then(|r| ask_in_words(s, &r));
    match named {
        Some(said) if page.key() != t.key() => {
            let words = crate::i18n::Arg::words(said.fr, said.en);
            page.arg("ask", words).render(lang)
        }
        _ => page.render(lang),
    }
}

fn blocked(code: Option<String>, fr: &str, en: &str) -> Outcome {
    Outcome::Blocked {
        code,
        message: fr.to_owned(),
        message_en: en.to_owned(),
    }
}

/// The figure written for a cell key in period `index`, as typed in a file.
fn written_value(s: &Scenario, index: usize, key: &str) -> Option<String> {
    let p = s.periods.get(index)?;
    let v = match key {
        "total" => p.total.map(|f| f.value),
        "caf_total" => p.caf_total.map(|f| f.value),
        _ => match (key.strip_prefix("post:"), key.strip_prefix("theme:")) {
            (Some(h), _) => p.post(h).and_then(|x| x.etp.as_ref()).map(|f| f.value),
            (_, Some(t)) => p.themes.as_ref().and_then(|tt| tt.get(t)).map(|f| f.value),
            _ => None,
        },
    }?;
    Some(fmt_etp(v))
}

/// Why one click cannot apply a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhyNot {
    /// No scheme was found with these changes by a second solve.
    NotConfirmed,
    /// A change is a decision the page does not write (its text, French and English).
    NotWritable(String, String),
    /// The changes could not be written into the text.
    CannotWrite,
    /// Written, the file would still have an error (the first one, said).
    StillErrors {
        code: String,
        fr: String,
        en: String,
    },
}

impl WhyNot {
    pub fn said(&self) -> Said {
        let (fr, en) = match self {
            WhyNot::NotConfirmed => (
                "Pas d'application en un clic\u{a0}: un second calcul n'a pas trouvé de schéma avec ces changements.".to_owned(),
                "No one-click apply: a second solve found no scheme with these changes.".to_owned(),
            ),
            WhyNot::NotWritable(fr, en) => (
                format!("Pas d'application en un clic\u{a0}: «\u{a0}{fr}\u{a0}» est une décision à écrire dans le fichier (la page ne l'écrit pas)\u{202f}; écrivez-la, ou choisissez une autre possibilité."),
                format!("No one-click apply: “{en}” is a decision to write in the file (the page does not write it); write it, or choose another option."),
            ),
            WhyNot::CannotWrite => (
                "Pas d'application en un clic\u{a0}: la page ne sait pas écrire ces changements dans ce fichier.".to_owned(),
                "No one-click apply: the page cannot write these changes into this file.".to_owned(),
            ),
            WhyNot::StillErrors { code, fr, en } => (
                format!("Pas d'application en un clic\u{a0}: ces changements écrits, le fichier aurait encore une erreur que la page ne sait pas corriger\u{a0}: {code} {fr}."),
                format!("No one-click apply: with these changes written, the file would still have an error the page cannot fix: {code} {en}."),
            ),
        };
        Said { fr, en }
    }
}

/// The text an alternative gives: each of its changes sets a number written
/// in the file (from the last to the first, so spans stay true), then its
/// scheme is written as `propose --out` would. A rule's bound or a holder's
/// themes is written by `relax`. Refused, with the reason, when a change
/// cannot be written (a pooling to reconsider) or no scheme was confirmed:
/// such a card is advice, not a click; and the result must pass `check`.
pub fn applied(text: &str, alt: &Alternative) -> Result<String, WhyNot> {
    let plan = alt.plan.as_ref().ok_or(WhyNot::NotConfirmed)?;
    // An ask moved is written by the scheme itself (it sets the figure); a
    // rule's bound or a holder's themes by `relax` once the figures are in.
    let (rules, figures): (Vec<&propose::Relaxation>, Vec<_>) = alt
        .relaxations
        .iter()
        .filter(|r| !(r.code == ask::ASK && r.span.is_none()))
        .partition(|r| r.to.is_none() && relax::writable(r));
    let mut edits = Vec::new();
    for r in figures {
        match r.span.clone().zip(r.to) {
            Some(e) => edits.push(e),
            None => {
                return Err(WhyNot::NotWritable(
                    super::words::on_page(&r.text).render(Lang::Fr),
                    super::words::on_page(&r.text).render(Lang::En),
                ));
            }
        }
    }
    edits.sort_by_key(|(sp, _)| std::cmp::Reverse(sp.start));
    let written = (|| {
        let mut out = text.to_owned();
        for (sp, to) in edits {
            let written = out.get(sp.clone())?;
            parse_text(written).ok()?;
            out = format!(
                "{}{}{}",
                out.get(..sp.start)?,
                fmt_etp(to),
                out.get(sp.end..)?
            );
        }
        let s = load_str("alternative.toml", &out).scenario?;
        let out = relax::apply(&out, &s, &rules)?;
        let s = load_str("alternative.toml", &out).scenario?;
        apply::apply(&out, &s, plan).ok()
    })()
    .ok_or(WhyNot::CannotWrite)?;
    let report = check_loaded(load_str("alternative.toml", &written));
    if let Some(d) = report
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        return Err(WhyNot::StillErrors {
            code: d.code.to_string(),
            fr: d.message.render(Lang::Fr),
            en: d.message.render(Lang::En),
        });
    }
    Ok(written)
}

/// How `propose`'s table starts its line of figures moved.
fn moved_head(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "par rapport au fichier\u{a0}: ",
        Lang::En => "against the file: ",
    }
}

/// The figures `plan` moves from those `s` writes, as `propose`'s table
/// says them ("Paradou 0,2 → 0,1\u{202f}; …"), without its head; `None`
/// when none moves.
fn moved(s: &Scenario, plan: &propose::Plan, lang: Lang) -> Option<String> {
    let head = moved_head(lang);
    let lines: Vec<String> = crate::plan::table::render(s, plan, lang)
        .lines()
        .filter_map(|l| l.strip_prefix(head).map(str::to_owned))
        .collect();
    let sep = if lang == Lang::Fr { "\u{202f}; " } else { "; " };
    (!lines.is_empty()).then(|| lines.join(sep))
}

/// What an alternative's scheme changes against the file `s` (its text
/// `text`, as saved): the lines `ctgplan propose` writes for it, the
/// figures moved ("par rapport au fichier") and the yearly euros, in both
/// languages; `None` when it changes nothing the file writes.
pub fn effect(s: &Scenario, text: &str, plan: &propose::Plan) -> Option<Said> {
    let said = |lang: Lang| {
        let moved = moved(s, plan, lang)
            .map(|m| format!("{}{m}", moved_head(lang)))
            .into_iter()
            .collect::<Vec<_>>();
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        let money = crate::propose_cmd::write_effect(&mut out, s, text, plan, lang)
            .ok()
            .and_then(|()| String::from_utf8(out.into_inner()).ok())
            .unwrap_or_default();
        moved
            .into_iter()
            .chain(money.lines().map(|l| l.trim().to_owned()))
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (fr, en) = (said(Lang::Fr), said(Lang::En));
    (!fr.is_empty()).then_some(Said { fr, en })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::doc::Target;
    use rust_decimal::Decimal;

    const VALLEE: &str = include_str!("../../scenarios/vallee-des-baux-alpilles.toml");

    fn doc() -> Doc {
        Doc::new("v.toml".into(), "v.toml".into(), VALLEE.into()).unwrap()
    }

    fn post(h: &str) -> Target {
        Target::Post { holder: h.into() }
    }

    #[test]
    fn a_typed_cell_is_an_ask_and_the_others_give_way_unless_locked() {
        let mut d = doc();
        // The period's total and the Caf's total are locked: Aureille's
        // 0,5 must be found among the other communes.
        d.set_lock(2, "total", true);
        d.set_lock(2, "caf_total", true);
        d.edit(2, &post("aureille"), "0,5").unwrap();
        assert_eq!(d.asked_in(2), ["post:aureille"]);
        let out = propose(&mut d, 2, Duration::from_secs(20));
        assert!(
            matches!(&out, Outcome::Planned { asks, said, changed: Some(changed) } if asks == &["2027-2030.aureille=0.5"]
                // What gave way, by name (Aureille's 0,5 was typed before).
                && changed.fr.contains(" \u{2192} ") && !changed.fr.contains("Aureille")
                && said.first().map(|x| x.fr.as_str()) == Some("Aureille 0,5\u{a0}ETP en 2027-2030")),
            "{out:?}"
        );
        let s = load_str("v.toml", &d.text).scenario.unwrap();
        assert_eq!(
            written_value(&s, 2, "post:aureille").as_deref(),
            Some("0.5")
        );
        assert_eq!(written_value(&s, 2, "total").as_deref(), Some("3.3"));
        assert_eq!(
            check_loaded(load_str("v.toml", &d.text)).count(Severity::Error),
            0
        );
        // Met, the ask is agreed: locked, with the locks that were.
        assert!(d.asked_in(2).is_empty());
        assert_eq!(d.locked_in(2), ["caf_total", "post:aureille", "total"]);
    }

    /// A proposal writes only the figures it moves: the theme totals line,
    /// in its own order, and a comment after the total stay as written
    /// (issue 17: a save rewrote line 154's order).
    #[test]
    fn a_proposal_leaves_what_it_does_not_change_as_written() {
        let line = "themes = { petite_enfance = 1.7, parentalite = 0.3, acces_droits = 0.3, enfance_jeunesse = 0.5 }";
        let commented = VALLEE.replacen(
            "caf_total = 3.3\ntotal = 3.3\n",
            "caf_total = 3.3\ntotal = 3.3 # agreed in COPIL\n",
            1,
        );
        assert!(commented.contains(line) && commented.contains("# agreed in COPIL"));
        let mut d = Doc::new("v.toml".into(), "v.toml".into(), commented.into()).unwrap();
        d.set_lock(2, "total", true);
        d.set_lock(2, "caf_total", true);
        d.edit(2, &post("aureille"), "0,4").unwrap();
        let out = propose(&mut d, 2, Duration::from_secs(20));
        assert!(matches!(out, Outcome::Planned { .. }), "{out:?}");
        assert!(d.text.contains(line), "{}", d.text);
        assert!(
            d.text.contains("total = 3.3 # agreed in COPIL\n"),
            "{}",
            d.text
        );
    }

    #[test]
    fn an_undone_ask_is_no_ask() {
        let mut d = doc();
        d.set_lock(2, "total", true);
        d.set_lock(2, "caf_total", true);
        d.edit(2, &post("aureille"), "0,5").unwrap();
        assert!(d.undo());
        // Aureille shows 0,2 again: "Proposer" has nothing to meet, the
        // file's figures stay as they are.
        let before = d.text.clone();
        let out = propose(&mut d, 2, Duration::from_secs(20));
        assert!(
            matches!(&out, Outcome::Planned { asks, .. } if asks.is_empty()),
            "{out:?}"
        );
        let s = load_str("v.toml", &d.text).scenario.unwrap();
        assert_eq!(
            written_value(&s, 2, "post:aureille").as_deref(),
            Some("0.2")
        );
        let b = load_str("v.toml", &before).scenario.unwrap();
        assert_eq!(
            written_value(&b, 2, "post:saint-remy"),
            written_value(&s, 2, "post:saint-remy")
        );
    }

    #[test]
    fn a_locked_cell_is_not_an_ask_and_stays_as_written() {
        let mut d = doc();
        d.set_lock(2, "post:aureille", true);
        d.edit(2, &post("aureille"), "0,3").unwrap();
        assert!(d.asked_in(2).is_empty());
        // Typing in a cell unlocked later makes it an ask again.
        d.set_lock(2, "post:aureille", false);
        d.edit(2, &post("aureille"), "0,2").unwrap();
        assert_eq!(d.asked_in(2), ["post:aureille"]);
        // Locking an asked cell keeps its figure: it is no longer an ask.
        d.set_lock(2, "post:aureille", true);
        assert!(d.asked_in(2).is_empty());
    }

    #[test]
    fn an_impossible_ask_gives_cards_that_apply_in_one_click() {
        let mut d = doc();
        d.set_lock(2, "caf_total", true);
        d.edit(2, &Target::Total, "3,5").unwrap();
        let out = propose(&mut d, 2, Duration::from_secs(20));
        let Outcome::Impossible { alternatives } = out else {
            panic!("{out:?}");
        };
        let first = alternatives.first().unwrap();
        assert!(first.apply, "{first:?}");
        assert_eq!(first.changes.first().unwrap().code, "CTG132");
        // Against the file (3,3 as saved), moving the ask back to 3,3
        // changes nothing: no effect to show.
        assert_eq!(first.effect, None, "{first:?}");
        assert_eq!(first.why_not, None);
        let text = d.pending.first().cloned().flatten().unwrap();
        assert_eq!(
            check_loaded(load_str("v.toml", &text)).count(Severity::Error),
            0
        );
        d.apply_relaxation(0).unwrap();
        assert_eq!(d.text, text);
    }

    /// The Vallée des Baux with a parentalité minimum of 0,3 ETP in every
    /// period and a move limit of 0,3 ETP into 2027-2030.
    fn ruled() -> Doc {
        let text = VALLEE
            .replacen(
                "step = 0.1\n",
                "step = 0.1\n\n[rules.theme.parentalite]\nmin_etp = 0.3 # agreed in 2024\n",
                1,
            )
            .replacen(
                "label = \"Schéma de coopération 2027-2030\"\n",
                "label = \"Schéma de coopération 2027-2030\"\nrules = { max_commune_move = 0.3 }\n",
                1,
            );
        assert_eq!(
            check_loaded(load_str("v.toml", &text)).count(Severity::Error),
            0
        );
        Doc::new("v.toml".into(), "v.toml".into(), text.into_bytes()).unwrap()
    }

    /// Proposes, then applies the first card whose changes include `code`.
    fn apply_card_with(d: &mut Doc, code: &str) -> String {
        let out = propose(d, 2, Duration::from_secs(20));
        let Outcome::Impossible { alternatives } = out else {
            panic!("{out:?}");
        };
        let i = alternatives
            .iter()
            .position(|c| c.changes.iter().any(|x| x.code == code))
            .unwrap_or_else(|| panic!("no {code} card: {alternatives:?}"));
        assert!(alternatives[i].apply, "{:?}", alternatives[i]);
        d.apply_relaxation(i).unwrap();
        assert_eq!(
            check_loaded(load_str("v.toml", &d.text)).count(Severity::Error),
            0,
            "{}",
            d.text
        );
        d.text.clone()
    }

    #[test]
    fn a_theme_minimum_is_lowered_in_the_periods_own_rules_in_one_click() {
        let mut d = ruled();
        d.set_lock(2, "total", true);
        d.set_lock(2, "caf_total", true);
        d.edit(
            2,
            &Target::Theme {
                theme: "parentalite".into(),
            },
            "0,2",
        )
        .unwrap();
        let text = apply_card_with(&mut d, "CTG042");
        // The file's rule stays, with its comment; 2027-2030 gets its own.
        assert!(text.contains("min_etp = 0.3 # agreed in 2024"), "{text}");
        let s = load_str("v.toml", &text).scenario.unwrap();
        let p = &s.periods[2];
        assert_eq!(
            p.themes
                .as_ref()
                .and_then(|t| t.get("parentalite"))
                .map(|f| f.value),
            Some(Decimal::new(2, 1))
        );
        let min = |period: &str| {
            s.rules_for(period)
                .theme_rules
                .iter()
                .find(|t| t.theme.id == "parentalite")
                .and_then(|t| t.min_etp)
                .map(|f| f.value)
        };
        assert_eq!(min("2027-2030"), Some(Decimal::new(2, 1)));
        // The other periods keep the file's minimum.
        assert_eq!(min("2026"), Some(Decimal::new(3, 1)));
        assert!(d.undo());
        assert!(d.text.contains("parentalite = 0.2"));
        assert!(d.redo());
        assert_eq!(d.text, text);
    }

    #[test]
    fn a_move_limit_is_raised_in_one_click() {
        let mut d = ruled();
        d.set_lock(2, "total", true);
        d.set_lock(2, "caf_total", true);
        d.edit(2, &post("aureille"), "0,6").unwrap();
        let text = apply_card_with(&mut d, "CTG080");
        assert!(text.contains("max_commune_move = 0.6"), "{text}");
    }

    #[test]
    fn a_communes_pooling_ends_in_the_asked_period_in_one_click() {
        // Les Baux is pooled with Maussane in every period (`[[commune]]`):
        // its own 0,1 ETP in 2027-2030 ends the pooling there only.
        let mut d = doc();
        d.set_lock(2, "total", true);
        d.set_lock(2, "caf_total", true);
        d.edit(2, &post("les-baux"), "0,1").unwrap();
        let text = apply_card_with(&mut d, "CTG050");
        let s = load_str("v.toml", &text).scenario.unwrap();
        let baux = s.commune("les-baux").unwrap();
        assert!(s.pooled_host(&s.periods[2], baux).is_none(), "{text}");
        for p in &s.periods[..2] {
            assert_eq!(
                s.pooled_host(p, baux).map(|h| h.id.as_str()),
                Some("maussane"),
                "{text}"
            );
        }
        assert_eq!(
            written_value(&s, 2, "post:les-baux").as_deref(),
            Some("0.1")
        );
    }

    /// Saint-Rémy asked at 2,5 with Aureille at 0,3 and the totals locked
    /// (issue 17): the card moving the ask back to 1,9 also cuts other
    /// communes; its effect is said against the file as saved, as
    /// `ctgplan propose` says it, not against the impossible state.
    #[test]
    fn a_cards_effect_is_against_the_file_as_propose_says_it() {
        let mut d = doc();
        d.set_lock(2, "total", true);
        d.set_lock(2, "caf_total", true);
        d.edit(2, &post("aureille"), "0,3").unwrap();
        d.set_lock(2, "post:aureille", true);
        d.edit(2, &post("saint-remy"), "2,5").unwrap();
        let out = propose(&mut d, 2, Duration::from_secs(30));
        let Outcome::Impossible { alternatives } = out else {
            panic!("{out:?}");
        };
        let moved = alternatives
            .iter()
            .find(|c| c.changes.iter().any(|ch| ch.code == "CTG132"))
            .unwrap();
        // The ask by name, not as typed for `propose --set` (issue 17, 7).
        let change = moved.changes.iter().find(|ch| ch.code == "CTG132").unwrap();
        assert_eq!(
            change.text_fr,
            "ramener votre demande (Saint-Rémy-de-Provence 2,5\u{a0}ETP en 2027-2030) à 1,9 ETP"
        );
        assert_eq!(
            change.text,
            "bring your ask (Saint-Rémy-de-Provence 2.5 ETP in 2027-2030) to 1.9 ETP"
        );
        let e = moved.effect.as_ref().unwrap();
        assert!(
            e.fr.starts_with("par rapport au fichier\u{a0}: ")
                && e.fr.contains("Saint-Rémy-de-Provence 1,2 \u{2192} 1,9")
                && e.fr.contains("Aureille 0,2 \u{2192} 0,3"),
            "{e:?}"
        );
        assert!(
            e.en.contains("Saint-Rémy-de-Provence 1.2 \u{2192} 1.9"),
            "{e:?}"
        );
        // The Caf pays the same (its total is locked); Saint-Rémy pays
        // 0,7 ETP more at 52 000 € a year, half of it: 18 200 €.
        assert!(!e.fr.contains("Caf "), "{e:?}");
        assert!(
            e.fr.contains("Saint-Rémy-de-Provence +18\u{202f}200,00"),
            "{e:?}"
        );
        // A card the page cannot write says why, plainly, and still gives
        // its effect (issue 17: the first card had neither).
        let advice = alternatives.iter().find(|c| !c.apply).unwrap();
        let why = advice.why_not.as_ref().unwrap();
        assert!(
            why.fr.starts_with("Pas d'application en un clic") && why.fr.contains("CTG060"),
            "{why:?}"
        );
        assert!(advice.effect.is_some(), "{advice:?}");
        // Every card says its effect, and says why it cannot be applied.
        for c in &alternatives {
            assert!(c.effect.is_some() || !c.confirmed, "{c:?}");
            assert_eq!(c.apply, c.why_not.is_none(), "{c:?}");
        }
    }

    #[test]
    fn an_ask_on_a_past_period_is_refused_with_its_reason() {
        let mut d = doc();
        // 2022-2025 is of kind `past` in the Vallée des Baux scenario.
        d.edit(0, &post("paradou"), "0,4").unwrap();
        let out = propose(&mut d, 0, Duration::from_secs(20));
        let Outcome::Blocked {
            code,
            message,
            message_en,
        } = out
        else {
            panic!("{out:?}");
        };
        assert_eq!(code.as_deref(), Some("CTG132"));
        assert!(message.contains("verrouillée"), "{message}");
        assert!(message_en.contains("locked"), "{message_en}");
    }

    #[test]
    fn cell_keys_name_the_asks_items() {
        assert_eq!(item_of("post:aureille"), Some("aureille"));
        assert_eq!(item_of("theme:parentalite"), Some("parentalite"));
        assert_eq!(item_of("caf_total"), Some("caf_total"));
        assert_eq!(item_of("coordinator"), None);
    }
}
