//! What dedup and align find: duplicate pairs with their edits, alignments and task coverage.

use std::ops::Range;

use serde::Serialize;

use super::Document;
use crate::text::count_chars;

/// Kind of a duplicate pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DupKind {
    /// Identical after normalization, and each copy is a whole passage.
    Exact,
    /// Highly similar, or identical but only part of a passage.
    Near,
    /// Stock text found in many documents or listed in `rules/boilerplate.toml`.
    Boilerplate,
}

impl DupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DupKind::Exact => "exact",
            DupKind::Near => "near",
            DupKind::Boilerplate => "boilerplate",
        }
    }
}

/// One copy of a duplicated passage: a document index in the corpus and a normalized range.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Occurrence {
    pub doc: usize,
    #[serde(skip)]
    pub range: Range<usize>,
    /// Index of the smallest section containing the copy.
    pub section: usize,
}

/// What an edit between two copies does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EditKind {
    Replace,
    Insert,
    Delete,
}

/// One edit between two copies, quoted from the original text of each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub kind: EditKind,
    /// Text in copy A (empty for an insertion).
    pub a: String,
    /// Text in copy B (empty for a deletion).
    pub b: String,
    #[serde(skip)]
    pub range_a: Option<Range<usize>>,
    #[serde(skip)]
    pub range_b: Option<Range<usize>>,
    /// The edit changes a number, or the unit right after an unchanged number.
    pub numeric: bool,
    /// The unchanged number just before the edit, for unit changes (`100` in `100项→100个`).
    pub number_before: Option<String>,
}

impl Edit {
    /// Compact form: `项→个`, `+一批`, `-聚焦`.
    pub fn compact(&self) -> String {
        match self.kind {
            EditKind::Replace => format!("{}→{}", self.a, self.b),
            EditKind::Insert => format!("+{}", self.b),
            EditKind::Delete => format!("-{}", self.a),
        }
    }

    /// Compact form with the number a unit belongs to: `100项→100个`.
    pub fn compact_numeric(&self) -> String {
        let n = self.number_before.as_deref().unwrap_or("");
        match self.kind {
            EditKind::Replace => format!("{n}{}→{n}{}", self.a, self.b),
            EditKind::Insert => format!("{n}→{n}{}", self.b),
            EditKind::Delete => format!("{n}{}→{n}", self.a),
        }
    }
}

/// A pair of copies of one passage.
#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    /// Stable id within a run: `D0001`, in report order.
    pub id: String,
    /// Passages copied three or more times form one cluster: `C001`.
    pub cluster: String,
    pub kind: DupKind,
    pub a: Occurrence,
    pub b: Occurrence,
    pub chars_a: usize,
    pub chars_b: usize,
    pub similarity: f64,
    pub containment: f64,
    pub edits: Vec<Edit>,
    /// Titles of the passages the copies make up (when each copy is most of a titled section).
    pub title_a: Option<String>,
    pub title_b: Option<String>,
    /// Both copies have titles and they differ (`“数智监管”推进工程` / `“数字监管”推进工程`).
    pub title_drift: bool,
    /// The diff hit its time limit; the edits may not be minimal.
    pub diff_timed_out: bool,
}

/// A section of a lower (or left) document matched to a section of an upper (or right) one.
#[derive(Debug, Clone, Serialize)]
pub struct Alignment {
    pub doc_a: usize,
    pub section_a: usize,
    pub doc_b: usize,
    pub section_b: usize,
    pub score: f64,
    /// 1 = best match of `section_a` in document b.
    pub rank: usize,
    /// The shared terms that weigh most in the score (at most five, the heaviest first),
    /// separated by spaces.
    pub shared_terms: String,
}

/// Whether a task of the upper document is taken up by the lower one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CoverageStatus {
    Covered,
    Partial,
    Missing,
}

impl CoverageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CoverageStatus::Covered => "covered",
            CoverageStatus::Partial => "partial",
            CoverageStatus::Missing => "missing",
        }
    }
}

/// Coverage of one task (a lowest-level unit) of an upper document by a lower document.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub upper_doc: usize,
    pub section: usize,
    pub lower_doc: usize,
    pub status: CoverageStatus,
    /// Best counterpart in the lower document (section index), if any scored above zero.
    pub best_section: Option<usize>,
    pub score: f64,
}

/// Everything dedup found in a run.
#[derive(Debug, Default, Clone)]
pub struct DedupResult {
    pub duplicates: Vec<Duplicate>,
    /// Per document: sorted, disjoint normalized ranges copied elsewhere (boilerplate excluded).
    pub duplicated: Vec<Vec<Range<usize>>>,
}

impl DedupResult {
    /// Share of a range's non-whitespace characters that also occur elsewhere (重复率).
    pub fn rate(&self, doc_index: usize, doc: &Document, range: Range<usize>) -> f64 {
        let text = doc.text();
        self.rate_counted(doc_index, range, |r| count_chars(&text[r]))
    }

    /// [`DedupResult::rate`] with the characters of a range counted by `chars` (a
    /// [`CharsBefore`] when every section of a document is asked for).
    pub fn rate_counted(
        &self,
        doc_index: usize,
        range: Range<usize>,
        chars: impl Fn(Range<usize>) -> usize,
    ) -> f64 {
        let total = chars(range.clone());
        if total == 0 {
            return 0.0;
        }
        let covered: usize = self.duplicated.get(doc_index).map_or(0, |ranges| {
            ranges
                .iter()
                .map(|r| r.start.max(range.start)..r.end.min(range.end))
                .filter(|r| r.start < r.end)
                .map(&chars)
                .sum()
        });
        covered as f64 / total as f64
    }
}

/// Everything alignment found in a run.
#[derive(Debug, Default, Clone)]
pub struct AlignResult {
    /// The document pairs aligned, (lower, upper), in order.
    pub pairs: Vec<(usize, usize)>,
    pub alignments: Vec<Alignment>,
    pub coverage: Vec<Coverage>,
}
