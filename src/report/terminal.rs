//! Terminal renderings: the `align` summary, side by side, CJK display width aware.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::model::CoverageStatus;
use crate::model::Run;

/// Pad or cut `s` to `width` display columns (a Han character is two columns), its control
/// characters escaped.
pub fn fit(s: &str, width: usize) -> String {
    let s = crate::text::printable(s);
    let s = s.as_ref();
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
        if used + w > width.saturating_sub(1) && UnicodeWidthStr::width(s) > width {
            out.push('…');
            used += 1;
            break;
        }
        out.push(c);
        used += w;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// For each aligned document pair: coverage counts, then up to `show` tasks of the upper
/// document beside their best counterpart in the lower one (missing tasks first).
pub fn align_summary(run: &Run, show: usize) -> String {
    let docs = &run.corpus.documents;
    let mut o = String::new();
    for &(a, b) in &run.align.pairs {
        let (da, db) = (&docs[a], &docs[b]);
        let cov: Vec<_> = run
            .align
            .coverage
            .iter()
            .filter(|c| c.lower_doc == a && c.upper_doc == b)
            .collect();
        let count = |s: CoverageStatus| cov.iter().filter(|c| c.status == s).count();
        let _ = writeln!(
            o,
            "\n{} {}  →  {} {}",
            da.id(),
            da.meta.title,
            db.id(),
            db.meta.title
        );
        let _ = writeln!(
            o,
            "  {} tasks of {}: {} covered, {} partial, {} missing",
            cov.len(),
            db.id(),
            count(CoverageStatus::Covered),
            count(CoverageStatus::Partial),
            count(CoverageStatus::Missing)
        );
        let _ = writeln!(
            o,
            "  {} {} {}  {}",
            fit("status", 8),
            fit(&format!("task of {}", db.id()), 40),
            fit("score", 5),
            format_args!("best section of {}", da.id())
        );
        let mut listed = cov.clone();
        listed.sort_by(|x, y| y.status.cmp(&x.status).then(x.section.cmp(&y.section)));
        for c in listed.iter().take(show) {
            let best = match (c.status, c.best_section) {
                (CoverageStatus::Missing, _) | (_, None) => "—".to_owned(),
                (_, Some(s)) => format!("{} {}", da.sections[s].id, da.section_label(s)),
            };
            let _ = writeln!(
                o,
                "  {} {} {:.2}   {}",
                fit(c.status.as_str(), 8),
                fit(&db.section_label(c.section), 40),
                c.score,
                best
            );
        }
        if listed.len() > show {
            let _ = writeln!(o, "  … {} more in coverage.csv", listed.len() - show);
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_han_as_two_columns() {
        assert_eq!(fit("实施绿色制造工程", 10), "实施绿色… ");
        assert_eq!(
            UnicodeWidthStr::width(fit("实施绿色制造工程", 10).as_str()),
            10
        );
        assert_eq!(fit("abc", 5), "abc  ");
    }
}
