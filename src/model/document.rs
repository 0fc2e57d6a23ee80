//! Documents: a file as read (`SourceDoc`), its normalized text (`NormalizedDoc`), its sections,
//! and the [`Document`] that bundles them with metadata and resolves positions to the original file.

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
    /// A PDF text layer, read through PDFium.
    Pdf,
    /// OFD (GB/T 33190), the national fixed-layout format.
    Ofd,
    /// Word 97–2003 `.doc`, and `.wps` files of the same format.
    Doc,
}

impl Format {
    /// Formats whose text is extracted from a container (zip, OLE, PDF): positions and byte
    /// spans are in the extracted text, not in the file's bytes.
    pub fn is_extracted(self) -> bool {
        matches!(self, Format::Docx | Format::Doc | Format::Pdf | Format::Ofd)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Ofd => "ofd",
            Format::Doc => "doc",
        }
    }
}

/// A document as read from disk: its decoded text and how that text maps to the file's bytes.
///
/// `raw` is the whole file decoded to UTF-8 (for `.docx` and `.doc`, the extracted paragraphs,
/// one per line; for PDF and OFD, the pages' lines as laid out). `content` is the part that carries text (for HTML: tags removed, one block per line).
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
    /// For paged formats (PDF, OFD): the byte offset in `raw` where each page starts. Empty
    /// for formats without pages.
    #[serde(default)]
    pub page_starts: Vec<usize>,
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
    /// CJK radicals folded to the ideographs they stand for (`⻅` → `见`), as PDF fonts emit them.
    #[serde(default)]
    pub radicals_folded: usize,
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
    /// What normalization removed from the content, where (in order): the checks read this
    /// instead of scanning the text again.
    pub removed: Vec<Removal>,
}

/// Something normalization took out of a document's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RemovalKind {
    /// A pinyin annotation after a Han character: the `(fèi)` of `消費(fèi)品`.
    Pinyin,
}

/// One removal: its kind and the bytes of `SourceDoc::content` it covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub kind: RemovalKind,
    pub content_range: Range<usize>,
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
    /// `第一篇` (规划纲要 are organised in parts, chapters and sections)
    Part,
    /// `第一章`
    Chapter,
    /// `第一节`
    Section,
    /// `第一条`: an article of a regulation or 办法; the （一）/1. lines inside it are its
    /// items (款/项), not headings.
    Article,
    /// A Markdown `#` heading with no numbering of its own (`# 山东省城乡规划条例`); `##`…
    /// with a numbering (`## 第一章 总则`) take that numbering's style.
    Markdown1,
    /// `## …`
    Markdown2,
    /// `### …`
    Markdown3,
    /// `#### …` and deeper.
    Markdown4,
}

impl HeadingStyle {
    /// Nesting rank: a heading closes every open heading of equal or greater rank. 篇 > 章 >
    /// 节 > 一、/第X条 > （一） > 1. > （1）; Markdown levels sit at the rank of their depth.
    pub fn rank(self) -> u8 {
        match self {
            HeadingStyle::Markdown1 => 0,
            HeadingStyle::Part | HeadingStyle::Markdown2 => 1,
            HeadingStyle::Chapter | HeadingStyle::Markdown3 => 2,
            HeadingStyle::Section | HeadingStyle::Markdown4 => 3,
            HeadingStyle::Appendix | HeadingStyle::ChineseNumeral | HeadingStyle::Article => 4,
            HeadingStyle::ParenChinese => 5,
            HeadingStyle::ArabicDot => 6,
            HeadingStyle::ParenArabic => 7,
        }
    }

    /// The style's name in the reports (`sections.csv`'s `style`).
    pub fn as_str(self) -> &'static str {
        match self {
            HeadingStyle::Appendix => "appendix",
            HeadingStyle::ChineseNumeral => "chinese_numeral",
            HeadingStyle::ParenChinese => "paren_chinese",
            HeadingStyle::ArabicDot => "arabic_dot",
            HeadingStyle::ParenArabic => "paren_arabic",
            HeadingStyle::Part => "part",
            HeadingStyle::Chapter => "chapter",
            HeadingStyle::Section => "section",
            HeadingStyle::Article => "article",
            HeadingStyle::Markdown1 => "markdown1",
            HeadingStyle::Markdown2 => "markdown2",
            HeadingStyle::Markdown3 => "markdown3",
            HeadingStyle::Markdown4 => "markdown4",
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
    /// For table rows: each cell's extent in normalized text, in the order of `cells`. A cell
    /// filled down points at the row where the merged cell is written.
    #[serde(skip)]
    pub cell_ranges: Vec<Range<usize>>,
}

/// A resolved position in the original file. For paged formats (PDF, OFD) `page` is set and
/// lines count from the top of that page: `page:line:col`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_end: Option<usize>,
    pub line_start: usize,
    pub col_start: usize,
    pub line_end: usize,
    pub col_end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// `line:col`, or `pN:line:col` on page N of a PDF or OFD.
pub fn position_label(page: Option<usize>, line: usize, col: usize) -> String {
    match page {
        Some(p) => format!("p{p}:{line}:{col}"),
        None => format!("{line}:{col}"),
    }
}

impl Location {
    /// Where it starts as people cite it: `12:5`, or `p3:12:5` on page 3 of a PDF or OFD.
    pub fn start_label(&self) -> String {
        position_label(self.page, self.line_start, self.col_start)
    }

    /// Where it ends, as [`Location::start_label`] says where it starts.
    pub fn end_label(&self) -> String {
        position_label(self.page_end, self.line_end, self.col_end)
    }

    /// Start and end in reading order, pages first: what "start before end" compares.
    pub fn ordered(&self) -> bool {
        (self.page, self.line_start, self.col_start) <= (self.page_end, self.line_end, self.col_end)
    }
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
        let (mut line_start, col_start) = self.line_col(raw.start);
        let (mut line_end, col_end) = self.line_col(raw.end);
        let page = self.page_of(raw.start).map(|(page, first_line)| {
            line_start -= first_line - 1;
            page
        });
        let page_end = self.page_of(raw.end).map(|(page, first_line)| {
            line_end -= first_line - 1;
            page
        });
        Location {
            page,
            page_end,
            line_start,
            col_start,
            line_end,
            col_end,
            byte_start: file.start,
            byte_end: file.end,
        }
    }

    /// For paged formats: the 1-based page holding `raw` byte `offset`, and the (1-based,
    /// whole-text) line its first line is.
    fn page_of(&self, raw_offset: usize) -> Option<(usize, usize)> {
        let starts = &self.source.page_starts;
        let idx = starts
            .partition_point(|&s| s <= raw_offset)
            .checked_sub(1)?;
        let first_line = self.line_starts.partition_point(|&s| s <= starts[idx]);
        Some((idx + 1, first_line))
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

    /// 1-based line of the whole decoded text holding `raw` byte `offset` (for a PDF or OFD,
    /// counted across pages: what the HTML document view numbers).
    pub fn raw_line_of(&self, raw_offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= raw_offset)
    }

    /// Page (PDF, OFD) and line within it where a normalized range starts: the position a table
    /// row gives. For other formats the page is `None` and the line counts from the file's top.
    pub fn page_line_of(&self, norm: Range<usize>) -> (Option<usize>, usize) {
        let raw = self.norm_to_raw.map_range(norm).start;
        let line = self.raw_line_of(raw);
        match self.page_of(raw) {
            Some((page, first_line)) => (Some(page), line + 1 - first_line),
            None => (None, line),
        }
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

    /// A section's name for tables: its normalized title, or the start of its text.
    pub fn section_label(&self, section: usize) -> String {
        let s = &self.sections[section];
        match self.title(s) {
            Some(t) => crate::text::matching_string(t),
            None => {
                // Only the first 25 characters of the matching view are made: a chapter without a
                // title is the whole chapter's text.
                let mut head = crate::text::matching_chars(&self.text()[s.range.clone()]);
                let mut out: String = head.by_ref().take(24).collect();
                if head.next().is_some() {
                    out.push('…');
                }
                out
            }
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
