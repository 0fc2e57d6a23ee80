//! Recall and precision of duplicate detection on a synthetic corpus: paragraphs copied across
//! and within documents with random edits (numbers, words, punctuation, Traditional characters,
//! inserted spaces), measured against the generator's answer key. Goal: ≥ 0.95 each.

mod common;

use common::*;
use crosscheck::model::DupKind;
use crosscheck_dev::synth::{self, SynthConfig};

fn overlap(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Generate, scan, and score one synthetic corpus. Returns (recall, precision, injected).
fn score(seed: u64, docs: usize) -> (f64, f64, usize) {
    let rules = crosscheck::rules::Rules::load(&repo().join("rules")).unwrap();
    let seeds = crosscheck::pipeline::build_corpus(
        &[repo().join("seeds")],
        None,
        &rules,
        &crosscheck::pipeline::Budget::DEFAULT,
        &crosscheck::pipeline::Unobserved,
    );
    let texts: Vec<String> = seeds
        .documents
        .iter()
        .map(|d| d.text().to_owned())
        .collect();
    let cfg = SynthConfig {
        docs,
        seed,
        ..SynthConfig::default()
    };
    let corpus = synth::generate(&texts, &synth::regions_of(&rules), &cfg);
    assert_eq!(corpus.filler_collisions, 0);
    let dir = tempfile::tempdir().unwrap();
    for d in &corpus.docs {
        std::fs::write(dir.path().join(format!("{}.txt", d.name)), &d.text).unwrap();
    }
    let scanned = crosscheck::pipeline::build_corpus(
        &[dir.path().to_owned()],
        None,
        &rules,
        &crosscheck::pipeline::Budget::DEFAULT,
        &crosscheck::pipeline::Unobserved,
    );
    assert_eq!(scanned.documents.len(), docs);
    let run = crosscheck::pipeline::analyze(
        scanned,
        &rules,
        &Default::default(),
        &Default::default(),
        &crosscheck::pipeline::Unobserved,
    );
    let docs_by_name: Vec<&str> = run
        .corpus
        .documents
        .iter()
        .map(|d| d.id().0.as_str())
        .collect();
    let found: Vec<(usize, std::ops::Range<usize>, usize, std::ops::Range<usize>)> = run
        .dedup
        .duplicates
        .iter()
        .filter(|d| d.kind != DupKind::Boilerplate)
        .map(|d| {
            let da = &run.corpus.documents[d.a.doc];
            let db = &run.corpus.documents[d.b.doc];
            let la = da.locate(d.a.range.clone());
            let lb = db.locate(d.b.range.clone());
            (
                d.a.doc,
                la.byte_start..la.byte_end,
                d.b.doc,
                lb.byte_start..lb.byte_end,
            )
        })
        .collect();
    let doc_index = |name: &str| docs_by_name.iter().position(|n| *n == name).unwrap();
    let matches =
        |inj: &synth::Injected,
         f: &(usize, std::ops::Range<usize>, usize, std::ops::Range<usize>)| {
            let (sd, cd) = (
                doc_index(&corpus.docs[inj.source_doc].name),
                doc_index(&corpus.docs[inj.copy_doc].name),
            );
            let covers = |doc: usize,
                          want: &std::ops::Range<usize>,
                          got_doc: usize,
                          got: &std::ops::Range<usize>| {
                doc == got_doc && overlap(want, got) * 2 >= want.len()
            };
            (covers(sd, &inj.source, f.0, &f.1) && covers(cd, &inj.copy, f.2, &f.3))
                || (covers(sd, &inj.source, f.2, &f.3) && covers(cd, &inj.copy, f.0, &f.1))
        };
    let mut missed = Vec::new();
    let recalled = corpus
        .injected
        .iter()
        .filter(|inj| {
            let hit = found.iter().any(|f| matches(inj, f));
            if !hit && std::env::var_os("SHOW_UNMATCHED").is_some() {
                let (sd, cd) = (&corpus.docs[inj.source_doc], &corpus.docs[inj.copy_doc]);
                eprintln!(
                    "MISSED {}:{:?} {:?}\n   ~ {}:{:?} {:?}",
                    sd.name,
                    inj.source,
                    &sd.text[inj.source.clone()],
                    cd.name,
                    inj.copy,
                    &cd.text[inj.copy.clone()]
                );
                for f in found
                    .iter()
                    .filter(|f| f.2 == doc_index(&cd.name) || f.0 == doc_index(&cd.name))
                {
                    eprintln!("   found {}:{:?} ~ {}:{:?}", f.0, f.1, f.2, f.3);
                }
            }
            if !hit {
                missed.push(format!(
                    "{}→{} {:?}",
                    corpus.docs[inj.source_doc].name, corpus.docs[inj.copy_doc].name, inj.mutations
                ));
            }
            hit
        })
        .count();
    let correct = found
        .iter()
        .filter(|f| corpus.injected.iter().any(|inj| matches(inj, f)))
        .count();
    if std::env::var_os("SHOW_UNMATCHED").is_some() {
        for f in found
            .iter()
            .filter(|f| !corpus.injected.iter().any(|inj| matches(inj, f)))
        {
            let (a, b) = (&corpus.docs[f.0].text, &corpus.docs[f.2].text);
            eprintln!(
                "unmatched {}:{:?} {:?}\n      ~ {}:{:?} {:?}",
                f.0,
                f.1,
                &a[f.1.clone()],
                f.2,
                f.3,
                &b[f.3.clone()]
            );
            for inj in corpus
                .injected
                .iter()
                .filter(|i| i.copy_doc == f.2 || i.source_doc == f.0)
            {
                eprintln!(
                    "   inj {}:{:?} ~ {}:{:?}",
                    inj.source_doc, inj.source, inj.copy_doc, inj.copy
                );
            }
        }
    }
    let recall = recalled as f64 / corpus.injected.len() as f64;
    let precision = if found.is_empty() {
        0.0
    } else {
        correct as f64 / found.len() as f64
    };
    eprintln!(
        "seed {seed}: {} injected, {} found, recall {recall:.3}, precision {precision:.3}; missed {missed:?}",
        corpus.injected.len(),
        found.len()
    );
    (recall, precision, corpus.injected.len())
}

#[test]
fn injected_copies_are_found_with_high_recall_and_precision() {
    let mut total = (0.0, 0.0, 0);
    for seed in [1, 2, 3] {
        let (r, p, n) = score(seed, 60);
        assert!(n >= 40, "enough injected copies to measure: {n}");
        total.0 += r * n as f64;
        total.1 += p * n as f64;
        total.2 += n;
    }
    let (recall, precision) = (total.0 / total.2 as f64, total.1 / total.2 as f64);
    eprintln!(
        "overall: {} injected copies, recall {recall:.3}, precision {precision:.3}",
        total.2
    );
    assert!(recall >= 0.95, "recall {recall:.3}");
    assert!(precision >= 0.95, "precision {precision:.3}");
}
