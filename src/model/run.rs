//! What a run produced: the documents read, the inputs that could not be, and the results of the
//! corpus-wide stages. Made by `pipeline`, read by `check`, `lint` and `report`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{AlignResult, DedupResult, Document, Finding, Target};

/// A file that could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputError {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Both may hold what a file name holds: a newline would forge a line of a CI log.
        let path = self.path.display().to_string();
        write!(
            f,
            "{}: {}",
            crate::text::printable(&path),
            crate::text::printable(&self.reason)
        )
    }
}

/// The file that seals a complete set of reports: `SHA256SUMS`, written last (see
/// `report::staging`); a folder holding one is a report folder, never read as input.
pub const REPORT_SEAL: &str = "SHA256SUMS";

/// Every document of a run and the inputs that failed.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub errors: Vec<InputError>,
    /// Files of the input folders that are not read (other formats, lock files, report
    /// folders), with the reason: named, never silently dropped, but not errors.
    pub skipped: Vec<InputError>,
}

/// Everything a scan produced: the corpus and the results of the corpus-wide stages.
#[derive(Debug, Default)]
pub struct Run {
    pub corpus: Corpus,
    pub dedup: DedupResult,
    pub align: AlignResult,
    pub targets: Vec<Target>,
    pub findings: Vec<Finding>,
    /// Region → parent region from the metadata of the whole corpus, when the run holds only
    /// part of it (`lint --index`); `None`: taken from the run's own documents.
    pub region_parents: Option<BTreeMap<String, String>>,
}
