//! `scepter facts`: the snapshot exactly as rules see it, plus where every fact was read.
//!
//! The output has two parts: `facts`, the plain tree a rule's expressions walk
//! (`certificates[0].not_after`), and `provenance`, a map from each located fact's path to
//! `file:line:column` (with `(decoded)` for a binary file's decoded view).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::place;
use crate::model::facts::{Fact, Node, snapshot_facts};
use crate::pipeline::BundleReport;

#[derive(Serialize)]
struct FactsDocument<'a> {
    bundle: &'a str,
    facts: Value,
    provenance: BTreeMap<String, String>,
}

/// Output formats of `scepter facts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactsFormat {
    /// Pretty JSON.
    Json,
    /// YAML.
    Yaml,
}

/// Renders a bundle's facts with their provenance.
pub fn render_facts(report: &BundleReport, format: FactsFormat) -> String {
    let root = snapshot_facts(&report.snapshot);
    let mut provenance = BTreeMap::new();
    let facts = plain(report, &root, "", &mut provenance);
    let document = FactsDocument {
        bundle: &report.name,
        facts,
        provenance,
    };
    let rendered = match format {
        FactsFormat::Json => serde_json::to_string_pretty(&document).map_err(|e| e.to_string()),
        FactsFormat::Yaml => serde_saphyr::to_string(&document).map_err(|e| e.to_string()),
    };
    rendered.unwrap_or_else(|e| format!("cannot render facts: {e}"))
}

/// The plain value of a node, recording the location of every located node under `path`.
fn plain(
    report: &BundleReport,
    node: &Node,
    path: &str,
    provenance: &mut BTreeMap<String, String>,
) -> Value {
    if let Some(at) = node.span.and_then(|span| place(report, span))
        && !path.is_empty()
    {
        let view = if at.decoded_view { " (decoded)" } else { "" };
        provenance.insert(
            path.to_string(),
            format!("{}{view}:{}:{}", at.path, at.line, at.column),
        );
    }
    match &node.fact {
        Fact::Null => Value::Null,
        Fact::Bool(b) => Value::Bool(*b),
        Fact::Int(i) => Value::from(*i),
        Fact::Str(s) => Value::from(s.as_str()),
        Fact::Time(t) => Value::from(t.to_rfc3339()),
        Fact::List(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| plain(report, item, &format!("{path}[{i}]"), provenance))
                .collect(),
        ),
        Fact::Map(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| {
                    let child = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    (k.clone(), plain(report, v, &child, provenance))
                })
                .collect(),
        ),
        Fact::Dict(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        plain(report, v, &format!("{path}[{k:?}]"), provenance),
                    )
                })
                .collect(),
        ),
    }
}
