//! The validated scenario: exact decimals, parsed years, ids with their spans.
//! References are *not* resolved here: a dangling id is a rule breach
//! (CTG011), reported by the rule catalogue, not a load failure.

use crate::diagnostic::Span;
use rust_decimal::Decimal;

pub use super::raw::{CarrierKind, Mode, PeriodKind, SharingKey, Status};

/// An identifier as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub id: String,
    pub span: Span,
}

/// An exact figure (ETP, percent) with where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub value: Decimal,
    pub start: usize,
    pub end: usize,
}

impl Figure {
    pub fn new(value: Decimal, span: Span) -> Self {
        Figure {
            value,
            start: span.start,
            end: span.end,
        }
    }
    pub fn span(&self) -> Span {
        self.start..self.end
    }
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub territory: Territory,
    pub rules: RuleParams,
    pub themes: Vec<Theme>,
    /// Span of the `[themes]` table, if the file declares one (otherwise the
    /// four AFAS themes apply).
    pub themes_span: Option<Span>,
    pub communes: Vec<Commune>,
    pub carriers: Vec<Carrier>,
    pub periods: Vec<Period>,
    /// `[financing]`, if the file declares costs.
    pub financing: Option<Financing>,
    /// `[governance]`, `[[instance]]`, `[[meeting]]`, if the file has any.
    pub governance: Option<super::governance::model::Governance>,
    /// Id → position, so that lookups stay constant-time on large territories.
    pub lookup: Lookup,
    /// For a variant (`extends`): its bases, label and asks.
    pub variant: Option<super::variant::VariantInfo>,
}

/// Positions of communes and carriers by id (the first one when an id is
/// declared twice, as CTG010 reports).
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    communes: std::collections::HashMap<String, usize>,
    carriers: std::collections::HashMap<String, usize>,
}

impl Lookup {
    pub fn new(communes: &[Commune], carriers: &[Carrier]) -> Lookup {
        let mut l = Lookup::default();
        for (i, c) in communes.iter().enumerate() {
            l.communes.entry(c.id.id.clone()).or_insert(i);
        }
        for (i, c) in carriers.iter().enumerate() {
            l.carriers.entry(c.id.id.clone()).or_insert(i);
        }
        l
    }
}

/// Yearly costs and the Caf's part, in euros (at most two decimals).
#[derive(Debug, Clone)]
pub struct Financing {
    pub label: Option<String>,
    pub assumption: Option<String>,
    pub cost_per_etp: Option<Figure>,
    pub operator_cost_per_etp: Option<Figure>,
    /// Percent of a post's cost.
    pub caf_rate: Option<Figure>,
    pub caf_per_etp: Option<Figure>,
    pub caf_ceiling: Option<Figure>,
    pub coordinator_key: Option<(SharingKey, Span)>,
    /// Percent per commune, for the `fixed` key.
    pub shares: Option<Shares>,
    /// Percent per year by which the costs per ETP rise (`cost --years`).
    pub indexation: Option<Figure>,
    /// The year the amounts are given for.
    pub base_year: Option<(i32, Span)>,
    /// Whether vacant and never-filled posts are costed (default true).
    pub cost_vacant_posts: bool,
    /// Amounts that differ in one period.
    pub by_period: Vec<PeriodFinancing>,
    pub span: Span,
}

/// `[financing.by_period.ID]`: what differs in period ID.
#[derive(Debug, Clone)]
pub struct PeriodFinancing {
    pub period: Ident,
    pub cost_per_etp: Option<Figure>,
    pub operator_cost_per_etp: Option<Figure>,
    pub caf_rate: Option<Figure>,
    pub caf_per_etp: Option<Figure>,
    pub caf_ceiling: Option<Figure>,
}

impl Financing {
    /// The amounts that apply in period `id`: the period's own where
    /// `[financing.by_period]` gives them, the file's otherwise.
    pub fn for_period(&self, id: &str) -> Financing {
        let mut f = self.clone();
        if let Some(p) = self.by_period.iter().find(|p| p.period.id == id) {
            f.cost_per_etp = p.cost_per_etp.or(f.cost_per_etp);
            f.operator_cost_per_etp = p.operator_cost_per_etp.or(f.operator_cost_per_etp);
            f.caf_rate = p.caf_rate.or(f.caf_rate);
            f.caf_per_etp = p.caf_per_etp.or(f.caf_per_etp);
            f.caf_ceiling = p.caf_ceiling.or(f.caf_ceiling);
        }
        f
    }
}

#[derive(Debug, Clone)]
pub struct Shares {
    pub entries: Vec<(Ident, Figure)>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Territory {
    pub name: String,
    pub caf: Option<String>,
    pub epci: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub id: Ident,
    pub label: String,
}

/// The four AFAS categories, in the order the Caf portal numbers them.
pub const AFAS_THEMES: [(&str, &str); 4] = [
    ("petite_enfance", "Petite enfance / inclusion"),
    ("enfance_jeunesse", "Enfance / Jeunesse"),
    ("parentalite", "Parentalité"),
    (
        "acces_droits",
        "Accès aux droits, animation de la vie sociale, numérique, interventions sociales, logement",
    ),
];

#[derive(Debug, Clone)]
pub struct Commune {
    pub id: Ident,
    pub name: String,
    pub insee: Option<Ident>,
    pub population: Option<u64>,
    pub themes: Option<ThemeList>,
    pub pooled_with: Option<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Carrier {
    pub id: Ident,
    pub name: String,
    pub kind: CarrierKind,
    pub themes: Option<ThemeList>,
    pub span: Span,
}

/// Themes a commune or carrier works on.
#[derive(Debug, Clone)]
pub struct ThemeList {
    pub items: Vec<Ident>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct RuleParams {
    /// Granularity of every figure, 0.1 ETP unless stated.
    pub step: Decimal,
    pub step_span: Option<Span>,
    pub commune_min: Option<Figure>,
    pub commune_max: Option<Figure>,
    pub max_commune_move: Option<Figure>,
    pub max_theme_move: Option<Figure>,
    pub theme_rules: Vec<ThemeRule>,
    pub commune_rules: Vec<CommuneRule>,
}

impl Default for RuleParams {
    fn default() -> Self {
        RuleParams {
            step: Decimal::new(1, 1),
            step_span: None,
            commune_min: None,
            commune_max: None,
            max_commune_move: None,
            max_theme_move: None,
            theme_rules: Vec::new(),
            commune_rules: Vec::new(),
        }
    }
}

impl RuleParams {
    /// These rules with `own`'s keys replacing theirs.
    pub fn overridden_by(&self, own: &PeriodRules) -> RuleParams {
        let mut r = self.clone();
        r.commune_min = own.commune_min.or(r.commune_min);
        r.commune_max = own.commune_max.or(r.commune_max);
        r.max_commune_move = own.max_commune_move.or(r.max_commune_move);
        r.max_theme_move = own.max_theme_move.or(r.max_theme_move);
        for t in &own.theme_rules {
            match r.theme_rules.iter_mut().find(|x| x.theme.id == t.theme.id) {
                Some(x) => {
                    x.min_etp = t.min_etp.or(x.min_etp);
                    x.min_percent = t.min_percent.or(x.min_percent);
                }
                None => r.theme_rules.push(t.clone()),
            }
        }
        for c in &own.commune_rules {
            match r
                .commune_rules
                .iter_mut()
                .find(|x| x.commune.id == c.commune.id)
            {
                Some(x) => {
                    x.min = c.min.or(x.min);
                    x.max = c.max.or(x.max);
                }
                None => r.commune_rules.push(c.clone()),
            }
        }
        r
    }
}

#[derive(Debug, Clone)]
pub struct ThemeRule {
    pub theme: Ident,
    pub min_etp: Option<Figure>,
    pub min_percent: Option<Figure>,
}

#[derive(Debug, Clone)]
pub struct CommuneRule {
    pub commune: Ident,
    pub min: Option<Figure>,
    pub max: Option<Figure>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    pub first: i32,
    pub last: i32,
    pub start: usize,
    pub end: usize,
}

impl Years {
    /// Years read at `span`, if they are a year or a range of years between
    /// 1900 and 2200, first year first; the caller says what else is wrong.
    pub fn checked(parsed: Option<(i32, i32)>, span: Span) -> Option<Years> {
        let (first, last) = parsed?;
        let known = 1900..=2200;
        (known.contains(&first) && known.contains(&last) && first <= last).then_some(Years {
            first,
            last,
            start: span.start,
            end: span.end,
        })
    }

    pub fn span(&self) -> Span {
        self.start..self.end
    }
}

impl std::fmt::Display for Years {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Period {
    pub id: Ident,
    /// Given by `years`, or read from an id such as "2027-2030".
    pub years: Option<Years>,
    pub kind: Option<PeriodKind>,
    pub label: Option<String>,
    pub caf_total: Option<Figure>,
    pub total: Option<Figure>,
    pub coordinator: Option<Coordinator>,
    pub themes: Option<ThemeTotals>,
    pub posts: Option<Posts>,
    /// `[period.rules]`: what replaces `[rules]` in this period
    /// ([`Scenario::rules_for`] puts them together).
    pub rules: Option<PeriodRules>,
    /// `locked = true`: propose keeps every figure as written.
    pub locked: bool,
    pub span: Span,
}

/// The rules one period sets for itself; each one given replaces the file's.
#[derive(Debug, Clone, Default)]
pub struct PeriodRules {
    pub commune_min: Option<Figure>,
    pub commune_max: Option<Figure>,
    pub max_commune_move: Option<Figure>,
    pub max_theme_move: Option<Figure>,
    pub theme_rules: Vec<ThemeRule>,
    pub commune_rules: Vec<CommuneRule>,
}

#[derive(Debug, Clone)]
pub struct Coordinator {
    pub etp: Figure,
    pub carrier: Option<Ident>,
    pub mode: Option<Mode>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct ThemeTotals {
    pub entries: Vec<(Ident, Figure)>,
    pub span: Span,
}

impl ThemeTotals {
    pub fn get(&self, theme: &str) -> Option<&Figure> {
        self.entries
            .iter()
            .find(|(t, _)| t.id == theme)
            .map(|(_, f)| f)
    }
}

#[derive(Debug, Clone)]
pub struct Posts {
    pub entries: Vec<Post>,
    pub span: Span,
    /// Holder id → position in `entries` (the first entry for an id).
    pub index: std::collections::HashMap<String, usize>,
}

impl Posts {
    pub fn new(entries: Vec<Post>, span: Span) -> Posts {
        let mut index = std::collections::HashMap::with_capacity(entries.len());
        for (i, p) in entries.iter().enumerate() {
            index.entry(p.holder.id.clone()).or_insert(i);
        }
        Posts {
            entries,
            span,
            index,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Post {
    /// The commune or carrier holding the post (the table key).
    pub holder: Ident,
    pub etp: Option<Figure>,
    pub change: Option<Figure>,
    pub themes: Option<ThemeList>,
    pub status: Status,
    pub status_span: Option<Span>,
    pub mode: Option<Mode>,
    pub pooled_with: Option<Ident>,
    /// `locked = true`: propose keeps the figure as written.
    pub locked: bool,
    pub span: Span,
}

impl Scenario {
    /// The rules that hold in period `period` (an id): `[rules]`, with what
    /// the period's `[period.rules]` replaces, key by key. The one lookup
    /// the checks and the planner's rows share, so that they never disagree.
    pub fn rules_for(&self, period: &str) -> std::borrow::Cow<'_, RuleParams> {
        let own = self
            .periods
            .iter()
            .find(|p| p.id.id == period)
            .and_then(|p| p.rules.as_ref());
        match own {
            None => std::borrow::Cow::Borrowed(&self.rules),
            Some(own) => std::borrow::Cow::Owned(self.rules.overridden_by(own)),
        }
    }
    pub fn commune(&self, id: &str) -> Option<&Commune> {
        self.lookup
            .communes
            .get(id)
            .and_then(|i| self.communes.get(*i))
    }
    /// Position of commune `id` in [`Scenario::communes`].
    pub fn commune_index(&self, id: &str) -> Option<usize> {
        self.lookup.communes.get(id).copied()
    }
    pub fn carrier(&self, id: &str) -> Option<&Carrier> {
        self.lookup
            .carriers
            .get(id)
            .and_then(|i| self.carriers.get(*i))
    }
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id.id == id)
    }
    pub fn is_holder(&self, id: &str) -> bool {
        self.commune(id).is_some() || self.carrier(id).is_some()
    }
    /// The period before `index`, in file order.
    pub fn previous(&self, index: usize) -> Option<&Period> {
        index.checked_sub(1).and_then(|i| self.periods.get(i))
    }
    /// Themes a holder works on in a period, whether or not the period lists it.
    pub fn themes_in<'a>(&'a self, period: &'a Period, holder: &str) -> Option<&'a ThemeList> {
        period
            .post(holder)
            .and_then(|p| p.themes.as_ref())
            .or_else(|| self.commune(holder).and_then(|c| c.themes.as_ref()))
            .or_else(|| self.carrier(holder).and_then(|c| c.themes.as_ref()))
    }
    /// Every commune then carrier id, in file order.
    pub fn holder_ids(&self) -> impl Iterator<Item = &Ident> {
        self.communes
            .iter()
            .map(|c| &c.id)
            .chain(self.carriers.iter().map(|c| &c.id))
    }
    /// The host a commune is pooled with in a period, if any.
    pub fn pooled_host<'a>(
        &'a self,
        period: &'a Period,
        commune: &'a Commune,
    ) -> Option<&'a Ident> {
        period
            .post(&commune.id.id)
            .and_then(|p| p.pooled_with.as_ref())
            .or(commune.pooled_with.as_ref())
    }
}

impl Period {
    pub fn post(&self, holder: &str) -> Option<&Post> {
        self.posts
            .as_ref()
            .and_then(|p| p.index.get(holder).and_then(|i| p.entries.get(*i)))
    }
    /// A period written as changes from the previous one (a post with `change`
    /// and no `etp`): holders it does not list keep their previous ETP.
    pub fn is_incremental(&self) -> bool {
        self.posts.as_ref().is_some_and(|p| {
            p.entries
                .iter()
                .any(|e| e.etp.is_none() && e.change.is_some())
        })
    }
    pub fn name(&self) -> &str {
        &self.id.id
    }
    /// The move an incremental period declares for a holder whatever its
    /// previous figure: its `change` (when written without `etp`), or 0
    /// when it does not list the holder. `None` in a period of figures.
    pub fn declared_change(&self, holder: &str) -> Option<rust_decimal::Decimal> {
        if !self.is_incremental() {
            return None;
        }
        match self.post(holder) {
            Some(p) if p.etp.is_none() => p.change.map(|c| c.value),
            Some(_) => None,
            None => Some(rust_decimal::Decimal::ZERO),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Years;

    #[test]
    fn years_are_checked_against_the_known_range_and_order() {
        let y = Years::checked(Some((2027, 2030)), 4..15).unwrap();
        assert_eq!((y.first, y.last, y.span()), (2027, 2030, 4..15));
        assert!(Years::checked(Some((2026, 2026)), 0..4).is_some());
        for bad in [
            None,
            Some((2030, 2027)),
            Some((1899, 2000)),
            Some((2026, 2201)),
        ] {
            assert_eq!(Years::checked(bad, 0..4), None, "{bad:?}");
        }
    }
}
