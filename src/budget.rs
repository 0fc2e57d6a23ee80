//! The per-document budget: how much of one document the tool will process.
//!
//! In: a document at two moments of its processing (its decoded text; its sections) and the
//! [`Budget`] of the command (`--max-chars`, `--max-sections`, `--max-targets`). Out: `Ok`, or
//! the reason the document is refused, which the pipeline turns into that file's
//! [`InputError`](crate::model::InputError): an `error: PATH: …` line and a row of the reports'
//! errors, while every other document is processed as usual.
//!
//! Every stage is meant to be linear, but a budget is the guard for the day one is not: a file
//! of 200,000 repeated headings or 100,000 target sentences is not a plan, and must not hold up
//! the reports of the real plans beside it. The defaults sit far above real plans (the largest
//! plan of corpus-dev, a provincial 纲要, has 59,000 characters, 1,700 sections and 100
//! targets; the national 十四五 outline about 75,000 characters).

use crate::model::Document;
use crate::rules::Metrics;

/// Limits on one document. A document above any of them is refused with a message naming the
/// limit and the flag that raises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Characters of decoded text (`--max-chars`).
    pub max_chars: usize,
    /// Sections: headings, boxes, tables and their rows, paragraphs, sentences (`--max-sections`).
    pub max_sections: usize,
    /// Targets and achieved figures found in the text and its tables (`--max-targets`).
    pub max_targets: usize,
}

impl Budget {
    pub const DEFAULT: Budget = Budget {
        max_chars: 2_000_000,
        max_sections: 100_000,
        max_targets: 20_000,
    };

    /// The decoded text, before any work is spent on it.
    pub fn check_text(&self, text: &str) -> Result<(), String> {
        // Bytes bound characters from above: most documents never need the count.
        if text.len() <= self.max_chars {
            return Ok(());
        }
        let chars = text.chars().count();
        over(chars, self.max_chars, "characters", "--max-chars")
    }

    /// The segmented document, before its targets are read and it joins the corpus.
    pub fn check_document(&self, doc: &Document, metrics: &Metrics) -> Result<(), String> {
        over(
            doc.sections.len(),
            self.max_sections,
            "sections",
            "--max-sections",
        )?;
        // Every target holds a number, so a document with few runs of digits or numerals
        // cannot hold many targets; only the few that could are read for them here (the
        // corpus-wide targets stage reads them again, in document order).
        if number_runs(doc.text()) <= self.max_targets / 4 {
            return Ok(());
        }
        let targets = crate::targets::extract(0, doc, metrics).len();
        over(targets, self.max_targets, "targets", "--max-targets")
    }
}

impl Default for Budget {
    fn default() -> Self {
        Self::DEFAULT
    }
}

fn over(found: usize, max: usize, what: &str, flag: &str) -> Result<(), String> {
    if found <= max {
        return Ok(());
    }
    Err(format!(
        "{found} {what}, above the per-document budget of {max}; not processed (a file this \
         size is rarely one plan: split it, or raise the budget with {flag})"
    ))
}

/// Runs of ASCII or full-width digits and of Chinese numerals: an upper bound, within a small
/// factor, of the numbers a target could be made of.
fn number_runs(text: &str) -> usize {
    let mut runs = 0;
    let mut in_run = false;
    for c in text.chars() {
        let numeral = c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || "零〇一二三四五六七八九十百千万亿两".contains(c);
        if numeral && !in_run {
            runs += 1;
        }
        in_run = numeral;
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_over_the_character_budget_is_refused_with_the_flag_to_raise_it() {
        let budget = Budget {
            max_chars: 3,
            ..Budget::DEFAULT
        };
        assert!(budget.check_text("规划纲").is_ok(), "3 characters, 9 bytes");
        let err = budget.check_text("规划纲要").unwrap_err();
        assert!(err.starts_with("4 characters, above the per-document budget of 3"));
        assert!(err.contains("--max-chars"));
    }

    #[test]
    fn number_runs_count_digits_and_numerals_once_per_run() {
        assert_eq!(number_runs("到2025年达到1200家，一千二百家，３０%"), 4);
        assert_eq!(number_runs("质量强市"), 0);
    }
}
