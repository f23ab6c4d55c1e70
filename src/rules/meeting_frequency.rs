//! CTG100 meeting-frequency: in every year the meeting log covers in full,
//! each instance met at least `min_per_year` and at most `max_per_year` times.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::governance::{calendar, Date};
use crate::i18n::{Arg, Text};

crate::msgs! {
    COMPLETE = "ctg100.complete",
        fr: "le registre est réputé complet du {from} au {until}\u{a0}; seules les années entières qu'il couvre sont jugées",
        en: "the log is taken as complete from {from} to {until}; only whole years in it are judged";
    TOO_FEW = "ctg100.too_few",
        fr: "{instance} {held} en {year} (au moins {min} par an requis)",
        en: "{instance} {held} in {year} (at least {min} a year required)";
    DID_NOT_MEET = "ctg100.did_not_meet", fr: "ne s'est pas réuni", en: "did not meet";
    MET = "ctg100.met", fr: "s'est réuni {times}", en: "met {times}";
    ONCE = "ctg100.once", fr: "une fois", en: "once";
    TWICE = "ctg100.twice", fr: "deux fois", en: "twice";
    TIMES = "ctg100.times", fr: "{n} fois", en: "{n} times";
    AT_LEAST = "ctg100.at_least", fr: "au moins {n} par an", en: "at least {n} a year";
    DECLARED_HERE = "ctg100.declared_here", fr: "instance déclarée ici", en: "instance declared here";
    LOG_THEM = "ctg100.log_them",
        fr: "inscrivez au registre les réunions de {year} tenues par {instance}\u{a0}; si le registre de {year} n'est pas encore complet, dites jusqu'à quand il l'est avec `[governance] log_until`",
        en: "log the meetings of {year} held by {instance}; if the log of {year} is not complete yet, say up to when it is with `[governance] log_until`";
    TOO_MANY = "ctg100.too_many",
        fr: "{instance} s'est réuni {times} en {year} (au plus {max} par an permis)",
        en: "{instance} met {times} in {year} (at most {max} a year allowed)";
    MEETING_N = "ctg100.meeting_n", fr: "réunion n° {n} de {year}", en: "meeting {n} of {year}";
    AT_MOST = "ctg100.at_most", fr: "au plus {n} par an", en: "at most {n} a year";
    CHECK_THEM = "ctg100.check_them",
        fr: "vérifiez que ces réunions relèvent bien de cette instance, ou relevez `max_per_year` si la convention le permet",
        en: "check that these meetings belong to this instance, or raise `max_per_year` if the convention allows more";
}

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

fn times(n: usize) -> Arg {
    Arg::text(match n {
        1 => Text::new(&ONCE),
        2 => Text::new(&TWICE),
        n => Text::new(&TIMES).arg("n", Arg::count(n)),
    })
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
    let note = Text::new(&COMPLETE)
        .arg("from", Arg::raw(w.from.to_string()))
        .arg("until", Arg::raw(w.until.to_string()));
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
                        Text::new(&TOO_FEW)
                            .arg("instance", Arg::id(&inst.id.id))
                            .arg(
                                "held",
                                Arg::text(if n == 0 {
                                    Text::new(&DID_NOT_MEET)
                                } else {
                                    Text::new(&MET).arg("times", times(n))
                                }),
                            )
                            .arg("year", Arg::raw(year.to_string()))
                            .arg("min", Arg::raw(min.value.to_string())),
                    )
                    .primary(
                        min.span.clone(),
                        Text::new(&AT_LEAST).arg("n", Arg::raw(min.value.to_string())),
                    )
                    .secondary(inst.id.span.clone(), &DECLARED_HERE)
                    .help(
                        Text::new(&LOG_THEM)
                            .arg("year", Arg::raw(year.to_string()))
                            .arg("instance", Arg::id(&inst.id.id)),
                    )
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
                        Text::new(&TOO_MANY)
                            .arg("instance", Arg::id(&inst.id.id))
                            .arg("times", times(n))
                            .arg("year", Arg::raw(year.to_string()))
                            .arg("max", Arg::raw(max.value.to_string())),
                    )
                    .primary(
                        extra.date.span.clone(),
                        Text::new(&MEETING_N)
                            .arg("n", Arg::raw(max.value.saturating_add(1).to_string()))
                            .arg("year", Arg::raw(year.to_string())),
                    )
                    .secondary(
                        max.span.clone(),
                        Text::new(&AT_MOST).arg("n", Arg::raw(max.value.to_string())),
                    )
                    .help(&CHECK_THEM)
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
