//! Writes synthetic scenarios for benchmarks and scale tests (not shipped in
//! scenarios/): `cargo run --release --example synth -- DIR FILES COMMUNES PERIODS [--open] [--varied]`.
//! Example: 1,200 territories of 29 communes (about 35,000 communes in all):
//! `cargo run --release --example synth -- /tmp/national 1200 29 4`.
//! With `--open`, every period after the first leaves its posts to `propose`
//! (the planning benchmark's input). With `--varied`, each commune lists its
//! own subset of the themes instead of all four. With `--cafs N`, the files
//! get their own names, a Caf and financing, and N Caf portfolios
//! (`caf-NNN.toml`) cover them in turn: the national review by Caf,
//! `cargo run --release --example synth -- /tmp/national-cafs 1200 29 4 --cafs 101`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let open = args.iter().any(|a| a == "--open");
    let varied = args.iter().any(|a| a == "--varied");
    let cafs: Option<usize> = match args.iter().position(|a| a == "--cafs") {
        Some(i) => {
            let n = args.get(i + 1).ok_or("--cafs needs a number")?.parse()?;
            args.drain(i..i + 2);
            Some(n)
        }
        None => None,
    };
    args.retain(|a| a != "--open" && a != "--varied");
    let [dir, files, communes, periods] = args.as_slice() else {
        return Err(
            "usage: synth DIR FILES COMMUNES PERIODS [--open] [--varied] [--cafs N]".into(),
        );
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir)?;
    let (files, communes, periods): (usize, usize, usize) =
        (files.parse()?, communes.parse()?, periods.parse()?);
    if let Some(n) = cafs {
        for (k, caf) in common::national_portfolios(files, communes, periods, n)
            .iter()
            .enumerate()
        {
            std::fs::write(dir.join(format!("caf-{k:03}.toml")), &caf.portfolio)?;
            for (name, text) in &caf.territories {
                std::fs::write(dir.join(name), text)?;
            }
        }
        println!(
            "wrote {files} files of {communes} communes and {periods} periods, and {n} Caf portfolios, to {}",
            dir.display()
        );
        return Ok(());
    }
    let text = if open {
        common::open_text(communes, periods, varied)
    } else {
        common::fixed_text(communes, periods, varied)
    };
    for i in 0..files {
        std::fs::write(dir.join(format!("ctg-{i:04}.toml")), &text)?;
    }
    println!(
        "wrote {files} files of {communes} communes and {periods} periods to {}",
        dir.display()
    );
    Ok(())
}
