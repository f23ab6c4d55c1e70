//! CTG104 attendance: no meeting has more people present than invited, nor,
//! when both are listed by name, someone present who was not invited.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};

crate::msgs! {
    MEETING = "ctg104.meeting", fr: "réunion de {instance} du {date}", en: "meeting of {instance} on {date}";
    UNINVITED = "ctg104.uninvited",
        fr: "{what}\u{a0}: présents sans avoir été invités\u{a0}: {names}",
        en: "{what}: present but not invited: {names}";
    PRESENT = "ctg104.present", fr: "présents", en: "present";
    INVITED = "ctg104.invited", fr: "invités", en: "invited";
    ADD = "ctg104.add",
        fr: "ajoutez-les à `invited` (le taux est présents / invités), ou vérifiez l'orthographe",
        en: "add them to `invited` (the rate is present / invited), or check the spelling";
    MORE_PRESENT = "ctg104.more_present",
        fr: "{what}\u{a0}: {present} {present:présent|présents} mais {invited} {invited:invité|invités}",
        en: "{what}: {present} present but {invited} invited";
    N_PRESENT = "ctg104.n_present", fr: "{present} {present:présent|présents}", en: "{present} present";
    N_INVITED = "ctg104.n_invited", fr: "{invited} {invited:invité|invités}", en: "{invited} invited";
    COUNT = "ctg104.count",
        fr: "comptez chaque présent parmi les invités\u{a0}: le taux de participation est présents / invités",
        en: "count everyone present among the invited: the participation rate is present / invited";
}

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
        let what = Arg::text(
            Text::new(&MEETING)
                .arg("instance", Arg::id(&m.instance.id))
                .arg("date", Arg::raw(m.date.date.to_string())),
        );
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
                        Text::new(&UNINVITED)
                            .arg("what", what)
                            .arg("names", Arg::raw(uninvited.join(", "))),
                    )
                    .primary(present.span.clone(), &PRESENT)
                    .secondary(invited.span.clone(), &INVITED)
                    .help(&ADD),
                );
            }
        } else if present.count > invited.count {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&MORE_PRESENT)
                        .arg("what", what)
                        .arg(
                            "present",
                            Arg::int(i64::try_from(present.count).unwrap_or(i64::MAX)),
                        )
                        .arg(
                            "invited",
                            Arg::int(i64::try_from(invited.count).unwrap_or(i64::MAX)),
                        ),
                )
                .primary(
                    present.span.clone(),
                    Text::new(&N_PRESENT).arg(
                        "present",
                        Arg::int(i64::try_from(present.count).unwrap_or(i64::MAX)),
                    ),
                )
                .secondary(
                    invited.span.clone(),
                    Text::new(&N_INVITED).arg(
                        "invited",
                        Arg::int(i64::try_from(invited.count).unwrap_or(i64::MAX)),
                    ),
                )
                .help(&COUNT),
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
