//! The scenario format as a JSON Schema, generated from the raw types
//! ([`crate::scenario::raw`]) so that it never drifts from what the loader
//! reads. Editors use it to validate and complete a scenario while one types
//! (Taplo, Even Better TOML: see docs/editor.md). `ctgplan schema` prints it;
//! a copy is committed at [`COMMITTED_PATH`].
//!
//! Draft 7, because Taplo's validator knows drafts 4 to 7 only. The schema
//! says what a person may write, no more: ids, sums, steps and the other
//! rules are the checker's business, with better messages.
//!
//! The descriptions are French by default, English with `--lang en`: the
//! English is written here and in the raw types' doc comments, the French in
//! the catalogue ([`crate::i18n::SCHEMA_FRENCH`]), applied to the generated
//! schema by [`translate`]. The committed copies are French at
//! [`COMMITTED_PATH`] and English under [`ENGLISH_DIR`] (docs/editor.md).

use crate::i18n::Lang;
use crate::number::RawNumber;
use crate::scenario::raw::{RawScenario, RawYears};
use schemars::generate::SchemaSettings;
use schemars::transform::{transform_subschemas, Transform};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// Where the schema is committed, relative to the crate root.
pub const COMMITTED_PATH: &str = "schema/ctgplan-scenario.schema.json";

/// Where the schema of a Caf's portfolio file is committed.
pub const PORTFOLIO_COMMITTED_PATH: &str = "schema/ctgplan-portfolio.schema.json";

/// Where the English copies of the committed schemas are, relative to the
/// crate root (same file names).
pub const ENGLISH_DIR: &str = "schema/en";

/// The schema's file name.
pub const FILE_NAME: &str = "ctgplan-scenario.schema.json";

/// A figure as `crate::number::parse_text` reads a string: digits with
/// spaces or `_` between them, one `.` or `,`, an optional exponent.
const FIGURE_PATTERN: &str = r"^\s*[+-]?[0-9][0-9_\s]*([.,][0-9][0-9_\s]*)?([eE][+-]?[0-9]+)?\s*$";

/// A year or a range of years, as `load::parse_years` reads them.
const YEARS_PATTERN: &str = r"^\s*[0-9]{4}\s*(-\s*[0-9]{4}\s*)?$";

impl JsonSchema for RawNumber {
    // Inline: a reference would hide the field's own description in editors.
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Figure".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A figure: a number such as 0.2, or a string such as \"0,2\" (decimal comma).",
            "type": ["number", "string"],
            "pattern": FIGURE_PATTERN,
        })
    }
}

impl JsonSchema for RawYears {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Years".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A year such as 2026, or a range such as \"2027-2030\" (1900 to 2200).",
            "type": ["integer", "string"],
            "minimum": 1900,
            "maximum": 2200,
            "pattern": YEARS_PATTERN,
        })
    }
}

/// TOML has no null: an optional key is one left out. Drops the `null` that
/// schemars adds to every `Option`, so that editors do not offer it.
#[derive(Clone)]
struct NoNull;

impl Transform for NoNull {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        if let Some(Value::Array(types)) = obj.get_mut("type") {
            types.retain(|t| t != "null");
            if let [only] = types.as_slice() {
                let only = only.clone();
                obj.insert("type".into(), only);
            }
        }
        if let Some(Value::Array(values)) = obj.get_mut("enum") {
            values.retain(|v| !v.is_null());
        }
        let mut lone = None;
        if let Some(Value::Array(any)) = obj.get_mut("anyOf") {
            any.retain(|s| s.get("type").and_then(Value::as_str) != Some("null"));
            if let [Value::Object(only)] = any.as_slice() {
                lone = Some(only.clone());
            }
        }
        // `anyOf: [X]` is X: merge it, unless a key would clash.
        if let Some(only) = lone {
            if only.keys().all(|k| !obj.contains_key(k)) {
                obj.remove("anyOf");
                obj.extend(only);
            }
        }
    }
}

/// schemars writes an enum whose variants have doc comments as a `oneOf` of
/// `const`s. Taplo completes `enum` lists and reads their docs from
/// `x-taplo.docs.enumValues`, so the enum is rewritten that way.
#[derive(Clone)]
struct EnumLists;

impl Transform for EnumLists {
    fn transform(&mut self, schema: &mut Schema) {
        transform_subschemas(self, schema);
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        let Some(Value::Array(variants)) = obj.get("oneOf") else {
            return;
        };
        let mut values = Vec::new();
        let mut docs = Vec::new();
        for variant in variants {
            let Some(v) = variant.as_object() else {
                return;
            };
            let plain = v.get("type").and_then(Value::as_str) == Some("string")
                && v.keys()
                    .all(|k| matches!(k.as_str(), "type" | "const" | "enum" | "description"));
            let listed = match (v.get("const"), v.get("enum")) {
                (Some(c), None) => vec![c.clone()],
                (None, Some(Value::Array(e))) => e.clone(),
                _ => return,
            };
            if !plain {
                return;
            }
            let doc = v.get("description").cloned().unwrap_or(Value::Null);
            for value in listed {
                values.push(value);
                docs.push(doc.clone());
            }
        }
        obj.remove("oneOf");
        obj.insert("type".into(), "string".into());
        obj.insert("enum".into(), Value::Array(values));
        if docs.iter().any(|d| !d.is_null()) {
            obj.insert(
                "x-taplo".into(),
                serde_json::json!({ "docs": { "enumValues": docs } }),
            );
        }
    }
}

/// The schema, as a JSON value with its keys sorted (so that the text does
/// not depend on serde_json's `preserve_order` feature), its descriptions in
/// `lang`.
pub fn schema(lang: Lang) -> Value {
    let schema = generator().into_root_schema_for::<RawScenario>();
    let mut value = schema.to_value();
    add_variant_keys(&mut value);
    translate(&mut value, lang);
    sorted(value)
}

/// Writes the texts an editor shows (`description`, `title`, Taplo's
/// `enumValues` docs) in `lang`. The English is the generated one; a text
/// without French stays English (`tests::every_text_has_its_french` fails on
/// it first).
pub fn translate(value: &mut Value, lang: Lang) {
    if lang == Lang::En {
        return;
    }
    visit_texts(value, &mut |text| {
        if let Some(fr) = crate::i18n::schema_french(text) {
            *text = fr.to_owned();
        }
    });
}

/// Calls `f` on every text of the schema that a person reads. Only string
/// values count: a property named `title` (a period's) is an object.
fn visit_texts(value: &mut Value, f: &mut impl FnMut(&mut String)) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), v) {
                    ("description" | "title", Value::String(text)) => f(text),
                    ("enumValues", Value::Array(docs)) => {
                        for doc in docs {
                            if let Value::String(text) = doc {
                                f(text);
                            }
                        }
                    }
                    (_, v) => visit_texts(v, f),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                visit_texts(item, f);
            }
        }
        _ => {}
    }
}

/// A variant file (docs/negotiate.md) is a scenario plus four keys that the
/// loader reads before the rest (`scenario::variant::VARIANT_KEYS`): without
/// them an editor flags every variant as invalid.
fn add_variant_keys(schema: &mut Value) {
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    let strings = serde_json::json!({ "type": "array", "items": { "type": "string" } });
    for key in crate::scenario::variant::VARIANT_KEYS {
        let (description, shape) = match key {
            "extends" => (
                "The base scenario this variant changes, relative to this file.",
                serde_json::json!({ "type": "string" }),
            ),
            "set" => (
                "Asks for `propose`, as its --set (e.g. \"2027-2030.aureille=0.3\").",
                strings.clone(),
            ),
            "unset" => (
                "Keys of the base to remove before the merge (e.g. \"commune.aureille\").",
                strings.clone(),
            ),
            "label" => (
                "The variant's name in `compare`.",
                serde_json::json!({ "type": "string" }),
            ),
            _ => continue,
        };
        let mut shape = shape;
        if let Some(o) = shape.as_object_mut() {
            o.insert("description".into(), description.into());
        }
        props.insert(key.into(), shape);
    }
}

fn generator() -> SchemaGenerator {
    let mut settings = SchemaSettings::draft07();
    // First, so that the draft-7 fix-ups (`$ref` siblings) see the result.
    settings.transforms.insert(0, Box::new(NoNull));
    settings.transforms.insert(1, Box::new(EnumLists));
    settings.into_generator()
}

/// The schema as committed: pretty JSON and a final newline.
pub fn to_json(lang: Lang) -> String {
    pretty(&schema(lang))
}

/// The schema of a Caf's portfolio file (`ctgplan schema --portfolio`).
pub fn portfolio_schema(lang: Lang) -> Value {
    let schema = generator().into_root_schema_for::<crate::portfolio::raw::RawPortfolio>();
    let mut value = schema.to_value();
    translate(&mut value, lang);
    sorted(value)
}

pub fn portfolio_to_json(lang: Lang) -> String {
    pretty(&portfolio_schema(lang))
}

fn pretty(v: &Value) -> String {
    let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.push('\n');
    text
}

fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sorted(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_null_is_left_and_unknown_keys_are_refused() {
        let text = to_json(Lang::Fr);
        assert!(!text.contains("\"null\""), "{text}");
        let s = schema(Lang::Fr);
        assert_eq!(s["additionalProperties"], Value::Bool(false));
        assert_eq!(s["required"], serde_json::json!(["territory"]));
        let mode = &s["definitions"]["Post"]["properties"]["mode"]["enum"];
        assert!(mode.as_array().is_some_and(|m| m.len() == 3), "{mode}");
    }

    /// Every text an editor shows, in the order met.
    fn texts(mut value: Value) -> Vec<String> {
        let mut out = Vec::new();
        visit_texts(&mut value, &mut |t| out.push(t.clone()));
        out
    }

    fn english_texts() -> Vec<String> {
        let mut all = texts(schema(Lang::En));
        all.extend(texts(portfolio_schema(Lang::En)));
        all
    }

    #[test]
    fn every_text_has_its_french() {
        let mut missing: Vec<String> = english_texts()
            .into_iter()
            .filter(|t| crate::i18n::schema_french(t).is_none())
            .collect();
        missing.sort();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "descriptions without French: add them to src/i18n/schema_words.rs\n{missing:#?}"
        );
    }

    #[test]
    fn every_french_entry_is_used() {
        let english = english_texts();
        let stale: Vec<&str> = crate::i18n::SCHEMA_FRENCH
            .iter()
            .map(|(en, _)| *en)
            .filter(|en| !english.iter().any(|t| t == en))
            .collect();
        assert!(
            stale.is_empty(),
            "French for English no schema says (changed or removed): {stale:#?}"
        );
    }

    #[test]
    fn french_is_the_default_and_english_on_request() {
        for (fr, en) in [
            (schema(Lang::Fr), schema(Lang::En)),
            (portfolio_schema(Lang::Fr), portfolio_schema(Lang::En)),
        ] {
            let (fr_texts, en_texts) = (texts(fr.clone()), texts(en.clone()));
            assert_eq!(fr_texts.len(), en_texts.len());
            for (f, e) in fr_texts.iter().zip(&en_texts) {
                assert_eq!(crate::i18n::schema_french(e), Some(f.as_str()));
            }
            // Only the texts differ: what an editor validates is the same.
            let (mut fr, mut en) = (fr, en);
            visit_texts(&mut fr, &mut String::clear);
            visit_texts(&mut en, &mut String::clear);
            assert_eq!(fr, en);
        }
        let s = schema(Lang::Fr);
        assert_eq!(s["title"], "scénario ctgplan");
        assert_eq!(
            s["definitions"]["Post"]["properties"]["locked"]["description"]
                .as_str()
                .map(|d| d.starts_with("`true`\u{a0}: `propose` ne change jamais")),
            Some(true)
        );
    }

    #[test]
    fn documented_variants_become_an_enum_list_with_taplo_docs() {
        #[derive(JsonSchema)]
        #[serde(rename_all = "snake_case")]
        #[allow(dead_code)]
        enum Kind {
            Plain,
            /// The documented one.
            Documented,
        }
        let s = generator().into_root_schema_for::<Kind>().to_value();
        assert_eq!(s["type"], "string");
        assert_eq!(s["enum"], serde_json::json!(["plain", "documented"]));
        assert_eq!(
            s["x-taplo"]["docs"]["enumValues"],
            serde_json::json!([null, "The documented one."])
        );
        assert!(s.get("oneOf").is_none());
    }
}
