//! The HTML report in a real browser (headless Chromium): no JavaScript errors, the duplicates
//! view lists the Huzhou plan's 12 box ↔ appendix pairs, hostile document text (script tags,
//! `onerror` attributes, in text, a title, a metric, a file name and a rule message) stays inert, and a
//! screenshot is produced (into a temporary folder, never into git).
//!
//! Needs `chromium` on PATH. Without it the test says so and passes, unless
//! `CROSSCHECK_REQUIRE_CHROMIUM` is set, as `.ci/run` sets it after installing Chromium.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Command::new("which").arg(name).output().ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        })
}

fn run_chromium(bin: &Path, page: &Path, extra: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,800",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

#[test]
fn report_opens_cleanly_in_headless_chromium() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("CROSSCHECK_REQUIRE_CHROMIUM").is_none(),
            "chromium is required here but not installed"
        );
        eprintln!("skipped: no chromium on PATH");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy_dir(&repo().join("seeds"), &input);
    let hostile = repo().join("tests/fixtures/report/xss-payloads/hostile.txt");
    std::fs::copy(&hostile, input.join("hostile.txt")).unwrap();
    // A payload in a file name too (created here: not a file to commit).
    std::fs::copy(
        &hostile,
        input
            .join("\"><svg onload=document.documentElement.setAttribute('data-pwned','file')>.txt"),
    )
    .unwrap();
    // And in a rule message: a rules folder whose copy message carries a payload.
    let rules = dir.path().join("rules");
    copy_dir(&repo().join("rules"), &rules);
    let checks = std::fs::read_to_string(rules.join("checks.toml")).unwrap();
    let hostile_message = checks.replacen(
        "message = \"{kind} copy of",
        "message = \"<img src=x onerror=\\\"document.documentElement.setAttribute('data-pwned','rule')\\\">{kind} copy of",
        1,
    );
    assert_ne!(hostile_message, checks, "the copy rule's message was found");
    std::fs::write(rules.join("checks.toml"), hostile_message).unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["scan", "--quiet", "--out"])
        .arg(&out)
        .arg("--rules")
        .arg(&rules)
        .arg(&input)
        .env_remove("CI")
        .status()
        .unwrap();
    assert!(status.success());
    let page = out.join("report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("<script>document"),
        "payload escaped in the file"
    );
    assert!(!html.contains("<img src=x"), "payload escaped in the file");

    let dom = run_chromium(&bin, &page, &["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script ran to the end"
    );
    assert!(dom.contains("data-js-errors=\"0\""), "no JavaScript errors");
    // Escaped payloads show as text; an executed one would set the attribute.
    assert!(
        dom.contains("setAttribute('data-pwned','copy')"),
        "the payload text is shown"
    );
    assert!(
        dom.contains("setAttribute('data-pwned','rule')"),
        "the rule message payload is shown as text"
    );
    assert!(!dom.contains("data-pwned=\""), "a payload executed");
    // The duplicates view: one pair per 专栏 box and its appendix copy.
    let box_pairs = dom
        .split("<div class=\"pair\"")
        .skip(1)
        .filter(|p| {
            let whole_box = regex::Regex::new(r"· 003/专栏\d+ ·").unwrap();
            let whole_row = regex::Regex::new(r"· 003/table1/重大工程/\d+ ·").unwrap();
            whole_box.is_match(p) && whole_row.is_match(p)
        })
        .count();
    assert_eq!(box_pairs, 12);

    let shot = dir.path().join("overview.png");
    let arg = format!("--screenshot={}", shot.display());
    run_chromium(&bin, &page, &[arg.as_str()]);
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "screenshot of {size} bytes");
}
