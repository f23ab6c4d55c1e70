//! CTG100 meeting-frequency: in every year the meeting log covers in full,
//! each instance met at least `min_per_year` and at most `max_per_year` times.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::governance::{calendar, Date};

pub static RULE: Rule = Rule {
    code: Code::MeetingFrequency,
    name: "meeting-frequency",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "An instance met fewer or more times in a year than its rhythm says",
    explanation: include_str!("meeting_frequency.md"),
    check: Some(check),
    planning: Planning::None,
};

fn times(n: usize) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

fn count(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    let Some(g) = &s.governance else { return };
    let Some(w) = calendar::window(s, g) else {
        return;
    };
    let note = format!(
        "the log is taken as complete from {} to {}; only whole years in it are judged",
        w.from, w.until
    );
    let by_instance = calendar::by_instance(g, w);
    let judged = w.judged_years();
    for inst in g.unique_instances() {
        let dates = by_instance
            .get(inst.id.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        for &year in &judged {
            // `dates` is in date order: the year's meetings are a run of it.
            let held: Vec<(usize, Date)> = dates
                .iter()
                .copied()
                .filter(|(_, d)| d.year() == year)
                .collect();
            let n = held.len();
            if let Some(min) = inst
                .min_per_year
                .as_ref()
                .filter(|m| !calendar::frequency_kept(n, Some(m.value), None))
            {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "{} {} in {year} (at least {} a year required)",
                            inst.id.id,
                            if n == 0 {
                                "did not meet".to_owned()
                            } else {
                                format!("met {}", times(n))
                            },
                            min.value
                        ),
                    )
                    .primary(min.span.clone(), format!("at least {} a year", min.value))
                    .secondary(inst.id.span.clone(), "instance declared here")
                    .help(format!(
                        "log the meetings of {year} held by {0}; if the log of {year} is not complete yet, say up to when it is with `[governance] log_until`",
                        inst.id.id
                    ))
                    .note(note.clone()),
                );
            }
            let Some(max) = inst.max_per_year.as_ref() else {
                continue;
            };
            if calendar::frequency_kept(n, None, Some(max.value)) {
                continue;
            }
            let extra = held
                .get(count(max.value))
                .and_then(|&(i, _)| g.meetings.get(i));
            if let Some(extra) = extra {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        format!(
                            "{} met {} in {year} (at most {} a year allowed)",
                            inst.id.id,
                            times(n),
                            max.value
                        ),
                    )
                    .primary(
                        extra.date.span.clone(),
                        format!("meeting {} of {year}", max.value.saturating_add(1)),
                    )
                    .secondary(max.span.clone(), format!("at most {} a year", max.value))
                    .help("check that these meetings belong to this instance, or raise `max_per_year` if the convention allows more")
                    .note(note.clone()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    const COTECH: &str = "[governance]\nyears = \"2026-2030\"\n\
        [[instance]]\nid = \"cotech\"\nname = \"Comité technique\"\nkind = \"technical_committee\"\nmin_per_year = 1\nmax_per_year = 2\n";

    fn meetings(dates: &[&str]) -> String {
        dates
            .iter()
            .map(|d| format!("[[meeting]]\ninstance = \"cotech\"\ndate = {d}\n"))
            .collect()
    }

    #[test]
    fn too_few_and_too_many_in_a_whole_year() {
        let t = format!(
            "{HEADER}{COTECH}{}",
            meetings(&["2026-03-01", "2027-01-10", "2027-05-10", "2027-09-10"])
        );
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message.render(crate::i18n::Lang::En),
            "cotech met 3 times in 2027 (at most 2 a year allowed)"
        );
        assert_eq!(primary_text(&t, &d[0]), "2027-09-10");
        let t = format!(
            "{HEADER}{COTECH}{}",
            meetings(&["2026-03-01", "2028-01-10"])
        );
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message.render(crate::i18n::Lang::En),
            "cotech did not meet in 2027 (at least 1 a year required)"
        );
        assert_eq!(primary_text(&t, &d[0]), "1");
    }

    #[test]
    fn an_incomplete_year_is_not_judged() {
        let t = format!("{HEADER}{COTECH}").replace(
            "years = \"2026-2030\"\n",
            "years = \"2026-2030\"\nlog_until = 2026-11-23\n",
        );
        assert!(run(&RULE, &t).is_empty());
        let t = t.replace("2026-11-23", "2026-12-31");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1, "2026 is whole and has no meeting: {d:?}");
    }

    #[test]
    fn no_rhythm_or_no_governance_reports_nothing() {
        let t = format!(
            "{HEADER}[[instance]]\nid = \"c\"\nname = \"C\"\nkind = \"working_commission\"\n\
             [[meeting]]\ninstance = \"c\"\ndate = 2026-03-01\n"
        );
        assert!(run(&RULE, &t).is_empty());
        assert!(run(&RULE, HEADER).is_empty());
    }
}
