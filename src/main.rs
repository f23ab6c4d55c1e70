fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(ctgplan::cli::run(std::env::args_os()).code())
}
