//! Refusing paths no view has: `account.summry.AccountMFAEnabled` would be
//! UNKNOWN on every account, silently. The expression's syntax tree is
//! walked with the shape of each variable; comprehension variables take the
//! shape of the list's items (or a map's keys).

use super::shape::{Object, Shape};
use crate::checks::cel_env::env;
use crate::diagnostics::suggestion;
use cel::common::ast::{operators, Expr, LiteralValue};
use cel::IdedExpr;
use std::collections::BTreeMap;

/// A path no view has, at a byte offset of the (trimmed) expression.
#[derive(Debug, Clone, PartialEq)]
pub struct PathProblem {
    pub offset: usize,
    pub message: String,
}

/// Unknown fields and variables in `source` (an expression that compiles),
/// given the shapes of the variables in scope.
pub fn unknown_paths(source: &str, variables: &BTreeMap<&str, Shape>) -> Vec<PathProblem> {
    let source = source.trim();
    let Ok((ast, info)) = env().parser().parse_with_source_info(source) else {
        return Vec::new();
    };
    let mut walker = Walker {
        source,
        variables,
        locals: Vec::new(),
        problems: Vec::new(),
        offset: &|id| info.offset_for(id).map(|(start, _)| start as usize),
    };
    walker.shape(&ast);
    walker.problems
}

struct Walker<'a> {
    source: &'a str,
    variables: &'a BTreeMap<&'a str, Shape>,
    locals: Vec<(String, Shape)>,
    problems: Vec<PathProblem>,
    offset: &'a dyn Fn(u64) -> Option<usize>,
}

impl Walker<'_> {
    /// The offset of `name` at or after the node's start.
    fn at(&self, e: &IdedExpr, name: &str) -> usize {
        let start = (self.offset)(e.id).unwrap_or(0).min(self.source.len());
        self.source
            .get(start..)
            .and_then(|rest| rest.find(name))
            .map_or(start, |i| start + i)
    }

    fn problem(&mut self, e: &IdedExpr, name: &str, message: String) {
        let offset = self.at(e, name);
        self.problems.push(PathProblem { offset, message });
    }

    fn field(&mut self, e: &IdedExpr, object: &Object, name: &str, path: &str) -> Shape {
        if let Some(f) = object.fields.get(name) {
            return f.shape.clone();
        }
        if let Some(extra) = &object.extra {
            return (**extra).clone();
        }
        let hint = suggestion(name, object.fields.keys().map(String::as_str))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        self.problem(
            e,
            name,
            format!("no field `{name}` in `{path}`{hint} (see `orgaudit checks fields`)"),
        );
        Shape::Any
    }

    /// The shape of an expression, recording unknown paths on the way.
    fn shape(&mut self, e: &IdedExpr) -> Shape {
        match &e.expr {
            Expr::Ident(name) => {
                if let Some((_, s)) = self.locals.iter().rev().find(|(n, _)| n == name) {
                    return s.clone();
                }
                if let Some(s) = self.variables.get(name.as_str()) {
                    return s.clone();
                }
                let hint = suggestion(name, self.variables.keys().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                let message = format!("unknown variable `{name}`{hint}");
                self.problem(e, name, message);
                Shape::Any
            }
            Expr::Select(select) => {
                let operand = self.shape(&select.operand);
                let path = self.path(&select.operand);
                match operand {
                    Shape::Object(o) => self.field(e, &o, &select.field, &path),
                    Shape::List(_) | Shape::Scalar(_) => {
                        let message = format!(
                            "`{path}` is a {}: it has no field `{}`",
                            operand.describe(),
                            select.field
                        );
                        self.problem(e, &select.field, message);
                        Shape::Any
                    }
                    Shape::Any => Shape::Any,
                }
            }
            Expr::Call(call) => {
                let target = call.target.as_ref().map(|t| self.shape(t));
                let args: Vec<Shape> = call.args.iter().map(|a| self.shape(a)).collect();
                if call.func_name == operators::INDEX && target.is_none() && args.len() == 2 {
                    return self.index(e, &call.args[0], &args[0], &call.args[1]);
                }
                Shape::Any
            }
            Expr::Comprehension(c) => {
                let range = self.shape(&c.iter_range);
                let item = match &range {
                    Shape::List(item) => (**item).clone(),
                    Shape::Object(_) => Shape::Scalar("string".into()),
                    _ => Shape::Any,
                };
                let accu = self.shape(&c.accu_init);
                let depth = self.locals.len();
                match &c.iter_var2 {
                    // Two-variable forms: (index or key, value).
                    Some(second) => {
                        let value = match &range {
                            Shape::Object(o) => o.extra.as_deref().cloned().unwrap_or(Shape::Any),
                            _ => item,
                        };
                        self.locals.push((c.iter_var.clone(), Shape::Any));
                        self.locals.push((second.clone(), value));
                    }
                    None => self.locals.push((c.iter_var.clone(), item)),
                }
                self.locals.push((c.accu_var.clone(), accu));
                self.shape(&c.loop_cond);
                self.shape(&c.loop_step);
                self.shape(&c.result);
                self.locals.truncate(depth);
                Shape::Any
            }
            Expr::List(list) => {
                let items: Vec<Shape> = list.elements.iter().map(|x| self.shape(x)).collect();
                Shape::List(Box::new(items.into_iter().next().unwrap_or(Shape::Any)))
            }
            Expr::Map(map) => {
                for entry in &map.entries {
                    if let cel::common::ast::EntryExpr::MapEntry(m) = &entry.expr {
                        self.shape(&m.key);
                        self.shape(&m.value);
                    }
                }
                Shape::Any
            }
            Expr::Literal(LiteralValue::String(_)) => Shape::Scalar("string".into()),
            _ => Shape::Any,
        }
    }

    /// `operand[key]`: a list's item, a map's value, or a struct's field
    /// when the key is a literal.
    fn index(&mut self, e: &IdedExpr, operand: &IdedExpr, shape: &Shape, key: &IdedExpr) -> Shape {
        match shape {
            Shape::List(item) => (**item).clone(),
            Shape::Object(o) => match (&key.expr, &o.extra) {
                (_, Some(extra)) => (**extra).clone(),
                (Expr::Literal(LiteralValue::String(k)), None) => {
                    let path = self.path(operand);
                    self.field(e, o, k.inner(), &path)
                }
                _ => Shape::Any,
            },
            _ => Shape::Any,
        }
    }

    /// The source text of a node, for messages (`account.summary`).
    fn path(&self, e: &IdedExpr) -> String {
        match &e.expr {
            Expr::Ident(name) => name.clone(),
            Expr::Select(s) => format!("{}.{}", self.path(&s.operand), s.field),
            Expr::Call(c) if c.func_name == operators::INDEX && c.args.len() == 2 => {
                format!("{}[]", self.path(&c.args[0]))
            }
            _ => "(expression)".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::definition::Scope;
    use crate::checks::fields::{account_shape, params_shape, resource_shape};

    fn problems(source: &str, scope: Scope) -> Vec<String> {
        let params = params_shape(&["max_days".to_string()]);
        let vars: BTreeMap<&str, Shape> = [
            ("account", account_shape()),
            ("resource", resource_shape(scope)),
            ("params", params),
            ("now", Shape::Any),
        ]
        .into_iter()
        .collect();
        unknown_paths(source, &vars)
            .into_iter()
            .map(|p| format!("{}@{}", p.message, p.offset))
            .collect()
    }

    #[test]
    fn known_paths_pass() {
        for (source, scope) in [
            ("account.summary.AccountMFAEnabled == 1", Scope::Account),
            ("has(account.summary.AccountMFAEnabled)", Scope::Account),
            (
                "account.scp_guardrails.denies['iam:CreateUser']",
                Scope::Account,
            ),
            (
                "account.config['eu-west-1'].recorders.size() > 0",
                Scope::Account,
            ),
            (
                "resource.access_keys.all(k, k.active && k.last_rotated != '')",
                Scope::IamUser,
            ),
            (
                "resource.trust_grants.exists(g, g.outside_accounts.size() > 0)",
                Scope::IamRole,
            ),
            (
                "resource.recorder_statuses.exists(s, s.recording)",
                Scope::Region,
            ),
            (
                "resource.statements.exists(s, s.condition.size() > 0)",
                Scope::Policy,
            ),
            (
                "days_since(resource.last_rotated) > params.max_days",
                Scope::AccessKey,
            ),
            (
                "account.payer_budgets.exists(b, b.covers_account && b.budget_type == 'COST')",
                Scope::Account,
            ),
            (
                "account.contacts.all(k, account.contacts[k].email != '')",
                Scope::Account,
            ),
            ("[1, 2].map(x, x * 2).size() == 2", Scope::Account),
        ] {
            assert_eq!(problems(source, scope), Vec::<String>::new(), "{source}");
        }
    }

    #[test]
    fn unknown_paths_are_named_with_a_suggestion() {
        assert_eq!(
            problems("account.summry.AccountMFAEnabled == 1", Scope::Account),
            vec!["no field `summry` in `account`; did you mean `summary`? (see `orgaudit checks fields`)@8"]
        );
        assert_eq!(
            problems("resource.access_keys.all(k, k.actve)", Scope::IamUser),
            vec![
                "no field `actve` in `k`; did you mean `active`? (see `orgaudit checks fields`)@30"
            ]
        );
        assert_eq!(
            problems("params.max_day > 1", Scope::Account),
            vec!["no field `max_day` in `params`; did you mean `max_days`? (see `orgaudit checks fields`)@7"]
        );
        assert_eq!(
            problems("acount.id == ''", Scope::Account),
            vec!["unknown variable `acount`; did you mean `account`?@0"]
        );
        // A field of another scope's resource.
        assert_eq!(problems("resource.mfa_active", Scope::Region).len(), 1);
        // Selecting into a list is an error too.
        assert_eq!(
            problems("resource.access_keys.active", Scope::IamUser),
            vec!["`resource.access_keys` is a list of object: it has no field `active`@21"]
        );
        // Inside has(), and behind a literal index.
        assert_eq!(
            problems("has(account.pasword_policy)", Scope::Account).len(),
            1
        );
        assert_eq!(problems("account['summry']", Scope::Account).len(), 1);
    }
}
