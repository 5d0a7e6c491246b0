//! Message templates: literal text with `{expression}` placeholders,
//! compiled once at load time.

use super::direct::JsonVars;
use super::expr::Compiled;
use cel::Context;

#[derive(Debug)]
enum Segment {
    Text(String),
    Expr(Compiled),
}

/// A piece of a template's source.
pub enum Part<'s> {
    Text(&'s str),
    /// A placeholder's expression and its byte offset in the template.
    Placeholder(usize, &'s str),
}

/// Split a template into literal text and `{expression}` placeholders.
pub fn parts(source: &str) -> Result<Vec<Part<'_>>, String> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = source[at..].find('{').map(|i| at + i) {
        if open > at {
            out.push(Part::Text(&source[at..open]));
        }
        let close = source[open + 1..]
            .find('}')
            .map(|i| open + 1 + i)
            .ok_or_else(|| format!("unclosed `{{` in message template `{source}`"))?;
        out.push(Part::Placeholder(open + 1, &source[open + 1..close]));
        at = close + 1;
    }
    if at < source.len() {
        out.push(Part::Text(&source[at..]));
    }
    Ok(out)
}

#[derive(Debug)]
pub struct Template {
    segments: Vec<Segment>,
}

impl Template {
    pub fn compile(source: &str) -> Result<Template, String> {
        let mut segments = Vec::new();
        for part in parts(source)? {
            segments.push(match part {
                Part::Text(text) => Segment::Text(text.to_string()),
                Part::Placeholder(_, expr) => Segment::Expr(
                    Compiled::compile(expr)
                        .map_err(|e| format!("in message placeholder `{{{expr}}}`: {e}"))?,
                ),
            });
        }
        Ok(Template { segments })
    }

    /// Whether every placeholder has a direct form.
    pub fn is_direct(&self) -> bool {
        self.segments.iter().all(|s| match s {
            Segment::Text(_) => true,
            Segment::Expr(e) => e.is_direct(),
        })
    }

    /// Only the interpreter evaluates placeholders (see `Compiled`).
    pub fn interpreter_only(&mut self) {
        for segment in &mut self.segments {
            if let Segment::Expr(e) = segment {
                e.interpreter_only();
            }
        }
    }

    /// Render; a placeholder that cannot be evaluated renders as `?`.
    pub fn render(&self, ctx: &Context, vars: &JsonVars) -> String {
        let mut out = String::with_capacity(128);
        for segment in &self.segments {
            match segment {
                Segment::Text(t) => out.push_str(t),
                Segment::Expr(e) => {
                    if !e.write_text(ctx, vars, &mut out) {
                        out.push('?');
                    }
                }
            }
        }
        out
    }
}
