//! Finding renderers: resolved findings → text, one file per format.
//!
//! In: [`ResolvedFinding`]s (every place already resolved to file, line, column and quote; the
//! renderers compute no position) and, for SARIF, the rule definitions. Out: the text of one
//! format. `lint` prints it; `scan` writes it as `findings.<ext>` beside its other reports
//! ([`crate::report::Format::findings_file`]). The bytes depend on the findings alone.

mod csv;
mod github;
mod human;
mod json;
mod line;
mod rdjson;
mod sarif;

pub use json::SCHEMA_VERSION;

use crate::model::ResolvedFinding;
use crate::rules::RuleDef;

use super::Format;

/// The findings in `format`, or `None` for a format that is not a list of findings (`html`).
pub fn render(
    format: Format,
    findings: &[ResolvedFinding],
    rules: &[RuleDef],
) -> Option<Result<String, String>> {
    Some(Ok(match format {
        Format::Human => human::human(findings),
        Format::Line => line::line(findings),
        Format::Json => json::json_format(findings),
        Format::Sarif => sarif::sarif(findings, rules),
        Format::Github => github::github(findings),
        Format::Rdjson => rdjson::rdjson(findings),
        Format::Csv => return Some(csv::csv(findings)),
        Format::Html => return None,
    }))
}

/// Rule ids seen, for SARIF's rule list (sorted).
pub fn rules_used(findings: &[ResolvedFinding]) -> Vec<String> {
    let mut v: Vec<String> = findings.iter().map(|f| f.rule.clone()).collect();
    v.sort();
    v.dedup();
    v
}
