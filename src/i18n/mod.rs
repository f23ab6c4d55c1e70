//! Every text a user reads, in French and in English (docs/i18n.md).
//!
//! - [`Lang`]: the two languages, how the user chooses one
//!   ([`Lang::detect`]: `--lang`, `CTGPLAN_LANG`, `LC_ALL`, `LC_MESSAGES`,
//!   `LANG`, the system's language, else French) and figures written the
//!   language's way.
//! - [`Msg`]: one message of the catalogue, French and English templates
//!   checked against each other when the program is compiled.
//! - [`Text`]: a message with typed arguments ([`Arg`]), rendered in a
//!   language when printed and serialized as data for JSON.
//!
//! Messages live next to the code that says them (a rule's messages in the
//! rule's file), declared as `static NAME: Msg = Msg::new(key, fr, en);`.

mod lang;
mod msg;
mod schema_words;
mod text;
mod typography;

pub use lang::{Lang, LANG_VARS, NBSP, NNBSP};
pub use msg::{check, Msg, MsgError};
pub use schema_words::{schema_french, SCHEMA_FRENCH};
pub use text::{Arg, Text, RAW};
pub use typography::plain_space_in;

/// Declares catalogue messages, each a checked [`Msg`] in a `static`:
///
/// ```
/// ctgplan::msgs! {
///     /// A comment for the message.
///     pub(crate) EMPTY = "load.empty", fr: "le fichier est vide", en: "the file is empty";
/// }
/// assert_eq!(EMPTY.key, "load.empty");
/// ```
#[macro_export]
macro_rules! msgs {
    ($($(#[$m:meta])* $vis:vis $name:ident = $key:literal, fr: $fr:literal, en: $en:literal;)*) => {
        $($(#[$m])* $vis static $name: $crate::i18n::Msg = $crate::i18n::Msg::new($key, $fr, $en);)*
    };
}
