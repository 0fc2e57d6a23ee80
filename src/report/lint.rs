//! Renderers of `crosscheck lint` findings: `human`, `line`, `json`, `sarif`, `github`,
//! `rdjson`. Each takes the same findings; the exit code never depends on the format.

use serde_json::{json, Value};
use unicode_width::UnicodeWidthStr;

use crate::lint::{rules_used, LintFinding};
use crate::model::Severity;
use crate::rules::RuleDef;

/// Version of the `json` format.
pub const LINT_SCHEMA_VERSION: u32 = 1;

/// `human`: rustc-style, with the source line and a caret under the finding (CJK characters
/// take two columns).
pub fn human(findings: &[LintFinding]) -> String {
    let mut o = String::new();
    for f in findings {
        o.push_str(&format!(
            "{}[{}]: {}\n",
            f.severity.as_str(),
            f.rule,
            f.message
        ));
        o.push_str(&format!("  --> {}:{}:{}\n", f.path, f.line, f.col));
        let gutter = f.line.to_string().len();
        let (excerpt, caret_at, caret_width) = excerpt_window(f);
        o.push_str(&format!("{:>gutter$} |\n", ""));
        o.push_str(&format!("{} | {}\n", f.line, excerpt));
        o.push_str(&format!(
            "{:>gutter$} | {}{}\n",
            "",
            " ".repeat(caret_at),
            "^".repeat(caret_width)
        ));
        for r in &f.related {
            o.push_str(&format!("{:>gutter$} = related: {r}\n", ""));
        }
        o.push('\n');
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    o.push_str(&format!(
        "{} findings: {} error, {} warning, {} info\n",
        findings.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    o
}

/// Characters of the source line shown in the `human` excerpt.
const EXCERPT_CHARS: usize = 80;
/// Characters kept before the finding when the line has to be cut on the left.
const EXCERPT_LEAD: usize = 16;

/// The part of the finding's first line to show, and where the caret goes (display columns)
/// and how wide it is. Long lines (a whole plan on one line is common) are cut around the
/// finding, with `…` marking the cuts, so the caret is always under the finding.
fn excerpt_window(f: &LintFinding) -> (String, usize, usize) {
    let chars: Vec<char> = f.source_line.chars().collect();
    let col0 = f.col.saturating_sub(1).min(chars.len());
    let start = if col0 + EXCERPT_LEAD < EXCERPT_CHARS {
        0
    } else {
        col0 - EXCERPT_LEAD
    };
    let end = (start + EXCERPT_CHARS).min(chars.len());
    let span_end = if f.end_line == f.line {
        f.end_col.saturating_sub(1).clamp(col0, end)
    } else {
        end
    };
    let width = |a: usize, b: usize| {
        let s: String = chars[a..b].iter().collect();
        UnicodeWidthStr::width(s.as_str())
    };
    let mut excerpt = String::new();
    let mut caret_at = width(start, col0);
    if start > 0 {
        excerpt.push('…');
        caret_at += UnicodeWidthStr::width("…");
    }
    excerpt.extend(&chars[start..end]);
    if end < chars.len() {
        excerpt.push('…');
    }
    (excerpt, caret_at, width(col0, span_end).max(1))
}

/// `line`: `path:line:col: severity[rule] message`, one per line.
pub fn line(findings: &[LintFinding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {}[{}] {}\n",
                f.path,
                f.line,
                f.col,
                f.severity.as_str(),
                f.rule,
                f.message
            )
        })
        .collect()
}

/// `json`: the findings as crosscheck models them, with a schema version.
pub fn json_format(findings: &[LintFinding]) -> String {
    let v = json!({ "schema_version": LINT_SCHEMA_VERSION, "tool": "crosscheck", "findings": findings });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `sarif`: SARIF 2.1.0 with rule metadata, code-point columns and partial fingerprints.
pub fn sarif(findings: &[LintFinding], rules: &[RuleDef]) -> String {
    let used = rules_used(findings);
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
                        .filter_map(|(k, r)| related_location(k, r))
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

fn related_location(k: usize, r: &str) -> Option<Value> {
    let mut parts = r.rsplitn(3, ':');
    let col: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let path = parts.next()?;
    Some(json!({
        "id": k,
        "physicalLocation": {
            "artifactLocation": { "uri": uri(path) },
            "region": { "startLine": line, "startColumn": col }
        }
    }))
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(findings: &[LintFinding]) -> String {
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    findings
        .iter()
        .map(|f| {
            let cmd = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            format!(
                "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                prop(&f.path),
                f.line,
                f.col,
                f.end_line,
                f.end_col,
                prop(&format!("{} {}", f.rule, f.name)),
                data(&f.message)
            )
        })
        .collect()
}

/// reviewdog's rdjson: columns in UTF-8 bytes, end exclusive.
pub fn rdjson(findings: &[LintFinding]) -> String {
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
