//! The YAML rule format, as read from a rule file (before compilation).

use indexmap::IndexMap;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Certificate deployment is broken or will break.
    Error,
    /// Likely to cause failures, or a bad practice that support should know about.
    Warning,
    /// Worth knowing; not a fault by itself.
    Info,
}

impl Severity {
    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Kebab-case id; equals the file name without `.yaml`.
    pub id: Spanned<String>,
    /// One line, lower-case start, no trailing period.
    pub title: Spanned<String>,
    /// `error`, `warning` or `info`.
    pub severity: Spanned<Severity>,
    /// The area (folder) the rule belongs to.
    pub area: Spanned<String>,
    /// The public source of the fact the rule checks.
    pub docs: Spanned<String>,
    /// Why the check matters (for `scepter explain`).
    #[serde(default)]
    pub why: Option<Spanned<String>>,
    /// What the customer sees when this check fails (error text, event id, HTTP status).
    #[serde(default)]
    pub symptom: Option<Spanned<String>>,
    /// CEL: when false, the rule does not apply to this server.
    #[serde(default)]
    pub applies_if: Option<Spanned<String>>,
    /// Evidence the rule needs (`winhttp-proxy`, `registry:HKLM\...`); without it the rule is
    /// inconclusive.
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
    /// Named CEL values, evaluated in order, usable by everything below.
    #[serde(default, rename = "let")]
    pub lets: IndexMap<String, Spanned<String>>,
    /// `name in <CEL list>`: check every element.
    #[serde(default, rename = "for")]
    pub for_each: Option<Spanned<String>>,
    /// CEL: only elements for which this holds are checked.
    #[serde(default, rename = "where")]
    pub filter: Option<Spanned<String>>,
    /// CEL: what a healthy server satisfies; false is a finding.
    pub assert: Spanned<String>,
    /// The finding's headline, with `{{ CEL }}` placeholders.
    pub message: Spanned<String>,
    /// CEL naming the fact to underline (`cert.not_after`).
    #[serde(default)]
    pub label: Option<Spanned<String>>,
    /// Text under the underline, with placeholders.
    #[serde(default)]
    pub label_text: Option<Spanned<String>>,
    /// Text to underline inside the labelled fact (a parameter in a long event message), with
    /// placeholders; the whole fact when it is not found there.
    #[serde(default)]
    pub label_find: Option<Spanned<String>>,
    /// Other facts to show as evidence.
    #[serde(default)]
    pub related: Vec<RelatedFile>,
    /// How to fix it, with placeholders.
    pub help: Spanned<String>,
    /// Sample bundles the rule must fire on (`invalid`) and stay silent on (`valid`).
    #[serde(default)]
    pub tests: Option<RuleTests>,
}

/// A piece of related evidence.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelatedFile {
    /// CEL naming the fact.
    pub label: Spanned<String>,
    /// What it shows, with placeholders.
    pub text: Spanned<String>,
    /// Text to underline inside the fact, with placeholders.
    #[serde(default)]
    pub find: Option<Spanned<String>>,
}

/// The samples a rule is tested against.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct RuleTests {
    /// Bundles where the rule must report at least one finding.
    #[serde(default)]
    pub invalid: Vec<String>,
    /// Bundles where the rule must report nothing.
    #[serde(default)]
    pub valid: Vec<String>,
}
