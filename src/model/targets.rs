//! Quantitative statements of a document: [`Target`] with its value, unit, comparator and kind.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

/// How a target's number is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// `达到 N`, or a plain number.
    Eq,
    /// `N以上`, `不低于`, `不少于`, `突破`, `超过`.
    AtLeast,
    /// `N以内`, `不超过`, `低于`, `控制在`.
    AtMost,
    /// `N左右`, `约`.
    About,
    /// `增长/提高 N%`: a rate of increase.
    Increase,
    /// `下降/降低 N%`: a rate of decrease.
    Decrease,
}

impl Comparator {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Eq => "eq",
            Comparator::AtLeast => "at_least",
            Comparator::AtMost => "at_most",
            Comparator::About => "about",
            Comparator::Increase => "increase",
            Comparator::Decrease => "decrease",
        }
    }
}

/// What a target counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// `新增`, `新培育`, `新建`, `新认定`: added during the period.
    New,
    /// `累计`, `总量`, `保有量`: the total at the end.
    Cumulative,
    /// `每年`, `年均`: per year.
    Annual,
    /// A percentage that is a level, not a count.
    Rate,
    /// The text does not say.
    Unspecified,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::New => "new",
            Scope::Cumulative => "cumulative",
            Scope::Annual => "annual",
            Scope::Rate => "rate",
            Scope::Unspecified => "unspecified",
        }
    }
}

/// Whether a number is promised, already reached, or a starting point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Target,
    Achieved,
    Baseline,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Target => "target",
            TargetKind::Achieved => "achieved",
            TargetKind::Baseline => "baseline",
        }
    }
}

/// A target's value: a number, or text that could not be read as one (`达到省均目标值`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Quantity {
    Value(f64),
    Unparsed { raw: String, reason: String },
}

/// A number as reports print it: `1200`, `97.5`; unparsed text as written.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Value(v) if v.fract() == 0.0 && v.abs() < 1e15 => write!(f, "{}", *v as i64),
            Quantity::Value(v) => write!(f, "{v}"),
            Quantity::Unparsed { raw, .. } => f.write_str(raw),
        }
    }
}

/// One quantitative statement of a document.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub doc: usize,
    /// Smallest section containing the statement.
    pub section: usize,
    /// The statement's span in normalized text (from its metric to its unit).
    #[serde(skip)]
    pub range: Range<usize>,
    /// The phrase the number measures, as written (normalized).
    pub metric_raw: String,
    /// Canonical metric key from `rules/metrics.toml`, or the cleaned phrase.
    pub metric: String,
    pub value: Quantity,
    pub unit: String,
    pub comparator: Comparator,
    pub year: Option<u16>,
    pub period_start: Option<u16>,
    pub scope: Scope,
    pub kind: TargetKind,
    pub source: TargetSource,
}

/// Where a target was read: a sentence of the text, or a row of an indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetSource {
    Text,
    Table,
}

impl TargetSource {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetSource::Text => "text",
            TargetSource::Table => "table",
        }
    }
}
