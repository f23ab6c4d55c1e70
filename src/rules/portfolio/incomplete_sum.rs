//! CTG119 incomplete-sum: an envelope that cannot be checked is stated.

use super::super::{Family, Rule};
use super::{years_text, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Msg, Text};

crate::msgs! {
    UNUSABLE = "ctg119.unusable",
        fr: "{file} ne peut pas être chargé\u{a0}: les sommes du portefeuille le laissent de côté",
        en: "{file} cannot be loaded: the portfolio's sums leave it out";
    UNUSABLE_LABEL = "ctg119.unusable.label", fr: "fichier inutilisable", en: "unusable file";
    UNUSABLE_HELP = "ctg119.unusable.help",
        fr: "corrigez d'abord {file} (`ctgplan check {file}` dit comment)",
        en: "fix {file} first (`ctgplan check {file}` says how)";
    ETP_UNKNOWN = "ctg119.etp_unknown",
        fr: "{years}\u{a0}: les ETP cofinancés de {files} sont inconnus, donc cette enveloppe ne peut pas être vérifiée",
        en: "{years}: co-financed ETP of {files} are unknown, so this envelope cannot be checked";
    EUROS_UNKNOWN = "ctg119.euros_unknown",
        fr: "{years}\u{a0}: les euros de la Caf pour {files} sont inconnus, donc cette enveloppe ne peut pas être vérifiée",
        en: "{years}: the Caf's euros of {files} are unknown, so this envelope cannot be checked";
    NOT_CHECKED = "ctg119.not_checked", fr: "non vérifiée", en: "not checked";
    ETP_HELP = "ctg119.etp.help",
        fr: "donnez un `caf_total` ou un `total` pour la période dans {files}",
        en: "give a `caf_total` or a `total` for the period in {files}";
    EUROS_HELP = "ctg119.euros.help",
        fr: "donnez une table `[financing]` et les ETP de chaque poste dans {files}",
        en: "give a `[financing]` table and every post's ETP in {files}";
}

pub static RULE: Rule = Rule {
    code: crate::code::Code::IncompleteSum,
    name: "incomplete-sum",
    family: Family::Portfolio,
    severity: Severity::Warning,
    summary: "A covered file is unusable or a territory's figure is unknown, so the envelope cannot be checked",
    explanation: include_str!("incomplete_sum.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (file, at) in ctx.unusable {
        out.push(
            Diagnostic::warning(
                RULE.code,
                Text::new(&UNUSABLE).arg("file", Arg::raw(file.to_string())),
            )
            .primary(at.clone(), Text::new(&UNUSABLE_LABEL))
            .help(Text::new(&UNUSABLE_HELP).arg("file", Arg::raw(file.to_string()))),
        );
    }
    for (i, env) in ctx.portfolio.envelope.iter().enumerate() {
        let in_env = || {
            ctx.summary
                .years
                .iter()
                .filter(move |y| y.envelope == Some(i))
        };
        let checks: [(_, &'static Msg, &'static Msg); 2] = [
            (env.etp, &ETP_UNKNOWN, &ETP_HELP),
            (env.euros, &EUROS_UNKNOWN, &EUROS_HELP),
        ];
        for (k, (figure, what, needs)) in checks.into_iter().enumerate() {
            let Some(figure) = figure else { continue };
            let mut years = Vec::new();
            let mut files: Vec<&str> = Vec::new();
            for y in in_env() {
                // The known euros alone already over: CTG111 says it.
                let over = env
                    .euros
                    .and_then(|cap| crate::finance::money::to_cents(cap.value))
                    .is_some_and(|cap| y.caf_at_least().0 > cap);
                if k == 1 && over {
                    continue;
                }
                let unknown: Vec<&str> = y
                    .rows
                    .iter()
                    .filter(|r| {
                        if k == 0 {
                            r.etp.is_none()
                        } else {
                            r.caf.is_none()
                        }
                    })
                    .filter_map(|r| ctx.covered.get(r.territory).map(|c| c.file.as_str()))
                    .collect();
                if !unknown.is_empty() {
                    years.push(y.year);
                    for f in unknown {
                        if !files.contains(&f) {
                            files.push(f);
                        }
                    }
                }
            }
            if years.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    Text::new(what)
                        .arg("years", Arg::raw(years_text(&years)))
                        .arg("files", Arg::raw(files.join(", "))),
                )
                .primary(figure.span(), Text::new(&NOT_CHECKED))
                .help(Text::new(needs).arg("files", Arg::raw(files.join(", ")))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{euro_envelope, paid_half, run, territory};

    #[test]
    fn unknown_euros_are_stated() {
        let p = "[portfolio]\ncaf = \"C\"\n[envelope]\n\"2026\" = { etp = 4, euros = 90000 }\n";
        let a = territory("A", Some("C"), "2026", "total = 3.8\n");
        let d = run(&RULE, p, &[("a.toml", &a)], &[]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .render(crate::i18n::Lang::En)
                .contains("the Caf's euros of a.toml"),
            "{}",
            d[0].message.render(crate::i18n::Lang::En)
        );
        let etp_only = "[portfolio]\ncaf = \"C\"\n[envelope]\n\"2026\" = { etp = 4 }\n";
        assert!(run(&RULE, etp_only, &[("a.toml", &a)], &[]).is_empty());
    }

    #[test]
    fn a_year_whose_known_euros_are_already_over_is_left_to_ctg111() {
        let p = euro_envelope;
        let a = paid_half();
        let b = territory("B", Some("C"), "2026", "total = 1\n");
        let files = [("a.toml", a.as_str()), ("b.toml", b.as_str())];
        assert!(run(&RULE, &p("20000"), &files, &[]).is_empty());
        let d = run(&RULE, &p("25000"), &files, &[]);
        assert_eq!(d.len(), 1, "{d:?}");
        let en = d[0].message.render(crate::i18n::Lang::En);
        assert!(en.contains("the Caf's euros of b.toml"), "{en}");
    }
}
