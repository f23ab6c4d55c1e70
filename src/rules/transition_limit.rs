//! CTG080 transition-limit: a commune's or a theme's ETP moves no more than the
//! declared maximum between consecutive periods.

use super::{Context, Family, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::number::fmt_etp;
use crate::rules::post_change::signed;

pub static RULE: Rule = Rule {
    code: "CTG080",
    name: "transition-limit",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A commune or theme moves more than the declared maximum between consecutive periods",
    explanation: include_str!("transition_limit.md"),
    check: Some(check),
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    for (i, period) in s.periods.iter().enumerate().skip(1) {
        let Some(prev) = s.previous(i) else { continue };
        if let Some(max) = s.rules.max_commune_move {
            for commune in &s.communes {
                let (Some(before), Some(now)) = (
                    ctx.facts.etp(i - 1, &commune.id.id),
                    ctx.facts.etp(i, &commune.id.id),
                ) else {
                    continue;
                };
                let moved = now - before;
                if moved.abs() > max.value {
                    let at = period
                        .post(&commune.id.id)
                        .map(|p| {
                            p.etp
                                .or(p.change)
                                .map_or(p.holder.span.clone(), |f| f.span())
                        })
                        .or_else(|| period.posts.as_ref().map(|p| p.span.clone()))
                        .unwrap_or(period.id.span.clone());
                    out.push(
                        Diagnostic::error(
                            RULE.code,
                            format!(
                                "{} moves {} ETP from {} to {}, more than the {} ETP allowed",
                                commune.id.id,
                                signed(moved),
                                prev.name(),
                                period.name(),
                                fmt_etp(max.value)
                            ),
                        )
                        .primary(at, format!("{} → {} ETP", fmt_etp(before), fmt_etp(now)))
                        .secondary(max.span(), "maximum move declared here")
                        .help("spread the move over more periods, or raise `max_commune_move`"),
                    );
                }
            }
        }
        if let (Some(max), Some(now_t), Some(prev_t)) =
            (s.rules.max_theme_move, &period.themes, &prev.themes)
        {
            for (theme, now) in &now_t.entries {
                let Some(before) = prev_t.get(&theme.id) else {
                    continue;
                };
                let moved = now.value - before.value;
                if moved.abs() > max.value {
                    out.push(
                        Diagnostic::error(
                            RULE.code,
                            format!(
                                "{} moves {} ETP from {} to {}, more than the {} ETP allowed",
                                theme.id,
                                signed(moved),
                                prev.name(),
                                period.name(),
                                fmt_etp(max.value)
                            ),
                        )
                        .primary(
                            now.span(),
                            format!("{} → {} ETP", fmt_etp(before.value), fmt_etp(now.value)),
                        )
                        .secondary(max.span(), "maximum move declared here")
                        .help("spread the move over more periods, or raise `max_theme_move`"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn commune_move_over_limit() {
        let t = format!("{HEADER}[rules]\nmax_commune_move = 0.3\n[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2022-2025\"\nposts.a = {{ etp = 0.7 }}\n[[period]]\nid = \"2026\"\nposts.a = {{ etp = 1.2 }}\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&t, &d[0]), "1.2");
        assert!(d[0].message.contains("+0.5"));
        assert!(run(&RULE, &t.replace("0.3", "0.5")).is_empty());
    }

    #[test]
    fn theme_move_over_limit() {
        let t = format!("{HEADER}[rules]\nmax_theme_move = 0.1\n[[period]]\nid = \"2026\"\nthemes = {{ petite_enfance = 1.6 }}\n[[period]]\nid = \"2027\"\nthemes = {{ petite_enfance = 1.8 }}\n");
        assert_eq!(run(&RULE, &t).len(), 1);
        assert!(run(&RULE, &t.replace("1.8", "1.7")).is_empty());
    }
}
