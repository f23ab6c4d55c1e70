//! CTG061 open-post: a post that is vacant, never filled or still to be
//! negotiated is shown, never silently counted as staffed.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::number::fmt_etp;
use crate::scenario::Status;
use rust_decimal::Decimal;

pub static RULE: Rule = Rule {
    code: Code::OpenPost,
    name: "open-post",
    family: Family::Scenario,
    severity: Severity::Warning,
    summary: "A post is vacant, was never filled, or is still to be negotiated",
    explanation: include_str!("open_post.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, period) in ctx.scenario.periods.iter().enumerate() {
        for post in period.posts.iter().flat_map(|p| &p.entries) {
            let (what, help) = match post.status {
                Status::Filled => continue,
                Status::Vacant => (
                    "is vacant",
                    "recruit, or lower the post's ETP so that the scheme shows what is staffed",
                ),
                Status::NeverFilled => (
                    "was never filled",
                    "decide whether the post is taken back, pooled or given up in the next period",
                ),
                Status::ToBeNegotiated => (
                    "is still to be negotiated with the Caf",
                    "settle it with the Caf before the scheme is signed, then remove the status",
                ),
            };
            let etp = ctx.facts.etp(i, &post.holder.id).unwrap_or(Decimal::ZERO);
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    format!(
                        "period {}: the post of {} ({} ETP) {what}",
                        period.name(),
                        post.holder.id,
                        fmt_etp(etp)
                    ),
                )
                .primary(
                    post.status_span.clone().unwrap_or(post.holder.span.clone()),
                    "status stated here",
                )
                .period(&period.id.id)
                .holder(&post.holder.id)
                .help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    #[test]
    fn statuses_other_than_filled_warn() {
        let t = format!("{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\n[[period]]\nid = \"2022-2025\"\nposts.a = {{ etp = 0.2, status = \"never_filled\" }}\n[[period]]\nid = \"2026\"\nposts.a = {{ etp = 0, status = \"to_be_negotiated\" }}\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 2);
        assert_eq!(primary_text(&t, &d[1]), "\"to_be_negotiated\"");
        assert!(d.iter().all(|d| d.severity == Severity::Warning));
        assert!(run(
            &RULE,
            &t.replace("never_filled", "filled")
                .replace("to_be_negotiated", "filled")
        )
        .is_empty());
    }
}
