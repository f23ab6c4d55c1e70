//! CTG050 pooled-post: a pooled commune has no ETP of its own; its host exists,
//! is not pooled itself and carries ETP in that period.

use super::args::subject;
use super::{Code, Context, Family, Planning, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Arg, Text};
use crate::lp::{Op, Relax, Rows, Subject, VarId};
use crate::scenario::{Commune, Ident, Period, Scenario};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

crate::msgs! {
    OWN_ETP = "ctg050.own_etp",
        fr: "période {period}\u{a0}: {commune} est mutualisée avec {host} mais a {etp} ETP en propre",
        en: "period {period}: {commune} is pooled with {host} but holds {etp} ETP of its own";
    OWN_ETP_LABEL = "ctg050.own_etp.label",
        fr: "ETP propres d'une commune mutualisée",
        en: "own ETP of a pooled commune";
    POOLED_HERE = "ctg050.pooled_here", fr: "mutualisée ici", en: "pooled here";
    OWN_ETP_HELP = "ctg050.own_etp.help",
        fr: "reportez ces ETP sur {host} ou supprimez la mutualisation",
        en: "move these ETP to {host} or drop the pooling";
    EMPTY_HOST = "ctg050.empty_host",
        fr: "période {period}\u{a0}: {commune} est mutualisée avec {host}, qui n'a aucun ETP en {period}",
        en: "period {period}: {commune} is pooled with {host}, which carries no ETP in {period}";
    EMPTY_HOST_LABEL = "ctg050.empty_host.label",
        fr: "cette commune d'accueil n'a aucun ETP sur cette période",
        en: "this host carries no ETP in this period";
    EMPTY_HOST_HELP = "ctg050.empty_host.help",
        fr: "donnez un poste à {host} en {period}, ou mutualisez {commune} ailleurs",
        en: "give {host} a post in {period}, or pool {commune} elsewhere";
    ITSELF = "ctg050.itself", fr: "{commune} est mutualisée avec elle-même", en: "{commune} is pooled with itself";
    ITSELF_LABEL = "ctg050.itself.label",
        fr: "une commune ne peut pas s'accueillir elle-même",
        en: "a commune cannot host itself";
    ITSELF_HELP = "ctg050.itself.help",
        fr: "indiquez la commune voisine qui porte le poste",
        en: "name the neighbouring commune that carries the post";
    SHAPE = "ctg050.shape",
        fr: "{commune} est mutualisée avec {host}, elle-même mutualisée avec {next} ({what})",
        en: "{commune} is pooled with {host}, which is itself pooled with {next} ({what})";
    SHAPE_IN = "ctg050.shape_in",
        fr: "période {period}\u{a0}: {commune} est mutualisée avec {host}, elle-même mutualisée avec {next} ({what})",
        en: "period {period}: {commune} is pooled with {host}, which is itself pooled with {next} ({what})";
    CYCLE = "ctg050.cycle", fr: "un cycle", en: "a cycle";
    CHAIN = "ctg050.chain", fr: "une chaîne", en: "a chain";
    HOST_POOLED = "ctg050.host_pooled",
        fr: "la commune d'accueil est elle-même mutualisée",
        en: "host is itself pooled";
    HOST_POOLED_HERE = "ctg050.host_pooled_here", fr: "{host} mutualisée ici", en: "{host} pooled here";
    SHAPE_HELP = "ctg050.shape.help",
        fr: "mutualisez {commune} directement avec la commune qui porte le poste",
        en: "pool {commune} directly with the commune that carries the post";
}

pub static RULE: Rule = Rule {
    code: Code::PooledPost,
    name: "pooled-post",
    family: Family::Scenario,
    severity: Severity::Error,
    summary: "A pooled commune has ETP of its own, or its host is pooled or carries no ETP",
    explanation: include_str!("pooled_post.md"),
    check: Some(check),
    planning: Planning::Figures,
};

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let s = ctx.scenario;
    // Pooling declared on the commune holds for every period: its shape
    // (self, chain, cycle) is reported once.
    let own_cycles = cycle_members(s, None);
    for commune in &s.communes {
        if let Some(host) = &commune.pooled_with {
            shape(s, None, commune, host, &own_cycles, out);
        }
    }
    for (i, period) in s.periods.iter().enumerate() {
        if period.posts.is_none() {
            continue;
        }
        let mut period_cycles: Option<HashSet<&str>> = None;
        for commune in &s.communes {
            let Some(host_id) = s.pooled_host(period, commune) else {
                continue;
            };
            if let Some(own) = ctx
                .facts
                .etp(i, &commune.id.id)
                .filter(|e| *e > Decimal::ZERO)
            {
                let at = period
                    .post(&commune.id.id)
                    .and_then(|p| p.etp.map(|f| f.span()))
                    .unwrap_or(commune.id.span.clone());
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        Text::new(&OWN_ETP)
                            .arg("period", super::args::period(period))
                            .arg("commune", subject(s, &commune.id.id))
                            .arg("host", subject(s, &host_id.id))
                            .arg("etp", Arg::etp(own)),
                    )
                    .primary(at, &OWN_ETP_LABEL)
                    .secondary(host_id.span.clone(), &POOLED_HERE)
                    .period(&period.id.id)
                    .holder(&commune.id.id)
                    .help(Text::new(&OWN_ETP_HELP).arg("host", subject(s, &host_id.id))),
                );
            }
            let per_period = period
                .post(&commune.id.id)
                .and_then(|p| p.pooled_with.as_ref());
            if let Some(host) = per_period {
                let cycles = period_cycles.get_or_insert_with(|| cycle_members(s, Some(period)));
                if !shape(s, Some(period), commune, host, cycles, out) {
                    continue;
                }
            } else if commune
                .pooled_with
                .as_ref()
                .is_some_and(|h| h.id == commune.id.id)
            {
                continue;
            }
            let Some(host) = s.commune(&host_id.id) else {
                continue;
            }; // CTG011 reports it
            if s.pooled_host(period, host).is_none()
                && ctx.facts.etp(i, &host.id.id) == Some(Decimal::ZERO)
            {
                out.push(
                    Diagnostic::error(
                        RULE.code,
                        Text::new(&EMPTY_HOST)
                            .arg("period", super::args::period(period))
                            .arg("commune", subject(s, &commune.id.id))
                            .arg("host", subject(s, &host.id.id)),
                    )
                    .primary(host_id.span.clone(), &EMPTY_HOST_LABEL)
                    .period(&period.id.id)
                    .holder(&commune.id.id)
                    .help(
                        Text::new(&EMPTY_HOST_HELP)
                            .arg("period", super::args::period(period))
                            .arg("commune", subject(s, &commune.id.id))
                            .arg("host", subject(s, &host.id.id)),
                    ),
                );
            }
        }
    }
}

/// The communes that lie on a pooling cycle in `period` (or in the communes'
/// own pooling when `None`). One pass over the whole map: following the hosts
/// from each commune in turn was quadratic on a long chain.
fn cycle_members<'a>(s: &'a Scenario, period: Option<&'a Period>) -> HashSet<&'a str> {
    let host = |id: &str| -> Option<&'a str> {
        let c = s.commune(id)?;
        let h = match period {
            Some(p) => s.pooled_host(p, c),
            None => c.pooled_with.as_ref(),
        }?;
        Some(h.id.as_str())
    };
    // 0 unseen, 1 on the current walk, 2 done.
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut members = HashSet::new();
    for start in &s.communes {
        let mut walk: Vec<&str> = Vec::new();
        let mut at = Some(start.id.id.as_str());
        while let Some(id) = at {
            match state.get(id).copied().unwrap_or(0) {
                0 => {
                    state.insert(id, 1);
                    walk.push(id);
                    at = host(id).filter(|h| s.commune(h).is_some());
                }
                1 => {
                    // Closed a loop within this walk: its members are the
                    // communes from `id` onwards.
                    if let Some(pos) = walk.iter().position(|w| *w == id) {
                        members.extend(walk.iter().skip(pos).copied());
                    }
                    break;
                }
                _ => break,
            }
        }
        for id in walk {
            state.insert(id, 2);
        }
    }
    members
}

/// Reports a commune pooled with itself or with a pooled commune; returns
/// whether the pooling is well formed.
fn shape(
    s: &Scenario,
    period: Option<&Period>,
    commune: &Commune,
    host_id: &Ident,
    on_cycle: &HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    if host_id.id == commune.id.id {
        out.push(
            Diagnostic::error(
                RULE.code,
                Text::new(&ITSELF).arg("commune", subject(s, &commune.id.id)),
            )
            .primary(host_id.span.clone(), &ITSELF_LABEL)
            .holder(&commune.id.id)
            .structural()
            .help(&ITSELF_HELP),
        );
        return false;
    }
    let Some(host) = s.commune(&host_id.id) else {
        return false;
    };
    let next = match period {
        Some(p) => s.pooled_host(p, host),
        None => host.pooled_with.as_ref(),
    };
    let Some(next) = next else { return true };
    // Back to this commune by following the hosts is a cycle (of any length),
    // anything else a chain.
    let cycle = on_cycle.contains(commune.id.id.as_str());
    let what = Text::new(if cycle { &CYCLE } else { &CHAIN });
    let message = match period {
        Some(p) => Text::new(&SHAPE_IN).arg("period", super::args::period(p)),
        None => Text::new(&SHAPE),
    };
    out.push(
        Diagnostic::error(
            RULE.code,
            message
                .arg("commune", subject(s, &commune.id.id))
                .arg("host", subject(s, &host.id.id))
                .arg("next", subject(s, &next.id))
                .arg("what", Arg::text(what)),
        )
        .primary(host_id.span.clone(), &HOST_POOLED)
        .secondary(
            next.span.clone(),
            Text::new(&HOST_POOLED_HERE).arg("host", subject(s, &host.id.id)),
        )
        .holder(&commune.id.id)
        .structural()
        .help(Text::new(&SHAPE_HELP).arg("commune", subject(s, &commune.id.id))),
    );
    false
}

/// Cost per unit of relaxing a pooling (reconsidering it).
pub const RELAX_COST: i64 = 8;

/// The rule's rows in the planning model for `commune` (figure `v`) in
/// `period`, when it is pooled: no ETP of its own, and a host (found by
/// `host_var`) that carries some, unless the host is itself pooled (then
/// the finding is structural). Returns whether the commune is pooled.
pub fn rows(
    s: &Scenario,
    period: &Period,
    commune: &Commune,
    v: VarId,
    host_var: &dyn Fn(&str) -> Option<VarId>,
    r: &mut dyn Rows,
) -> bool {
    let Some(host) = s.pooled_host(period, commune) else {
        return false;
    };
    let what = || Subject::PooledHost {
        period: period.name().to_owned(),
        commune: commune.id.id.clone(),
        host: host.id.clone(),
    };
    r.constrain(
        RULE.code,
        Some(host.span.clone()),
        what(),
        Relax::Cost(RELAX_COST),
        vec![(vec![(v, 1)], Op::Eq, 0)],
    );
    let host_pooled = s
        .commune(&host.id)
        .and_then(|h| s.pooled_host(period, h))
        .is_some();
    if let (Some(hv), false) = (host_var(&host.id), host_pooled || host.id == commune.id.id) {
        r.constrain(
            RULE.code,
            Some(host.span.clone()),
            what(),
            Relax::Cost(RELAX_COST),
            vec![(vec![(hv, 1)], Op::Ge, 1)],
        );
    }
    true
}

crate::msgs! {
    RELAX = "ctg050.relax",
        fr: "revoir la mutualisation de {commune} avec {host} en {period}",
        en: "reconsider pooling {commune} with {host} in {period}";
}

/// How `propose` words a relaxation of the rule.
pub fn relaxation(period: Arg, commune: Arg, host: Arg) -> Text {
    Text::new(&RELAX)
        .arg("period", period)
        .arg("commune", commune)
        .arg("host", host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_util::{primary_text, run, HEADER};

    fn text(baux_pool: &str, maussane_pool: &str, maussane_etp: &str, baux_etp: &str) -> String {
        format!("{HEADER}[[commune]]\nid = \"baux\"\nname = \"Les Baux\"\n{baux_pool}\n[[commune]]\nid = \"maussane\"\nname = \"Maussane\"\n{maussane_pool}\n[[period]]\nid = \"2026\"\nposts.maussane = {{ etp = {maussane_etp} }}\n{baux_etp}\n")
    }

    #[test]
    fn pooled_commune_with_host_holding_a_post_passes() {
        assert!(run(&RULE, &text("pooled_with = \"maussane\"", "", "0.2", "")).is_empty());
    }

    #[test]
    fn pooled_commune_with_own_etp() {
        let t = text(
            "pooled_with = \"maussane\"",
            "",
            "0.2",
            "posts.baux = { etp = 0.1 }",
        );
        let d = run(&RULE, &t);
        assert_eq!(d.len(), 1);
        assert_eq!(primary_text(&t, &d[0]), "0.1");
    }

    #[test]
    fn host_without_post_and_cycles() {
        assert_eq!(
            run(&RULE, &text("pooled_with = \"maussane\"", "", "0", "")).len(),
            1
        );
        let d = run(
            &RULE,
            &text(
                "pooled_with = \"maussane\"",
                "pooled_with = \"baux\"",
                "0",
                "",
            ),
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d
            .iter()
            .all(|d| d.message.render(crate::i18n::Lang::En).contains("cycle")));
        let d = run(&RULE, &text("pooled_with = \"baux\"", "", "0.2", ""));
        assert!(d
            .iter()
            .any(|d| d.message.render(crate::i18n::Lang::En).contains("itself")));
    }

    #[test]
    fn a_tail_into_a_cycle_is_a_chain_and_the_loop_a_cycle() {
        // d → a → b → c → a: d only leads into the loop.
        let mut text = HEADER.to_string();
        for (id, host) in [("d", "a"), ("a", "b"), ("b", "c"), ("c", "a")] {
            text.push_str(&format!(
                "[[commune]]\nid = \"{id}\"\nname = \"{}\"\npooled_with = \"{host}\"\n",
                id.to_uppercase()
            ));
        }
        let d = run(&RULE, &text);
        let said = |who: &str| {
            d.iter()
                .find(|d| d.subject.holder.as_deref() == Some(who))
                .map(|d| d.message.render(crate::i18n::Lang::En))
                .unwrap_or_default()
        };
        assert!(said("d").contains("(a chain)"), "{}", said("d"));
        for who in ["a", "b", "c"] {
            assert!(said(who).contains("(a cycle)"), "{who}: {}", said(who));
        }
    }

    #[test]
    fn a_long_chain_is_found_in_one_pass() {
        let mut text = HEADER.to_string();
        for i in 0..3000 {
            text.push_str(&format!("[[commune]]\nid = \"c{i}\"\nname = \"C{i}\"\n"));
            if i > 0 {
                text.push_str(&format!("pooled_with = \"c{}\"\n", i - 1));
            }
        }
        let d = run(&RULE, &text);
        // c2..c2999 are each pooled with a pooled commune: a chain, never a cycle.
        assert_eq!(d.len(), 2998);
        assert!(d.iter().all(|d| d
            .message
            .render(crate::i18n::Lang::En)
            .contains("(a chain)")));
    }

    #[test]
    fn a_cycle_of_three_is_called_a_cycle() {
        let text = format!(
            "{HEADER}[[commune]]\nid = \"a\"\nname = \"A\"\npooled_with = \"b\"\n[[commune]]\nid = \"b\"\nname = \"B\"\npooled_with = \"c\"\n[[commune]]\nid = \"c\"\nname = \"C\"\npooled_with = \"a\"\n"
        );
        let d = run(&RULE, &text);
        assert!(!d.is_empty());
        for d in &d {
            assert!(
                d.message
                    .render(crate::i18n::Lang::En)
                    .contains("(a cycle)"),
                "{}",
                d.message.render(crate::i18n::Lang::En)
            );
        }
    }
}
