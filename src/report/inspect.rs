//! `crosscheck inspect`: one document for a human (indented tree) or as JSON.

use std::fmt::Write;

use crate::text::printable;

use serde::Serialize;

use super::tables::{document_row, section_rows, DocumentRow, SectionRow};
use crate::model::{Document, NormalizeStats, SectionKind};

/// What `inspect` shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct InspectOptions {
    /// Also list sentence nodes (hidden by default: there are hundreds).
    pub sentences: bool,
}

#[derive(Serialize)]
struct InspectJson<'a> {
    schema_version: u32,
    document: DocumentRow<'a>,
    normalization: &'a NormalizeStats,
    sections: Vec<SectionRow<'a>>,
}

/// The document as pretty JSON (all sections, sentences included).
pub fn to_json(doc: &Document) -> String {
    let out = InspectJson {
        schema_version: 1,
        document: document_row(doc),
        normalization: &doc.normalized.stats,
        sections: section_rows(doc).collect(),
    };
    serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// The document as an indented tree with `line:col` spans.
pub fn to_text(doc: &Document, opts: InspectOptions) -> String {
    let mut o = header(doc);
    let shown: Vec<_> = doc
        .sections
        .iter()
        .filter(|x| opts.sentences || x.kind != SectionKind::Sentence)
        .collect();
    let hidden = doc.sections.len() - shown.len();
    let _ = writeln!(
        o,
        "sections:  {} ({} sentences hidden; --sentences shows them)\n",
        doc.sections.len(),
        hidden
    );
    for sec in shown {
        let loc = doc.locate(sec.range.clone());
        let indent = "  ".repeat(sec.depth as usize);
        let title = doc
            .title(sec)
            .map(crate::text::matching_string)
            .unwrap_or_else(|| excerpt(&doc.text()[sec.range.clone()], 24));
        let _ = writeln!(
            o,
            "{indent}{id}  [{kind}] {title}  @{start}-{end}",
            id = printable(&sec.id),
            title = printable(&title),
            kind = sec.kind.as_str(),
            start = loc.start_label(),
            end = loc.end_label(),
        );
        if !sec.cells.is_empty() && sec.kind == SectionKind::TableRow {
            let cells: Vec<String> = sec.cells.iter().map(|c| excerpt(c, 16)).collect();
            let _ = writeln!(o, "{indent}    cells: {}", cells.join(" | "));
        }
    }
    o
}

/// The file, its format, metadata and normalization counts, and its warnings.
fn header(doc: &Document) -> String {
    let mut o = String::new();
    let s = &doc.normalized.stats;
    let src = &doc.source;
    // Everything read from the file or its name is printed through `printable`: a control
    // character in a title must not drive the terminal or start a line of its own.
    let _ = writeln!(
        o,
        "file:      {}",
        printable(&src.path.display().to_string())
    );
    let _ = writeln!(
        o,
        "format:    {}, encoding {}, {} bytes",
        src.format.as_str(),
        src.encoding,
        src.file_len
    );
    let m = &doc.meta;
    let _ = writeln!(
        o,
        "document:  {} | {} | {} | {} ({})",
        printable(&m.title),
        m.level.map_or("level unknown", |l| l.as_str()),
        if m.region.is_empty() {
            "region unknown"
        } else {
            &m.region
        },
        if m.period.is_empty() {
            "period unknown"
        } else {
            &m.period
        },
        m.meta_source
    );
    let _ = writeln!(
        o,
        "normalize: {} pinyin annotations stripped, {} Traditional→Simplified, {} full-width folded, {} radicals folded, {} CJK-internal spaces, {} clutter lines",
        s.pinyin_stripped,
        s.traditional_converted,
        s.fullwidth_folded,
        s.radicals_folded,
        s.cjk_spaces,
        s.clutter_lines
    );
    for w in &src.warnings {
        let _ = writeln!(o, "warning:   {w}");
    }
    o
}

/// First `n` characters of `s` on one line, with `…` when cut.
fn excerpt(s: &str, n: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = printable(&flat).chars().take(n).collect();
    if printable(&flat).chars().count() > n {
        out.push('…');
    }
    out
}
