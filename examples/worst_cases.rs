//! Writes the worst inputs the limits accept (tests/common/worst.rs) into a
//! folder, to measure `check` and `propose` on them with `/usr/bin/time -v`:
//! `cargo run --release --example worst_cases -- /tmp/worst [MAX_BYTES]`
//! (default: the loader's file limit). It prints the command to run on
//! each. `cargo test --release --test worst_cases -- --ignored --nocapture`
//! does the measuring itself; docs/reliability.md has the figures.

#[path = "../tests/common/worst.rs"]
mod worst;

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        return Err("usage: worst_cases DIR [MAX_BYTES]".into());
    };
    let max_bytes = match args.get(1) {
        Some(n) => n.parse()?,
        None => usize::try_from(ctgplan::scenario::load::MAX_FILE_BYTES)?,
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir)?;
    for case in worst::all(max_bytes) {
        let path = dir.join(case.name);
        std::fs::write(&path, &case.text)?;
        println!(
            "/usr/bin/time -v ctgplan {} {}   # {} bytes: {}",
            case.command.args().join(" "),
            path.display(),
            case.text.len(),
            case.what
        );
    }
    Ok(())
}
