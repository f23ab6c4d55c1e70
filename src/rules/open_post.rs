//! CTG061 open-post: a post that is vacant, never filled or still to be
//! negotiated is shown, never silently counted as staffed.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::scenario::Status;
use rust_decimal::Decimal;

crate::msgs! {
    VACANT = "ctg061.vacant",
        fr: "période {period}\u{a0}: le poste ({etp} ETP) porté par {holder} est vacant",
        en: "period {period}: the post of {holder} ({etp} ETP) is vacant";
    VACANT_HELP = "ctg061.vacant.help",
        fr: "recrutez, ou baissez les ETP du poste pour que le schéma montre ce qui est pourvu",
        en: "recruit, or lower the post's ETP so that the scheme shows what is staffed";
    NEVER_FILLED = "ctg061.never_filled",
        fr: "période {period}\u{a0}: le poste ({etp} ETP) porté par {holder} n'a jamais été pourvu",
        en: "period {period}: the post of {holder} ({etp} ETP) was never filled";
    NEVER_FILLED_HELP = "ctg061.never_filled.help",
        fr: "décidez si le poste est repris, mutualisé ou abandonné à la période suivante",
        en: "decide whether the post is taken back, pooled or given up in the next period";
    TO_NEGOTIATE = "ctg061.to_negotiate",
        fr: "période {period}\u{a0}: le poste ({etp} ETP) porté par {holder} reste à négocier avec la Caf",
        en: "period {period}: the post of {holder} ({etp} ETP) is still to be negotiated with the Caf";
    TO_NEGOTIATE_HELP = "ctg061.to_negotiate.help",
        fr: "réglez-le avec la Caf avant la signature du schéma, puis retirez le statut",
        en: "settle it with the Caf before the scheme is signed, then remove the status";
    STATUS_HERE = "ctg061.status_here", fr: "statut indiqué ici", en: "status stated here";
}

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
                Status::Vacant => (&VACANT, &VACANT_HELP),
                Status::NeverFilled => (&NEVER_FILLED, &NEVER_FILLED_HELP),
                Status::ToBeNegotiated => (&TO_NEGOTIATE, &TO_NEGOTIATE_HELP),
            };
            let etp = ctx.facts.etp(i, &post.holder.id).unwrap_or(Decimal::ZERO);
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    Text::new(what)
                        .arg("period", super::args::period(period))
                        .arg(
                            "holder",
                            super::args::subject(ctx.scenario, &post.holder.id),
                        )
                        .arg("etp", Arg::etp(etp)),
                )
                .primary(
                    post.status_span.clone().unwrap_or(post.holder.span.clone()),
                    &STATUS_HERE,
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
