//! Stage: report — [`Corpus`] → files. The only stage that writes files.
//!
//! In: a [`Run`] and an output folder. Out: `documents.csv`, `sections.csv`, `duplicates.csv`,
//! `alignments.csv`, `coverage.csv` (UTF-8, header row) and `report.json` (the whole run model
//! with a `schema_version`), written
//! atomically: each file goes to a temporary file in the same folder and is renamed into place,
//! so a killed run leaves the previous report intact.
//! Rows are in a stable order (documents in input order, sections in document order), so two
//! runs on the same input give byte-identical files whatever the thread count.
//!
//! `inspect` renders one document for the terminal or as JSON; it returns a `String` and the
//! caller prints it.

pub mod html;
pub mod inspect;
pub mod lint;
mod tables;
pub mod terminal;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use tables::{
    alignment_rows, coverage_rows, document_row, document_rows, duplicate_rows, finding_rows,
    format_value, run_section_rows, section_label, section_rows, target_rows, AlignmentRow,
    CoverageRow, DocumentRow, DuplicateRow, FindingRow, SectionRow, TargetRow,
};

use crate::ingest::InputError;
use crate::pipeline::Run;

/// Version of the `report.json` layout; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// `report.json`: the run model, rows as in the CSV tables.
#[derive(serde::Serialize)]
struct RunJson<'a> {
    schema_version: u32,
    tool: &'static str,
    version: &'static str,
    documents: Vec<DocumentRow<'a>>,
    errors: &'a [InputError],
    sections: Vec<SectionRow<'a>>,
    duplicates: Vec<DuplicateRow<'a>>,
    alignments: Vec<AlignmentRow<'a>>,
    coverage: Vec<CoverageRow<'a>>,
    targets: Vec<TargetRow<'a>>,
    findings: Vec<FindingRow<'a>>,
}

/// A report file that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ReportError {
    pub path: PathBuf,
    pub message: String,
}

fn err(path: &Path, message: String) -> ReportError {
    ReportError {
        path: path.to_owned(),
        message,
    }
}

fn prepare_out_dir(out_dir: &Path) -> Result<(), ReportError> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(err(
            out_dir,
            "output path exists and is not a folder".into(),
        ));
    }
    std::fs::create_dir_all(out_dir)
        .map_err(|e| err(out_dir, format!("cannot create output folder: {e}")))
}

/// Renders one report file's bytes.
type Render<'r> = Box<dyn Fn() -> Result<Vec<u8>, String> + Send + Sync + 'r>;

/// Render each file and stage it in a temporary file beside its target (written and flushed to
/// disk) — in parallel, one file's bytes in memory per thread — then rename them all into place.
/// A failure to render or to stage (a full disk) leaves every previous report as it was; a run
/// interrupted by Ctrl-C or SIGTERM deletes its staged files ([`interrupt`]); staged files a
/// killed run (SIGKILL) left behind are removed by the next run writing to the folder.
fn write_all(out_dir: &Path, jobs: Vec<(&str, Render<'_>)>) -> Result<Vec<PathBuf>, ReportError> {
    use rayon::prelude::*;
    prepare_out_dir(out_dir)?;
    remove_leftovers(out_dir);
    STAGING_DIRS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(out_dir.to_owned());
    let interrupted = || {
        INTERRUPTED
            .load(std::sync::atomic::Ordering::SeqCst)
            .then(|| {
                err(
                    out_dir,
                    "interrupted; the previous reports are unchanged".into(),
                )
            })
    };
    let staged: Vec<Result<(PathBuf, tempfile::NamedTempFile), ReportError>> = jobs
        .par_iter()
        .map(|(name, render)| {
            let path = out_dir.join(name);
            let bytes = render().map_err(|e| err(&path, e))?;
            // An interrupt waits for this guard: staging stops, staged files are dropped
            // (so deleted), or renames already begun finish.
            let _writing = WRITING.read().unwrap_or_else(|e| e.into_inner());
            if let Some(e) = interrupted() {
                return Err(e);
            }
            let tmp = stage(&path, &bytes).map_err(|e| err(&path, e))?;
            Ok((path, tmp))
        })
        .collect();
    let staged: Vec<(PathBuf, tempfile::NamedTempFile)> =
        staged.into_iter().collect::<Result<_, _>>()?;
    let _writing = WRITING.read().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = interrupted() {
        return Err(e);
    }
    let mut written = Vec::new();
    for (path, tmp) in staged {
        tmp.persist(&path).map_err(|e| {
            err(
                &path,
                format!("cannot move the finished file into place: {}", e.error),
            )
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Folders where this process stages report files.
static STAGING_DIRS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

const STAGED_PREFIX: &str = ".crosscheck-";
const STAGED_SUFFIX: &str = ".tmp";

fn is_staged_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with(STAGED_PREFIX) && name.ends_with(STAGED_SUFFIX)
}

fn remove_leftovers(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if is_staged_name(&e.file_name()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Held (shared) while a report is staged or the reports are renamed into place; an interrupt
/// takes it exclusively.
static WRITING: std::sync::RwLock<()> = std::sync::RwLock::new(());
/// Set by [`interrupt`]: stop staging.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Called on Ctrl-C, SIGTERM or SIGHUP (from the signal-handling thread): stop staging reports
/// and wait until the writer has dropped its staged files (or finished renaming a complete set),
/// then remove any staged file left. The caller exits afterwards.
pub fn interrupt() {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
    let _writing = WRITING.write().unwrap_or_else(|e| e.into_inner());
    remove_staged_files();
}

/// Remove the staged (unfinished) report files of this process's report folders.
pub fn remove_staged_files() {
    let dirs = STAGING_DIRS.lock().unwrap_or_else(|e| e.into_inner());
    for d in dirs.iter() {
        remove_leftovers(d);
    }
}

/// Write `alignments.csv` and `coverage.csv` only (the `align` subcommand).
pub fn write_align_reports(run: &Run, out_dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    write_all(
        out_dir,
        vec![
            (
                "alignments.csv",
                Box::new(|| csv_bytes(alignment_rows(run))),
            ),
            ("coverage.csv", Box::new(|| csv_bytes(coverage_rows(run)))),
        ],
    )
}

/// Which report files a scan writes (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub csv: bool,
    pub json: bool,
    pub html: bool,
    pub lang: html::Lang,
}

impl Default for Formats {
    fn default() -> Self {
        Self {
            csv: true,
            json: true,
            html: true,
            lang: html::Lang::Zh,
        }
    }
}

/// Write every report of a scan into `out_dir` (created if missing). Returns the files written.
pub fn write_reports(run: &Run, out_dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    write_reports_as(run, out_dir, Formats::default())
}

/// Write the chosen report formats into `out_dir`.
pub fn write_reports_as(
    run: &Run,
    out_dir: &Path,
    formats: Formats,
) -> Result<Vec<PathBuf>, ReportError> {
    // Each file renders on its own (in parallel); the bytes depend on the run alone.
    let mut jobs: Vec<(&str, Render<'_>)> = Vec::new();
    if formats.csv {
        jobs.push(("documents.csv", Box::new(|| csv_bytes(document_rows(run)))));
        jobs.push((
            "sections.csv",
            Box::new(|| csv_bytes(run_section_rows(run))),
        ));
        jobs.push((
            "duplicates.csv",
            Box::new(|| csv_bytes(duplicate_rows(run))),
        ));
        jobs.push((
            "alignments.csv",
            Box::new(|| csv_bytes(alignment_rows(run))),
        ));
        jobs.push(("coverage.csv", Box::new(|| csv_bytes(coverage_rows(run)))));
        jobs.push(("targets.csv", Box::new(|| csv_bytes(target_rows(run)))));
        jobs.push(("findings.csv", Box::new(|| csv_bytes(finding_rows(run)))));
    }
    if formats.json {
        jobs.push((
            "report.json",
            Box::new(|| {
                let json = RunJson {
                    schema_version: SCHEMA_VERSION,
                    tool: "crosscheck",
                    version: env!("CARGO_PKG_VERSION"),
                    documents: document_rows(run).collect(),
                    errors: &run.corpus.errors,
                    sections: run_section_rows(run).collect(),
                    duplicates: duplicate_rows(run).collect(),
                    alignments: alignment_rows(run).collect(),
                    coverage: coverage_rows(run).collect(),
                    targets: target_rows(run).collect(),
                    findings: finding_rows(run).collect(),
                };
                // Compact: pretty-printed it was 588 MB at 4,000 documents.
                serde_json::to_vec(&json).map_err(|e| e.to_string())
            }),
        ));
    }
    if formats.html {
        jobs.push((
            "report.html",
            Box::new(move || html::render(run, formats.lang).map(String::into_bytes)),
        ));
    }
    write_all(out_dir, jobs)
}

/// A table as CSV bytes. An empty table still gets its header row (from `T::default()`), so
/// a reader can tell "no duplicates" from "no file".
fn csv_bytes<T: serde::Serialize + Default>(
    rows: impl Iterator<Item = T>,
) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut any = false;
    for row in rows {
        w.serialize(row).map_err(|e| e.to_string())?;
        any = true;
    }
    if !any {
        let mut probe = csv::Writer::from_writer(Vec::new());
        probe.serialize(T::default()).map_err(|e| e.to_string())?;
        let bytes = probe.into_inner().map_err(|e| e.to_string())?;
        let header_end = bytes
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| i + 1);
        return Ok(bytes[..header_end].to_vec());
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// Write `bytes` to a temporary file beside `path` and flush it to disk.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(STAGED_PREFIX)
        .suffix(STAGED_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write: {e}"))?;
    // Temporary files are created owner-only; a report is an ordinary readable file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    Ok(tmp)
}

/// Write `bytes` to a temporary file beside `path`, flush it to disk, then rename over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        STAGING_DIRS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(dir.to_owned());
    }
    stage(path, bytes)?
        .persist(path)
        .map_err(|e| format!("cannot move the finished file into place: {}", e.error))?;
    Ok(())
}
