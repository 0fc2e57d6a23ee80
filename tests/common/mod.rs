//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use crosscheck::manifest::Manifest;
use crosscheck::model::{Document, HeadingStyle, Section, SectionKind};
use crosscheck::pipeline;
use crosscheck::rules::Rules;
use crosscheck_dev::synth::{write_corpus, SynthConfig};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy the files of folder `from` (not its subfolders) into `to`, creating `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// A corpus made as by `gen-corpus --docs DOCS --seed SEED` in `out` (with its manifest and
/// answer key), from the bundled seeds.
pub fn generated_corpus(out: &Path, docs: usize, seed: u64) {
    let cfg = SynthConfig {
        docs,
        seed,
        ..SynthConfig::default()
    };
    write_corpus(out, &repo().join("seeds"), &cfg).unwrap();
}

/// A new folder `dir/in` with one good plan (seed 004 as `good.txt`) and the plainest bad
/// inputs: an empty file and a binary (an ELF header) named `.txt`.
pub fn folder_with_bad_inputs(dir: &Path) -> PathBuf {
    let d = dir.join("in");
    std::fs::create_dir(&d).unwrap();
    std::fs::copy(seed_path("004"), d.join("good.txt")).unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(
        d.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    )
    .unwrap();
    d
}

pub fn seed_path(prefix: &str) -> PathBuf {
    let dir = repo().join("seeds");
    std::fs::read_dir(&dir)
        .expect("seeds folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{prefix}_")))
        })
        .unwrap_or_else(|| panic!("seed {prefix} not found"))
}

/// Process one seed with the bundled manifest and rules.
pub fn seed(prefix: &str) -> Document {
    let manifest = Manifest::load(&repo().join("seeds/manifest.toml")).expect("manifest");
    let rules = Rules::load(&repo().join("rules")).expect("rules");
    let path = seed_path(prefix);
    let id = crosscheck::ingest::default_doc_id(&path);
    pipeline::process_file(
        &path,
        id,
        Some(&manifest),
        &rules,
        &crosscheck::pipeline::Budget::DEFAULT,
    )
    .expect("seed reads")
}

/// Process any file with the built-in rules and no manifest.
pub fn doc(path: &Path) -> Document {
    let rules = Rules::load(&repo().join("rules")).expect("rules");
    let id = crosscheck::ingest::default_doc_id(path);
    pipeline::process_file(
        path,
        id,
        None,
        &rules,
        &crosscheck::pipeline::Budget::DEFAULT,
    )
    .expect("document reads")
}

pub fn headings(d: &Document, style: HeadingStyle) -> Vec<&Section> {
    d.sections
        .iter()
        .filter(|s| s.kind == SectionKind::Heading(style))
        .collect()
}

/// Normalized title with CJK-internal spaces removed.
pub fn title(d: &Document, s: &Section) -> String {
    crosscheck::text::matching_text(d.title(s).unwrap_or("")).text
}

pub fn children<'a>(d: &'a Document, parent: &Section) -> Vec<&'a Section> {
    let idx = d
        .sections
        .iter()
        .position(|s| s.id == parent.id)
        .expect("parent present");
    d.sections
        .iter()
        .filter(|s| s.parent == Some(idx))
        .collect()
}

/// The invariant every report relies on: for each titled section, the original file's bytes at
/// the section's span begin with the title as written (a table row's span contains it), and the
/// span's line agrees with its byte offset. Returns how many sections were checked.
pub fn assert_titles_quoted_exactly(d: &Document, file_bytes: &[u8]) -> usize {
    let mut checked = 0;
    for s in &d.sections {
        let Some(written) = d.title_as_written(s) else {
            continue;
        };
        let loc = d.locate(s.range.clone());
        let span = std::str::from_utf8(&file_bytes[loc.byte_start..loc.byte_end]).unwrap();
        if s.kind == SectionKind::TableRow {
            assert!(
                span.contains(written),
                "{}: {span:?} lacks {written:?}",
                s.id
            );
        } else {
            assert!(
                span.starts_with(written),
                "{}: {span:?} does not start with {written:?}",
                s.id
            );
        }
        let line = file_bytes[..loc.byte_start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        assert_eq!(line, loc.line_start, "{}", s.id);
        checked += 1;
    }
    checked
}

/// A CSV report: its header names and its rows.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader.records().map(Result::unwrap).collect();
    (headers, rows)
}

/// A scan of the seeds with their manifest, `./rules` and the default settings.
pub fn seeds_run() -> crosscheck::model::Run {
    let rules = Rules::load(&repo().join("rules")).unwrap();
    let manifest = Manifest::load(&repo().join("seeds/manifest.toml")).unwrap();
    let corpus = pipeline::build_corpus(
        &[repo().join("seeds")],
        Some(&manifest),
        &rules,
        &crosscheck::pipeline::Budget::DEFAULT,
        &pipeline::Unobserved,
    );
    pipeline::analyze(
        corpus,
        &rules,
        &Default::default(),
        &Default::default(),
        &pipeline::Unobserved,
    )
}

/// The PDFium library the PDF tests read with, made available as `cargo test` runs on a fresh
/// machine: `$CROSSCHECK_PDFIUM` if set; else the copy inside an installed `pypdfium2`; else
/// installed now with pip into `target/test-pdfium` (the README's one extra command, scoped to
/// the build folder). Panics with the reason when none of these works: a PDF test never
/// passes without reading a PDF.
pub fn pdfium_library() -> PathBuf {
    static LIBRARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    LIBRARY
        .get_or_init(|| {
            if let Some(p) = std::env::var_os("CROSSCHECK_PDFIUM").filter(|p| !p.is_empty()) {
                return PathBuf::from(p);
            }
            let ask = std::process::Command::new("python3")
                .args([
                    "-c",
                    "import os, pypdfium2_raw; print(os.path.dirname(pypdfium2_raw.__file__))",
                ])
                .output();
            if let Ok(out) = ask {
                let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
                if out.status.success() && dir.join("libpdfium.so").is_file() {
                    return dir.join("libpdfium.so");
                }
            }
            let target = repo().join("target").join("test-pdfium");
            let lib = target.join("pypdfium2_raw").join("libpdfium.so");
            if !lib.is_file() {
                let status = std::process::Command::new("python3")
                    .args(["-m", "pip", "install", "--quiet", "--no-deps", "--target"])
                    .arg(&target)
                    .arg(format!("pypdfium2=={PYPDFIUM2_VERSION}"))
                    .status()
                    .expect("python3 runs");
                assert!(
                    status.success() && lib.is_file(),
                    "PDF tests need libpdfium.so: `python3 -m pip install --target {} \
                     pypdfium2=={PYPDFIUM2_VERSION}` failed; install pypdfium2 or set \
                     CROSSCHECK_PDFIUM",
                    target.display()
                );
            }
            lib
        })
        .clone()
}

/// The pypdfium2 release the tests install (PDFium build 8149; the bindings need ≥ 8125).
pub const PYPDFIUM2_VERSION: &str = "5.15.2";

/// Make in-process reads of PDFs find [`pdfium_library`] (set once, before any PDF is read).
pub fn use_pdfium() {
    static SET: std::sync::Once = std::sync::Once::new();
    let lib = pdfium_library();
    SET.call_once(|| std::env::set_var("CROSSCHECK_PDFIUM", lib));
}
