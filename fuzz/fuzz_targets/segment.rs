//! Segmentation of any text: a section tree whose ranges nest, lie on character boundaries and
//! resolve to positions inside the original file.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use crosscheck::model::{DocId, Format};
use crosscheck::rules::Rules;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<Rules> = LazyLock::new(Rules::builtin);

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let sections = crosscheck::segment::segment(&DocId("fuzz".into()), text);
        if let Err(e) = crosscheck::invariants::sections(text, &sections) {
            panic!("{e}");
        }
    }
    let Ok(doc) =
        crosscheck::pipeline::process_bytes(Path::new("fuzz.md"), Format::Markdown, data, &RULES)
    else {
        return;
    };
    if let Err(e) = crosscheck::invariants::document(&doc) {
        panic!("{e}");
    }
});
