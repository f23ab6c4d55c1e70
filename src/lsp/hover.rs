//! Hover: a rule code shows its explanation; a commune, carrier or theme id
//! its figures per period; a period's `total` how it adds up.

use super::analysis::Analysis;
use crate::number::fmt_etp;
use crate::rules;
use crate::scenario::facts::Facts;
use crate::scenario::{Period, Scenario, Status};
use rust_decimal::Decimal;

/// Escapes Markdown (and the HTML some editors render in it) in file text.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_{}[]<>()#+!|~&".contains(c) {
            out.push('\\');
        }
        if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// The identifier-like word around a byte offset of `text`, with its span.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize, &str)> {
    let offset = offset.min(text.len());
    let before = text.get(..offset)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let after = text.get(offset..)?;
    let end = offset
        + after
            .char_indices()
            .find(|(_, c)| !is_word(*c))
            .map_or(after.len(), |(i, _)| i);
    let word = text.get(start..end)?;
    (!word.is_empty()).then_some((start, end, word))
}

/// Hover text (Markdown) and the span it is about, for a byte offset of the body.
pub fn hover(a: &Analysis, offset: usize) -> Option<(std::ops::Range<usize>, String)> {
    let body = a.body();
    let (start, end, word) = word_at(body, offset)?;
    if word.len() == 6 && word.get(..3)?.eq_ignore_ascii_case("CTG") {
        if let Some(rule) = rules::find(word) {
            return Some((start..end, rule_text(rule)));
        }
    }
    let (s, facts) = (a.scenario.as_ref()?, a.facts.as_ref()?);
    for (i, period) in s.periods.iter().enumerate() {
        if let Some(total) = period.total {
            let line_of = |b: usize| body.get(..b).map(|t| t.matches('\n').count());
            let on_value = (total.start..=total.end).contains(&offset);
            let on_key = word == "total" && line_of(start) == line_of(total.start);
            if on_value || on_key {
                return Some((start..end, total_text(s, facts, i, period)));
            }
        }
    }
    if s.commune(word).is_some() || s.carrier(word).is_some() {
        return Some((start..end, holder_text(s, facts, word)));
    }
    if s.theme(word).is_some() {
        return Some((start..end, theme_text(s, facts, word)));
    }
    None
}

pub fn rule_text(rule: &rules::Rule) -> String {
    format!(
        "**{} {}** ({})\n\n{}.\n\n{}",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.summary,
        rule.explanation.trim()
    )
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Filled => "filled",
        Status::Vacant => "vacant",
        Status::NeverFilled => "never_filled",
        Status::ToBeNegotiated => "to_be_negotiated",
    }
}

fn etp(v: Option<Decimal>) -> String {
    v.map_or_else(|| "?".to_owned(), fmt_etp)
}

fn holder_text(s: &Scenario, facts: &Facts, id: &str) -> String {
    let mut out = match (s.commune(id), s.carrier(id)) {
        (Some(c), _) => {
            let mut head = format!("**{}** (commune `{}`)", md(&c.name), md(id));
            if let Some(p) = c.population {
                head.push_str(&format!(", population {p}"));
            }
            head
        }
        (None, Some(c)) => format!("**{}** (carrier `{}`)", md(&c.name), md(id)),
        (None, None) => format!("`{}`", md(id)),
    };
    out.push_str("\n\n| period | ETP | themes | status |\n|---|---|---|---|\n");
    for (i, period) in s.periods.iter().enumerate() {
        let themes = s.themes_in(period, id).map_or_else(
            || "—".to_owned(),
            |t| {
                t.items
                    .iter()
                    .map(|t| md(&t.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        );
        let post = period.post(id);
        let mut status = post.map_or("", |p| status_name(p.status)).to_owned();
        if let Some(host) = s.commune(id).and_then(|c| s.pooled_host(period, c)) {
            status = format!("pooled with {}", md(&host.id));
        }
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            md(period.name()),
            etp(facts.etp(i, id)),
            themes,
            status
        ));
    }
    out
}

fn theme_text(s: &Scenario, facts: &Facts, id: &str) -> String {
    let label = s.theme(id).map_or("", |t| t.label.as_str());
    let mut out = format!(
        "**{}** (theme `{}`)\n\n| period | theme total | held by posts listing it |\n|---|---|---|\n",
        md(label),
        md(id)
    );
    for (i, period) in s.periods.iter().enumerate() {
        let total = period
            .themes
            .as_ref()
            .and_then(|t| t.get(id))
            .map_or_else(|| "—".to_owned(), |f| fmt_etp(f.value));
        let mut sum = Decimal::ZERO;
        let mut holders = Vec::new();
        for h in s.holder_ids() {
            let serves = s
                .themes_in(period, &h.id)
                .is_some_and(|t| t.items.iter().any(|t| t.id == id));
            let e = facts.etp(i, &h.id).unwrap_or(Decimal::ZERO);
            if serves && e > Decimal::ZERO {
                sum += e;
                holders.push(md(&h.id));
            }
        }
        let held = if holders.is_empty() {
            "—".to_owned()
        } else {
            format!("{} ETP ({})", fmt_etp(sum), holders.join(", "))
        };
        out.push_str(&format!("| {} | {total} | {held} |\n", md(period.name())));
    }
    out
}

fn total_text(s: &Scenario, facts: &Facts, i: usize, period: &Period) -> String {
    let declared = period.total.map(|t| t.value);
    let pf = facts.periods.get(i);
    let mut out = format!(
        "**Total of period {}: {} ETP** (declared)\n\n",
        md(period.name()),
        etp(declared)
    );
    let posts = period.posts.as_ref().map_or(&[][..], |p| &p.entries[..]);
    if period.is_incremental() {
        let prev = s.previous(i);
        let prev_total = pf
            .and(prev)
            .and_then(|_| facts.periods.get(i.checked_sub(1)?).and_then(|p| p.total));
        out.push_str(&format!(
            "The total of {} ({} ETP), plus the changes listed:\n\n| post | change |\n|---|---|\n",
            prev.map_or_else(|| "?".to_owned(), |p| md(p.name())),
            etp(prev_total)
        ));
        for p in posts {
            let change = match (p.etp, p.change) {
                (Some(e), _) => format!("now {}", fmt_etp(e.value)),
                (None, Some(c)) => format!("{:+}", c.value.normalize()),
                (None, None) => "0".to_owned(),
            };
            out.push_str(&format!("| {} | {change} |\n", md(&p.holder.id)));
        }
    } else {
        out.push_str("| post | ETP |\n|---|---|\n");
        for p in posts {
            let v = p.etp.map_or(Decimal::ZERO, |e| e.value);
            let status = match p.status {
                Status::Filled => String::new(),
                other => format!(" ({})", status_name(other)),
            };
            out.push_str(&format!(
                "| {} | {}{status} |\n",
                md(&p.holder.id),
                fmt_etp(v)
            ));
        }
    }
    if let Some(c) = &period.coordinator {
        out.push_str(&format!("| coordinator | {} |\n", fmt_etp(c.etp.value)));
    }
    let derived = pf.and_then(|p| p.derived_total);
    out.push_str(&format!("| **sum** | **{}** |\n\n", etp(derived)));
    match (declared, derived) {
        (Some(d), Some(x)) if d == x => out.push_str("The posts add up to the declared total."),
        (Some(d), Some(x)) => out.push_str(&format!(
            "The posts add up to {} ETP: {} ETP {} the declared total (CTG030).",
            fmt_etp(x),
            fmt_etp((d - x).abs()),
            if x > d { "over" } else { "under" }
        )),
        _ => out.push_str("Without posts, the total cannot be derived."),
    }
    if let Some(t) = pf.and_then(|p| p.theme_total) {
        out.push_str(&format!(
            "\n\nThe theme totals and the coordinator add up to {} ETP.",
            fmt_etp(t)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_include_hyphens_and_accents() {
        let t = "posts.saint-étienne = { etp = 0.2 }";
        let at = t.find("étienne").unwrap();
        assert_eq!(word_at(t, at).unwrap().2, "saint-étienne");
        assert_eq!(word_at(t, 0).unwrap().2, "posts");
        assert!(word_at(t, t.find('{').unwrap()).is_none());
    }

    #[test]
    fn markdown_and_html_in_names_are_escaped() {
        assert_eq!(md("<b>|x"), "\\<b\\>\\|x");
    }
}
