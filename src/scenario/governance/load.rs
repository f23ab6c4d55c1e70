//! `[governance]`, `[[instance]]` and `[[meeting]]` as written → the
//! validated [`Governance`]. Called by the scenario loader; what cannot be
//! used at all (a time without a date, an impossible count) is an input
//! diagnostic, like the rest of the loader's.

use super::date::Date;
use super::model::*;
use crate::code as codes;
use crate::diagnostic::Diagnostic;
use crate::i18n::{Arg, Text};

crate::msgs! {
    ENDS_BEFORE = "log.ends_before", fr: "le registre finit avant de commencer", en: "the log ends before it starts";
    UNTIL_BEFORE = "log.until_before", fr: "`log_until` précède `log_from`", en: "`log_until` is before `log_from`";
    FROM_HERE = "log.from_here", fr: "`log_from` ici", en: "`log_from` here";
    FROM_UNTIL = "log.from_until",
        fr: "écrivez le premier jour couvert par le registre dans `log_from`, le dernier dans `log_until`",
        en: "write the first day the log covers in `log_from`, the last in `log_until`";
    MAX_ZERO = "log.max_zero", fr: "`max_per_year` vaut au moins 1", en: "`max_per_year` must be at least 1";
    MAX_ZERO_LABEL = "log.max_zero.label", fr: "au plus 0 réunion par an", en: "0 meetings a year at most";
    MAX_ZERO_HELP = "log.max_zero.help",
        fr: "supprimez `max_per_year` si l'instance n'a pas de limite haute",
        en: "drop `max_per_year` if the instance has no upper bound";
    MIN_OVER_MAX = "log.min_over_max",
        fr: "`min_per_year` dépasse `max_per_year`",
        en: "`min_per_year` is more than `max_per_year`";
    AT_LEAST = "log.at_least", fr: "au moins {n}", en: "at least {n}";
    AT_MOST = "log.at_most", fr: "au plus {n}", en: "at most {n}";
    RANGE = "log.range",
        fr: "écrivez le rythme comme un intervalle, la borne basse d'abord, par exemple `min_per_year = 1`, `max_per_year = 2`",
        en: "write the rhythm as a range, lower bound first, e.g. `min_per_year = 1`, `max_per_year = 2`";
    GAP_ZERO = "log.gap_zero", fr: "`max_gap_days` vaut au moins 1", en: "`max_gap_days` must be at least 1";
    GAP_ZERO_LABEL = "log.gap_zero.label", fr: "un écart de 0 jour", en: "a gap of 0 days";
    GAP_ZERO_HELP = "log.gap_zero.help",
        fr: "écrivez le plus long écart admis entre deux réunions, en jours, par exemple `max_gap_days = 45`",
        en: "write the longest gap allowed between two meetings, in days, e.g. `max_gap_days = 45`";
    PEOPLE = "log.people",
        fr: "un nombre de personnes est compris entre 0 et {max}",
        en: "a number of people is between 0 and {max}";
    NOT_PEOPLE = "log.not_people", fr: "pas un nombre de personnes", en: "not a number of people";
    PEOPLE_HELP = "log.people.help",
        fr: "écrivez combien de personnes étaient invitées ou présentes, par exemple `present = 9`",
        en: "write how many were invited or present, e.g. `present = 9`";
    DATE_YEAR = "log.date_year",
        fr: "l'année d'une date est comprise entre 1900 et 2200",
        en: "a date's year must be between 1900 and 2200";
    OUT_OF_RANGE = "log.out_of_range", fr: "hors limites", en: "out of range";
    CHECK_YEAR = "log.check_year", fr: "vérifiez l'année de cette date", en: "check the year of this date";
    EXPECTED_DATE = "log.expected_date", fr: "une date est attendue", en: "expected a date";
    NOT_A_DATE = "log.not_a_date", fr: "pas une date du calendrier", en: "not a calendar date";
    DATE_HELP = "log.date_help",
        fr: "écrivez une date TOML, l'année d'abord, sans guillemets\u{a0}: `date = 2026-03-12`",
        en: "write a TOML date, year first, without quotes: `date = 2026-03-12`";
    BAD_YEARS = "log.bad_years",
        fr: "ni une année ni une plage d'années valide",
        en: "not a valid year or range of years";
    BAD_YEARS_LABEL = "log.bad_years.label", fr: "attendu par exemple \"2026-2030\"", en: "expected e.g. \"2026-2030\"";
    BAD_YEARS_HELP = "log.bad_years.help",
        fr: "écrivez les années de la convention, la première d'abord\u{a0}: `years = \"2026-2030\"`",
        en: "write the convention's years, first year first: `years = \"2026-2030\"`";
}
use crate::scenario::raw::{
    self, RawAttendance, RawDate, RawGovernance, RawInstance, RawMeeting, RawYears, Str,
};
use crate::scenario::text::{ident, parse_years};
use crate::scenario::Years;
use toml::Spanned;

/// More people than this at one meeting is a slip, not a meeting.
pub const MAX_ATTENDANCE: i64 = 100_000;

/// `None` when the file has none of the three tables.
pub fn validate(
    governance: Option<Spanned<RawGovernance>>,
    instances: Vec<Spanned<RawInstance>>,
    meetings: Vec<Spanned<RawMeeting>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Governance> {
    if governance.is_none() && instances.is_empty() && meetings.is_empty() {
        return None;
    }
    let mut g = Governance::default();
    if let Some(raw) = governance {
        g.span = Some(raw.span());
        let raw = raw.into_inner();
        g.years = raw.years.and_then(|y| years(y, diags));
        g.log_from = raw.log_from.and_then(|d| date(d, diags));
        g.log_until = raw.log_until.and_then(|d| date(d, diags));
        if let (Some(from), Some(until)) = (&g.log_from, &g.log_until) {
            if from.date > until.date {
                diags.push(
                    Diagnostic::error(codes::NUMBER, &ENDS_BEFORE)
                        .primary(until.span.clone(), &UNTIL_BEFORE)
                        .secondary(from.span.clone(), &FROM_HERE)
                        .help(&FROM_UNTIL),
                );
            }
        }
        g.signatories = raw.signatories.map(names);
        g.example = raw.example.is_some_and(Spanned::into_inner);
        g.note = raw.note.map(Spanned::into_inner);
    }
    g.instances = instances.into_iter().map(|i| instance(i, diags)).collect();
    g.meetings = meetings
        .into_iter()
        .filter_map(|m| meeting(m, diags))
        .collect();
    Some(g)
}

fn instance(i: Spanned<RawInstance>, diags: &mut Vec<Diagnostic>) -> Instance {
    let span = i.span();
    let i = i.into_inner();
    let (categories, categories_span) = match i.categories {
        Some(c) => {
            let s = c.span();
            let mut v: Vec<MemberCategory> = Vec::new();
            for c in c.into_inner() {
                let c = c.into_inner();
                if !v.contains(&c) {
                    v.push(c);
                }
            }
            (v, Some(s))
        }
        None => (Vec::new(), None),
    };
    let count = |c: Option<Spanned<u32>>| {
        c.map(|c| Count {
            span: c.span(),
            value: c.into_inner(),
        })
    };
    let min_per_year = count(i.min_per_year);
    let mut max_per_year = count(i.max_per_year);
    let mut max_gap_days = count(i.max_gap_days);
    if let Some(max) = max_per_year.take_if(|m| m.value == 0) {
        diags.push(
            Diagnostic::error(codes::NUMBER, &MAX_ZERO)
                .primary(max.span, &MAX_ZERO_LABEL)
                .help(&MAX_ZERO_HELP),
        );
    }
    if let (Some(min), Some(max)) = (&min_per_year, &max_per_year) {
        if min.value > max.value {
            diags.push(
                Diagnostic::error(codes::NUMBER, &MIN_OVER_MAX)
                    .primary(
                        min.span.clone(),
                        Text::new(&AT_LEAST).arg("n", Arg::raw(min.value.to_string())),
                    )
                    .secondary(
                        max.span.clone(),
                        Text::new(&AT_MOST).arg("n", Arg::raw(max.value.to_string())),
                    )
                    .help(&RANGE),
            );
        }
    }
    if let Some(gap) = max_gap_days.take_if(|g| g.value == 0) {
        diags.push(
            Diagnostic::error(codes::NUMBER, &GAP_ZERO)
                .primary(gap.span, &GAP_ZERO_LABEL)
                .help(&GAP_ZERO_HELP),
        );
    }
    Instance {
        id: ident(i.id),
        name: i.name.into_inner(),
        kind: i.kind.into_inner(),
        categories,
        categories_span,
        members: i.members.map(names),
        min_per_year,
        max_per_year,
        max_gap_days,
        rhythm: i.rhythm.map(Spanned::into_inner),
        span,
    }
}

fn meeting(m: Spanned<RawMeeting>, diags: &mut Vec<Diagnostic>) -> Option<Meeting> {
    let span = m.span();
    let m = m.into_inner();
    let date = date(m.date, diags);
    let invited = m.invited.and_then(|a| attendance(a, diags));
    let present = m.present.and_then(|a| attendance(a, diags));
    let documents = m
        .documents
        .into_iter()
        .map(|d| {
            let span = d.span();
            let d = d.into_inner();
            Document {
                kind: d.kind.into_inner(),
                title: d.title.into_inner(),
                span,
            }
        })
        .collect();
    let joint_actions = m
        .joint_actions
        .into_iter()
        .map(|a| {
            let span = a.span();
            let a = a.into_inner();
            JointAction {
                title: a.title.into_inner(),
                schemes_span: a.schemes.span(),
                schemes: a
                    .schemes
                    .into_inner()
                    .into_iter()
                    .map(Spanned::into_inner)
                    .collect(),
                span,
            }
        })
        .collect();
    Some(Meeting {
        date: date?,
        instance: ident(m.instance),
        invited,
        present,
        documents,
        joint_actions,
        note: m.note.map(Spanned::into_inner),
        span,
    })
}

fn attendance(a: Spanned<RawAttendance>, diags: &mut Vec<Diagnostic>) -> Option<Attendance> {
    let span = a.span();
    match a.into_inner() {
        RawAttendance::Count(n) if (0..=MAX_ATTENDANCE).contains(&n) => Some(Attendance {
            count: n.unsigned_abs(),
            names: None,
            span,
        }),
        RawAttendance::Count(_) => {
            diags.push(
                Diagnostic::error(
                    codes::NUMBER,
                    Text::new(&PEOPLE).arg("max", Arg::raw(MAX_ATTENDANCE.to_string())),
                )
                .primary(span, &NOT_PEOPLE)
                .help(&PEOPLE_HELP),
            );
            None
        }
        RawAttendance::Names(names) => {
            let mut distinct: Vec<String> = Vec::with_capacity(names.len());
            for n in names {
                if !distinct.contains(&n) {
                    distinct.push(n);
                }
            }
            Some(Attendance {
                count: u64::try_from(distinct.len()).unwrap_or(u64::MAX),
                names: Some(distinct),
                span,
            })
        }
    }
}

/// A TOML date; a time of day after it is accepted and ignored.
fn date(d: RawDate, diags: &mut Vec<Diagnostic>) -> Option<DateAt> {
    let span = d.span();
    let parsed = d
        .get_ref()
        .date
        .and_then(|x| Date::new(i32::from(x.year), x.month, x.day));
    match parsed {
        // The same bounds as a period's years: keeps every year range short.
        Some(date) if !(1900..=2200).contains(&date.year()) => {
            diags.push(
                Diagnostic::error(codes::NUMBER, &DATE_YEAR)
                    .primary(span, &OUT_OF_RANGE)
                    .help(&CHECK_YEAR),
            );
            None
        }
        Some(date) => Some(DateAt { date, span }),
        None => {
            diags.push(
                Diagnostic::error(codes::SCHEMA, &EXPECTED_DATE)
                    .primary(span, &NOT_A_DATE)
                    .help(&DATE_HELP),
            );
            None
        }
    }
}

fn years(y: Spanned<RawYears>, diags: &mut Vec<Diagnostic>) -> Option<Years> {
    let span = y.span();
    let parsed = match y.get_ref() {
        raw::RawYears::Int(i) => i32::try_from(*i).ok().map(|i| (i, i)),
        raw::RawYears::Text(t) => parse_years(t),
    };
    match Years::checked(parsed, span.clone()) {
        Some(years) => Some(years),
        None => {
            diags.push(
                Diagnostic::error(codes::YEARS, &BAD_YEARS)
                    .primary(span, &BAD_YEARS_LABEL)
                    .help(&BAD_YEARS_HELP),
            );
            None
        }
    }
}

fn names(l: Spanned<Vec<Str>>) -> Names {
    let span = l.span();
    Names {
        items: l.into_inner().into_iter().map(ident).collect(),
        span,
    }
}

#[cfg(test)]
mod tests {
    use crate::code as codes;
    use crate::scenario::load_str;

    const HEAD: &str = "[territory]\nname = \"T\"\n";

    #[test]
    fn a_file_without_governance_has_none() {
        let s = load_str("t.toml", HEAD).scenario.expect("loads");
        assert!(s.governance.is_none());
    }

    #[test]
    fn the_section_loads_with_dates_counts_and_lists() {
        let text = format!(
            "{HEAD}[governance]\nyears = \"2026-2030\"\nlog_until = 2026-11-23\nexample = true\n\
             [[instance]]\nid = \"copil\"\nname = \"Copil\"\nkind = \"steering_committee\"\n\
             categories = [\"political_signatories\", \"political_signatories\"]\nmin_per_year = 1\n\
             [[meeting]]\ndate = 2026-03-12T10:00:00\ninstance = \"copil\"\ninvited = [\"caf\", \"a\", \"a\"]\npresent = 1\n\
             documents = [{{ kind = \"diagnostic\", title = \"D\" }}]\n\
             joint_actions = [{{ title = \"J\", schemes = [\"ctg\", \"sppe\"] }}]\n"
        );
        let l = load_str("t.toml", &text);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let g = l.scenario.and_then(|s| s.governance).expect("governance");
        assert!(g.example);
        assert_eq!(g.years.map(|y| (y.first, y.last)), Some((2026, 2030)));
        assert_eq!(
            g.log_until.map(|d| d.date.to_string()).as_deref(),
            Some("2026-11-23")
        );
        assert_eq!(g.instances[0].categories.len(), 1, "duplicates dropped");
        let m = &g.meetings[0];
        assert_eq!(m.date.date.to_string(), "2026-03-12", "the time is ignored");
        assert_eq!(
            m.invited.as_ref().map(|a| a.count),
            Some(2),
            "distinct names"
        );
        assert_eq!(m.present.as_ref().map(|a| a.count), Some(1));
        assert_eq!(m.documents.len(), 1);
        assert_eq!(m.joint_actions[0].schemes.len(), 2);
    }

    fn first_code(text: &str) -> &'static str {
        let l = load_str("t.toml", &format!("{HEAD}{text}"));
        assert!(l.scenario.is_none());
        l.diagnostics.first().map_or("none", |d| d.code.as_str())
    }

    #[test]
    fn unusable_values_are_input_errors() {
        let inst = "[[instance]]\nid = \"p\"\nname = \"P\"\nkind = \"project_group\"\n";
        assert_eq!(
            first_code(&format!("{inst}min_per_year = 3\nmax_per_year = 2\n")),
            codes::NUMBER
        );
        assert_eq!(
            first_code(&format!("{inst}max_gap_days = 0\n")),
            codes::NUMBER
        );
        // An integer its key cannot hold is out of range (issue 13).
        assert_eq!(
            first_code(&format!("{inst}min_per_year = -1\n")),
            codes::NUMBER
        );
        assert_eq!(first_code(&format!("{inst}kind2 = 1\n")), codes::SCHEMA);
        let meeting = "[[meeting]]\ninstance = \"p\"\n";
        assert_eq!(
            first_code(&format!("{meeting}date = 10:00:00\n")),
            codes::SCHEMA
        );
        assert_eq!(
            first_code(&format!("{meeting}date = \"2026-03-12\"\n")),
            codes::SCHEMA
        );
        assert_eq!(
            first_code(&format!("{meeting}date = 2026-03-12\npresent = -2\n")),
            codes::NUMBER
        );
        assert_eq!(
            first_code(&format!("{meeting}date = 2026-03-12\npresent = 100001\n")),
            codes::NUMBER
        );
        assert_eq!(
            first_code(&format!(
                "{meeting}date = 2026-03-12\njoint_actions = [{{ title = \"x\", schemes = [\"pedt\"] }}]\n"
            )),
            codes::SCHEMA
        );
        assert_eq!(
            first_code(&format!("{meeting}date = 0001-01-01\n")),
            codes::NUMBER
        );
        assert_eq!(
            first_code("[governance]\nlog_until = 9999-12-31\n"),
            codes::NUMBER
        );
        assert_eq!(
            first_code("[governance]\nyears = \"2030-2026\"\n"),
            codes::YEARS
        );
        assert_eq!(
            first_code("[governance]\nlog_from = 2026-06-01\nlog_until = 2026-01-01\n"),
            codes::NUMBER
        );
    }
}
