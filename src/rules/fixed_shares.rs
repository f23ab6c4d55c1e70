//! CTG090 fixed-shares: with `coordinator_key = "fixed"`, the communes'
//! percentages in `[financing.shares]` name communes and add up to 100 %.

use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::scenario::SharingKey;
use rust_decimal::Decimal;

crate::msgs! {
    NEEDS_SHARES = "ctg090.needs_shares",
        fr: "la clé fixe a besoin des parts des communes",
        en: "the fixed key needs the communes' shares";
    NO_SHARES = "ctg090.no_shares",
        fr: "pas de `[financing.shares]` pour cette clé",
        en: "no `[financing.shares]` for this key";
    ADD_SHARES = "ctg090.add_shares",
        fr: "ajoutez `[financing.shares]` avec un pourcentage par commune, pour un total de 100",
        en: "add `[financing.shares]` with a percentage per commune, adding up to 100";
    UNUSED = "ctg090.unused",
        fr: "des parts sont données mais les communes ne partagent pas selon des pourcentages fixes",
        en: "shares are given but the communes do not share by fixed percentages";
    NOT_USED = "ctg090.not_used", fr: "non utilisées", en: "not used";
    KEY_IN_FORCE = "ctg090.key_in_force", fr: "la clé en vigueur", en: "the key in force";
    SET_FIXED = "ctg090.set_fixed",
        fr: "écrivez `coordinator_key = \"fixed\"`, ou retirez les parts",
        en: "set `coordinator_key = \"fixed\"`, or remove the shares";
    NOT_A_COMMUNE = "ctg090.not_a_commune",
        fr: "`{id}` a une part mais n'est pas une commune du fichier",
        en: "`{id}` has a share but is not a commune of the file";
    NO_COMMUNE = "ctg090.no_commune", fr: "aucune `[[commune]]` n'a cet identifiant", en: "no `[[commune]]` has this id";
    USE_ID = "ctg090.use_id",
        fr: "utilisez l'identifiant d'une `[[commune]]`, ou déclarez la commune",
        en: "use the id of a `[[commune]]`, or declare the commune";
    TOTAL = "ctg090.total",
        fr: "les parts fixes totalisent {total}\u{202f}%, et non 100\u{202f}%",
        en: "the fixed shares add up to {total} %, not 100 %";
    IN_ALL = "ctg090.in_all", fr: "{total}\u{202f}% au total", en: "{total} % in all";
    GIVE = "ctg090.give",
        fr: "donnez les {gap}\u{202f}% manquants à une commune",
        en: "give the missing {gap} % to some commune";
    TAKE = "ctg090.take",
        fr: "retirez {gap}\u{202f}% à une commune",
        en: "take {gap} % off some commune";
    WITHOUT = "ctg090.without", fr: "sans part\u{a0}: {communes}", en: "without a share: {communes}";
}

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
            Diagnostic::error(RULE.code, &NEEDS_SHARES)
                .primary(key.clone(), &NO_SHARES)
                .help(&ADD_SHARES),
        ),
        (Some(shares), _) if !fixed => {
            let mut d =
                Diagnostic::error(RULE.code, &UNUSED).primary(shares.span.clone(), &NOT_USED);
            if let Some((_, key)) = &f.coordinator_key {
                d = d.secondary(key.clone(), &KEY_IN_FORCE);
            }
            out.push(d.help(&SET_FIXED));
        }
        (Some(shares), _) => {
            for (id, _) in &shares.entries {
                if s.commune(&id.id).is_none() {
                    out.push(
                        Diagnostic::error(
                            RULE.code,
                            Text::new(&NOT_A_COMMUNE).arg("id", Arg::id(&id.id)),
                        )
                        .primary(id.span.clone(), &NO_COMMUNE)
                        .holder(&id.id)
                        .structural()
                        .help(&USE_ID),
                    );
                }
            }
            let total: Decimal = shares.entries.iter().map(|(_, p)| p.value).sum();
            if total != Decimal::ONE_HUNDRED {
                let missing: Vec<Arg> = s
                    .communes
                    .iter()
                    .filter(|c| !shares.entries.iter().any(|(id, _)| id.id == c.id.id))
                    .map(|c| super::args::subject(s, &c.id.id))
                    .collect();
                let gap = Decimal::ONE_HUNDRED - total;
                let mut d = Diagnostic::error(
                    RULE.code,
                    Text::new(&TOTAL).arg("total", Arg::number(total)),
                )
                .primary(
                    shares.span.clone(),
                    Text::new(&IN_ALL).arg("total", Arg::number(total)),
                )
                .help(if gap > Decimal::ZERO {
                    Text::new(&GIVE).arg("gap", Arg::number(gap))
                } else {
                    Text::new(&TAKE).arg("gap", Arg::number(-gap))
                });
                if !missing.is_empty() {
                    d = d.note(Text::new(&WITHOUT).arg("communes", Arg::list(missing)));
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
            == ["without a share: B"]));
        let t = text("coordinator_key = \"fixed\"\n");
        assert_eq!(primary_text(&t, &run(&RULE, &t)[0]), "\"fixed\"");
        let t = text("coordinator_key = \"population\"\nshares = { a = 100 }\n");
        assert_eq!(run(&RULE, &t).len(), 1);
        assert!(run(&RULE, &text("coordinator_key = \"equal\"\n")).is_empty());
        assert!(run(&RULE, HEADER).is_empty());
    }
}
