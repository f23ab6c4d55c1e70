//! Arguments of the rules' messages taken from the scenario: a commune,
//! carrier or theme by its name, a period by its name.

use crate::i18n::{Arg, Text};
use crate::render::safe::escape;
use crate::scenario::{Period, Scenario};

/// A commune, carrier or theme named by `id`: its name from the scenario
/// in both languages (see [`Arg::Subject`]), escaped for the terminal.
pub(crate) fn subject(s: &Scenario, id: &str) -> Arg {
    let name = s
        .commune(id)
        .map(|c| c.name.as_str())
        .or_else(|| s.carrier(id).map(|c| c.name.as_str()))
        .or_else(|| s.theme(id).map(|t| t.label.as_str()))
        .unwrap_or("");
    Arg::subject(escape(id), escape(name))
}

/// A period, by its id as the messages have always named it (`2027-2030`
/// reads the same in both languages).
pub(crate) fn period(p: &Period) -> Arg {
    Arg::period(escape(&p.id.id), escape(p.name()))
}

/// Text from the file (an ask as typed, a name), escaped for the terminal.
pub(crate) fn from_file(s: &str) -> Arg {
    Arg::raw(escape(s))
}

crate::msgs! {
    AND = "args.and", fr: "{init} et {last}", en: "{init} and {last}";
}

/// "a", "a and b", "a, b and c" (French: "a, b et c").
pub(crate) fn and_list(mut items: Vec<Arg>) -> Arg {
    match items.len() {
        0 => Arg::raw(""),
        1 => items.pop().unwrap_or_else(|| Arg::raw("")),
        _ => {
            let last = items.pop().unwrap_or_else(|| Arg::raw(""));
            Arg::text(
                Text::new(&AND)
                    .arg("init", Arg::list(items))
                    .arg("last", last),
            )
        }
    }
}
