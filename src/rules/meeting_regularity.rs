//! CTG101 meeting-regularity: no instance goes longer without a meeting than
//! its rhythm allows (`max_gap_days`, else twice the interval of
//! `min_per_year`), from the start of the log to its end.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::governance::calendar::{self, End};
use crate::i18n::{Arg, Text};

crate::msgs! {
    AT_MOST_DAYS = "ctg101.at_most_days", fr: "au plus {days} jours", en: "at most {days} days";
    PER_YEAR = "ctg101.per_year",
        fr: "{n} par an\u{a0}: au plus {days} jours entre deux réunions",
        en: "{n} a year: at most {days} days between meetings";
    AFTER_PREVIOUS = "ctg101.after_previous",
        fr: "{days} jours après la réunion précédente",
        en: "{days} days after the previous meeting";
    AFTER_START = "ctg101.after_start",
        fr: "{days} jours après le début du registre",
        en: "{days} days after the start of the log";
    LAST = "ctg101.last",
        fr: "dernière réunion, {days} jours avant la fin du registre",
        en: "last meeting, {days} days before the end of the log";
    NONE = "ctg101.none", fr: "aucune réunion au registre", en: "no meeting in the log";
    GAP = "ctg101.gap",
        fr: "{instance}\u{a0}: {days} jours sans réunion, du {from} au {to} (au plus {allowed})",
        en: "{instance}: {days} days without a meeting, from {from} to {to} (at most {allowed})";
    PREVIOUS = "ctg101.previous", fr: "réunion précédente", en: "previous meeting";
    STATED_HELP = "ctg101.stated.help",
        fr: "inscrivez au registre les réunions tenues entre-temps, ou admettez l'interruption plus longue dans `max_gap_days`",
        en: "log the meetings held in between, or allow the longer break in `max_gap_days`";
    HELP = "ctg101.help",
        fr: "inscrivez au registre les réunions tenues entre-temps\u{a0}; si une interruption plus longue est convenue (l'été, par exemple), indiquez le plus long écart admis\u{a0}: `max_gap_days = {days}`",
        en: "log the meetings held in between; if a longer break is agreed (a summer break, say), state the longest gap allowed: `max_gap_days = {days}`";
}

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
            (Some(m), _) if stated => (
                m.span.clone(),
                Text::new(&AT_MOST_DAYS).arg("days", Arg::raw(allowed.to_string())),
            ),
            (_, Some(m)) => (
                m.span.clone(),
                Text::new(&PER_YEAR)
                    .arg("n", Arg::raw(m.value.to_string()))
                    .arg("days", Arg::raw(allowed.to_string())),
            ),
            _ => (
                inst.id.span.clone(),
                Text::new(&AT_MOST_DAYS).arg("days", Arg::raw(allowed.to_string())),
            ),
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
                    Text::new(match gap.from {
                        End::Meeting(..) => &AFTER_PREVIOUS,
                        End::Log(_) => &AFTER_START,
                    })
                    .arg("days", Arg::raw(gap.days.to_string())),
                ),
                (End::Meeting(i, _), End::Log(_)) => (
                    date_span(i),
                    Text::new(&LAST).arg("days", Arg::raw(gap.days.to_string())),
                ),
                (End::Log(_), End::Log(_)) => (None, Text::new(&NONE)),
            };
            let mut d = Diagnostic::warning(
                RULE.code,
                Text::new(&GAP)
                    .arg("instance", Arg::id(&inst.id.id))
                    .arg("days", Arg::raw(gap.days.to_string()))
                    .arg("from", Arg::raw(gap.from.date().to_string()))
                    .arg("to", Arg::raw(gap.to.date().to_string()))
                    .arg("allowed", Arg::raw(allowed.to_string())),
            )
            .primary(primary.unwrap_or_else(|| inst.id.span.clone()), label);
            if let (End::Meeting(i, _), End::Meeting(..)) = (gap.from, gap.to) {
                if let Some(span) = date_span(i) {
                    d = d.secondary(span, &PREVIOUS);
                }
            }
            out.push(
                d.secondary(rule_span.clone(), rule_label.clone())
                    .help(if stated {
                        Text::new(&STATED_HELP)
                    } else {
                        Text::new(&HELP).arg("days", Arg::raw(gap.days.to_string()))
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
