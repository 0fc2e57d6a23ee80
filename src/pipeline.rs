//! Runs ingest → normalize → segment over a whole corpus, in parallel, in a stable order.
//!
//! In: input paths, an optional manifest, rules. Out: a [`Corpus`]: the documents that could be
//! read (in input order, whatever the thread count) and one [`InputError`] per file that could
//! not. One bad file never stops the others.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::align::AlignConfig;
use crate::dedup::DedupConfig;
use crate::ingest;
use crate::manifest::{self, Manifest};
use crate::model::{AlignResult, Corpus, DocId, Document, InputError, Run};
use crate::normalize;
use crate::rules::Rules;
use crate::segment;
use crate::tokenize::Tokenizer;

/// Time spent per stage. Per-document stages run in parallel: their figure is the CPU time
/// summed over documents; `documents_wall` is the wall time of all of them together.
#[derive(Debug, Default)]
pub struct StageTimes {
    pub ingest: AtomicU64,
    pub normalize: AtomicU64,
    pub segment: AtomicU64,
    pub documents_wall: AtomicU64,
    pub dedup: AtomicU64,
    pub tokenize_align: AtomicU64,
    pub targets: AtomicU64,
    pub check: AtomicU64,
}

impl StageTimes {
    fn add(counter: &AtomicU64, since: Instant) {
        counter.fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }

    /// Read a counter.
    pub fn get(counter: &AtomicU64) -> Duration {
        Duration::from_nanos(counter.load(Ordering::Relaxed))
    }
}

/// Settings of the corpus-wide stages.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeConfig {
    pub dedup: DedupConfig,
    pub align: AlignConfig,
    /// Leave alignment out (its only finding is task coverage, CC301): `lint` without
    /// `--require-coverage`. Alignment is most of a large run's time.
    pub skip_align: bool,
    /// Align only lower documents from this index on (`lint`: the drafts, appended last); the
    /// TF-IDF weights then come from the drafts and their upper documents alone, whether the
    /// corpus was read whole or from a saved index.
    pub align_lowers_from: usize,
}

/// Run the corpus-wide stages over a processed corpus.
pub fn analyze(corpus: Corpus, rules: &Rules, cfg: &AnalyzeConfig) -> Run {
    analyze_timed(corpus, rules, cfg, &StageTimes::default())
}

/// [`analyze`], recording stage times.
pub fn analyze_timed(
    corpus: Corpus,
    rules: &Rules,
    cfg: &AnalyzeConfig,
    times: &StageTimes,
) -> Run {
    analyze_part(corpus, rules, cfg, times, &Unloaded::default())
}

/// What a run over part of a corpus must know about the documents it did not load (a saved
/// index's other documents) for its findings on the loaded ones to equal a whole-corpus run's.
#[derive(Default)]
pub struct Unloaded<'a> {
    /// Dedup fingerprint postings held by the unloaded documents, per hash.
    pub postings: Option<&'a crate::dedup::UnloadedPostings<'a>>,
    /// Region → parent region over the whole corpus's metadata.
    pub region_parents: Option<std::collections::BTreeMap<String, String>>,
}

/// [`analyze_timed`] over part of a corpus.
pub fn analyze_part(
    corpus: Corpus,
    rules: &Rules,
    cfg: &AnalyzeConfig,
    times: &StageTimes,
    unloaded: &Unloaded<'_>,
) -> Run {
    let started = Instant::now();
    let dedup = crate::dedup::find_duplicates_in_part(
        &corpus.documents,
        &rules.boilerplate,
        &cfg.dedup,
        unloaded.postings.unwrap_or(&|_| 0),
    );
    StageTimes::add(&times.dedup, started);
    let started = Instant::now();
    let targets: Vec<crate::model::Target> = corpus
        .documents
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, d)| crate::targets::extract(i, d, &rules.metrics))
        .collect();
    StageTimes::add(&times.targets, started);
    let started = Instant::now();
    let mut pairs =
        crate::align::pairs_to_align(&corpus.documents, &rules.regions, cfg.align.same_level);
    pairs.retain(|&(lower, _)| lower >= cfg.align_lowers_from);
    let align = if pairs.is_empty() || cfg.skip_align {
        AlignResult::default()
    } else {
        let tokenizer = Tokenizer::new(rules);
        crate::align::align(
            &corpus.documents,
            &pairs,
            &tokenizer,
            &rules.boilerplate,
            &targets,
            &cfg.align,
        )
    };
    StageTimes::add(&times.tokenize_align, started);
    let started = Instant::now();
    let mut run = Run {
        corpus,
        dedup,
        align,
        targets,
        findings: vec![],
        region_parents: unloaded.region_parents.clone(),
    };
    run.findings = crate::check::check(&run, &rules.checks, &rules.metrics, &rules.regions);
    StageTimes::add(&times.check, started);
    run
}

/// Find the manifest for a run: the one given, else `manifest.toml` in the first input folder
/// (or the folder of the first input file).
pub fn find_manifest(inputs: &[PathBuf]) -> Option<PathBuf> {
    let first = inputs.first()?;
    let dir = if first.is_dir() {
        first.as_path()
    } else {
        first.parent().unwrap_or(Path::new("."))
    };
    let candidate = dir.join("manifest.toml");
    candidate.is_file().then_some(candidate)
}

/// Process every input. `on_done` is called once per file (for a progress bar).
pub fn build_corpus(
    inputs: &[PathBuf],
    manifest: Option<&Manifest>,
    rules: &Rules,
    on_done: &(dyn Fn() + Sync),
) -> Corpus {
    build_corpus_timed(inputs, manifest, rules, on_done, &StageTimes::default())
}

/// [`build_corpus`], recording stage times.
pub fn build_corpus_timed(
    inputs: &[PathBuf],
    manifest: Option<&Manifest>,
    rules: &Rules,
    on_done: &(dyn Fn() + Sync),
    times: &StageTimes,
) -> Corpus {
    let started = Instant::now();
    let (files, mut errors) = ingest::collect_inputs(inputs);
    if let Some(m) = manifest {
        for missing in m.missing_files() {
            errors.push(InputError {
                path: missing,
                reason: format!("named in {} but does not exist", m.path.display()),
            });
        }
    }
    let ids = assign_ids(&files, manifest);
    let results: Vec<Result<Document, InputError>> = files
        .par_iter()
        .zip(ids)
        .map(|(path, id)| {
            let r = process_file_timed(path, id, manifest, rules, times);
            on_done();
            r
        })
        .collect();
    StageTimes::add(&times.documents_wall, started);
    let mut documents = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(d) => documents.push(d),
            Err(e) => errors.push(e),
        }
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    Corpus { documents, errors }
}

/// Document ids: the manifest's, else the short file-stem id; clashes fall back to the full
/// stem, then a `~N` suffix.
fn assign_ids(files: &[PathBuf], manifest: Option<&Manifest>) -> Vec<DocId> {
    let mut seen = std::collections::HashSet::new();
    files
        .iter()
        .map(|f| {
            let from_manifest = manifest
                .and_then(|m| m.entry_for(f))
                .and_then(|e| e.id.clone())
                .map(DocId);
            let mut id = from_manifest.unwrap_or_else(|| ingest::default_doc_id(f));
            if seen.contains(&id) {
                id = DocId(
                    f.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                );
            }
            let base = id.0.clone();
            let mut k = 1;
            while !seen.insert(id.clone()) {
                k += 1;
                id = DocId(format!("{base}~{k}"));
            }
            id
        })
        .collect()
}

/// Read, normalize and segment one file.
pub fn process_file(
    path: &Path,
    id: DocId,
    manifest: Option<&Manifest>,
    rules: &Rules,
) -> Result<Document, InputError> {
    process_file_timed(path, id, manifest, rules, &StageTimes::default())
}

fn process_file_timed(
    path: &Path,
    id: DocId,
    manifest: Option<&Manifest>,
    rules: &Rules,
    times: &StageTimes,
) -> Result<Document, InputError> {
    let t = Instant::now();
    let source = ingest::read_document(path, id)?;
    StageTimes::add(&times.ingest, t);
    Ok(process_source(source, manifest, rules, times))
}

/// Process bytes as if read from a file at `path` (no manifest): fuzzing and tests.
pub fn process_bytes(
    path: &Path,
    format: crate::model::Format,
    bytes: &[u8],
    rules: &Rules,
) -> Result<Document, InputError> {
    let source = ingest::source_from_bytes(path, ingest::default_doc_id(path), format, bytes)?;
    Ok(process_source(source, None, rules, &StageTimes::default()))
}

/// Normalize and segment a document already read.
fn process_source(
    mut source: crate::model::SourceDoc,
    manifest: Option<&Manifest>,
    rules: &Rules,
    times: &StageTimes,
) -> Document {
    let path = source.path.clone();
    let path = path.as_path();
    let t = Instant::now();
    let normalized = normalize::normalize(&source, rules);
    StageTimes::add(&times.normalize, t);
    let t = Instant::now();
    let sections = segment::segment(&source.id, &normalized.text.text);
    StageTimes::add(&times.segment, t);
    let entry = manifest.and_then(|m| m.entry_for(path));
    let meta = match entry {
        Some(e) => {
            if let Some(expected) = &e.sha256 {
                if !expected.eq_ignore_ascii_case(&source.sha256) {
                    source
                        .warnings
                        .push("file differs from the SHA-256 recorded in the manifest".into());
                }
            }
            e.meta()
        }
        None => manifest::infer_meta(&normalized.text.text, &rules.regions),
    };
    let stats = &normalized.stats;
    if stats.pinyin_stripped > 0 {
        source.warnings.push(format!(
            "{} pinyin annotations removed (converter pollution, e.g. 消費(fèi)品)",
            stats.pinyin_stripped
        ));
    }
    if stats.traditional_converted > 0 {
        source.warnings.push(format!(
            "{} Traditional characters converted to Simplified",
            stats.traditional_converted
        ));
    }
    if stats.clutter_lines > 0 {
        source.warnings.push(format!(
            "{} scrape clutter lines ignored (metadata rows, 打印 关闭, …)",
            stats.clutter_lines
        ));
    }
    if sections.len() <= 1 {
        source
            .warnings
            .push("no sections found (empty after normalization)".into());
    }
    Document::new(source, normalized, sections, meta)
}
