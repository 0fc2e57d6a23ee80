//! `crosscheck index` and `lint --index`: the saved index gives the drafts exactly the findings
//! a lint against the corpus read whole gives (seeds, and a generated corpus with copies,
//! contradicting targets and a region tree), and a stale or corrupt index is rejected with a
//! message naming the index and the reason, exit 2.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{copy_dir, generated_corpus, repo};

const COUNTY_DRAFT: &str = "tests/fixtures/lint/county-draft";

/// Run the binary from `dir`, returning (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("crosscheck")
        .unwrap()
        .env_remove("CI")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn build_index(dir: &Path, corpus: &str, out: &str) {
    let (code, _, err) = run_in(dir, &["index", corpus, "--out", out]);
    assert_eq!(code, 0, "{err}");
}

/// Lint the same drafts against the corpus and against its index, in every way that matters.
fn assert_same_findings(dir: &Path, drafts: &[&str], corpus: &str, index: &str) {
    for extra in [
        &["--format", "json"][..],
        &["--format", "line", "--require-coverage"],
    ] {
        let mut whole: Vec<&str> = vec!["lint"];
        whole.extend(drafts);
        whole.extend(["--against", corpus]);
        whole.extend(extra);
        let mut indexed: Vec<&str> = vec!["lint"];
        indexed.extend(drafts);
        indexed.extend(["--index", index]);
        indexed.extend(extra);
        let (code_a, out_a, err_a) = run_in(dir, &whole);
        let (code_b, out_b, err_b) = run_in(dir, &indexed);
        assert!(code_a <= 1, "{err_a}");
        assert!(!out_a.trim().is_empty() && out_a.lines().count() > 2);
        assert_eq!(code_a, code_b, "{err_b}");
        assert_eq!(
            out_a, out_b,
            "lint --index differs from lint --against ({extra:?})"
        );
    }
}

#[test]
fn index_of_the_seeds_gives_the_same_findings_as_the_seeds() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("seeds.ccx");
    build_index(&repo(), "seeds", index.to_str().unwrap());
    assert_same_findings(&repo(), &[COUNTY_DRAFT], "seeds", index.to_str().unwrap());
    // A draft that lies in the indexed folder is left out of the corpus, as with --against.
    assert_same_findings(
        &repo(),
        &["seeds/003_bcf92bb41f96abcb.txt"],
        "seeds",
        index.to_str().unwrap(),
    );
}

#[test]
fn index_of_a_generated_corpus_gives_the_same_findings_and_loads_only_part_of_it() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    generated_corpus(&corpus, 160, 11);
    // Drafts: one generated plan moved out of the corpus (so it is a new draft whose copies
    // and targets are in the corpus), and the county draft fixture.
    let drafts = tmp.path().join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    std::fs::rename(corpus.join("00120.txt"), drafts.join("plan.txt")).unwrap();
    std::fs::copy(
        repo()
            .join(COUNTY_DRAFT)
            .read_dir()
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
        drafts.join("county.txt"),
    )
    .unwrap();
    // The manifest still names the moved file: rewrite it without that entry.
    let manifest = std::fs::read_to_string(corpus.join("manifest.toml")).unwrap();
    let kept: Vec<&str> = manifest
        .split("\n[[document]]")
        .filter(|block| !block.contains("\"00120.txt\""))
        .collect();
    std::fs::write(corpus.join("manifest.toml"), kept.join("\n[[document]]")).unwrap();
    build_index(tmp.path(), "corpus", "corpus.ccx");
    assert_same_findings(tmp.path(), &["drafts"], "corpus", "corpus.ccx");
    let (_, _, err) = run_in(
        tmp.path(),
        &[
            "lint",
            "drafts",
            "--index",
            "corpus.ccx",
            "--format",
            "json",
        ],
    );
    let loaded: usize = err
        .split("loaded ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{err}"));
    assert!(loaded < 159, "loaded {loaded} of 159");
}

/// A copy of the seeds and an index of it, in a temporary folder.
fn indexed_seeds() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let seeds = tmp.path().join("seeds");
    copy_dir(&repo().join("seeds"), &seeds);
    copy_dir(&repo().join(COUNTY_DRAFT), &tmp.path().join("draft"));
    build_index(tmp.path(), "seeds", "seeds.ccx");
    let index = tmp.path().join("seeds.ccx");
    (tmp, index)
}

fn lint_with_index(dir: &Path) -> (i32, String) {
    let (code, _, err) = run_in(
        dir,
        &["lint", "draft", "--index", "seeds.ccx", "--format", "line"],
    );
    (code, err)
}

fn seed_file(dir: &Path, prefix: &str) -> PathBuf {
    std::fs::read_dir(dir.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap()
}

#[test]
fn a_fresh_index_is_used_and_a_touched_but_unchanged_file_keeps_it_fresh() {
    let (tmp, _) = indexed_seeds();
    assert_eq!(lint_with_index(tmp.path()).0, 1);
    // Same bytes, new modification time: still fresh.
    let f = seed_file(tmp.path(), "001_");
    let bytes = std::fs::read(&f).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&f, &bytes).unwrap();
    let (code, err) = lint_with_index(tmp.path());
    assert_eq!(code, 1, "{err}");
}

#[test]
fn a_stale_index_is_rejected_naming_what_changed() {
    type Change = fn(&Path);
    let cases: [(&str, Change, &str); 5] = [
        (
            "a file edited",
            |d| {
                let f = seed_file(d, "002_");
                let mut t = std::fs::read_to_string(&f).unwrap();
                t.push_str("\n新增一段。\n");
                std::fs::write(f, t).unwrap();
            },
            "002_",
        ),
        (
            "a file edited, same length",
            |d| {
                let f = seed_file(d, "004_");
                let mut b = std::fs::read(&f).unwrap();
                let i = b.iter().position(|&c| c == b'1').unwrap();
                b[i] = b'2';
                std::fs::write(f, b).unwrap();
            },
            "004_",
        ),
        (
            "a file removed",
            |d| std::fs::remove_file(seed_file(d, "000_")).unwrap(),
            "000_",
        ),
        (
            "a file added",
            |d| std::fs::write(d.join("seeds/new-plan.txt"), "一、总体要求\n新的规划。\n").unwrap(),
            "new-plan.txt",
        ),
        (
            "the manifest changed",
            |d| {
                let m = d.join("seeds/manifest.toml");
                let t = std::fs::read_to_string(&m).unwrap();
                std::fs::write(m, t.replacen("湖州市", "嘉兴市", 1)).unwrap();
            },
            "manifest.toml",
        ),
    ];
    for (what, change, named) in cases {
        let (tmp, _) = indexed_seeds();
        change(tmp.path());
        let (code, err) = lint_with_index(tmp.path());
        assert_eq!(code, 2, "{what}: {err}");
        assert!(err.contains("seeds.ccx: stale index"), "{what}: {err}");
        assert!(err.contains(named), "{what}: {err}");
        assert!(
            err.contains("crosscheck index"),
            "{what}: says how to fix: {err}"
        );
    }
}

#[test]
fn an_index_built_with_other_rules_is_stale() {
    let (tmp, _) = indexed_seeds();
    let rules = tmp.path().join("rules");
    copy_dir(&repo().join("rules"), &rules);
    // Same rules as built in: still fresh.
    assert_eq!(lint_with_index(tmp.path()).0, 1);
    let stop = rules.join("stopwords.toml");
    let t = std::fs::read_to_string(&stop).unwrap();
    std::fs::write(&stop, t.replacen("words = [", "words = [\"规划\", ", 1)).unwrap();
    let (code, err) = lint_with_index(tmp.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("stale index: built with other rules"), "{err}");
}

#[test]
fn a_corrupt_index_is_rejected() {
    let (tmp, index) = indexed_seeds();
    let good = std::fs::read(&index).unwrap();
    let len = good.len();
    // Layout: magic (8), version (4), header length (8), header, CRC (4), fingerprint table.
    let header_len = u64::from_le_bytes(good[12..20].try_into().unwrap()) as usize;
    let table = 20 + header_len + 4;
    // The record of 001, the provincial plan the county draft copies from (so it is loaded).
    let opened = crosscheck::index::Index::open(&index).unwrap();
    let i001 = opened
        .documents()
        .iter()
        .position(|d| d.path.to_string_lossy().contains("001_"))
        .unwrap();
    let record = opened.record_span(i001);
    let in_record = (record.start + record.end) as usize / 2;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("a header byte flipped", flip(&good, 40), "corrupt index"),
        (
            "a fingerprint byte flipped",
            flip(&good, table + 5),
            "corrupt index",
        ),
        (
            "a document byte flipped",
            flip(&good, in_record),
            "corrupt index",
        ),
        ("truncated", good[..len - 1].to_vec(), "corrupt index"),
        (
            "cut to a stub",
            good[..10].to_vec(),
            "not a crosscheck index",
        ),
        ("empty", vec![], "not a crosscheck index"),
        (
            "some other file",
            b"{\"version\": 1}".to_vec(),
            "not a crosscheck index",
        ),
        ("a future format", bump_version(&good), "rebuild it"),
    ];
    for (what, bytes, says) in cases {
        std::fs::write(&index, &bytes).unwrap();
        let (code, err) = lint_with_index(tmp.path());
        assert_eq!(code, 2, "{what}: {err}");
        assert!(
            err.contains("seeds.ccx") && err.contains(says),
            "{what}: {err}"
        );
    }
    std::fs::write(&index, &good).unwrap();
    assert_eq!(lint_with_index(tmp.path()).0, 1);
}

fn flip(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at] ^= 0x5a;
    b
}

fn bump_version(bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[8] = b[8].wrapping_add(1);
    b
}

#[test]
fn index_and_against_together_is_a_usage_error() {
    let (code, _, err) = run_in(
        &repo(),
        &[
            "lint",
            COUNTY_DRAFT,
            "--against",
            "seeds",
            "--index",
            "x.ccx",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--index") && err.contains("--against"),
        "{err}"
    );
}

#[test]
fn a_missing_index_names_the_file() {
    let (code, _, err) = run_in(&repo(), &["lint", COUNTY_DRAFT, "--index", "no-such.ccx"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such.ccx"), "{err}");
}

/// An index of the seeds, as bytes, built once for the property test below.
fn seeds_index_bytes() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("seeds"), &dir.path().join("seeds"));
        build_index(dir.path(), "seeds", "seeds.ccindex");
        std::fs::read(dir.path().join("seeds.ccindex")).unwrap()
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// Bytes changed anywhere in an index and every checksum recomputed (what `reseal` does,
    /// as anyone knowing the layout could): the index is refused as corrupt, or what it loads
    /// passes every document invariant, and a lint over it finishes; nothing panics.
    #[test]
    fn a_changed_index_with_recomputed_checksums_is_refused_or_safe(
        changes in proptest::collection::vec((0.0..1.0f64, proptest::prelude::any::<u8>()), 1..6)
    ) {
        let mut bytes = seeds_index_bytes().to_vec();
        for (at, byte) in &changes {
            let i = ((bytes.len() - 1) as f64 * at) as usize;
            bytes[i] = *byte;
        }
        let bytes = crosscheck::index::reseal(&bytes).unwrap_or(bytes);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("changed.ccindex");
        std::fs::write(&path, &bytes).unwrap();
        let Ok(index) = crosscheck::index::Index::open(&path) else {
            return Ok(());
        };
        let all: Vec<usize> = (0..index.documents().len()).collect();
        let Ok(docs) = index.load(&all) else {
            return Ok(());
        };
        for d in &docs {
            proptest::prop_assert!(crosscheck::invariants::document(d).is_ok());
        }
        let rules = crosscheck::rules::Rules::builtin();
        let drafts = crosscheck::pipeline::build_corpus(
            &[repo().join("seeds/004_137a58ff13e322c8.txt")],
            None,
            &rules,
            &crosscheck::pipeline::Budget::DEFAULT,
            &crosscheck::pipeline::Unobserved,
        );
        let _ = crosscheck::lint::against_index(&index, drafts, &rules, true);
    }
}

/// An index of extracted formats (.docx, .doc, .wps, PDF, OFD), whose byte spans are spans of
/// the extracted text: it loads back and a lint uses it. (Its records once failed the index's
/// own check, which compared the extracted text with the file's size: `corrupt index`.)
#[test]
fn an_index_of_pdf_ofd_and_word_files_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_dir(&repo().join("tests/fixtures/formats"), &corpus);
    let index = dir.path().join("formats.ccx");
    let lib = common::pdfium_library();
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("crosscheck")
            .unwrap()
            .env_remove("CI")
            .env("CROSSCHECK_PDFIUM", &lib)
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code().unwrap(), stdout + &stderr)
    };
    let (code, err) = run(&[
        "index",
        "--out",
        index.to_str().unwrap(),
        corpus.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let draft = repo().join("seeds/002_d737fd697cccd43c.txt");
    let (code, err) = run(&[
        "lint",
        draft.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
        "--format",
        "line",
    ]);
    assert!(!err.contains("corrupt index"), "{err}");
    assert!(code == 0 || code == 1, "{err}");
    // The printed copy of seed 002 is in the index: the draft is found copied from it.
    assert!(
        err.contains("CC201") && err.contains("pdf-print-of-seed-002"),
        "{err}"
    );
}
