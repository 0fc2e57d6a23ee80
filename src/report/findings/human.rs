//! `human`: rustc-style findings for a terminal, with the source line and a caret under the
//! finding (CJK characters take two columns; long lines are cut around the finding).

use unicode_width::UnicodeWidthStr;

use crate::model::{ResolvedFinding, Severity};
use crate::text::printable;

/// `human`: rustc-style, with the source line and a caret under the finding (CJK characters
/// take two columns). Control characters of paths, messages and quoted lines are escaped: no
/// file name or document line can start a line of its own or drive the terminal.
pub fn human(findings: &[ResolvedFinding]) -> String {
    let mut o = String::new();
    for f in findings {
        o.push_str(&format!(
            "{}[{}]: {}\n",
            f.severity.as_str(),
            f.rule,
            printable(&f.message)
        ));
        o.push_str(&format!("  --> {}\n", f.position()));
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
            o.push_str(&format!(
                "{:>gutter$} = related: {}\n",
                "",
                printable(&r.to_string())
            ));
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
fn excerpt_window(f: &ResolvedFinding) -> (String, usize, usize) {
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
    // A tab or a control character would shift or break the caret line: shown as one space.
    excerpt.extend(
        chars[start..end]
            .iter()
            .map(|&c| if c.is_control() { ' ' } else { c }),
    );
    if end < chars.len() {
        excerpt.push('…');
    }
    (excerpt, caret_at, width(col0, span_end).max(1))
}
