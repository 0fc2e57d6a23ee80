//! crosscheck-dev: crosscheck's development tools, kept out of the product package.
//!
//! - [`synth`]: synthetic plan corpora with an answer key, for the accuracy tests and the
//!   benchmarks (the library behind `gen-corpus`);
//! - `src/bin/gen-corpus.rs`: write such a corpus to a folder;
//! - `src/bin/bench-floor.rs`: the read/decode/jieba floor a scan is measured against
//!   (BENCHMARKS.md).
//!
//! Build the binaries with `cargo build --release -p crosscheck-dev` (into `target/release/`).

pub mod synth;
