//! `report.json`: the run model as one JSON object, assembled from the tables' parts.
//!
//! In: the run (for its input errors) and the parts each table job renders. Out: a staged
//! `report.json` with a `schema_version`, the tool and version, then every table in
//! [`JSON_TABLES`] order.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use super::staging::{finish, temp_file, INTERRUPTED, WRITING};
use crate::model::Run;

/// Version of the `report.json` layout; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// The tables of `report.json`, in its order; each is also a CSV file.
pub(super) const JSON_TABLES: [&str; 7] = [
    "documents",
    "sections",
    "duplicates",
    "alignments",
    "coverage",
    "targets",
    "findings",
];

/// `report.json` from its parts: the run model, rows as in the CSV tables, compact
/// (pretty-printed it was 588 MB at 4,000 documents). Each table's JSON array is rendered by
/// the job that writes its CSV (one pass over the rows for both) into a temporary part and
/// sent here as soon as it is done; parts are copied in table order while later tables are
/// still rendering. The bytes are what serializing the whole model at once gives.
pub(super) fn assemble_json(
    run: &Run,
    out_dir: &Path,
    parts: std::sync::mpsc::Receiver<(usize, tempfile::NamedTempFile)>,
) -> Result<tempfile::NamedTempFile, String> {
    let io = |e: std::io::Error| format!("cannot write: {e}");
    let mut tmp = temp_file(out_dir)?;
    let out = tmp.as_file_mut();
    let head = format!(
        "{{\"schema_version\":{SCHEMA_VERSION},\"tool\":\"crosscheck\",\"version\":{}",
        serde_json::to_string(env!("CARGO_PKG_VERSION")).map_err(|e| e.to_string())?
    );
    out.write_all(head.as_bytes()).map_err(io)?;
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    // Until the last part is in (not until every job is done: the HTML page may still be
    // rendering, and report.json is flushed to disk meanwhile).
    while next < JSON_TABLES.len() {
        let Ok((i, part)) = parts.recv() else { break };
        waiting.insert(i, part);
        while let Some(part) = waiting.remove(&next) {
            // The guard is taken per part, never while waiting for one: an interrupt waits for
            // the copy in hand, then this sees the flag.
            let _writing = WRITING.read().unwrap_or_else(|e| e.into_inner());
            if INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
                return Err("interrupted".into());
            }
            let table = JSON_TABLES[next];
            out.write_all(format!(",\"{table}\":").as_bytes())
                .map_err(io)?;
            // File to file: the kernel copies (copy_file_range), no pass through this process.
            std::io::copy(&mut part.reopen().map_err(io)?, out).map_err(io)?;
            drop(part);
            // Each part goes to disk as it is copied (this thread only waits), so the flush
            // at the end has only the last part left to write.
            out.sync_data().map_err(io)?;
            if table == "documents" {
                let errors = serde_json::to_vec(&run.corpus.errors).map_err(|e| e.to_string())?;
                out.write_all(b",\"errors\":").map_err(io)?;
                out.write_all(&errors).map_err(io)?;
                let skipped = serde_json::to_vec(&run.corpus.skipped).map_err(|e| e.to_string())?;
                out.write_all(b",\"skipped\":").map_err(io)?;
                out.write_all(&skipped).map_err(io)?;
            }
            next += 1;
        }
    }
    if next < JSON_TABLES.len() {
        // A table job failed; its own error is the one reported.
        return Err("incomplete".into());
    }
    out.write_all(b"}").map_err(io)?;
    finish(&tmp).map_err(|e| format!("cannot write: {e}"))?;
    Ok(tmp)
}
