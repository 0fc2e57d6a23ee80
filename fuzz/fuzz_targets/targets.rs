//! The number and target parser on any text: number mentions and targets point at the text,
//! on character boundaries, and never panic (overflowing numerals, stray units, long runs).
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use crosscheck::model::Format;
use crosscheck::rules::Rules;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<Rules> = LazyLock::new(Rules::builtin);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for m in crosscheck::targets::numbers::mentions(text) {
        assert!(m.range.end <= text.len() && text.is_char_boundary(m.range.start));
        assert!(text.is_char_boundary(m.range.end));
    }
    let _ = crosscheck::numerals::parse_chinese_int(text);
    let Ok(doc) =
        crosscheck::pipeline::process_bytes(Path::new("fuzz.txt"), Format::Text, data, &RULES)
    else {
        return;
    };
    let targets = crosscheck::targets::extract(0, &doc, &RULES.metrics);
    if let Err(e) = crosscheck::invariants::targets(&doc, &targets) {
        panic!("{e}");
    }
});
