//! Bytes to text, the way Windows tools write them.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How a file's bytes were turned into text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark (PowerShell 7, ASCII files).
    Utf8,
    /// UTF-8 with a byte-order mark (`-Encoding UTF8` in Windows PowerShell 5.1).
    Utf8Bom,
    /// UTF-16LE with a byte-order mark (`reg export`, Windows PowerShell 5.1 `>`).
    Utf16LeBom,
    /// UTF-16LE without a byte-order mark, recognized by its zero high bytes (`cmd /U`).
    Utf16LeSniffed,
    /// UTF-16BE with a byte-order mark.
    Utf16BeBom,
    /// Neither UTF-8 nor UTF-16: decoded as Windows-1252, which is a guess.
    Windows1252Guess,
}

impl TextEncoding {
    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 with BOM",
            TextEncoding::Utf16LeBom => "UTF-16LE with BOM",
            TextEncoding::Utf16LeSniffed => "UTF-16LE without BOM",
            TextEncoding::Utf16BeBom => "UTF-16BE with BOM",
            TextEncoding::Windows1252Guess => "Windows-1252 (guessed)",
        }
    }
}

/// The result of decoding a file's bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// The file is text.
    Text {
        /// The decoded text, without a byte-order mark.
        text: String,
        /// How it was decoded.
        encoding: TextEncoding,
    },
    /// The file is binary (DER, PFX, evtx, images, ...).
    Binary,
}

/// Decodes a file's bytes: BOMs first, then BOM-less UTF-16LE, UTF-8, and a code-page guess.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return text(
            String::from_utf8_lossy(rest).into_owned(),
            TextEncoding::Utf8Bom,
        );
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (cow, _) = UTF_16LE.decode_without_bom_handling(rest);
        return text(cow.into_owned(), TextEncoding::Utf16LeBom);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (cow, _) = UTF_16BE.decode_without_bom_handling(rest);
        return text(cow.into_owned(), TextEncoding::Utf16BeBom);
    }
    if looks_like_bomless_utf16le(bytes) {
        let (cow, _) = UTF_16LE.decode_without_bom_handling(bytes);
        return text(cow.into_owned(), TextEncoding::Utf16LeSniffed);
    }
    if has_binary_bytes(bytes) {
        return Decoded::Binary;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => text(s.to_string(), TextEncoding::Utf8),
        Err(_) => {
            let (cow, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            text(cow.into_owned(), TextEncoding::Windows1252Guess)
        }
    }
}

fn text(text: String, encoding: TextEncoding) -> Decoded {
    Decoded::Text { text, encoding }
}

/// ASCII text written as UTF-16LE has a zero at (almost) every odd offset.
fn looks_like_bomless_utf16le(bytes: &[u8]) -> bool {
    let sample = bytes.get(..1024).unwrap_or(bytes);
    if sample.len() < 4 || (sample.len() == bytes.len() && !bytes.len().is_multiple_of(2)) {
        return false;
    }
    let pairs = sample.len() / 2;
    let mut ascii_units = 0usize;
    for pair in sample.chunks_exact(2) {
        if let [low, 0] = pair
            && (low.is_ascii_graphic() || low.is_ascii_whitespace())
        {
            ascii_units += 1;
        }
    }
    ascii_units * 10 >= pairs * 9
}

/// NUL bytes and other control characters do not occur in text files.
fn has_binary_bytes(bytes: &[u8]) -> bool {
    let sample = bytes.get(..4096).unwrap_or(bytes);
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    sample.contains(&0) || controls * 100 > sample.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for unit in s.encode_utf16() {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }

    #[test]
    fn decodes_every_windows_encoding() {
        let s = "Windows Registry Editor Version 5.00\r\n";
        let cases: Vec<(Vec<u8>, TextEncoding)> = vec![
            (s.as_bytes().to_vec(), TextEncoding::Utf8),
            (
                [&[0xEF, 0xBB, 0xBF][..], s.as_bytes()].concat(),
                TextEncoding::Utf8Bom,
            ),
            (utf16le(s, true), TextEncoding::Utf16LeBom),
            (utf16le(s, false), TextEncoding::Utf16LeSniffed),
            (
                [
                    vec![0xFE, 0xFF],
                    s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
                ]
                .concat(),
                TextEncoding::Utf16BeBom,
            ),
        ];
        for (bytes, encoding) in cases {
            assert_eq!(
                decode(&bytes),
                Decoded::Text {
                    text: s.to_string(),
                    encoding
                },
                "{encoding:?}"
            );
        }
    }

    #[test]
    fn latin1_text_is_a_guess() {
        assert_eq!(
            decode(b"Param\xe8tres de proxy\r\n"),
            Decoded::Text {
                text: "Paramètres de proxy\r\n".to_string(),
                encoding: TextEncoding::Windows1252Guess
            }
        );
    }

    #[test]
    fn der_and_evtx_are_binary() {
        assert_eq!(
            decode(&[0x30, 0x82, 0x03, 0x10, 0x30, 0x82, 0x01, 0x00]),
            Decoded::Binary
        );
        assert_eq!(decode(b"ElfFile\0\0\0\0"), Decoded::Binary);
    }
}
