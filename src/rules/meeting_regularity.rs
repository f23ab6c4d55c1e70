//! CTG101 meeting-regularity: no instance goes longer without a meeting than
//! its rhythm allows (`max_gap_days`, else twice the interval of
//! `min_per_year`), from the start of the log to its end.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::governance::calendar::{self, End};

pub static RULE: Rule = Rule {
    code: Code::MeetingRegularity,
    name: "meeting-regularity",
    family: Family::Scenario,
    severity: Severity::Warning,
    summary: "An instance went longer without a meeting than its rhythm allows",
    explanation: include_str!("meeting_regularity.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    let Some(g) = &s.governance else { return };
    let Some(w) = calendar::window(s, g) else {
        return;
    };
    let by_instance = calendar::by_instance(g, w);
    for inst in g.unique_instances() {
        let Some((allowed, stated)) = inst.allowed_gap() else {
            continue;
        };
        let (rule_span, rule_label) = match (&inst.max_gap_days, &inst.min_per_year) {
            (Some(m), _) if stated => (m.span.clone(), format!("at most {allowed} days")),
            (_, Some(m)) => (
                m.span.clone(),
                format!(
                    "{} a year: at most {allowed} days between meetings",
                    m.value
                ),
            ),
            _ => (inst.id.span.clone(), format!("at most {allowed} days")),
        };
        let dates = by_instance
            .get(inst.id.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        for gap in calendar::gaps_of(dates, w) {
            if gap.regular(allowed) {
                continue;
            }
            let date_span = |i: usize| g.meetings.get(i).map(|m| m.date.span.clone());
            let (primary, label) = match (gap.from, gap.to) {
                (_, End::Meeting(i, _)) => (
                    date_span(i),
                    format!(
                        "{} days after the {}",
                        gap.days,
                        match gap.from {
                            End::Meeting(..) => "previous meeting",
                            End::Log(_) => "start of the log",
                        }
                    ),
                ),
                (End::Meeting(i, _), End::Log(_)) => (
                    date_span(i),
                    format!("last meeting, {} days before the end of the log", gap.days),
                ),
                (End::Log(_), End::Log(_)) => (None, "no meeting in the log".to_owned()),
            };
            let mut d = Diagnostic::warning(
                RULE.code,
                format!(
                    "{}: {} days without a meeting, from {} to {} (at most {allowed})",
                    inst.id.id,
                    gap.days,
                    gap.from.date(),
                    gap.to.date()
                ),
            )
            .primary(primary.unwrap_or_else(|| inst.id.span.clone()), label);
            if let (End::Meeting(i, _), End::Meeting(..)) = (gap.from, gap.to) {
                if let Some(span) = date_span(i) {
                    d = d.secondary(span, "previous meeting");
                }
            }
            out.push(
                d.secondary(rule_span.clone(), rule_label.clone()).help(if stated {
                    "log the meetings held in between, or allow the longer break in `max_gap_days`".to_owned()
                } else {
                    format!("log the meetings held in between; if a longer break is agreed (a summer break, say), state the longest gap allowed: `max_gap_days = {}`", gap.days)
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    const GP: &str = "[governance]\nyears = \"2026-2030\"\nlog_until = 2026-06-30\n\
        [[instance]]\nid = \"gp\"\nname = \"Groupe projet\"\nkind = \"project_group\"\nmin_per_year = 12\n";

    fn meetings(dates: &[&str]) -> String {
        dates
            .iter()
            .map(|d| format!("[[meeting]]\ninstance = \"gp\"\ndate = {d}\n"))
            .collect()
    }

    #[test]
    fn a_long_gap_between_meetings_or_before_the_end() {
        let t = format!(
            "{HEADER}{GP}{}",
            meetings(&["2026-01-08", "2026-02-05", "2026-04-16", "2026-05-07"])
        );
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message.render(crate::i18n::Lang::En),
            "gp: 70 days without a meeting, from 2026-02-05 to 2026-04-16 (at most 60)"
        );
        assert_eq!(primary_text(&t, &d[0]), "2026-04-16");
        assert_eq!(d[0].severity, Severity::Warning);
        let t = format!("{HEADER}{GP}{}", meetings(&["2026-01-08", "2026-02-05"]));
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("145 days"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        assert_eq!(primary_text(&t, &d[0]), "2026-02-05");
    }

    #[test]
    fn a_stated_gap_replaces_the_derived_one() {
        let t = format!(
            "{HEADER}{GP}max_gap_days = 75\n{}",
            meetings(&["2026-01-08", "2026-02-05", "2026-04-16", "2026-05-07"])
        );
        assert!(run(&RULE, &t).is_empty());
        let t = format!("{HEADER}{GP}");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1, "no meeting at all: {d:?}");
        assert_eq!(primary_text(&t, &d[0]), "\"gp\"");
    }
}
