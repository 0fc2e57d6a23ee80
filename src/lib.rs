//! crosscheck: cross-check Chinese policy plans against each other.
//!
//! The pipeline, one module per stage (see `STYLE.md` in the shared docs and the README):
//!
//! ```text
//! ingest     paths          -> SourceDoc      (the only stage that reads input files)
//! normalize  SourceDoc      -> NormalizedDoc  (clean, simplified text + offset map to the original)
//! segment    NormalizedDoc  -> Vec<Section>   (heading tree, boxes, tables, paragraphs, sentences)
//! tokenize   text           -> terms          (jieba-rs with the policy dictionary; stop words out)
//! dedup      all documents  -> Vec<Duplicate> (one fingerprint index over the whole corpus)
//! align      lower + upper  -> Vec<Alignment> (+ coverage of the upper document's tasks)
//! targets    Document       -> Vec<Target>    (metric, value, unit, comparator, year, scope, kind)
//! check      Run            -> Vec<Finding>   (rule kinds in code, instances in rules/checks.toml)
//! report     Corpus         -> files          (the only stage that writes files)
//! ```
//!
//! `pipeline` runs the stages over a corpus; `model` holds the types that cross stages; `lint`
//! checks drafts against a corpus, read whole or from a saved `index`; `invariants` holds the
//! properties every processed document keeps, checked by the fuzz targets and property tests.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod budget;
pub mod check;
pub mod dedup;
pub mod files;
pub mod index;
pub mod ingest;
pub mod invariants;
pub mod lint;
pub mod manifest;
pub mod model;
pub mod normalize;
pub mod numerals;
pub mod offsets;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod segment;
pub mod targets;
pub mod text;
pub mod tokenize;
