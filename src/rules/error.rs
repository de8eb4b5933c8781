//! Errors in rule files, each pointing at the line of the rule file that is wrong.

use miette::{Diagnostic, NamedSource, SourceSpan};

/// Something wrong in a rule file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(scepter::rule))]
pub struct RuleError {
    /// What is wrong.
    pub message: String,
    /// The rule file's path as given.
    pub file: String,
    /// 1-based line in the rule file.
    pub line: usize,
    /// 1-based column in the rule file.
    pub column: usize,
    #[source_code]
    src: NamedSource<String>,
    #[label("{label}")]
    span: SourceSpan,
    label: String,
    /// How to fix it, when scepter can tell.
    #[help]
    pub help: Option<String>,
}

/// A rule file's text, for pointing into it.
#[derive(Debug, Clone)]
pub struct RuleText {
    /// The path shown in errors.
    pub file: String,
    /// The file's text.
    pub text: String,
}

impl RuleText {
    /// An error at a byte range of the file.
    pub fn error(
        &self,
        start: usize,
        len: usize,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> RuleError {
        let start = start.min(self.text.len());
        let (line, column) = line_col(&self.text, start);
        RuleError {
            message: message.into(),
            file: self.file.clone(),
            line,
            column,
            src: NamedSource::new(&self.file, self.text.clone()),
            span: SourceSpan::from((start, len.min(self.text.len() - start))),
            label: label.into(),
            help,
        }
    }

    /// An error at a 1-based line and column.
    pub fn error_at_line(
        &self,
        line: usize,
        column: usize,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> RuleError {
        let offset = offset_of(&self.text, line, column);
        self.error(offset, 1, message, label, None)
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Byte offset of a 1-based line and (character) column.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(line_start..).unwrap_or("");
    let in_line = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    (line_start + in_line).min(text.len())
}
