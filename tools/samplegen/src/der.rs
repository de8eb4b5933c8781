//! A minimal DER encoder for the few extension values rcgen cannot build itself
//! (Microsoft template extensions, SKI, AIA, CA version).

/// Encodes one tag-length-value triple with a definite DER length.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend_from_slice(&bytes);
    }
    out.extend_from_slice(content);
    out
}

/// The header length and content length of the TLV starting at `at`.
pub fn header(bytes: &[u8], at: usize) -> crate::Result<(usize, usize)> {
    let first = *bytes.get(at + 1).ok_or("DER ends inside a header")?;
    if first < 0x80 {
        return Ok((2, usize::from(first)));
    }
    let count = usize::from(first & 0x7f);
    let len_bytes = bytes
        .get(at + 2..at + 2 + count)
        .ok_or("DER ends inside a length")?;
    let len = len_bytes
        .iter()
        .fold(0usize, |len, &b| (len << 8) | usize::from(b));
    Ok((2 + count, len))
}

/// `SEQUENCE { parts... }`.
pub fn sequence(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// `OBJECT IDENTIFIER` from its arcs.
pub fn oid(arcs: &[u64]) -> Vec<u8> {
    assert!(arcs.len() >= 2, "an OID has at least two arcs");
    let mut body = Vec::new();
    push_base128(&mut body, arcs[0] * 40 + arcs[1]);
    for &arc in &arcs[2..] {
        push_base128(&mut body, arc);
    }
    tlv(0x06, &body)
}

fn push_base128(out: &mut Vec<u8>, mut value: u64) {
    let mut groups = vec![(value & 0x7f) as u8];
    value >>= 7;
    while value > 0 {
        groups.push(0x80 | (value & 0x7f) as u8);
        value >>= 7;
    }
    out.extend(groups.iter().rev());
}

/// A non-negative `INTEGER`.
pub fn uint(value: u64) -> Vec<u8> {
    let mut bytes: Vec<u8> = value
        .to_be_bytes()
        .iter()
        .copied()
        .skip_while(|&b| b == 0)
        .collect();
    // A set top bit would read as negative: DER then needs a leading zero byte.
    if bytes.first().is_none_or(|&b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    tlv(0x02, &bytes)
}

/// `OCTET STRING`.
pub fn octet_string(bytes: &[u8]) -> Vec<u8> {
    tlv(0x04, bytes)
}

/// `BMPString` (UTF-16BE), as Windows writes the V1 certificate template name.
pub fn bmp_string(text: &str) -> Vec<u8> {
    let body: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    tlv(0x1e, &body)
}

/// A context-specific primitive tag `[n]` holding an IA5 string (a URI in a GeneralName).
pub fn context_uri(n: u8, uri: &str) -> Vec<u8> {
    tlv(0x80 | n, uri.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_oid_with_large_arcs() {
        // 1.3.6.1.4.1.311.21.7 (Microsoft certificate template information).
        assert_eq!(
            oid(&[1, 3, 6, 1, 4, 1, 311, 21, 7]),
            [
                0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x07
            ]
        );
    }

    #[test]
    fn integers_keep_the_sign_bit_clear() {
        assert_eq!(uint(0), [0x02, 0x01, 0x00]);
        assert_eq!(uint(100), [0x02, 0x01, 0x64]);
        assert_eq!(uint(200), [0x02, 0x02, 0x00, 0xc8]);
    }

    #[test]
    fn long_lengths_use_the_long_form() {
        let encoded = tlv(0x04, &[0u8; 300]);
        assert_eq!(&encoded[..4], &[0x04, 0x82, 0x01, 0x2c]);
    }

    #[test]
    fn bmp_string_is_utf16_big_endian() {
        assert_eq!(bmp_string("CEP"), [0x1e, 0x06, 0, b'C', 0, b'E', 0, b'P']);
    }
}
