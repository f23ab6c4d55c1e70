//! `propose caf.toml` with a euro envelope, the territories' priorities, the
//! planned files written by `--out DIR`, and a joint plan that does not
//! depend on the order the portfolio lists its files in
//! (tests/fixtures/portfolio-euros and tests/fixtures/portfolio-plan).

mod support;

use ctgplan::check::portfolio::check_path;
use ctgplan::plan::build::Objective;
use ctgplan::plan::negotiate::Negotiation;
use ctgplan::plan::portfolio::{self as pplan, PortfolioProposal};
use ctgplan::plan::solve::Options;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::{output, run};

const EUROS: &str = "tests/fixtures/portfolio-euros/caf.toml";

fn fixture(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
}

fn json(args: &[&str], exit: i32) -> serde_json::Value {
    let out = run(args, exit);
    serde_json::from_slice(&out.stdout).expect("json")
}

fn cents(v: &serde_json::Value) -> i64 {
    let s = v.as_str().expect("euros as text");
    let (units, frac) = s.split_once('.').expect("two decimals");
    units.parse::<i64>().expect("euros") * 100 + frac.parse::<i64>().expect("cents")
}

/// The ETP a territory's plan gives the posts of `period`, from `propose --format json`.
fn total(v: &serde_json::Value, territory: &str, period: &str) -> String {
    let t = v["territories"]
        .as_array()
        .expect("territories")
        .iter()
        .find(|t| t["territory"] == territory)
        .expect("territory");
    let p = t["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .find(|p| p["period"] == period)
        .expect("period");
    let sum: rust_decimal::Decimal = p["holders"]
        .as_object()
        .expect("holders")
        .values()
        .map(|v| {
            v.as_str()
                .expect("etp")
                .parse::<rust_decimal::Decimal>()
                .expect("number")
        })
        .sum();
    sum.normalize().to_string()
}

#[test]
fn a_euro_envelope_chooses_the_figures() {
    let v = json(&["propose", "--format", "json", EUROS], 0);
    assert_eq!(v["solved_together"], true, "{v}");
    let mut checked = 0;
    for y in v["years"].as_array().expect("years") {
        let (Some(_), Some(_)) = (y["caf_euros"].as_str(), y["envelope_euros"].as_str()) else {
            continue;
        };
        assert!(cents(&y["caf_euros"]) <= cents(&y["envelope_euros"]), "{y}");
        checked += 1;
    }
    assert_eq!(checked, 4, "2026 to 2029 have a euro envelope: {v}");
    // 110,000 € alone; Ouest comes first, so Plaine gives way: 0.4 ETP at
    // 30,000 € is the least step that fits 100,000 €.
    assert_eq!(total(&v, "Ouest", "2027-2029"), "2");
    assert_eq!(total(&v, "Plaine", "2027-2029"), "1.6");
    let out = run(&["--lang", "en", "propose", EUROS], 0);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Caf's euros") && text.contains("€98,000.00"),
        "{text}"
    );
}

/// The portfolio of `dir` written into a temporary folder, with `files` in
/// this order, this envelope and these `[[territory]]` entries.
fn portfolio(
    dir: &str,
    caf: &str,
    files: &[&str],
    envelope: &str,
    entries: &str,
) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let listed: Vec<String> = files
        .iter()
        .map(|f| format!("{:?}", fixture(dir).join(f).display().to_string()))
        .collect();
    let text = format!(
        "[portfolio]\ncaf = \"{caf}\"\nfiles = [{}]\n\n[envelope]\n{envelope}\n{entries}",
        listed.join(", ")
    );
    std::fs::write(tmp.path().join("caf.toml"), text).expect("written");
    tmp
}

fn entry(dir: &str, file: &str, extra: &str) -> String {
    format!(
        "[[territory]]\nfile = {:?}\n{extra}\n",
        fixture(dir).join(file).display().to_string()
    )
}

#[test]
fn priorities_decide_who_gives_way() {
    let envelope = "\"2026\" = { euros = 110000 }\n\"2027-2029\" = { euros = 100000 }";
    let first_plaine = entry("portfolio-euros", "plaine.toml", "priority = 1")
        + &entry("portfolio-euros", "ouest.toml", "priority = 2");
    let tmp = portfolio(
        "portfolio-euros",
        "Caf des Euros",
        &["ouest.toml", "plaine.toml"],
        envelope,
        &first_plaine,
    );
    let file = tmp.path().join("caf.toml");
    let v = json(
        &["propose", "--format", "json", file.to_str().expect("utf-8")],
        0,
    );
    // Plaine first: it keeps its 2 ETP; Ouest gives 0.4 ETP (10,000 €).
    assert_eq!(total(&v, "Plaine", "2027-2029"), "2", "{v}");
    assert_eq!(total(&v, "Ouest", "2027-2029"), "1.6", "{v}");
}

#[test]
fn out_writes_each_planned_territory_and_replaces_nothing_unasked() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().to_str().expect("utf-8");
    let out = run(&["--lang", "en", "propose", EUROS, "--out", dir], 0);
    let text = String::from_utf8_lossy(&out.stdout);
    for name in ["ouest.toml", "plaine.toml"] {
        let path = tmp.path().join(name);
        assert!(
            text.contains(&format!("wrote {}", path.display())),
            "{text}"
        );
        // Comments and layout kept; the written file passes check.
        let written = std::fs::read_to_string(&path).expect("written");
        assert!(written.starts_with("# "), "{written}");
        run(&["check", path.to_str().expect("utf-8")], 0);
    }
    let plaine = std::fs::read_to_string(tmp.path().join("plaine.toml")).expect("written");
    assert!(plaine.contains("p2 = { etp = 0.6 }"), "{plaine}");
    // The written portfolio is within its euro envelope.
    let caf = std::fs::read_to_string(EUROS).expect("fixture");
    std::fs::write(tmp.path().join("caf.toml"), caf).expect("written");
    let caf = tmp.path().join("caf.toml");
    run(&["check", caf.to_str().expect("utf-8")], 0);

    // Existing files are replaced only with --force, and refused before planning.
    std::fs::write(tmp.path().join("ouest.toml"), "mine").expect("written");
    let out = output(&["--lang", "en", "propose", EUROS, "--out", dir]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("already exists"), "{text}");
    assert!(!text.contains("Ouest"), "refused before planning: {text}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("ouest.toml")).expect("kept"),
        "mine"
    );
    run(&["propose", EUROS, "--out", dir, "--force"], 0);

    // The covered files themselves are never the target.
    let out = output(&[
        "--lang",
        "en",
        "propose",
        EUROS,
        "--out",
        "tests/fixtures/portfolio-euros",
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // --out is a folder for a portfolio.
    let out = output(&["--lang", "fr", "propose", EUROS, "--out", "nowhere.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--out prend un dossier existant"), "{text}");
}

/// Each planned file's text by file name; `None`: the portfolio has no plan.
fn planned(file: &Path) -> Option<BTreeMap<String, Option<String>>> {
    let pc = check_path(file);
    let p = pc.portfolio.as_ref().expect("portfolio loads");
    let asks = pplan::read_asks(&pc.covered, &[]).expect("asks");
    let penv = pplan::with_envelope(p, &asks);
    let ts = pplan::territories(&penv, &pc.covered, &asks, &Negotiation::default())
        .expect("territories");
    match pplan::plan(&penv, &ts, Objective::Closest, Options::default(), 1).expect("builds") {
        PortfolioProposal::Planned(plan) => Some(
            ts.iter()
                .zip(&plan.plans)
                .map(|(t, pl)| {
                    let name = Path::new(&t.covered.file)
                        .file_name()
                        .expect("name")
                        .to_string_lossy()
                        .into_owned();
                    (
                        name,
                        pl.as_ref()
                            .map(|pl| pplan::written(t, pl).expect("written")),
                    )
                })
                .collect(),
        ),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Listing the files in another order gives the same plans, ties
    /// included: without priorities, two territories of the same cost per
    /// step can each give way; which one does must not follow `files`.
    #[test]
    fn the_joint_plan_does_not_follow_the_order_of_files(
        shuffle in Just(vec!["nord.toml", "sud.toml", "est.toml"]).prop_shuffle(),
        cap in 42u32..47,
        euros in 95u32..110,
        priorities in any::<bool>(),
    ) {
        let entries = |dir: &str, files: &[&str], extra: &dyn Fn(usize) -> String| -> String {
            files.iter().enumerate().map(|(k, f)| entry(dir, f, &extra(k))).collect()
        };
        let prio = |k: usize| if priorities { format!("priority = {}", k % 2 + 1) } else { String::new() };
        // The ETP portfolio: Est is fixed at 1.2 (its floor), Nord and Sud open.
        let base = ["nord.toml", "sud.toml", "est.toml"];
        let envelope = format!("\"2026\" = {{ etp = 5 }}\n\"2027-2029\" = {{ etp = {}.{} }}", cap / 10, cap % 10);
        let fixed = entries("portfolio-plan", &base, &|k| {
            let floor = if base.get(k) == Some(&"est.toml") { "floor = 1.2\n" } else { "" };
            format!("{floor}{}", prio(k))
        });
        let a = portfolio("portfolio-plan", "Caf du Test", &base, &envelope, &fixed);
        let b = portfolio("portfolio-plan", "Caf du Test", &shuffle, &envelope, &fixed);
        prop_assert_eq!(planned(&a.path().join("caf.toml")), planned(&b.path().join("caf.toml")));

        // The euro portfolio, both listing orders.
        let envelope = format!("\"2027-2029\" = {{ euros = {}000 }}", euros);
        let two = ["ouest.toml", "plaine.toml"];
        let ex = entries("portfolio-euros", &two, &prio);
        let a = portfolio("portfolio-euros", "Caf des Euros", &two, &envelope, &ex);
        let b = portfolio("portfolio-euros", "Caf des Euros", &["plaine.toml", "ouest.toml"], &envelope, &ex);
        prop_assert_eq!(planned(&a.path().join("caf.toml")), planned(&b.path().join("caf.toml")));
    }
}

#[test]
fn a_euro_ask_no_scheme_meets_says_how_far_to_raise_it() {
    let v = json(
        &[
            "propose",
            "--format",
            "json",
            "--set",
            "2027.euros=5000",
            EUROS,
        ],
        1,
    );
    let way = &v["ways"][0];
    assert_eq!(way["kind"], "raise_envelope", "{v}");
    // Both territories at their least (two communes at 0.2 ETP each):
    // 0.4 × 25,000 € + 0.4 × 30,000 €.
    assert_eq!(
        way["euros"],
        // Both territories' euros known: the raise is the amount.
        serde_json::json!([{"year": 2027, "from": "5000.00", "to": "22000.00", "at_least": false}]),
        "{v}"
    );
    // Raised as the way out says, it plans.
    let v = json(
        &[
            "propose",
            "--format",
            "json",
            "--set",
            "2027.euros=22000",
            EUROS,
        ],
        0,
    );
    let y27 = v["years"]
        .as_array()
        .expect("years")
        .iter()
        .find(|y| y["year"] == 2027)
        .expect("2027");
    assert_eq!(y27["caf_euros"], "22000.00", "{v}");
    // Euros are asked to the cent.
    let out = output(&[
        "--lang",
        "en",
        "propose",
        "--set",
        "2027.euros=5000.123",
        EUROS,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("YEARS.euros=EUROS"));
}

#[test]
fn a_caf_ceiling_counts_at_most_the_ceiling() {
    // Plaine's Caf part is capped at 40,000 € a year: at 2 ETP it costs the
    // Caf 40,000 €, not 60,000 €. Under 85,000 €, the plan closest to the
    // figures takes 0.2 ETP (5,000 €) from Ouest; counting Plaine at its
    // rates would take 0.9 ETP from Plaine instead.
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = fixture("portfolio-euros");
    let ouest = std::fs::read_to_string(dir.join("ouest.toml")).expect("fixture");
    let plaine = std::fs::read_to_string(dir.join("plaine.toml"))
        .expect("fixture")
        .replace("caf_rate = 50\n", "caf_rate = 50\ncaf_ceiling = 40000\n");
    std::fs::write(tmp.path().join("ouest.toml"), ouest).expect("written");
    std::fs::write(tmp.path().join("plaine.toml"), plaine).expect("written");
    std::fs::write(
        tmp.path().join("caf.toml"),
        "[portfolio]\ncaf = \"Caf des Euros\"\nfiles = [\"ouest.toml\", \"plaine.toml\"]\n\n[envelope]\n\"2026\" = { euros = 90000 }\n\"2027-2029\" = { euros = 85000 }\n",
    )
    .expect("written");
    let file = tmp.path().join("caf.toml");
    let v = json(
        &["propose", "--format", "json", file.to_str().expect("utf-8")],
        0,
    );
    assert_eq!(total(&v, "Ouest", "2027-2029"), "1.8", "{v}");
    assert_eq!(total(&v, "Plaine", "2027-2029"), "2", "{v}");
    let y27 = v["years"]
        .as_array()
        .expect("years")
        .iter()
        .find(|y| y["year"] == 2027)
        .expect("2027");
    assert_eq!(y27["caf_euros"], "85000.00", "{v}");
}
