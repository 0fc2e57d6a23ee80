//! Stage 1, ingest: paths → [`SourceDoc`]s. The only stage that reads input files.
//!
//! In: files and folders (folders are walked recursively, in sorted order, following links
//! with loop detection; only `.txt .text .md .markdown .html .htm .docx .doc .wps .pdf .ofd`
//! files are taken from
//! folders, every other file is named with the reason it is passed over ([`walk`]), while a
//! file named explicitly is read whatever its extension). Out: one `Result<SourceDoc,
//! InputError>` per file. A bad file is an [`InputError`] naming the file and the reason; it
//! never stops the others. Files are opened read-only and never modified.

mod decode;
mod doc;
mod docx;
mod html;
mod ofd;
mod paged;
mod pdf;
mod walk;
mod zipped;

use std::path::Path;

pub use decode::{decode, DecodeError};
pub use walk::{collect_inputs, Inputs};

use crate::files::io_reason;
use crate::model::{DocId, Format, InputError, SourceDoc};
use crate::offsets::{MappedText, OffsetMap};

/// Largest input file read, in bytes. Larger files are refused with a message, not read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub(crate) const NOT_REGULAR: &str = "not a regular file (a pipe, socket or device); skipped";

impl InputError {
    fn new(path: &Path, reason: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Format from a file name, `None` when a folder walk should skip the file.
pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Format::Text),
        "md" | "markdown" => Some(Format::Markdown),
        "html" | "htm" => Some(Format::Html),
        "docx" => Some(Format::Docx),
        "pdf" => Some(Format::Pdf),
        "ofd" => Some(Format::Ofd),
        "doc" | "wps" => Some(Format::Doc),
        _ => None,
    }
}

/// Default document id: the file stem up to its first `_` (`003` for `003_bcf9….txt`).
pub fn default_doc_id(path: &Path) -> DocId {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let short = stem.split('_').next().unwrap_or("");
    DocId(if short.is_empty() {
        stem
    } else {
        short.to_owned()
    })
}

/// Read and decode one file.
pub fn read_document(path: &Path, id: DocId) -> Result<SourceDoc, InputError> {
    let meta = std::fs::metadata(path).map_err(|e| InputError::new(path, io_reason(&e)))?;
    if !meta.is_file() {
        return Err(InputError::new(path, NOT_REGULAR));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(InputError::new(
            path,
            format!(
                "file is {} bytes, above the {} byte limit; split it or raise the limit",
                meta.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| InputError::new(path, io_reason(&e)))?;
    let format = format_of(path).unwrap_or(Format::Text);
    source_from_bytes(path, id, format, &bytes)
}

/// Build a [`SourceDoc`] from bytes already read (also used by tests and fuzzing).
pub fn source_from_bytes(
    path: &Path,
    id: DocId,
    format: Format,
    bytes: &[u8],
) -> Result<SourceDoc, InputError> {
    let err = |reason: String| InputError::new(path, reason);
    let file_len = bytes.len();
    let sha256 = crate::text::sha256_hex(bytes);
    match format {
        Format::Docx | Format::Doc => return word_source(path, id, format, bytes, sha256),
        Format::Pdf => {
            let pages = pdf::pages(bytes).map_err(err)?;
            let how = "PDF text layer (PDFium)";
            return paged_source(path, id, format, how, &pages, file_len, sha256);
        }
        Format::Ofd => {
            let pages = ofd::pages(bytes).map_err(err)?;
            let how = "OFD text (GB/T 33190)";
            return paged_source(path, id, format, how, &pages, file_len, sha256);
        }
        Format::Text | Format::Markdown | Format::Html => {}
    }
    let decoded = decode(bytes).map_err(|e| err(e.to_string()))?;
    let content = if format == Format::Html {
        let content = html::extract(&decoded.text).map_err(err)?;
        if content.text.trim().is_empty() {
            return Err(InputError::new(
                path,
                "empty document (no text in the HTML)",
            ));
        }
        content
    } else if format == Format::Markdown {
        without_html_comments(&decoded.text)
    } else {
        MappedText {
            text: decoded.text.clone(),
            map: OffsetMap::identity(decoded.text.len()),
        }
    };
    Ok(SourceDoc {
        id,
        path: path.to_owned(),
        format,
        encoding: decoded.encoding,
        file_len,
        sha256,
        raw: decoded.text,
        raw_to_file: decoded.to_file,
        content,
        warnings: vec![],
        page_starts: vec![],
    })
}

/// A [`SourceDoc`] from a Word file (`.docx`, or `.doc`/`.wps` in the Word 97 format): the
/// paragraphs, one per line; positions are lines and columns of that text.
fn word_source(
    path: &Path,
    id: DocId,
    format: Format,
    bytes: &[u8],
    sha256: String,
) -> Result<SourceDoc, InputError> {
    let err = |reason: String| InputError::new(path, reason);
    let file_len = bytes.len();
    let (text, what, encoding) = if format == Format::Docx {
        (docx::extract(bytes), ".docx", "UTF-8 (docx XML)")
    } else {
        (
            doc::extract(bytes),
            "Word 97–2003 file",
            "Word 97–2003 (piece table)",
        )
    };
    let text = text.map_err(err)?;
    if text.trim().is_empty() {
        return Err(InputError::new(
            path,
            format!("empty document (no text in the {what})"),
        ));
    }
    let len = text.len();
    Ok(SourceDoc {
        id,
        path: path.to_owned(),
        format,
        encoding: encoding.into(),
        file_len,
        sha256,
        content: MappedText {
            text: text.clone(),
            map: OffsetMap::identity(len),
        },
        raw: text,
        raw_to_file: OffsetMap::identity(len),
        warnings: vec![],
        page_starts: vec![],
    })
}

/// A [`SourceDoc`] from the pages of a fixed-layout file (PDF, OFD): `raw` is the pages as laid
/// out, `content` the running text. Positions are lines and columns of `raw` within its page.
fn paged_source(
    path: &Path,
    id: DocId,
    format: Format,
    encoding: &str,
    pages: &[paged::Page],
    file_len: usize,
    sha256: String,
) -> Result<SourceDoc, InputError> {
    let drawn = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .filter(|g| !g.ch.is_whitespace());
    let (mut total, mut unmapped) = (0usize, 0usize);
    for g in drawn {
        total += 1;
        let c = g.ch as u32;
        if g.ch == '\u{fffd}' || (0xE000..=0xF8FF).contains(&c) || g.ch.is_control() {
            unmapped += 1;
        }
    }
    if total == 0 {
        return Err(InputError::new(
            path,
            format!(
                "no usable text layer: needs OCR ({} page(s) with no text: scanned images)",
                pages.len()
            ),
        ));
    }
    if unmapped * 2 > total {
        return Err(InputError::new(
            path,
            format!(
                "no usable text layer: needs OCR ({unmapped} of {total} characters have no \
                 Unicode meaning: fonts without a ToUnicode map)"
            ),
        ));
    }
    let assembled = paged::assemble(pages);
    let mut warnings = Vec::new();
    if assembled.dropped_lines > 0 {
        warnings.push(format!(
            "{} running header, footer or page-number line(s) left out of the text",
            assembled.dropped_lines
        ));
    }
    let len = assembled.raw.len();
    Ok(SourceDoc {
        id,
        path: path.to_owned(),
        format,
        encoding: encoding.to_owned(),
        file_len,
        sha256,
        raw: assembled.raw,
        raw_to_file: OffsetMap::identity(len),
        content: assembled.content,
        warnings,
        page_starts: assembled.page_starts,
    })
}

/// Markdown without its `<!-- … -->` comments, which readers never see (lint's
/// `crosscheck-disable` switches live there); everything else maps back byte for byte.
fn without_html_comments(text: &str) -> MappedText {
    static COMMENT: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?s)<!--.*?-->").expect("static regex"));
    let mut out = crate::offsets::MappedTextBuilder::default();
    let mut at = 0;
    for m in COMMENT.find_iter(text) {
        out.push_str(&text[at..m.start()], at..m.start());
        at = m.end();
    }
    out.push_str(&text[at..], at..text.len());
    out.finish(text.len())
}

#[cfg(test)]
mod markdown_tests {
    use super::*;

    #[test]
    fn markdown_comments_are_not_text_and_positions_map_back() {
        let md = "甲段落。\n<!-- crosscheck-disable CC201 -->\n乙段落。\n";
        let m = without_html_comments(md);
        assert_eq!(m.text, "甲段落。\n\n乙段落。\n");
        let at = m.text.find("乙").unwrap();
        assert_eq!(&md[m.map.map_start(at)..][..3], "乙");
    }
}
