//! Decoded bundle files and byte spans into them.
//!
//! Every fact scepter reports points at a [`Span`]: a byte range in the *decoded* text of a
//! [`Source`]. Binary files (DER certificates) get a virtual "decoded view" source of their
//! own, so every span has text to underline.

mod decode;

use std::ops::Range;
use std::sync::Arc;

pub use decode::{Decoded, TextEncoding, decode};

/// Index of a source in its [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub u32);

/// A byte range in the decoded text of one source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The source the range points into.
    pub source: SourceId,
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// The smallest span that covers both `self` and `other` (same source assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            source: self.source,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Where a source's text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The decoded text of a bundle file.
    File,
    /// A listing scepter rendered from a binary file (e.g. a DER certificate).
    DecodedView,
}

/// One decoded file (or decoded view) of a bundle.
#[derive(Debug)]
pub struct Source {
    /// Id of this source in its map.
    pub id: SourceId,
    /// Path relative to the bundle root, `/`-separated.
    pub path: String,
    /// Whether this is a file's own text or a rendered view of a binary file.
    pub origin: Origin,
    /// The decoded text; empty for binary files.
    pub text: String,
    /// How the bytes were decoded; `None` for binary files and views.
    pub encoding: Option<TextEncoding>,
    /// The raw bytes, kept only for binary files.
    pub bytes: Option<Arc<[u8]>>,
    line_starts: Vec<usize>,
}

impl Source {
    /// A text source (used by parsers' tests and fuzz targets too).
    pub fn text(id: SourceId, path: &str, text: String, encoding: Option<TextEncoding>) -> Source {
        Self::build(id, path, Origin::File, text, encoding, None)
    }

    fn build(
        id: SourceId,
        path: &str,
        origin: Origin,
        text: String,
        encoding: Option<TextEncoding>,
        bytes: Option<Arc<[u8]>>,
    ) -> Source {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            id,
            path: path.to_string(),
            origin,
            text,
            encoding,
            bytes,
            line_starts,
        }
    }

    /// A span over `range` of this source's text, clamped to the text and to char boundaries.
    pub fn span(&self, range: Range<usize>) -> Span {
        let end = floor_char_boundary(&self.text, range.end.min(self.text.len()));
        let start = floor_char_boundary(&self.text, range.start.min(end));
        Span {
            source: self.id,
            start,
            end,
        }
    }

    /// The span of a sub-slice of `self.text` (the slice must borrow from it).
    pub fn span_of(&self, slice: &str) -> Span {
        let base = self.text.as_ptr() as usize;
        let start = (slice.as_ptr() as usize).saturating_sub(base);
        self.span(start..start + slice.len())
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The name shown in reports: the path, marked when the text is a decoded view.
    pub fn display_name(&self) -> String {
        match self.origin {
            Origin::File => self.path.clone(),
            Origin::DecodedView => format!("{} (decoded)", self.path),
        }
    }

    /// The text a span covers (empty when the span does not fit this source).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// All sources of one bundle, addressed by [`SourceId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    sources: Vec<Arc<Source>>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    fn next_id(&self) -> SourceId {
        SourceId(u32::try_from(self.sources.len()).unwrap_or(u32::MAX))
    }

    /// Adds a decoded text file.
    pub fn add_text(&mut self, path: &str, text: String, encoding: TextEncoding) -> Arc<Source> {
        let source = Source::build(
            self.next_id(),
            path,
            Origin::File,
            text,
            Some(encoding),
            None,
        );
        self.push(source)
    }

    /// Adds a binary file (no text; its facts point into a decoded view).
    pub fn add_binary(&mut self, path: &str, bytes: Arc<[u8]>) -> Arc<Source> {
        let source = Source::build(
            self.next_id(),
            path,
            Origin::File,
            String::new(),
            None,
            Some(bytes),
        );
        self.push(source)
    }

    /// Adds a decoded view rendered from the binary file at `path`.
    pub fn add_view(&mut self, path: &str, text: String) -> Arc<Source> {
        let source = Source::build(self.next_id(), path, Origin::DecodedView, text, None, None);
        self.push(source)
    }

    fn push(&mut self, source: Source) -> Arc<Source> {
        let source = Arc::new(source);
        self.sources.push(Arc::clone(&source));
        source
    }

    /// The source with this id.
    pub fn get(&self, id: SourceId) -> Option<&Arc<Source>> {
        self.sources.get(id.0 as usize)
    }

    /// Every source, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<Source>> {
        self.sources.iter()
    }

    /// A hook for parsers that render decoded views while reading a file.
    pub fn views(&mut self) -> ViewSink<'_> {
        ViewSink { map: self }
    }
}

/// Lets a parser add decoded views without owning the whole map.
pub struct ViewSink<'a> {
    map: &'a mut SourceMap,
}

impl ViewSink<'_> {
    /// Adds a decoded view of the file at `path` and returns it.
    pub fn add(&mut self, path: &str, text: String) -> Arc<Source> {
        self.map.add_view(path, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_chars() {
        let src = Source::text(SourceId(0), "a.txt", "ab\r\ncé d\n".to_string(), None);
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(4), (2, 1));
        // 'é' is two bytes: the 'd' at byte 8 is the 4th character of line 2.
        assert_eq!(src.line_col(8), (2, 4));
        assert_eq!(src.line_col(1000), (3, 1));
    }

    #[test]
    fn span_is_clamped_to_char_boundaries() {
        let src = Source::text(SourceId(0), "a.txt", "é".to_string(), None);
        let span = src.span(1..50);
        assert_eq!((span.start, span.end), (0, 2));
    }
}
