//! `sarif`: SARIF 2.1.0 (GitHub code scanning, Azure DevOps, IDE viewers) with rule metadata
//! from `rules/checks.toml`, code-point columns, snippets, related locations and partial
//! fingerprints.

use serde_json::{json, Value};

use crate::model::{FilePosition, ResolvedFinding, Severity};
use crate::rules::RuleDef;

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `sarif`: SARIF 2.1.0 with rule metadata, code-point columns and partial fingerprints.
pub fn sarif(findings: &[ResolvedFinding], rules: &[RuleDef]) -> String {
    let used = super::rules_used(findings);
    let rule_objs: Vec<Value> = used
        .iter()
        .map(|id| {
            let r = rules.iter().find(|r| &r.id == id);
            json!({
                "id": id,
                "name": r.map_or(id.as_str(), |r| r.name.as_str()),
                "shortDescription": { "text": r.map_or("", |r| r.what.as_str()) },
                "fullDescription": { "text": r.map_or(String::new(), |r| format!("{} {}", r.what, r.why)) },
                "help": { "text": r.map_or(String::new(), |r| format!("{} Example: {}", r.why, r.example)) },
                "defaultConfiguration": { "level": sarif_level(r.map_or(Severity::Warning, |r| r.severity)) }
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = used.iter().position(|u| u == &f.rule).unwrap_or(0);
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": sarif_level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&f.path) },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.col,
                            "endLine": f.end_line,
                            "endColumn": f.end_col.max(1),
                            "snippet": { "text": f.quote }
                        }
                    }
                }],
                "partialFingerprints": { "crosscheck/v1": f.fingerprint }
            });
            if !f.related.is_empty() {
                result["relatedLocations"] = Value::Array(
                    f.related
                        .iter()
                        .enumerate()
                        .map(|(k, r)| related_location(k, r))
                        .collect(),
                );
            }
            result
        })
        .collect();
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "crosscheck",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/crosscheck",
                "rules": rule_objs
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// A relative path as a SARIF URI (forward slashes, percent-encoded where needed).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for c in path.replace('\\', "/").chars() {
        if c.is_ascii_alphanumeric() || "-._~/".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn related_location(k: usize, r: &FilePosition) -> Value {
    json!({
        "id": k,
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&r.file) },
            "region": { "startLine": r.line, "startColumn": r.col }
        }
    })
}
