//! Decoding and format detection: any bytes, read as each input format, either give a clear
//! error or a source whose offset maps land inside the file, on character boundaries of the
//! decoded text.
#![no_main]

use std::path::Path;

use crosscheck::model::{DocId, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    // PDF is left out: it needs libpdfium at run time (its own reader is PDFium, fuzzed upstream).
    let formats = [
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Docx,
        Format::Doc,
        Format::Ofd,
    ];
    let format = formats[selector as usize % formats.len()];
    let path = Path::new("fuzz.txt");
    let Ok(source) =
        crosscheck::ingest::source_from_bytes(path, DocId("fuzz".into()), format, bytes)
    else {
        return;
    };
    let raw = &source.raw;
    let mut last = 0;
    for (i, _) in raw.char_indices() {
        let f = source.raw_to_file.map_range(i..i);
        assert!(
            f.end <= bytes.len(),
            "raw {i} → file {f:?} past {} bytes",
            bytes.len()
        );
        assert!(f.start >= last, "raw→file not monotonic at {i}");
        last = f.start;
    }
    let content = &source.content;
    for (i, _) in content.text.char_indices() {
        let r = content.map.map_range(i..i);
        assert!(raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end));
    }
});
