//! Evaluating rules against a snapshot's facts: one finding per failed check, each pointing
//! at the facts it is about.

mod narrow;
mod values;

pub use narrow::narrow;

pub use values::display_time;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cel::{Context, Value};

use crate::model::facts::Node;
use crate::rules::{Cel, Label, Piece, Rule, RuleSet, Severity, cel_env};
use crate::source::Span;
use values::Facts;

/// A located piece of evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Where.
    pub span: Span,
    /// What it shows.
    pub text: String,
    /// Text to narrow the span to, once the sources can be read (see [`narrow`]).
    pub find: Option<String>,
}

/// One failed check.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that failed.
    pub rule: Arc<Rule>,
    /// The headline, placeholders filled in.
    pub message: String,
    /// The fact to underline.
    pub primary: Option<Evidence>,
    /// Other evidence.
    pub related: Vec<Evidence>,
    /// How to fix it, placeholders filled in.
    pub help: String,
}

impl Finding {
    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }
}

/// How a rule ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every check held.
    Pass,
    /// This many checks failed.
    Fail(usize),
    /// The rule does not apply to this server.
    NotApplicable,
    /// The bundle lacks evidence the rule needs: these requirements (name, how to collect).
    Inconclusive(Vec<(String, String)>),
    /// The rule could not be evaluated (e.g. it read a field that is null here).
    Error(String),
}

/// A rule and how it ended.
#[derive(Debug, Clone)]
pub struct RuleResult {
    /// The rule.
    pub rule: Arc<Rule>,
    /// Its outcome.
    pub outcome: Outcome,
}

/// The result of evaluating a rule set.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Every rule's outcome, in rule order.
    pub results: Vec<RuleResult>,
    /// Every finding, most severe first.
    pub findings: Vec<Finding>,
    /// Time spent evaluating.
    pub elapsed: Duration,
}

/// Evaluates every rule against the facts.
pub fn evaluate(rules: &RuleSet, facts: &Node) -> Evaluation {
    let started = Instant::now();
    let facts = Facts::new(facts);
    let mut root = Context::with_env(cel_env());
    let mut registry = cel::Value::Null;
    for (name, value) in facts.variables() {
        if name == "registry" {
            registry = value.clone();
        }
        root.add_variable_from_value(name, value);
    }
    values::add_functions(&mut root, registry);
    let mut evaluation = Evaluation::default();
    for rule in &rules.rules {
        let mut findings = Vec::new();
        let outcome = match evaluate_rule(rule, &root, &facts, &mut findings) {
            Ok(Verdict::Checked(0)) => Outcome::Pass,
            Ok(Verdict::Checked(n)) => Outcome::Fail(n),
            Ok(Verdict::NotApplicable) => Outcome::NotApplicable,
            Ok(Verdict::Missing(missing)) => Outcome::Inconclusive(missing),
            Err(e) => Outcome::Error(e),
        };
        evaluation.findings.append(&mut findings);
        evaluation.results.push(RuleResult {
            rule: Arc::clone(rule),
            outcome,
        });
    }
    evaluation.findings.sort_by(|a, b| {
        a.severity()
            .cmp(&b.severity())
            .then(a.rule.id.cmp(&b.rule.id))
    });
    evaluation.elapsed = started.elapsed();
    evaluation
}

/// How far a rule got.
enum Verdict {
    /// It was checked; this many checks failed.
    Checked(usize),
    /// It does not apply.
    NotApplicable,
    /// Evidence is missing: (name, how to collect).
    Missing(Vec<(String, String)>),
}

fn evaluate_rule(
    rule: &Arc<Rule>,
    root: &Context<'_, '_>,
    facts: &Facts,
    findings: &mut Vec<Finding>,
) -> Result<Verdict, String> {
    let missing: Vec<(String, String)> = rule
        .requires
        .iter()
        .filter(|r| !truthy(&r.present, root).unwrap_or(false))
        .map(|r| (r.name.clone(), r.collect.clone()))
        .collect();
    let mut scope = root.new_inner_scope();
    for (name, cel) in &rule.lets {
        match run(cel, &scope) {
            Ok(value) => scope.add_variable_from_value(name.as_str(), value),
            // A value that needs missing evidence cannot be computed: that is the missing
            // evidence speaking, not a broken rule.
            Err(_) if !missing.is_empty() => return Ok(Verdict::Missing(missing)),
            Err(e) => return Err(e),
        }
    }
    if let Some(applies) = &rule.applies_if {
        match truthy(applies, &scope) {
            Ok(false) => return Ok(Verdict::NotApplicable),
            Ok(true) => {}
            Err(_) if !missing.is_empty() => return Ok(Verdict::Missing(missing)),
            Err(e) => return Err(e),
        }
    }
    if !missing.is_empty() {
        return Ok(Verdict::Missing(missing));
    }
    let Some((var, range)) = &rule.for_each else {
        return check(rule, &scope, facts, findings)
            .map(|failed| Verdict::Checked(usize::from(failed)));
    };
    let items = match run(range, &scope)? {
        Value::List(items) => items,
        Value::Null => Arc::new(Vec::new()),
        other => return Err(format!("`for` must give a list, got {:?}", other.type_of())),
    };
    let mut failures = 0;
    for item in items.iter() {
        let mut element = scope.new_inner_scope();
        element.add_variable_from_value(var.as_str(), item.clone());
        if let Some(filter) = &rule.filter
            && !truthy(filter, &element)?
        {
            continue;
        }
        if check(rule, &element, facts, findings)? {
            failures += 1;
        }
    }
    Ok(Verdict::Checked(failures))
}

/// Runs the assert; on failure records a finding and returns `true`.
fn check(
    rule: &Arc<Rule>,
    ctx: &Context<'_, '_>,
    facts: &Facts,
    findings: &mut Vec<Finding>,
) -> Result<bool, String> {
    if rule.for_each.is_none()
        && let Some(filter) = &rule.filter
        && !truthy(filter, ctx)?
    {
        return Ok(false);
    }
    if truthy(&rule.assert, ctx)? {
        return Ok(false);
    }
    let label_text = match &rule.label_text {
        Some(t) => render(t, ctx)?,
        None => String::new(),
    };
    let label_find = match &rule.label_find {
        Some(t) => Some(render(t, ctx)?),
        None => None,
    };
    let mut primary = rule
        .label
        .as_ref()
        .and_then(|l| locate(l, ctx, facts))
        .map(|span| Evidence {
            span,
            text: label_text.clone(),
            find: label_find.clone(),
        });
    let mut related = Vec::new();
    for r in &rule.related {
        if let Some(span) = locate(&r.label, ctx, facts) {
            related.push(Evidence {
                span,
                text: render(&r.text, ctx)?,
                find: match &r.find {
                    Some(t) => Some(render(t, ctx)?),
                    None => None,
                },
            });
        }
    }
    // With nothing to point at, the first related fact that has a place becomes the primary.
    if primary.is_none() && !related.is_empty() {
        let first = related.remove(0);
        primary = Some(Evidence {
            text: if label_text.is_empty() {
                first.text
            } else {
                label_text
            },
            ..first
        });
    }
    findings.push(Finding {
        rule: Arc::clone(rule),
        message: render(&rule.message, ctx)?,
        primary,
        related,
        help: render(&rule.help, ctx)?,
    });
    Ok(true)
}

fn run(cel: &Cel, ctx: &Context<'_, '_>) -> Result<Value, String> {
    cel.program
        .execute(ctx)
        .map_err(|e| format!("`{}`: {e}", cel.text))
}

fn truthy(cel: &Cel, ctx: &Context<'_, '_>) -> Result<bool, String> {
    match run(cel, ctx)? {
        Value::Bool(b) => Ok(b),
        other => Err(format!(
            "`{}` must be true or false, got {:?}",
            cel.text,
            other.type_of()
        )),
    }
}

fn render(pieces: &[Piece<Cel>], ctx: &Context<'_, '_>) -> Result<String, String> {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Expr(cel) => out.push_str(&values::display(&run(cel, ctx)?)),
        }
    }
    Ok(out)
}

/// The span of the fact a label names: the field's own span inside the record its parent
/// evaluates to, else the record the whole label evaluates to.
fn locate(label: &Label, ctx: &Context<'_, '_>, facts: &Facts) -> Option<Span> {
    if let Some((parent, field)) = &label.parent
        && let Ok(value) = parent.program.execute(ctx)
        && let Some(span) = facts.field_span(&value, field)
    {
        return Some(span);
    }
    label
        .whole
        .program
        .execute(ctx)
        .ok()
        .and_then(|v| facts.record_span(&v))
}
