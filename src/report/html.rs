//! `report.html`: rendered by tera from `report-templates/` (embedded in
//! the binary; `--templates DIR` overrides them). Autoescaping is on for
//! every `.html` template: AWS-sourced text (account names are
//! attacker-controlled) is always escaped.

use super::html_view::page;
use super::ReportError;
use crate::results::AuditResults;
use std::path::Path;

pub const TEMPLATE: &str = "report.html";
const DEFAULT: &str = include_str!("../../report-templates/report.html");

pub struct Templates {
    tera: tera::Tera,
}

impl Templates {
    /// The built-in templates, or those of `dir` (a `report.html` there
    /// replaces the built-in one).
    pub fn load(dir: Option<&Path>) -> Result<Templates, ReportError> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        let custom = dir.map(|d| d.join(TEMPLATE)).filter(|p| p.exists());
        let result = match &custom {
            Some(path) => tera.add_template_file(path, Some(TEMPLATE)),
            None => tera.add_raw_template(TEMPLATE, DEFAULT),
        };
        result.map_err(|e| {
            let origin = custom
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "built-in report.html".into());
            ReportError::Template(format!("{origin}: {e}"))
        })?;
        Ok(Templates { tera })
    }

    pub fn render(&self, results: &AuditResults) -> Result<String, ReportError> {
        let context = tera::Context::from_serialize(&page(results))
            .map_err(|e| ReportError::Template(e.to_string()))?;
        self.tera
            .render(TEMPLATE, &context)
            .map_err(|e| ReportError::Template(format!("rendering {TEMPLATE}: {e:?}")))
    }
}
