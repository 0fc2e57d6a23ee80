//! Findings of the checks: a rule, a severity and places in the documents.
//!
//! A [`Finding`] names its places as ranges of a document ([`Place`]); a [`ResolvedFinding`] is
//! the same finding with every place resolved to the original file once, for every output format
//! (file, line and column, byte span, the exact quote, a fingerprint). Positions become text in
//! one place: [`FilePosition`]'s `Display`, `file:line:col`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Document, Place};

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding of a check.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// `F0001`, in report order.
    pub id: String,
    /// Stable rule id, e.g. `CC403`.
    pub rule: String,
    pub name: String,
    /// What the rule checks (the rule's `kind` in `rules/checks.toml`).
    #[serde(skip)]
    pub kind: CheckKind,
    pub severity: Severity,
    pub message: String,
    /// The message with the places it names left out: findings that differ only in the other
    /// copy they name say the same thing (lint reports them once, with every place related).
    #[serde(skip)]
    pub message_key: String,
    pub doc: usize,
    pub place: Place,
    /// Other places the finding involves (the other copy, the other document's target).
    pub related: Vec<(usize, Place)>,
}

/// The checks implemented in code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    PinyinPollution,
    TraditionalCharacters,
    DuplicatedPassage,
    TitleDrift,
    CopyChangedNumber,
    TaskNotCovered,
    ConflictingTargets,
    LowerExceedsUpper,
    TableTextMismatch,
    UnitMismatch,
    DoublingClaim,
    TargetBelowAchieved,
}

impl CheckKind {
    /// Checks that compare targets (numbers of plans): their findings mark the targets they
    /// involve as conflicting in the report's target view.
    pub fn compares_targets(self) -> bool {
        matches!(
            self,
            CheckKind::ConflictingTargets
                | CheckKind::LowerExceedsUpper
                | CheckKind::TableTextMismatch
                | CheckKind::UnitMismatch
                | CheckKind::DoublingClaim
        )
    }
}

/// A place in a file as people cite it: `file:line:col` (1-based, columns in code points). The
/// file is a path (lint, SARIF) or a document id (finding messages).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FilePosition {
    pub file: String,
    /// The page, for PDF and OFD files (lines then count from the top of the page).
    pub page: Option<usize>,
    pub line: usize,
    pub col: usize,
}

impl FilePosition {
    /// Where `place` of `doc` starts, named by `file`.
    pub fn of(file: String, doc: &Document, place: &Place) -> Self {
        let l = doc.locate_place(place);
        Self {
            file,
            page: l.page,
            line: l.line_start,
            col: l.col_start,
        }
    }

    /// Where `place` of `doc` starts, named by the document's path (lint, SARIF).
    pub fn in_file(doc: &Document, place: &Place) -> Self {
        Self::of(doc.source.path.display().to_string(), doc, place)
    }
}

impl fmt::Display for FilePosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = super::document::position_label(self.page, self.line, self.col);
        write!(f, "{}:{at}", self.file)
    }
}

impl ResolvedFinding {
    /// `path:line:col`, or `path:pN:line:col` on page N of a PDF or OFD.
    pub fn position(&self) -> String {
        let at = super::document::position_label(self.page, self.line, self.col);
        format!("{}:{at}", crate::text::printable(&self.path))
    }
}

impl Serialize for FilePosition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A finding resolved for output: where it points in the original file, in every unit an
/// output format asks for, and the other places it involves. Every finding renderer (human,
/// line, JSON, SARIF, GitHub, rdjson) takes these.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedFinding {
    pub rule: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// [`Finding::message_key`].
    #[serde(skip)]
    pub message_key: String,
    /// The file as given on the command line.
    pub path: String,
    /// The page, for PDF and OFD files; `line` and `end_line` then count from its top.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    pub line: usize,
    /// 1-based column in Unicode code points.
    pub col: usize,
    pub end_line: usize,
    pub end_col: usize,
    /// 1-based columns in UTF-8 bytes of the decoded line (reviewdog rdjson).
    pub byte_col: usize,
    pub end_byte_col: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// The place exactly as in the original file.
    pub quote: String,
    /// The text of the finding's first line (for the human format; not in `json`, where a
    /// one-line plan would repeat its whole body).
    #[serde(skip)]
    pub source_line: String,
    /// Other places, by path.
    pub related: Vec<FilePosition>,
    /// Stable across edits elsewhere: rule + path + normalized matched text.
    pub fingerprint: String,
}

/// What a finding says, before its place is resolved.
#[derive(Debug, Clone, Copy)]
pub struct Said<'a> {
    pub rule: &'a str,
    pub name: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub message_key: &'a str,
}

impl<'a> From<&'a Finding> for Said<'a> {
    fn from(f: &'a Finding) -> Self {
        Self {
            rule: &f.rule,
            name: &f.name,
            severity: f.severity,
            message: &f.message,
            message_key: &f.message_key,
        }
    }
}

impl ResolvedFinding {
    /// Resolve what a finding says at `place` of `d`, with the other places it involves.
    pub fn new(d: &Document, said: Said<'_>, place: &Place, related: Vec<FilePosition>) -> Self {
        let loc = d.locate_place(place);
        let raw_range = match place {
            Place::Normalized(r) => d.raw_range(r.clone()),
            Place::Raw(r) => r.clone(),
        };
        let raw = &d.source.raw;
        let line_start = raw[..raw_range.start.min(raw.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let end_line_start = raw[..raw_range.end.min(raw.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line_end = raw[line_start..]
            .find('\n')
            .map_or(raw.len(), |i| line_start + i);
        let quote = d.quote_place(place).to_owned();
        let path = d.source.path.display().to_string();
        let fingerprint = fingerprint(said.rule, &path, &quote);
        Self {
            rule: said.rule.to_owned(),
            name: said.name.to_owned(),
            severity: said.severity,
            message: said.message.to_owned(),
            message_key: said.message_key.to_owned(),
            path,
            page: loc.page,
            line: loc.line_start,
            col: loc.col_start,
            end_line: loc.line_end,
            end_col: loc.col_end,
            byte_col: raw_range.start - line_start + 1,
            end_byte_col: raw_range.end - end_line_start + 1,
            byte_start: loc.byte_start,
            byte_end: loc.byte_end,
            quote,
            source_line: raw[line_start..line_end].trim_end_matches('\r').to_owned(),
            related,
            fingerprint,
        }
    }

    /// A finding of `run` resolved, with every related place.
    pub fn of(run: &super::Run, f: &Finding) -> Self {
        let docs = &run.corpus.documents;
        let related = f
            .related
            .iter()
            .map(|(d, p)| FilePosition::in_file(&docs[*d], p))
            .collect();
        Self::new(&docs[f.doc], f.into(), &f.place, related)
    }

    /// Every finding of a run resolved, in the run's order.
    pub fn all(run: &super::Run) -> Vec<Self> {
        run.findings.iter().map(|f| Self::of(run, f)).collect()
    }
}

/// A finding's fingerprint: stable across edits elsewhere in the file (rule, path and the
/// quoted text as matched, whitespace left out), 32 hex digits.
fn fingerprint(rule: &str, path: &str, quote: &str) -> String {
    let normalized: String = crate::text::matching_text(quote)
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    crate::text::sha256_hex(format!("{rule}\u{0}{path}\u{0}{normalized}").as_bytes())[..32]
        .to_owned()
}
