//! Finding where a YAML scalar's text (a CEL expression, a message) sits in the rule file,
//! so errors inside an expression point at the right column of the right line — whatever
//! the scalar's style (plain, quoted, block).

use serde_saphyr::Spanned;

/// A YAML string value and where its text starts in the rule file.
#[derive(Debug, Clone)]
pub struct Located {
    /// The value.
    pub text: String,
    /// Byte offset in the rule file of the scalar (its quote or block indicator included).
    pub scalar_start: usize,
}

impl Located {
    /// From a spanned YAML value, given the file's text.
    pub fn new(spanned: &Spanned<String>, file_text: &str) -> Located {
        let line = usize::try_from(spanned.referenced.line()).unwrap_or(1);
        let column = usize::try_from(spanned.referenced.column()).unwrap_or(1);
        let scalar_start = spanned
            .referenced
            .span()
            .byte_offset()
            .and_then(|o| usize::try_from(o).ok())
            .unwrap_or_else(|| super::error::offset_of(file_text, line, column));
        Located {
            text: spanned.value.clone(),
            scalar_start,
        }
    }

    /// The byte offset in the rule file of the character at `char_offset` in the value.
    /// Each line of the value is searched for in the file, in order, from the scalar on; when
    /// a line cannot be found (escapes, folding), the scalar's start is the best answer.
    pub fn file_offset(&self, file_text: &str, char_offset: usize) -> usize {
        let byte_offset = self
            .text
            .char_indices()
            .nth(char_offset)
            .map_or(self.text.len(), |(i, _)| i);
        let mut search_from = self.scalar_start;
        let mut consumed = 0;
        for line in self.text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let found = file_text
                .get(search_from..)
                .and_then(|rest| rest.find(content))
                .map(|i| search_from + i);
            let Some(line_start) = found else {
                return self.scalar_start;
            };
            if byte_offset < consumed + line.len() {
                return line_start + (byte_offset - consumed).min(content.len());
            }
            consumed += line.len();
            search_from = line_start + content.len();
        }
        self.scalar_start
    }
}
