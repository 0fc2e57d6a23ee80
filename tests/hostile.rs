//! Hostile inputs, as reviewers' folders really contain them: each gets a clear message naming
//! the file and the problem, exit code 2 when the run could not be completed cleanly, and the
//! other documents are still processed. Nothing hangs (every run has a time limit here), nothing
//! runs out of memory (limits: 64 MiB per file, headings nest at most 4 deep by their styles,
//! 256 cells per table row).
//!
//! Report files are staged and renamed, so a failed or killed run leaves the previous reports
//! whole; see also `cli.rs` (missing manifest entries, rule typos, an output path that is a
//! file, inputs unchanged, identical reports for 1 and 2 threads).

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use common::*;

fn crosscheck() -> Command {
    let mut c = Command::cargo_bin("crosscheck").unwrap();
    c.env_remove("CI").timeout(Duration::from_secs(180));
    c
}

/// `crosscheck scan --quiet --out OUT INPUT`.
fn scan(out: &Path, input: &Path) -> assert_cmd::assert::Assert {
    crosscheck()
        .args(["scan", "--quiet", "--out"])
        .arg(out)
        .arg(input)
        .assert()
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// The folder of hostile files, plus one good seed.
fn hostile_folder(dir: &Path) -> PathBuf {
    let d = folder_with_bad_inputs(dir);
    // Invalid UTF-8 that is not GBK either: lone continuation bytes and 0xFF.
    let invalid: Vec<u8> = (0..400u32)
        .flat_map(|i| [0x80 | (i % 0x3f) as u8, 0xff, b'a'])
        .collect();
    std::fs::write(d.join("invalid-utf8-not-gbk.txt"), invalid).unwrap();
    // UTF-16 LE without BOM whose bytes are all ASCII (一 = 00 4E).
    let utf16: Vec<u8> = "一、总体要求\n到2025年，培育绿色工厂100家。\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(d.join("utf16-no-bom.txt"), utf16).unwrap();
    // 10,000 headings, each nested in the one before as far as the styles allow.
    let marks = ["一、", "（一）", "1.", "（1）"];
    let nested: String = (0..10_000)
        .map(|i| format!("{}标题{i}\n", marks[i % 4]))
        .collect();
    std::fs::write(d.join("nested-headings.txt"), nested).unwrap();
    // One table row of 10,000 cells.
    let header: Vec<String> = (0..10_000).map(|i| format!("列{i}")).collect();
    let row: Vec<String> = (0..10_000).map(|i| format!("重 大 工 程{i}")).collect();
    std::fs::write(
        d.join("wide-row.md"),
        format!(
            "| 序号 | {} |\n|{}\n| 1 | {} |\n",
            header.join(" | "),
            "---|".repeat(10_001),
            row.join(" | ")
        ),
    )
    .unwrap();
    std::fs::write(d.join("one-number.txt"), "1".repeat(200_000)).unwrap();
    std::fs::write(d.join("one-number-spaced.txt"), "100 ".repeat(50_000)).unwrap();
    std::os::unix::fs::symlink(".", d.join("loop")).unwrap();
    // Readable by name, unreadable in fact (even for root): EIO at offset 0.
    std::os::unix::fs::symlink("/proc/self/mem", d.join("mem.txt")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(d.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(fifo.success());
    d
}

#[test]
fn every_hostile_file_is_named_with_its_problem_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_folder(dir.path());
    if !is_root() {
        let locked = input.join("locked.txt");
        std::fs::write(&locked, "一、总体要求\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let out = dir.path().join("out");
    let a = scan(&out, &input).code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    let mut expected = vec![
        ("empty.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("invalid-utf8-not-gbk.txt", "cannot decode"),
        ("loop", "symbolic link loop"),
        ("mem.txt", "cannot read"),
        ("pipe.txt", "not a regular file"),
    ];
    if !is_root() {
        expected.push(("locked.txt", "permission denied"));
    }
    for (file, reason) in expected {
        assert!(
            stderr.lines().any(|l| l.starts_with("error: ")
                && l.contains(file)
                && l.to_lowercase().contains(reason)),
            "no message for {file} ({reason}):\n{stderr}"
        );
    }
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    for processed in [
        "good.txt",
        "utf16-no-bom.txt",
        "nested-headings.txt",
        "wide-row.md",
        "one-number.txt",
        "one-number-spaced.txt",
    ] {
        assert!(
            documents.contains(processed),
            "{processed} not processed:\n{documents}"
        );
    }
    assert!(
        documents.contains("UTF-16LE (no BOM, detected)"),
        "{documents}"
    );
    let (headers, records) = read_csv(&out.join("sections.csv"));
    let sections: Vec<std::collections::HashMap<&str, &str>> = records
        .iter()
        .map(|r| headers.iter().map(String::as_str).zip(r.iter()).collect())
        .collect();
    let depth_of = |doc: &str| -> usize {
        sections
            .iter()
            .filter(|r| r["doc"] == doc)
            .map(|r| r["level"].parse::<usize>().unwrap())
            .max()
            .unwrap()
    };
    // Nesting is bounded by the heading styles, not by the number of headings.
    assert!(
        depth_of("nested-headings") <= 8,
        "{}",
        depth_of("nested-headings")
    );
    let headings = sections
        .iter()
        .filter(|r| r["doc"] == "nested-headings" && r["kind"] == "heading")
        .count();
    assert_eq!(headings, 10_000);
    // A row past the cell limit is text, not a 10,000-cell table row.
    assert!(sections
        .iter()
        .all(|r| r["doc"] != "wide-row" || r["kind"] != "table_row"));
    // A bare number repeated is not a target.
    let targets = std::fs::read_to_string(out.join("targets.csv")).unwrap();
    assert!(!targets.contains("one-number"), "{targets}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    // 200 MB on one line, made here (never committed): refused by size before it is read, so
    // the run stays small and fast; the other document is still reported.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(seed_path("004"), input.join("good.txt")).unwrap();
    let big = input.join("huge-export.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(200 * 1024 * 1024).unwrap();
    drop(f);
    let out = dir.path().join("out");
    let a = scan(&out, &input).code(2);
    let stderr = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        stderr.contains("huge-export.txt") && stderr.contains("above the 67108864 byte limit"),
        "{stderr}"
    );
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    assert!(documents.contains("good.txt"));
}

#[test]
fn stdout_on_a_full_disk_is_an_error_not_a_panic() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("crosscheck"))
        .args(["inspect"])
        .arg(seed_path("003"))
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Files of a report folder: name → bytes.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn reports_that_cannot_be_written_leave_the_previous_ones_whole() {
    // A full disk, simulated with a file size limit (writes fail with EFBIG as they would with
    // ENOSPC): the run fails naming a report file, and the previous reports are untouched.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    scan(&out, &seed_path("004")).success();
    let before = snapshot(&out);
    let bin = assert_cmd::cargo::cargo_bin("crosscheck");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 16; trap '' XFSZ; exec '{}' scan --quiet --out '{}' '{}'",
            bin.display(),
            out.display(),
            repo().join("seeds").display()
        ))
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(
        stderr.contains("cannot write") && stderr.contains("out/"),
        "{stderr}"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "previous reports changed or partial files left"
    );
}

#[test]
fn a_killed_scan_leaves_the_previous_reports_whole() {
    // A corpus big enough that writing its reports takes a while.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    generated_corpus(&corpus, 300, 3);
    let out = dir.path().join("out");
    scan(&out, &seed_path("004")).success();
    let before = snapshot(&out);
    // What a finished run would write (a kill that lands while the renames run may let a whole
    // new set through; never a mix, never a partial file).
    let fresh = dir.path().join("fresh");
    scan(&fresh, &corpus).success();
    let after_run = snapshot(&fresh);
    let bin = assert_cmd::cargo::cargo_bin("crosscheck");
    for signal in ["TERM", "KILL"] {
        // Kill the run as soon as it starts staging report files.
        let mut child = std::process::Command::new(&bin)
            .args(["scan", "--quiet", "--out"])
            .arg(&out)
            .arg(&corpus)
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        let mut caught = false;
        while started.elapsed() < Duration::from_secs(120) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            let staging = std::fs::read_dir(&out).unwrap().any(|e| {
                e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".crosscheck-")
            });
            if staging {
                std::process::Command::new("kill")
                    .args([format!("-{signal}"), child.id().to_string()])
                    .status()
                    .unwrap();
                caught = true;
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let status = child.wait().unwrap();
        assert!(
            caught,
            "the run finished before it could be killed ({status})"
        );
        assert!(!status.success());
        let after = snapshot(&out);
        let reports: std::collections::BTreeMap<_, _> = after
            .iter()
            .filter(|(n, _)| !n.starts_with('.'))
            .map(|(n, b)| (n.clone(), b.clone()))
            .collect();
        // A kill that lands between two renames leaves a mix: never with a seal that holds.
        assert!(
            reports == before || reports == after_run || !seal_holds(&out),
            "SIG{signal}: a sealed mix of the previous set and a new one"
        );
        if seal_holds(&out) {
            assert!(reports == before || reports == after_run);
        }
        let leftovers: Vec<&String> = after.keys().filter(|n| n.starts_with('.')).collect();
        if signal == "TERM" {
            assert!(leftovers.is_empty(), "SIGTERM left {leftovers:?}");
        }
    }
    // Staged files a SIGKILL left are removed by the next run into the folder.
    scan(&out, &seed_path("004")).success();
    assert!(snapshot(&out).keys().all(|n| !n.starts_with('.')));
}

/// stderr of a finished command, as text.
fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// A folder holding seed 004 and `name` with `text`.
fn beside_a_good_document(dir: &Path, name: &str, text: &str) -> PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(seed_path("004"), docs.join("good.txt")).unwrap();
    std::fs::write(docs.join(name), text).unwrap();
    docs
}

#[test]
fn a_document_over_the_budget_is_refused_by_name_and_the_others_are_reported() {
    // 3,000 repeated headings, 30,000 characters, 600 target sentences: each over one budget.
    let cases = [
        (
            "--max-sections",
            "1000",
            "一、标题\n".repeat(3000),
            "3001 sections, above the per-document budget of 1000",
        ),
        (
            "--max-chars",
            "20000",
            "质量强市".repeat(7500),
            "30000 characters, above the per-document budget of 20000",
        ),
        (
            "--max-targets",
            "400",
            "到2025年，规上工业企业数量达到100家。\n".repeat(600),
            "600 targets, above the per-document budget of 400",
        ),
    ];
    for (flag, max, text, reason) in cases {
        let dir = tempfile::tempdir().unwrap();
        let docs = beside_a_good_document(dir.path(), "flood.txt", &text);
        let out = dir.path().join("out");
        let a = crosscheck()
            .args(["scan", "--quiet", flag, max, "--out"])
            .arg(&out)
            .arg(&docs)
            .assert()
            .code(2);
        let stderr = stderr_of(&a);
        assert!(
            stderr.lines().any(|l| l.starts_with("error: ")
                && l.contains("flood.txt: ")
                && l.contains(reason)
                && l.contains(flag)),
            "{flag}: {stderr}"
        );
        let (_, rows) = read_csv(&out.join("documents.csv"));
        let files: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
        assert!(files.iter().any(|f| f.ends_with("good.txt")), "{files:?}");
        assert!(!files.iter().any(|f| f.ends_with("flood.txt")), "{files:?}");
        // The same file is processed when the budget allows it.
        crosscheck()
            .args(["scan", "--quiet", "--out"])
            .arg(dir.path().join("out2"))
            .arg(&docs)
            .assert()
            .success();
    }
}

#[test]
fn settings_files_that_are_not_small_regular_files_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let docs = beside_a_good_document(dir.path(), "other.txt", "一、总体要求\n推进质量提升。\n");
    let fifo = dir.path().join("pipe.toml");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let zero = dir.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let rules = dir.path().join("my-rules");
    copy_dir(&repo().join("rules"), &rules);
    std::fs::remove_file(rules.join("checks.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", rules.join("checks.toml")).unwrap();
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let good = docs.join("good.txt");
    let against = |extra: &[&std::ffi::OsStr]| -> Vec<std::ffi::OsString> {
        let mut v: Vec<std::ffi::OsString> = vec!["lint".into(), good.clone().into()];
        v.extend(extra.iter().map(|s| s.to_os_string()));
        v
    };
    let runs: Vec<(Vec<std::ffi::OsString>, &Path)> = vec![
        (
            vec![
                "scan".into(),
                "--manifest".into(),
                fifo.clone().into(),
                docs.clone().into(),
            ],
            &fifo,
        ),
        (
            vec![
                "scan".into(),
                "--manifest".into(),
                zero.clone().into(),
                docs.clone().into(),
            ],
            &zero,
        ),
        (
            vec![
                "scan".into(),
                "--rules".into(),
                rules.clone().into(),
                docs.clone().into(),
            ],
            &rules,
        ),
        (
            against(&[
                "--against".as_ref(),
                docs.as_os_str(),
                "--config".as_ref(),
                fifo.as_os_str(),
            ]),
            &fifo,
        ),
        (
            against(&[
                "--against".as_ref(),
                docs.as_os_str(),
                "--config".as_ref(),
                zero.as_os_str(),
            ]),
            &zero,
        ),
        (
            against(&[
                "--against".as_ref(),
                docs.as_os_str(),
                "--baseline".as_ref(),
                huge.as_os_str(),
            ]),
            &huge,
        ),
        (
            against(&[
                "--against".as_ref(),
                docs.as_os_str(),
                "--baseline".as_ref(),
                fifo.as_os_str(),
            ]),
            &fifo,
        ),
        (against(&["--index".as_ref(), fifo.as_os_str()]), &fifo),
        (against(&["--index".as_ref(), zero.as_os_str()]), &zero),
    ];
    for (args, named) in runs {
        let a = crosscheck()
            .timeout(Duration::from_secs(30))
            .args(&args)
            .current_dir(dir.path())
            .assert();
        let out = a.get_output();
        let stderr = stderr_of(&a);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        let name = named.file_name().unwrap().to_string_lossy();
        assert!(
            stderr.contains(&*name),
            "{args:?} does not name {name}: {stderr}"
        );
    }
}

#[test]
fn no_csv_cell_starts_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let docs = beside_a_good_document(
        dir.path(),
        "=cmd.txt",
        "=HYPERLINK(\"http://example.invalid\",\"点击\")\n一、总体要求\n到2025年，规上工业企业达到100家。\n",
    );
    std::fs::write(
        docs.join("@sum.txt"),
        "+1+1\n-2\n一、主要任务\n实施质量提升行动。\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    crosscheck()
        .args(["scan", "--quiet", "--out"])
        .arg(&out)
        .arg(&docs)
        .assert()
        .success();
    let mut neutralised = 0;
    for name in [
        "documents.csv",
        "sections.csv",
        "targets.csv",
        "findings.csv",
        "duplicates.csv",
    ] {
        let (_, rows) = read_csv(&out.join(name));
        for cell in rows.iter().flat_map(|r| r.iter()) {
            let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            assert!(
                !formula || cell.parse::<f64>().is_ok(),
                "{name}: a cell Excel would run: {cell:?}"
            );
            neutralised += usize::from(cell.starts_with("'=") || cell.starts_with("'+"));
        }
    }
    assert!(
        neutralised >= 2,
        "the formula-like title and line were kept, as text"
    );
    // JSON keeps the exact text.
    let json = std::fs::read_to_string(out.join("report.json")).unwrap();
    assert!(json.contains("\"=HYPERLINK(\\\"http://example.invalid\\\""));
}

#[test]
fn a_file_name_cannot_forge_a_workflow_command_or_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\n::error file=x,line=1::forged\n.txt";
    let text = format!(
        "一、总体要求\n推进消費(fèi)品质量提升，\u{1b}[31m\n::warning::forged\n{}",
        std::fs::read_to_string(seed_path("004")).unwrap()
    );
    let docs = beside_a_good_document(dir.path(), name, &text);
    for format in ["human", "line", "github"] {
        let a = crosscheck()
            .args(["lint", "--format", format])
            .arg(docs.join(name))
            .arg("--against")
            .arg(&docs)
            .assert();
        let out = a.get_output();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr_of(&a));
        assert!(
            all.contains("CC101"),
            "{format}: the finding is printed: {all}"
        );
        for line in all.lines() {
            assert!(
                !line.starts_with("::error file=x") && !line.starts_with("::warning::forged"),
                "{format}: forged line {line:?}"
            );
            assert!(
                !line.contains('\u{1b}'),
                "{format}: escape sequence in {line:?}"
            );
        }
    }
    let a = crosscheck()
        .arg("inspect")
        .arg(docs.join(name))
        .assert()
        .success();
    let shown = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(
        shown.contains("a\\n::error file=x"),
        "the name, escaped: {shown}"
    );
    for line in shown.lines() {
        assert!(!line.starts_with("::"), "inspect: forged line {line:?}");
        assert!(
            !line.contains('\u{1b}'),
            "inspect: escape sequence in {line:?}"
        );
    }
}

/// Whether every file `SHA256SUMS` lists has the listed hash, and it lists every report file.
fn seal_holds(dir: &Path) -> bool {
    let Ok(seal) = std::fs::read_to_string(dir.join("SHA256SUMS")) else {
        return false;
    };
    let listed: Vec<(&str, &str)> = seal.lines().filter_map(|l| l.split_once("  ")).collect();
    let files = snapshot(dir);
    let reports = files
        .keys()
        .filter(|n| !n.starts_with('.') && *n != "SHA256SUMS")
        .count();
    listed.len() == reports
        && listed.iter().all(|(hash, name)| {
            files
                .get(*name)
                .is_some_and(|b| crosscheck::text::sha256_hex(b) == *hash)
        })
}

#[test]
fn every_report_set_is_sealed_and_a_changed_file_breaks_the_seal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    scan(&out, &repo().join("seeds")).success();
    assert!(seal_holds(&out));
    let seal = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert_eq!(seal.lines().count(), 9, "{seal}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(out.join("SHA256SUMS"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644, "readable like the reports");
    std::fs::write(out.join("targets.csv"), "changed").unwrap();
    assert!(!seal_holds(&out));
    scan(&out, &seed_path("004")).success();
    assert!(seal_holds(&out));
}
