//! CTG015 pooled-coordinator-carrier: the coordinator is not carried by a
//! pooled commune.

use super::args::subject;
use super::{Context, Family, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::render::safe::escape;

crate::msgs! {
    POOLED_CARRIER = "ctg015.pooled_carrier",
        fr: "période {period}\u{a0}: le coordinateur est porté par {carrier}, qui est mutualisée avec {host}",
        en: "period {period}: the coordinator is carried by {carrier}, which is pooled with {host}";
    A_POOLED = "ctg015.a_pooled", fr: "une commune mutualisée", en: "a pooled commune";
    ITS_OFFICER = "ctg015.its_officer",
        fr: "son chargé de coopération est celui de cette commune",
        en: "its cooperation officer is this commune's";
    NOTE = "ctg015.note",
        fr: "une commune mutualisée n'a pas de personnel propre\u{a0}: le poste d'une autre commune la couvre",
        en: "a pooled commune has no staff of its own: another commune's post covers it";
    HELP = "ctg015.help",
        fr: "indiquez `{host}` (ou un EPCI, ou un opérateur) comme porteur du coordinateur",
        en: "name `{host}` (or an EPCI or operator) as the coordinator's carrier";
}

pub static RULE: Rule = Rule {
    code: crate::code::Code::PooledCoordinatorCarrier,
    name: "pooled-coordinator-carrier",
    family: Family::Scenario,
    severity: Severity::Warning,
    summary: "The coordinator is carried by a commune whose own post is pooled with another",
    explanation: include_str!("pooled_coordinator_carrier.md"),
    check: Some(check),
    planning: super::Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    for p in &s.periods {
        let Some(carrier) = p.coordinator.as_ref().and_then(|c| c.carrier.as_ref()) else {
            continue;
        };
        let Some(commune) = s.commune(&carrier.id) else {
            continue;
        };
        // Pooled for this period (on its post) or for all (on the commune).
        let post_pool = p
            .posts
            .as_ref()
            .and_then(|posts| {
                posts
                    .index
                    .get(&carrier.id)
                    .and_then(|i| posts.entries.get(*i))
            })
            .and_then(|post| post.pooled_with.as_ref());
        let Some(host) = post_pool.or(commune.pooled_with.as_ref()) else {
            continue;
        };
        out.push(
            Diagnostic::warning(
                RULE.code,
                Text::new(&POOLED_CARRIER)
                    .arg("period", super::args::period(p))
                    .arg("carrier", subject(s, &carrier.id))
                    .arg("host", subject(s, &host.id)),
            )
            .primary(carrier.span.clone(), &A_POOLED)
            .secondary(host.span.clone(), &ITS_OFFICER)
            .note(&NOTE)
            .help(Text::new(&HELP).arg("host", Arg::id(escape(&host.id)))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn a_pooled_carrier_is_warned_about() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"host\"\nname = \"H\"\n[[commune]]\nid = \"small\"\nname = \"S\"\npooled_with = \"host\"\n[[period]]\nid = \"2026\"\ncoordinator = {{ etp = 0.5, carrier = \"small\" }}\n"
        );
        let d = run(&RULE, &text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(primary_text(&text, &d[0]), "\"small\"");
        let text = text.replace("carrier = \"small\"", "carrier = \"host\"");
        assert!(run(&RULE, &text).is_empty());
    }
}
