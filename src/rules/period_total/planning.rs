//! CTG030 in the planning model, for each post: the figure the period fixes
//! for it, tagged with this rule (its relaxation changes a figure the total
//! adds up).

use super::RULE;
use crate::i18n::{Arg, Text};
use crate::lp::{
    row_of, BuildError, FigureItem, Op, Relax, Rows, Subject, Term, VarId, FIGURE_COST,
};
use crate::rules::post_change;
use crate::scenario::Period;

/// The rows fixing holder `holder`'s figure `v` in `period`: its `etp`; its
/// `change` from `previous` (the figure before, when known or modelled);
/// 0 when listed with neither (pooled, or a status); in a period written
/// as changes, unchanged from `previous` when not listed. An open post
/// gets none: the proposal fills it.
pub fn post_rows(
    period: &Period,
    holder: &str,
    v: VarId,
    previous: Option<Term>,
    r: &mut dyn Rows,
) -> Result<(), BuildError> {
    let name = period.name();
    let post = period.post(holder);
    let fixed = |item: FigureItem, value: i64| Subject::Figure {
        period: name.to_owned(),
        item,
        value,
    };
    match post.map(|p| (p.etp, p.change)) {
        Some((Some(f), change)) => {
            let value = r.units(f.value, Some(f.span()))?;
            r.constrain(
                RULE.code,
                Some(f.span()),
                fixed(FigureItem::Post(holder.to_owned()), value),
                Relax::Cost(FIGURE_COST),
                vec![(vec![(v, 1)], Op::Eq, value)],
            );
            // Both written: the change ties the previous figure too.
            if let (Some(c), Some(pt)) = (change, previous) {
                post_change::rows(name, holder, v, pt, c, r)?;
            }
        }
        Some((None, Some(c))) => {
            if let Some(pt) = previous {
                post_change::rows(name, holder, v, pt, c, r)?;
            }
        }
        Some((None, None)) => {
            // Listed with neither figure: no ETP of its own (pooled, or a status).
            r.constrain(
                RULE.code,
                Some(post.map_or(period.id.span.clone(), |p| p.span.clone())),
                fixed(FigureItem::Post(holder.to_owned()), 0),
                Relax::Cost(FIGURE_COST),
                vec![(vec![(v, 1)], Op::Eq, 0)],
            );
        }
        None if period.is_incremental() => {
            if let Some(pt) = previous {
                r.constrain(
                    RULE.code,
                    Some(period.id.span.clone()),
                    fixed(FigureItem::Unchanged(holder.to_owned()), 0),
                    Relax::Cost(FIGURE_COST),
                    vec![row_of(&[(Term::Var(v), 1), (pt, -1)], Op::Eq, 0)],
                );
            }
        }
        None => {}
    }
    Ok(())
}

crate::msgs! {
    RELAX_POST = "ctg030.relax_post",
        fr: "passer le poste de {id} de {from} à {to} ETP en {period}",
        en: "change {id} in {period} from {from} to {to} ETP";
    RELAX_UNCHANGED = "ctg030.relax_unchanged",
        fr: "passer le poste de {id}, inchangé jusque-là, de {from} à {to} ETP en {period}",
        en: "change {id} (unchanged) in {period} from {from} to {to} ETP";
    RELAX_CHANGE = "ctg030.relax_change",
        fr: "passer la variation du poste de {id} de {from} à {to} ETP en {period}",
        en: "change the change of {id} in {period} from {from} to {to} ETP";
    RELAX_THEME_TOTAL = "ctg030.relax_theme_total",
        fr: "passer le total de la thématique {id} de {from} à {to} ETP en {period}",
        en: "change the {id} total in {period} from {from} to {to} ETP";
}

/// How `propose` words a relaxation of a figure the scenario fixes (a post,
/// a change, a theme's total): `item` (named `id`) in `period` set from
/// `from` to `to` ETP.
pub fn relaxation_figure(period: Arg, item: &FigureItem, id: Arg, from: Arg, to: Arg) -> Text {
    let msg = match item {
        FigureItem::Post(_) => &RELAX_POST,
        FigureItem::Unchanged(_) => &RELAX_UNCHANGED,
        FigureItem::Change(_) => &RELAX_CHANGE,
        FigureItem::ThemeTotal(_) => &RELAX_THEME_TOTAL,
    };
    Text::new(msg)
        .arg("period", period)
        .arg("id", id)
        .arg("from", from)
        .arg("to", to)
}
