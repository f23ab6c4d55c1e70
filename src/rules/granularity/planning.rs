//! CTG020 in the planning model: figures counted in integer units of the
//! step, and the floor a fixed negative `change` puts on the figure before it.

use super::RULE;
use crate::i18n::{Arg, Text};
use crate::lp::{BuildError, FigureItem, Op, Relax, Rows, Subject, VarId, FIGURE_COST};
use crate::scenario::Period;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

crate::msgs! {
    NOT_MULTIPLE = "ctg020.planning.not_multiple",
        fr: "{figure} ETP n'est pas un multiple positif ou nul du pas {step}\u{a0}: corrigez-le avant de planifier",
        en: "{figure} ETP is not a non-negative multiple of the step {step}: fix it before planning";
    OUT_OF_RANGE = "ctg020.planning.out_of_range",
        fr: "{figure} ETP est hors limites", en: "{figure} ETP is out of range";
}

/// `d` in integer units of `step`; an error (this rule's) when it is not a
/// non-negative multiple of it.
pub fn units(
    d: Decimal,
    step: Decimal,
    span: Option<crate::diagnostic::Span>,
) -> Result<i64, BuildError> {
    let q = d / step;
    if !q.fract().is_zero() || d.is_sign_negative() && !d.is_zero() {
        return Err(BuildError {
            code: Some(RULE.code),
            message: Text::new(&NOT_MULTIPLE)
                .arg("figure", Arg::etp(d))
                .arg("step", Arg::etp(step)),
            span,
        });
    }
    q.to_i64().ok_or_else(|| BuildError {
        code: Some(crate::code::NUMBER),
        message: Text::new(&OUT_OF_RANGE).arg("figure", Arg::etp(d)),
        span,
    })
}

/// The row that keeps holder `holder`'s planned figure `v` high enough for
/// the fixed negative `change` that `next` (the period after it, outside
/// the plan) writes: the figure it leads to must not be below 0.
pub fn floor_rows(
    next: Option<&Period>,
    holder: &str,
    v: VarId,
    r: &mut dyn Rows,
) -> Result<(), BuildError> {
    let Some(c) = next
        .and_then(|p| p.post(holder))
        .filter(|p| p.etp.is_none())
        .and_then(|p| p.change)
        .filter(|c| c.value.is_sign_negative())
    else {
        return Ok(());
    };
    let change = -r.units(c.value.abs(), Some(c.span()))?;
    r.constrain(
        RULE.code,
        Some(c.span()),
        Subject::Figure {
            period: next.map_or(String::new(), |p| p.name().to_owned()),
            item: FigureItem::Change(holder.to_owned()),
            value: change,
        },
        Relax::Cost(FIGURE_COST),
        vec![(vec![(v, 1)], Op::Ge, -change)],
    );
    Ok(())
}
