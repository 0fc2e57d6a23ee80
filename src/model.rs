//! Types that cross stage boundaries.
//!
//! `ingest` makes [`SourceDoc`]s, `normalize` makes [`NormalizedDoc`]s, `segment` makes
//! [`Section`]s; a [`Document`] bundles the three for later stages and reports. Every position a
//! report shows is a [`Location`] resolved through [`Document::locate`], so it points into the
//! ORIGINAL file: 1-based line, 1-based column counted in Unicode code points, and the byte span
//! in the file's own encoding.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::offsets::{MappedText, OffsetMap};

/// Short stable id of a document: the file stem up to the first `_` (`003` for
/// `003_bcf92bb41f96abcb.txt`), or the manifest's `id`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Administrative level of the body that issued a plan.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    National,
    Province,
    City,
    County,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
        }
    }
}

/// How the file was laid out, as detected from its name and bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
        }
    }
}

/// A document as read from disk: its decoded text and how that text maps to the file's bytes.
///
/// `raw` is the whole file decoded to UTF-8 (for `.docx`, the extracted paragraphs, one per
/// line). `content` is the part that carries text (for HTML: tags removed, one block per line).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceDoc {
    pub id: DocId,
    pub path: PathBuf,
    pub format: Format,
    /// Encoding label as detected, e.g. `UTF-8`, `UTF-8 (BOM)`, `GB18030`, `UTF-16LE (BOM)`.
    pub encoding: String,
    /// Byte size of the file on disk.
    pub file_len: usize,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// The whole file decoded; lines and columns are counted here.
    pub raw: String,
    /// Maps `raw` byte offsets to file byte offsets.
    pub raw_to_file: OffsetMap,
    /// The text content (equal to `raw` for plain text) and its map into `raw`.
    pub content: MappedText,
    /// Problems that did not stop reading (e.g. an HTML table flattened).
    pub warnings: Vec<String>,
}

/// Counts of what normalization changed, shown by `inspect` and in `documents.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormalizeStats {
    /// Pinyin annotations removed, e.g. the `(fèi)` in `消費(fèi)品`.
    pub pinyin_stripped: usize,
    /// Characters changed by Traditional → Simplified conversion.
    pub traditional_converted: usize,
    /// Full-width digits, letters and `％` folded to ASCII.
    pub fullwidth_folded: usize,
    /// Whitespace runs between CJK characters (removed in matching text, e.g. `重 大 工 程`).
    pub cjk_spaces: usize,
    /// Scrape clutter lines removed (metadata rows, `打印 关闭`, ...).
    pub clutter_lines: usize,
}

/// Normalized text of one document, used for segmentation and matching.
///
/// Whitespace is kept here because it carries structure (001's inline headings are separated
/// by spaces); [`crate::text::matching_text`] drops whitespace between CJK characters.
#[derive(Debug, Clone)]
pub struct NormalizedDoc {
    /// Normalized text and its map into `SourceDoc::content`.
    pub text: MappedText,
    pub stats: NormalizeStats,
}

/// Numbering style of a heading, from the outermost to the innermost by convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadingStyle {
    /// `附件` / `附件1`
    Appendix,
    /// `一、`
    ChineseNumeral,
    /// `（一）` / `(一)`
    ParenChinese,
    /// `1.` / `1、`
    ArabicDot,
    /// `（1）` / `(1)`
    ParenArabic,
}

impl HeadingStyle {
    /// Nesting rank: a heading closes every open heading of equal or greater rank.
    pub fn rank(self) -> u8 {
        match self {
            HeadingStyle::Appendix | HeadingStyle::ChineseNumeral => 1,
            HeadingStyle::ParenChinese => 2,
            HeadingStyle::ArabicDot => 3,
            HeadingStyle::ParenArabic => 4,
        }
    }
}

/// What a section node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "style")]
pub enum SectionKind {
    Document,
    Heading(HeadingStyle),
    /// `专栏N:` box with its bullet body.
    Box,
    /// `表N:` table (or an unlabelled `|` table).
    Table,
    TableRow,
    /// Table of contents (its entries are not body sections).
    Toc,
    TocEntry,
    Paragraph,
    /// An inline task inside a paragraph: `一是…`, `二是…`.
    Item,
    /// `¨` bullet inside a box or table cell.
    Bullet,
    Sentence,
}

impl SectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Document => "document",
            SectionKind::Heading(_) => "heading",
            SectionKind::Box => "box",
            SectionKind::Table => "table",
            SectionKind::TableRow => "table_row",
            SectionKind::Toc => "toc",
            SectionKind::TocEntry => "toc_entry",
            SectionKind::Paragraph => "paragraph",
            SectionKind::Item => "item",
            SectionKind::Bullet => "bullet",
            SectionKind::Sentence => "sentence",
        }
    }

    /// Whether the node has a title of its own (heading, box, lead phrase, table row name).
    pub fn is_structural(self) -> bool {
        matches!(
            self,
            SectionKind::Heading(_) | SectionKind::Box | SectionKind::Table | SectionKind::Toc
        )
    }
}

/// One node of a document's section tree. Ranges are byte ranges in the normalized text.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Stable id: document id + path, e.g. `001/三/(一)/1`, `003/专栏2`, `003/表1/r3`.
    pub id: String,
    /// Index of the parent in the document's section list (`None` for the root).
    pub parent: Option<usize>,
    pub kind: SectionKind,
    /// Depth in the tree (root = 0).
    pub depth: u8,
    /// The node's extent in normalized text.
    #[serde(skip)]
    pub range: Range<usize>,
    /// The title's extent in normalized text, marker included (`1.推进制造业服务化`).
    #[serde(skip)]
    pub title_range: Option<Range<usize>>,
    /// For table rows: the cells in column order, filled down where the source merged cells.
    pub cells: Vec<String>,
}

/// A resolved position in the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line_start: usize,
    pub col_start: usize,
    pub line_end: usize,
    pub col_end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// Manifest data about a document (from `seeds/manifest.toml` or inferred from its text).
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocMeta {
    pub title: String,
    pub level: Option<Level>,
    pub region: String,
    pub issuer: String,
    pub period: String,
    pub parent_region: String,
    /// `manifest` or `inferred`.
    pub meta_source: &'static str,
}

/// A fully processed document: source, normalized text, sections and metadata.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: SourceDoc,
    pub normalized: NormalizedDoc,
    pub sections: Vec<Section>,
    pub meta: DocMeta,
    /// normalized → file bytes, composed once.
    norm_to_file: OffsetMap,
    /// normalized → raw text, composed once.
    norm_to_raw: OffsetMap,
    /// Byte offsets in `raw` where each line starts.
    line_starts: Vec<usize>,
    /// (byte offset, code points before it) in `raw`, about every [`CHAR_CHECKPOINT_BYTES`].
    char_checkpoints: Vec<(usize, usize)>,
}

/// Spacing of the column checkpoints of [`Document`].
const CHAR_CHECKPOINT_BYTES: usize = 4096;

impl Document {
    pub fn new(
        source: SourceDoc,
        normalized: NormalizedDoc,
        sections: Vec<Section>,
        meta: DocMeta,
    ) -> Self {
        let norm_to_raw = normalized.text.map.then(&source.content.map);
        let norm_to_file = norm_to_raw.then(&source.raw_to_file);
        let line_starts = std::iter::once(0)
            .chain(source.raw.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut char_checkpoints = vec![(0, 0)];
        let mut next = CHAR_CHECKPOINT_BYTES;
        for (chars, (byte, _)) in source.raw.char_indices().enumerate() {
            if byte >= next {
                char_checkpoints.push((byte, chars));
                next = byte + CHAR_CHECKPOINT_BYTES;
            }
        }
        Self {
            source,
            normalized,
            sections,
            meta,
            norm_to_file,
            norm_to_raw,
            line_starts,
            char_checkpoints,
        }
    }

    pub fn id(&self) -> &DocId {
        &self.source.id
    }

    /// The normalized text.
    pub fn text(&self) -> &str {
        &self.normalized.text.text
    }

    /// Resolve a normalized byte range to a position in the original file.
    pub fn locate(&self, norm: Range<usize>) -> Location {
        let raw = self.norm_to_raw.map_range(norm.clone());
        let file = self.norm_to_file.map_range(norm);
        self.location(raw, file)
    }

    /// Resolve a byte range of the decoded original (`source.raw`) to a position in the file.
    pub fn locate_raw(&self, raw: Range<usize>) -> Location {
        let file = self.source.raw_to_file.map_range(raw.clone());
        self.location(raw, file)
    }

    /// Resolve a finding's place.
    pub fn locate_place(&self, place: &Place) -> Location {
        match place {
            Place::Normalized(r) => self.locate(r.clone()),
            Place::Raw(r) => self.locate_raw(r.clone()),
        }
    }

    /// The original text of a place.
    pub fn quote_place(&self, place: &Place) -> &str {
        match place {
            Place::Normalized(r) => self.quote(r.clone()),
            Place::Raw(r) => self.source.raw.get(r.clone()).unwrap_or(""),
        }
    }

    fn location(&self, raw: Range<usize>, file: Range<usize>) -> Location {
        let (line_start, col_start) = self.line_col(raw.start);
        let (line_end, col_end) = self.line_col(raw.end);
        Location {
            line_start,
            col_start,
            line_end,
            col_end,
            byte_start: file.start,
            byte_end: file.end,
        }
    }

    /// The byte range of the decoded original (`source.raw`) a normalized range came from.
    pub fn raw_range(&self, norm: Range<usize>) -> Range<usize> {
        self.norm_to_raw.map_range(norm)
    }

    /// The original text (decoded) of a normalized range: what a report quotes.
    pub fn quote(&self, norm: Range<usize>) -> &str {
        let raw = self.norm_to_raw.map_range(norm);
        &self.source.raw[raw]
    }

    /// 1-based line and column (in code points) of a byte offset in `raw`. Columns are counted
    /// from the nearest checkpoint, so a position on a 50 MB one-line file costs at most
    /// [`CHAR_CHECKPOINT_BYTES`] bytes of counting, not the whole line.
    fn line_col(&self, raw_offset: usize) -> (usize, usize) {
        let line_idx = self.line_starts.partition_point(|&s| s <= raw_offset) - 1;
        let start = self.line_starts[line_idx];
        let raw = &self.source.raw;
        let col = match raw.get(start..raw_offset) {
            // Most lines are short: count the line itself.
            Some(head) if head.len() <= CHAR_CHECKPOINT_BYTES => head.chars().count(),
            _ => match (self.chars_before(start), self.chars_before(raw_offset)) {
                (Some(a), Some(b)) => b - a,
                _ => raw_offset - start,
            },
        } + 1;
        (line_idx + 1, col)
    }

    /// 1-based line in the original file where a normalized range starts (what a table row
    /// that names only a line needs; [`Document::locate`] also resolves columns and bytes).
    pub fn line_of(&self, norm: Range<usize>) -> usize {
        let raw = self.norm_to_raw.map_range(norm).start;
        self.line_starts.partition_point(|&s| s <= raw)
    }

    /// Code points of `raw` before byte `offset` (`None` off a character boundary).
    fn chars_before(&self, offset: usize) -> Option<usize> {
        let raw = &self.source.raw;
        if offset > raw.len() || !raw.is_char_boundary(offset) {
            return None;
        }
        let k = self
            .char_checkpoints
            .partition_point(|&(byte, _)| byte <= offset)
            .checked_sub(1)?;
        let (byte, chars) = self.char_checkpoints[k];
        Some(chars + raw[byte..offset].chars().count())
    }

    /// Normalized title of a section, if it has one.
    pub fn title(&self, section: &Section) -> Option<&str> {
        section.title_range.clone().map(|r| &self.text()[r])
    }

    /// The title as written in the original file.
    pub fn title_as_written(&self, section: &Section) -> Option<&str> {
        section.title_range.clone().map(|r| self.quote(r))
    }

    /// Number of characters (code points) of a section's normalized text.
    pub fn chars(&self, section: &Section) -> usize {
        self.text()[section.range.clone()].chars().count()
    }
}

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

/// How a target's number is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// `达到 N`, or a plain number.
    Eq,
    /// `N以上`, `不低于`, `不少于`, `突破`, `超过`.
    AtLeast,
    /// `N以内`, `不超过`, `低于`, `控制在`.
    AtMost,
    /// `N左右`, `约`.
    About,
    /// `增长/提高 N%`: a rate of increase.
    Increase,
    /// `下降/降低 N%`: a rate of decrease.
    Decrease,
}

impl Comparator {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Eq => "eq",
            Comparator::AtLeast => "at_least",
            Comparator::AtMost => "at_most",
            Comparator::About => "about",
            Comparator::Increase => "increase",
            Comparator::Decrease => "decrease",
        }
    }
}

/// What a target counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// `新增`, `新培育`, `新建`, `新认定`: added during the period.
    New,
    /// `累计`, `总量`, `保有量`: the total at the end.
    Cumulative,
    /// `每年`, `年均`: per year.
    Annual,
    /// A percentage that is a level, not a count.
    Rate,
    /// The text does not say.
    Unspecified,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::New => "new",
            Scope::Cumulative => "cumulative",
            Scope::Annual => "annual",
            Scope::Rate => "rate",
            Scope::Unspecified => "unspecified",
        }
    }
}

/// Whether a number is promised, already reached, or a starting point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Target,
    Achieved,
    Baseline,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Target => "target",
            TargetKind::Achieved => "achieved",
            TargetKind::Baseline => "baseline",
        }
    }
}

/// A target's value: a number, or text that could not be read as one (`达到省均目标值`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Quantity {
    Value(f64),
    Unparsed { raw: String, reason: String },
}

/// One quantitative statement of a document.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub doc: usize,
    /// Smallest section containing the statement.
    pub section: usize,
    /// The statement's span in normalized text (from its metric to its unit).
    #[serde(skip)]
    pub range: Range<usize>,
    /// The phrase the number measures, as written (normalized).
    pub metric_raw: String,
    /// Canonical metric key from `rules/metrics.toml`, or the cleaned phrase.
    pub metric: String,
    pub value: Quantity,
    pub unit: String,
    pub comparator: Comparator,
    pub year: Option<u16>,
    pub period_start: Option<u16>,
    pub scope: Scope,
    pub kind: TargetKind,
    /// `text` or `table`.
    pub source: &'static str,
}

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

/// Where a finding points: a range of normalized text, or of the decoded original (for
/// things normalization removed, such as pinyin annotations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Place {
    Normalized(Range<usize>),
    Raw(Range<usize>),
}

/// One finding of a check.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// `F0001`, in report order.
    pub id: String,
    /// Stable rule id, e.g. `CC403`.
    pub rule: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub doc: usize,
    pub place: Place,
    /// Other places the finding involves (the other copy, the other document's target).
    pub related: Vec<(usize, Place)>,
}
