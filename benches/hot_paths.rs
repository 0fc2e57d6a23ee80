//! Criterion benchmarks of the hot paths, on the bundled seeds (run: `cargo bench --bench
//! hot_paths`). Whole runs at scale are measured by the scripts in this folder; see
//! BENCHMARKS.md.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use crosscheck::model::{Document, Format};
use crosscheck::pipeline;
use crosscheck::rules::Rules;

fn seed_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn documents(rules: &Rules) -> Vec<Document> {
    seed_files()
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            pipeline::process_bytes(p, Format::Text, &bytes, rules).unwrap()
        })
        .collect()
}

fn hot_paths(c: &mut Criterion) {
    let rules = Rules::builtin();
    let files = seed_files();
    let bytes: Vec<Vec<u8>> = files.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let docs = documents(&rules);

    c.bench_function("decode all seeds", |b| {
        b.iter(|| {
            for x in &bytes {
                black_box(crosscheck::ingest::decode(x).unwrap());
            }
        })
    });
    c.bench_function("read+normalize+segment all seeds", |b| {
        b.iter(|| {
            for (p, x) in files.iter().zip(&bytes) {
                black_box(pipeline::process_bytes(p, Format::Text, x, &rules).unwrap());
            }
        })
    });
    c.bench_function("dedup over the seeds", |b| {
        let cfg = crosscheck::dedup::DedupConfig::default();
        b.iter(|| {
            black_box(crosscheck::dedup::find_duplicates(
                &docs,
                &rules.boilerplate,
                &cfg,
            ))
        })
    });
    c.bench_function("targets of all seeds", |b| {
        b.iter(|| {
            for (i, d) in docs.iter().enumerate() {
                black_box(crosscheck::targets::extract(i, d, &rules.metrics));
            }
        })
    });
    let tokenizer = crosscheck::tokenize::Tokenizer::new(&rules);
    let text: String = docs.iter().map(|d| d.text()).collect();
    c.bench_function("jieba terms of all seeds", |b| {
        b.iter(|| black_box(tokenizer.terms(&text).len()))
    });
    let targets: Vec<_> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| crosscheck::targets::extract(i, d, &rules.metrics))
        .collect();
    let pairs = crosscheck::align::pairs_to_align(&docs, &rules.regions, false);
    c.bench_function("align the seeds' pairs", |b| {
        let cfg = crosscheck::align::AlignConfig::default();
        b.iter(|| {
            black_box(crosscheck::align::align(
                &docs,
                &pairs,
                &tokenizer,
                &rules.boilerplate,
                &targets,
                &cfg,
            ))
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = hot_paths
}
criterion_main!(benches);
