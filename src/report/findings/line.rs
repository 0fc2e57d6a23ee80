//! `line`: one finding per line, `path:line:col: severity[rule] message` (editors and grep).

use crate::model::ResolvedFinding;

/// `line`: `path:line:col: severity[rule] message`, one per line.
pub fn line(findings: &[ResolvedFinding]) -> String {
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
