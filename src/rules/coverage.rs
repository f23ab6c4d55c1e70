//! CTG060 coverage: every commune is covered in every period that lists posts:
//! by its own ETP, by a pooled host, or by an explicit status.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::lp::{Op, Relax, Rows, Subject, VarId};
use crate::scenario::{Commune, Period, Status};
use rust_decimal::Decimal;

crate::msgs! {
    NOT_COVERED = "ctg060.not_covered",
        fr: "période {period}\u{a0}: {commune} n'est pas couverte",
        en: "period {period}: {commune} is not covered";
    ZERO = "ctg060.zero",
        fr: "0 ETP, pas de commune d'accueil, pas de statut",
        en: "0 ETP, no pooled host, no status";
    NOT_LISTED = "ctg060.not_listed", fr: "{commune} ne figure pas ici", en: "{commune} is not listed here";
    DECLARED_HERE = "ctg060.declared_here", fr: "commune déclarée ici", en: "commune declared here";
    HELP = "ctg060.help",
        fr: "donnez un poste à {commune}, mutualisez-la (`pooled_with`), ou dites pourquoi, par exemple `{key} = {{ etp = 0, status = \"to_be_negotiated\" }}`",
        en: "give {commune} a post, pool it (`pooled_with`), or state why not, e.g. `{key} = {{ etp = 0, status = \"to_be_negotiated\" }}`";
}

pub static RULE: Rule = Rule {
    code: Code::Coverage,
    name: "coverage",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A commune has no post, no pooled host and no stated status in a period",
    explanation: include_str!("coverage.md"),
    check: Some(check),
    planning: Planning::Figures,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    for (i, period) in s.periods.iter().enumerate() {
        let Some(posts) = &period.posts else { continue };
        for commune in &s.communes {
            if s.pooled_host(period, commune).is_some() {
                continue;
            }
            let post = period.post(&commune.id.id);
            if post.is_some_and(|p| p.status != Status::Filled) {
                continue; // an explicit status is reported by CTG061
            }
            // Unknown ETP (a change from an unknown figure) is not a silence.
            if ctx.facts.etp(i, &commune.id.id) != Some(Decimal::ZERO) {
                continue;
            }
            let name = super::args::subject(s, &commune.id.id);
            let (span, label) = match post {
                Some(p) => (p.span.clone(), Text::new(&ZERO)),
                None => (
                    posts.span.clone(),
                    Text::new(&NOT_LISTED).arg("commune", name.clone()),
                ),
            };
            out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&NOT_COVERED)
                        .arg("period", super::args::period(period))
                        .arg("commune", name.clone()),
                )
                .primary(span, label)
                .secondary(commune.id.span.clone(), &DECLARED_HERE)
                .period(&period.id.id)
                .holder(&commune.id.id)
                .help(
                    Text::new(&HELP)
                        .arg("commune", name)
                        .arg("key", Arg::raw(toml_key(&commune.id.id))),
                ),
            );
        }
    }
}

/// Cost per unit of relaxing coverage (leaving a commune without a post).
pub const RELAX_COST: i64 = 8;

/// The rule's rows in the planning model for a commune that is not pooled
/// (figure `v`): a filled post holds at least one unit; a stated status
/// (vacant, to be negotiated...) needs none.
pub fn rows(period: &Period, commune: &Commune, v: VarId, r: &mut dyn Rows) {
    let status = period
        .post(&commune.id.id)
        .map_or(Status::Filled, |p| p.status);
    if status != Status::Filled {
        return;
    }
    r.constrain(
        RULE.code,
        Some(commune.id.span.clone()),
        Subject::Covered {
            period: period.name().to_owned(),
            commune: commune.id.id.clone(),
        },
        Relax::Cost(RELAX_COST),
        vec![(vec![(v, 1)], Op::Ge, 1)],
    );
}

crate::msgs! {
    RELAX = "ctg060.relax",
        fr: "laisser {commune} sans poste en {period}, avec un statut indiqué (par exemple to_be_negotiated)",
        en: "leave {commune} without a post in {period}, with a stated status (e.g. to_be_negotiated)";
}

/// How `propose` words a relaxation of the rule.
pub fn relaxation(period: Arg, commune: Arg) -> Text {
    Text::new(&RELAX)
        .arg("period", period)
        .arg("commune", commune)
}

/// `id` as a TOML key: bare when TOML allows it, else quoted (an accent
/// needs quotes: `"saint-rémy" = ...`).
fn toml_key(id: &str) -> String {
    let bare = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare {
        id.to_owned()
    } else {
        serde_json::to_string(id).unwrap_or_else(|_| format!("\"{id}\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{run, HEADER};

    const COMMUNES: &str =
        "[[commune]]\nid = \"a\"\nname = \"A\"\n[[commune]]\nid = \"b\"\nname = \"B\"\n";

    #[test]
    fn silent_and_zero_communes_are_not_covered() {
        let t = format!("{HEADER}{COMMUNES}[[period]]\nid = \"2026\"\nposts.a = {{ etp = 0.2 }}\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains(": B is not covered"));
        let t = format!("{HEADER}{COMMUNES}[[period]]\nid = \"2026\"\nposts.a = {{ etp = 0.2 }}\nposts.b = {{ etp = 0 }}\n");
        assert_eq!(run(&RULE, &t).len(), 1);
    }

    #[test]
    fn pooled_status_or_unknown_periods_are_covered() {
        let t = format!("{HEADER}{COMMUNES}[[period]]\nid = \"2026\"\nposts.a = {{ etp = 0.2 }}\nposts.b = {{ pooled_with = \"a\" }}\n");
        assert!(run(&RULE, &t).is_empty());
        let t = format!("{HEADER}{COMMUNES}[[period]]\nid = \"2026\"\nposts.a = {{ etp = 0.2 }}\nposts.b = {{ etp = 0, status = \"to_be_negotiated\" }}\n");
        assert!(run(&RULE, &t).is_empty());
        let t = format!("{HEADER}{COMMUNES}[[period]]\nid = \"2026\"\ntotal = 1\n");
        assert!(
            run(&RULE, &t).is_empty(),
            "no posts table: the split is unknown"
        );
    }

    #[test]
    fn the_hint_quotes_a_key_toml_would_refuse_bare() {
        assert_eq!(toml_key("saint-remy"), "saint-remy");
        assert_eq!(toml_key("saint-rémy"), "\"saint-rémy\"");
        let text = format!(
            "{HEADER}[[commune]]\nid = \"saint-rémy\"\nname = \"S\"\n[[period]]\nid = \"2026\"\nposts = {{}}\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].help
                .as_ref()
                .map(|h| h.render(crate::i18n::Lang::En))
                .unwrap_or_default()
                .contains("`\"saint-rémy\" = {"),
            "{:?}",
            d[0].help
        );
    }
}
