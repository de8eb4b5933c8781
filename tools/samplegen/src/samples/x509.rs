//! Reads back the few X.509 fields the text exports print (`certutil -v`, the `Cert:` JSON),
//! from the DER the sample PKI produced: one source of truth for every view of a certificate.

use time::OffsetDateTime;

use super::clock::utc;

/// One DER element.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    /// The tag byte.
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
    /// Tag, length and content.
    pub raw: &'a [u8],
}

/// Splits the first element off `input`. The sample certificates are well-formed, so a
/// malformed one is a generator bug: it panics.
pub fn read(input: &[u8]) -> (Tlv<'_>, &[u8]) {
    let tag = input[0];
    let first = input[1] as usize;
    let (len, header) = if first < 0x80 {
        (first, 2)
    } else {
        let n = first & 0x7f;
        let len = input[2..2 + n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | b as usize);
        (len, 2 + n)
    };
    let end = header + len;
    (
        Tlv {
            tag,
            content: &input[header..end],
            raw: &input[..end],
        },
        &input[end..],
    )
}

/// The elements of a constructed value, in order.
pub fn children(content: &[u8]) -> Vec<Tlv<'_>> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (tlv, more) = read(rest);
        out.push(tlv);
        rest = more;
    }
    out
}

/// Dotted form of an OBJECT IDENTIFIER's content.
pub fn oid_string(content: &[u8]) -> String {
    let mut arcs = Vec::new();
    let mut value: u64 = 0;
    for &b in content {
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (value / 40).min(2);
                arcs.push(first);
                arcs.push(value - first * 40);
            } else {
                arcs.push(value);
            }
            value = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// One relative distinguished name: attribute OID and its text.
#[derive(Debug, Clone)]
pub struct Rdn {
    /// Dotted OID of the attribute type.
    pub oid: String,
    /// The value as text.
    pub value: String,
}

impl Rdn {
    /// The short name Windows prints (`CN`, `O`, `C`, `DC`...).
    pub fn label(&self) -> &str {
        match self.oid.as_str() {
            "2.5.4.3" => "CN",
            "2.5.4.10" => "O",
            "2.5.4.11" => "OU",
            "2.5.4.6" => "C",
            "2.5.4.7" => "L",
            "2.5.4.8" => "S",
            "0.9.2342.19200300.100.1.25" => "DC",
            other => other,
        }
    }
}

/// A certificate extension.
#[derive(Debug, Clone)]
pub struct Extension {
    /// Dotted OID.
    pub oid: String,
    /// The critical flag.
    pub critical: bool,
    /// The DER inside the extnValue OCTET STRING.
    pub value: Vec<u8>,
}

/// The parts of a certificate the exports show.
#[derive(Debug, Clone)]
pub struct X509 {
    /// The whole certificate.
    pub der: Vec<u8>,
    /// `tbsCertificate`, which the signature covers.
    pub tbs: Vec<u8>,
    /// Serial number bytes (big-endian, as encoded).
    pub serial: Vec<u8>,
    /// Signature algorithm OID.
    pub signature_algorithm: String,
    /// Issuer RDNs in DER order (least specific first).
    pub issuer: Vec<Rdn>,
    /// The issuer `Name` DER.
    pub issuer_der: Vec<u8>,
    /// Subject RDNs in DER order.
    pub subject: Vec<Rdn>,
    /// The subject `Name` DER.
    pub subject_der: Vec<u8>,
    /// `notBefore`.
    pub not_before: OffsetDateTime,
    /// `notAfter`.
    pub not_after: OffsetDateTime,
    /// `SubjectPublicKeyInfo` DER.
    pub spki: Vec<u8>,
    /// The subjectPublicKey bits (the RSAPublicKey DER).
    pub public_key: Vec<u8>,
    /// Modulus size in bits.
    pub key_bits: usize,
    /// Extensions in certificate order.
    pub extensions: Vec<Extension>,
    /// The signature value.
    pub signature: Vec<u8>,
}

impl X509 {
    /// Parses the DER of a sample certificate.
    pub fn parse(der: &[u8]) -> Self {
        let (cert, _) = read(der);
        let parts = children(cert.content);
        let tbs = parts[0];
        let fields = children(tbs.content);
        // fields[0] is the explicit [0] version.
        let validity = children(fields[4].content);
        let spki = fields[6];
        let spki_parts = children(spki.content);
        let key_bits_string = spki_parts[1].content;
        let public_key = key_bits_string[1..].to_vec();
        let (rsa, _) = read(&public_key);
        let modulus = children(rsa.content)[0].content;
        let significant = modulus.iter().skip_while(|&&b| b == 0).count();
        let extensions = fields
            .iter()
            .find(|f| f.tag == 0xa3)
            .map(|wrapper| {
                let (list, _) = read(wrapper.content);
                children(list.content)
                    .into_iter()
                    .map(|ext| {
                        let items = children(ext.content);
                        let critical = items.len() == 3 && items[1].content == [0xff];
                        Extension {
                            oid: oid_string(items[0].content),
                            critical,
                            value: items[items.len() - 1].content.to_vec(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let signature_algorithm = oid_string(children(parts[1].content)[0].content);
        Self {
            der: der.to_vec(),
            tbs: tbs.raw.to_vec(),
            serial: fields[1].content.to_vec(),
            signature_algorithm,
            issuer: rdns(fields[3].content),
            issuer_der: fields[3].raw.to_vec(),
            subject: rdns(fields[5].content),
            subject_der: fields[5].raw.to_vec(),
            not_before: parse_time(validity[0]),
            not_after: parse_time(validity[1]),
            spki: spki.raw.to_vec(),
            public_key,
            key_bits: significant * 8,
            extensions,
            signature: parts[2].content[1..].to_vec(),
        }
    }

    /// `CN=..., O=..., C=...` (most specific first), as `Subject` in PowerShell.
    pub fn subject_text(&self) -> String {
        name_text(&self.subject)
    }

    /// The issuer the same way.
    pub fn issuer_text(&self) -> String {
        name_text(&self.issuer)
    }

    /// The subject's common name.
    pub fn common_name(&self) -> Option<&str> {
        self.subject
            .iter()
            .rev()
            .find(|r| r.oid == "2.5.4.3")
            .map(|r| r.value.as_str())
    }

    /// Serial number as upper-case hex (`SerialNumber` in PowerShell).
    pub fn serial_upper(&self) -> String {
        self.serial.iter().map(|b| format!("{b:02X}")).collect()
    }

    /// The extension with `oid`, if present.
    pub fn extension(&self, oid: &str) -> Option<&Extension> {
        self.extensions.iter().find(|e| e.oid == oid)
    }

    /// EKU OIDs in order; empty when the certificate has no EKU extension.
    pub fn ekus(&self) -> Vec<String> {
        self.extension("2.5.29.37")
            .map(|ext| {
                let (seq, _) = read(&ext.value);
                children(seq.content)
                    .iter()
                    .map(|oid| oid_string(oid.content))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The dNSName entries of the SAN.
    pub fn san_dns(&self) -> Vec<String> {
        self.extension("2.5.29.17")
            .map(|ext| {
                let (seq, _) = read(&ext.value);
                children(seq.content)
                    .iter()
                    .filter(|name| name.tag == 0x82)
                    .map(|name| String::from_utf8_lossy(name.content).into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether subject and issuer are the same name.
    pub fn self_issued(&self) -> bool {
        self.subject_der == self.issuer_der
    }
}

fn name_text(rdns: &[Rdn]) -> String {
    rdns.iter()
        .rev()
        .map(|r| format!("{}={}", r.label(), r.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn rdns(content: &[u8]) -> Vec<Rdn> {
    children(content)
        .iter()
        .flat_map(|set| children(set.content))
        .map(|atv| {
            let parts = children(atv.content);
            let value = if parts[1].tag == 0x1e {
                String::from_utf16_lossy(
                    &parts[1]
                        .content
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect::<Vec<_>>(),
                )
            } else {
                String::from_utf8_lossy(parts[1].content).into_owned()
            };
            Rdn {
                oid: oid_string(parts[0].content),
                value,
            }
        })
        .collect()
}

fn parse_time(tlv: Tlv<'_>) -> OffsetDateTime {
    let text = std::str::from_utf8(tlv.content).expect("ASCII time");
    let digits = |range: std::ops::Range<usize>| -> u32 { text[range].parse().expect("digits") };
    let (year, rest) = if tlv.tag == 0x17 {
        let yy = digits(0..2) as i32;
        (if yy >= 50 { 1900 + yy } else { 2000 + yy }, 2)
    } else {
        (digits(0..4) as i32, 4)
    };
    let at = |i: usize| digits(rest + i..rest + i + 2) as u8;
    utc(year, at(0), at(2), at(4), at(6), at(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_round_trip() {
        let der = crate::der::oid(&[1, 3, 6, 1, 4, 1, 311, 21, 7]);
        let (tlv, _) = read(&der);
        assert_eq!(oid_string(tlv.content), "1.3.6.1.4.1.311.21.7");
        let der = crate::der::oid(&[2, 5, 29, 37]);
        assert_eq!(oid_string(read(&der).0.content), "2.5.29.37");
    }
}
