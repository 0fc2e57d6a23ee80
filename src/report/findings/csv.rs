//! `csv`: one row per resolved finding (`lint --format csv`), with its file position, byte span,
//! quote, related places (`; `-separated) and fingerprint, written by the report tables' writer
//! (a header row also when there is no finding). A scan's `findings.csv` is the corpus table of
//! `report::tables` instead (document ids, not paths).

use serde::Serialize;

use crate::model::ResolvedFinding;

#[derive(Default, Serialize)]
struct Row<'a> {
    rule: &'a str,
    name: &'a str,
    severity: &'static str,
    path: &'a str,
    line: usize,
    col: usize,
    end_line: usize,
    end_col: usize,
    byte_start: usize,
    byte_end: usize,
    message: &'a str,
    quote: &'a str,
    related: String,
    fingerprint: &'a str,
}

/// The findings as CSV with a header row.
pub fn csv(findings: &[ResolvedFinding]) -> Result<String, String> {
    let rows = findings.iter().map(|f| Row {
        rule: &f.rule,
        name: &f.name,
        severity: f.severity.as_str(),
        path: &f.path,
        line: f.line,
        col: f.col,
        end_line: f.end_line,
        end_col: f.end_col,
        byte_start: f.byte_start,
        byte_end: f.byte_end,
        message: &f.message,
        quote: &f.quote,
        related: f
            .related
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
        fingerprint: &f.fingerprint,
    });
    let mut out = Vec::new();
    crate::report::write_table(Some(&mut out), None, rows)?;
    String::from_utf8(out).map_err(|e| e.to_string())
}
