//! `github`: GitHub Actions workflow commands (`::error file=…::message`), which the runner
//! turns into annotations on the pull request.

use crate::model::{ResolvedFinding, Severity};

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(findings: &[ResolvedFinding]) -> String {
    // The runner's own escapes for `%`, CR and LF; any other control character escaped as
    // text, so a message or file name can neither end the command nor drive the log viewer.
    let data = |s: &str| {
        crate::text::printable(
            &s.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A"),
        )
        .into_owned()
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
                data(&match f.page {
                    // Annotations know lines, not pages: the page goes into the message.
                    Some(page) => format!("(page {page}) {}", f.message),
                    None => f.message.clone(),
                })
            )
        })
        .collect()
}
