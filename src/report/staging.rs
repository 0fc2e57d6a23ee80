//! Writing report files safely: every file of a report is rendered into a temporary file in
//! the output folder, flushed to disk, and renamed into place only when all are done.
//!
//! In: [`Job`]s (a render pass and the files or `report.json` parts it writes) and the output
//! folder. Out: the paths written, or a [`ReportError`] naming the file. A failure to render or
//! to stage (a full disk) leaves every previous report as it was; a run interrupted by Ctrl-C or
//! SIGTERM deletes its staged files ([`interrupt`]); staged files a killed run (SIGKILL) left
//! behind are removed by the next run writing to the folder.
//!
//! The files are replaced as a set: [`SEAL`] (`SHA256SUMS`, in the format of `sha256sum`) is
//! removed before the first rename and written, atomically, after the last, listing every file
//! of the set with its SHA-256. A reader that must not see a mix of two runs (a CI job picking
//! up reports) trusts the folder when `sha256sum -c SHA256SUMS` passes: a run stopped between
//! two renames leaves no seal, and a later change to a listed file fails the check.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::json::assemble_json;
use crate::model::Run;

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

/// A staged file being written.
pub(super) type Sink<'f> = std::io::BufWriter<StopOnInterrupt<&'f std::fs::File>>;

/// Renders one or more report files in one pass, into the writers of its [`Job`]'s outputs.
pub(super) type Render<'r> = Box<dyn Fn(&mut [Sink<'_>]) -> Result<(), String> + Send + Sync + 'r>;

/// What a job writes: a report file, or a table's part of `report.json` (by its place in
/// [`JSON_TABLES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Output {
    File(&'static str),
    JsonPart(usize),
}

/// A render pass and its outputs, in the order of the writers it is given.
pub(super) struct Job<'r> {
    pub(super) outputs: Vec<Output>,
    pub(super) render: Render<'r>,
}

impl<'r> Job<'r> {
    pub(super) fn file(
        name: &'static str,
        render: impl Fn(&mut dyn Write) -> Result<(), String> + Send + Sync + 'r,
    ) -> Self {
        Self {
            outputs: vec![Output::File(name)],
            render: Box::new(move |w| render(&mut w[0])),
        }
    }
}

/// Render each job straight into temporary files beside the targets (rows streamed, never a
/// whole file in memory; written and flushed to disk) — jobs in parallel — assemble
/// `report.json` from its parts, then rename every file into place.
/// A failure to render or to stage (a full disk) leaves every previous report as it was; a run
/// interrupted by Ctrl-C or SIGTERM deletes its staged files ([`interrupt`]); staged files a
/// killed run (SIGKILL) left behind are removed by the next run writing to the folder.
pub(super) fn write_all(
    out_dir: &Path,
    jobs: Vec<Job<'_>>,
    json: Option<&Run>,
) -> Result<Vec<PathBuf>, ReportError> {
    prepare_out_dir(out_dir)?;
    remove_leftovers(out_dir);
    STAGING_DIRS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(out_dir.to_owned());
    let json_path = out_dir.join("report.json");
    let (part_tx, part_rx) = std::sync::mpsc::channel();
    let (staged, json_file) = std::thread::scope(|scope| {
        let assembler = json.map(|run| scope.spawn(|| assemble_json(run, out_dir, part_rx)));
        let staged = run_in_order(&jobs, |job| stage_job(out_dir, job, &part_tx));
        drop(part_tx);
        let json_file = assembler.map(|a| a.join().expect("the report.json assembler panicked"));
        (staged, json_file)
    });
    let mut files: Vec<(PathBuf, tempfile::NamedTempFile)> = Vec::new();
    for job in staged {
        files.extend(job?);
    }
    if let Some(tmp) = json_file {
        files.push((
            json_path.clone(),
            tmp.map_err(|e| failed(out_dir, &json_path, e))?,
        ));
    }
    persist_all(out_dir, files)
}

/// The error of an interrupted run, if it was interrupted.
fn interrupted(out_dir: &Path) -> Option<ReportError> {
    INTERRUPTED
        .load(std::sync::atomic::Ordering::SeqCst)
        .then(|| {
            err(
                out_dir,
                "interrupted; the previous reports are unchanged".into(),
            )
        })
}

/// A file that could not be staged: the interrupt, when there was one, else the failure.
fn failed(out_dir: &Path, path: &Path, e: String) -> ReportError {
    interrupted(out_dir).unwrap_or_else(|| err(path, e))
}

/// Stage one job's files; its JSON parts go to the assembler, its files come back with their
/// final paths.
fn stage_job(
    out_dir: &Path,
    job: &Job<'_>,
    parts: &std::sync::mpsc::Sender<(usize, tempfile::NamedTempFile)>,
) -> JobResult {
    let first = match job.outputs[0] {
        Output::File(name) => out_dir.join(name),
        Output::JsonPart(_) => out_dir.join("report.json"),
    };
    let files = {
        // An interrupt waits for this guard: staging stops (the writers below fail at their
        // next buffer), staged files are dropped (so deleted), or renames already begun finish.
        let _writing = WRITING.read().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = interrupted(out_dir) {
            return Err(e);
        }
        stage(out_dir, job).map_err(|e| failed(out_dir, &first, e))?
    };
    let mut done = Vec::new();
    for (output, tmp) in job.outputs.iter().zip(files) {
        match *output {
            Output::File(name) => done.push((out_dir.join(name), tmp)),
            // No assembler (JSON not asked for) means no part either.
            Output::JsonPart(table) => drop(parts.send((table, tmp))),
        }
    }
    Ok(done)
}

/// Run `each` on every job on the thread pool. Jobs are taken in their order by whichever
/// thread is free (a split of the list into halves finished the first table of report.json
/// last, and the assembler then had most of it still to copy); results come back in job order.
fn run_in_order(jobs: &[Job<'_>], each: impl Fn(&Job<'_>) -> JobResult + Sync) -> Vec<JobResult> {
    let next_job = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<JobResult>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    rayon::broadcast(|_| loop {
        let i = next_job.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let Some(job) = jobs.get(i) else { break };
        let result = each(job);
        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every job ran")
        })
        .collect()
}

/// The file that seals a complete set of reports (see the module docs).
pub const SEAL: &str = crate::model::REPORT_SEAL;

/// Rename every staged file into place (unless interrupted first), between removing the old
/// [`SEAL`] and writing the new one.
fn persist_all(
    out_dir: &Path,
    files: Vec<(PathBuf, tempfile::NamedTempFile)>,
) -> Result<Vec<PathBuf>, ReportError> {
    let _writing = WRITING.read().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = interrupted(out_dir) {
        return Err(e);
    }
    let seal = out_dir.join(SEAL);
    match std::fs::remove_file(&seal) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(err(&seal, format!("cannot remove the old seal: {e}")));
        }
        _ => {}
    }
    let written = rename_all(files)?;
    write_seal(&seal, &written)?;
    Ok(written)
}

/// `SHA256SUMS`: a line `hash  name` for each file of the set, by name, written atomically.
fn write_seal(seal: &Path, written: &[PathBuf]) -> Result<(), ReportError> {
    use rayon::prelude::*;
    let mut lines: Vec<(String, String)> = written
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path)
                .map_err(|e| err(path, format!("cannot read back to seal: {e}")))?;
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            Ok((name.into_owned(), crate::text::sha256_hex(&bytes)))
        })
        .collect::<Result<_, ReportError>>()?;
    lines.sort();
    let text: String = lines
        .iter()
        .map(|(name, hash)| format!("{hash}  {name}\n"))
        .collect();
    let dir = seal.parent().unwrap_or(Path::new("."));
    let mut tmp = temp_file(dir).map_err(|e| err(seal, e))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| e.to_string())
        .and_then(|_| finish(&tmp))
        .map_err(|e| err(seal, e))?;
    tmp.persist(seal).map_err(|e| {
        err(
            seal,
            format!("cannot move the seal into place: {}", e.error),
        )
    })?;
    Ok(())
}

fn rename_all(files: Vec<(PathBuf, tempfile::NamedTempFile)>) -> Result<Vec<PathBuf>, ReportError> {
    let mut written = Vec::new();
    for (path, tmp) in files {
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

/// The staged files of one job, with their final paths.
type JobResult = Result<Vec<(PathBuf, tempfile::NamedTempFile)>, ReportError>;

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
pub(super) static WRITING: std::sync::RwLock<()> = std::sync::RwLock::new(());
/// Set by [`interrupt`]: stop staging.
pub(super) static INTERRUPTED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

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

/// A writer that fails once an interrupt is signalled, so a long render stops at its next
/// buffer instead of finishing a file that will be deleted.
pub(super) struct StopOnInterrupt<W>(W);

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

pub(super) fn temp_file(dir: &Path) -> Result<tempfile::NamedTempFile, String> {
    tempfile::Builder::new()
        .prefix(STAGED_PREFIX)
        .suffix(STAGED_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))
}

/// Flush a staged report to disk and make it an ordinary readable file (temporary files are
/// created owner-only).
pub(super) fn finish(tmp: &tempfile::NamedTempFile) -> Result<(), String> {
    tmp.as_file().sync_all().map_err(|e| e.to_string())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    Ok(())
}

/// Run a job into temporary files in `dir`, one per output; report files are flushed to disk
/// (parts of report.json are read back, not kept).
fn stage(dir: &Path, job: &Job<'_>) -> Result<Vec<tempfile::NamedTempFile>, String> {
    let tmps = job
        .outputs
        .iter()
        .map(|_| temp_file(dir))
        .collect::<Result<Vec<_>, _>>()?;
    {
        let mut writers: Vec<Sink<'_>> = tmps
            .iter()
            .map(|t| std::io::BufWriter::with_capacity(1 << 16, StopOnInterrupt(t.as_file())))
            .collect();
        (job.render)(&mut writers).map_err(|e| format!("cannot write: {e}"))?;
        for w in &mut writers {
            w.flush().map_err(|e| format!("cannot write: {e}"))?;
        }
    }
    for (output, tmp) in job.outputs.iter().zip(&tmps) {
        if matches!(output, Output::File(_)) {
            finish(tmp).map_err(|e| format!("cannot write: {e}"))?;
        }
    }
    Ok(tmps)
}

/// Write `bytes` to a temporary file beside `path`, flush it to disk, then rename over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let parent = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = parent {
        STAGING_DIRS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(dir.to_owned());
    }
    let dir = parent.unwrap_or(Path::new("."));
    let mut tmp = temp_file(dir)?;
    tmp.write_all(bytes)
        .map_err(|e| e.to_string())
        .and_then(|()| finish(&tmp))
        .map_err(|e| format!("cannot write: {e}"))?;
    tmp.persist(path)
        .map_err(|e| format!("cannot move the finished file into place: {}", e.error))?;
    Ok(())
}
