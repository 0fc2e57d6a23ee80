//! Loading a saved index whose bytes were changed and whose checksums were then recomputed (as
//! anyone who knows the layout can): refused as corrupt, or documents that keep every
//! invariant and a lint over them that finishes; never a panic.
//!
//! The input is a list of edits to a valid index of the seeds, 5 bytes each: a position (u32,
//! little-endian, taken modulo the file's length) and the byte to put there.
#![no_main]

use std::sync::LazyLock;

use crosscheck::pipeline::{Budget, Unobserved};
use crosscheck::rules::Rules;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<Rules> = LazyLock::new(Rules::builtin);

/// The seeds' index, built once.
static INDEX: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let seeds = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let corpus = crosscheck::pipeline::build_corpus(&[seeds.clone()], None, &RULES, &Budget::DEFAULT, &Unobserved);
    crosscheck::index::build(
        &corpus,
        &crosscheck::index::BuildInputs {
            inputs: &[seeds],
            manifest: None,
            rules: &RULES,
            dedup: &crosscheck::dedup::DedupConfig::default(),
        },
    )
    .expect("the seeds index")
});

fuzz_target!(|data: &[u8]| {
    let mut bytes = INDEX.clone();
    for edit in data.chunks_exact(5) {
        let at = u32::from_le_bytes([edit[0], edit[1], edit[2], edit[3]]) as usize % bytes.len();
        bytes[at] = edit[4];
    }
    let bytes = crosscheck::index::reseal(&bytes).unwrap_or(bytes);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("fuzz.ccindex");
    std::fs::write(&path, &bytes).expect("the index written");
    let Ok(index) = crosscheck::index::Index::open(&path) else {
        return;
    };
    let all: Vec<usize> = (0..index.documents().len()).collect();
    let Ok(docs) = index.load(&all) else {
        return;
    };
    for d in &docs {
        if let Err(e) = crosscheck::invariants::document(d) {
            panic!("a loaded document breaks an invariant: {e}");
        }
    }
    let drafts = crosscheck::pipeline::build_corpus(&[], None, &RULES, &Budget::DEFAULT, &Unobserved);
    let _ = crosscheck::lint::against_index(&index, drafts, &RULES, true);
});
