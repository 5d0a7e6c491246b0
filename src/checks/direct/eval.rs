//! Evaluating nodes over the JSON views. `None` means "not decided here":
//! an error in CEL (missing key, sentinel date, wrong type) or a case whose
//! CEL semantics this evaluator does not reproduce; the caller then runs
//! the interpreter, so every answer given here is the one CEL gives.

use super::compile::{Comprehension, Node, Op, Root};
use super::value::{compare, scalar_eq, Out};
use super::JsonVars;
use crate::checks::cel_env::days_between;
use std::borrow::Cow;
use std::cmp::Ordering;

pub struct Frame<'a, 'v> {
    pub vars: &'v JsonVars<'v>,
    /// Comprehension variables; grows and shrinks with nesting.
    pub locals: Vec<Out<'a>>,
}

fn date(text: &str) -> Option<jiff::Timestamp> {
    text.parse().ok()
}

impl<'a, 'v: 'a> Frame<'a, 'v> {
    pub fn eval(&mut self, node: &'a Node) -> Option<Out<'a>> {
        Some(match node {
            Node::Null => Out::Null,
            Node::Bool(b) => Out::Bool(*b),
            Node::Int(i) => Out::Int(*i),
            Node::Double(d) => Out::Double(*d),
            Node::Str(s) => Out::Str(Cow::Borrowed(s)),
            Node::Root(root) => Out::from_json(match root {
                Root::Account => self.vars.account,
                Root::Resource => self.vars.resource,
                Root::Params => self.vars.params,
            }),
            Node::Local(slot) => self.locals.get(*slot)?.clone(),
            Node::Select {
                operand,
                field,
                test,
            } => {
                let operand = self.eval(operand)?;
                if *test {
                    Out::Bool(operand.has_key(field)?)
                } else {
                    operand.field(field)?
                }
            }
            Node::List(items) => Out::List(
                items
                    .iter()
                    .map(|i| self.eval(i))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Node::Map(entries) => Out::Map(
                entries
                    .iter()
                    .map(|(k, v)| Some((k.as_str(), self.eval(v)?)))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Node::Comprehension(c) => self.comprehension(c)?,
            Node::Call(op, args) => self.call(*op, args)?,
        })
    }

    fn bool(&mut self, node: &'a Node) -> Option<bool> {
        match self.eval(node)? {
            Out::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn comprehension(&mut self, c: &'a Comprehension) -> Option<Out<'a>> {
        // Map iteration order is unspecified in CEL: lists only.
        let items = self.eval(&c.range)?.elements()?;
        let accu = self.eval(&c.init)?;
        let base = self.locals.len();
        self.locals.push(Out::Null);
        self.locals.push(accu);
        for item in items {
            if !self.bool(&c.cond)? {
                break;
            }
            self.locals[base] = item;
            let next = self.eval(&c.step)?;
            self.locals[base + 1] = next;
        }
        let result = self.eval(&c.result)?;
        self.locals.truncate(base);
        Some(result)
    }

    fn call(&mut self, op: Op, args: &'a [Node]) -> Option<Out<'a>> {
        // Short-circuiting operators evaluate their own arguments.
        match op {
            Op::And | Op::Or => {
                let decisive = op == Op::Or;
                let left = self.bool(args.first()?)?;
                if left == decisive {
                    return Some(Out::Bool(decisive));
                }
                return Some(Out::Bool(self.bool(args.get(1)?)?));
            }
            Op::Cond => {
                let branch = if self.bool(args.first()?)? { 1 } else { 2 };
                return self.eval(args.get(branch)?);
            }
            _ => {}
        }
        let mut values = Vec::with_capacity(args.len());
        for arg in args {
            values.push(self.eval(arg)?);
        }
        let mut values = values.into_iter();
        let a = values.next()?;
        if op == Op::DaysSince {
            return Some(Out::Int(days_between(date(a.as_str()?)?, self.vars.now)));
        }
        apply(op, a, values.next())
    }
}

fn ordered(b: Option<Out>, a: &Out, accept: fn(Ordering) -> bool) -> Option<Out<'static>> {
    Some(Out::Bool(accept(compare(a, &b?)?)))
}

use crate::iam_policy::pattern::glob_match;

fn text_test(a: &Out, b: Option<Out>, test: fn(&str, &str) -> bool) -> Option<Out<'static>> {
    Some(Out::Bool(test(a.as_str()?, b?.as_str()?)))
}

/// An operator or function on evaluated arguments (`b` the second, if any).
fn apply<'a>(op: Op, a: Out<'a>, b: Option<Out<'a>>) -> Option<Out<'a>> {
    Some(match op {
        Op::Not => match a {
            Out::Bool(x) => Out::Bool(!x),
            _ => return None,
        },
        Op::NotStrictlyFalse => match a {
            Out::Bool(x) => Out::Bool(x),
            _ => return None,
        },
        Op::Eq => Out::Bool(scalar_eq(&a, &b?)?),
        Op::Ne => Out::Bool(!scalar_eq(&a, &b?)?),
        Op::Lt => return ordered(b, &a, Ordering::is_lt),
        Op::Le => return ordered(b, &a, Ordering::is_le),
        Op::Gt => return ordered(b, &a, Ordering::is_gt),
        Op::Ge => return ordered(b, &a, Ordering::is_ge),
        Op::Add => match (a, b?) {
            (Out::Int(x), Out::Int(y)) => Out::Int(x.checked_add(y)?),
            (Out::Double(x), Out::Double(y)) => Out::Double(x + y),
            (Out::Str(x), Out::Str(y)) => Out::Str(Cow::Owned(format!("{x}{y}"))),
            (x, y) => {
                let mut list = x.elements()?;
                list.extend(y.elements()?);
                Out::List(list)
            }
        },
        Op::Sub => match (a, b?) {
            (Out::Int(x), Out::Int(y)) => Out::Int(x.checked_sub(y)?),
            (Out::Double(x), Out::Double(y)) => Out::Double(x - y),
            _ => return None,
        },
        Op::Mul => match (a, b?) {
            (Out::Int(x), Out::Int(y)) => Out::Int(x.checked_mul(y)?),
            (Out::Double(x), Out::Double(y)) => Out::Double(x * y),
            _ => return None,
        },
        Op::Neg => match a {
            Out::Int(x) => Out::Int(x.checked_neg()?),
            Out::Double(x) => Out::Double(-x),
            _ => return None,
        },
        Op::Index => match b? {
            Out::Str(key) => a.field(&key)?,
            Out::Int(i) => {
                let i = usize::try_from(i).ok()?;
                match a {
                    Out::Json(serde_json::Value::Array(items)) => Out::from_json(items.get(i)?),
                    Out::List(mut items) if i < items.len() => items.swap_remove(i),
                    _ => return None,
                }
            }
            _ => return None,
        },
        Op::In => {
            let container = b?;
            // A key of a map, else an element of a list.
            if let Some(found) = a.as_str().and_then(|k| container.has_key(k)) {
                return Some(Out::Bool(found));
            }
            let mut found = false;
            for item in container.elements()? {
                found |= scalar_eq(&a, &item)?;
            }
            Out::Bool(found)
        }
        Op::Size => Out::Int(i64::try_from(a.len()?).ok()?),
        Op::IsDate => Out::Bool(date(a.as_str()?).is_some()),
        Op::DaysBetween => {
            let from = date(a.as_str()?)?;
            let to = date(b?.as_str()?)?;
            Out::Int(days_between(from, to))
        }
        Op::FirstDate => a
            .elements()?
            .into_iter()
            .find(|v| v.as_str().and_then(date).is_some())?,
        Op::Contains => return text_test(&a, b, |x, y| x.contains(y)),
        Op::StartsWith => return text_test(&a, b, |x, y| x.starts_with(y)),
        Op::EndsWith => return text_test(&a, b, |x, y| x.ends_with(y)),
        Op::Glob => return text_test(&a, b, |x, y| glob_match(y, x, true)),
        Op::Join => {
            let separator = match &b {
                Some(s) => s.as_str()?,
                None => "",
            };
            let parts: Option<Vec<String>> = a
                .elements()?
                .into_iter()
                .map(|v| match v {
                    Out::Str(s) => Some(s.into_owned()),
                    _ => None,
                })
                .collect();
            Out::Str(Cow::Owned(parts?.join(separator)))
        }
        Op::LowerAscii => Out::Str(Cow::Owned(a.as_str()?.to_ascii_lowercase())),
        Op::And | Op::Or | Op::Cond | Op::DaysSince => return None,
    })
}
