//! Message templates: text with `{{ CEL }}` placeholders.

/// One piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece<E> {
    /// Literal text.
    Text(String),
    /// A placeholder's expression (compiled by the caller).
    Expr(E),
}

/// A placeholder's source text and its character offset in the template.
#[derive(Debug, Clone, PartialEq)]
pub struct Placeholder {
    /// The expression between the braces, trimmed.
    pub expr: String,
    /// Character offset of the expression in the template.
    pub char_offset: usize,
}

/// Splits a template into text and placeholders; `Err` gives the character offset of an
/// unterminated `{{`.
pub fn split(template: &str) -> Result<Vec<Piece<Placeholder>>, usize> {
    let mut pieces = Vec::new();
    let mut rest = template;
    let mut consumed_chars = 0;
    while let Some(open) = rest.find("{{") {
        let (text, after_open) = rest.split_at(open);
        if !text.is_empty() {
            pieces.push(Piece::Text(text.to_string()));
        }
        let open_chars = consumed_chars + text.chars().count();
        let inner = after_open.get(2..).unwrap_or("");
        let Some(close) = inner.find("}}") else {
            return Err(open_chars);
        };
        let raw = inner.get(..close).unwrap_or("");
        let leading = raw.chars().take_while(|c| c.is_whitespace()).count();
        pieces.push(Piece::Expr(Placeholder {
            expr: raw.trim().to_string(),
            char_offset: open_chars + 2 + leading,
        }));
        rest = inner.get(close + 2..).unwrap_or("");
        consumed_chars = open_chars + 2 + raw.chars().count() + 2;
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_text_and_placeholders() {
        let pieces = split("é {{ cert.subject_cn }} expired").unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece::Text("é ".into()),
                Piece::Expr(Placeholder {
                    expr: "cert.subject_cn".into(),
                    char_offset: 5
                }),
                Piece::Text(" expired".into()),
            ]
        );
        assert_eq!(split("a {{ b"), Err(2));
    }
}
