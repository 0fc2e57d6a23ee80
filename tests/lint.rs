//! `crosscheck lint` as a CI job runs it: golden output for every format, SARIF that validates
//! against the SARIF 2.1.0 schema, exit codes 0/1/2 for every format, the baseline round trip,
//! `crosscheck.toml` severities and inline `crosscheck-disable` comments.
//!
//! The county draft fixture (`tests/fixtures/lint/county-draft/`) copies item 4 of seed 001
//! with one number changed (100 → 120), repeats one of its own paragraphs, and sets 1500
//! 品字标 firms where its city (003) set 200 and the province 1200.
//!
//! Goldens live in `tests/expected/lint/`; after an intended change regenerate them with
//! `UPDATE_EXPECTED=1 cargo test --test lint` and review the diff before committing.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::repo;

const COUNTY_DRAFT: &str = "tests/fixtures/lint/county-draft";
const FORMATS: [&str; 6] = ["human", "line", "json", "sarif", "github", "rdjson"];

/// The binary, run from the repository root so paths in the output are relative and stable.
fn lint(args: &[&str]) -> assert_cmd::assert::Assert {
    let mut c = Command::cargo_bin("crosscheck").unwrap();
    c.env_remove("CI")
        .current_dir(repo())
        .arg("lint")
        .args(args);
    c.assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn code(a: &assert_cmd::assert::Assert) -> i32 {
    a.get_output().status.code().expect("exit code")
}

fn check_golden(name: &str, actual: &str) {
    let path = repo().join("tests/expected/lint").join(name);
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing (UPDATE_EXPECTED=1 creates it)", path.display()));
    if actual != expected {
        let diff = similar::TextDiff::from_lines(&expected, actual);
        panic!(
            "lint output {name} changed (review, then UPDATE_EXPECTED=1 to accept):\n{}",
            diff.unified_diff().header("expected", "actual")
        );
    }
}

#[test]
fn county_draft_golden_output_for_every_format() {
    for format in FORMATS {
        let a = lint(&[COUNTY_DRAFT, "--against", "seeds", "--format", format]);
        assert_eq!(
            code(&a),
            1,
            "{format}: an error-level finding fails the job"
        );
        check_golden(&format!("county-draft.{format}"), &stdout(&a));
    }
}

#[test]
fn county_draft_findings_are_the_planted_problems() {
    let a = lint(&[COUNTY_DRAFT, "--against", "seeds", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v["schema_version"], 1);
    let found: Vec<(String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // The target above the city's (1500 vs 003's 200), the copy of 001 and its changed number
    // (whose 120 smart factories exceed the province's 100 in 001: a grandparent region), and
    // the paragraph the draft repeats.
    for want in [
        ("CC402", 3),
        ("CC201", 6),
        ("CC203", 6),
        ("CC402", 6),
        ("CC201", 10),
    ] {
        assert!(
            found.iter().any(|(r, l)| (r.as_str(), *l) == want),
            "{want:?} not in {found:?}"
        );
    }
    let above_province = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "CC402" && f["line"] == 6)
        .unwrap();
    assert!(above_province["related"][0]
        .as_str()
        .unwrap()
        .starts_with("seeds/001_"));
    let changed = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "CC203")
        .unwrap();
    assert_eq!(changed["quote"], "120", "the quote is the changed number");
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    for draft in [COUNTY_DRAFT, "tests/fixtures/lint/accepted-repeat-md"] {
        let a = lint(&[draft, "--against", "seeds", "--format", "sarif"]);
        let sarif: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{draft}: {errors:#?}");
        let run = &sarif["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        for r in run["results"].as_array().unwrap() {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().unwrap() >= 1, "{r}");
            assert!(r["partialFingerprints"]["crosscheck/v1"].is_string(), "{r}");
            let id = r["ruleId"].as_str().unwrap();
            assert!(
                run["tool"]["driver"]["rules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["id"] == id),
                "{id} has rule metadata"
            );
        }
    }
    // The schema check is not vacuous: a result without a message is rejected.
    let mut broken: serde_json::Value = serde_json::from_str(&stdout(&lint(&[
        COUNTY_DRAFT,
        "--against",
        "seeds",
        "--format",
        "sarif",
    ])))
    .unwrap();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn exit_codes_do_not_depend_on_the_format() {
    let clean = "tests/fixtures/lint/accepted-repeat-md";
    for format in FORMATS {
        let f = ["--format", format];
        let run = |extra: &[&str]| {
            let mut args = extra.to_vec();
            args.extend(f);
            code(&lint(&args))
        };
        assert_eq!(run(&[COUNTY_DRAFT, "--against", "seeds"]), 1, "{format}");
        assert_eq!(
            run(&[COUNTY_DRAFT, "--against", "seeds", "--fail-level", "never"]),
            0,
            "{format}"
        );
        // Only info findings left in the Markdown draft: passes at the default level, fails
        // at --fail-level info.
        assert_eq!(run(&[clean, "--against", "seeds"]), 0, "{format}");
        assert_eq!(
            run(&[clean, "--against", "seeds", "--fail-level", "info"]),
            1,
            "{format}"
        );
        assert_eq!(
            run(&["no/such/draft.txt", "--against", "seeds"]),
            2,
            "{format}: missing draft"
        );
        assert_eq!(
            run(&[
                COUNTY_DRAFT,
                "--against",
                "seeds",
                "--config",
                "no/such.toml"
            ]),
            2,
            "{format}: missing config"
        );
        assert_eq!(
            run(&[COUNTY_DRAFT, "--against", "seeds", "--fail-level", "fatal"]),
            2,
            "{format}: bad usage"
        );
        assert_eq!(
            run(&[COUNTY_DRAFT, "--against", "seeds", "--min-level", "never"]),
            2,
            "{format}: never is not a reporting level"
        );
    }
}

#[test]
fn input_errors_name_the_file() {
    let a = lint(&["no/such/draft.txt", "--against", "seeds"]);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("no/such/draft.txt"), "{err}");
}

fn temp_draft(dir: &Path) -> std::path::PathBuf {
    let src = std::fs::read_dir(repo().join(COUNTY_DRAFT))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let to = dir.join("draft.txt");
    std::fs::copy(src, &to).unwrap();
    to
}

fn lint_json(args: &[&str]) -> Vec<serde_json::Value> {
    let a = lint(args);
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    v["findings"].as_array().unwrap().clone()
}

#[test]
fn baseline_round_trip_counts_a_new_copy_as_new() {
    let dir = tempfile::tempdir().unwrap();
    let draft = temp_draft(dir.path());
    let base = dir.path().join("baseline.json");
    let (d, b) = (draft.to_str().unwrap(), base.to_str().unwrap());
    lint(&[d, "--against", "seeds", "--write-baseline", b]);
    let all = lint_json(&[d, "--against", "seeds", "--format", "json"]);
    assert!(all.len() >= 5);

    // Lint again with the baseline: nothing new, exit 0 even at --fail-level info.
    let again = lint(&[
        d,
        "--against",
        "seeds",
        "--baseline",
        b,
        "--fail-level",
        "info",
        "--format",
        "json",
    ]);
    assert_eq!(code(&again), 0);
    assert_eq!(
        lint_json(&[d, "--against", "seeds", "--baseline", b, "--format", "json"]).len(),
        0
    );

    // An edit elsewhere (a line inserted above) leaves the fingerprints valid.
    let text = std::fs::read_to_string(&draft).unwrap();
    let shifted = text.replacen('\n', "\n（征求意见稿说明：本稿供内部讨论。）\n", 1);
    std::fs::write(&draft, &shifted).unwrap();
    assert_eq!(
        lint_json(&[d, "--against", "seeds", "--baseline", b, "--format", "json"]).len(),
        0
    );

    // One more copy of the accepted repeated paragraph, under a new heading: one new copy
    // finding, at the new copy (plus its title-drift finding, a rule of its own).
    let para = "加强县域质量基础设施建设，推进计量、标准、检验检测、认证认可一站式服务，打造县域质量服务综合体，提升中小企业质量管理水平。";
    std::fs::write(&draft, format!("{shifted}四、附件\n{para}\n")).unwrap();
    let new_line = shifted.lines().count() as u64 + 2;
    let new = lint_json(&[d, "--against", "seeds", "--baseline", b, "--format", "json"]);
    let copies: Vec<_> = new.iter().filter(|f| f["rule"] == "CC201").collect();
    assert_eq!(copies.len(), 1, "{new:#?}");
    assert_eq!(copies[0]["line"].as_u64(), Some(new_line));
    assert!(
        new.iter().all(|f| f["line"].as_u64() == Some(new_line)),
        "{new:#?}"
    );
    let failed = lint(&[
        d,
        "--against",
        "seeds",
        "--baseline",
        b,
        "--fail-level",
        "info",
    ]);
    assert_eq!(code(&failed), 1);
}

#[test]
fn crosscheck_toml_is_found_walking_up_and_sets_severities() {
    let dir = tempfile::tempdir().unwrap();
    let draft = temp_draft(dir.path());
    let nested = dir.path().join("drafts/2026");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        dir.path().join("crosscheck.toml"),
        "disable = [\"CC202\"]\n[severity]\nCC402 = \"warning\"\nCC201 = \"error\"\n",
    )
    .unwrap();
    let seeds = repo().join("seeds");
    let run = |cwd: &Path| {
        let mut c = Command::cargo_bin("crosscheck").unwrap();
        c.env_remove("CI")
            .current_dir(cwd)
            .args(["lint", draft.to_str().unwrap(), "--against"])
            .arg(&seeds)
            .args(["--format", "json"]);
        let out = c.output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let sev = |rule: &str| -> Vec<String> {
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule"] == rule)
                .map(|f| f["severity"].as_str().unwrap().to_owned())
                .collect()
        };
        (sev("CC402"), sev("CC201"), sev("CC202"))
    };
    let (cc402, cc201, cc202) = run(&nested);
    assert_eq!(cc402, ["warning", "warning"]);
    assert!(!cc201.is_empty() && cc201.iter().all(|s| s == "error"));
    assert!(cc202.is_empty(), "CC202 disabled");
    // Without the config (run from elsewhere) the defaults apply.
    let (cc402, _, cc202) = run(&repo().join("tests"));
    assert_eq!(cc402, ["error", "error"]);
    assert!(!cc202.is_empty());

    // A broken config is a configuration error naming the file.
    std::fs::write(dir.path().join("crosscheck.toml"), "severity = 3\n").unwrap();
    let mut c = Command::cargo_bin("crosscheck").unwrap();
    let out = c
        .current_dir(&nested)
        .args(["lint", draft.to_str().unwrap(), "--against"])
        .arg(&seeds)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("crosscheck.toml"));
}

#[test]
fn inline_disable_comments_silence_a_rule_between_them() {
    let md = "tests/fixtures/lint/accepted-repeat-md";
    let found = lint_json(&[
        md,
        "--against",
        "seeds",
        "--format",
        "json",
        "--fail-level",
        "never",
    ]);
    let lines: Vec<(String, u64)> = found
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // Line 11 repeats the first paragraph between disable/enable comments; line 21 repeats
    // another paragraph with no comment around it.
    assert!(lines.iter().all(|(_, l)| *l != 11), "{lines:?}");
    assert!(lines.contains(&("CC201".to_owned(), 21)), "{lines:?}");
    // The comments themselves are not text: no finding quotes them.
    assert!(found
        .iter()
        .all(|f| !f["quote"].as_str().unwrap().contains("crosscheck-")));

    // Without the comments the accepted repeat is reported.
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_dir(repo().join(md))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(src).unwrap();
    let stripped: String = text
        .lines()
        .filter(|l| !l.starts_with("<!--"))
        .map(|l| format!("{l}\n"))
        .collect();
    let copy = dir.path().join("plain.md");
    std::fs::write(&copy, stripped).unwrap();
    let found = lint_json(&[
        copy.to_str().unwrap(),
        "--against",
        "seeds",
        "--format",
        "json",
    ]);
    assert!(
        found.iter().any(|f| f["rule"] == "CC201" && f["line"] == 9),
        "{found:#?}"
    );
}

#[test]
fn require_coverage_reports_each_uncovered_parent_task() {
    let without = lint_json(&[COUNTY_DRAFT, "--against", "seeds", "--format", "json"]);
    assert!(without.iter().all(|f| f["rule"] != "CC301"));
    let with = lint_json(&[
        COUNTY_DRAFT,
        "--against",
        "seeds",
        "--format",
        "json",
        "--require-coverage",
    ]);
    let gaps: Vec<_> = with.iter().filter(|f| f["rule"] == "CC301").collect();
    // The draft takes up one task (智能化改造) of its parents; most of their tasks are gaps,
    // one finding each, pointing at the task in the parent plan.
    assert!(gaps.len() > 100, "{}", gaps.len());
    assert!(gaps
        .iter()
        .all(|f| f["related"][0].as_str().unwrap().starts_with("seeds/")));
    let messages: std::collections::BTreeSet<&str> = gaps
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), gaps.len(), "one finding per task");
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let run = |threads: &str| {
        let mut c = Command::cargo_bin("crosscheck").unwrap();
        c.env_remove("CI")
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(repo())
            .args([
                "lint",
                COUNTY_DRAFT,
                "--against",
                "seeds",
                "--format",
                "sarif",
            ]);
        c.output().unwrap().stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"));
    assert_eq!(one, run("4"));
}

#[test]
fn a_draft_inside_the_corpus_folder_is_not_compared_with_itself() {
    // Linting 003 against the folder that holds it: 003's own 专栏 ↔ appendix repeats and its
    // copy from 002 are found, never "a copy of itself at the same place".
    let found = lint_json(&[
        "seeds/003_bcf92bb41f96abcb.txt",
        "--against",
        "seeds",
        "--format",
        "json",
    ]);
    for f in &found {
        let own = format!("{}:{}:{}", f["path"].as_str().unwrap(), f["line"], f["col"]);
        assert!(
            f["related"].as_array().unwrap().iter().all(|r| r != &own),
            "{f:#}"
        );
    }
    let copies = found.iter().filter(|f| f["rule"] == "CC201").count();
    assert!((12..60).contains(&copies), "{copies} copies");
    assert!(found
        .iter()
        .any(|f| f["rule"] == "CC203" && f["message"].as_str().unwrap().contains("100项→100个")));
}

#[test]
fn a_county_draft_is_held_to_the_province_even_without_the_city_plan() {
    // Only the provincial plan 001 in the corpus: 德清县 → 湖州市 → 浙江省 comes from
    // rules/regions.toml, and the draft's 1500 品字标 firms exceed the province's 1200.
    let found = lint_json(&[
        COUNTY_DRAFT,
        "--against",
        "seeds/001_dbf9d13f5f14051d.txt",
        "--format",
        "json",
    ]);
    let above: Vec<&str> = found
        .iter()
        .filter(|f| f["rule"] == "CC402")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        above
            .iter()
            .any(|m| m.contains("1500") && m.contains("1200")),
        "{above:?}"
    );
}

/// `scan --format sarif,...` writes the findings of the whole corpus in the lint formats: the
/// SARIF validates against the 2.1.0 schema and holds one result per row of findings.csv, with
/// the same rule and severity; every other findings file has one entry per finding too.
#[test]
fn scan_writes_every_finding_format_for_the_whole_corpus() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("crosscheck")
        .unwrap()
        .current_dir(repo())
        .args(["scan", "seeds", "--quiet", "--out"])
        .arg(out.path())
        .args(["--format", "csv,sarif,github,rdjson,line,human"])
        .assert()
        .success();
    let read = |name: &str| std::fs::read_to_string(out.path().join(name)).unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(read("findings.csv").as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert!(rows.len() > 20, "the seeds give findings: {}", rows.len());
    let sarif: serde_json::Value = serde_json::from_str(&read("findings.sarif")).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), rows.len());
    // findings.csv: id, rule, severity, ... in the same order as the SARIF results.
    for (r, row) in results.iter().zip(&rows) {
        assert_eq!(r["ruleId"], row[1], "{r}");
        let level = match &row[2] {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level, "{r}");
        assert!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("seeds/")
        );
    }
    assert_eq!(read("findings.txt").lines().count(), rows.len());
    assert_eq!(
        read("findings.github.txt")
            .lines()
            .filter(|l| l.starts_with("::"))
            .count(),
        rows.len()
    );
    let rdjson: serde_json::Value = serde_json::from_str(&read("findings.rdjson")).unwrap();
    assert_eq!(rdjson["diagnostics"].as_array().unwrap().len(), rows.len());
    let human = read("findings.human.txt");
    let last = human.lines().last().unwrap();
    assert!(
        last.starts_with(&format!("{} findings: ", rows.len())),
        "{last}"
    );
    assert!(
        !out.path().join("report.html").exists(),
        "only what was asked"
    );
}

/// `lint --format csv` gives one row per finding of the human format; `--format html` the
/// report page of the drafts and the documents they were checked against.
#[test]
fn lint_writes_csv_rows_and_an_html_page() {
    let human = stdout(&lint(&[
        COUNTY_DRAFT,
        "--against",
        "seeds",
        "--format",
        "line",
    ]));
    let csv_out = stdout(&lint(&[
        COUNTY_DRAFT,
        "--against",
        "seeds",
        "--format",
        "csv",
    ]));
    let mut reader = csv::Reader::from_reader(csv_out.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "rule");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), human.lines().count());
    assert!(rows.iter().any(|r| &r[0] == "CC203" && &r[11] == "120"));
    let page = stdout(&lint(&[
        COUNTY_DRAFT,
        "--against",
        "seeds",
        "--format",
        "html",
    ]));
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..60]);
    assert!(
        page.contains("德清县制造业质量提升行动方案"),
        "the draft is in the page"
    );
}
