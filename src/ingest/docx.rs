//! `.docx` → text content: paragraphs and table rows in document order.
//!
//! In: the file's bytes (a zip holding `word/document.xml`). Out: the text, one paragraph per
//! line, table rows as `cell | cell |` lines. A `.docx` has no line structure of its own, so
//! positions for `.docx` inputs are lines and columns of this extracted text (documented in the
//! README); byte spans are byte spans of the extracted text.

use quick_xml::events::Event;

/// Extract the text of a `.docx` file.
pub fn extract(bytes: &[u8]) -> Result<String, String> {
    let mut zip = super::zipped::open(bytes, ".docx")?;
    let xml = super::zipped::read_capped(&mut zip, "word/document.xml", ".docx")?;
    let xml = String::from_utf8(xml)
        .map_err(|e| format!("word/document.xml is not readable UTF-8: {e}"))?;
    text_of_document_xml(&xml)
}

/// Walk WordprocessingML: `w:t` text, `w:tab`, `w:br`; `w:p` ends a line unless inside a table
/// cell, where `w:tc` ends a cell and `w:tr` ends a row.
fn text_of_document_xml(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut cell_depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                b"w:t" => in_text = true,
                b"w:tc" => cell_depth += 1,
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.name().as_ref() {
                b"w:tab" => out.push('\t'),
                b"w:br" => out.push(if cell_depth > 0 { ' ' } else { '\n' }),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let s = t.unescape().map_err(|e| format!("bad XML text: {e}"))?;
                out.push_str(&s);
            }
            Ok(Event::End(e)) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" if cell_depth > 0 => out.push(' '),
                b"w:p" => out.push('\n'),
                b"w:tc" => {
                    cell_depth = cell_depth.saturating_sub(1);
                    let trimmed = out.trim_end_matches(' ').len();
                    out.truncate(trimmed);
                    out.push_str(" | ");
                }
                b"w:tr" => {
                    let trimmed = out.trim_end_matches(' ').len();
                    out.truncate(trimmed);
                    out.push('\n');
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("word/document.xml is malformed: {e}")),
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_table_rows_in_order() {
        let xml = r#"<w:document><w:body>
            <w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>类别</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>目标&amp;值</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:t xml:space="preserve">到2025年</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let text = text_of_document_xml(xml).unwrap();
        assert_eq!(text, "一、总体要求\n类别 | 目标&值 |\n到2025年\n");
    }

    /// A .docx whose central directory says `document.xml` is tiny while it inflates to more
    /// than the cap: the cap holds on the bytes read, not on the size the zip declares.
    #[test]
    fn a_zip_bomb_that_lies_about_its_size_is_stopped_at_the_cap() {
        let bytes = crate::ingest::zipped::lying_bomb(
            &[],
            "word/document.xml",
            "<w:p><w:r><w:t>重重重重重重重重</w:t></w:r></w:p>",
        );
        let err = extract(&bytes).unwrap_err();
        assert!(err.contains("unpacks to more than"), "{err}");
    }
}
