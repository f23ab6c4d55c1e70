//! What the meeting log covers, which years are judged, and the gaps between
//! meetings: one place, so that the rules (CTG100, CTG101, CTG103) and the
//! indicators never disagree.
//!
//! - The convention's years: `[governance] years`, else from the first to the
//!   last year of the periods.
//! - The log covers `log_from` (default: 1 January of the year of the first
//!   meeting logged) to `log_until` (default: 31 December of the year of the
//!   last meeting logged), within the convention's years.
//! - A year is *judged* (CTG100) only when the log covers all of it: the
//!   current, incomplete year is not, until `log_until` reaches 31 December.
//! - Gaps (CTG101) run from the start of the log to the first meeting,
//!   between meetings, and from the last meeting to the end of the log.

use super::date::Date;
use super::model::{Governance, Meeting};
use crate::scenario::Scenario;
use std::collections::HashMap;

/// The convention's first and last years, if the file says.
pub fn convention_years(s: &Scenario, g: &Governance) -> Option<(i32, i32)> {
    if let Some(y) = g.years {
        return Some((y.first, y.last));
    }
    periods_years(s)
}

/// The ids of the periods whose years meet `first..=last`: what a finding
/// about those years of the governance log lies in.
pub fn periods_of_years(s: &Scenario, first: i32, last: i32) -> Vec<String> {
    s.periods
        .iter()
        .filter(|p| p.years.is_some_and(|y| y.first <= last && first <= y.last))
        .map(|p| p.id.id.clone())
        .collect()
}

/// `d` about meeting `m`: the meeting, its instance, and the periods of
/// its year.
pub fn about_meeting(
    s: &Scenario,
    m: &super::model::Meeting,
    d: crate::diagnostic::Diagnostic,
) -> crate::diagnostic::Diagnostic {
    let year = m.date.date.year();
    d.meeting(m.key())
        .instance(&m.instance.id)
        .periods(periods_of_years(s, year, year))
}

/// The first and last years of the scenario's periods, if any says.
pub fn periods_years(s: &Scenario) -> Option<(i32, i32)> {
    let first = s
        .periods
        .iter()
        .filter_map(|p| p.years)
        .map(|y| y.first)
        .min()?;
    let last = s
        .periods
        .iter()
        .filter_map(|p| p.years)
        .map(|y| y.last)
        .max()?;
    Some((first, last))
}

/// The dates the log covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Window {
    pub from: Date,
    pub until: Date,
}

impl Window {
    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.until
    }

    /// Whole years the window covers.
    pub fn judged_years(&self) -> Vec<i32> {
        (self.from.year()..=self.until.year())
            .filter(|&y| self.from <= Date::first_of(y) && Date::last_of(y) <= self.until)
            .collect()
    }

    /// The part of the window inside `year`.
    pub fn within_year(&self, year: i32) -> Option<Window> {
        let from = self.from.max(Date::first_of(year));
        let until = self.until.min(Date::last_of(year));
        (from <= until).then_some(Window { from, until })
    }
}

/// What the log covers, within the convention's years; `None` when it covers
/// nothing (no meeting logged and no `log_until`).
pub fn window(s: &Scenario, g: &Governance) -> Option<Window> {
    let conv = convention_years(s, g);
    let first_meeting = g.meetings.iter().map(|m| m.date.date).min();
    let last_meeting = g.meetings.iter().map(|m| m.date.date).max();
    let from = g
        .log_from
        .as_ref()
        .map(|d| d.date)
        .or_else(|| first_meeting.map(|d| Date::first_of(d.year())))
        .or_else(|| {
            let until = g.log_until.as_ref()?;
            Some(Date::first_of(
                conv.map_or(until.date.year(), |(first, _)| first),
            ))
        })?;
    let until = g
        .log_until
        .as_ref()
        .map(|d| d.date)
        .or_else(|| last_meeting.map(|d| Date::last_of(d.year())))?;
    let (from, until) = match conv {
        Some((first, last)) => (
            from.max(Date::first_of(first)),
            until.min(Date::last_of(last)),
        ),
        None => (from, until),
    };
    (from <= until).then_some(Window { from, until })
}

/// A meeting counts for the rules and the indicators when its instance is
/// declared and its date is inside the log (CTG103 reports the others).
pub fn counted(g: &Governance, w: Option<Window>) -> Vec<&Meeting> {
    let ids = g.instance_ids();
    g.meetings
        .iter()
        .filter(|m| {
            ids.contains(m.instance.id.as_str()) && w.is_some_and(|w| w.contains(m.date.date))
        })
        .collect()
}

/// The counted meetings of each instance, by their index in
/// `Governance::meetings` and date, in date order: one pass over the log, so
/// that rules stay linear in its size.
pub fn by_instance(g: &Governance, w: Window) -> HashMap<&str, Vec<(usize, Date)>> {
    let ids = g.instance_ids();
    let mut map: HashMap<&str, Vec<(usize, Date)>> = HashMap::new();
    for (i, m) in g.meetings.iter().enumerate() {
        if ids.contains(m.instance.id.as_str()) && w.contains(m.date.date) {
            map.entry(m.instance.id.as_str())
                .or_default()
                .push((i, m.date.date));
        }
    }
    for dates in map.values_mut() {
        dates.sort_by_key(|&(i, d)| (d, i));
    }
    map
}

/// One end of a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The start or the end of the log: no meeting there.
    Log(Date),
    /// A meeting, by its index in `Governance::meetings`.
    Meeting(usize, Date),
}

impl End {
    pub fn date(self) -> Date {
        match self {
            End::Log(d) | End::Meeting(_, d) => d,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub from: End,
    pub to: End,
    /// Days from `from` to `to`.
    pub days: i64,
}

/// CTG100's verdict on `n` meetings in a judged year, given the instance's
/// `min_per_year` and `max_per_year`: the rule and the indicators both ask
/// here.
pub fn frequency_kept(n: usize, min: Option<u32>, max: Option<u32>) -> bool {
    let n = u64::try_from(n).unwrap_or(u64::MAX);
    min.is_none_or(|m| n >= u64::from(m)) && max.is_none_or(|m| n <= u64::from(m))
}

impl Gap {
    /// CTG101's verdict: whether the gap stays within `allowed` days.
    pub fn regular(&self, allowed: i64) -> bool {
        self.days <= allowed
    }

    /// Whether the gap touches `year`.
    pub fn overlaps(&self, year: i32) -> bool {
        self.from.date() <= Date::last_of(year) && self.to.date() >= Date::first_of(year)
    }
}

/// The gaps of one instance over the window, in date order, from its
/// meetings as [`by_instance`] gives them (sorted, inside the window).
pub fn gaps_of(dates: &[(usize, Date)], w: Window) -> Vec<Gap> {
    let ends: Vec<End> = std::iter::once(End::Log(w.from))
        .chain(dates.iter().map(|&(i, d)| End::Meeting(i, d)))
        .chain(std::iter::once(End::Log(w.until)))
        .collect();
    ends.windows(2)
        .filter_map(|pair| match pair {
            [a, b] => Some(Gap {
                from: *a,
                to: *b,
                days: a.date().days_until(b.date()),
            }),
            _ => None,
        })
        .collect()
}

/// The gaps of one instance over the window, in date order.
pub fn gaps(g: &Governance, w: Window, instance: &str) -> Vec<Gap> {
    let map = by_instance(g, w);
    gaps_of(map.get(instance).map_or(&[][..], Vec::as_slice), w)
}

/// The longest of `gaps` (the earliest of equals).
pub fn longest(gaps: impl IntoIterator<Item = Gap>) -> Option<Gap> {
    gaps.into_iter()
        .fold(None, |best: Option<Gap>, g| match best {
            Some(b) if b.days >= g.days => Some(b),
            _ => Some(g),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_str;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).expect("date")
    }

    fn scenario(gov: &str, meetings: &[&str]) -> Scenario {
        let mut t = String::from(
            "[territory]\nname = \"T\"\n[[period]]\nid = \"2026-2030\"\n\
             [[instance]]\nid = \"p\"\nname = \"P\"\nkind = \"project_group\"\n",
        );
        t.push_str(gov);
        for m in meetings {
            t.push_str(&format!("[[meeting]]\ninstance = \"p\"\ndate = {m}\n"));
        }
        let l = load_str("t.toml", &t);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        l.scenario.expect("loads")
    }

    fn win(s: &Scenario) -> Option<Window> {
        window(s, s.governance.as_ref().expect("governance"))
    }

    #[test]
    fn the_log_defaults_to_the_whole_years_of_its_meetings() {
        let s = scenario("", &["2026-03-12", "2027-05-01"]);
        let w = win(&s).expect("window");
        assert_eq!((w.from, w.until), (d(2026, 1, 1), d(2027, 12, 31)));
        assert_eq!(w.judged_years(), vec![2026, 2027]);
    }

    #[test]
    fn an_incomplete_year_is_not_judged() {
        let s = scenario("[governance]\nlog_until = 2026-11-23\n", &["2026-03-12"]);
        let w = win(&s).expect("window");
        assert_eq!(w.until, d(2026, 11, 23));
        assert!(w.judged_years().is_empty());
        let s = scenario("[governance]\nlog_from = 2026-02-01\n", &["2026-03-12"]);
        assert!(win(&s).expect("window").judged_years().is_empty());
    }

    #[test]
    fn the_log_stays_within_the_convention() {
        let s = scenario("[governance]\nlog_until = 2034-12-31\n", &[]);
        let w = win(&s).expect("window");
        assert_eq!((w.from, w.until), (d(2026, 1, 1), d(2030, 12, 31)));
        assert_eq!(w.judged_years(), (2026..=2030).collect::<Vec<_>>());
        let s = scenario("", &[]);
        assert_eq!(
            win(&s),
            None,
            "no meeting and no log_until: nothing covered"
        );
    }

    #[test]
    fn gaps_run_from_the_start_of_the_log_to_its_end() {
        let s = scenario(
            "[governance]\nlog_until = 2026-12-31\n",
            &["2026-01-15", "2026-03-01", "2026-02-10"],
        );
        let g = s.governance.as_ref().expect("governance");
        let w = win(&s).expect("window");
        let days: Vec<i64> = gaps(g, w, "p").iter().map(|g| g.days).collect();
        assert_eq!(days, vec![14, 26, 19, 305]);
        let l = longest(gaps(g, w, "p")).expect("a gap");
        assert_eq!(l.days, 305);
        assert!(matches!(l.to, End::Log(_)));
        assert!(l.overlaps(2026) && !l.overlaps(2027));
        assert_eq!(gaps(g, w, "nobody").len(), 1, "no meeting: one gap");
    }
}
