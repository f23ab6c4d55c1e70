//! The quantitative indicators of action sheet 17 (seed 002), computed from
//! the meeting log:
//! 1. number and regularity of the governance meetings held (per instance:
//!    meetings, the minimum required over the judged years, longest gap);
//! 2. partners' participation rate: present / invited, summed over the
//!    meetings that record both (a weighted rate, not a mean of rates);
//! 3. diagnoses and monitoring tools produced;
//! 4. joint actions between schemes (CTG, SPPE, CLS, SDSF).
//!
//! The fifth indicator, the qualitative appraisal of elected officials and
//! partners, is not in the log. Meetings that break CTG103 (undeclared
//! instance, date outside the log) and joint actions that break CTG105 are
//! left out.

use super::calendar::{self, End, Window};
use super::date::Date;
use super::model::*;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, Serialize)]
pub struct Indicators {
    pub territory: String,
    /// The log is an illustration (`[governance] example = true`).
    pub example: bool,
    pub note: Option<String>,
    pub convention_years: Option<YearSpan>,
    /// What the log covers; `None` when it covers nothing.
    pub log: Option<Window>,
    /// The year asked for, if any.
    pub year: Option<i32>,
    /// The dates these figures cover: the log, or its part in `year`.
    pub scope: Option<Window>,
    /// Whole years in the scope, judged against `min_per_year`/`max_per_year`.
    pub judged_years: Vec<i32>,
    pub instances: Vec<InstanceIndicators>,
    /// Every instance together.
    pub all: Totals,
    pub documents: Documents,
    pub joint_actions: JointActions,
    /// Meetings of the scope's years not counted (CTG103).
    pub left_out: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearSpan {
    pub first: i32,
    pub last: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstanceIndicators {
    pub id: String,
    pub name: String,
    pub kind: InstanceKind,
    pub meetings: usize,
    pub min_per_year: Option<u32>,
    pub max_per_year: Option<u32>,
    /// `min_per_year` times the number of judged years; `None` when there is
    /// no minimum or no judged year.
    pub required: Option<u64>,
    /// Every judged year within the bounds; `None` when nothing is judged.
    pub frequency_kept: Option<bool>,
    pub per_year: Vec<YearCount>,
    pub longest_gap: Option<GapInfo>,
    pub allowed_gap_days: Option<i64>,
    /// `max_gap_days` is written (else derived from `min_per_year`).
    pub allowed_gap_stated: bool,
    /// The longest gap within the allowed one; `None` when either is unknown.
    pub regular: Option<bool>,
    pub participation: Participation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearCount {
    pub year: i32,
    pub meetings: usize,
    pub judged: bool,
    /// Within `min_per_year`..`max_per_year`; `None` when not judged or unbounded.
    pub kept: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GapInfo {
    pub from: Date,
    pub to: Date,
    pub days: i64,
    /// `false` when the gap starts at the start of the log, not at a meeting.
    pub from_meeting: bool,
    /// `false` when the gap ends at the end of the log, not at a meeting.
    pub to_meeting: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Participation {
    /// Meetings that record both how many were invited (more than 0) and present.
    pub meetings_counted: usize,
    /// Meetings that do not, left out of the rate.
    pub meetings_without: usize,
    pub invited: u64,
    pub present: u64,
    /// present / invited in percent, one decimal, half away from zero.
    #[serde(serialize_with = "opt_decimal")]
    pub percent: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub meetings: usize,
    pub participation: Participation,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Documents {
    pub diagnostics: usize,
    pub monitoring_tools: usize,
    pub evaluations: usize,
    pub activity_reports: usize,
    pub other: usize,
    pub list: Vec<DocumentEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentEntry {
    pub date: Date,
    pub instance: String,
    pub kind: DocumentKind,
    pub title: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct JointActions {
    pub count: usize,
    /// How many joint actions involve each scheme, in the order CTG, SPPE, CLS, SDSF.
    pub by_scheme: Vec<SchemeCount>,
    pub list: Vec<JointActionEntry>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct SchemeCount {
    pub scheme: Scheme,
    pub actions: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct JointActionEntry {
    pub date: Date,
    pub instance: String,
    pub title: String,
    pub schemes: Vec<Scheme>,
}

const SCHEMES: [Scheme; 4] = [Scheme::Ctg, Scheme::Sppe, Scheme::Cls, Scheme::Sdsf];

fn opt_decimal<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

impl Participation {
    /// Sums `present` and `invited` over meetings that record both.
    pub fn of<'a>(meetings: impl IntoIterator<Item = &'a Meeting>) -> Participation {
        let (mut counted, mut without, mut invited, mut present) = (0usize, 0usize, 0u64, 0u64);
        for m in meetings {
            match (&m.invited, &m.present) {
                (Some(i), Some(p)) if i.count > 0 => {
                    counted += 1;
                    invited = invited.saturating_add(i.count);
                    present = present.saturating_add(p.count);
                }
                _ => without += 1,
            }
        }
        Participation {
            meetings_counted: counted,
            meetings_without: without,
            invited,
            present,
            percent: percent(present, invited),
        }
    }
}

/// `present / invited` in percent, rounded to one decimal half away from
/// zero, in integers so that the rounding is exact: tenths of a percent are
/// `present * 1000 / invited`, rounded.
pub fn percent(present: u64, invited: u64) -> Option<Decimal> {
    if invited == 0 {
        return None;
    }
    let (p, i) = (u128::from(present), u128::from(invited));
    let tenths = (p * 2000 + i) / (2 * i);
    i64::try_from(tenths).ok().map(|t| Decimal::new(t, 1))
}

/// The indicators of `s`'s governance log, for the whole log or one year;
/// `None` when the scenario has no governance section.
pub fn indicators(s: &Scenario, year: Option<i32>) -> Option<Indicators> {
    let g = s.governance.as_ref()?;
    let log = calendar::window(s, g);
    let scope = match year {
        Some(y) => log.and_then(|w| w.within_year(y)),
        None => log,
    };
    let judged_years = scope.map(|w| w.judged_years()).unwrap_or_default();
    let in_scope: Vec<&Meeting> = calendar::counted(g, log)
        .into_iter()
        .filter(|m| scope.is_some_and(|w| w.contains(m.date.date)))
        .collect();
    // Grouped once, so that the work grows with the log, not log × instances.
    let mut mine: HashMap<&str, Vec<&Meeting>> = HashMap::new();
    for m in &in_scope {
        mine.entry(m.instance.id.as_str()).or_default().push(m);
    }
    let dates = log.map(|w| calendar::by_instance(g, w)).unwrap_or_default();
    let cx = Scope {
        log,
        scope,
        year,
        judged: judged_years.iter().copied().collect(),
    };
    let instances = g
        .unique_instances()
        .map(|inst| {
            let id = inst.id.id.as_str();
            instance(
                &cx,
                inst,
                mine.get(id).map_or(&[][..], Vec::as_slice),
                dates.get(id).map_or(&[][..], Vec::as_slice),
            )
        })
        .collect();
    let left_out = g
        .meetings
        .iter()
        .filter(|m| year.is_none_or(|y| m.date.date.year() == y))
        .count()
        .saturating_sub(in_scope.len());
    Some(Indicators {
        territory: s.territory.name.clone(),
        example: g.example,
        note: g.note.clone(),
        convention_years: calendar::convention_years(s, g)
            .map(|(first, last)| YearSpan { first, last }),
        log,
        year,
        scope,
        judged_years,
        instances,
        all: Totals {
            meetings: in_scope.len(),
            participation: Participation::of(in_scope.iter().copied()),
        },
        documents: documents(&in_scope),
        joint_actions: joint_actions(&in_scope),
        left_out,
    })
}

/// What every instance's figures share.
struct Scope {
    log: Option<Window>,
    scope: Option<Window>,
    year: Option<i32>,
    judged: BTreeSet<i32>,
}

fn instance(
    cx: &Scope,
    inst: &Instance,
    mine: &[&Meeting],
    dates: &[(usize, Date)],
) -> InstanceIndicators {
    let mut per_year_count: BTreeMap<i32, usize> = BTreeMap::new();
    for m in mine {
        *per_year_count.entry(m.date.date.year()).or_default() += 1;
    }
    let min = inst.min_per_year.as_ref().map(|c| c.value);
    let max = inst.max_per_year.as_ref().map(|c| c.value);
    let bounded = min.is_some() || max.is_some();
    let per_year: Vec<YearCount> = cx
        .scope
        .map(|w| w.from.year()..=w.until.year())
        .into_iter()
        .flatten()
        .map(|y| {
            let meetings = per_year_count.get(&y).copied().unwrap_or(0);
            let judged = cx.judged.contains(&y);
            let kept = (judged && bounded).then(|| calendar::frequency_kept(meetings, min, max));
            YearCount {
                year: y,
                meetings,
                judged,
                kept,
            }
        })
        .collect();
    let judged: Vec<&YearCount> = per_year.iter().filter(|y| y.judged).collect();
    let required = min
        .filter(|_| !judged.is_empty())
        .map(|m| u64::from(m).saturating_mul(u64::try_from(judged.len()).unwrap_or(u64::MAX)));
    let frequency_kept =
        (bounded && !judged.is_empty()).then(|| judged.iter().all(|y| y.kept == Some(true)));
    let longest = match (cx.log, cx.scope) {
        (Some(log), Some(_)) => calendar::longest(
            calendar::gaps_of(dates, log)
                .into_iter()
                .filter(|gap| cx.year.is_none_or(|y| gap.overlaps(y))),
        ),
        _ => None,
    };
    let longest_gap = longest.map(|gap| GapInfo {
        from: gap.from.date(),
        to: gap.to.date(),
        days: gap.days,
        from_meeting: matches!(gap.from, End::Meeting(..)),
        to_meeting: matches!(gap.to, End::Meeting(..)),
    });
    let allowed = inst.allowed_gap();
    InstanceIndicators {
        id: inst.id.id.clone(),
        name: inst.name.clone(),
        kind: inst.kind,
        meetings: mine.len(),
        min_per_year: min,
        max_per_year: max,
        required,
        frequency_kept,
        per_year,
        regular: match (longest, allowed) {
            (Some(gap), Some((days, _))) => Some(gap.regular(days)),
            _ => None,
        },
        longest_gap,
        allowed_gap_days: allowed.map(|(d, _)| d),
        allowed_gap_stated: allowed.is_some_and(|(_, stated)| stated),
        participation: Participation::of(mine.iter().copied()),
    }
}

fn documents(meetings: &[&Meeting]) -> Documents {
    let mut d = Documents::default();
    for m in meetings {
        for doc in &m.documents {
            let n = match doc.kind {
                DocumentKind::Diagnostic => &mut d.diagnostics,
                DocumentKind::MonitoringTool => &mut d.monitoring_tools,
                DocumentKind::Evaluation => &mut d.evaluations,
                DocumentKind::ActivityReport => &mut d.activity_reports,
                DocumentKind::Other => &mut d.other,
            };
            *n += 1;
            d.list.push(DocumentEntry {
                date: m.date.date,
                instance: m.instance.id.clone(),
                kind: doc.kind,
                title: doc.title.clone(),
            });
        }
    }
    d
}

/// The schemes of a joint action, each once, in the order of [`SCHEMES`].
pub fn distinct_schemes(a: &JointAction) -> Vec<Scheme> {
    SCHEMES
        .iter()
        .copied()
        .filter(|s| a.schemes.contains(s))
        .collect()
}

fn joint_actions(meetings: &[&Meeting]) -> JointActions {
    let list: Vec<JointActionEntry> = meetings
        .iter()
        .flat_map(|m| {
            m.joint_actions.iter().filter_map(|a| {
                let schemes = distinct_schemes(a);
                (schemes.len() >= 2).then(|| JointActionEntry {
                    date: m.date.date,
                    instance: m.instance.id.clone(),
                    title: a.title.clone(),
                    schemes,
                })
            })
        })
        .collect();
    JointActions {
        count: list.len(),
        by_scheme: SCHEMES
            .iter()
            .map(|&scheme| SchemeCount {
                scheme,
                actions: list.iter().filter(|a| a.schemes.contains(&scheme)).count(),
            })
            .collect(),
        list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    const BASE: &str = "[territory]\nname = \"T\"\n[governance]\nyears = \"2026-2030\"\n\
        [[instance]]\nid = \"copil\"\nname = \"Copil\"\nkind = \"steering_committee\"\nmin_per_year = 1\n\
        [[instance]]\nid = \"gp\"\nname = \"Groupe projet\"\nkind = \"project_group\"\nmin_per_year = 12\n";

    fn load(extra: &str) -> Scenario {
        let l = load_str("t.toml", &format!("{BASE}{extra}"));
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        l.scenario.expect("loads")
    }

    fn meeting(instance: &str, date: &str, invited: u32, present: u32) -> String {
        format!(
            "[[meeting]]\ninstance = \"{instance}\"\ndate = {date}\ninvited = {invited}\npresent = {present}\n"
        )
    }

    #[test]
    fn rates_are_exact_and_weighted() {
        assert_eq!(percent(2, 3), Some(Decimal::new(667, 1)));
        assert_eq!(percent(1, 3), Some(Decimal::new(333, 1)));
        // 1/8 = 12.5 % exactly; 1/16 = 6.25 % rounds half away from zero.
        assert_eq!(percent(1, 8), Some(Decimal::new(125, 1)));
        assert_eq!(percent(1, 16), Some(Decimal::new(63, 1)));
        assert_eq!(percent(3, 3), Some(Decimal::new(1000, 1)));
        assert_eq!(percent(0, 0), None);
        assert_eq!(percent(u64::MAX, u64::MAX), Some(Decimal::new(1000, 1)));
        let text = [
            meeting("copil", "2026-06-04", 12, 12),
            meeting("gp", "2026-01-08", 4, 1),
            "[[meeting]]\ninstance = \"gp\"\ndate = 2026-02-05\n".to_owned(),
        ]
        .concat();
        let i = indicators(&load(&text), None).expect("governance");
        // (12 + 1) / (12 + 4) = 81.25 % → 81.3, not the mean of 100 % and 25 %.
        assert_eq!(i.all.participation.percent, Some(Decimal::new(813, 1)));
        assert_eq!(
            (i.all.participation.present, i.all.participation.invited),
            (13, 16)
        );
        assert_eq!(i.all.participation.meetings_without, 1);
        let gp = &i.instances[1];
        assert_eq!(gp.participation.percent, Some(Decimal::new(250, 1)));
        assert_eq!(gp.meetings, 2);
    }

    #[test]
    fn gaps_are_in_days_and_years_judged_when_complete() {
        let text = [
            meeting("copil", "2026-06-04", 12, 10),
            meeting("gp", "2026-01-08", 4, 4),
            meeting("gp", "2026-03-05", 4, 4),
        ]
        .concat();
        let i = indicators(&load(&text), None).expect("governance");
        assert_eq!(i.judged_years, vec![2026]);
        let gp = &i.instances[1];
        // From 2026-03-05 to the end of the log, 2026-12-31.
        let gap = gp.longest_gap.expect("gap");
        assert_eq!(
            (gap.days, gap.from_meeting, gap.to_meeting),
            (301, true, false)
        );
        assert_eq!(gp.allowed_gap_days, Some(60));
        assert_eq!(gp.regular, Some(false));
        assert_eq!(gp.required, Some(12));
        assert_eq!(gp.frequency_kept, Some(false));
        let copil = &i.instances[0];
        assert_eq!(copil.longest_gap.map(|g| g.days), Some(210));
        assert_eq!(copil.regular, Some(true), "730 days allowed");
        assert_eq!(copil.frequency_kept, Some(true));
    }

    #[test]
    fn an_incomplete_year_is_counted_but_not_judged() {
        let base = BASE.replace(
            "years = \"2026-2030\"\n",
            "years = \"2026-2030\"\nlog_until = 2026-11-23\n",
        );
        let l = load_str(
            "t.toml",
            &format!("{base}{}", meeting("copil", "2026-06-04", 12, 10)),
        );
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let i = indicators(&l.scenario.expect("loads"), None).expect("governance");
        assert!(i.judged_years.is_empty());
        let copil = &i.instances[0];
        assert_eq!(
            (copil.meetings, copil.required, copil.frequency_kept),
            (1, None, None)
        );
        assert_eq!(copil.per_year[0].kept, None);
        // The gap up to the end of the log is still measured.
        assert_eq!(copil.longest_gap.map(|g| g.days), Some(172));
    }

    #[test]
    fn a_year_without_meetings_and_the_year_filter() {
        let text = [
            meeting("copil", "2026-06-04", 12, 10),
            meeting("copil", "2027-06-10", 12, 11),
        ]
        .concat();
        let s = load(&text);
        let all = indicators(&s, None).expect("governance");
        assert_eq!(all.judged_years, vec![2026, 2027]);
        assert_eq!(all.instances[0].required, Some(2));
        let y = indicators(&s, Some(2027)).expect("governance");
        assert_eq!(y.all.meetings, 1);
        assert_eq!(y.all.participation.percent, Some(Decimal::new(917, 1)));
        // The gap 2026-06-04 → 2027-06-10 touches 2027.
        assert_eq!(y.instances[0].longest_gap.map(|g| g.days), Some(371));
        let none = indicators(&s, Some(2029)).expect("governance");
        assert_eq!(none.scope, None, "the log stops at the end of 2027");
        assert_eq!(none.all.meetings, 0);
        assert_eq!(none.all.participation.percent, None);
        assert!(none.instances[0].longest_gap.is_none());
    }

    #[test]
    fn documents_and_joint_actions_are_counted() {
        let text = format!(
            "{}documents = [{{ kind = \"diagnostic\", title = \"D\" }}, {{ kind = \"monitoring_tool\", title = \"T\" }}, {{ kind = \"monitoring_tool\", title = \"U\" }}]\n\
             joint_actions = [{{ title = \"A\", schemes = [\"ctg\", \"sppe\"] }}, {{ title = \"B\", schemes = [\"sdsf\", \"ctg\", \"ctg\"] }}, {{ title = \"C\", schemes = [\"ctg\", \"ctg\"] }}]\n",
            meeting("gp", "2026-01-08", 4, 4)
        );
        let i = indicators(&load(&text), None).expect("governance");
        assert_eq!(
            (i.documents.diagnostics, i.documents.monitoring_tools),
            (1, 2)
        );
        assert_eq!(i.joint_actions.count, 2, "C joins one scheme only");
        let by: Vec<usize> = i
            .joint_actions
            .by_scheme
            .iter()
            .map(|c| c.actions)
            .collect();
        assert_eq!(by, vec![2, 1, 0, 1]);
        assert_eq!(
            i.joint_actions.list[1].schemes,
            vec![Scheme::Ctg, Scheme::Sdsf]
        );
    }

    #[test]
    fn meetings_outside_the_log_or_of_unknown_instances_are_left_out() {
        let text = [
            meeting("copil", "2026-06-04", 12, 10),
            meeting("nobody", "2026-06-05", 12, 10),
            meeting("gp", "2031-01-08", 4, 4),
        ]
        .concat();
        let i = indicators(&load(&text), None).expect("governance");
        assert_eq!(i.all.meetings, 1);
        assert_eq!(i.left_out, 2);
        assert!(indicators(
            &load_str("t.toml", "[territory]\nname = \"T\"\n")
                .scenario
                .expect("loads"),
            None
        )
        .is_none());
    }
}
