//! Row types of the CSV tables; also serialized as-is into JSON.

use serde::Serialize;

use crate::model::{Document, Section, SectionKind};

/// One row of `documents.csv`.
#[derive(Debug, Serialize)]
pub struct DocumentRow<'a> {
    pub file: String,
    pub doc: &'a str,
    pub title: &'a str,
    pub level: &'static str,
    pub region: &'a str,
    pub encoding: &'a str,
    /// Non-whitespace characters of the normalized text.
    pub chars: usize,
    pub sections: usize,
    pub warnings: String,
    pub format: &'static str,
    pub issuer: &'a str,
    pub period: &'a str,
    pub parent_region: &'a str,
    pub meta_source: &'static str,
    pub pinyin_stripped: usize,
    pub traditional_converted: usize,
    pub fullwidth_folded: usize,
    pub cjk_spaces: usize,
    pub clutter_lines: usize,
    pub sha256: &'a str,
}

/// Build the `documents.csv` row of a document.
pub fn document_row(d: &Document) -> DocumentRow<'_> {
    let s = &d.normalized.stats;
    DocumentRow {
        file: d.source.path.display().to_string(),
        doc: &d.id().0,
        title: &d.meta.title,
        level: d.meta.level.map_or("", |l| l.as_str()),
        region: &d.meta.region,
        encoding: &d.source.encoding,
        chars: d.text().chars().filter(|c| !c.is_whitespace()).count(),
        sections: d.sections.len(),
        warnings: d.source.warnings.join("; "),
        format: d.source.format.as_str(),
        issuer: &d.meta.issuer,
        period: &d.meta.period,
        parent_region: &d.meta.parent_region,
        meta_source: d.meta.meta_source,
        pinyin_stripped: s.pinyin_stripped,
        traditional_converted: s.traditional_converted,
        fullwidth_folded: s.fullwidth_folded,
        cjk_spaces: s.cjk_spaces,
        clutter_lines: s.clutter_lines,
        sha256: &d.source.sha256,
    }
}

/// One row of `sections.csv`.
#[derive(Debug, Serialize)]
pub struct SectionRow<'a> {
    pub doc: &'a str,
    pub section_id: &'a str,
    pub parent_id: &'a str,
    pub kind: &'static str,
    /// Depth in the section tree (document = 0).
    pub level: u8,
    /// The title exactly as written in the original file (marker included).
    pub title: &'a str,
    pub line_start: usize,
    pub col_start: usize,
    pub line_end: usize,
    pub col_end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// Non-whitespace characters of the section's normalized text.
    pub chars: usize,
    /// Heading numbering style (`chinese_numeral`, `paren_chinese`, `arabic_dot`, …).
    pub style: &'static str,
    /// The title after normalization (Simplified, pinyin removed, CJK spaces dropped).
    pub title_normalized: String,
    /// Table rows: cells in column order, merged cells filled down, joined by ` | `.
    pub cells: String,
}

/// The `sections.csv` rows of a document, in document order.
pub fn section_rows(d: &Document) -> impl Iterator<Item = SectionRow<'_>> {
    d.sections.iter().map(move |s| section_row(d, s))
}

fn section_row<'a>(d: &'a Document, s: &'a Section) -> SectionRow<'a> {
    let loc = d.locate(s.range.clone());
    SectionRow {
        doc: &d.id().0,
        section_id: &s.id,
        parent_id: s.parent.map_or("", |p| d.sections[p].id.as_str()),
        kind: s.kind.as_str(),
        level: s.depth,
        title: d.title_as_written(s).unwrap_or(""),
        line_start: loc.line_start,
        col_start: loc.col_start,
        line_end: loc.line_end,
        col_end: loc.col_end,
        byte_start: loc.byte_start,
        byte_end: loc.byte_end,
        chars: d.text()[s.range.clone()]
            .chars()
            .filter(|c| !c.is_whitespace())
            .count(),
        style: style_name(s.kind),
        title_normalized: d
            .title(s)
            .map(|t| crate::normalize::matching_text(t).text)
            .unwrap_or_default(),
        cells: s.cells.join(" | "),
    }
}

fn style_name(kind: SectionKind) -> &'static str {
    use crate::model::HeadingStyle::*;
    match kind {
        SectionKind::Heading(Appendix) => "appendix",
        SectionKind::Heading(ChineseNumeral) => "chinese_numeral",
        SectionKind::Heading(ParenChinese) => "paren_chinese",
        SectionKind::Heading(ArabicDot) => "arabic_dot",
        SectionKind::Heading(ParenArabic) => "paren_arabic",
        _ => "",
    }
}
