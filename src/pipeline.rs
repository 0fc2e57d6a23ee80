//! The orchestrator: the one place that runs the stages, for `scan`, `align`, `index` and
//! `lint` alike.
//!
//! In: input paths, an optional manifest, rules, the command's frozen [`Settings`] and, for a
//! run over part of a corpus, a [`Scope`]. Out: a [`Corpus`] ([`build_corpus`]: ingest →
//! normalize → segment per document, in parallel, in input order whatever the thread count; one
//! [`InputError`] per file that could not be read, which never stops the others), then a
//! [`Run`] ([`analyze`]: dedup, targets, align, check over the whole corpus). An [`Observer`]
//! hears of every file done and every stage's time (progress bars, `scan --timings`).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::align::AlignConfig;
pub use crate::budget::Budget;
use crate::dedup::DedupConfig;
use crate::ingest;
use crate::manifest::{self, Manifest};
use crate::model::{AlignResult, Corpus, DocId, Document, InputError, Run};
use crate::normalize;
use crate::rules::Rules;
use crate::segment;
use crate::tokenize::Tokenizer;

/// A stage whose time an [`Observer`] is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Per document (CPU time summed over documents).
    Ingest,
    Normalize,
    Segment,
    /// The three above over all documents, in parallel (wall time).
    Documents,
    Dedup,
    Targets,
    /// Tokenizing and aligning (wall time).
    Align,
    /// The last stage: [`StageTimes`] keeps one counter per stage up to this one.
    Check,
}

/// Hears how a run goes. Every method has a default that does nothing.
pub trait Observer: Sync {
    /// One input file was processed (read or failed).
    fn file_done(&self) {}
    /// `stage` took `elapsed` (added up per document for the per-document stages).
    fn stage_done(&self, _stage: Stage, _elapsed: Duration) {}
}

/// The observer that ignores everything.
pub struct Unobserved;

impl Observer for Unobserved {}

/// Time spent per stage (`scan --timings`). Per-document stages run in parallel: their figure
/// is the CPU time summed over documents; `Documents` is the wall time of all of them together.
#[derive(Debug, Default)]
pub struct StageTimes {
    nanos: [AtomicU64; Stage::Check as usize + 1],
}

impl StageTimes {
    /// The time recorded for a stage.
    pub fn get(&self, stage: Stage) -> Duration {
        Duration::from_nanos(self.nanos[stage as usize].load(Ordering::Relaxed))
    }
}

impl Observer for StageTimes {
    fn stage_done(&self, stage: Stage, elapsed: Duration) {
        self.nanos[stage as usize].fetch_add(elapsed.as_nanos() as u64, Ordering::Relaxed);
    }
}

/// Time `work` and tell the observer.
fn timed<T>(observer: &dyn Observer, stage: Stage, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = work();
    observer.stage_done(stage, started.elapsed());
    out
}

/// Settings of the corpus-wide stages, fixed once per command from its flags.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub dedup: DedupConfig,
    pub align: AlignConfig,
}

/// Which document pairs a run aligns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AlignPairs {
    /// Each document with the upper documents of its region (`scan`).
    #[default]
    ByRegion,
    /// As `ByRegion`, for the lower documents from this index on (`lint --require-coverage`:
    /// the drafts, appended last; TF-IDF weights then come from the drafts and their upper
    /// documents alone, whether the corpus was read whole or from a saved index).
    ByRegionFrom(usize),
    /// These (lower, upper) pairs (`align A B`).
    Explicit(Vec<(usize, usize)>),
    /// None (`lint` without `--require-coverage`: alignment's only finding is task coverage,
    /// and it is most of a large run's time).
    Skip,
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

/// What a run covers: the whole corpus (the default) or part of it.
#[derive(Default)]
pub struct Scope<'a> {
    pub align: AlignPairs,
    pub unloaded: Unloaded<'a>,
}

/// Run the corpus-wide stages over a processed corpus.
pub fn analyze(
    corpus: Corpus,
    rules: &Rules,
    settings: &Settings,
    scope: &Scope<'_>,
    observer: &dyn Observer,
) -> Run {
    let dedup = timed(observer, Stage::Dedup, || {
        crate::dedup::find_duplicates_in_part(
            &corpus.documents,
            &rules.boilerplate,
            &settings.dedup,
            scope.unloaded.postings.unwrap_or(&|_| 0),
        )
    });
    let targets = timed(observer, Stage::Targets, || {
        targets_of(&corpus.documents, rules)
    });
    let align = timed(observer, Stage::Align, || {
        align_stage(&corpus.documents, &targets, rules, settings, &scope.align)
    });
    let mut run = Run {
        corpus,
        dedup,
        align,
        targets,
        findings: vec![],
        region_parents: scope.unloaded.region_parents.clone(),
    };
    run.findings = timed(observer, Stage::Check, || {
        crate::check::check(&run, &rules.checks, &rules.metrics, &rules.regions)
    });
    run
}

/// The targets of every document, in document order.
fn targets_of(documents: &[Document], rules: &Rules) -> Vec<crate::model::Target> {
    documents
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, d)| crate::targets::extract(i, d, &rules.metrics))
        .collect()
}

/// Alignment of the pairs `which` names.
fn align_stage(
    documents: &[Document],
    targets: &[crate::model::Target],
    rules: &Rules,
    settings: &Settings,
    which: &AlignPairs,
) -> AlignResult {
    let by_region =
        || crate::align::pairs_to_align(documents, &rules.regions, settings.align.same_level);
    let pairs = match which {
        AlignPairs::ByRegion => by_region(),
        AlignPairs::ByRegionFrom(first) => {
            let mut pairs = by_region();
            pairs.retain(|&(lower, _)| lower >= *first);
            pairs
        }
        AlignPairs::Explicit(pairs) => pairs.clone(),
        AlignPairs::Skip => Vec::new(),
    };
    if pairs.is_empty() {
        return AlignResult::default();
    }
    let tokenizer = Tokenizer::new(rules);
    crate::align::align(
        documents,
        &pairs,
        &tokenizer,
        &rules.boilerplate,
        targets,
        &settings.align,
    )
}

/// `align A B`: every document of `lower` aligned with every document of `upper` (no limit on
/// upper documents), in one run whose documents are `lower`'s then `upper`'s.
pub fn align_explicit(lower: Corpus, upper: Corpus, rules: &Rules, align: &AlignConfig) -> Run {
    let n_lower = lower.documents.len();
    let mut documents = lower.documents;
    documents.extend(upper.documents);
    let pairs: Vec<(usize, usize)> = (0..n_lower)
        .flat_map(|a| (n_lower..documents.len()).map(move |b| (a, b)))
        .collect();
    let settings = Settings {
        align: AlignConfig {
            max_uppers: usize::MAX,
            ..align.clone()
        },
        ..Settings::default()
    };
    let targets = targets_of(&documents, rules);
    let align = align_stage(
        &documents,
        &targets,
        rules,
        &settings,
        &AlignPairs::Explicit(pairs),
    );
    Run {
        corpus: Corpus {
            documents,
            errors: lower.errors.into_iter().chain(upper.errors).collect(),
            skipped: lower.skipped.into_iter().chain(upper.skipped).collect(),
        },
        align,
        targets,
        ..Run::default()
    }
}

/// Process every input: ingest, normalize and segment each file, in parallel.
pub fn build_corpus(
    inputs: &[std::path::PathBuf],
    manifest: Option<&Manifest>,
    rules: &Rules,
    budget: &Budget,
    observer: &dyn Observer,
) -> Corpus {
    let started = Instant::now();
    let ingest::Inputs {
        files,
        mut errors,
        skipped,
    } = ingest::collect_inputs(inputs);
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
            let r = process_observed(path, id, manifest, rules, budget, observer);
            observer.file_done();
            r
        })
        .collect();
    observer.stage_done(Stage::Documents, started.elapsed());
    let mut documents = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(d) => documents.push(d),
            Err(e) => errors.push(e),
        }
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    Corpus {
        documents,
        errors,
        skipped,
    }
}

/// Document ids: the manifest's, else the short file-stem id; clashes fall back to the full
/// stem, then a `~N` suffix.
fn assign_ids(files: &[std::path::PathBuf], manifest: Option<&Manifest>) -> Vec<DocId> {
    let mut seen = crate::text::UniqueNames::default();
    files
        .iter()
        .map(|f| {
            let from_manifest = manifest
                .and_then(|m| m.entry_for(f))
                .and_then(|e| e.id.clone())
                .map(DocId);
            let mut id = from_manifest.unwrap_or_else(|| ingest::default_doc_id(f));
            if seen.contains(&id.0) {
                id = DocId(
                    f.file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                );
            }
            DocId(seen.claim(id.0))
        })
        .collect()
}

/// Read, normalize and segment one file.
pub fn process_file(
    path: &Path,
    id: DocId,
    manifest: Option<&Manifest>,
    rules: &Rules,
    budget: &Budget,
) -> Result<Document, InputError> {
    process_observed(path, id, manifest, rules, budget, &Unobserved)
}

fn process_observed(
    path: &Path,
    id: DocId,
    manifest: Option<&Manifest>,
    rules: &Rules,
    budget: &Budget,
    observer: &dyn Observer,
) -> Result<Document, InputError> {
    let source = timed(observer, Stage::Ingest, || ingest::read_document(path, id))?;
    process_source(source, manifest, rules, budget, observer)
}

/// Process bytes as if read from a file at `path` (no manifest, the default [`Budget`]):
/// fuzzing and tests.
pub fn process_bytes(
    path: &Path,
    format: crate::model::Format,
    bytes: &[u8],
    rules: &Rules,
) -> Result<Document, InputError> {
    let source = ingest::source_from_bytes(path, ingest::default_doc_id(path), format, bytes)?;
    process_source(source, None, rules, &Budget::DEFAULT, &Unobserved)
}

/// Normalize and segment a document already read, within the budget.
fn process_source(
    source: crate::model::SourceDoc,
    manifest: Option<&Manifest>,
    rules: &Rules,
    budget: &Budget,
    observer: &dyn Observer,
) -> Result<Document, InputError> {
    if let Err(reason) = budget.check_text(&source.content.text) {
        return Err(InputError {
            path: source.path,
            reason,
        });
    }
    let doc = document_of(source, manifest, rules, observer);
    budget
        .check_document(&doc, &rules.metrics)
        .map_err(|reason| InputError {
            path: doc.source.path.clone(),
            reason,
        })?;
    Ok(doc)
}

/// Normalize and segment a document already read.
fn document_of(
    mut source: crate::model::SourceDoc,
    manifest: Option<&Manifest>,
    rules: &Rules,
    observer: &dyn Observer,
) -> Document {
    let path = source.path.clone();
    let path = path.as_path();
    let normalized = timed(observer, Stage::Normalize, || {
        normalize::normalize(&source, rules)
    });
    let sections = timed(observer, Stage::Segment, || {
        segment::segment(&source.id, &normalized.text.text)
    });
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
        None => {
            let (meta, note) = manifest::infer_meta(&normalized.text.text, &rules.regions);
            source.warnings.extend(note);
            meta
        }
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
