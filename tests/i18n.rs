//! `check` in both languages: snapshots of a representative set of
//! fixtures in French and English (human and JSON), and the order in which
//! the language is chosen (`--lang`, CTGPLAN_LANG, LC_ALL, LC_MESSAGES,
//! LANG, else French).

mod support;

use support::{ctgplan, run};

/// One fixture per family of messages: the loader, ids, figures, themes,
/// pooling, statuses, financing, governance.
const FIXTURES: [&str; 11] = [
    "tests/fixtures/invalid/input-toml-syntax.toml",
    "tests/fixtures/invalid/input-number-percent-out-of-range.toml",
    "tests/fixtures/invalid/ctg011-unknown-theme.toml",
    "tests/fixtures/invalid/ctg015-pooled-coordinator.toml",
    "tests/fixtures/invalid/ctg030-period-total.toml",
    "tests/fixtures/invalid/ctg040-theme-split.toml",
    "tests/fixtures/invalid/ctg050-pooled-cycle.toml",
    "tests/fixtures/invalid/ctg061-open-post.toml",
    "tests/fixtures/invalid/ctg080-transition-limit.toml",
    "tests/fixtures/invalid/ctg090-fixed-shares.toml",
    "tests/fixtures/invalid/ctg100-meeting-frequency.toml",
];

fn name(path: &str) -> &str {
    path.rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".toml"))
        .unwrap_or(path)
}

#[test]
fn check_in_french_and_in_english() {
    for lang in ["fr", "en"] {
        for f in FIXTURES {
            let args = ["check", "--color", "never", "--lang", lang, f];
            let exit = support::output(&args).status.code().unwrap_or(-1);
            snapshot!(format!("check_{lang}_{}", name(f)), &args, exit);
        }
    }
}

#[test]
fn json_in_french_keeps_its_keys_and_codes() {
    let args = [
        "check",
        "--format",
        "json",
        "--lang",
        "fr",
        "tests/fixtures/invalid/ctg050-pooled-cycle.toml",
    ];
    let fr: serde_json::Value =
        serde_json::from_slice(&run(&args, 1).stdout).expect("JSON in French");
    let mut en_args = args;
    en_args[4] = "en";
    let en: serde_json::Value =
        serde_json::from_slice(&run(&en_args, 1).stdout).expect("JSON in English");
    let (d_fr, d_en) = (&fr["diagnostics"][0], &en["diagnostics"][0]);
    assert_eq!(d_fr["code"], d_en["code"]);
    assert_eq!(d_fr["message_id"], d_en["message_id"]);
    assert_eq!(d_fr["args"], d_en["args"]);
    assert_ne!(d_fr["message"], d_en["message"]);
    assert!(
        d_fr["message"].as_str().unwrap().contains("mutualisée"),
        "{d_fr}"
    );
    snapshot!("check_json_fr", &args, 1);
}

/// What language `check` speaks with these variables set (all others
/// removed) and these extra arguments.
fn language(vars: &[(&str, &str)], extra: &[&str]) -> &'static str {
    let mut cmd = ctgplan(&["check", "--color", "never"]);
    cmd.args(extra)
        .arg("scenarios/vallee-des-baux-alpilles.toml");
    for var in ctgplan::i18n::LANG_VARS {
        cmd.env_remove(var);
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the binary runs");
    let text = String::from_utf8_lossy(&out.stdout);
    if text.contains("fichier vérifié") {
        "fr"
    } else if text.contains("checked 1 file") {
        "en"
    } else {
        panic!("neither language: {text}")
    }
}

#[test]
fn the_language_is_chosen_in_order() {
    let all_fr = [
        ("CTGPLAN_LANG", "fr"),
        ("LC_ALL", "fr_FR.UTF-8"),
        ("LC_MESSAGES", "fr_FR.UTF-8"),
        ("LANG", "fr_FR.UTF-8"),
    ];
    // --lang wins over every variable.
    assert_eq!(language(&all_fr, &["--lang", "en"]), "en");
    // Each variable wins over those after it.
    for i in 0..all_fr.len() {
        let mut vars: Vec<(&str, &str)> = all_fr.iter().skip(i + 1).copied().collect();
        vars.push((all_fr[i].0, "en_US.UTF-8"));
        assert_eq!(
            language(&vars, &[]),
            "en",
            "{} over the later ones",
            all_fr[i].0
        );
    }
    // Nothing set (and no system language on a bare Linux): French.
    assert_eq!(language(&[], &[]), "fr");
    // "C" says nothing: the next variable decides.
    assert_eq!(
        language(&[("LC_ALL", "C"), ("LANG", "en_GB.UTF-8")], &[]),
        "en"
    );
    assert_eq!(
        language(&[("CTGPLAN_LANG", "fr"), ("LANG", "en_US")], &[]),
        "fr"
    );
    // The option is global: it may come before the command.
    let mut cmd = ctgplan(&["--lang", "fr", "check", "--color", "never", support::VALLEE]);
    let out = cmd.output().expect("the binary runs");
    assert!(String::from_utf8_lossy(&out.stdout).contains("fichier vérifié"));
}
