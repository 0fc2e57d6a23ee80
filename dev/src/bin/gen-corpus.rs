//! `gen-corpus`: write a synthetic plan corpus with an answer key, for accuracy tests and
//! benchmarks. Not part of the user CLI.
//!
//! `cargo run --release -p crosscheck-dev --bin gen-corpus -- --docs 1000 --seed 42 --out
//! /tmp/corpus` writes `/tmp/corpus/NNNNN.txt`, `manifest.toml` and `answers.csv` (the injected copies).

use std::path::PathBuf;

use clap::Parser;

use crosscheck_dev::synth::{self, SynthConfig};

#[derive(Parser, Debug)]
#[command(
    name = "gen-corpus",
    about = "Generate a synthetic plan corpus with an answer key"
)]
struct Args {
    /// Number of documents.
    #[arg(long, default_value_t = 1000)]
    docs: usize,
    /// Random seed; the same seed gives the same corpus.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output folder (created; existing .txt files in it are left alone).
    #[arg(long)]
    out: PathBuf,
    /// Real plans to learn the prose from.
    #[arg(long, default_value = "seeds")]
    seeds: PathBuf,
    /// Chance that a paragraph is a copy of an earlier passage.
    #[arg(long, default_value_t = 0.08)]
    copy_rate: f64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let cfg = SynthConfig {
        docs: args.docs,
        seed: args.seed,
        copy_rate: args.copy_rate,
        ..SynthConfig::default()
    };
    let generated = synth::write_corpus(&args.out, &args.seeds, &cfg)?;
    let bytes: usize = generated.docs.iter().map(|d| d.text.len()).sum();
    eprintln!(
        "wrote {} documents ({:.1} MB), {} injected copies, {} filler collisions, to {}",
        generated.docs.len(),
        bytes as f64 / 1e6,
        generated.injected.len(),
        generated.filler_collisions,
        args.out.display()
    );
    Ok(())
}
