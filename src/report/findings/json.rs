//! `json`: the resolved findings as crosscheck models them, with a schema version.

use serde_json::json;

use crate::model::ResolvedFinding;

/// Version of the `json` findings format.
pub const SCHEMA_VERSION: u32 = 1;

/// `json`: the findings as crosscheck models them, with a schema version.
pub fn json_format(findings: &[ResolvedFinding]) -> String {
    let v = json!({ "schema_version": SCHEMA_VERSION, "tool": "crosscheck", "findings": findings });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
