//! `.pdf` → pages of positioned glyphs, read through PDFium (the engine behind Chrome's PDF
//! viewer), which is loaded at run time.
//!
//! In: the file's bytes. Out: [`Page`]s for [`super::paged::assemble`]. Why PDFium: it reads
//! the text layers Chinese portals publish (CID fonts, GBK CMaps, Type 3 fonts) with 99–100%
//! of characters right, where the pure-Rust readers either panic, lose GBK-encoded text or put
//! a tenth of the characters out of order (see README, "PDF"). Its cost is a shared library to
//! install: [`library_candidates`] says where it is looked for, and a missing library is an
//! error naming it and the command that installs it, never a silent skip.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pdfium_render::prelude::*;

use super::paged::{Glyph, Page, Rule};

/// Environment variable naming `libpdfium.so` (or the folder holding it).
pub const LIBRARY_VAR: &str = "CROSSCHECK_PDFIUM";

/// The command the README gives to install the library.
pub const INSTALL_HINT: &str = "python3 -m pip install pypdfium2";

/// Pages of a PDF beyond this are refused (a plan has hundreds; a million-page file is an attack).
const MAX_PAGES: usize = 20_000;

/// The pages of a `.pdf`, glyphs in points from each page's top-left corner.
pub fn pages(bytes: &[u8]) -> Result<Vec<Page>, String> {
    let pdfium = pdfium()?;
    let doc = pdfium
        .load_pdf_from_byte_slice(bytes, None)
        .map_err(|e| match e {
            PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::PasswordError)
            | PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::SecurityError) => {
                "encrypted PDF: it needs a password to open".to_owned()
            }
            PdfiumError::PdfiumLibraryInternalError(PdfiumInternalError::FormatError) => {
                "not a readable PDF (damaged, or not a PDF at all)".to_owned()
            }
            e => format!("PDF could not be opened: {e:?}"),
        })?;
    let count = usize::try_from(doc.pages().len()).unwrap_or(0);
    if count > MAX_PAGES {
        return Err(format!(
            "PDF has {count} pages, above the {MAX_PAGES} page limit"
        ));
    }
    let mut pages = Vec::with_capacity(count);
    for (i, page) in doc.pages().iter().enumerate() {
        let height = page.height().value;
        let text = page
            .text()
            .map_err(|e| format!("page {}: text layer unreadable: {e:?}", i + 1))?;
        let mut glyphs = Vec::new();
        for ch in text.chars().iter() {
            // PDFium adds spaces and line ends of its own between text runs: layout comes
            // from positions here, so only drawn characters count.
            if ch.is_generated().unwrap_or(false) {
                continue;
            }
            let Some(c) = ch.unicode_char() else { continue };
            let Ok(b) = ch.loose_bounds().or_else(|_| ch.tight_bounds()) else {
                continue;
            };
            glyphs.push(Glyph {
                ch: c,
                left: b.left().value,
                right: b.right().value,
                top: height - b.top().value,
                bottom: height - b.bottom().value,
            });
        }
        pages.push(Page {
            width: page.width().value,
            height,
            glyphs,
            rules: rules_of(&page, height),
        });
    }
    Ok(pages)
}

/// Thin filled or stroked paths of a page: the borders of its ruled tables.
fn rules_of(page: &PdfPage, height: f32) -> Vec<Rule> {
    let mut rules = Vec::new();
    for object in page.objects().iter() {
        if object.object_type() != PdfPageObjectType::Path {
            continue;
        }
        let Ok(bounds) = object.bounds() else {
            continue;
        };
        let r = bounds.to_rect();
        let (top, bottom) = (height - r.top().value, height - r.bottom().value);
        if let Some(rule) = Rule::from_box(r.left().value, r.right().value, top, bottom) {
            rules.push(rule);
        }
    }
    rules
}

/// The PDFium library, bound once per process.
fn pdfium() -> Result<&'static Pdfium, String> {
    static PDFIUM: OnceLock<Result<Pdfium, String>> = OnceLock::new();
    PDFIUM
        .get_or_init(|| {
            let mut tried = Vec::new();
            for candidate in library_candidates() {
                match Pdfium::bind_to_library(&candidate) {
                    Ok(bindings) => return Ok(Pdfium::new(bindings)),
                    Err(e) => tried.push(format!("{} ({})", candidate.display(), brief(&e))),
                }
            }
            // An explicit setting is the only place looked at: a wrong path is an error, not a
            // silent fall back to whatever the system has.
            let explicit = std::env::var_os(LIBRARY_VAR).is_some_and(|v| !v.is_empty());
            let system = (!explicit)
                .then(Pdfium::bind_to_system_library)
                .and_then(Result::ok);
            match system {
                Some(bindings) => Ok(Pdfium::new(bindings)),
                None => Err(format!(
                    "PDF needs the PDFium library (libpdfium.so), which was not found{}: install \
                     it with `{INSTALL_HINT}`, or set {LIBRARY_VAR} to the path of libpdfium.so",
                    if tried.is_empty() {
                        String::new()
                    } else {
                        format!(" (tried {})", tried.join(", "))
                    }
                )),
            }
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn brief(e: &PdfiumError) -> String {
    match e {
        PdfiumError::LoadLibraryError(e) => e.to_string(),
        e => format!("{e:?}"),
    }
}

/// Where `libpdfium.so` is looked for, in order: [`LIBRARY_VAR`]; beside the executable; the
/// copy inside an installed `pypdfium2` (found by asking `python3`). The system's library path
/// is tried after these.
fn library_candidates() -> Vec<PathBuf> {
    let name = Pdfium::pdfium_platform_library_name();
    let mut out = Vec::new();
    if let Some(v) = std::env::var_os(LIBRARY_VAR).filter(|v| !v.is_empty()) {
        let p = PathBuf::from(v);
        out.push(if p.is_dir() { p.join(&name) } else { p });
        return out; // an explicit setting is the only one tried
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_owned))
    {
        let beside = dir.join(&name);
        if beside.is_file() {
            out.push(beside);
        }
    }
    if let Some(dir) = pypdfium2_folder() {
        out.push(dir.join(&name));
    }
    out
}

/// The folder of the `pypdfium2_raw` package (which ships `libpdfium.so`), if `python3` has it.
fn pypdfium2_folder() -> Option<PathBuf> {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import os, pypdfium2_raw; print(os.path.dirname(pypdfium2_raw.__file__))",
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let dir = String::from_utf8(out.stdout).ok()?;
    let dir = PathBuf::from(dir.trim());
    dir.is_dir().then_some(dir)
}
