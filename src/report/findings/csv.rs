//! `csv`: one row per resolved finding (`lint --format csv`), with its file position, byte span,
//! quote, related places (`; `-separated) and fingerprint. A scan's `findings.csv` is the
//! corpus table of `report::tables` instead (document ids, not paths).

use serde::Serialize;

use crate::model::ResolvedFinding;

#[derive(Serialize)]
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

/// The findings as CSV with a header row (always written, also for no findings).
pub fn csv(findings: &[ResolvedFinding]) -> String {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let header = [
        "rule",
        "name",
        "severity",
        "path",
        "line",
        "col",
        "end_line",
        "end_col",
        "byte_start",
        "byte_end",
        "message",
        "quote",
        "related",
        "fingerprint",
    ];
    let mut ok = w.write_record(header).is_ok();
    for f in findings {
        let related: Vec<String> = f.related.iter().map(ToString::to_string).collect();
        ok &= w
            .serialize(Row {
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
                related: related.join("; "),
                fingerprint: &f.fingerprint,
            })
            .is_ok();
    }
    // Writing to a Vec cannot fail; a failed row would be a bug in the row type.
    debug_assert!(ok);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
