//! Command-line interface: argument parsing and dispatch. The binary's
//! `main` only calls [`run`]; the work is done by the library modules.

use crate::check;
use crate::commands::{self, CsvStyle, Output, Streams, TableFormat};
use crate::exit::ExitStatus;
use crate::i18n::{Arg, Text};
use crate::plan::build::Objective;
use crate::plan::propose::Scope;
use crate::plan::solve::{Backend, Options};
use crate::render;
use crate::render::safe::Terminal;
use crate::render::sinks::CheckFormat;
use crate::rules;
use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "ctgplan",
    version,
    about = "Check and plan the staffing of CTG cooperation officers (chargés de coopération)",
    long_about = None,
    after_help = "Example:\n  ctgplan init mon-territoire.toml\n  ctgplan check mon-territoire.toml\n  ctgplan explain CTG040\n\n`ctgplan COMMAND --help` shows the options and examples of one command."
)]
pub struct Cli {
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
    /// Language of the output (default: CTGPLAN_LANG, then LC_ALL, LC_MESSAGES, LANG, then the system's language, else French).
    #[arg(long, value_enum, global = true)]
    pub lang: Option<crate::i18n::Lang>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check scenario files against the rule catalogue.
    #[command(
        after_help = "Example:\n  ctgplan check scenarios/\n  ctgplan check --format json --deny warnings scenarios/vallee-des-baux.toml\n  ctgplan check --format sarif scenarios/ > ctgplan.sarif\n  ctgplan check --watch scenarios/"
    )]
    Check {
        /// Files or directories (searched for *.toml).
        #[arg(default_value = "scenarios")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Treat warnings as errors (`--deny warnings`).
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Check again on every save, until Ctrl-C, `q` + Enter or the end of the input.
        #[arg(long)]
        watch: bool,
    },
    /// Propose a complete scheme that meets every rule, or say what to relax.
    #[command(
        after_help = "Example:\n  ctgplan propose scenarios/vallee-des-baux-alpilles.toml\n  ctgplan propose scenarios/golfe-des-etangs.toml --all --objective balance --out golfe-plan.toml"
    )]
    Propose {
        /// The scenario file.
        file: PathBuf,
        /// Plan only this period (default: every period not of kind `past`).
        #[arg(long, conflicts_with = "all")]
        period: Option<String>,
        /// Plan every period, past ones included.
        #[arg(long)]
        all: bool,
        /// What to optimise once every rule is met.
        #[arg(long, value_enum, default_value_t = ObjectiveArg::Closest)]
        objective: ObjectiveArg,
        /// Write the completed scenario to this file (a portfolio: each
        /// planned territory into this folder, under its file's name).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite the --out file if it exists.
        #[arg(long)]
        force: bool,
        /// Solver backend (those compiled into this build).
        #[arg(long, value_enum, default_value_t = SolverArg::Microlp)]
        solver: SolverArg,
        /// Give up after this many seconds (building and solving together).
        #[arg(long, default_value_t = 60.0, value_name = "SECONDS")]
        time_limit: f64,
        /// Also write the proposed scheme's table as a workbook (.xlsx).
        #[arg(long, value_name = "FILE.xlsx")]
        table: Option<PathBuf>,
        /// Output format (json: a Caf's portfolio file only).
        #[arg(long, value_enum, default_value_t = commands::portfolio_propose::ProposeFormat::Human)]
        format: commands::portfolio_propose::ProposeFormat,
        #[command(flatten)]
        negotiate: crate::propose_cmd::NegotiateArgs,
    },
    /// Compare two periods: ETP and euros per year, per commune, theme and coordinator.
    #[command(
        after_help = "Example:\n  ctgplan diff scenarios/vallee-des-baux-alpilles.toml 2026 2027-2030\n  ctgplan diff scenarios/vallee-des-baux-alpilles.toml 2026 2027-2030 --format csv --out diff.csv"
    )]
    Diff {
        /// The scenario file.
        file: PathBuf,
        /// The period to compare from (its id).
        from: String,
        /// The period to compare to (its id).
        to: String,
        #[command(flatten)]
        table: TableArgs,
    },
    /// Scenarios side by side: per commune and theme, ETP and euros per year in each variant, what each breaks.
    #[command(
        after_help = "Example:\n  ctgplan compare scenarios/vallee-des-baux-alpilles.toml variante-aureille.toml\n  ctgplan compare base.toml v1.toml v2.toml --period 2027-2030 --format md > comparaison.md"
    )]
    Compare {
        /// The base scenario, then one variant or more (docs/negotiate.md).
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The period compared (default: the base's last period).
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_enum, default_value_t = commands::compare::CompareFormat::Human)]
        format: commands::compare::CompareFormat,
        /// CSV dialect: `french` (`;`, decimal comma, BOM) opens as is in a French spreadsheet.
        #[arg(long, value_enum, default_value_t = CsvStyle::French)]
        csv_style: CsvStyle,
        /// Write the result to this file (atomically) instead of the standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite the --out file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// What each commune pays per year: own posts, share of shared posts, Caf part, rest.
    #[command(
        after_help = "Example:\n  ctgplan cost scenarios/vallee-des-baux-alpilles.toml --period 2027-2030\n  ctgplan cost scenarios/vallee-des-baux-alpilles.toml --years 2026-2030 --out budget.xlsx"
    )]
    Cost {
        /// The scenario file.
        file: PathBuf,
        /// Only this period (default: every period).
        #[arg(long, conflicts_with = "years")]
        period: Option<String>,
        /// The budget of these calendar years (e.g. 2026-2030): each year and the total.
        #[arg(long, value_parser = commands::cost::parse_years_arg)]
        years: Option<(i32, i32)>,
        #[command(flatten)]
        table: TableArgs,
    },
    /// Governance indicators of action sheet 17, from the meeting log: meetings held and their regularity, participation, documents, joint actions.
    #[command(
        after_help = "Example:\n  ctgplan indicators scenarios/vallee-des-baux-alpilles.toml\n  ctgplan indicators scenarios/vallee-des-baux-alpilles.toml --year 2026 --format csv --out indicateurs.csv"
    )]
    Indicators {
        /// The scenario file.
        file: PathBuf,
        /// Only this year (default: the whole log).
        #[arg(long)]
        year: Option<i32>,
        #[command(flatten)]
        table: TableArgs,
    },
    /// A Caf's portfolio of CTGs, year by year: co-financed ETP, euros, envelope, themes, renewals.
    #[command(
        after_help = "Example:\n  ctgplan portfolio scenarios/caf-bouches-du-rhone.toml\n  ctgplan portfolio scenarios/caf-bouches-du-rhone.toml --format csv --out portefeuille.csv"
    )]
    Portfolio {
        /// The portfolio file (docs/scenario-format.md, "Portfolio").
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = commands::portfolio::PortfolioFormat::Human)]
        format: commands::portfolio::PortfolioFormat,
        /// CSV dialect: `french` (`;`, decimal comma, BOM) opens as is in a French spreadsheet.
        #[arg(long, value_enum, default_value_t = CsvStyle::French)]
        csv_style: CsvStyle,
        /// Write the result to this file (atomically) instead of the standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite the --out file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// A report to read or share: one self-contained HTML page with charts, or Markdown.
    #[command(
        after_help = "Example:\n  ctgplan report scenarios/vallee-des-baux-alpilles.toml --out rapport.html\n  ctgplan report scenarios/vallee-des-baux-alpilles.toml --format md --lang en > report.md\n  ctgplan report scenarios/vallee-des-baux-alpilles.toml --out rapport.xlsx"
    )]
    Report {
        /// The scenario file.
        file: PathBuf,
        /// Output format (default: from the --out extension, .html .md .xlsx; else html).
        #[arg(long, value_enum)]
        format: Option<crate::report::ReportFormat>,
        /// Write the report to this file (atomically) instead of the standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite the --out file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Read an annex-shaped table (.xlsx, .ods, .csv) into a scenario, then check it.
    #[command(
        after_help = "Example:\n  ctgplan import repartition.xlsx --out scenario.toml\n  ctgplan import annexe.ods --sheet \"Répartition communale\" --territory \"Vallée des Baux-Alpilles\" --out vba.toml"
    )]
    Import {
        /// The table: .xlsx, .xlsm, .xls, .ods or .csv (UTF-8).
        file: PathBuf,
        /// The sheet holding the table (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// The territory's name (default: the table's title, else the file name).
        #[arg(long)]
        territory: Option<String>,
        /// Write the scenario to this file (atomically) instead of the standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite the --out file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the rule catalogue.
    #[command(after_help = "Example:\n  ctgplan rules\n  ctgplan rules --format json")]
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Explain one rule: what it checks, why, an example, how to fix it.
    #[command(after_help = "Example:\n  ctgplan explain CTG040\n  ctgplan explain theme-split")]
    Explain {
        /// A code such as CTG040, or a rule name such as theme-split.
        code: String,
    },
    /// Write a commented starter scenario that passes `check`.
    #[command(
        after_help = "Example:\n  ctgplan init\n  ctgplan init scenarios/mon-territoire.toml\n  ctgplan init - > draft.toml"
    )]
    Init {
        /// The file to write (`-`: the standard output).
        #[arg(default_value = "scenario.toml")]
        file: PathBuf,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of the scenario format (for editors: docs/editor.md).
    #[command(
        after_help = "Example:\n  ctgplan schema > ctgplan-scenario.schema.json\n  taplo check --schema file://$PWD/ctgplan-scenario.schema.json scenario.toml"
    )]
    Schema {
        /// The schema of a Caf's portfolio file instead.
        #[arg(long)]
        portfolio: bool,
    },
    /// A language server over stdio for editors: diagnostics, hover, fixes, completion (docs/editor.md).
    #[command(after_help = "Example:\n  ctgplan lsp")]
    Lsp,
    /// Meeting mode: a local page to negotiate a scheme on screen (docs/serve.md).
    #[command(
        after_help = "Example:\n  ctgplan serve scenarios/ --open\n  ctgplan serve scenarios/vallee-des-baux-alpilles.toml --port 8080"
    )]
    Serve {
        /// A scenario file, or a folder of them (only these files are read or written).
        #[arg(default_value = "scenarios")]
        path: PathBuf,
        /// Port on 127.0.0.1 (default: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  ctgplan completions bash > ~/.local/share/bash-completion/completions/ctgplan\n  ctgplan completions zsh > ~/.zfunc/_ctgplan\n  ctgplan completions fish > ~/.config/fish/completions/ctgplan.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// Output options of `diff` and `cost`.
#[derive(clap::Args, Debug)]
pub struct TableArgs {
    /// Output format (default: from the --out extension, .xlsx .csv .json; else human).
    #[arg(long, value_enum)]
    format: Option<TableFormat>,
    /// CSV dialect: `french` (`;`, decimal comma, BOM) opens as is in a French spreadsheet.
    #[arg(long, value_enum, default_value_t = CsvStyle::French)]
    csv_style: CsvStyle,
    /// Write the result to this file (atomically) instead of the standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Overwrite the --out file if it exists.
    #[arg(long)]
    force: bool,
}

impl TableArgs {
    /// The output options, or a usage error (a format that does not match
    /// the --out extension).
    fn output(&self, lang: crate::i18n::Lang) -> Result<Output<'_>, String> {
        Ok(Output {
            lang,
            format: commands::resolve_format(self.format, self.out.as_deref())
                .map_err(|e| e.render(lang))?,
            csv_style: self.csv_style,
            out: self.out.as_deref(),
            force: self.force,
        })
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectiveArg {
    /// Least total move between consecutive periods (L1), then a fixed tie-break.
    Closest,
    /// ETP per inhabitant as even as possible across communes (needs populations).
    Balance,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SolverArg {
    /// Pure-Rust solver, always available.
    Microlp,
    /// HiGHS (native, faster; needs a build with `--features highs`).
    Highs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    fn choice(self) -> ColorChoice {
        match self {
            Color::Always => ColorChoice::Always,
            Color::Never => ColorChoice::Never,
            Color::Auto
                if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() =>
            {
                ColorChoice::Auto
            }
            Color::Auto => ColorChoice::Never,
        }
    }
}

/// Parses the arguments and runs the command; returns the process exit code.
pub fn run<I, T>(args: I) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                ExitStatus::Unusable
            } else {
                ExitStatus::Valid
            };
            match lang_before_parsing(&args) {
                crate::i18n::Lang::Fr => print_french_clap_message(&args, &e),
                crate::i18n::Lang::En => {
                    let _ = e.print();
                }
            }
            return code;
        }
    };
    let lang = crate::i18n::Lang::detect(cli.lang);
    match execute(cli) {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`ctgplan rules | head`) is not worth a message.
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                say(format_args!(
                    "{}",
                    crate::tr!(lang, "output.io_error", "erreur\u{a0}: {e}", "error: {e}", "e" => e.to_string())
                ));
            }
            ExitStatus::Unusable
        }
    }
}

/// A line on stderr; a closed or broken stderr is ignored rather than a
/// panic (as `eprintln!` would).
fn say(line: std::fmt::Arguments) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// The output of a command whose verdict is known before it writes: a
/// reader that stops early (`ctgplan check … | head`) does not change it.
fn quiet_on_closed_pipe(r: std::io::Result<()>) -> std::io::Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

fn execute(cli: Cli) -> std::io::Result<ExitStatus> {
    let lang = crate::i18n::Lang::detect(cli.lang);
    match cli.command {
        Command::Check {
            paths,
            format,
            deny,
            watch,
        } => {
            let deny_warnings = deny == Some(Deny::Warnings);
            if watch {
                return crate::watch::run(&paths, format, deny_warnings, cli.color.choice(), lang);
            }
            if format != CheckFormat::Human {
                // Every path, even a missing one or a folder without
                // scenarios, is inside the document.
                let report = crate::check_all::check_all(&paths);
                let text = match format {
                    CheckFormat::Json => render::json::to_string(&report, lang),
                    _ => render::sinks::render(format, &report, deny_warnings, lang)
                        .unwrap_or_default(),
                };
                quiet_on_closed_pipe(println_checked(&text))?;
                return Ok(report.exit_code(deny_warnings));
            }
            let report = match check::check_paths(&paths) {
                Ok(r) => r,
                Err(e) => {
                    let e =
                        Text::new(&check::words::UNREADABLE).arg("error", Arg::raw(e.to_string()));
                    say(format_args!(
                        "{}[{}]: {}",
                        check::words::error(lang),
                        rules::codes::IO,
                        e.render(lang)
                    ));
                    say(format_args!(
                        "  = {}",
                        Text::new(&check::words::PASS_EXISTING).render(lang)
                    ));
                    return Ok(ExitStatus::Unusable);
                }
            };
            if report.files.is_empty() {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                let e = Text::new(&check::words::NO_SCENARIO)
                    .arg("paths", Arg::raw(render::safe::escape(&names.join(", "))));
                say(format_args!(
                    "{}[{}]: {}",
                    check::words::error(lang),
                    rules::codes::IO,
                    e.render(lang)
                ));
                say(format_args!(
                    "  = {}",
                    Text::new(&check::words::PASS_SCENARIO).render(lang)
                ));
                return Ok(ExitStatus::Unusable);
            }
            let mut out = Terminal::new(StandardStream::stdout(cli.color.choice()));
            let written =
                render::human::write_report(&mut out, &report, lang).and_then(|()| out.flush());
            quiet_on_closed_pipe(written)?;
            Ok(report.exit_code(deny_warnings))
        }
        Command::Propose {
            file,
            period,
            all,
            objective,
            out,
            force,
            solver,
            time_limit,
            table,
            format,
            negotiate,
        } => {
            let portfolio = crate::portfolio::is_portfolio_file(&file);
            if !portfolio && format != commands::portfolio_propose::ProposeFormat::Human {
                say(format_args!(
                    "{}",
                    crate::tr!(lang, "propose.json_portfolio_only",
                        "erreur\u{a0}: --format json est pour un fichier de portefeuille\u{202f}; pour un scénario, --out écrit le scénario complété",
                        "error: --format json is for a portfolio file; for a scenario, --out writes the completed scenario")
                ));
                return Ok(ExitStatus::Unusable);
            }
            let scope = match (period, all) {
                (Some(p), _) => Scope::Period(p),
                (None, true) => Scope::All,
                (None, false) => Scope::Open,
            };
            let objective = match objective {
                ObjectiveArg::Closest => Objective::Closest,
                ObjectiveArg::Balance => Objective::Balance,
            };
            let Some(backend) = backend(solver) else {
                say(format_args!(
                    "{}",
                    crate::tr!(lang, "propose.no_solver",
                        "erreur\u{a0}: cette version de ctgplan n'a pas le solveur HiGHS\u{202f}; elle se construit avec `cargo build --release --features highs`, sinon omettez --solver",
                        "error: this build of ctgplan has no HiGHS solver; build it with `cargo build --release --features highs`, or leave out --solver")
                ));
                return Ok(ExitStatus::Unusable);
            };
            if !(time_limit.is_finite() && time_limit > 0.0) {
                say(format_args!(
                    "{}",
                    crate::tr!(lang, "propose.time_limit",
                        "erreur\u{a0}: --time-limit attend un nombre de secondes positif (par exemple --time-limit 10)",
                        "error: --time-limit takes a positive number of seconds (for example --time-limit 10)")
                ));
                return Ok(ExitStatus::Unusable);
            }
            let opts = Options {
                backend,
                time_limit: Some(std::time::Duration::from_secs_f64(time_limit.min(1e6))),
            };
            let mut stdout = Terminal::new(StandardStream::stdout(cli.color.choice()));
            if portfolio {
                if table.is_some() || scope != Scope::Open {
                    say(format_args!(
                        "{}",
                        crate::tr!(lang, "propose.portfolio_options",
                            "erreur\u{a0}: pour un portefeuille, propose planifie les périodes ouvertes de chaque territoire (--table, --period et --all sont pour un scénario\u{202f}; --out DOSSIER écrit les territoires planifiés)",
                            "error: for a portfolio, propose plans every territory's open periods (--table, --period and --all are for a scenario; --out FOLDER writes the planned territories)")
                    ));
                    return Ok(ExitStatus::Unusable);
                }
                return commands::portfolio_propose::run(
                    &mut stdout,
                    &file,
                    objective,
                    opts,
                    format,
                    lang,
                    &negotiate,
                    out.as_deref(),
                    force,
                );
            }
            crate::propose_cmd::run(
                &mut stdout,
                &file,
                &scope,
                objective,
                opts,
                crate::propose_cmd::Files {
                    out: out.as_deref(),
                    force,
                    table: table.as_deref(),
                },
                lang,
                &negotiate,
            )
        }
        Command::Diff {
            file,
            from,
            to,
            table,
        } => with_streams(cli.color, lang, |streams| match table.output(lang) {
            Ok(o) => commands::diff::run(streams, &file, &from, &to, &o),
            Err(m) => commands::usage_error_in(streams, &m, lang),
        }),
        Command::Compare {
            files,
            period,
            format,
            csv_style,
            out,
            force,
        } => with_streams(cli.color, lang, |streams| {
            let opts = commands::compare::Options {
                period: period.as_deref(),
                format,
                csv_style,
                out: out.as_deref(),
                force,
                lang,
            };
            commands::compare::run(streams, &files, &opts)
        }),
        Command::Cost {
            file,
            period,
            years,
            table,
        } => with_streams(cli.color, lang, |streams| match table.output(lang) {
            Ok(o) if years.is_some() => commands::budget::run(streams, &file, years, &o),
            Ok(o) => commands::cost::run(streams, &file, period.as_deref(), &o),
            Err(m) => commands::usage_error_in(streams, &m, lang),
        }),
        Command::Indicators { file, year, table } => {
            with_streams(cli.color, lang, |streams| match table.output(lang) {
                Ok(o) => commands::indicators::run(streams, &file, year, &o),
                Err(m) => commands::usage_error_in(streams, &m, lang),
            })
        }
        Command::Portfolio {
            file,
            format,
            csv_style,
            out,
            force,
        } => with_streams(cli.color, lang, |streams| {
            let opts = commands::portfolio::Options {
                format,
                csv_style,
                out: out.as_deref(),
                force,
            };
            commands::portfolio::run(streams, &file, &opts)
        }),
        Command::Report {
            file,
            format,
            out,
            force,
        } => {
            let format = match commands::books::report::resolve_format(format, out.as_deref()) {
                Ok(f) => f,
                Err(m) => {
                    let line = commands::words::say(
                        &commands::words::ERROR,
                        "message",
                        m.render(lang),
                        lang,
                    );
                    say(format_args!("{line}"));
                    return Ok(ExitStatus::Unusable);
                }
            };
            let opts = crate::report::Options {
                format,
                lang,
                out: out.as_deref(),
                force,
            };
            let mut stdout = Terminal::new(std::io::stdout().lock());
            let mut stderr = Terminal::new(StandardStream::stderr(cli.color.choice()));
            crate::report::run(&mut stdout, &mut stderr, &file, &opts)
        }
        Command::Import {
            file,
            sheet,
            territory,
            out,
            force,
        } => {
            let opts = crate::import::Options {
                sheet: sheet.as_deref(),
                territory: territory.as_deref(),
                out: out.as_deref(),
                force,
                lang,
            };
            with_streams(cli.color, lang, |s| {
                crate::import::run(s.out, s.err, &file, &opts)
            })
        }
        Command::Rules { format } => {
            let text = match format {
                Format::Human => commands::catalogue::rules_table(lang),
                Format::Json => commands::catalogue::rules_json(lang),
            };
            println_checked(&text)?;
            Ok(ExitStatus::Valid)
        }
        Command::Init { file, force } => {
            let mut out = std::io::stdout().lock();
            let mut err = std::io::stderr().lock();
            crate::init::run(&mut out, &mut err, &file, force, lang)
        }
        Command::Lsp => crate::lsp::run_stdio(cli.lang),
        Command::Schema { portfolio } => {
            print_checked(&if portfolio {
                crate::schema::portfolio_to_json(lang)
            } else {
                crate::schema::to_json(lang)
            })?;
            Ok(ExitStatus::Valid)
        }
        Command::Serve { path, port, open } => {
            crate::serve::run(&mut std::io::stdout().lock(), &path, port, open, lang)
        }
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics on a failed write
            // (`| head`), and the house rule is no panic.
            let mut script = Vec::new();
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "ctgplan", &mut script);
            print_checked(&String::from_utf8_lossy(&script))?;
            Ok(ExitStatus::Valid)
        }
        Command::Explain { code } => match rules::find(&code) {
            Some(rule) => {
                println_checked(&commands::catalogue::explain(rule, lang))?;
                Ok(ExitStatus::Valid)
            }
            None => {
                for line in commands::catalogue::unknown_rule(&code, lang) {
                    say(format_args!("{line}"));
                }
                Ok(ExitStatus::Unusable)
            }
        },
    }
}

/// Runs a table command with data on stdout and messages on stderr.
fn with_streams<T>(color: Color, lang: crate::i18n::Lang, f: impl FnOnce(&mut Streams) -> T) -> T {
    let mut out = Terminal::new(StandardStream::stdout(color.choice()));
    let mut err = Terminal::new(StandardStream::stderr(color.choice()));
    f(&mut Streams {
        out: &mut out,
        err: &mut err,
        lang,
    })
}

fn backend(s: SolverArg) -> Option<Backend> {
    match s {
        SolverArg::Microlp => Some(Backend::Microlp),
        #[cfg(feature = "highs")]
        SolverArg::Highs => Some(Backend::Highs),
        #[cfg(not(feature = "highs"))]
        SolverArg::Highs => None,
    }
}

fn print_checked(text: &str) -> std::io::Result<()> {
    let mut out = Terminal::new(std::io::stdout().lock());
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn println_checked(text: &str) -> std::io::Result<()> {
    let mut out = Terminal::new(std::io::stdout().lock());
    writeln!(out, "{text}")?;
    out.flush()
}

/// The language for clap's help and errors, read before parsing: a
/// `--lang` in the arguments, else the environment (`Lang::detect`).
fn lang_before_parsing(args: &[std::ffi::OsString]) -> crate::i18n::Lang {
    let mut words = args.iter().filter_map(|a| a.to_str());
    while let Some(w) = words.next() {
        let value = match w.strip_prefix("--lang") {
            Some("") => words.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        match value {
            Some("fr") => return crate::i18n::Lang::Fr,
            Some("en") => return crate::i18n::Lang::En,
            _ => {}
        }
    }
    crate::i18n::Lang::detect(None)
}

/// Prints clap's help or error as the French twin of the command line
/// renders it (`cli_fr`); exit codes stay those of the English parse.
fn print_french_clap_message(args: &[std::ffi::OsString], english: &clap::Error) {
    let french = crate::cli_fr::command(<Cli as clap::CommandFactory>::command());
    let text = match french.try_get_matches_from(args) {
        Err(e) if e.kind() == english.kind() => e.render().to_string(),
        _ => english.render().to_string(),
    };
    let text = crate::cli_fr::message(&text);
    if english.use_stderr() {
        say(format_args!("{}", text.trim_end()));
    } else {
        let _ = print_checked(&text);
    }
}
