//! CTG105 joint-action: a joint action links at least two distinct schemes
//! (CTG, SPPE, CLS, SDSF); otherwise it is not joint, and the indicator
//! leaves it out.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::governance::indicators::distinct_schemes;
use crate::governance::model::scheme_name;
use crate::i18n::{Arg, Text};

crate::msgs! {
    LINKS = "ctg105.links",
        fr: "l'action commune «\u{a0}{title}\u{a0}» ({date}) relie {schemes}",
        en: "joint action \"{title}\" ({date}) links {schemes}";
    NO_SCHEME = "ctg105.no_scheme", fr: "aucun dispositif", en: "no scheme";
    ONLY = "ctg105.only", fr: "{names} seulement", en: "{names} only";
    FEWER = "ctg105.fewer", fr: "moins de deux dispositifs", en: "fewer than two schemes";
    HELP = "ctg105.help",
        fr: "nommez chaque dispositif que l'action relie, par exemple `schemes = [\"ctg\", \"sppe\"]`\u{202f}; une action d'un seul dispositif n'est pas une action commune",
        en: "name every scheme the action links, e.g. `schemes = [\"ctg\", \"sppe\"]`; an action of one scheme is not a joint action";
}

pub static RULE: Rule = Rule {
    code: Code::JointAction,
    name: "joint-action",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A joint action names fewer than two distinct schemes",
    explanation: include_str!("joint_action.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(g) = &ctx.scenario.governance else {
        return;
    };
    for m in &g.meetings {
        for a in &m.joint_actions {
            let schemes = distinct_schemes(a);
            if schemes.len() >= 2 {
                continue;
            }
            let names: Vec<&str> = schemes.iter().map(|s| scheme_name(*s)).collect();
            out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&LINKS)
                        .arg("title", Arg::raw(&a.title))
                        .arg("date", Arg::raw(m.date.date.to_string()))
                        .arg(
                            "schemes",
                            Arg::text(if names.is_empty() {
                                Text::new(&NO_SCHEME)
                            } else {
                                Text::new(&ONLY).arg("names", Arg::raw(names.join(", ")))
                            }),
                        ),
                )
                .primary(a.schemes_span.clone(), &FEWER)
                .help(&HELP),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    fn action(schemes: &str) -> String {
        format!(
            "{HEADER}[[instance]]\nid = \"gp\"\nname = \"GP\"\nkind = \"project_group\"\n\
             [[meeting]]\ninstance = \"gp\"\ndate = 2026-06-04\n\
             joint_actions = [{{ title = \"RPE\", schemes = {schemes} }}]\n"
        )
    }

    #[test]
    fn one_scheme_or_none_is_not_joint() {
        let t = action("[\"ctg\", \"ctg\"]");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message.render(crate::i18n::Lang::En),
            "joint action \"RPE\" (2026-06-04) links CTG only"
        );
        assert_eq!(primary_text(&t, &d[0]), "[\"ctg\", \"ctg\"]");
        assert_eq!(run(&RULE, &action("[]")).len(), 1);
        assert!(run(&RULE, &action("[\"sppe\", \"ctg\"]")).is_empty());
    }
}
