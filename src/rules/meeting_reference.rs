//! CTG103 meeting-reference: instance ids are unique; each meeting names a
//! declared instance and is dated within the convention's years and within
//! the dates the log says it covers.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::governance::calendar;
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: Code::MeetingReference,
    name: "meeting-reference",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A meeting names an undeclared instance or is dated outside the convention or the log, or an instance id is reused",
    explanation: include_str!("meeting_reference.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    let Some(g) = &s.governance else { return };
    let mut seen: HashMap<&str, &crate::scenario::Ident> = HashMap::new();
    for inst in &g.instances {
        match seen.get(inst.id.id.as_str()) {
            Some(first) => out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("the instance id `{}` is used twice", inst.id.id),
                )
                .primary(inst.id.span.clone(), "this instance reuses it")
                .secondary(first.span.clone(), "first used here")
                .help("give each instance its own id; meetings refer to the first one"),
            ),
            None => {
                seen.insert(&inst.id.id, &inst.id);
            }
        }
    }
    // Built once: a long list is cut, a help line is not a listing.
    let ids: Vec<&str> = g.unique_instances().map(|i| i.id.id.as_str()).collect();
    let help = match ids.len() {
        0 => "declare the instance in an `[[instance]]` table".to_owned(),
        n if n <= 12 => format!("use one of the declared instances: {}", ids.join(", ")),
        n => format!(
            "use one of the declared instances: {}, ... ({n} in all)",
            ids.get(..12).unwrap_or_default().join(", ")
        ),
    };
    let declared = g.instance_ids();
    let conv = calendar::convention_years(s, g);
    for m in &g.meetings {
        if !declared.contains(m.instance.id.as_str()) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!(
                        "meeting of {}: no instance has the id `{}`",
                        m.date.date, m.instance.id
                    ),
                )
                .primary(m.instance.span.clone(), "not a declared instance")
                .help(help.clone()),
            );
        }
        let date = m.date.date;
        if let Some((first, last)) = conv.filter(|&(f, l)| date.year() < f || date.year() > l) {
            let mut d = Diagnostic::error(
                RULE.code,
                format!("meeting of {date} is outside the convention's years {first}-{last}"),
            )
            .primary(m.date.span.clone(), "outside the convention");
            d = match &g.years {
                Some(y) => d.secondary(y.span(), "the convention's years"),
                None => d.note("without `[governance] years`, the convention runs from the first to the last year of the periods"),
            };
            out.push(d.help("check the date, or the convention's years (`[governance] years`)"));
            continue;
        }
        if let Some(from) = g.log_from.as_ref().filter(|b| date < b.date) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("meeting of {date} is before the log starts ({})", from.date),
                )
                .primary(m.date.span.clone(), "before `log_from`")
                .secondary(from.span.clone(), "the log starts here")
                .help("check the date, or move `log_from` back"),
            );
        } else if let Some(until) = g.log_until.as_ref().filter(|b| date > b.date) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    format!("meeting of {date} is after the log ends ({})", until.date),
                )
                .primary(m.date.span.clone(), "after `log_until`")
                .secondary(until.span.clone(), "the log is said to end here")
                .help("move `log_until` forward to the date up to which the log is complete"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    const INST: &str =
        "[[instance]]\nid = \"copil\"\nname = \"Copil\"\nkind = \"steering_committee\"\n";

    #[test]
    fn unknown_instance_and_reused_id() {
        let t =
            format!("{HEADER}{INST}{INST}[[meeting]]\ninstance = \"copli\"\ndate = 2026-06-04\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d
            .iter()
            .any(|d| d.message.render(crate::i18n::Lang::En)
                == "the instance id `copil` is used twice"));
        let unknown = d
            .iter()
            .find(|d| d.message.render(crate::i18n::Lang::En).contains("copli"))
            .expect("unknown");
        assert_eq!(primary_text(&t, unknown), "\"copli\"");
        assert_eq!(
            unknown
                .help
                .as_ref()
                .map(|h| h.render(crate::i18n::Lang::En))
                .as_deref(),
            Some("use one of the declared instances: copil")
        );
    }

    #[test]
    fn dates_outside_the_convention_or_the_log() {
        let t = format!(
            "{HEADER}[governance]\nyears = \"2026-2030\"\nlog_from = 2026-02-01\nlog_until = 2026-11-23\n{INST}\
             [[meeting]]\ninstance = \"copil\"\ndate = 2025-06-04\n\
             [[meeting]]\ninstance = \"copil\"\ndate = 2026-01-15\n\
             [[meeting]]\ninstance = \"copil\"\ndate = 2026-06-04\n\
             [[meeting]]\ninstance = \"copil\"\ndate = 2026-12-03\n"
        );
        let d = run(&RULE, &t);
        let texts: Vec<&str> = d.iter().map(|x| primary_text(&t, x)).collect();
        assert_eq!(
            texts,
            vec!["2025-06-04", "2026-01-15", "2026-12-03"],
            "{d:?}"
        );
        assert!(d[0]
            .message
            .render(crate::i18n::Lang::En)
            .contains("outside the convention's years 2026-2030"));
    }

    #[test]
    fn the_periods_give_the_years_by_default() {
        let t = format!(
            "{HEADER}[[period]]\nid = \"2026\"\n{INST}[[meeting]]\ninstance = \"copil\"\ndate = 2027-01-04\n"
        );
        assert_eq!(run(&RULE, &t).len(), 1);
        let t = t.replace("2027-01-04", "2026-12-04");
        assert!(run(&RULE, &t).is_empty());
    }
}
