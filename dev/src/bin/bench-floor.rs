//! `bench-floor`: the floor a scan is measured against (BENCHMARKS.md). Not part of the user CLI.
//!
//! `bench-floor DIR [--threads N]` reads every document of DIR, decodes it (the same decoder as
//! `scan`), and runs jieba-rs `cut` over the decoded text with the same dictionary and the same
//! thread count; prints the wall time of each step and of all of them, one `name ms` per line.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use rayon::prelude::*;

/// The scan's allocator, so the floor is measured on the same footing.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "bench-floor",
    about = "Read, decode and jieba-cut a corpus; print the times"
)]
struct Args {
    /// Corpus folder (or files).
    paths: Vec<PathBuf>,
    /// Worker threads (default: all cores, as `scan`).
    #[arg(long)]
    threads: Option<usize>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting up worker threads")?;
    }
    let files = crosscheck::ingest::collect_inputs(&args.paths).files;
    let all = Instant::now();
    let t = Instant::now();
    let bytes: Vec<Vec<u8>> = files
        .par_iter()
        .map(|f| std::fs::read(f).unwrap_or_default())
        .collect();
    let read_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let texts: Vec<String> = bytes
        .par_iter()
        .filter_map(|b| crosscheck::ingest::decode(b).ok().map(|d| d.text))
        .collect();
    let decode_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let tokenizer = crosscheck::tokenize::Tokenizer::new(&crosscheck::rules::Rules::builtin());
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let words: usize = texts.par_iter().map(|s| tokenizer.cut_all(s)).sum();
    let cut_ms = t.elapsed().as_secs_f64() * 1e3;
    let mb = bytes.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
    println!("files {}", files.len());
    println!("mb {mb:.1}");
    println!("read {read_ms:.1}");
    println!("decode {decode_ms:.1}");
    println!("jieba_load {load_ms:.1}");
    println!("jieba_cut {cut_ms:.1}");
    println!("words {words}");
    println!("total {:.1}", all.elapsed().as_secs_f64() * 1e3);
    Ok(())
}
