//! `crosscheck lint`: the findings of one or more drafts against a corpus, for CI.
//!
//! In: a [`Run`] whose last documents are the drafts (appended after the corpus, so every
//! cross-document check places its finding on the draft: the later document of a pair), the
//! lint options and an optional baseline. Out: [`ResolvedFinding`]s — the drafts' findings with
//! resolved positions, filtered by level, configuration, inline `crosscheck-disable` comments and
//! the baseline — and the exit decision. Renderers live in `report::lint`.

mod corpus;

pub use corpus::{against_corpus, against_index, LintRun};

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Run;
use crate::model::{
    CheckKind, CoverageStatus, FilePosition, Place, ResolvedFinding, Said, Severity,
};

/// Options of one lint run.
#[derive(Debug, Clone)]
pub struct LintOptions {
    pub min_level: Severity,
    /// `None`: never fail.
    pub fail_level: Option<Severity>,
    pub require_coverage: bool,
    pub config: LintConfig,
}

/// `crosscheck.toml`: project settings for lint.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// Rule ids or names never reported.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Severity per rule id or name, overriding `rules/checks.toml`.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    pub min_level: Option<Severity>,
    pub fail_level: Option<FailLevel>,
}

/// The lowest severity that fails a lint (exit 1), or `never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailLevel {
    Info,
    Warning,
    Error,
    Never,
}

impl FailLevel {
    /// The severity that fails, `None` for `never`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            FailLevel::Info => Some(Severity::Info),
            FailLevel::Warning => Some(Severity::Warning),
            FailLevel::Error => Some(Severity::Error),
            FailLevel::Never => None,
        }
    }
}

/// A config file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl LintConfig {
    /// `--config FILE`, else the first `crosscheck.toml` found walking up from `start`.
    pub fn find(
        given: Option<&Path>,
        start: &Path,
    ) -> Result<(Option<PathBuf>, Self), ConfigError> {
        let path = match given {
            Some(p) => Some(p.to_owned()),
            None => start
                .ancestors()
                .map(|d| d.join("crosscheck.toml"))
                .find(|p| p.is_file()),
        };
        let Some(path) = path else {
            return Ok((None, Self::default()));
        };
        let err = |message: String| ConfigError {
            path: path.clone(),
            message,
        };
        let text = crate::files::read_text_bounded(&path, crate::files::MAX_SETTINGS_BYTES)
            .map_err(err)?;
        let cfg = Self::parse(&text).map_err(err)?;
        Ok((Some(path), cfg))
    }

    /// Parse a `crosscheck.toml` text.
    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())
    }
}

/// A baseline: accepted findings by fingerprint, with how many of each were accepted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub fingerprints: BTreeMap<String, usize>,
}

impl Baseline {
    pub fn of(findings: &[ResolvedFinding]) -> Self {
        let mut fingerprints = BTreeMap::new();
        for f in findings {
            *fingerprints.entry(f.fingerprint.clone()).or_default() += 1;
        }
        Self {
            version: 1,
            fingerprints,
        }
    }

    /// Findings not covered by the baseline: for each fingerprint, those beyond the accepted
    /// count (a new copy of an accepted duplicate still counts as new).
    pub fn new_findings(&self, findings: Vec<ResolvedFinding>) -> Vec<ResolvedFinding> {
        let mut left = self.fingerprints.clone();
        findings
            .into_iter()
            .filter(|f| match left.get_mut(&f.fingerprint) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect()
    }
}

/// The drafts' findings (drafts are the documents with index ≥ `first_draft`).
pub fn findings(
    run: &Run,
    first_draft: usize,
    rules: &[crate::rules::RuleDef],
    opts: &LintOptions,
) -> Vec<ResolvedFinding> {
    // Coverage gaps are per task below, and only on request.
    let mut out: Vec<ResolvedFinding> = run
        .findings
        .iter()
        .filter(|f| f.kind != CheckKind::TaskNotCovered && f.doc >= first_draft)
        .map(|f| ResolvedFinding::of(run, f))
        .collect();
    if opts.require_coverage {
        out.extend(coverage_gaps(run, first_draft, rules));
    }
    apply_config(&mut out, &opts.config);
    out.retain(|f| f.severity >= opts.min_level);
    let disabled: BTreeMap<String, Vec<(String, usize, usize)>> = disabled_ranges(run, first_draft);
    out.retain(|f| {
        !disabled.get(&f.path).is_some_and(|spans| {
            spans.iter().any(|(rule, a, b)| {
                (rule == &f.rule || rule == &f.name || rule == "all")
                    && *a <= f.line
                    && f.line <= *b
            })
        })
    });
    merge_same_place(out)
}

/// One finding per task of an upper document that a draft leaves uncovered (the rule of kind
/// `task_not_covered`; none when no rule has that kind), placed at the draft's start.
fn coverage_gaps(
    run: &Run,
    first_draft: usize,
    rules: &[crate::rules::RuleDef],
) -> Vec<ResolvedFinding> {
    let docs = &run.corpus.documents;
    let Some(rule) = rules.iter().find(|r| r.kind == CheckKind::TaskNotCovered) else {
        return Vec::new();
    };
    run.align
        .coverage
        .iter()
        .filter(|c| c.lower_doc >= first_draft && c.status == CoverageStatus::Missing)
        .map(|c| {
            let (low, up) = (&docs[c.lower_doc], &docs[c.upper_doc]);
            let task = &up.sections[c.section];
            let task_place =
                Place::Normalized(task.title_range.clone().unwrap_or(task.range.clone()));
            let first = low
                .sections
                .get(1)
                .map_or(0..0, |s| s.range.start..s.range.start);
            let message = format!(
                "task of {} not taken up: {} (best score {:.2})",
                up.id(),
                up.section_label(c.section),
                c.score
            );
            let said = Said {
                rule: &rule.id,
                name: &rule.name,
                severity: rule.severity,
                message: &message,
                message_key: &message,
            };
            let related = vec![FilePosition::in_file(up, &task_place)];
            ResolvedFinding::new(low, said, &Place::Normalized(first), related)
        })
        .collect()
}

/// One finding per rule, place and message up to the other place it names. A passage copied
/// three times is reported once at each later copy, naming the earliest other copy, with every
/// other copy as a related location; a third copy thus adds one finding (and one baseline
/// count), not one per pair. Findings that say different things (one CC301 per uncovered task,
/// all at the draft's start) stay apart.
fn merge_same_place(mut findings: Vec<ResolvedFinding>) -> Vec<ResolvedFinding> {
    let key = |f: &ResolvedFinding| {
        (
            f.path.clone(),
            f.page,
            f.line,
            f.col,
            f.end_line,
            f.end_col,
            f.rule.clone(),
            f.message_key.clone(),
        )
    };
    let earliest = |f: &ResolvedFinding| f.related.iter().min().cloned();
    findings.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then_with(|| earliest(a).cmp(&earliest(b)))
            .then_with(|| a.message.cmp(&b.message))
    });
    let mut out: Vec<ResolvedFinding> = Vec::with_capacity(findings.len());
    for f in findings {
        match out.last_mut() {
            Some(last) if key(last) == key(&f) => {
                last.related.extend(f.related);
            }
            _ => out.push(f),
        }
    }
    for f in &mut out {
        f.related.sort();
        f.related.dedup();
        if f.related.len() > 1 {
            let others = f.related.len() - 1;
            let noun = if others == 1 { "place" } else { "places" };
            f.message
                .push_str(&format!(" (also at {others} other {noun})"));
        }
    }
    out
}

fn apply_config(findings: &mut Vec<ResolvedFinding>, cfg: &LintConfig) {
    findings.retain(|f| !cfg.disable.iter().any(|d| d == &f.rule || d == &f.name));
    for f in findings.iter_mut() {
        if let Some(s) = cfg
            .severity
            .get(&f.rule)
            .or_else(|| cfg.severity.get(&f.name))
        {
            f.severity = *s;
        }
    }
}

/// `<!-- crosscheck-disable RULE -->` … `<!-- crosscheck-enable RULE -->` in Markdown and HTML
/// drafts: per file, (rule, first line, last line) spans where the rule is off.
fn disabled_ranges(run: &Run, first_draft: usize) -> BTreeMap<String, Vec<(String, usize, usize)>> {
    let re = regex::Regex::new(r"<!--\s*crosscheck-(disable|enable)(?:\s+([\w-]+))?\s*-->")
        .expect("static regex");
    let mut out = BTreeMap::new();
    for d in &run.corpus.documents[first_draft..] {
        let mut open: BTreeMap<String, usize> = BTreeMap::new();
        let mut spans = Vec::new();
        for (n, line) in d.source.raw.lines().enumerate() {
            for c in re.captures_iter(line) {
                let rule = c.get(2).map_or("all", |m| m.as_str()).to_owned();
                if &c[1] == "disable" {
                    open.entry(rule).or_insert(n + 1);
                } else if let Some(start) = open.remove(&rule) {
                    spans.push((rule, start, n + 1));
                }
            }
        }
        spans.extend(
            open.into_iter()
                .map(|(rule, start)| (rule, start, usize::MAX)),
        );
        if !spans.is_empty() {
            out.insert(d.source.path.display().to_string(), spans);
        }
    }
    out
}

/// Whether the run fails: some finding at or above the fail level.
pub fn fails(findings: &[ResolvedFinding], fail_level: Option<Severity>) -> bool {
    fail_level.is_some_and(|level| findings.iter().any(|f| f.severity >= level))
}

/// Rule ids seen, for SARIF's rule list (stable order).
pub fn rules_used(findings: &[ResolvedFinding]) -> Vec<String> {
    let set: HashSet<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    let mut v: Vec<String> = set.into_iter().map(str::to_owned).collect();
    v.sort();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_level_is_parsed_into_a_level_and_a_typo_is_an_error_naming_the_field() {
        let cfg = LintConfig::parse("fail_level = \"never\"\nmin_level = \"warning\"").unwrap();
        assert_eq!(cfg.fail_level, Some(FailLevel::Never));
        assert_eq!(cfg.fail_level.unwrap().severity(), None);
        assert_eq!(cfg.min_level, Some(Severity::Warning));
        let cfg = LintConfig::parse("fail_level = \"warning\"").unwrap();
        assert_eq!(cfg.fail_level.unwrap().severity(), Some(Severity::Warning));
        let err = LintConfig::parse("fail_level = \"sometimes\"").unwrap_err();
        assert!(
            err.contains("fail_level") && err.contains("sometimes"),
            "{err}"
        );
        assert!(err.contains("never"), "the choices are listed: {err}");
    }
}
