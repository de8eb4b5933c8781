//! Facts as CEL values, and back: every record carries a hidden id so a value a rule computed
//! (after `filter`, indexing, `let`) can still be traced to where it was read.

use std::collections::HashMap;
use std::sync::Arc;

use cel::objects::{Key, Map};
use cel::{Context, ExecutionError, Value};
use chrono::{DateTime, FixedOffset};

use crate::model::facts::{Fact, Node};
use crate::source::Span;

/// The hidden key holding a record's id.
const RECORD_ID: &str = "__record";

struct RecordInfo {
    span: Option<Span>,
    fields: HashMap<String, Option<Span>>,
}

/// The facts as CEL values plus what is needed to locate them.
pub struct Facts {
    root: Value,
    records: Vec<RecordInfo>,
}

impl Facts {
    /// Converts a fact tree.
    pub fn new(node: &Node) -> Facts {
        let mut facts = Facts {
            root: Value::Null,
            records: Vec::new(),
        };
        facts.root = facts.convert(node);
        facts
    }

    /// The top-level variables (`meta`, `certificates`, ...).
    pub fn variables(&self) -> Vec<(String, Value)> {
        match &self.root {
            Value::Map(map) => map
                .map
                .iter()
                .filter_map(|(k, v)| match k {
                    Key::String(name) if name.as_str() != RECORD_ID => {
                        Some((name.to_string(), v.clone()))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn convert(&mut self, node: &Node) -> Value {
        match &node.fact {
            Fact::Null => Value::Null,
            Fact::Bool(b) => Value::Bool(*b),
            Fact::Int(i) => Value::Int(*i),
            Fact::Str(s) => Value::String(Arc::new(s.clone())),
            Fact::Time(t) => Value::Timestamp(*t),
            Fact::List(items) => {
                Value::List(Arc::new(items.iter().map(|i| self.convert(i)).collect()))
            }
            Fact::Dict(map) => {
                let map: HashMap<Key, Value> = map
                    .iter()
                    .map(|(k, v)| (Key::from(k.as_str()), self.convert(v)))
                    .collect();
                Value::Map(Map { map: Arc::new(map) })
            }
            Fact::Map(fields) => {
                let id = self.records.len();
                self.records.push(RecordInfo {
                    span: node.span,
                    fields: fields.iter().map(|(k, v)| (k.clone(), v.span)).collect(),
                });
                let mut map: HashMap<Key, Value> = fields
                    .iter()
                    .map(|(k, v)| (Key::from(k.as_str()), self.convert(v)))
                    .collect();
                map.insert(
                    Key::from(RECORD_ID),
                    Value::Int(i64::try_from(id).unwrap_or(-1)),
                );
                Value::Map(Map { map: Arc::new(map) })
            }
        }
    }

    fn record(&self, value: &Value) -> Option<&RecordInfo> {
        let Value::Map(map) = value else { return None };
        match map.map.get(&Key::from(RECORD_ID)) {
            Some(Value::Int(id)) => self.records.get(usize::try_from(*id).ok()?),
            _ => None,
        }
    }

    /// Where the record `value` was read.
    pub fn record_span(&self, value: &Value) -> Option<Span> {
        self.record(value)?.span
    }

    /// Where the field `field` of the record `value` was read.
    pub fn field_span(&self, value: &Value, field: &str) -> Option<Span> {
        self.record(value)?.fields.get(field).copied().flatten()
    }
}

/// Functions rules may call besides CEL's standard library.
pub fn add_functions(ctx: &mut Context<'_, '_>, registry: Value) {
    // A fresh root context has none of these names; a conflict would only hide the function.
    let _ = ctx.add_function("days_between", days_between);
    let keys = registry.clone();
    let _ = ctx.add_function("reg", move |path: Arc<String>| {
        reg_key(&keys, &path).unwrap_or(Value::Null)
    });
    let _ = ctx.add_function("reg_value", move |path: Arc<String>, name: Arc<String>| {
        reg_key(&registry, &path)
            .and_then(|key| get_ignore_case(field(&key, "values")?, &name))
            .unwrap_or(Value::Null)
    });
}

/// Registry paths and value names are case-insensitive on Windows, so lookups are too.
fn get_ignore_case(map: Value, name: &str) -> Option<Value> {
    let Value::Map(map) = map else { return None };
    let wanted = if name == "(default)" || name.is_empty() {
        "@"
    } else {
        name
    };
    map.map.iter().find_map(|(k, v)| match k {
        Key::String(k) if k.eq_ignore_ascii_case(wanted) => Some(v.clone()),
        _ => None,
    })
}

fn field(record: &Value, name: &str) -> Option<Value> {
    let Value::Map(map) = record else { return None };
    map.map.get(&Key::from(name)).cloned()
}

fn reg_key(registry: &Value, path: &str) -> Option<Value> {
    get_ignore_case(registry.clone(), &crate::model::canonical_key_path(path))
}

/// Whole days from `b` to `a` (positive when `a` is later).
fn days_between(a: Value, b: Value) -> Result<Value, ExecutionError> {
    match (a, b) {
        (Value::Timestamp(a), Value::Timestamp(b)) => Ok(Value::Int((a - b).num_days())),
        (a, b) => Err(ExecutionError::function_error(
            "days_between",
            format!(
                "expects two timestamps, got {:?} and {:?}",
                a.type_of(),
                b.type_of()
            ),
        )),
    }
}

/// How a value reads in a message.
pub fn display(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "(none)".to_string(),
        Value::Timestamp(t) => display_time(t),
        Value::Duration(d) => format!("{} days", d.num_days()),
        Value::List(items) => items.iter().map(display).collect::<Vec<_>>().join(", "),
        Value::Map(_) => "{…}".to_string(),
        other => format!("{other:?}"),
    }
}

/// `2026-10-09 12:00:00 UTC`, or with its offset when it is not UTC.
pub fn display_time(t: &DateTime<FixedOffset>) -> String {
    if t.offset().local_minus_utc() == 0 {
        t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S %:z").to_string()
    }
}
