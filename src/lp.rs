//! A small integer linear program in exact integer coefficients, independent
//! of any solver. Every row belongs to a *group* tagged with the rule code and
//! the file location that imposed it, so that an infeasible ask can be
//! explained in the scenario's own terms, and every solution can be verified
//! exactly before it is trusted.

use crate::code::Code;
use crate::diagnostic::Span;
use rust_decimal::Decimal;

pub type VarId = usize;

/// Terms, comparison and right-hand side of one row.
pub type RowSpec = (Vec<(VarId, i64)>, Op, i64);

/// Cost per unit of relaxing a figure the scenario writes (a post, a theme
/// total, a change): agreed figures are dearer to question than parameters.
pub const FIGURE_COST: i64 = 20;

/// A value known before solving (a constant) or chosen by the solver.
#[derive(Debug, Clone, Copy)]
pub enum Term {
    Const(i64),
    Var(VarId),
}

/// `terms` = constant + variables, as a row `vars op rhs - constant`.
pub fn row_of(terms: &[(Term, i64)], op: Op, rhs: i64) -> RowSpec {
    let mut vars = Vec::new();
    let mut k = 0i64;
    for (t, c) in terms {
        match t {
            Term::Const(v) => k = k.saturating_add(v.saturating_mul(*c)),
            Term::Var(v) => vars.push((*v, *c)),
        }
    }
    (vars, op, rhs.saturating_sub(k))
}

/// Why a scenario cannot be turned into a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The rule the scenario must satisfy first; `None` for a usage error.
    pub code: Option<Code>,
    pub message: crate::i18n::Text,
    pub span: Option<Span>,
}

/// What a rule sees when it adds its rows to the planning model (the
/// planner's builder implements it): the rule writes its own rows, tagged
/// with its code and the place in the file that imposes them.
pub trait Rows {
    /// A figure in integer units of the step.
    fn units(&self, value: Decimal, span: Option<Span>) -> Result<i64, BuildError>;
    /// A bound no figure exceeds, in units.
    fn cap(&self) -> i64;
    fn var(&mut self, name: String, lo: i64, hi: i64, integer: bool) -> VarId;
    /// Rows that may be relaxed at `relax`'s cost when no scheme meets
    /// them all (the elastic model gives them slack).
    fn constrain(
        &mut self,
        code: Code,
        span: Option<Span>,
        what: Subject,
        relax: Relax,
        rows: Vec<RowSpec>,
    );
    /// Like `constrain`, for rows written `scale` times larger than units
    /// (percent rows): the slack stays counted in units.
    fn constrain_scaled(
        &mut self,
        code: Code,
        span: Option<Span>,
        what: Subject,
        relax: Relax,
        rows: Vec<RowSpec>,
        scale: i64,
    );
    /// Rows of the model's structure, never relaxed.
    fn structure(&mut self, code: Code, rows: Vec<RowSpec>);
    /// A group for structure rows added one by one ([`Rows::structure_row`]).
    fn structure_group(&mut self, code: Code) -> usize;
    fn structure_row(&mut self, group: usize, row: RowSpec);
    /// Whether this is the elastic model (every relaxable row has slack, so
    /// that an impossible ask can be explained): a rule may then model a
    /// relaxable condition it otherwise leaves out.
    fn elastic(&self) -> bool;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Var {
    pub name: String,
    pub lo: i64,
    pub hi: i64,
    pub integer: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Le,
    Ge,
    Eq,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub terms: Vec<(VarId, i64)>,
    pub op: Op,
    pub rhs: i64,
    pub group: usize,
}

/// How a group of rows may be relaxed when no scheme meets them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relax {
    /// Structure (flow conservation, objective definitions): never relaxed.
    Never,
    /// A scenario figure or rule parameter: relaxable at this cost per unit.
    Cost(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The code of the rule the rows come from (its `RULE.code`).
    pub code: Code,
    /// Where the constraint is written in the file (the figure or the rule line).
    pub span: Option<Span>,
    /// What the rows say, in the scenario's terms.
    pub what: Subject,
    pub relax: Relax,
}

/// Which figure a [`Subject::Figure`] fixes, by the id it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureItem {
    /// A holder's post (its `etp`, or 0 when listed with neither figure).
    Post(String),
    /// A holder's post, unchanged from the previous period (a period
    /// written as changes that does not list it).
    Unchanged(String),
    /// A holder's `change`.
    Change(String),
    /// A theme's total.
    ThemeTotal(String),
}

impl FigureItem {
    /// The holder's or theme's id.
    pub fn id(&self) -> &str {
        match self {
            FigureItem::Post(id)
            | FigureItem::Unchanged(id)
            | FigureItem::Change(id)
            | FigureItem::ThemeTotal(id) => id,
        }
    }
}

/// The subject of a group, from which relaxations are phrased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Structure,
    /// A figure the scenario fixes (a post, a theme total, a coordinator).
    Figure {
        period: String,
        item: FigureItem,
        value: i64,
    },
    PeriodTotal {
        period: String,
        value: i64,
    },
    CafCap {
        period: String,
        value: i64,
    },
    ThemeMinEtp {
        period: String,
        theme: String,
        value: i64,
    },
    ThemeMinPercent {
        period: String,
        theme: String,
        percent: String,
    },
    CommuneMin {
        period: String,
        commune: String,
        value: i64,
    },
    CommuneMax {
        period: String,
        commune: String,
        value: i64,
    },
    Admissible {
        period: String,
        holder: String,
        theme: String,
    },
    Covered {
        period: String,
        commune: String,
    },
    PooledHost {
        period: String,
        commune: String,
        host: String,
    },
    CommuneMove {
        from: String,
        to: String,
        commune: String,
        value: i64,
    },
    ThemeMove {
        from: String,
        to: String,
        theme: String,
        value: i64,
    },
    /// An ask of `propose --set` (relaxable only when negotiable).
    Ask {
        period: String,
        /// The ask as typed.
        text: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Lp {
    pub vars: Vec<Var>,
    pub rows: Vec<Row>,
    pub groups: Vec<Group>,
    /// Minimised.
    pub objective: Vec<(VarId, i64)>,
    /// (variable, row): the equality `row` defines `variable` (coefficient
    /// ±1) from variables defined before it, so a solver may be handed the
    /// program with the variable substituted away (see `plan::solve`). A
    /// hint only: a pair that no longer fits is ignored.
    pub defs: Vec<(VarId, usize)>,
}

impl Lp {
    pub fn var(&mut self, name: impl Into<String>, lo: i64, hi: i64, integer: bool) -> VarId {
        self.vars.push(Var {
            name: name.into(),
            lo,
            hi,
            integer,
        });
        self.vars.len() - 1
    }

    pub fn group(&mut self, code: Code, span: Option<Span>, what: Subject, relax: Relax) -> usize {
        self.groups.push(Group {
            code,
            span,
            what,
            relax,
        });
        self.groups.len() - 1
    }

    pub fn row(&mut self, group: usize, terms: Vec<(VarId, i64)>, op: Op, rhs: i64) {
        self.rows.push(Row {
            terms,
            op,
            rhs,
            group,
        });
    }

    /// Adds an equality row that defines `var` (see [`Lp::defs`]).
    pub fn defining_row(&mut self, var: VarId, group: usize, terms: Vec<(VarId, i64)>, rhs: i64) {
        self.defs.push((var, self.rows.len()));
        self.row(group, terms, Op::Eq, rhs);
    }

    /// Checks a solution exactly: bounds, integrality and every row except the
    /// structural rows that only define the objective.
    pub fn violations(&self, values: &[i64]) -> Vec<String> {
        let mut bad = Vec::new();
        if values.len() != self.vars.len() {
            bad.push(format!(
                "{} values for {} variables",
                values.len(),
                self.vars.len()
            ));
            return bad;
        }
        for (v, x) in self.vars.iter().zip(values) {
            if *x < v.lo || *x > v.hi {
                bad.push(format!("{} = {x} outside [{}, {}]", v.name, v.lo, v.hi));
            }
        }
        for row in &self.rows {
            let lhs: i128 = row
                .terms
                .iter()
                .map(|(v, c)| i128::from(*c) * i128::from(values.get(*v).copied().unwrap_or(0)))
                .sum();
            let rhs = i128::from(row.rhs);
            let ok = match row.op {
                Op::Le => lhs <= rhs,
                Op::Ge => lhs >= rhs,
                Op::Eq => lhs == rhs,
            };
            if !ok {
                bad.push(format!(
                    "row of group {} broken: {lhs} {:?} {rhs}",
                    row.group, row.op
                ));
            }
        }
        bad
    }

    pub fn objective_value(&self, values: &[i64]) -> i128 {
        value_of(&self.objective, values)
    }
}

/// `Σ c·x` over `terms`, exactly.
pub fn value_of(terms: &[(VarId, i64)], values: &[i64]) -> i128 {
    terms
        .iter()
        .map(|(v, c)| i128::from(*c) * i128::from(values.get(*v).copied().unwrap_or(0)))
        .sum()
}

/// A plain [`Rows`] for the rules' own tests: every row kept as written
/// (no presolve, no slack), figures in units of `step`.
#[cfg(test)]
pub(crate) struct Recorder {
    pub lp: Lp,
    pub step: Decimal,
    pub elastic: bool,
}

#[cfg(test)]
impl Recorder {
    pub fn new(step: Decimal, elastic: bool) -> Self {
        Recorder {
            lp: Lp::default(),
            step,
            elastic,
        }
    }

    /// The groups of relaxable rows, with their code and subject.
    pub fn relaxable(&self) -> Vec<&Group> {
        self.lp
            .groups
            .iter()
            .filter(|g| g.relax != Relax::Never)
            .collect()
    }
}

#[cfg(test)]
impl Rows for Recorder {
    fn units(&self, value: Decimal, span: Option<Span>) -> Result<i64, BuildError> {
        use rust_decimal::prelude::ToPrimitive;
        (value / self.step).to_i64().ok_or(BuildError {
            code: None,
            message: "out of range".into(),
            span,
        })
    }
    fn cap(&self) -> i64 {
        1000
    }
    fn var(&mut self, name: String, lo: i64, hi: i64, integer: bool) -> VarId {
        self.lp.var(name, lo, hi, integer)
    }
    fn constrain(
        &mut self,
        code: Code,
        span: Option<Span>,
        what: Subject,
        relax: Relax,
        rows: Vec<RowSpec>,
    ) {
        self.constrain_scaled(code, span, what, relax, rows, 1);
    }
    fn constrain_scaled(
        &mut self,
        code: Code,
        span: Option<Span>,
        what: Subject,
        relax: Relax,
        rows: Vec<RowSpec>,
        _scale: i64,
    ) {
        let g = self.lp.group(code, span, what, relax);
        for (terms, op, rhs) in rows {
            self.lp.row(g, terms, op, rhs);
        }
    }
    fn structure(&mut self, code: Code, rows: Vec<RowSpec>) {
        self.constrain(code, None, Subject::Structure, Relax::Never, rows);
    }
    fn structure_group(&mut self, code: Code) -> usize {
        self.lp.group(code, None, Subject::Structure, Relax::Never)
    }
    fn structure_row(&mut self, group: usize, (terms, op, rhs): RowSpec) {
        self.lp.row(group, terms, op, rhs);
    }
    fn elastic(&self) -> bool {
        self.elastic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violations_are_exact() {
        let mut lp = Lp::default();
        let a = lp.var("a", 0, 10, true);
        let b = lp.var("b", 0, 10, true);
        let g = lp.group(
            crate::code::Code::Planner,
            None,
            Subject::Structure,
            Relax::Never,
        );
        lp.row(g, vec![(a, 1), (b, 1)], Op::Eq, 3);
        assert!(lp.violations(&[1, 2]).is_empty());
        assert_eq!(lp.violations(&[1, 1]).len(), 1);
        assert_eq!(lp.violations(&[11, -8]).len(), 2);
    }
}
