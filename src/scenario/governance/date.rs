//! Calendar dates for the meeting log: validated on construction, ordered,
//! and counted in days without a date library (the civil-calendar day count
//! of Howard Hinnant's `days_from_civil`, exact for every Gregorian date).

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// `None` unless the day exists (29 February only in leap years).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// 1 January of `year` (clamped to the supported range).
    pub fn first_of(year: i32) -> Date {
        Date {
            year: year.clamp(1, 9999),
            month: 1,
            day: 1,
        }
    }

    /// 31 December of `year` (clamped to the supported range).
    pub fn last_of(year: i32) -> Date {
        Date {
            year: year.clamp(1, 9999),
            month: 12,
            day: 31,
        }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn day_number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).expect("valid date")
    }

    #[test]
    fn only_real_days_exist() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2026, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2026, 4, 31).is_none());
        assert!(Date::new(2026, 13, 1).is_none());
        assert!(Date::new(2026, 1, 0).is_none());
    }

    #[test]
    fn day_numbers_count_real_days() {
        assert_eq!(d(1970, 1, 1).day_number(), 0);
        assert_eq!(d(2000, 3, 1).day_number(), 11_017);
        assert_eq!(d(2026, 1, 1).days_until(d(2026, 12, 31)), 364);
        assert_eq!(d(2028, 1, 1).days_until(d(2028, 12, 31)), 365);
        assert_eq!(d(2026, 2, 28).days_until(d(2026, 3, 1)), 1);
        assert_eq!(d(2028, 2, 28).days_until(d(2028, 3, 1)), 2);
        assert_eq!(d(2026, 3, 12).days_until(d(2026, 1, 1)), -70);
        // Consecutive days across many years never skip or repeat.
        let mut prev = d(1999, 12, 31).day_number();
        for y in 2000..2004 {
            for m in 1..=12u8 {
                for day in 1..=31u8 {
                    if let Some(x) = Date::new(y, m, day) {
                        assert_eq!(x.day_number(), prev + 1, "{x}");
                        prev = x.day_number();
                    }
                }
            }
        }
    }

    #[test]
    fn order_and_display() {
        assert!(d(2026, 1, 31) < d(2026, 2, 1));
        assert_eq!(d(2026, 3, 2).to_string(), "2026-03-02");
        assert_eq!(Date::last_of(2026).to_string(), "2026-12-31");
        assert_eq!(
            serde_json::to_string(&d(2026, 3, 12)).expect("json"),
            "\"2026-03-12\""
        );
    }
}
