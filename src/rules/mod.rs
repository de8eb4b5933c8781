//! The rule pack: YAML rule files, compiled and checked when they are loaded.
//!
//! Everything in a rule file is checked at load time — unknown keys, bad severities, CEL that
//! does not compile, variables and fields the snapshot does not have, placeholders that do not
//! resolve — and each problem is a [`RuleError`] pointing at the line of the rule file.

mod error;
pub mod evidence;
mod file;
mod locate;
mod template;
mod typecheck;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use cel::{Env, Program};

pub use error::{RuleError, RuleText};
use file::RuleFile;
pub use file::{RuleTests, Severity};
use locate::Located;
pub use template::Piece;
use typecheck::{Scope, ShapeError, shape_of};

use crate::model::schema::{self, Shape};

/// The CEL environment rules are compiled and evaluated in: the standard library plus the
/// strings extension (`lowerAscii`, `upperAscii`, `join`, ...).
pub fn cel_env() -> Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    Arc::clone(ENV.get_or_init(|| {
        let mut env = Env::stdlib();
        // Registering a fixed extension on a fresh environment cannot conflict; if it ever
        // did, rules would simply not see those functions and fail to load, loudly.
        let _ = cel::extensions::strings(&mut env);
        Arc::new(env)
    }))
}

/// A compiled CEL expression and its text.
#[derive(Debug)]
pub struct Cel {
    /// The compiled program.
    pub program: Program,
    /// The expression's text.
    pub text: String,
}

/// A label: the fact a finding points at.
#[derive(Debug)]
pub struct Label {
    /// The whole expression (`cert.not_after`).
    pub whole: Cel,
    /// For `x.field`: the expression `x` and the field name, so the field's own span can be
    /// found in the record `x` evaluates to.
    pub parent: Option<(Cel, String)>,
}

/// A piece of evidence a rule needs.
#[derive(Debug)]
pub struct Requirement {
    /// The evidence's name (`winhttp-proxy`, `registry:HKLM\...`).
    pub name: String,
    /// True when the bundle has it.
    pub present: Cel,
    /// How to collect it.
    pub collect: String,
}

/// A piece of related evidence a finding shows.
#[derive(Debug)]
pub struct Related {
    /// The fact.
    pub label: Label,
    /// What it shows.
    pub text: Vec<Piece<Cel>>,
    /// Text to underline inside the fact.
    pub find: Option<Vec<Piece<Cel>>>,
}

/// One loaded rule.
#[derive(Debug)]
pub struct Rule {
    /// Kebab-case id.
    pub id: String,
    /// One-line title.
    pub title: String,
    /// How bad a finding is.
    pub severity: Severity,
    /// The area the rule belongs to.
    pub area: String,
    /// The public source.
    pub docs: String,
    /// Why it matters.
    pub why: Option<String>,
    /// What the customer sees when the check fails.
    pub symptom: Option<String>,
    /// When the rule applies.
    pub applies_if: Option<Cel>,
    /// Evidence it needs.
    pub requires: Vec<Requirement>,
    /// Named values, in order.
    pub lets: Vec<(String, Cel)>,
    /// The loop variable and the list it walks.
    pub for_each: Option<(String, Cel)>,
    /// Which elements are checked.
    pub filter: Option<Cel>,
    /// What must hold.
    pub assert: Cel,
    /// The finding's headline.
    pub message: Vec<Piece<Cel>>,
    /// The fact to underline.
    pub label: Option<Label>,
    /// Text under the underline.
    pub label_text: Option<Vec<Piece<Cel>>>,
    /// Text to underline inside the labelled fact.
    pub label_find: Option<Vec<Piece<Cel>>>,
    /// Other evidence.
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Vec<Piece<Cel>>,
    /// Samples it is tested on.
    pub tests: RuleTests,
    /// The rule file it came from.
    pub file: String,
}

/// A set of loaded rules, sorted by id.
#[derive(Debug, Default)]
pub struct RuleSet {
    /// The rules.
    pub rules: Vec<Arc<Rule>>,
}

/// The built-in rule files (path relative to `rules/`, text), embedded at build time.
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

impl RuleSet {
    /// The rule pack shipped inside the binary.
    pub fn builtin() -> Result<RuleSet, Vec<RuleError>> {
        let texts = BUILTIN
            .iter()
            .map(|(path, text)| (format!("rules/{path}"), (*text).to_string()));
        Self::from_texts(texts)
    }

    /// Loads rule files (`*.yaml`, recursively) from a folder.
    pub fn from_dir(dir: &Path) -> Result<Vec<(String, String)>, std::io::Error> {
        let mut texts = Vec::new();
        collect_yaml(dir, &mut texts)?;
        texts.sort();
        Ok(texts)
    }

    /// Compiles rule files given as `(path, text)`; every error of every file is returned.
    pub fn from_texts(
        texts: impl IntoIterator<Item = (String, String)>,
    ) -> Result<RuleSet, Vec<RuleError>> {
        let mut rules: Vec<Arc<Rule>> = Vec::new();
        let mut errors = Vec::new();
        for (path, text) in texts {
            let file = RuleText { file: path, text };
            match compile_file(&file) {
                Ok(rule) => {
                    if rules.iter().any(|r| r.id == rule.id) {
                        errors.push(file.error(
                            0,
                            0,
                            format!("duplicate rule id `{}`", rule.id),
                            "defined again here",
                            None,
                        ));
                    } else {
                        rules.push(Arc::new(rule));
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        if errors.is_empty() {
            Ok(RuleSet { rules })
        } else {
            Err(errors)
        }
    }

    /// Adds the rules of `other`; a rule with the same id replaces the built-in one.
    pub fn extend(&mut self, other: RuleSet) {
        for rule in other.rules {
            self.rules.retain(|r| r.id != rule.id);
            self.rules.push(rule);
        }
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<Rule>> {
        self.rules.iter().find(|r| r.id == id)
    }
}

fn collect_yaml(dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), std::io::Error> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push((path.display().to_string(), std::fs::read_to_string(&path)?));
        }
    }
    Ok(())
}

/// Compiles one rule file, collecting every error in it.
fn compile_file(file: &RuleText) -> Result<Rule, Vec<RuleError>> {
    let raw: RuleFile =
        serde_saphyr::from_str(&file.text).map_err(|e| vec![yaml_error(file, &e)])?;
    let mut c = Compiler {
        file,
        errors: Vec::new(),
        scope: root_scope(),
    };
    c.check_id(&raw);
    let lets: Vec<(String, Cel)> = raw
        .lets
        .iter()
        .filter_map(|(name, expr)| {
            let (cel, shape) = c.expr(expr)?;
            c.scope.push((name.clone(), shape));
            Some((name.clone(), cel))
        })
        .collect();
    let applies_if = raw
        .applies_if
        .as_ref()
        .and_then(|e| c.expr(e))
        .map(|(cel, _)| cel);
    let requires = raw
        .requires
        .iter()
        .filter_map(|r| c.requirement(r))
        .collect();
    let for_each = raw.for_each.as_ref().and_then(|e| c.for_each(e));
    let filter = raw
        .filter
        .as_ref()
        .and_then(|e| c.expr(e))
        .map(|(cel, _)| cel);
    let assert = c.expr(&raw.assert).map(|(cel, _)| cel);
    let message = c.template(&raw.message);
    let label = raw.label.as_ref().and_then(|l| c.label(l));
    let label_text = raw.label_text.as_ref().map(|t| c.template(t));
    let label_find = raw.label_find.as_ref().map(|t| c.template(t));
    let related = raw
        .related
        .iter()
        .filter_map(|r| {
            Some(Related {
                label: c.label(&r.label)?,
                text: c.template(&r.text),
                find: r.find.as_ref().map(|t| c.template(t)),
            })
        })
        .collect();
    let help = c.template(&raw.help);
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    let Some(assert) = assert else {
        return Err(vec![file.error(
            0,
            0,
            "the rule's assert did not compile",
            "here",
            None,
        )]);
    };
    Ok(Rule {
        id: raw.id.value,
        title: raw.title.value,
        severity: raw.severity.value,
        area: raw.area.value,
        docs: raw.docs.value,
        why: raw.why.map(|w| w.value),
        symptom: raw.symptom.map(|s| s.value),
        applies_if,
        requires,
        lets,
        for_each,
        filter,
        assert,
        message,
        label,
        label_text,
        label_find,
        related,
        help,
        tests: raw.tests.unwrap_or_default(),
        file: file.file.clone(),
    })
}

fn yaml_error(file: &RuleText, error: &serde_saphyr::Error) -> RuleError {
    let message = yaml_message(error);
    match error.location() {
        Some(loc) => file.error_at_line(
            usize::try_from(loc.line()).unwrap_or(1),
            usize::try_from(loc.column()).unwrap_or(1),
            message,
            "here",
        ),
        None => file.error(0, 0, message, "in this file", None),
    }
}

/// The YAML reader's message without its own rendering of the location (we render that).
fn yaml_message(error: &serde_saphyr::Error) -> String {
    let rendered = error.without_snippet().to_string();
    let first = rendered
        .lines()
        .next()
        .unwrap_or("invalid rule file")
        .trim();
    match first.split_once(" at line ") {
        Some((message, _)) => message.to_string(),
        None => first.to_string(),
    }
}

fn root_scope() -> Scope {
    match schema::snapshot() {
        Shape::Record(fields) => fields
            .into_iter()
            .map(|(n, s)| (n.to_string(), s))
            .collect(),
        _ => Vec::new(),
    }
}

struct Compiler<'a> {
    file: &'a RuleText,
    errors: Vec<RuleError>,
    scope: Scope,
}

impl Compiler<'_> {
    fn check_id(&mut self, raw: &RuleFile) {
        let id = &raw.id.value;
        let kebab = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        let stem = Path::new(&self.file.file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let at = Located::new(&raw.id, &self.file.text);
        if !kebab {
            self.errors.push(self.file.error(
                at.scalar_start,
                id.len(),
                format!("rule id `{id}` is not kebab-case"),
                "this id",
                Some("use lower-case words joined by `-`, e.g. `client-auth-cert-expired`".into()),
            ));
        } else if stem != id {
            self.errors.push(self.file.error(
                at.scalar_start,
                id.len(),
                format!("rule id `{id}` does not match the file name `{stem}.yaml`"),
                "this id",
                Some(format!("rename the file to `{id}.yaml` or change the id")),
            ));
        }
        if !raw.docs.value.starts_with("https://") {
            let at = Located::new(&raw.docs, &self.file.text);
            self.errors.push(self.file.error(
                at.scalar_start,
                raw.docs.value.len(),
                "`docs` must be an https:// link to the public source",
                "this value",
                None,
            ));
        }
    }

    /// Compiles and shape-checks one expression given as a YAML value.
    fn expr(&mut self, spanned: &serde_saphyr::Spanned<String>) -> Option<(Cel, Shape)> {
        let at = Located::new(spanned, &self.file.text);
        self.compile(&at, &at.text, 0)
    }

    /// Compiles `text`, which starts `char_offset` characters into the YAML value `at`.
    fn compile(&mut self, at: &Located, text: &str, char_offset: usize) -> Option<(Cel, Shape)> {
        let program = match cel_env().compile(text) {
            Ok(program) => program,
            Err(errors) => {
                // The first syntax error is the real one; the parser's follow-ups are noise.
                for e in errors.errors.into_iter().take(1) {
                    let offset = char_offset_of(text, e.pos.0, e.pos.1);
                    let start = at.file_offset(&self.file.text, char_offset + offset);
                    let message = e.msg.trim_start_matches("Syntax error: ").to_string();
                    self.errors.push(self.file.error(
                        start,
                        1,
                        format!("CEL syntax error: {message}"),
                        "here",
                        None,
                    ));
                }
                return None;
            }
        };
        let mut shape_errors: Vec<ShapeError> = Vec::new();
        let shape = shape_of(program.expression(), &mut self.scope, &mut shape_errors);
        for e in shape_errors {
            let (mut start, mut stop) = program
                .source_info()
                .offset_for(e.expr_id)
                .map_or((0, 0), |(a, b)| (a as usize, b as usize));
            if let Some(field) = &e.field {
                // Underline the field's name, not the `.` before it.
                let chars: Vec<char> = text.chars().collect();
                let name: Vec<char> = field.chars().collect();
                if let Some(i) =
                    (start..chars.len()).find(|&i| chars.get(i..i + name.len()) == Some(&name[..]))
                {
                    (start, stop) = (i, i + name.len());
                }
            }
            let file_start = at.file_offset(&self.file.text, char_offset + start);
            let len = stop.saturating_sub(start).max(1);
            self.errors.push(self.file.error(
                file_start,
                len,
                e.message,
                "not in the snapshot",
                e.help,
            ));
        }
        Some((
            Cel {
                program,
                text: text.to_string(),
            },
            shape,
        ))
    }

    fn requirement(&mut self, spanned: &serde_saphyr::Spanned<String>) -> Option<Requirement> {
        let name = spanned.value.trim();
        // `a | b`: any one of the alternatives decides the rule (say, the connector's events or
        // the legacy connector's trace logs).
        let mut presents = Vec::new();
        let mut collects = Vec::new();
        let mut offset = 0;
        for part in spanned.value.split(evidence::ALTERNATIVES) {
            let alternative = part.trim();
            let lead = part.len() - part.trim_start().len();
            let (present, collect) = self.alternative(spanned, alternative, offset + lead)?;
            presents.push(format!("({present})"));
            collects.push(collect);
            offset += part.len() + 1;
        }
        let present = presents.join(" || ");
        let collect = collects.join(", or ");
        let name = name
            .split(evidence::ALTERNATIVES)
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" | ");
        let name = name.as_str();
        let program = match cel_env().compile(&present) {
            Ok(program) => program,
            Err(e) => {
                let at = Located::new(spanned, &self.file.text);
                self.errors.push(self.file.error(
                    at.scalar_start,
                    name.len(),
                    format!("bad evidence `{name}`: {e}"),
                    "here",
                    None,
                ));
                return None;
            }
        };
        Some(Requirement {
            name: name.to_string(),
            present: Cel {
                program,
                text: present,
            },
            collect,
        })
    }

    /// The presence test and collect hint of one alternative of a requirement, `offset` bytes
    /// into the scalar.
    fn alternative(
        &mut self,
        spanned: &serde_saphyr::Spanned<String>,
        name: &str,
        offset: usize,
    ) -> Option<(String, String)> {
        if let Some(path) = name.strip_prefix(evidence::REGISTRY_PREFIX) {
            return Some(evidence::registry_requirement(path.trim()));
        }
        if let Some(kind) = evidence::kind(name) {
            return Some((kind.present.to_string(), kind.collect.to_string()));
        }
        let at = Located::new(spanned, &self.file.text);
        let known: Vec<&str> = evidence::KINDS.iter().map(|k| k.name).collect();
        self.errors.push(self.file.error(
            at.scalar_start + offset,
            name.len().max(1),
            format!("unknown evidence `{name}`"),
            "not an evidence kind",
            Some(format!(
                "known: {}, or registry:<key path>; `a | b` accepts either",
                known.join(", ")
            )),
        ));
        None
    }

    fn for_each(&mut self, spanned: &serde_saphyr::Spanned<String>) -> Option<(String, Cel)> {
        let at = Located::new(spanned, &self.file.text);
        let Some((var, range)) = at.text.split_once(" in ") else {
            self.errors.push(self.file.error(
                at.scalar_start,
                at.text.len(),
                "`for` must read `<name> in <list>`",
                "here",
                Some("e.g. `for: cert in certificates`".into()),
            ));
            return None;
        };
        let var = var.trim().to_string();
        let offset = at.text.len() - range.len();
        let (cel, shape) = self.compile(
            &at,
            range.trim_start(),
            at.text[..offset].chars().count() + (range.len() - range.trim_start().len()),
        )?;
        let element = match shape {
            Shape::List(inner) => *inner,
            _ => Shape::Any,
        };
        self.scope.push((var.clone(), element));
        Some((var, cel))
    }

    fn label(&mut self, spanned: &serde_saphyr::Spanned<String>) -> Option<Label> {
        let at = Located::new(spanned, &self.file.text);
        let (whole, _) = self.compile(&at, &at.text, 0)?;
        let parent = split_last_field(&at.text).and_then(|(parent, field)| {
            let (cel, _) = self.compile(&at, parent, 0)?;
            Some((cel, field.to_string()))
        });
        Some(Label { whole, parent })
    }

    fn template(&mut self, spanned: &serde_saphyr::Spanned<String>) -> Vec<Piece<Cel>> {
        let at = Located::new(spanned, &self.file.text);
        let pieces = match template::split(&at.text) {
            Ok(pieces) => pieces,
            Err(offset) => {
                let start = at.file_offset(&self.file.text, offset);
                self.errors.push(self.file.error(
                    start,
                    2,
                    "`{{` without a closing `}}`",
                    "opened here",
                    None,
                ));
                return Vec::new();
            }
        };
        pieces
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Text(text) => Some(Piece::Text(text)),
                Piece::Expr(p) => {
                    let before = self.errors.len();
                    let compiled = self
                        .compile(&at, &p.expr, p.char_offset)
                        .map(|(cel, _)| Piece::Expr(cel));
                    for e in self.errors.iter_mut().skip(before) {
                        e.message = format!("in placeholder `{{{{{}}}}}`: {}", p.expr, e.message);
                    }
                    compiled
                }
            })
            .collect()
    }
}

/// Character offset of a 1-based (line, column) in `text`.
fn char_offset_of(text: &str, line: isize, column: isize) -> usize {
    let line = usize::try_from(line).unwrap_or(1).max(1);
    let column = usize::try_from(column).unwrap_or(1).max(1);
    let before: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(|l| l.chars().count())
        .sum();
    before + column - 1
}

/// `a.b[0].c` → (`a.b[0]`, `c`): the last field access outside brackets and quotes.
fn split_last_field(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut last_dot = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') => depth -= 1,
            (None, '.') if depth == 0 => last_dot = Some(i),
            _ => {}
        }
    }
    let dot = last_dot?;
    let (parent, field) = (text.get(..dot)?.trim(), text.get(dot + 1..)?.trim());
    let is_ident =
        !field.is_empty() && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_ident.then_some((parent, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_last_field() {
        assert_eq!(
            split_last_field("cert.not_after"),
            Some(("cert", "not_after"))
        );
        assert_eq!(
            split_last_field("registry['a.b'].values.x"),
            Some(("registry['a.b'].values", "x"))
        );
        assert_eq!(split_last_field("cert"), None);
        assert_eq!(split_last_field("f(a.b)"), None);
    }
}
