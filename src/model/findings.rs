//! Findings of the checks: a rule, a severity and places in the documents.

use serde::{Deserialize, Serialize};

use super::Place;

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding of a check.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// `F0001`, in report order.
    pub id: String,
    /// Stable rule id, e.g. `CC403`.
    pub rule: String,
    pub name: String,
    /// What the rule checks (the rule's `kind` in `rules/checks.toml`).
    #[serde(skip)]
    pub kind: CheckKind,
    pub severity: Severity,
    pub message: String,
    pub doc: usize,
    pub place: Place,
    /// Other places the finding involves (the other copy, the other document's target).
    pub related: Vec<(usize, Place)>,
}

/// The checks implemented in code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    PinyinPollution,
    TraditionalCharacters,
    DuplicatedPassage,
    TitleDrift,
    CopyChangedNumber,
    TaskNotCovered,
    ConflictingTargets,
    LowerExceedsUpper,
    TableTextMismatch,
    UnitMismatch,
    DoublingClaim,
    TargetBelowAchieved,
}

impl CheckKind {
    /// Checks that compare targets (numbers of plans): their findings mark the targets they
    /// involve as conflicting in the report's target view.
    pub fn compares_targets(self) -> bool {
        matches!(
            self,
            CheckKind::ConflictingTargets
                | CheckKind::LowerExceedsUpper
                | CheckKind::TableTextMismatch
                | CheckKind::UnitMismatch
                | CheckKind::DoublingClaim
        )
    }
}
