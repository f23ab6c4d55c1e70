//! The proposal as a table for the terminal: holder × theme, with the change
//! from the previous period.

use super::propose::{PeriodPlan, Plan};
use crate::i18n::Lang;
use crate::number::fmt_etp;
use crate::rules::post_change::signed;
use crate::scenario::facts::Facts;
use crate::scenario::Scenario;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The plan's table in `lang`: with the scenario's names (the id of a
/// holder or theme that has none), numbers written the language's way.
pub fn render(s: &Scenario, plan: &Plan, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let num = |d: Decimal| if fr { lang.number(d) } else { fmt_etp(d) };
    let change = |before: Option<Decimal>, now: Decimal| match before {
        Some(b) if b == now => "=".to_owned(),
        Some(b) if fr => lang.etp_change(now - b),
        Some(b) => signed(now - b),
        None if fr => "nouveau".to_owned(),
        None => "new".to_owned(),
    };
    let holder_name = |h: &str| -> String {
        s.commune(h)
            .map(|c| c.name.clone())
            .or_else(|| s.carrier(h).map(|c| c.name.clone()))
            .unwrap_or_else(|| h.to_owned())
    };
    // A long label's first words, cut visibly ("Accès aux droits…").
    let theme_name = |t: &str| -> String {
        s.theme(t)
            .map_or_else(|| t.to_owned(), |x| crate::render::label::short(&x.label))
    };
    let facts = Facts::of(s);
    let mut out = String::new();
    for (k, pp) in plan.periods.iter().enumerate() {
        // The reference is the previous period: planned if in the plan, else as written.
        let prev_plan = k
            .checked_sub(1)
            .and_then(|j| plan.periods.get(j))
            .filter(|p| p.index + 1 == pp.index);
        let prev_holders: HashMap<&str, Decimal> = prev_plan
            .map(|p| p.holders.iter().map(|(h, v)| (h.as_str(), *v)).collect())
            .unwrap_or_default();
        let prev_etp = |h: &str| -> Option<Decimal> {
            match prev_plan {
                Some(_) => prev_holders.get(h).copied(),
                None => pp.index.checked_sub(1).and_then(|j| facts.etp(j, h)),
            }
        };
        let prev_theme = |t: &str| -> Option<Decimal> {
            match prev_plan {
                Some(p) if !p.themes.is_empty() => {
                    p.themes.iter().find(|(x, _)| x == t).map(|(_, v)| *v)
                }
                _ => pp
                    .index
                    .checked_sub(1)
                    .and_then(|j| s.periods.get(j))
                    .and_then(|p| p.themes.as_ref())
                    .and_then(|tt| tt.get(t))
                    .map(|f| f.value),
            }
        };
        out.push_str(&header(s, pp, lang));
        let mut rows: Vec<Vec<String>> = Vec::new();
        let moved_head = if fr { "évolution" } else { "change" };
        let mut head = vec!["".to_owned(), "ETP".to_owned(), moved_head.to_owned()];
        head.extend(pp.themes.iter().map(|(t, _)| theme_name(t)));
        rows.push(head);
        let period = s.periods.get(pp.index);
        let split: HashMap<(&str, &str), Decimal> = pp
            .split
            .iter()
            .map(|(h, t, x)| ((h.as_str(), t.as_str()), *x))
            .collect();
        for (h, v) in &pp.holders {
            let before = prev_etp(h);
            let listed = period.and_then(|p| p.post(h)).is_some();
            if v.is_zero() && !listed && before.is_none_or(|b| b.is_zero()) {
                continue;
            }
            // With the previous figure unknown, the change is the one declared.
            let moved = match (before, period.and_then(|p| p.declared_change(h))) {
                (None, Some(c)) => change(Some(Decimal::ZERO), c),
                _ => change(before, *v),
            };
            let mut row = vec![holder_name(h), num(*v), moved];
            for (t, _) in &pp.themes {
                let x = split.get(&(h.as_str(), t.as_str())).copied();
                row.push(x.map_or(".".to_owned(), num));
            }
            rows.push(row);
        }
        if !pp.themes.is_empty() {
            let sum: Decimal = pp.themes.iter().map(|(_, v)| *v).sum();
            let before: Option<Decimal> = pp.themes.iter().map(|(t, _)| prev_theme(t)).sum();
            let themes = if fr { "thèmes" } else { "themes" };
            let mut row = vec![themes.to_owned(), num(sum), change(before, sum)];
            row.extend(
                pp.themes
                    .iter()
                    .map(|(t, v)| format!("{} ({})", num(*v), change(prev_theme(t), *v))),
            );
            rows.push(row);
        }
        out.push_str(&align(&rows));
        // What the plan changes against the figures the file writes for this
        // period (an ask's neighbours move too: say which, so that nothing
        // changes unseen; the "change" column is against the period before).
        let mut moved: Vec<String> = Vec::new();
        let from_to = |name: String, was: Decimal, now: Decimal| {
            format!("{name} {} \u{2192} {}", num(was), num(now))
        };
        if let Some(p) = period {
            let written = |f: &Option<crate::scenario::model::Figure>| f.as_ref().map(|f| f.value);
            if let (Some(was), Some(now)) = (written(&p.total), pp.total) {
                if was != now {
                    moved.push(from_to("total".to_owned(), was, now));
                }
            }
            if let (Some(was), Some(now)) = (written(&p.caf_total), pp.caf_total) {
                if was != now {
                    let name = if fr {
                        "cofinancé par la Caf"
                    } else {
                        "co-financed by the Caf"
                    };
                    moved.push(from_to(name.to_owned(), was, now));
                }
            }
            for (t, now) in &pp.themes {
                let was = p.themes.as_ref().and_then(|tt| tt.get(t)).map(|f| f.value);
                if let Some(was) = was.filter(|w| w != now) {
                    moved.push(from_to(theme_name(t), was, *now));
                }
            }
        }
        for (h, now) in &pp.holders {
            // Only a figure the file writes (an open post has none to change).
            let was = period
                .and_then(|p| p.post(h))
                .and_then(|post| post.etp.as_ref())
                .map(|f| f.value);
            if let Some(was) = was.filter(|w| w != now) {
                moved.push(from_to(holder_name(h), was, *now));
            }
        }
        if !moved.is_empty() {
            let (head, sep) = if fr {
                ("par rapport au fichier\u{a0}: ", "\u{202f}; ")
            } else {
                ("against the file: ", "; ")
            };
            out.push_str(head);
            out.push_str(&moved.join(sep));
            out.push('\n');
        }
        out.push('\n');
    }
    for n in &plan.notes {
        let note = if fr { "note\u{a0}:" } else { "note:" };
        let n = n.render(lang);
        out.push_str(&format!("{note} {n}\n"));
    }
    out
}

fn header(s: &Scenario, pp: &PeriodPlan, lang: Lang) -> String {
    if lang == Lang::Fr {
        return header_fr(s, pp, lang);
    }
    let staff = if pp.holders.is_empty() {
        &pp.themes
    } else {
        &pp.holders
    };
    let total: Decimal = staff.iter().map(|(_, v)| *v).sum::<Decimal>() + pp.coordinator;
    let kind = s
        .periods
        .get(pp.index)
        .and_then(|p| p.kind)
        .map(|k| format!(" ({})", format!("{k:?}").to_lowercase()))
        .unwrap_or_default();
    // Most files without a coordinator simply do not mention one: "coordinator 0"
    // would read as a figure they gave.
    let coordinator = if pp.coordinator.is_zero() {
        "no global coordinator".to_owned()
    } else {
        format!(
            "of which the global coordinator {}",
            fmt_etp(pp.coordinator)
        )
    };
    format!(
        "period {}{kind}: {} ETP, {coordinator}\n",
        pp.id,
        fmt_etp(total)
    )
}

fn header_fr(s: &Scenario, pp: &PeriodPlan, lang: Lang) -> String {
    use crate::scenario::PeriodKind;
    let staff = if pp.holders.is_empty() {
        &pp.themes
    } else {
        &pp.holders
    };
    let total: Decimal = staff.iter().map(|(_, v)| *v).sum::<Decimal>() + pp.coordinator;
    let kind = match s.periods.get(pp.index).and_then(|p| p.kind) {
        Some(PeriodKind::Past) => " (passée)",
        Some(PeriodKind::Current) => " (en cours)",
        Some(PeriodKind::Transitional) => " (schéma transitoire)",
        Some(PeriodKind::Target) => " (schéma cible)",
        None => "",
    };
    let coordinator = if pp.coordinator.is_zero() {
        "pas de coordinateur global".to_owned()
    } else {
        format!(
            "dont le coordinateur global {}",
            lang.number(pp.coordinator)
        )
    };
    format!(
        "période {}{kind}\u{a0}: {} ETP, {coordinator}\n",
        pp.id,
        lang.number(total)
    )
}

fn align(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|x| x.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let w = widths.get(c).copied().unwrap_or(0);
            let pad = w.saturating_sub(cell.chars().count());
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
