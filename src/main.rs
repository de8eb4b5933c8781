//! The `scepter` binary: parse arguments, run, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    ExitCode::from(scepter::cli::run(scepter::cli::Cli::parse()))
}
