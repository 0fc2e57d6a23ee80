//! `rdjson`: reviewdog's diagnostic JSON (columns in UTF-8 bytes, end exclusive).

use serde_json::{json, Value};

use crate::model::{ResolvedFinding, Severity};

/// reviewdog's rdjson: columns in UTF-8 bytes, end exclusive.
pub fn rdjson(findings: &[ResolvedFinding]) -> String {
    let diagnostics: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "message": f.message,
                "location": {
                    "path": f.path,
                    "range": {
                        "start": { "line": f.line, "column": f.byte_col },
                        "end": { "line": f.end_line, "column": f.end_byte_col }
                    }
                },
                "severity": match f.severity { Severity::Error => "ERROR", Severity::Warning => "WARNING", Severity::Info => "INFO" },
                "code": { "value": f.rule }
            })
        })
        .collect();
    let v = json!({ "source": { "name": "crosscheck" }, "diagnostics": diagnostics });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
