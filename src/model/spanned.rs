//! A value with the span it was read from.

use crate::source::Span;

/// A value and where in the bundle it was read (`None` for values scepter derived).
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was read.
    pub span: Option<Span>,
}

impl<T> Spanned<T> {
    /// A value read at `span`.
    pub fn new(value: T, span: Span) -> Self {
        Spanned {
            value,
            span: Some(span),
        }
    }

    /// A value with no location (derived or assumed).
    pub fn unlocated(value: T) -> Self {
        Spanned { value, span: None }
    }

    /// Applies `f` to the value, keeping the span.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned {
            value: f(self.value),
            span: self.span,
        }
    }
}
