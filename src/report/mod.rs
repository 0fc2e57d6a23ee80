//! Stage: report — [`Corpus`] → files. The only stage that writes files.
//!
//! In: a [`Run`] and an output folder. Out: `documents.csv`, `sections.csv`, `duplicates.csv`,
//! `alignments.csv`, `coverage.csv` (UTF-8, header row) and `report.json` (the whole run model
//! with a `schema_version`), `targets.csv`, `findings.csv` and `report.html`, written
//! atomically: each file goes to a temporary file in the same folder and is renamed into place,
//! so a killed run leaves the previous report intact.
//! Rows are streamed, never a whole file in memory: each table is one job that writes its CSV
//! file and its part of `report.json` in one pass; jobs run in parallel and a helper thread
//! copies the JSON parts into `report.json` in order as they finish.
//! Rows are in a stable order (documents in input order, sections in document order), so two
//! runs on the same input give byte-identical files whatever the thread count.
//!
//! `inspect` renders one document for the terminal or as JSON; it returns a `String` and the
//! caller prints it.

pub mod findings;
pub mod html;
pub mod inspect;
mod tables;
pub mod terminal;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use tables::{
    alignment_rows, coverage_rows, document_row, document_rows, duplicate_rows, finding_rows,
    run_section_rows, section_rows, target_rows, AlignmentRow, CoverageRow, DocumentRow,
    DuplicateRow, FindingRow, SectionLabels, SectionRow, TargetRow,
};

use crate::model::Run;

/// Version of the `report.json` layout; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// The tables of `report.json`, in its order; each is also a CSV file.
const JSON_TABLES: [&str; 7] = [
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
fn assemble_json(
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
type Sink<'f> = std::io::BufWriter<StopOnInterrupt<&'f std::fs::File>>;

/// Renders one or more report files in one pass, into the writers of its [`Job`]'s outputs.
type Render<'r> = Box<dyn Fn(&mut [Sink<'_>]) -> Result<(), String> + Send + Sync + 'r>;

/// What a job writes: a report file, or a table's part of `report.json` (by its place in
/// [`JSON_TABLES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    File(&'static str),
    JsonPart(usize),
}

/// A render pass and its outputs, in the order of the writers it is given.
struct Job<'r> {
    outputs: Vec<Output>,
    render: Render<'r>,
}

impl<'r> Job<'r> {
    fn file(
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
fn write_all(
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
    let failed = |path: &Path, e: String| {
        if INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst) {
            interrupted().expect("flag set")
        } else {
            err(path, e)
        }
    };
    let json_path = out_dir.join("report.json");
    let (part_tx, part_rx) = std::sync::mpsc::channel();
    let (staged, json_file) = std::thread::scope(|scope| {
        let assembler = json.map(|run| scope.spawn(|| assemble_json(run, out_dir, part_rx)));
        let run_job =
            |job: &Job<'_>| -> Result<Vec<(PathBuf, tempfile::NamedTempFile)>, ReportError> {
                let first = match job.outputs[0] {
                    Output::File(name) => out_dir.join(name),
                    Output::JsonPart(_) => json_path.clone(),
                };
                let files = {
                    // An interrupt waits for this guard: staging stops (the writers below fail
                    // at their next buffer), staged files are dropped (so deleted), or renames
                    // already begun finish.
                    let _writing = WRITING.read().unwrap_or_else(|e| e.into_inner());
                    if let Some(e) = interrupted() {
                        return Err(e);
                    }
                    stage(out_dir, job).map_err(|e| failed(&first, e))?
                };
                let mut done = Vec::new();
                for (output, tmp) in job.outputs.iter().zip(files) {
                    match *output {
                        Output::File(name) => done.push((out_dir.join(name), tmp)),
                        // No assembler (JSON not asked for) means no part either.
                        Output::JsonPart(table) => drop(part_tx.send((table, tmp))),
                    }
                }
                Ok(done)
            };
        // Jobs are taken in their order by whichever thread is free (a split of the list into
        // halves finished the first table of report.json last, and the assembler then had
        // most of it still to copy); each result goes to the job's slot.
        let next_job = std::sync::atomic::AtomicUsize::new(0);
        let slots: Vec<std::sync::Mutex<Option<JobResult>>> =
            jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
        rayon::broadcast(|_| loop {
            let i = next_job.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let Some(job) = jobs.get(i) else { break };
            let result = run_job(job);
            *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        });
        let staged: Vec<JobResult> = slots
            .into_iter()
            .map(|slot| {
                slot.into_inner()
                    .unwrap_or_else(|e| e.into_inner())
                    .expect("every job ran")
            })
            .collect();
        drop(part_tx);
        let json_file = assembler.map(|a| a.join().expect("the report.json assembler panicked"));
        (staged, json_file)
    });
    let mut files: Vec<(PathBuf, tempfile::NamedTempFile)> = Vec::new();
    for job in staged {
        files.extend(job?);
    }
    if let Some(tmp) = json_file {
        files.push((json_path.clone(), tmp.map_err(|e| failed(&json_path, e))?));
    }
    let _writing = WRITING.read().unwrap_or_else(|e| e.into_inner());
    if let Some(e) = interrupted() {
        return Err(e);
    }
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

/// Every output format. `scan` writes the chosen ones into its report folder (`csv`: the
/// tables, `json`: `report.json`, `html`: `report.html`, the others: `findings.<ext>`, see
/// [`Format::findings_file`]); `lint` prints its findings in one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Csv,
    Json,
    Html,
    Human,
    Line,
    Sarif,
    Github,
    Rdjson,
}

impl Format {
    /// The file a scan writes its findings to in this format, for the formats that are a list
    /// of findings only.
    pub fn findings_file(self) -> Option<&'static str> {
        match self {
            Format::Csv | Format::Json | Format::Html => None,
            Format::Human => Some("findings.human.txt"),
            Format::Line => Some("findings.txt"),
            Format::Sarif => Some("findings.sarif"),
            Format::Github => Some("findings.github.txt"),
            Format::Rdjson => Some("findings.rdjson"),
        }
    }
}

/// What a scan writes: its formats and the language of the HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    pub formats: std::collections::BTreeSet<Format>,
    pub lang: html::Lang,
}

impl ReportOptions {
    /// Whether `format` is asked for.
    pub fn has(&self, format: Format) -> bool {
        self.formats.contains(&format)
    }

    fn only(format: Format) -> Self {
        Self {
            formats: [format].into(),
            lang: html::Lang::Zh,
        }
    }
}

impl Default for ReportOptions {
    /// The tables, `report.json` and the Chinese `report.html`.
    fn default() -> Self {
        Self {
            formats: [Format::Csv, Format::Json, Format::Html].into(),
            lang: html::Lang::Zh,
        }
    }
}

/// Write `alignments.csv` and `coverage.csv` only (the `align` subcommand).
pub fn write_align_reports(run: &Run, out_dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    let labels = &SectionLabels::new(run);
    let csv = &ReportOptions::only(Format::Csv);
    write_all(
        out_dir,
        vec![
            table_job("alignments.csv", csv, move || alignment_rows(run, labels)),
            table_job("coverage.csv", csv, move || coverage_rows(run, labels)),
        ],
        None,
    )
}

/// Write every report of a scan into `out_dir` (created if missing). Returns the files written.
pub fn write_reports(run: &Run, out_dir: &Path) -> Result<Vec<PathBuf>, ReportError> {
    write_reports_as(run, out_dir, &ReportOptions::default(), &[])
}

/// Write the chosen report formats into `out_dir`; `rules` describe the rules in SARIF.
pub fn write_reports_as(
    run: &Run,
    out_dir: &Path,
    opts: &ReportOptions,
    rules: &[crate::rules::RuleDef],
) -> Result<Vec<PathBuf>, ReportError> {
    // Jobs render in parallel; the bytes depend on the run alone. A table's CSV file and its
    // part of report.json are written in one pass over its rows.
    let labels = &SectionLabels::new(run);
    // Resolved once, by the first findings job that needs them.
    let resolved = &std::sync::OnceLock::new();
    let mut jobs: Vec<Job<'_>> = Vec::new();
    if opts.has(Format::Csv) || opts.has(Format::Json) {
        jobs.extend([
            table_job("documents.csv", opts, move || document_rows(run)),
            table_job("sections.csv", opts, move || run_section_rows(run)),
            table_job("duplicates.csv", opts, move || duplicate_rows(run)),
            table_job("alignments.csv", opts, move || alignment_rows(run, labels)),
            table_job("coverage.csv", opts, move || coverage_rows(run, labels)),
            table_job("targets.csv", opts, move || target_rows(run)),
            table_job("findings.csv", opts, move || finding_rows(run)),
        ]);
    }
    if opts.has(Format::Html) {
        let lang = opts.lang;
        jobs.push(Job::file("report.html", move |w| {
            let page = html::render(run, lang)?;
            w.write_all(page.as_bytes()).map_err(|e| e.to_string())
        }));
    }
    let finding_formats: Vec<(Format, &'static str)> = opts
        .formats
        .iter()
        .filter_map(|&f| Some((f, f.findings_file()?)))
        .collect();
    for (format, name) in finding_formats {
        jobs.push(Job::file(name, move |w| {
            let findings = resolved.get_or_init(|| crate::model::ResolvedFinding::all(run));
            let text = findings::render(format, findings, rules).unwrap_or_default();
            w.write_all(text.as_bytes()).map_err(|e| e.to_string())
        }));
    }
    write_all(out_dir, jobs, opts.has(Format::Json).then_some(run))
}

/// The job of one table: its CSV file and/or its part of report.json, as `formats` asks, from
/// one pass over `rows()`.
fn table_job<'r, I, T>(
    name: &'static str,
    opts: &ReportOptions,
    rows: impl Fn() -> I + Send + Sync + 'r,
) -> Job<'r>
where
    I: Iterator<Item = T>,
    T: serde::Serialize + Default,
{
    let mut outputs = Vec::new();
    let csv = opts.has(Format::Csv);
    if csv {
        outputs.push(Output::File(name));
    }
    if opts.has(Format::Json) {
        let table = JSON_TABLES
            .iter()
            .position(|t| name.strip_suffix(".csv") == Some(t))
            .expect("every table is in report.json");
        outputs.push(Output::JsonPart(table));
    }
    Job {
        outputs,
        render: Box::new(move |ws| {
            let (csv, json): (Option<&mut dyn Write>, Option<&mut dyn Write>) = match ws {
                [c, j] => (Some(c), Some(j)),
                [w] if csv => (Some(w), None),
                [w] => (None, Some(w)),
                _ => (None, None),
            };
            write_table(csv, json, rows())
        }),
    }
}

/// One pass over a table's rows: each row to the CSV writer and as a JSON array element to the
/// JSON writer (either may be absent). An empty table still gets its CSV header row (from
/// `T::default()`), so a reader can tell "no duplicates" from "no file".
fn write_table<T: serde::Serialize + Default>(
    csv_out: Option<&mut dyn Write>,
    mut json_out: Option<&mut dyn Write>,
    rows: impl Iterator<Item = T>,
) -> Result<(), String> {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    let mut csv = csv_out.map(csv::Writer::from_writer);
    let mut any = false;
    // JSON is serialized into this buffer and handed to the writer in large pieces: a
    // serializer writes token by token, and each token through `dyn Write` was most of the
    // JSON's cost. sonic-rs, not serde_json, for the rows: it escapes strings with SIMD (2.8
    // million rows, 17 keys and strings each, at 10,000 documents) and writes the same bytes
    // (tested below: every field kind, edge floats, control characters, property test).
    let mut json_buf: Vec<u8> = Vec::with_capacity(1 << 17);
    json_buf.push(b'[');
    for row in rows {
        if let Some(j) = json_out.as_mut() {
            if any {
                json_buf.push(b',');
            }
            sonic_rs::to_writer(&mut json_buf, &row).map_err(|x| e(&x))?;
            if json_buf.len() >= 1 << 16 {
                j.write_all(&json_buf).map_err(|x| e(&x))?;
                json_buf.clear();
            }
        }
        if let Some(c) = csv.as_mut() {
            c.serialize(&row).map_err(|x| e(&x))?;
        }
        any = true;
    }
    if let Some(j) = json_out.as_mut() {
        json_buf.push(b']');
        j.write_all(&json_buf).map_err(|x| e(&x))?;
    }
    if let Some(c) = csv {
        let w = c.into_inner().map_err(|x| e(&x))?;
        if !any {
            let mut probe = csv::Writer::from_writer(Vec::new());
            probe.serialize(T::default()).map_err(|x| e(&x))?;
            let bytes = probe.into_inner().map_err(|x| e(&x))?;
            let header_end = bytes
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| i + 1);
            w.write_all(&bytes[..header_end]).map_err(|x| e(&x))?;
        }
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

fn temp_file(dir: &Path) -> Result<tempfile::NamedTempFile, String> {
    tempfile::Builder::new()
        .prefix(STAGED_PREFIX)
        .suffix(STAGED_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))
}

/// Flush a staged report to disk and make it an ordinary readable file (temporary files are
/// created owner-only).
fn finish(tmp: &tempfile::NamedTempFile) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    /// A row with every kind of field the report tables hold.
    #[derive(serde::Serialize)]
    struct Row<'a> {
        text: &'a str,
        owned: String,
        count: usize,
        signed: i64,
        score: f64,
        rate: Option<f64>,
        missing: Option<usize>,
        flag: bool,
    }

    fn both(row: &Row<'_>) -> (Vec<u8>, Vec<u8>) {
        let mut sonic = Vec::new();
        sonic_rs::to_writer(&mut sonic, row).unwrap();
        (serde_json::to_vec(row).unwrap(), sonic)
    }

    /// report.json is written with sonic-rs (faster string escaping) but documented, tested
    /// and read back as serde_json writes it: the two must give the same bytes.
    #[test]
    fn json_rows_are_written_as_serde_json_writes_them() {
        let texts = [
            "",
            "消费品 100项以上",
            "quote \" backslash \\ slash / tab \t newline \n nul \0 bell \u{7} del \u{7f}",
            "\u{2028}\u{2029} emoji 🙂 ideographic\u{3000}space",
        ];
        let floats = [
            0.0,
            -0.0,
            0.0001,
            0.0005,
            0.1,
            0.2068,
            0.5,
            1.0,
            1e-5,
            1e-7,
            123456.0,
            1e16,
            1e21,
            -3.25,
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
        ];
        for text in texts {
            for &score in &floats {
                let row = Row {
                    text,
                    owned: text.repeat(3),
                    count: usize::MAX,
                    signed: -42,
                    score,
                    rate: Some(score),
                    missing: None,
                    flag: true,
                };
                let (serde, sonic) = both(&row);
                assert_eq!(
                    String::from_utf8_lossy(&sonic),
                    String::from_utf8_lossy(&serde)
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_row_is_written_as_serde_json_writes_it(
            text in "\\PC*|[\\x00-\\x1f\"\\\\a品]*",
            bits in proptest::num::u64::ANY,
            rounded in -100_000i64..100_000,
        ) {
            for score in [f64::from_bits(bits), rounded as f64 / 10_000.0] {
                let row = Row {
                    text: &text,
                    owned: text.clone(),
                    count: bits as usize,
                    signed: rounded,
                    score,
                    rate: Some(score),
                    missing: Some(7),
                    flag: false,
                };
                let (serde, sonic) = both(&row);
                proptest::prop_assert_eq!(sonic, serde);
            }
        }
    }
}
