//! CTG104 attendance: no meeting has more people present than invited, nor,
//! when both are listed by name, someone present who was not invited.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: Code::Attendance,
    name: "attendance",
    family: Family::Scenario,
    severity: Severity::Error,
    summary:
        "A meeting has more people present than invited, or someone present who was not invited",
    explanation: include_str!("attendance.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(g) = &ctx.scenario.governance else {
        return;
    };
    for m in &g.meetings {
        let (Some(invited), Some(present)) = (&m.invited, &m.present) else {
            continue;
        };
        let what = format!("meeting of {} on {}", m.instance.id, m.date.date);
        if let (Some(inv), Some(pres)) = (&invited.names, &present.names) {
            let uninvited: Vec<&str> = pres
                .iter()
                .filter(|p| !inv.contains(p))
                .map(String::as_str)
                .collect();
            if !uninvited.is_empty() {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!("{what}: present but not invited: {}", uninvited.join(", ")),
                    )
                    .primary(present.span.clone(), "present")
                    .secondary(invited.span.clone(), "invited")
                    .help("add them to `invited` (the rate is present / invited), or check the spelling"),
                );
            }
        } else if present.count > invited.count {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("{what}: {} present but {} invited", present.count, invited.count),
                )
                .primary(present.span.clone(), format!("{} present", present.count))
                .secondary(invited.span.clone(), format!("{} invited", invited.count))
                .help("count everyone present among the invited: the participation rate is present / invited"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    fn meeting(invited: &str, present: &str) -> String {
        format!(
            "{HEADER}[[instance]]\nid = \"copil\"\nname = \"Copil\"\nkind = \"steering_committee\"\n\
             [[meeting]]\ninstance = \"copil\"\ndate = 2026-06-04\ninvited = {invited}\npresent = {present}\n"
        )
    }

    #[test]
    fn counts_and_names() {
        let t = meeting("12", "13");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message.render(crate::i18n::Lang::En),
            "meeting of copil on 2026-06-04: 13 present but 12 invited"
        );
        assert_eq!(primary_text(&t, &d[0]), "13");
        assert!(run(&RULE, &meeting("12", "12")).is_empty());
        let t = meeting("[\"caf\", \"a\"]", "[\"caf\", \"b\"]");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .ends_with("present but not invited: b"));
        // A list against a count compares the numbers.
        assert_eq!(run(&RULE, &meeting("1", "[\"caf\", \"b\"]")).len(), 1);
        assert!(run(&RULE, &meeting("[\"caf\", \"a\"]", "[\"a\"]")).is_empty());
    }
}
