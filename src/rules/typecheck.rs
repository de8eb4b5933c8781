//! Checking a CEL expression against the shape of the snapshot at load time, so a rule that
//! names a field the snapshot does not have fails when it is loaded, in the rule file.

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue};

use crate::model::schema::{self, Shape};

/// A problem in an expression: the expression node's id and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeError {
    /// The CEL node the problem is at.
    pub expr_id: u64,
    /// What is wrong.
    pub message: String,
    /// A hint, e.g. the fields that do exist.
    pub help: Option<String>,
    /// The field name the problem is about, to underline the name rather than the dot.
    pub field: Option<String>,
}

/// Variables in scope, innermost last.
pub type Scope = Vec<(String, Shape)>;

/// CEL type names that may appear as identifiers (`type(x) == string`).
const TYPE_NAMES: &[&str] = &[
    "int",
    "uint",
    "double",
    "string",
    "bool",
    "bytes",
    "list",
    "map",
    "null_type",
    "type",
    "timestamp",
    "duration",
];

/// Works out the shape of `expr`, recording every unknown variable or field in `errors`.
pub fn shape_of(expr: &IdedExpr, scope: &mut Scope, errors: &mut Vec<ShapeError>) -> Shape {
    match &expr.expr {
        Expr::Ident(name) => ident(expr.id, name, scope, errors),
        Expr::Select(select) => {
            let operand = shape_of(&select.operand, scope, errors);
            let field = field_of(expr.id, &operand, &select.field, errors);
            if select.test { Shape::Bool } else { field }
        }
        Expr::Call(call) => {
            let target = call.target.as_ref().map(|t| shape_of(t, scope, errors));
            let args: Vec<Shape> = call
                .args
                .iter()
                .map(|a| shape_of(a, scope, errors))
                .collect();
            match (call.func_name.as_str(), target, args.as_slice()) {
                ("_[_]", None, [container, _]) => {
                    index(expr.id, container, call.args.get(1), errors)
                }
                ("reg", None, [_]) => Shape::Nullable(Box::new(schema::reg_key())),
                ("reg_value", None, [_, _]) => Shape::Nullable(Box::new(schema::reg_value())),
                _ => Shape::Any,
            }
        }
        Expr::Comprehension(comp) => {
            let range = shape_of(&comp.iter_range, scope, errors);
            let element = match unwrap_nullable(&range) {
                Shape::List(inner) => (**inner).clone(),
                Shape::Dict(_) => Shape::Str,
                _ => Shape::Any,
            };
            let depth = scope.len();
            scope.push((comp.iter_var.clone(), element.clone()));
            if let Some(second) = &comp.iter_var2 {
                scope.push((second.clone(), Shape::Any));
            }
            scope.push((comp.accu_var.clone(), Shape::Any));
            shape_of(&comp.accu_init, scope, errors);
            shape_of(&comp.loop_cond, scope, errors);
            shape_of(&comp.loop_step, scope, errors);
            shape_of(&comp.result, scope, errors);
            scope.truncate(depth);
            if appends_iter_var(&comp.loop_step.expr, &comp.iter_var) {
                Shape::List(Box::new(element))
            } else {
                Shape::Any
            }
        }
        Expr::List(list) => {
            for element in &list.elements {
                shape_of(element, scope, errors);
            }
            Shape::List(Box::new(Shape::Any))
        }
        Expr::Map(map) => {
            for entry in &map.entries {
                match &entry.expr {
                    EntryExpr::MapEntry(e) => {
                        shape_of(&e.key, scope, errors);
                        shape_of(&e.value, scope, errors);
                    }
                    EntryExpr::StructField(f) => {
                        shape_of(&f.value, scope, errors);
                    }
                }
            }
            Shape::Any
        }
        Expr::Literal(literal) => match literal {
            LiteralValue::Boolean(_) => Shape::Bool,
            LiteralValue::Int(_) => Shape::Int,
            LiteralValue::String(_) => Shape::Str,
            _ => Shape::Any,
        },
        Expr::Struct(_) | Expr::Unspecified => Shape::Any,
    }
}

fn ident(id: u64, name: &str, scope: &Scope, errors: &mut Vec<ShapeError>) -> Shape {
    if let Some((_, shape)) = scope.iter().rev().find(|(n, _)| n == name) {
        return shape.clone();
    }
    if !TYPE_NAMES.contains(&name) {
        let known: Vec<&str> = scope.iter().map(|(n, _)| n.as_str()).collect();
        errors.push(ShapeError {
            expr_id: id,
            message: format!("unknown variable `{name}`"),
            help: Some(format!("variables here: {}", known.join(", "))),
            field: None,
        });
    }
    Shape::Any
}

fn unwrap_nullable(shape: &Shape) -> &Shape {
    match shape {
        Shape::Nullable(inner) => unwrap_nullable(inner),
        other => other,
    }
}

fn field_of(id: u64, operand: &Shape, field: &str, errors: &mut Vec<ShapeError>) -> Shape {
    match unwrap_nullable(operand) {
        Shape::Record(_) => match operand.field(field) {
            Some(shape) => shape.clone(),
            None => {
                errors.push(ShapeError {
                    expr_id: id,
                    message: format!("unknown field `{field}`"),
                    help: Some(format!("fields here: {}", operand.field_names().join(", "))),
                    field: Some(field.to_string()),
                });
                Shape::Any
            }
        },
        Shape::Dict(inner) => (**inner).clone(),
        Shape::Any => Shape::Any,
        other => {
            errors.push(ShapeError {
                expr_id: id,
                message: format!(
                    "`.{field}` on a value that has no fields ({})",
                    describe(other)
                ),
                help: None,
                field: Some(field.to_string()),
            });
            Shape::Any
        }
    }
}

fn index(
    id: u64,
    container: &Shape,
    key: Option<&IdedExpr>,
    errors: &mut Vec<ShapeError>,
) -> Shape {
    match unwrap_nullable(container) {
        Shape::List(inner) | Shape::Dict(inner) => (**inner).clone(),
        Shape::Record(_) => match key.map(|k| &k.expr) {
            Some(Expr::Literal(LiteralValue::String(name))) => {
                field_of(id, container, name.inner(), errors)
            }
            _ => Shape::Any,
        },
        _ => Shape::Any,
    }
}

fn describe(shape: &Shape) -> &'static str {
    match shape {
        Shape::Bool => "a bool",
        Shape::Int => "an int",
        Shape::Str => "a string",
        Shape::Time => "a timestamp",
        Shape::List(_) => "a list",
        _ => "a value",
    }
}

/// `filter` (and an identity `map`) append the loop variable itself: their result is a list
/// of the range's elements.
fn appends_iter_var(step: &Expr, iter_var: &str) -> bool {
    match step {
        Expr::List(list) => {
            matches!(list.elements.as_slice(), [only] if matches!(&only.expr, Expr::Ident(n) if n == iter_var))
        }
        Expr::Call(call) => {
            call.args
                .iter()
                .any(|a| appends_iter_var(&a.expr, iter_var))
                || call
                    .target
                    .as_ref()
                    .is_some_and(|t| appends_iter_var(&t.expr, iter_var))
        }
        _ => false,
    }
}
