//! Message templates: literal text with `{expression}` placeholders,
//! compiled once at load time.

use super::expr::{Compiled, JsonVars};
use cel::Context;

#[derive(Debug)]
enum Segment {
    Text(String),
    Expr(Compiled),
}

#[derive(Debug)]
pub struct Template {
    segments: Vec<Segment>,
}

impl Template {
    pub fn compile(source: &str) -> Result<Template, String> {
        let mut segments = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                segments.push(Segment::Text(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| format!("unclosed `{{` in message template `{source}`"))?;
            let expr = &after[..close];
            let compiled = Compiled::compile(expr)
                .map_err(|e| format!("in message placeholder `{{{expr}}}`: {e}"))?;
            segments.push(Segment::Expr(compiled));
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            segments.push(Segment::Text(rest.to_string()));
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
