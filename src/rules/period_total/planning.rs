//! CTG030 in the planning model, for each post: the figure the period fixes
//! for it, tagged with this rule (its relaxation changes a figure the total
//! adds up).

use super::RULE;
use crate::lp::{row_of, BuildError, Op, Relax, Rows, Subject, Term, VarId, FIGURE_COST};
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
    let fixed = |item: String, value: i64| Subject::Figure {
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
                fixed(holder.to_owned(), value),
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
                fixed(holder.to_owned(), 0),
                Relax::Cost(FIGURE_COST),
                vec![(vec![(v, 1)], Op::Eq, 0)],
            );
        }
        None if period.is_incremental() => {
            if let Some(pt) = previous {
                r.constrain(
                    RULE.code,
                    Some(period.id.span.clone()),
                    fixed(format!("{holder} (unchanged)"), 0),
                    Relax::Cost(FIGURE_COST),
                    vec![row_of(&[(Term::Var(v), 1), (pt, -1)], Op::Eq, 0)],
                );
            }
        }
        None => {}
    }
    Ok(())
}

/// How `propose` words a relaxation of a figure the scenario fixes (a post,
/// a change): `item` in `period` set from `from` to `to` ETP.
pub fn relaxation_figure(period: &str, item: &str, from: String, to: String) -> String {
    format!("change {item} in {period} from {from} to {to} ETP")
}
