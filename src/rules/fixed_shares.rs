//! CTG090 fixed-shares: with `coordinator_key = "fixed"`, the communes'
//! percentages in `[financing.shares]` name communes and add up to 100 %.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::number::fmt_etp;
use crate::scenario::SharingKey;
use rust_decimal::Decimal;

pub static RULE: Rule = Rule {
    code: Code::FixedShares,
    name: "fixed-shares",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "Fixed shares of a shared post do not add up to 100 %, or name no commune",
    explanation: include_str!("fixed_shares.md"),
    check: Some(check),
    planning: Planning::None,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    let Some(f) = &s.financing else { return };
    let fixed = matches!(f.coordinator_key, Some((SharingKey::Fixed, _)));
    match (&f.shares, &f.coordinator_key) {
        (None, Some((SharingKey::Fixed, key))) => out.push(
            Diagnostic::error(RULE.code, "the fixed key needs the communes' shares")
                .primary(key.clone(), "no `[financing.shares]` for this key")
                .help("add `[financing.shares]` with a percentage per commune, adding up to 100"),
        ),
        (Some(shares), _) if !fixed => {
            let mut d = Diagnostic::error(
                RULE.code,
                "shares are given but the communes do not share by fixed percentages",
            )
            .primary(shares.span.clone(), "not used");
            if let Some((_, key)) = &f.coordinator_key {
                d = d.secondary(key.clone(), "the key in force");
            }
            out.push(d.help("set `coordinator_key = \"fixed\"`, or remove the shares"));
        }
        (Some(shares), _) => {
            for (id, _) in &shares.entries {
                if s.commune(&id.id).is_none() {
                    out.push(
                        Diagnostic::error(
                            RULE.code,
                            format!("`{}` has a share but is not a commune of the file", id.id),
                        )
                        .primary(id.span.clone(), "no `[[commune]]` has this id")
                        .help("use the id of a `[[commune]]`, or declare the commune"),
                    );
                }
            }
            let total: Decimal = shares.entries.iter().map(|(_, p)| p.value).sum();
            if total != Decimal::ONE_HUNDRED {
                let missing: Vec<&str> = s
                    .communes
                    .iter()
                    .filter(|c| !shares.entries.iter().any(|(id, _)| id.id == c.id.id))
                    .map(|c| c.id.id.as_str())
                    .collect();
                let gap = Decimal::ONE_HUNDRED - total;
                let mut d = Diagnostic::error(
                    RULE.code,
                    format!("the fixed shares add up to {} %, not 100 %", fmt_etp(total)),
                )
                .primary(shares.span.clone(), format!("{} % in all", fmt_etp(total)))
                .help(if gap > Decimal::ZERO {
                    format!("give the missing {} % to some commune", fmt_etp(gap))
                } else {
                    format!("take {} % off some commune", fmt_etp(-gap))
                });
                if !missing.is_empty() {
                    d = d.note(format!("without a share: {}", missing.join(", ")));
                }
                out.push(d);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    fn text(financing: &str) -> String {
        format!("{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\n[[commune]]\nid = \"b\"\nname = \"B\"\n[financing]\n{financing}")
    }

    #[test]
    fn shares_must_add_up_to_100() {
        let t = text("coordinator_key = \"fixed\"\nshares = { a = 60, b = 30 }\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message.render(crate::i18n::Lang::En),
            "the fixed shares add up to 90 %, not 100 %"
        );
        assert_eq!(primary_text(&t, &d[0]), "{ a = 60, b = 30 }");
        assert!(run(&RULE, &t.replace("b = 30", "b = 40")).is_empty());
        // Decimals are exact: 33.33 + 33.33 + 33.34 = 100.
        let t = text("coordinator_key = \"fixed\"\nshares = { a = 66.66, b = 33.34 }\n");
        assert!(run(&RULE, &t).is_empty());
        let d = run(&RULE, &t.replace("33.34", "33.35"));
        assert!(d[0]
            .help
            .as_ref()
            .map(|h| h.render(crate::i18n::Lang::En))
            .as_deref()
            .unwrap_or("")
            .contains("0.01 %"));
    }

    #[test]
    fn shares_name_communes_and_go_with_the_fixed_key() {
        let t = text("coordinator_key = \"fixed\"\nshares = { a = 50, x = 40 }\n");
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().any(|d| primary_text(&t, d) == "x"));
        assert!(d.iter().any(|d| d
            .notes
            .iter()
            .map(|n| n.render(crate::i18n::Lang::En))
            .collect::<Vec<_>>()
            == ["without a share: b"]));
        let t = text("coordinator_key = \"fixed\"\n");
        assert_eq!(primary_text(&t, &run(&RULE, &t)[0]), "\"fixed\"");
        let t = text("coordinator_key = \"population\"\nshares = { a = 100 }\n");
        assert_eq!(run(&RULE, &t).len(), 1);
        assert!(run(&RULE, &text("coordinator_key = \"equal\"\n")).is_empty());
        assert!(run(&RULE, HEADER).is_empty());
    }
}
