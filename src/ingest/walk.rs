//! Which files a run reads: the paths given, folders walked recursively.
//!
//! In: the paths named on the command line. Out: [`Inputs`]: the document files in a stable
//! order; the paths that could not be walked or are not regular files (errors: the run exits
//! 2); and every other file a folder held that is not read, each with the reason (skipped:
//! named on stderr and in the reports, never silently dropped). A folder walk takes `.txt
//! .text .md .markdown .html .htm .docx`; a file named explicitly is read whatever its
//! extension (a Word lock file excepted). Hidden files and folders (`.git`, `.DS_Store`) are
//! passed over without a word, and so is the content of a crosscheck report folder (it holds
//! `SHA256SUMS`, or `documents.csv` and `sections.csv`): the tool never reads its own reports.

use std::path::{Path, PathBuf};

use super::{format_of, NOT_REGULAR};
use crate::files::io_reason;
use crate::model::InputError;

/// The files a run reads, and those it does not.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub errors: Vec<InputError>,
    pub skipped: Vec<InputError>,
}

/// Expand the given paths into the list of document files, in a stable order.
pub fn collect_inputs(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => inputs.errors.push(InputError::new(path, io_reason(&e))),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut inputs),
            Ok(_) if is_lock_file(path) => inputs.skipped.push(InputError::new(path, LOCK_FILE)),
            Ok(_) => inputs.files.push(path.clone()),
        }
    }
    inputs
}

const LOCK_FILE: &str =
    "an Office lock file (left while the document is open in Word or WPS), not a document";

/// `~$计划.docx`: the owner file Word and WPS keep beside an open document.
fn is_lock_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
}

/// Whether `dir` holds the reports of a crosscheck run.
fn is_report_folder(dir: &Path) -> bool {
    dir.join(crate::model::REPORT_SEAL).is_file()
        || dir.join("documents.csv").is_file() && dir.join("sections.csv").is_file()
}

/// Why a file of a folder is not read, from its name (`None`: it is read).
fn skip_reason(path: &Path) -> Option<String> {
    if is_lock_file(path) {
        return Some(LOCK_FILE.to_owned());
    }
    if format_of(path).is_some() {
        return None;
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Some(match ext.as_str() {
        "xls" | "xlsx" | "et" | "csv" | "ods" => "a spreadsheet, not a plan document".into(),
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp" => {
            "an image: a scanned page needs OCR first".into()
        }
        "" => "no extension: name it .txt, .md, .html, .docx or .pdf to include it".into(),
        _ => format!(
            "not a document format crosscheck reads (.{ext}; it reads .txt .md .html .docx .doc .wps .pdf .ofd)"
        ),
    })
}

fn walk_dir(dir: &Path, inputs: &mut Inputs) {
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        match entry {
            Ok(e) if e.file_type().is_dir() => {
                if e.depth() > 0 && is_report_folder(e.path()) {
                    let reason =
                        "a crosscheck report folder: the tool does not read its own reports";
                    inputs.skipped.push(InputError::new(e.path(), reason));
                    walker.skip_current_dir();
                }
            }
            // The folder's manifest is read as such (`manifest::find_for`), not as a document.
            Ok(e) if e.file_type().is_file() && e.file_name() == "manifest.toml" => {}
            Ok(e) if e.file_type().is_file() => match skip_reason(e.path()) {
                None => inputs.files.push(e.into_path()),
                Some(reason) => inputs.skipped.push(InputError::new(e.path(), reason)),
            },
            // A pipe, socket or device named like a document: reading it could block forever.
            Ok(e) if format_of(e.path()).is_some() => {
                inputs.errors.push(InputError::new(e.path(), NOT_REGULAR))
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_owned();
                let reason = if e.loop_ancestor().is_some() {
                    "symbolic link loop; skipped".to_owned()
                } else if let Some(io) = e.io_error() {
                    io_reason(io)
                } else {
                    e.to_string()
                };
                inputs.errors.push(InputError::new(&path, reason));
            }
        }
    }
}
