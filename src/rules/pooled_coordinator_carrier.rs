//! CTG015 pooled-coordinator-carrier: the coordinator is not carried by a
//! pooled commune.

use super::{Context, Family, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::safe::escape;

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
                format!(
                    "period {}: the coordinator is carried by `{}`, which is pooled with `{}`",
                    escape(p.name()),
                    escape(&carrier.id),
                    escape(&host.id)
                ),
            )
            .primary(carrier.span.clone(), "a pooled commune")
            .secondary(
                host.span.clone(),
                "its cooperation officer is this commune's",
            )
            .note("a pooled commune has no staff of its own: another commune's post covers it")
            .help(format!(
                "name `{}` (or an EPCI or operator) as the coordinator's carrier",
                escape(&host.id)
            )),
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
