//! The verdict a command ends with, as the process's exit code. Every
//! command returns one of these, never a bare number.

/// How a command ended: 0 valid, 1 a rule breached, 2 unusable input or
/// usage (see README.md, "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum ExitStatus {
    /// The input is valid (or the command did what was asked).
    Valid = 0,
    /// A rule is breached: the file has errors (or, with `--deny warnings`,
    /// warnings). For `lsp`, the client broke the protocol's rule of asking
    /// for `shutdown` before `exit` (the protocol's code 1).
    RuleBreached = 1,
    /// The input could not be used (unreadable, invalid, usage error), or
    /// the command could not do what was asked.
    Unusable = 2,
}

impl ExitStatus {
    /// [`ExitStatus::RuleBreached`] when `breached`, else valid.
    pub fn breached_if(breached: bool) -> Self {
        if breached {
            ExitStatus::RuleBreached
        } else {
            ExitStatus::Valid
        }
    }

    /// The process's exit code.
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<ExitStatus> for u8 {
    fn from(s: ExitStatus) -> u8 {
        s.code()
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        std::process::ExitCode::from(s.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_documented_ones() {
        assert_eq!(ExitStatus::Valid.code(), 0);
        assert_eq!(ExitStatus::RuleBreached.code(), 1);
        assert_eq!(ExitStatus::Unusable.code(), 2);
        assert_eq!(ExitStatus::breached_if(true), ExitStatus::RuleBreached);
        assert_eq!(ExitStatus::breached_if(false), ExitStatus::Valid);
    }
}
