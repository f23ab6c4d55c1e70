//! CTG102 steering-committee: the governance has a steering committee (comité
//! de pilotage), and the CTG's signatories sit on it.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::governance::{self, InstanceKind, MemberCategory};

pub static RULE: Rule = Rule {
    code: Code::SteeringCommittee,
    name: "steering-committee",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "The governance has no steering committee, or a signatory does not sit on it",
    explanation: include_str!("steering_committee.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    let Some(g) = &s.governance else { return };
    let steering: Vec<_> = g
        .unique_instances()
        .filter(|i| i.kind == InstanceKind::SteeringCommittee)
        .collect();
    if steering.is_empty() {
        let at = g
            .span
            .clone()
            .or_else(|| g.instances.first().map(|i| i.span.clone()))
            .or_else(|| g.meetings.first().map(|m| m.span.clone()));
        if let Some(at) = at {
            out.push(
                Diagnostic::error(RULE.code, "the governance declares no steering committee")
                    .primary(at, "no instance of kind `steering_committee`")
                    .help("declare the comité de pilotage: `[[instance]]` with `kind = \"steering_committee\"`, `categories = [\"political_signatories\"]` and `min_per_year = 1`"),
            );
        }
        return;
    }
    let signatories = governance::signatories(s, g);
    for inst in steering {
        match &inst.members {
            Some(members) => {
                let missing: Vec<&str> = signatories
                    .iter()
                    .filter(|sig| !members.items.iter().any(|m| &m.id == *sig))
                    .map(String::as_str)
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let mut d = Diagnostic::error(
                    RULE.code,
                    format!(
                        "signator{} missing from the steering committee {}: {}",
                        if missing.len() == 1 { "y" } else { "ies" },
                        inst.id.id,
                        missing.join(", ")
                    ),
                )
                .primary(members.span.clone(), format!("{} not listed", missing.join(", ")));
                d = match &g.signatories {
                    Some(list) => d.secondary(list.span.clone(), "signatories declared here"),
                    None => d.note(
                        "without `[governance] signatories`, the signatories are the Caf (\"caf\"), every commune and every carrier of kind \"epci\"",
                    ),
                };
                out.push(d.help("list every signatory in `members`, or state who signs in `[governance] signatories`"));
            }
            None if inst.categories.contains(&MemberCategory::PoliticalSignatories) => {}
            None => out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("no signatory sits on the steering committee {}", inst.id.id),
                )
                .primary(
                    inst.categories_span.clone().unwrap_or_else(|| inst.id.span.clone()),
                    "no `political_signatories` and no `members`",
                )
                .help("add \"political_signatories\" to `categories`, or list the signatories in `members`"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    const COMMUNES: &str =
        "[[commune]]\nid = \"a\"\nname = \"A\"\n[[commune]]\nid = \"b\"\nname = \"B\"\n\
        [[carrier]]\nid = \"epci\"\nname = \"EPCI\"\nkind = \"epci\"\n\
        [[carrier]]\nid = \"op\"\nname = \"Op\"\nkind = \"operator\"\n";

    fn copil(extra: &str) -> String {
        format!("{HEADER}{COMMUNES}[[instance]]\nid = \"copil\"\nname = \"Copil\"\nkind = \"steering_committee\"\n{extra}")
    }

    #[test]
    fn members_must_include_every_default_signatory() {
        let t = copil("members = [\"caf\", \"a\", \"op\"]\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message.render(crate::i18n::Lang::En),
            "signatories missing from the steering committee copil: b, epci"
        );
        assert_eq!(primary_text(&t, &d[0]), "[\"caf\", \"a\", \"op\"]");
        assert!(run(
            &RULE,
            &copil("members = [\"caf\", \"a\", \"b\", \"epci\"]\n")
        )
        .is_empty());
    }

    #[test]
    fn declared_signatories_replace_the_default() {
        let t = copil("members = [\"caf\", \"a\"]\n").replacen(
            "[[commune]]",
            "[governance]\nsignatories = [\"caf\", \"a\"]\n[[commune]]",
            1,
        );
        assert!(run(&RULE, &t).is_empty());
    }

    #[test]
    fn categories_or_nothing() {
        assert!(run(&RULE, &copil("categories = [\"political_signatories\"]\n")).is_empty());
        let t = copil("categories = [\"local_actors\"]\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&t, &d[0]), "[\"local_actors\"]");
    }

    #[test]
    fn a_governance_without_steering_committee() {
        let t =
            format!("{HEADER}[[instance]]\nid = \"gp\"\nname = \"GP\"\nkind = \"project_group\"\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message.render(crate::i18n::Lang::En),
            "the governance declares no steering committee"
        );
        assert!(
            run(&RULE, HEADER).is_empty(),
            "no governance section, nothing to say"
        );
    }
}
