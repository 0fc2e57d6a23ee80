//! The command line as a user runs it: exit codes, messages naming files, the default run,
//! byte-identical reports whatever the thread count, and inputs left untouched.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::*;
use predicates::prelude::*;

fn crosscheck() -> Command {
    let mut c = Command::cargo_bin("crosscheck").unwrap();
    c.env_remove("CI");
    c
}

fn copy_seeds(to: &Path) {
    copy_dir(&repo().join("seeds"), to);
}

fn hash_dir(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (
                p.display().to_string(),
                crosscheck::text::sha256_hex(&bytes),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn bad_inputs_are_named_and_the_rest_still_processed() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = folder_with_bad_inputs(dir.path());
    let garbage: Vec<u8> = (0..300u32)
        .flat_map(|i| [0x81 + (i % 0x7e) as u8, b' ', b'x'])
        .collect();
    std::fs::write(inputs.join("garbage.txt"), garbage).unwrap();
    let out = dir.path().join("out");
    let assert = crosscheck()
        .args(["scan", "--quiet", "--out"])
        .arg(&out)
        .arg(&inputs)
        .arg(dir.path().join("missing.txt"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for (file, reason) in [
        ("empty.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("garbage.txt", "cannot decode"),
        ("missing.txt", "no such file"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(file) && l.contains(reason)),
            "no message for {file}: {stderr}"
        );
    }
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    assert_eq!(documents.lines().count(), 2, "header + the good document");
    assert!(documents.contains("good.txt"));
    let sections = std::fs::read_to_string(out.join("sections.csv")).unwrap();
    assert!(sections.contains("good/(七)"));
}

#[test]
fn inspect_shows_simplified_text_without_pinyin() {
    let out = crosscheck()
        .arg("inspect")
        .arg(seed_path("000"))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        stdout.contains("639 pinyin annotations stripped"),
        "{stdout}"
    );
    assert!(stdout.contains("(一)创新引领跨界融合"));
    assert!(stdout.contains("消费品"));
    let tree: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("000"))
        .collect();
    assert!(tree.len() > 20);
    assert!(
        tree.iter()
            .all(|l| !l.contains("(fèi)") && !l.contains("(yè)")),
        "pinyin in the tree"
    );
    assert!(stdout.contains("000/(三)/10"));
    assert!(stdout.contains("@2:1-"), "line:col spans shown");
}

#[test]
fn inspect_json_has_sections_with_spans() {
    let out = crosscheck()
        .args(["inspect", "--json"])
        .arg(seed_path("003"))
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(
        v["document"]["level"], "city",
        "from the manifest beside the seed"
    );
    let sections = v["sections"].as_array().unwrap();
    let b2 = sections
        .iter()
        .find(|s| s["section_id"] == "003/专栏2")
        .unwrap();
    assert_eq!(b2["kind"], "box");
    assert_eq!(b2["line_start"], 114);
    assert_eq!(b2["title"], "专栏2:绿色智造的“湖州标准”体系建设工程");
}

#[test]
fn inspect_of_a_missing_file_exits_2() {
    crosscheck()
        .args(["inspect", "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/file.txt"));
}

#[test]
fn default_run_scans_seeds_into_reports() {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(&dir.path().join("seeds"));
    let before = hash_dir(&dir.path().join("seeds"));
    crosscheck().current_dir(dir.path()).assert().success();
    assert_eq!(
        hash_dir(&dir.path().join("seeds")),
        before,
        "inputs untouched"
    );
    let documents = std::fs::read_to_string(dir.path().join("reports/documents.csv")).unwrap();
    let mut lines = documents.lines();
    assert_eq!(
        lines.next().unwrap(),
        "file,doc,title,level,region,encoding,chars,sections,warnings,format,issuer,period,parent_region,meta_source,pinyin_stripped,traditional_converted,fullwidth_folded,cjk_spaces,clutter_lines,sha256,duplication_rate"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 5);
    assert!(rows[3].contains(",003,湖州市质量发展“十四五”规划（2021~2025年）,city,湖州市,UTF-8,"));
    assert!(
        !documents.contains("differs from the SHA-256"),
        "bundled seeds unchanged"
    );
    let sections = std::fs::read_to_string(dir.path().join("reports/sections.csv")).unwrap();
    assert!(sections.starts_with(
        "doc,section_id,parent_id,kind,level,title,line_start,col_start,line_end,col_end,byte_start,byte_end,chars"
    ));
    assert!(sections
        .contains("003,003/专栏2,003,box,1,专栏2:绿色智造的“湖州标准”体系建设工程,114,1,115,"));
}

#[test]
fn reports_are_identical_for_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2", "2"] {
        let out = dir.path().join(format!("out{}", outputs.len()));
        crosscheck()
            .args(["scan", "--quiet", "--threads", threads, "--out"])
            .arg(&out)
            .arg(repo().join("seeds"))
            .assert()
            .success();
        let files: Vec<Vec<u8>> = [
            "documents.csv",
            "sections.csv",
            "duplicates.csv",
            "targets.csv",
            "findings.csv",
            "report.json",
            "report.html",
        ]
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect();
        assert!(files[2].len() > 1000, "duplicates found");
        outputs.push(files);
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn output_path_that_is_a_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    std::fs::write(&out, "not a folder").unwrap();
    crosscheck()
        .args(["scan", "--quiet", "--out"])
        .arg(&out)
        .arg(seed_path("004"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a folder"));
}

#[test]
fn a_typo_in_a_rule_file_names_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(
        rules.join("clutter.toml"),
        "line_patterns = []\nphrazes = [\"打印\"]\n",
    )
    .unwrap();
    crosscheck()
        .args(["scan", "--quiet", "--rules"])
        .arg(&rules)
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg(seed_path("004"))
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("clutter.toml")
                .and(predicates::str::contains("line 2"))
                .and(predicates::str::contains("phrazes")),
        );
}

#[test]
fn manifest_naming_a_missing_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(seed_path("004"), dir.path().join("004_x.txt")).unwrap();
    std::fs::write(
        dir.path().join("manifest.toml"),
        "[[document]]\nfile = \"gone.txt\"\ntitle = \"t\"\nlevel = \"city\"\nregion = \"湖州市\"\n",
    )
    .unwrap();
    crosscheck()
        .args(["scan", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("gone.txt").and(predicates::str::contains("does not exist")),
        );
    assert!(
        dir.path().join("out/documents.csv").exists(),
        "the other documents still reported"
    );
}

#[test]
fn an_empty_table_still_has_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    crosscheck()
        .args(["scan", "--quiet", "--out"])
        .arg(&out)
        .arg(seed_path("004"))
        .arg("--min-chars")
        .arg("200")
        .assert()
        .success();
    let dups = std::fs::read_to_string(out.join("duplicates.csv")).unwrap();
    assert_eq!(dups.lines().count(), 1, "{dups}");
    assert!(dups.starts_with("id,cluster,kind,doc_a,"));
}

#[test]
fn align_prints_coverage_and_writes_both_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = crosscheck()
        .args(["align"])
        .arg(seed_path("003"))
        .arg(seed_path("002"))
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("37 tasks of 002"), "{stdout}");
    assert!(stdout
        .lines()
        .any(|l| l.contains("covered") && l.contains("实施绿色制造工程")));
    let alignments = std::fs::read_to_string(dir.path().join("alignments.csv")).unwrap();
    assert!(alignments
        .starts_with("doc_a,section_a,title_a,doc_b,section_b,title_b,score,rank,shared_terms"));
    let coverage = std::fs::read_to_string(dir.path().join("coverage.csv")).unwrap();
    assert!(coverage
        .starts_with("upper_doc,section,title,status,best_doc,best_section,best_title,score"));
    assert_eq!(coverage.lines().count(), 38, "header + 37 tasks");
}

#[test]
fn explain_prints_a_rule_and_rejects_an_unknown_one() {
    let out = crosscheck().args(["explain", "CC403"]).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.starts_with("CC403 table-disagrees-with-text (warning"));
    assert!(
        stdout.contains("What it does:")
            && stdout.contains("Why it matters:")
            && stdout.contains("Example:")
    );
    crosscheck()
        .args(["explain", "table-disagrees-with-text"])
        .assert()
        .success();
    crosscheck()
        .args(["explain", "CC999"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no rule"));
}

#[test]
fn format_chooses_the_files_and_lang_the_labels() {
    let dir = tempfile::tempdir().unwrap();
    let csv_only = dir.path().join("csv");
    crosscheck()
        .args(["scan", "--quiet", "--format", "csv", "--out"])
        .arg(&csv_only)
        .arg(seed_path("004"))
        .assert()
        .success();
    assert!(csv_only.join("findings.csv").exists());
    assert!(!csv_only.join("report.html").exists() && !csv_only.join("report.json").exists());
    let en = dir.path().join("en");
    crosscheck()
        .args([
            "scan", "--quiet", "--format", "html", "--lang", "en", "--out",
        ])
        .arg(&en)
        .arg(seed_path("004"))
        .assert()
        .success();
    let html = std::fs::read_to_string(en.join("report.html")).unwrap();
    assert!(html.contains(">Duplicates<") && html.contains("Policy plan cross-check report"));
    assert!(!en.join("documents.csv").exists());
    let zh = std::fs::read_to_string(dir.path().join("csv").join("findings.csv")).unwrap();
    assert!(zh.starts_with("id,rule,severity"));
}

/// A table's CSV and its part of report.json are written in one pass and report.json is put
/// together from the parts; asking for JSON alone (no CSV files) must give the same bytes, and
/// the same JSON a serializer would write for the whole model.
#[test]
fn report_json_alone_equals_report_json_beside_the_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    let (all, json_only) = (dir.path().join("all"), dir.path().join("json"));
    for (out, format) in [(&all, "csv,json,html"), (&json_only, "json")] {
        crosscheck()
            .args(["scan", "--quiet", "--format", format, "--out"])
            .arg(out)
            .arg(common::repo().join("seeds"))
            .assert()
            .success();
    }
    let mut names: Vec<String> = std::fs::read_dir(&json_only)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["SHA256SUMS", "report.json"],
        "no parts or CSV files left behind, and the seal"
    );
    let a = std::fs::read(all.join("report.json")).unwrap();
    let b = std::fs::read(json_only.join("report.json")).unwrap();
    assert_eq!(a, b);
    let model: serde_json::Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(
        serde_json::to_vec(&model).unwrap().len(),
        a.len(),
        "compact, one document"
    );
    // Fields in the documented order (the raw text: a parsed map would sort them).
    let text = String::from_utf8(a.clone()).unwrap();
    let order: Vec<usize> = [
        "{\"schema_version\":",
        ",\"tool\":",
        ",\"version\":",
        ",\"documents\":[",
        "],\"errors\":[",
        "],\"sections\":[",
        "],\"duplicates\":[",
        "],\"alignments\":[",
        "],\"coverage\":[",
        "],\"targets\":[",
        "],\"findings\":[",
    ]
    .iter()
    .map(|k| text.find(k).unwrap_or_else(|| panic!("{k} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    for table in ["sections", "alignments", "coverage", "findings"] {
        let (_, rows) = common::read_csv(&all.join(format!("{table}.csv")));
        assert_eq!(
            model[table].as_array().unwrap().len(),
            rows.len(),
            "{table}"
        );
    }
}
