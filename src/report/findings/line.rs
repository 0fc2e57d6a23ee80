//! `line`: one finding per line, `path:line:col: severity[rule] message` (editors and grep).

use crate::model::ResolvedFinding;
use crate::text::printable;

/// `line`: `path:line:col: severity[rule] message`, one per line; control characters in the
/// path and the message are escaped, so one finding is always one line.
pub fn line(findings: &[ResolvedFinding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}: {}[{}] {}\n",
                f.position(),
                f.severity.as_str(),
                f.rule,
                printable(&f.message)
            )
        })
        .collect()
}
