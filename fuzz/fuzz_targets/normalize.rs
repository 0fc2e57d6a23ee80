//! Normalization of any text (pinyin stripping, T→S, full-width folding, clutter): every
//! character boundary of the normalized text maps to a character boundary of the original,
//! monotonically, inside the file.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use crosscheck::model::Format;
use crosscheck::rules::Rules;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<Rules> = LazyLock::new(Rules::builtin);

fuzz_target!(|data: &[u8]| {
    let Ok(doc) =
        crosscheck::pipeline::process_bytes(Path::new("fuzz.txt"), Format::Text, data, &RULES)
    else {
        return;
    };
    if let Err(e) = crosscheck::invariants::offsets(&doc) {
        panic!("{e}");
    }
});
