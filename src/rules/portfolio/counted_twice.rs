//! CTG114 counted-twice: no territory is counted twice in a portfolio.

use super::super::{Family, Rule};
use super::Context;
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use std::collections::HashMap;

crate::msgs! {
    NAMED_TWICE = "ctg114.named_twice",
        fr: "{path} est nommé deux fois dans le portefeuille",
        en: "{path} is named twice in the portfolio";
    NAMED_AGAIN = "ctg114.named_again", fr: "nommé à nouveau", en: "named again";
    FIRST_NAMED = "ctg114.first_named", fr: "nommé d'abord ici", en: "first named here";
    NAMED_TWICE_HELP = "ctg114.named_twice.help",
        fr: "nommez chaque fichier une seule fois (un dossier couvre déjà les fichiers qu'il contient)",
        en: "name each file once (a folder already covers the files in it)";
    SAME_TERRITORY = "ctg114.same_territory",
        fr: "{first} et {second} décrivent tous deux le territoire {territory}",
        en: "{first} and {second} both describe the territory {territory}";
    SECOND_FILE = "ctg114.second_file", fr: "deuxième fichier", en: "second file";
    FIRST_FILE = "ctg114.first_file", fr: "premier fichier", en: "first file";
    SAME_TERRITORY_HELP = "ctg114.same_territory.help",
        fr: "gardez un seul fichier par territoire (par exemple ses périodes dans un même scénario)",
        en: "keep one file per territory (e.g. its periods in one scenario)";
    SAME_COMMUNE = "ctg114.same_commune",
        fr: "la commune {commune} (INSEE {insee}) figure à la fois dans {first} et dans {second}",
        en: "commune {commune} (INSEE {insee}) is in both {first} and {second}";
    SECOND_TERRITORY = "ctg114.second_territory", fr: "deuxième territoire", en: "second territory";
    FIRST_TERRITORY = "ctg114.first_territory", fr: "premier territoire", en: "first territory";
    SAME_COMMUNE_HELP = "ctg114.same_commune.help",
        fr: "une commune relève d'une seule CTG\u{a0}: retirez-la de l'un des fichiers, ou vérifiez son code INSEE",
        en: "a commune belongs to one CTG: remove it from one file, or check its INSEE code";
}

pub static RULE: Rule = Rule {
    code: crate::code::Code::CountedTwice,
    name: "counted-twice",
    family: Family::Portfolio,
    severity: Severity::Error,
    summary: "A file is named twice, or two covered files describe the same territory or commune",
    explanation: include_str!("counted_twice.md"),
    check: None,
    planning: super::super::Planning::None,
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (at, first, path) in ctx.repeated {
        out.push(
            Diagnostic::error(
                RULE.code,
                Text::new(&NAMED_TWICE).arg("path", Arg::raw(path.display().to_string())),
            )
            .primary(at.clone(), Text::new(&NAMED_AGAIN))
            .secondary(first.clone(), Text::new(&FIRST_NAMED))
            .help(Text::new(&NAMED_TWICE_HELP)),
        );
    }
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut insee: HashMap<&str, usize> = HashMap::new();
    for (i, c) in ctx.covered.iter().enumerate() {
        let name = c.scenario.territory.name.trim().to_lowercase();
        if let Some(&j) = names.get(&name) {
            if let Some(first) = ctx.covered.get(j) {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        Text::new(&SAME_TERRITORY)
                            .arg("first", Arg::raw(first.file.to_string()))
                            .arg("second", Arg::raw(c.file.to_string()))
                            .arg("territory", Arg::raw(c.scenario.territory.name.to_string())),
                    )
                    .primary(c.origin.clone(), Text::new(&SECOND_FILE))
                    .secondary(first.origin.clone(), Text::new(&FIRST_FILE))
                    .help(Text::new(&SAME_TERRITORY_HELP)),
                );
            }
            continue;
        }
        names.insert(name, i);
        let mut reported = false;
        for commune in &c.scenario.communes {
            let Some(code) = &commune.insee else { continue };
            match insee.get(code.id.as_str()) {
                Some(&j) if j != i && !reported => {
                    reported = true;
                    if let Some(first) = ctx.covered.get(j) {
                        out.push(
                            Diagnostic::error(
                                RULE.code,
                                Text::new(&SAME_COMMUNE)
                                    .arg("commune", Arg::raw(commune.name.clone()))
                                    .arg("insee", Arg::raw(code.id.clone()))
                                    .arg("first", Arg::raw(first.file.to_string()))
                                    .arg("second", Arg::raw(c.file.to_string())),
                            )
                            .primary(c.origin.clone(), Text::new(&SECOND_TERRITORY))
                            .secondary(first.origin.clone(), Text::new(&FIRST_TERRITORY))
                            .help(Text::new(&SAME_COMMUNE_HELP)),
                        );
                    }
                }
                Some(_) => {}
                None => {
                    insee.insert(code.id.as_str(), i);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::portfolio::test_util::{run, territory};

    #[test]
    fn same_name_or_same_commune() {
        let p = "[portfolio]\ncaf = \"C\"\n";
        let a = territory("A", Some("C"), "2026", "");
        let a2 = territory(" a", Some("C"), "2027", "");
        assert_eq!(
            run(&RULE, p, &[("a.toml", &a), ("b.toml", &a2)], &[]).len(),
            1
        );
        let commune = "[[commune]]\nid = \"x\"\nname = \"Istres\"\ninsee = \"13047\"\n";
        let b = territory("B", Some("C"), "2026", commune);
        let c = territory("C", Some("C"), "2026", commune);
        let d = run(&RULE, p, &[("b.toml", &b), ("c.toml", &c)], &[]);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.render(crate::i18n::Lang::En).contains("13047"));
        let other = territory("D", Some("C"), "2026", &commune.replace("13047", "13039"));
        assert!(run(&RULE, p, &[("b.toml", &b), ("d.toml", &other)], &[]).is_empty());
    }
}
