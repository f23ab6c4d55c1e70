//! Snapshot tests of `ctgplan propose --set` (asks), `--lock` and the
//! alternatives on the Vallée des Baux scenario: what a negotiator types in
//! a meeting and what they read back.

mod support;

use support::{assert_exit, ctgplan, output, VALLEE};

fn propose(name: &str, extra: &[&str], exit: i32) {
    let mut args = vec!["propose", "--color", "never", VALLEE];
    args.extend_from_slice(extra);
    snapshot!(name, &args, exit);
}

#[test]
fn a_commune_figure() {
    propose("ask_commune", &["--set", "2027-2030.aureille=0,3"], 0);
}

#[test]
fn the_caf_total() {
    propose("ask_caf_total", &["--set", "2027-2030.caf_total=3.2"], 0);
}

#[test]
fn a_theme_at_least() {
    propose(
        "ask_theme_at_least",
        &["--set", "2027-2030.petite_enfance>=2.0"],
        0,
    );
}

#[test]
fn a_theme_at_most_by_name() {
    propose(
        "ask_theme_at_most",
        &["--set", "2027-2030.Enfance / Jeunesse<=0.4"],
        0,
    );
}

#[test]
fn the_themes_of_a_post() {
    propose(
        "ask_post_themes",
        &[
            "--set",
            "2027-2030.ccvba.themes=acces_droits,parentalite",
            "--set",
            "2027-2030.ccvba=0.1",
            "--allow-operator-increase",
        ],
        0,
    );
}

#[test]
fn a_locked_figure_stays() {
    propose(
        "ask_with_lock",
        &[
            "--set",
            "2027-2030.aureille=0.3",
            "--lock",
            "2027-2030.saint-remy",
        ],
        0,
    );
}

#[test]
fn asks_no_scheme_meets_give_alternatives() {
    propose(
        "ask_alternatives",
        &[
            "--set",
            "2027-2030.aureille=1.5",
            "--set",
            "2027-2030.saint-remy>=1.2",
        ],
        1,
    );
}

#[test]
fn a_negotiable_ask_may_be_relaxed_and_keep_holds() {
    propose(
        "ask_negotiable_keep",
        &[
            "--set",
            "~2027-2030.aureille=1.5",
            "--set",
            "2027-2030.saint-remy>=1.2",
            "--keep",
            "coverage",
            "--keep",
            "pooled_with",
            "--alternatives",
            "2",
        ],
        1,
    );
}

#[test]
fn asks_not_understood() {
    propose(
        "ask_not_understood",
        &["--set", "2027-2030.aureille 0.3"],
        2,
    );
    propose("ask_unknown", &["--set", "2027-2030.aureile=0.3"], 2);
    propose(
        "ask_on_a_past_period",
        &["--set", "2022-2025.aureille=0.3"],
        2,
    );
    propose("ask_off_step", &["--set", "2027-2030.aureille=0.25"], 2);
}

#[test]
fn asks_in_french() {
    let args = [
        "propose",
        "--color",
        "never",
        VALLEE,
        "--set",
        "2027-2030.aureile=0,3",
    ];
    let mut cmd = ctgplan(&args);
    cmd.env("CTGPLAN_LANG", "fr");
    insta_cmd::assert_cmd_snapshot!("ask_unknown_fr", cmd);
    let args = [
        "propose",
        "--color",
        "never",
        VALLEE,
        "--period",
        "2027-2030",
        "--set",
        "2027-2030.Aureille=0,3",
    ];
    let mut cmd = ctgplan(&args);
    cmd.env("CTGPLAN_LANG", "fr");
    insta_cmd::assert_cmd_snapshot!("ask_commune_fr", cmd);
    let args = [
        "propose",
        "--color",
        "never",
        VALLEE,
        "--set",
        "2027-2030.aureille=1,5",
        "--set",
        "2027-2030.saint-remy>=1,2",
        "--alternatives",
        "2",
    ];
    let mut cmd = ctgplan(&args);
    cmd.env("CTGPLAN_LANG", "fr");
    insta_cmd::assert_cmd_snapshot!("ask_alternatives_fr", cmd);
}

/// The scheme written with an ask passes check and holds the ask.
#[test]
fn out_holds_the_asks_and_passes_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan.toml");
    let o = out.display().to_string();
    let args = [
        "propose",
        "--color",
        "never",
        VALLEE,
        "--set",
        "2027-2030.caf_total=3.2",
        "--set",
        "2027-2030.aureille=0.3",
        "--out",
        &o,
    ];
    assert_exit(&output(&args), &args, 0);
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.contains("caf_total = 3.2"), "{text}");
    assert!(text.contains("aureille = { etp = 0.3"), "{text}");
    let check = ["check", "--color", "never", &o];
    assert_exit(&output(&check), &check, 0);
}

/// An ask that the cheapest changes meet by emptying posts: the Caf's
/// co-financed total is among the ways out too (the search forbids a whole
/// kind of change before single changes), not only a fourth way of leaving
/// communes without a post.
#[test]
fn the_caf_total_is_among_the_ways_out() {
    let args = [
        "propose",
        "--color",
        "never",
        VALLEE,
        "--set",
        "2027-2030.saint-remy=2.5",
    ];
    let out = output(&args);
    assert_exit(&out, &args, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    let ways: Vec<&str> = text.split("alternative ").skip(1).collect();
    // Three minimal sets, and the Caf's raise also as the one that keeps
    // every other post.
    assert_eq!(ways.len(), 4, "{text}");
    assert!(
        ways.iter()
            .any(|w| w.contains("help[CTG032]: raise the Caf co-financed total of 2027-2030")),
        "{text}"
    );
    assert!(
        ways.iter().any(|w| w.contains(
            "help[CTG032]: raise the Caf co-financed total of 2027-2030 from 3.3 to 4.6 ETP, with no other post going down"
        ) && w.contains("per year: Caf +€33,800.00, Saint-Rémy-de-Provence +€33,800.00\n")),
        "{text}"
    );
    assert!(ways.iter().any(|w| w.contains("help[CTG060]")), "{text}");
    propose(
        "ask_saint_remy_ways_out",
        &["--set", "2027-2030.saint-remy=2.5"],
        1,
    );
}

/// The ways out of a variant say their effect, as an ask's do (the variant
/// is completed as the scenario it resolves to).
#[test]
fn a_variants_ways_out_state_their_effect() {
    let args = [
        "propose",
        "--color",
        "never",
        "--lang",
        "en",
        "docs/negotiate/caf-3-2.toml",
        "--set",
        "2027-2030.saint-remy=2.5",
    ];
    let out = output(&args);
    assert_exit(&out, &args, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    let ways = text.matches("\nalternative ").count();
    assert!(ways >= 3, "{text}");
    assert_eq!(text.matches("  effect 2027-2030: ").count(), ways, "{text}");
    assert!(
        text.contains("Saint-Rémy-de-Provence +€33,800.00"),
        "{text}"
    );
}

/// An envelope ask on years no territory's convention covers changes
/// nothing: refused, naming the years that exist.
#[test]
fn an_envelope_outside_every_convention_is_refused() {
    for (lang, said) in [
        ("fr", "aucune convention du portefeuille ne couvre 2031"),
        ("en", "no convention of the portfolio covers 2031"),
    ] {
        let args = [
            "propose",
            "--color",
            "never",
            "--lang",
            lang,
            "scenarios/caf-bouches-du-rhone.toml",
            "--set",
            "2031.envelope=6.8",
        ];
        let out = output(&args);
        assert_exit(&out, &args, 2);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(said), "{text}");
        assert!(text.contains("2022-2030"), "{text}");
    }
}

/// When what `--keep` protects and the firm asks leave nothing to change,
/// `propose` says so and what to loosen (not an empty list of changes).
#[test]
fn nothing_left_to_change_is_said() {
    let args = [
        "propose",
        "--color",
        "never",
        "--lang",
        "en",
        VALLEE,
        "--set",
        "2027-2030.saint-remy=2.5",
        "--keep",
        "caf_total",
        "--keep",
        "coverage",
    ];
    let out = output(&args);
    assert_exit(&out, &args, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("no way out leaves alone what --keep protects"),
        "{text}"
    );
    assert!(!text.contains("could not be confirmed"), "{text}");
}

/// A territory of a portfolio that cannot meet its ask even alone: its ways
/// out numbered as `propose`'s, each with its effect.
#[test]
fn a_portfolios_ways_out_are_numbered_with_their_effect() {
    let args = [
        "propose",
        "--color",
        "never",
        "--lang",
        "en",
        "scenarios/caf-bouches-du-rhone.toml",
        "--set",
        "vallee-des-baux-alpilles/2027-2030.saint-remy=2.5",
    ];
    let out = output(&args);
    assert_exit(&out, &args, 1);
    let text = String::from_utf8_lossy(&out.stdout);
    let ways = text.matches("\nalternative ").count();
    assert!(ways >= 3, "{text}");
    assert!(text.contains("\nalternative 2:\n"), "{text}");
    assert_eq!(text.matches("  effect 2027-2030: ").count(), ways, "{text}");
}
