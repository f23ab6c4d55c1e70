//! CTG103 meeting-reference: instance ids are unique; each meeting names a
//! declared instance and is dated within the convention's years and within
//! the dates the log says it covers.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::governance::calendar;
use crate::i18n::{Arg, Text};
use std::collections::HashMap;

crate::msgs! {
    USED_TWICE = "ctg103.used_twice",
        fr: "l'identifiant d'instance `{id}` est utilisé deux fois",
        en: "the instance id `{id}` is used twice";
    REUSES = "ctg103.reuses", fr: "cette instance le réutilise", en: "this instance reuses it";
    FIRST = "ctg103.first", fr: "utilisé d'abord ici", en: "first used here";
    OWN_ID = "ctg103.own_id",
        fr: "donnez à chaque instance son propre identifiant\u{a0}; les réunions renvoient à la première",
        en: "give each instance its own id; meetings refer to the first one";
    DECLARE = "ctg103.declare",
        fr: "déclarez l'instance dans une table `[[instance]]`",
        en: "declare the instance in an `[[instance]]` table";
    USE_ONE = "ctg103.use_one",
        fr: "utilisez l'une des instances déclarées\u{a0}: {ids}",
        en: "use one of the declared instances: {ids}";
    USE_ONE_CUT = "ctg103.use_one_cut",
        fr: "utilisez l'une des instances déclarées\u{a0}: {ids}, ... ({n} au total)",
        en: "use one of the declared instances: {ids}, ... ({n} in all)";
    UNKNOWN = "ctg103.unknown",
        fr: "réunion du {date}\u{a0}: aucune instance n'a l'identifiant `{id}`",
        en: "meeting of {date}: no instance has the id `{id}`";
    NOT_DECLARED = "ctg103.not_declared", fr: "pas une instance déclarée", en: "not a declared instance";
    OUTSIDE = "ctg103.outside",
        fr: "la réunion du {date} tombe hors des années de la convention {first}-{last}",
        en: "meeting of {date} is outside the convention's years {first}-{last}";
    OUTSIDE_LABEL = "ctg103.outside.label", fr: "hors de la convention", en: "outside the convention";
    CONVENTION_YEARS = "ctg103.convention_years", fr: "les années de la convention", en: "the convention's years";
    DEFAULT_YEARS = "ctg103.default_years",
        fr: "sans `[governance] years`, la convention court de la première à la dernière année des périodes",
        en: "without `[governance] years`, the convention runs from the first to the last year of the periods";
    CHECK_DATE = "ctg103.check_date",
        fr: "vérifiez la date, ou les années de la convention (`[governance] years`)",
        en: "check the date, or the convention's years (`[governance] years`)";
    BEFORE_LOG = "ctg103.before_log",
        fr: "la réunion du {date} précède le début du registre ({from})",
        en: "meeting of {date} is before the log starts ({from})";
    BEFORE_LABEL = "ctg103.before.label", fr: "avant `log_from`", en: "before `log_from`";
    LOG_STARTS = "ctg103.log_starts", fr: "le registre commence ici", en: "the log starts here";
    MOVE_FROM = "ctg103.move_from",
        fr: "vérifiez la date, ou avancez `log_from`",
        en: "check the date, or move `log_from` back";
    AFTER_LOG = "ctg103.after_log",
        fr: "la réunion du {date} suit la fin du registre ({until})",
        en: "meeting of {date} is after the log ends ({until})";
    AFTER_LABEL = "ctg103.after.label", fr: "après `log_until`", en: "after `log_until`";
    LOG_ENDS = "ctg103.log_ends", fr: "le registre est dit s'arrêter ici", en: "the log is said to end here";
    MOVE_UNTIL = "ctg103.move_until",
        fr: "reportez `log_until` à la date jusqu'à laquelle le registre est complet",
        en: "move `log_until` forward to the date up to which the log is complete";
}

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
                    Text::new(&USED_TWICE).arg("id", Arg::id(&inst.id.id)),
                )
                .primary(inst.id.span.clone(), &REUSES)
                .secondary(first.span.clone(), &FIRST)
                .help(&OWN_ID),
            ),
            None => {
                seen.insert(&inst.id.id, &inst.id);
            }
        }
    }
    // Built once: a long list is cut, a help line is not a listing.
    let ids: Vec<&str> = g.unique_instances().map(|i| i.id.id.as_str()).collect();
    let help = match ids.len() {
        0 => Text::new(&DECLARE),
        n if n <= 12 => Text::new(&USE_ONE).arg("ids", Arg::raw(ids.join(", "))),
        n => Text::new(&USE_ONE_CUT)
            .arg(
                "ids",
                Arg::raw(ids.get(..12).unwrap_or_default().join(", ")),
            )
            .arg("n", Arg::count(n)),
    };
    let declared = g.instance_ids();
    let conv = calendar::convention_years(s, g);
    for m in &g.meetings {
        if !declared.contains(m.instance.id.as_str()) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&UNKNOWN)
                        .arg("date", Arg::raw(m.date.date.to_string()))
                        .arg("id", Arg::id(&m.instance.id)),
                )
                .primary(m.instance.span.clone(), &NOT_DECLARED)
                .help(help.clone()),
            );
        }
        let date = m.date.date;
        if let Some((first, last)) = conv.filter(|&(f, l)| date.year() < f || date.year() > l) {
            let mut d = Diagnostic::error(
                RULE.code,
                Text::new(&OUTSIDE)
                    .arg("date", Arg::raw(date.to_string()))
                    .arg("first", Arg::raw(first.to_string()))
                    .arg("last", Arg::raw(last.to_string())),
            )
            .primary(m.date.span.clone(), &OUTSIDE_LABEL);
            d = match &g.years {
                Some(y) => d.secondary(y.span(), &CONVENTION_YEARS),
                None => d.note(&DEFAULT_YEARS),
            };
            out.push(d.help(&CHECK_DATE));
            continue;
        }
        if let Some(from) = g.log_from.as_ref().filter(|b| date < b.date) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&BEFORE_LOG)
                        .arg("date", Arg::raw(date.to_string()))
                        .arg("from", Arg::raw(from.date.to_string())),
                )
                .primary(m.date.span.clone(), &BEFORE_LABEL)
                .secondary(from.span.clone(), &LOG_STARTS)
                .help(&MOVE_FROM),
            );
        } else if let Some(until) = g.log_until.as_ref().filter(|b| date > b.date) {
            out.push(
                Diagnostic::error(
                    RULE.code,
                    Text::new(&AFTER_LOG)
                        .arg("date", Arg::raw(date.to_string()))
                        .arg("until", Arg::raw(until.date.to_string())),
                )
                .primary(m.date.span.clone(), &AFTER_LABEL)
                .secondary(until.span.clone(), &LOG_ENDS)
                .help(&MOVE_UNTIL),
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
