//! Targets from metrics tables.
//!
//! In: a document's table sections (header cells, rows with right-aligned cells) and the
//! metric rules. Out: one [`Target`] per row of a table whose header names an indicator
//! (`指标`), a unit (`单位`) and a value (`目标`/`值`) column: the row's metric, unit and value
//! (`Unparsed` when the cell is not a number), the year from the value column's header or the
//! document's period, always a `target` with comparator `eq`.

use super::metric::canonical_metric;
use super::time::target_year;
use crate::model::{Comparator, Document, Quantity, Scope, SectionKind, Target, TargetKind};
use crate::rules::Metrics;

/// Rows of metric tables (header with an indicator column and a unit column).
pub(super) fn table_targets(
    doc_index: usize,
    doc: &Document,
    metrics: &Metrics,
    default_year: Option<u16>,
) -> Vec<Target> {
    let mut out = Vec::new();
    for (ti, table) in doc.sections.iter().enumerate() {
        if table.kind != SectionKind::Table {
            continue;
        }
        let header = &table.cells;
        let metric_col = header.iter().position(|h| h.contains("指标"));
        let unit_col = header.iter().position(|h| h == "单位");
        let value_col = header
            .iter()
            .position(|h| h.contains("目标") || h.contains("值"));
        let (Some(mc), Some(uc), Some(vc)) = (metric_col, unit_col, value_col) else {
            continue;
        };
        let year = target_year(&header[vc]).or(default_year);
        for (ri, row) in doc.sections.iter().enumerate() {
            if row.parent != Some(ti) || row.kind != SectionKind::TableRow {
                continue;
            }
            // Header cells are right-aligned like the rows (merged category cells on the left).
            let offset = row.cells.len().saturating_sub(header.len());
            let cell = |c: usize| row.cells.get(c + offset).map(String::as_str).unwrap_or("");
            let (metric_raw, unit, raw_value) = (cell(mc), cell(uc), cell(vc));
            if metric_raw.is_empty() {
                continue;
            }
            let value = match raw_value.parse::<f64>() {
                Ok(v) => Quantity::Value(v),
                Err(_) => Quantity::Unparsed {
                    raw: raw_value.to_owned(),
                    reason: "not a number".into(),
                },
            };
            let scope = if metric_raw.contains("新增") || metric_raw.contains("新开工") {
                Scope::New
            } else if metric_raw.contains("累计") || metric_raw.contains("保有量") {
                Scope::Cumulative
            } else if unit == "%" {
                Scope::Rate
            } else {
                Scope::Unspecified
            };
            out.push(Target {
                doc: doc_index,
                section: ri,
                // The value's own cell when the table model knows it: where a reviewer looks.
                range: row
                    .cell_ranges
                    .get(vc + offset)
                    .filter(|r| !r.is_empty())
                    .cloned()
                    .unwrap_or_else(|| row.range.clone()),
                metric: canonical_metric(metric_raw, metrics),
                metric_raw: metric_raw.to_owned(),
                value,
                unit: unit.replace(' ', ""),
                comparator: Comparator::Eq,
                year,
                period_start: None,
                scope,
                kind: TargetKind::Target,
                source: crate::model::TargetSource::Table,
            });
        }
    }
    out
}
