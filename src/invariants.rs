//! Invariants every processed document satisfies, checked by the fuzz targets (`fuzz/`) and the
//! property tests (`tests/properties.rs`) on arbitrary input.
//!
//! In: a [`Document`] (or its parts). Out: `Err` naming the first broken invariant:
//! - offset maps: every character boundary of the normalized text maps to a character boundary
//!   of the decoded original (`source.raw`), monotonically, and into the file's byte length;
//! - sections: ranges inside the text and on character boundaries, the root first, each child
//!   inside its parent and after it in the list, titles inside their section;
//! - positions: every section resolves to a [`crate::model::Location`] with lines and columns
//!   from 1, start before end, bytes inside the file.

use crate::model::{Document, Section, Target};

fn boundary(text: &str, at: usize, what: &str) -> Result<(), String> {
    if text.is_char_boundary(at) {
        Ok(())
    } else {
        Err(format!(
            "{what}: {at} is not a character boundary (len {})",
            text.len()
        ))
    }
}

/// The three maps a document is built from, each over the texts it joins: normalized →
/// content → raw → file bytes. Checked before [`Document::new`] composes them (a saved index
/// is read back through this).
pub fn maps(
    source: &crate::model::SourceDoc,
    normalized: &crate::offsets::MappedText,
) -> Result<(), String> {
    let s = source;
    // Text extracted from a container (.docx, .doc, PDF, OFD) is its own "file": byte spans
    // are spans of the extracted text, which the map covers one to one.
    let file_len = if s.format.is_extracted() {
        s.raw.len()
    } else {
        s.file_len
    };
    s.raw_to_file
        .check(s.raw.len(), file_len)
        .map_err(|e| format!("raw→file: {e}"))?;
    s.content
        .map
        .check(s.content.text.len(), s.raw.len())
        .map_err(|e| format!("content→raw: {e}"))?;
    normalized
        .map
        .check(normalized.text.len(), s.content.text.len())
        .map_err(|e| format!("normalized→content: {e}"))
}

/// Ranges that point into the content text (what normalize removed).
pub fn removals(content: &str, removed: &[crate::model::Removal]) -> Result<(), String> {
    for r in removed {
        let range = &r.content_range;
        if range.start > range.end || range.end > content.len() {
            return Err(format!("removal {range:?} outside the text"));
        }
        boundary(content, range.start, "removal start")?;
        boundary(content, range.end, "removal end")?;
    }
    Ok(())
}

/// Offset maps of a document: normalized → raw → file.
pub fn offsets(doc: &Document) -> Result<(), String> {
    let text = doc.text();
    let raw = &doc.source.raw;
    let mut last = 0;
    for (i, _) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let r = doc.raw_range(i..i);
        boundary(raw, r.start, "normalized→raw start")?;
        boundary(raw, r.end, "normalized→raw end")?;
        if r.start < last {
            return Err(format!(
                "normalized→raw not monotonic at {i}: {} < {last}",
                r.start
            ));
        }
        last = r.start;
        let loc = doc.locate(i..i);
        if loc.byte_end > doc.source.file_len || loc.byte_start > loc.byte_end {
            return Err(format!(
                "normalized {i} → file bytes {}..{} outside a {}-byte file",
                loc.byte_start, loc.byte_end, doc.source.file_len
            ));
        }
    }
    Ok(())
}

/// The section tree of a document.
pub fn sections(text: &str, sections: &[Section]) -> Result<(), String> {
    let Some(root) = sections.first() else {
        return Err("no root section".into());
    };
    // The root spans its sections (every section lies in its parent, so in the root).
    if root.parent.is_some() || root.range.start > root.range.end || root.range.end > text.len() {
        return Err(format!("root {:?} outside the text", root.range));
    }
    for (i, s) in sections.iter().enumerate() {
        let what = |m: &str| format!("section {i} ({}): {m}", s.id);
        if s.range.start > s.range.end || s.range.end > text.len() {
            return Err(what(&format!("range {:?} outside the text", s.range)));
        }
        boundary(text, s.range.start, &what("start"))?;
        boundary(text, s.range.end, &what("end"))?;
        if let Some(t) = &s.title_range {
            if t.start < s.range.start || t.end > s.range.end || t.start > t.end {
                return Err(what(&format!("title {t:?} outside {:?}", s.range)));
            }
            boundary(text, t.start, &what("title start"))?;
            boundary(text, t.end, &what("title end"))?;
        }
        // A filled-down cell points at an earlier row, so only the text bounds hold.
        for c in &s.cell_ranges {
            if c.start > c.end || c.end > text.len() {
                return Err(what(&format!("cell {c:?} outside the text")));
            }
            boundary(text, c.start, &what("cell start"))?;
            boundary(text, c.end, &what("cell end"))?;
        }
        if i > 0 {
            let Some(p) = s.parent else {
                return Err(what("no parent"));
            };
            if p >= i {
                return Err(what(&format!("parent {p} comes after it")));
            }
            let pr = &sections[p].range;
            if s.range.start < pr.start || s.range.end > pr.end {
                return Err(what(&format!("{:?} outside its parent {pr:?}", s.range)));
            }
        }
    }
    Ok(())
}

/// Positions of every section of a document.
pub fn positions(doc: &Document) -> Result<(), String> {
    for s in &doc.sections {
        let loc = doc.locate(s.range.clone());
        let ordered = loc.ordered();
        if loc.line_start == 0 || loc.col_start == 0 || !ordered {
            return Err(format!("section {}: bad location {loc:?}", s.id));
        }
        if loc.byte_start > loc.byte_end || loc.byte_end > doc.source.file_len {
            return Err(format!("section {}: bytes {loc:?} outside the file", s.id));
        }
    }
    Ok(())
}

/// Targets found in a document point at its text.
pub fn targets(doc: &Document, targets: &[Target]) -> Result<(), String> {
    let text = doc.text();
    for t in targets {
        if t.range.end > text.len() || t.range.start > t.range.end {
            return Err(format!("target {:?} outside the text", t.range));
        }
        boundary(text, t.range.start, "target start")?;
        boundary(text, t.range.end, "target end")?;
    }
    Ok(())
}

/// Every invariant of a processed document.
pub fn document(doc: &Document) -> Result<(), String> {
    maps(&doc.source, &doc.normalized.text)?;
    removals(&doc.source.content.text, &doc.normalized.removed)?;
    assembled(doc)
}

/// The invariants of a document beyond its parts ([`maps`] and [`removals`], which must hold
/// before [`Document::new`] can build it): offsets, sections, positions.
pub fn assembled(doc: &Document) -> Result<(), String> {
    offsets(doc)?;
    sections(doc.text(), &doc.sections)?;
    positions(doc)
}
