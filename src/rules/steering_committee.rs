//! CTG102 steering-committee: the governance has a steering committee (comité
//! de pilotage), and the CTG's signatories sit on it.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::governance::{self, InstanceKind, MemberCategory};
use crate::i18n::{Arg, Text};

crate::msgs! {
    NONE = "ctg102.none",
        fr: "la gouvernance ne déclare pas de comité de pilotage",
        en: "the governance declares no steering committee";
    NO_INSTANCE = "ctg102.no_instance",
        fr: "aucune instance de type `steering_committee`",
        en: "no instance of kind `steering_committee`";
    DECLARE = "ctg102.declare",
        fr: "déclarez le comité de pilotage\u{a0}: `[[instance]]` avec `kind = \"steering_committee\"`, `categories = [\"political_signatories\"]` et `min_per_year = 1`",
        en: "declare the comité de pilotage: `[[instance]]` with `kind = \"steering_committee\"`, `categories = [\"political_signatories\"]` and `min_per_year = 1`";
    MISSING = "ctg102.missing",
        fr: "{n:signataire absent|signataires absents} du comité de pilotage {instance}\u{a0}: {names}",
        en: "{n:signatory|signatories} missing from the steering committee {instance}: {names}";
    NOT_LISTED = "ctg102.not_listed", fr: "{names} {n:absent|absents} de la liste", en: "{names} {n:not listed|not listed}";
    DECLARED_HERE = "ctg102.declared_here", fr: "signataires déclarés ici", en: "signatories declared here";
    DEFAULT = "ctg102.default",
        fr: "sans `[governance] signatories`, les signataires sont la Caf (\"caf\"), chaque commune et chaque porteur de type \"epci\"",
        en: "without `[governance] signatories`, the signatories are the Caf (\"caf\"), every commune and every carrier of kind \"epci\"";
    LIST = "ctg102.list",
        fr: "listez chaque signataire dans `members`, ou indiquez qui signe dans `[governance] signatories`",
        en: "list every signatory in `members`, or state who signs in `[governance] signatories`";
    NO_SIGNATORY = "ctg102.no_signatory",
        fr: "aucun signataire ne siège au comité de pilotage {instance}",
        en: "no signatory sits on the steering committee {instance}";
    NO_CATEGORY = "ctg102.no_category",
        fr: "ni `political_signatories` ni `members`",
        en: "no `political_signatories` and no `members`";
    ADD_CATEGORY = "ctg102.add_category",
        fr: "ajoutez \"political_signatories\" à `categories`, ou listez les signataires dans `members`",
        en: "add \"political_signatories\" to `categories`, or list the signatories in `members`";
}

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
                Diagnostic::error(RULE.code, &NONE)
                    .primary(at, &NO_INSTANCE)
                    .help(&DECLARE),
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
                    Text::new(&MISSING)
                        .arg("n", Arg::count(missing.len()))
                        .arg("instance", Arg::id(&inst.id.id))
                        .arg("names", Arg::raw(missing.join(", "))),
                )
                .primary(
                    members.span.clone(),
                    Text::new(&NOT_LISTED)
                        .arg("n", Arg::count(missing.len()))
                        .arg("names", Arg::raw(missing.join(", "))),
                );
                d = match &g.signatories {
                    Some(list) => d.secondary(list.span.clone(), &DECLARED_HERE),
                    None => d.note(&DEFAULT),
                };
                out.push(d.help(&LIST));
            }
            None if inst
                .categories
                .contains(&MemberCategory::PoliticalSignatories) => {}
            None => out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&NO_SIGNATORY).arg("instance", Arg::id(&inst.id.id)),
                )
                .primary(
                    inst.categories_span
                        .clone()
                        .unwrap_or_else(|| inst.id.span.clone()),
                    &NO_CATEGORY,
                )
                .help(&ADD_CATEGORY),
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
