//! Every diagnostic code, registered once: a typed [`Code`] whose text
//! (`CTG030`) is what users, JSON and SARIF see. A leaf module: diagnostics,
//! loaders and rules all use it. A rule module holds the `Rule` for its
//! code (`rules::all`); the loader reports the input codes. Adding a rule
//! means adding its variant here and its `Rule` to `rules::all`; the tests
//! in `rules` check that the two lists match.

use serde::{Serialize, Serializer};

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in code order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as users see it, e.g. `"CTG030"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    /// The planner's own rows (a tie-break bound): never reported.
    Planner = "CTG000",
    Unreadable = "CTG001",
    TomlSyntax = "CTG002",
    Schema = "CTG003",
    Number = "CTG004",
    Years = "CTG005",
    Limit = "CTG006",
    ModelSize = "CTG007",
    DuplicateId = "CTG010",
    UnknownReference = "CTG011",
    InvisibleInId = "CTG012",
    ConfusableId = "CTG013",
    DuplicateInsee = "CTG014",
    PooledCoordinatorCarrier = "CTG015",
    Granularity = "CTG020",
    PeriodTotal = "CTG030",
    ThemeTotal = "CTG031",
    CafCap = "CTG032",
    PostChange = "CTG033",
    ThemeSplit = "CTG040",
    ThemesUnstated = "CTG041",
    ThemeMinimum = "CTG042",
    CommuneBounds = "CTG043",
    PooledPost = "CTG050",
    Coverage = "CTG060",
    OpenPost = "CTG061",
    PeriodOrder = "CTG070",
    TransitionLimit = "CTG080",
    FixedShares = "CTG090",
    CafCeiling = "CTG091",
    PopulationNeeded = "CTG092",
    MeetingFrequency = "CTG100",
    MeetingRegularity = "CTG101",
    SteeringCommittee = "CTG102",
    MeetingReference = "CTG103",
    Attendance = "CTG104",
    JointAction = "CTG105",
    EnvelopeEtp = "CTG110",
    EnvelopeEuros = "CTG111",
    OtherCaf = "CTG112",
    CafUnstated = "CTG113",
    CountedTwice = "CTG114",
    EnvelopeYearEmpty = "CTG115",
    YearOutsideEnvelope = "CTG116",
    PeriodYears = "CTG117",
    TerritoryFloor = "CTG118",
    IncompleteSum = "CTG119",
    ImportUnreadable = "CTG120",
    ImportNoTable = "CTG121",
    ImportPeriod = "CTG122",
    ImportFigure = "CTG123",
    ImportTheme = "CTG124",
    ImportCarriedBy = "CTG125",
    ImportRow = "CTG126",
    ImportNote = "CTG127",
    AskNotUnderstood = "CTG130",
    AskUnknown = "CTG131",
    Ask = "CTG132",
    VariantBase = "CTG135",
    VariantChain = "CTG136",
    VariantPath = "CTG137",
    VariantOverride = "CTG138",
    VariantAsk = "CTG139",
}

impl Code {
    /// Looks a code up by its text, case-insensitively.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

// The loader's names for the input codes (also as `rules::codes::*`).
pub const IO: Code = Code::Unreadable;
pub const TOML_SYNTAX: Code = Code::TomlSyntax;
pub const SCHEMA: Code = Code::Schema;
pub const NUMBER: Code = Code::Number;
pub const YEARS: Code = Code::Years;
pub const LIMIT: Code = Code::Limit;
pub const MODEL_SIZE: Code = Code::ModelSize;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_ordered_and_well_formed() {
        let mut seen = HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{c} registered twice");
            let t = c.as_str();
            assert!(
                t.len() == 6 && t.starts_with("CTG") && t[3..].bytes().all(|b| b.is_ascii_digit()),
                "{t}"
            );
            assert_eq!(Code::parse(&t.to_lowercase()), Some(*c));
        }
        let texts: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = texts.clone();
        sorted.sort_unstable();
        assert_eq!(
            texts, sorted,
            "variants in code order (diagnostics sort by code)"
        );
    }

    #[test]
    fn shows_and_serialises_as_its_text() {
        assert_eq!(Code::PeriodTotal.to_string(), "CTG030");
        assert_eq!(Code::PeriodTotal, "CTG030");
        assert_eq!(
            serde_json::to_string(&Code::PeriodTotal).ok().as_deref(),
            Some("\"CTG030\"")
        );
    }
}
