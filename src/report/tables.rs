//! Row types of the CSV tables; also serialized as-is into JSON.

use serde::Serialize;

use crate::model::Run;
use crate::model::{
    Alignment, Coverage, Document, Duplicate, Finding, Place, Section, SectionKind, Target,
};
use crate::text::{count_chars, CharsBefore};

/// Rates and similarities are rounded to 4 decimals so reports read well and stay stable.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// One row of `documents.csv`.
#[derive(Debug, Default, Serialize)]
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
    /// Share of characters also found elsewhere, boilerplate excluded (重复率); empty when
    /// duplicates were not searched (`inspect`).
    pub duplication_rate: Option<f64>,
}

/// The `documents.csv` rows of a run.
pub fn document_rows(run: &Run) -> impl Iterator<Item = DocumentRow<'_>> {
    run.corpus
        .documents
        .iter()
        .enumerate()
        .map(move |(i, d)| DocumentRow {
            duplication_rate: Some(round4(run.dedup.rate(i, d, 0..d.text().len()))),
            ..document_row(d)
        })
}

/// The `documents.csv` row of a document on its own (no duplication rate).
pub fn document_row(d: &Document) -> DocumentRow<'_> {
    let s = &d.normalized.stats;
    DocumentRow {
        file: d.source.path.display().to_string(),
        doc: &d.id().0,
        title: &d.meta.title,
        level: d.meta.level.map_or("", |l| l.as_str()),
        region: &d.meta.region,
        encoding: &d.source.encoding,
        chars: count_chars(d.text()),
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
        duplication_rate: None,
    }
}

/// One row of `sections.csv`.
#[derive(Debug, Default, Serialize)]
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
    pub title_normalized: std::borrow::Cow<'a, str>,
    /// Table rows: cells in column order, merged cells filled down, joined by ` | `.
    pub cells: String,
    /// Share of the section's characters also found elsewhere, boilerplate excluded.
    pub duplication_rate: Option<f64>,
    /// Page of a PDF or OFD (empty for other formats); lines then count from its top.
    pub page: Option<usize>,
    /// Tables: what each column holds (`number | metric | unit | attribute | target`), from
    /// its header cell and the plan period.
    pub roles: String,
}

/// The `sections.csv` rows of a document on its own, in document order.
pub fn section_rows(d: &Document) -> impl Iterator<Item = SectionRow<'_>> {
    d.sections.iter().map(move |s| {
        let chars = count_chars(&d.text()[s.range.clone()]);
        section_row(d, s, chars)
    })
}

/// The `sections.csv` rows of a run, with duplication rates.
pub fn run_section_rows(run: &Run) -> impl Iterator<Item = SectionRow<'_>> {
    run.corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(move |(i, d)| {
            let duplicated = run.dedup.duplicated.get(i).map_or(&[][..], Vec::as_slice);
            // Sections nest: their characters are counted once per document, not per level.
            let before = CharsBefore::new(
                d.text(),
                d.sections
                    .iter()
                    .flat_map(|s| [s.range.start, s.range.end])
                    .chain(duplicated.iter().flat_map(|r| [r.start, r.end])),
            );
            d.sections.iter().map(move |s| {
                let rate = run
                    .dedup
                    .rate_counted(i, s.range.clone(), |r| before.between(r));
                SectionRow {
                    duplication_rate: Some(round4(rate)),
                    ..section_row(d, s, before.between(s.range.clone()))
                }
            })
        })
}

fn section_row<'a>(d: &'a Document, s: &'a Section, chars: usize) -> SectionRow<'a> {
    let loc = d.locate(s.range.clone());
    SectionRow {
        doc: &d.id().0,
        section_id: &s.id,
        parent_id: s.parent.map_or("", |p| d.sections[p].id.as_str()),
        kind: s.kind.as_str(),
        level: s.depth,
        title: d.title_as_written(s).unwrap_or(""),
        page: loc.page,
        line_start: loc.line_start,
        col_start: loc.col_start,
        line_end: loc.line_end,
        col_end: loc.col_end,
        byte_start: loc.byte_start,
        byte_end: loc.byte_end,
        chars,
        style: style_name(s.kind),
        title_normalized: d
            .title(s)
            .map(crate::text::matching_str)
            .unwrap_or_default(),
        cells: s.cells.join(" | "),
        duplication_rate: None,
        roles: if s.kind == crate::model::SectionKind::Table {
            let period = match crate::targets::time::period(&d.meta.period) {
                (Some(start), Some(end)) => Some((start, end)),
                (None, Some(end)) => Some((end, end)),
                _ => None,
            };
            crate::segment::columns::column_roles(&s.cells, period)
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        } else {
            String::new()
        },
    }
}

/// One row of `duplicates.csv`: a pair of copies.
#[derive(Debug, Default, Serialize)]
pub struct DuplicateRow<'a> {
    pub id: &'a str,
    pub cluster: &'a str,
    pub kind: &'static str,
    pub doc_a: &'a str,
    pub section_a: &'a str,
    pub line_a: usize,
    pub col_a: usize,
    pub byte_start_a: usize,
    pub byte_end_a: usize,
    pub doc_b: &'a str,
    pub section_b: &'a str,
    pub line_b: usize,
    pub col_b: usize,
    pub byte_start_b: usize,
    pub byte_end_b: usize,
    pub chars_a: usize,
    pub chars_b: usize,
    pub similarity: f64,
    pub containment: f64,
    /// Edits from copy A to copy B: `项→个; ,→。`, `+一批`, `-聚焦`.
    pub edits: String,
    /// The edits that change a number or a unit: `100项→100个`.
    pub numeric_edits: String,
    pub title_a: &'a str,
    pub title_b: &'a str,
    /// Copy A exactly as in the original file.
    pub text_a: &'a str,
    pub text_b: &'a str,
    pub title_drift: bool,
    pub line_end_a: usize,
    pub col_end_a: usize,
    pub line_end_b: usize,
    pub col_end_b: usize,
    pub diff_timed_out: bool,
    /// Pages of a PDF or OFD (empty for other formats); lines then count from the page top.
    pub page_a: Option<usize>,
    pub page_b: Option<usize>,
}

/// The `duplicates.csv` rows of a run.
pub fn duplicate_rows(run: &Run) -> impl Iterator<Item = DuplicateRow<'_>> {
    run.dedup
        .duplicates
        .iter()
        .map(move |d| duplicate_row(run, d))
}

fn duplicate_row<'a>(run: &'a Run, d: &'a Duplicate) -> DuplicateRow<'a> {
    let docs = &run.corpus.documents;
    let (da, db) = (&docs[d.a.doc], &docs[d.b.doc]);
    let (la, lb) = (da.locate(d.a.range.clone()), db.locate(d.b.range.clone()));
    let join = |f: &dyn Fn(&crate::model::Edit) -> String, numeric_only: bool| {
        d.edits
            .iter()
            .filter(|e| !numeric_only || e.numeric)
            .map(f)
            .collect::<Vec<_>>()
            .join("; ")
    };
    DuplicateRow {
        id: &d.id,
        cluster: &d.cluster,
        kind: d.kind.as_str(),
        doc_a: &da.id().0,
        section_a: &da.sections[d.a.section].id,
        page_a: la.page,
        line_a: la.line_start,
        col_a: la.col_start,
        byte_start_a: la.byte_start,
        byte_end_a: la.byte_end,
        doc_b: &db.id().0,
        section_b: &db.sections[d.b.section].id,
        page_b: lb.page,
        line_b: lb.line_start,
        col_b: lb.col_start,
        byte_start_b: lb.byte_start,
        byte_end_b: lb.byte_end,
        chars_a: d.chars_a,
        chars_b: d.chars_b,
        similarity: round4(d.similarity),
        containment: round4(d.containment),
        edits: join(&|e| e.compact(), false),
        numeric_edits: join(&|e| e.compact_numeric(), true),
        title_a: d.title_a.as_deref().unwrap_or(""),
        title_b: d.title_b.as_deref().unwrap_or(""),
        text_a: da.quote(d.a.range.clone()),
        text_b: db.quote(d.b.range.clone()),
        title_drift: d.title_drift,
        line_end_a: la.line_end,
        col_end_a: la.col_end,
        line_end_b: lb.line_end,
        col_end_b: lb.col_end,
        diff_timed_out: d.diff_timed_out,
    }
}

fn style_name(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Heading(style) => style.as_str(),
        _ => "",
    }
}

/// [`Document::section_label`]s made once per section, on first use, and shared by the report jobs that
/// repeat them: alignments and coverage name the same sections 3 million times at 10,000
/// documents (making each label anew was a third of those tables' time).
pub struct SectionLabels<'r> {
    docs: &'r [Document],
    labels: Vec<Vec<std::sync::OnceLock<String>>>,
}

impl<'r> SectionLabels<'r> {
    pub fn new(run: &'r Run) -> Self {
        let docs = &run.corpus.documents;
        Self {
            docs,
            labels: docs
                .iter()
                .map(|d| {
                    d.sections
                        .iter()
                        .map(|_| std::sync::OnceLock::new())
                        .collect()
                })
                .collect(),
        }
    }

    /// The label of a section of a document of the run.
    pub fn get(&self, doc: usize, section: usize) -> &str {
        self.labels[doc][section].get_or_init(|| self.docs[doc].section_label(section))
    }
}

/// One row of `alignments.csv` (a = lower or left document, b = upper or right).
#[derive(Debug, Default, Serialize)]
pub struct AlignmentRow<'a> {
    pub doc_a: &'a str,
    pub section_a: &'a str,
    pub title_a: &'a str,
    pub doc_b: &'a str,
    pub section_b: &'a str,
    pub title_b: &'a str,
    pub score: f64,
    pub rank: usize,
    /// The shared terms that weigh most in the score, separated by spaces.
    pub shared_terms: &'a str,
    pub line_a: usize,
    pub line_b: usize,
    /// Pages of a PDF or OFD (empty for other formats); lines then count from the page top.
    pub page_a: Option<usize>,
    pub page_b: Option<usize>,
}

/// The `alignments.csv` rows of a run.
pub fn alignment_rows<'a>(
    run: &'a Run,
    labels: &'a SectionLabels<'a>,
) -> impl Iterator<Item = AlignmentRow<'a>> {
    run.align
        .alignments
        .iter()
        .map(move |al| alignment_row(run, labels, al))
}

fn alignment_row<'a>(
    run: &'a Run,
    labels: &'a SectionLabels<'a>,
    al: &'a Alignment,
) -> AlignmentRow<'a> {
    let docs = &run.corpus.documents;
    let (da, db) = (&docs[al.doc_a], &docs[al.doc_b]);
    let (sa, sb) = (&da.sections[al.section_a], &db.sections[al.section_b]);
    let (page_a, line_a) = da.page_line_of(sa.range.clone());
    let (page_b, line_b) = db.page_line_of(sb.range.clone());
    AlignmentRow {
        doc_a: &da.id().0,
        section_a: &sa.id,
        title_a: labels.get(al.doc_a, al.section_a),
        doc_b: &db.id().0,
        section_b: &sb.id,
        title_b: labels.get(al.doc_b, al.section_b),
        score: round4(al.score),
        rank: al.rank,
        shared_terms: &al.shared_terms,
        page_a,
        line_a,
        page_b,
        line_b,
    }
}

/// One row of `coverage.csv`: a task of the upper document and its best counterpart.
#[derive(Debug, Default, Serialize)]
pub struct CoverageRow<'a> {
    pub upper_doc: &'a str,
    pub section: &'a str,
    pub title: &'a str,
    pub status: &'static str,
    pub best_doc: &'a str,
    pub best_section: &'a str,
    pub best_title: &'a str,
    pub score: f64,
    /// The lower document the coverage is measured against (also when nothing matched).
    pub lower_doc: &'a str,
    pub line: usize,
    /// Page of a PDF or OFD (empty for other formats); lines then count from its top.
    pub page: Option<usize>,
}

/// The `coverage.csv` rows of a run.
pub fn coverage_rows<'a>(
    run: &'a Run,
    labels: &'a SectionLabels<'a>,
) -> impl Iterator<Item = CoverageRow<'a>> {
    run.align
        .coverage
        .iter()
        .map(move |c| coverage_row(run, labels, c))
}

fn coverage_row<'a>(
    run: &'a Run,
    labels: &'a SectionLabels<'a>,
    c: &'a Coverage,
) -> CoverageRow<'a> {
    let docs = &run.corpus.documents;
    let (up, low) = (&docs[c.upper_doc], &docs[c.lower_doc]);
    let s = &up.sections[c.section];
    let best = c
        .best_section
        .filter(|_| c.status != crate::model::CoverageStatus::Missing);
    let (page, line) = up.page_line_of(s.range.clone());
    CoverageRow {
        upper_doc: &up.id().0,
        section: &s.id,
        title: labels.get(c.upper_doc, c.section),
        status: c.status.as_str(),
        best_doc: if best.is_some() { &low.id().0 } else { "" },
        best_section: best.map_or("", |b| low.sections[b].id.as_str()),
        best_title: best.map_or("", |b| labels.get(c.lower_doc, b)),
        score: round4(c.score),
        lower_doc: &low.id().0,
        page,
        line,
    }
}

/// One row of `targets.csv`.
#[derive(Debug, Default, Serialize)]
pub struct TargetRow<'a> {
    pub doc: &'a str,
    pub section: &'a str,
    pub line: usize,
    pub col: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// The statement exactly as in the original file.
    pub quote: &'a str,
    pub metric_raw: &'a str,
    pub metric: &'a str,
    /// The number (multipliers applied), or the text when it is not a number.
    pub value: String,
    pub unit: &'a str,
    pub comparator: &'static str,
    pub year: Option<u16>,
    pub period_start: Option<u16>,
    pub scope: &'static str,
    pub kind: &'static str,
    /// `text` or `table`.
    pub source: &'static str,
    /// Page of a PDF or OFD (empty for other formats); lines then count from its top.
    pub page: Option<usize>,
}

/// The `targets.csv` rows of a run.
pub fn target_rows(run: &Run) -> impl Iterator<Item = TargetRow<'_>> {
    run.targets.iter().map(move |t| target_row(run, t))
}

fn target_row<'a>(run: &'a Run, t: &'a Target) -> TargetRow<'a> {
    let d = &run.corpus.documents[t.doc];
    let loc = d.locate(t.range.clone());
    TargetRow {
        doc: &d.id().0,
        section: &d.sections[t.section].id,
        page: loc.page,
        line: loc.line_start,
        col: loc.col_start,
        byte_start: loc.byte_start,
        byte_end: loc.byte_end,
        quote: d.quote(t.range.clone()),
        metric_raw: &t.metric_raw,
        metric: &t.metric,
        value: t.value.to_string(),
        unit: &t.unit,
        comparator: t.comparator.as_str(),
        year: t.year,
        period_start: t.period_start,
        scope: t.scope.as_str(),
        kind: t.kind.as_str(),
        source: t.source.as_str(),
    }
}

/// One row of `findings.csv`: every finding of every stage.
#[derive(Debug, Default, Serialize)]
pub struct FindingRow<'a> {
    pub id: &'a str,
    pub rule: &'a str,
    pub severity: &'static str,
    pub message: &'a str,
    pub doc: &'a str,
    pub section: &'a str,
    pub line: usize,
    pub col: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// Other places involved, `doc:line:col` separated by `;`.
    pub related: String,
    pub name: &'a str,
    /// The finding's place exactly as in the original file.
    pub quote: &'a str,
    pub file: String,
    /// Page of a PDF or OFD (empty for other formats); lines then count from its top.
    pub page: Option<usize>,
}

/// The `findings.csv` rows of a run.
pub fn finding_rows(run: &Run) -> impl Iterator<Item = FindingRow<'_>> {
    run.findings.iter().map(move |f| finding_row(run, f))
}

fn place_section(doc: &Document, place: &Place) -> usize {
    let Place::Normalized(r) = place else {
        return 0;
    };
    let mut best = 0;
    for (i, s) in doc.sections.iter().enumerate() {
        if s.range.start <= r.start && r.end <= s.range.end && s.depth >= doc.sections[best].depth {
            best = i;
        }
    }
    best
}

fn finding_row<'a>(run: &'a Run, f: &'a Finding) -> FindingRow<'a> {
    let docs = &run.corpus.documents;
    let d = &docs[f.doc];
    let loc = d.locate_place(&f.place);
    let related = f
        .related
        .iter()
        .map(|(doc, place)| {
            let l = docs[*doc].locate_place(place);
            format!("{}:{}", docs[*doc].id(), l.start_label())
        })
        .collect::<Vec<_>>()
        .join(";");
    FindingRow {
        id: &f.id,
        rule: &f.rule,
        severity: f.severity.as_str(),
        message: &f.message,
        doc: &d.id().0,
        section: &d.sections[place_section(d, &f.place)].id,
        page: loc.page,
        line: loc.line_start,
        col: loc.col_start,
        byte_start: loc.byte_start,
        byte_end: loc.byte_end,
        related,
        name: &f.name,
        quote: d.quote_place(&f.place),
        file: d.source.path.display().to_string(),
    }
}
