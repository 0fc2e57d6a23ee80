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

use crate::pipeline::Run;

/// Version of the `report.json` layout; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// A table streamed as a JSON array: rows are serialized as the iterator yields them, never
/// collected (at 10,000 documents `report.json` is most of a gigabyte).
struct Seq<F>(F);

impl<F, I> serde::Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// `report.json`: the run model, rows as in the CSV tables, written compact (pretty-printed it
/// was 588 MB at 4,000 documents).
fn write_json(run: &Run, w: &mut dyn Write) -> Result<(), String> {
    use serde::ser::{SerializeStruct, Serializer};
    fn fields(run: &Run, w: &mut dyn Write) -> Result<(), serde_json::Error> {
        let mut ser = serde_json::Serializer::new(w);
        let mut st = (&mut ser).serialize_struct("RunJson", 11)?;
        st.serialize_field("schema_version", &SCHEMA_VERSION)?;
        st.serialize_field("tool", "crosscheck")?;
        st.serialize_field("version", env!("CARGO_PKG_VERSION"))?;
        st.serialize_field("documents", &Seq(|| document_rows(run)))?;
        st.serialize_field("errors", &run.corpus.errors)?;
        st.serialize_field("sections", &Seq(|| run_section_rows(run)))?;
        st.serialize_field("duplicates", &Seq(|| duplicate_rows(run)))?;
        st.serialize_field("alignments", &Seq(|| alignment_rows(run)))?;
        st.serialize_field("coverage", &Seq(|| coverage_rows(run)))?;
        st.serialize_field("targets", &Seq(|| target_rows(run)))?;
        st.serialize_field("findings", &Seq(|| finding_rows(run)))?;
        st.end()
    }
    fields(run, w).map_err(|e| e.to_string())
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

/// Renders one report file into a writer.
type Render<'r> = Box<dyn Fn(&mut dyn Write) -> Result<(), String> + Send + Sync + 'r>;

/// Render each file straight into a temporary file beside its target (rows streamed, never a
/// whole file in memory; written and flushed to disk) — in parallel — then rename them all
/// into place.
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
            // An interrupt waits for this guard: staging stops (the writer below fails at its
            // next buffer), staged files are dropped (so deleted), or renames already begun
            // finish.
            let _writing = WRITING.read().unwrap_or_else(|e| e.into_inner());
            if let Some(e) = interrupted() {
                return Err(e);
            }
            match stage(&path, render) {
                Ok(tmp) => Ok((path, tmp)),
                Err(_) if INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) => {
                    Err(interrupted().expect("flag set"))
                }
                Err(e) => Err(err(&path, e)),
            }
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
                Box::new(|w| write_csv(w, alignment_rows(run))),
            ),
            (
                "coverage.csv",
                Box::new(|w| write_csv(w, coverage_rows(run))),
            ),
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
        jobs.push((
            "documents.csv",
            Box::new(|w| write_csv(w, document_rows(run))),
        ));
        jobs.push((
            "sections.csv",
            Box::new(|w| write_csv(w, run_section_rows(run))),
        ));
        jobs.push((
            "duplicates.csv",
            Box::new(|w| write_csv(w, duplicate_rows(run))),
        ));
        jobs.push((
            "alignments.csv",
            Box::new(|w| write_csv(w, alignment_rows(run))),
        ));
        jobs.push((
            "coverage.csv",
            Box::new(|w| write_csv(w, coverage_rows(run))),
        ));
        jobs.push(("targets.csv", Box::new(|w| write_csv(w, target_rows(run)))));
        jobs.push((
            "findings.csv",
            Box::new(|w| write_csv(w, finding_rows(run))),
        ));
    }
    if formats.json {
        jobs.push(("report.json", Box::new(|w| write_json(run, w))));
    }
    if formats.html {
        jobs.push((
            "report.html",
            Box::new(move |w| {
                let page = html::render(run, formats.lang)?;
                w.write_all(page.as_bytes()).map_err(|e| e.to_string())
            }),
        ));
    }
    write_all(out_dir, jobs)
}

/// A table as CSV. An empty table still gets its header row (from `T::default()`), so a
/// reader can tell "no duplicates" from "no file".
fn write_csv<T: serde::Serialize + Default>(
    w: &mut dyn Write,
    rows: impl Iterator<Item = T>,
) -> Result<(), String> {
    let mut any = false;
    {
        let mut csv = csv::Writer::from_writer(&mut *w);
        for row in rows {
            csv.serialize(row).map_err(|e| e.to_string())?;
            any = true;
        }
        csv.flush().map_err(|e| e.to_string())?;
    }
    if !any {
        let mut probe = csv::Writer::from_writer(Vec::new());
        probe.serialize(T::default()).map_err(|e| e.to_string())?;
        let bytes = probe.into_inner().map_err(|e| e.to_string())?;
        let header_end = bytes
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| i + 1);
        w.write_all(&bytes[..header_end])
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A writer that fails once an interrupt is signalled, so a long render stops at its next
/// buffer instead of finishing a file that will be deleted.
struct StopOnInterrupt<W>(W);

impl<W: Write> Write for StopOnInterrupt<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed) {
            // Not `ErrorKind::Interrupted`: `write_all` retries that one.
            return Err(std::io::Error::other("interrupted"));
        }
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Render a report into a temporary file beside `path` and flush it to disk.
fn stage(path: &Path, render: &Render<'_>) -> Result<tempfile::NamedTempFile, String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(STAGED_PREFIX)
        .suffix(STAGED_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))?;
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, StopOnInterrupt(tmp.as_file()));
        render(&mut w).map_err(|e| format!("cannot write: {e}"))?;
        w.flush().map_err(|e| format!("cannot write: {e}"))?;
    }
    tmp.as_file()
        .sync_all()
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
    let render: Render<'_> = Box::new(|w| w.write_all(bytes).map_err(|e| e.to_string()));
    stage(path, &render)?
        .persist(path)
        .map_err(|e| format!("cannot move the finished file into place: {}", e.error))?;
    Ok(())
}
