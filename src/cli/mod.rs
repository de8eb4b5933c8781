//! The command line: arguments, and the mapping from results to exit codes.

use std::io::{IsTerminal, Write as _};
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{Parser, Subcommand, ValueEnum};

use crate::pipeline::{BundleReport, CheckOptions, check_path};
use crate::report::{
    FactsFormat, HumanOptions, render_facts, render_human, render_json, render_sarif, ruledocs,
};
use crate::rules::{RuleError, RuleSet};

/// Exit code: no findings.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: at least one finding.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad usage, unreadable bundle, or a broken rule.
pub const EXIT_ERROR: u8 = 2;

/// Lint bundles exported from Intune NDES / certificate connector servers.
#[derive(Debug, Parser)]
#[command(name = "scepter", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check one or more bundles (folders or .zip files).
    Check(CheckArgs),
    /// Print the facts rules can see in a bundle, with where each was read.
    Facts(FactsArgs),
    /// Explain a rule: why it matters, what the customer sees, how to fix it, the source.
    Explain(ExplainArgs),
    /// The rule pack: list it, or write its reference pages.
    Rules(RulesArgs),
}

#[derive(Debug, clap::Args)]
struct ExplainArgs {
    /// The rule's id.
    rule: String,
    /// Check this bundle and show the rule's outcome there, its fix filled in from the bundle.
    #[arg(long, value_name = "BUNDLE")]
    bundle: Option<PathBuf>,
    /// With --bundle: evaluate as of this time instead of the bundle's collection time.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    as_of: Option<DateTime<FixedOffset>>,
    /// Also load the rules in this folder.
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    #[command(subcommand)]
    command: RulesCommand,
    /// Also load the rules in this folder.
    #[arg(long, value_name = "DIR", global = true)]
    rules: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum RulesCommand {
    /// List id, severity, area and title of every rule.
    List,
    /// Write the rule reference (one page per rule and an index).
    Docs {
        /// Where to write it.
        #[arg(long, default_value = "docs/rules")]
        out: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct FactsArgs {
    /// A bundle folder or zip file.
    bundle: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FactsOutput::Json)]
    format: FactsOutput,
    /// Evaluate as of this time instead of the bundle's collection time (RFC 3339 or YYYY-MM-DD).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    as_of: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FactsOutput {
    Json,
    Yaml,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Bundle folders or zip files.
    #[arg(required = true)]
    bundles: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Also load the rules in this folder (`*.yaml`, recursively); same ids replace built-ins.
    #[arg(long, value_name = "DIR")]
    rules: Vec<PathBuf>,
    /// Evaluate as of this time instead of the bundle's collection time (RFC 3339 or YYYY-MM-DD).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    as_of: Option<DateTime<FixedOffset>>,
    /// When to use colours in the human report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Wrap the human report at this many columns.
    #[arg(long, default_value_t = 100)]
    width: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_time(s: &str) -> Result<DateTime<FixedOffset>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().fixed_offset())
        .ok_or_else(|| {
            format!("`{s}` is neither RFC 3339 (2026-11-20T09:14:03+01:00) nor a date (2026-11-20)")
        })
}

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Facts(args) => facts(args),
        Command::Explain(args) => explain(args),
        Command::Rules(args) => rules_command(args),
    }
}

fn print(text: &str) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match write!(stdout, "{text}") {
        Ok(()) => EXIT_CLEAN,
        Err(_) => EXIT_ERROR,
    }
}

fn explain(args: ExplainArgs) -> u8 {
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    match rules.get(&args.rule) {
        Some(rule) => match &args.bundle {
            None => print(&ruledocs::explain(rule, None)),
            Some(bundle) => explain_on(rule, &rules, bundle, args.as_of),
        },
        None => {
            eprintln!(
                "scepter: no rule `{}`; `scepter rules list` lists them",
                args.rule
            );
            EXIT_ERROR
        }
    }
}

/// `explain RULE --bundle B`: the rule's outcome on B, and its filled-in fix when it fails.
fn explain_on(
    rule: &crate::rules::Rule,
    rules: &RuleSet,
    bundle: &std::path::Path,
    as_of: Option<DateTime<FixedOffset>>,
) -> u8 {
    let options = CheckOptions {
        as_of,
        ..CheckOptions::default()
    };
    let report = match check_path(bundle, rules, &options) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("scepter: {e}");
            return EXIT_ERROR;
        }
    };
    let finding = report
        .evaluation
        .findings
        .iter()
        .find(|f| f.rule.id == rule.id);
    let example =
        finding.map(|f| crate::report::examples::RuleExample::new(bundle.display().to_string(), f));
    let mut text = ruledocs::explain(rule, example.as_ref());
    if example.is_none() {
        let outcome = report
            .evaluation
            .results
            .iter()
            .find(|r| r.rule.id == rule.id)
            .map(|r| crate::report::describe_outcome(&r.outcome))
            .unwrap_or_default();
        text.push_str(&format!("\non {}: {outcome}\n", bundle.display()));
    }
    print(&text)
}

fn rules_command(args: RulesArgs) -> u8 {
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    match args.command {
        RulesCommand::List => print(&ruledocs::list(&rules)),
        RulesCommand::Docs { out } => {
            let written = std::fs::create_dir_all(&out).and_then(|()| {
                let examples =
                    crate::report::examples::rule_examples(&rules, std::path::Path::new("."));
                ruledocs::pages(&rules, &examples)
                    .iter()
                    .try_for_each(|(name, text)| std::fs::write(out.join(name), text))
            });
            match written {
                Ok(()) => {
                    eprintln!(
                        "scepter: wrote the reference of {} rules to {}",
                        rules.rules.len(),
                        out.display()
                    );
                    EXIT_CLEAN
                }
                Err(e) => {
                    eprintln!("scepter: cannot write {}: {e}", out.display());
                    EXIT_ERROR
                }
            }
        }
    }
}

fn facts(args: FactsArgs) -> u8 {
    let options = CheckOptions {
        as_of: args.as_of,
        ..CheckOptions::default()
    };
    // Facts do not depend on rules: evaluate none.
    let report = match check_path(&args.bundle, &RuleSet::default(), &options) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("scepter: {e}");
            return EXIT_ERROR;
        }
    };
    let format = match args.format {
        FactsOutput::Json => FactsFormat::Json,
        FactsOutput::Yaml => FactsFormat::Yaml,
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{}", render_facts(&report, format).trim_end()) {
        Ok(()) => EXIT_CLEAN,
        Err(_) => EXIT_ERROR,
    }
}

fn print_rule_errors(errors: Vec<RuleError>) {
    let count = errors.len();
    for error in errors {
        eprintln!("{:?}", miette::Report::new(error));
    }
    eprintln!("scepter: {count} problem(s) in rule files; nothing was checked");
}

fn load_rules(dirs: &[PathBuf]) -> Result<RuleSet, u8> {
    let mut rules = RuleSet::builtin().map_err(|e| {
        print_rule_errors(e);
        EXIT_ERROR
    })?;
    for dir in dirs {
        let texts = RuleSet::from_dir(dir).map_err(|e| {
            eprintln!("scepter: cannot read rules from {}: {e}", dir.display());
            EXIT_ERROR
        })?;
        let extra = RuleSet::from_texts(texts).map_err(|e| {
            print_rule_errors(e);
            EXIT_ERROR
        })?;
        rules.extend(extra);
    }
    Ok(rules)
}

fn check(args: CheckArgs) -> u8 {
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let options = CheckOptions {
        as_of: args.as_of,
        ..CheckOptions::default()
    };
    let mut reports: Vec<BundleReport> = Vec::new();
    let mut failed = false;
    for path in &args.bundles {
        match check_path(path, &rules, &options) {
            Ok(report) => reports.push(report),
            Err(e) => {
                eprintln!("scepter: {e}");
                failed = true;
            }
        }
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let output = match args.format {
        OutputFormat::Human => reports
            .iter()
            .map(|r| {
                render_human(
                    r,
                    HumanOptions {
                        color,
                        width: args.width,
                    },
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        OutputFormat::Json => render_json(&reports),
        OutputFormat::Sarif => render_sarif(&reports, &rules),
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{}", output.trim_end()).is_err() {
        return EXIT_ERROR;
    }
    if failed {
        EXIT_ERROR
    } else if reports.iter().any(|r| !r.evaluation.findings.is_empty()) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
