//! From the CEL syntax tree (macros expanded by the cel parser) to the
//! direct evaluator's nodes. Anything outside the subset is `None`, and the
//! expression then always runs in the cel interpreter.

use cel::common::ast::{operators, CallExpr, EntryExpr, Expr, LiteralValue};
use cel::IdedExpr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    Account,
    Resource,
    Params,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Not,
    And,
    Or,
    Cond,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Neg,
    Index,
    In,
    NotStrictlyFalse,
    Size,
    DaysSince,
    IsDate,
    DaysBetween,
    FirstDate,
    Contains,
    StartsWith,
    EndsWith,
    Join,
    LowerAscii,
    Glob,
}

#[derive(Debug)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(String),
    Root(Root),
    /// A comprehension variable, by its slot on the locals stack.
    Local(usize),
    Select {
        operand: Box<Node>,
        field: String,
        /// `has(operand.field)`
        test: bool,
    },
    Call(Op, Vec<Node>),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
    Comprehension(Box<Comprehension>),
}

/// A macro's loop; the iteration variable takes the first slot above the
/// enclosing scope, the accumulator the next.
#[derive(Debug)]
pub struct Comprehension {
    pub range: Node,
    pub init: Node,
    pub cond: Node,
    pub step: Node,
    pub result: Node,
}

/// The operator or function a call names, with its receiver (if any) as the
/// first argument.
fn op(call: &CallExpr) -> Option<Op> {
    let member = call.target.is_some();
    let arity = call.args.len() + usize::from(member);
    let op = match (call.func_name.as_str(), member) {
        (operators::LOGICAL_NOT, false) => Op::Not,
        (operators::LOGICAL_AND, false) => Op::And,
        (operators::LOGICAL_OR, false) => Op::Or,
        (operators::CONDITIONAL, false) => Op::Cond,
        (operators::EQUALS, false) => Op::Eq,
        (operators::NOT_EQUALS, false) => Op::Ne,
        (operators::LESS, false) => Op::Lt,
        (operators::LESS_EQUALS, false) => Op::Le,
        (operators::GREATER, false) => Op::Gt,
        (operators::GREATER_EQUALS, false) => Op::Ge,
        (operators::ADD, false) => Op::Add,
        (operators::SUBSTRACT, false) => Op::Sub,
        (operators::MULTIPLY, false) => Op::Mul,
        (operators::NEGATE, false) => Op::Neg,
        (operators::INDEX, false) => Op::Index,
        (operators::IN, false) => Op::In,
        (operators::NOT_STRICTLY_FALSE, false) => Op::NotStrictlyFalse,
        ("size", _) => Op::Size,
        ("days_since", false) => Op::DaysSince,
        ("is_date", false) => Op::IsDate,
        ("days_between", false) => Op::DaysBetween,
        ("first_date", false) => Op::FirstDate,
        ("contains", true) => Op::Contains,
        ("startsWith", true) => Op::StartsWith,
        ("endsWith", true) => Op::EndsWith,
        ("join", true) => Op::Join,
        ("lowerAscii", true) => Op::LowerAscii,
        ("glob", false) => Op::Glob,
        _ => return None,
    };
    let expected: &[usize] = match op {
        Op::Not | Op::Neg | Op::NotStrictlyFalse | Op::Size => &[1],
        Op::DaysSince | Op::IsDate | Op::FirstDate | Op::LowerAscii => &[1],
        Op::Cond => &[3],
        Op::Join => &[1, 2],
        _ => &[2],
    };
    expected.contains(&arity).then_some(op)
}

/// Compile with `scope` naming the comprehension variables in slot order.
pub fn node(expr: &IdedExpr, scope: &mut Vec<String>) -> Option<Node> {
    Some(match &expr.expr {
        Expr::Literal(lit) => match lit {
            LiteralValue::Null => Node::Null,
            LiteralValue::Boolean(b) => Node::Bool(*b.inner()),
            LiteralValue::Int(i) => Node::Int(*i.inner()),
            LiteralValue::Double(d) => Node::Double(*d.inner()),
            LiteralValue::String(s) => Node::Str(s.inner().to_string()),
            _ => return None,
        },
        Expr::Ident(name) => match scope.iter().rposition(|n| n == name) {
            Some(slot) => Node::Local(slot),
            None => match name.as_str() {
                "account" => Node::Root(Root::Account),
                "resource" => Node::Root(Root::Resource),
                "params" => Node::Root(Root::Params),
                _ => return None,
            },
        },
        Expr::Select(select) => Node::Select {
            operand: Box::new(node(&select.operand, scope)?),
            field: select.field.clone(),
            test: select.test,
        },
        Expr::Call(call) => {
            let op = op(call)?;
            let mut args = Vec::with_capacity(call.args.len() + 1);
            if let Some(target) = &call.target {
                args.push(node(target, scope)?);
            }
            for arg in &call.args {
                args.push(node(arg, scope)?);
            }
            Node::Call(op, args)
        }
        Expr::List(list) => {
            if !list.optional_indices.is_empty() {
                return None;
            }
            let items: Option<Vec<Node>> = list.elements.iter().map(|e| node(e, scope)).collect();
            Node::List(items?)
        }
        Expr::Map(map) => {
            let mut entries: Vec<(String, Node)> = Vec::with_capacity(map.entries.len());
            for entry in &map.entries {
                let EntryExpr::MapEntry(e) = &entry.expr else {
                    return None;
                };
                let Expr::Literal(LiteralValue::String(key)) = &e.key.expr else {
                    return None;
                };
                let key = key.inner().to_string();
                if e.optional || entries.iter().any(|(k, _)| *k == key) {
                    return None;
                }
                entries.push((key, node(&e.value, scope)?));
            }
            Node::Map(entries)
        }
        Expr::Comprehension(c) => {
            if c.iter_var2.is_some() {
                return None;
            }
            let range = node(&c.iter_range, scope)?;
            let init = node(&c.accu_init, scope)?;
            scope.push(c.iter_var.clone());
            scope.push(c.accu_var.clone());
            let body = (|| {
                Some((
                    node(&c.loop_cond, scope)?,
                    node(&c.loop_step, scope)?,
                    node(&c.result, scope)?,
                ))
            })();
            scope.truncate(scope.len() - 2);
            let (cond, step, result) = body?;
            Node::Comprehension(Box::new(Comprehension {
                range,
                init,
                cond,
                step,
                result,
            }))
        }
        _ => return None,
    })
}
