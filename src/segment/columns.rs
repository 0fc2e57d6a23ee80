//! What each column of a table holds, from its header: the roles an indicator table's columns
//! play (序号, 指标, 单位, 属性, 基期值/现状值 and 目标值 with their years) and the columns of
//! other tables (a category written once for several rows, a note).
//!
//! In: a table's header cells (spanning cells joined as `“十五五”目标/2030年`) and the plan
//! period when known. Out: one [`ColumnRole`] per column. Words are matched on the header with
//! spaces removed (`指　　标` is `指标`); years decide between baseline and target: a year
//! before the period's end is a baseline (`2020 年` in a 2021–2025 plan), the end year or later
//! a target.

/// The part a column plays in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// `序号`: row numbers.
    Number,
    /// A grouping written once for several rows (`类别`, `类型` before the indicator, `街镇`).
    Category,
    /// The indicator's name (`指标`, `指标名称`, `指标项`).
    Metric,
    /// `单位` in an indicator table.
    Unit,
    /// `属性` (`约束性` / `预期性`), or `类型` after the indicator.
    Attribute,
    /// A value already reached: `现状`, `基期`, `基准`, or a year before the plan's end.
    Baseline,
    /// A value to reach: `目标`, `预期`, `规划`, `任务量`, or the plan's end year.
    Target,
    /// Free text: `备注`, `说明`, `依据`, `职责`, `事项`.
    Note,
    /// Anything else.
    Other,
}

impl ColumnRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnRole::Number => "number",
            ColumnRole::Category => "category",
            ColumnRole::Metric => "metric",
            ColumnRole::Unit => "unit",
            ColumnRole::Attribute => "attribute",
            ColumnRole::Baseline => "baseline",
            ColumnRole::Target => "target",
            ColumnRole::Note => "note",
            ColumnRole::Other => "other",
        }
    }
}

/// The role of each column of a table with `header`, in a plan for `period` (start, end).
pub fn column_roles(header: &[String], period: Option<(u16, u16)>) -> Vec<ColumnRole> {
    let words: Vec<String> = header
        .iter()
        .map(|h| h.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    let is_metric = |w: &str| {
        (w.contains("指标") || w == "项目" || w == "名称")
            && !w.contains("属性")
            && !w.contains("类别")
            && !w.contains("值")
            && !w.contains("目标")
    };
    let metric_at = words.iter().rposition(|w| is_metric(w));
    words
        .iter()
        .enumerate()
        .map(|(i, w)| role_of(w, i, metric_at, period))
        .collect()
}

fn role_of(w: &str, i: usize, metric_at: Option<usize>, period: Option<(u16, u16)>) -> ColumnRole {
    let has = |words: &[&str]| words.iter().any(|k| w.contains(k));
    let before_metric = metric_at.is_some_and(|m| i < m);
    if w == "序号" {
        return ColumnRole::Number;
    }
    if Some(i) == metric_at {
        return ColumnRole::Metric;
    }
    if w.contains("属性") || w == "性质" {
        return ColumnRole::Attribute;
    }
    if has(&["类别", "类型", "分类", "领域", "街镇", "指标"]) {
        // `类型` after the indicator is its kind (约束性/预期性): an attribute.
        return if metric_at.is_some() && !before_metric && w.contains("类型") {
            ColumnRole::Attribute
        } else if before_metric || !has(&["值", "目标"]) {
            ColumnRole::Category
        } else {
            value_role(w, period)
        };
    }
    if w.contains("单位") && w.chars().count() <= 4 {
        // In an indicator table `单位` is the unit; in a duty table it is the office.
        return if metric_at.is_some() {
            ColumnRole::Unit
        } else {
            ColumnRole::Other
        };
    }
    if has(&["备注", "说明", "依据", "职责", "事项", "内容", "措施"]) {
        return ColumnRole::Note;
    }
    value_role(w, period)
}

/// Baseline or target from the header's words and years; `Other` when neither shows.
fn value_role(w: &str, period: Option<(u16, u16)>) -> ColumnRole {
    if ["现状", "基期", "基准", "基数", "现有"]
        .iter()
        .any(|k| w.contains(k))
    {
        return ColumnRole::Baseline;
    }
    let year = years(w).into_iter().max();
    if let (Some(y), Some((start, end))) = (year, period) {
        if y < end && (y < start || w.contains("年") && !w.contains("目标")) {
            return ColumnRole::Baseline;
        }
        if y >= end {
            return ColumnRole::Target;
        }
    }
    if ["目标", "预期", "规划", "任务", "预计", "年均", "累计"]
        .iter()
        .any(|k| w.contains(k))
        || year.is_some()
    {
        return ColumnRole::Target;
    }
    ColumnRole::Other
}

/// Four-digit years (1990–2100) written in a header.
fn years(w: &str) -> Vec<u16> {
    let mut out = Vec::new();
    let mut digits = String::new();
    for c in w.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if digits.len() == 4 {
                if let Ok(y) = digits.parse::<u16>() {
                    if (1990..=2100).contains(&y) {
                        out.push(y);
                    }
                }
            }
            digits.clear();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ColumnRole::*;
    use super::*;

    fn roles(header: &[&str], period: Option<(u16, u16)>) -> Vec<ColumnRole> {
        let header: Vec<String> = header.iter().map(|s| (*s).to_owned()).collect();
        column_roles(&header, period)
    }

    /// Headers of the indicator tables of corpus-dev 001, 002, 003, 024, 031 and 033, with
    /// the roles their structure gold gives.
    #[test]
    fn indicator_table_headers_from_six_plans() {
        let p15 = Some((2026, 2030));
        let p14 = Some((2021, 2025));
        assert_eq!(
            roles(
                &[
                    "序号",
                    "指标",
                    "单位",
                    "属性",
                    "“十五五”目标/2030年",
                    "“十五五”目标/年均［累计］"
                ],
                p15
            ),
            [Number, Metric, Unit, Attribute, Target, Target]
        );
        assert_eq!(
            roles(&["序号", "指标名称", "单位", "属性", "“十五五”目标"], p15),
            [Number, Metric, Unit, Attribute, Target]
        );
        assert_eq!(
            roles(
                &[
                    "指标类别",
                    "序号",
                    "指标项",
                    "单位",
                    "类型",
                    "指标值/现状/（2025年）",
                    "指标值/近期规划/（2030年）"
                ],
                p15
            ),
            [Category, Number, Metric, Unit, Attribute, Baseline, Target]
        );
        assert_eq!(
            roles(&["序号", "指　　标", "预期值", "属性"], p14),
            [Number, Metric, Target, Attribute]
        );
        assert_eq!(
            roles(&["类型", "指　　标", "2020 年", "2025 年", "属性"], p14),
            [Category, Metric, Baseline, Target, Attribute]
        );
        assert_eq!(
            roles(&["指标", "指标", "2025 年", "属性"], p14),
            [Category, Metric, Target, Attribute]
        );
    }

    /// Counter-example: 011's duty table, where `单位` is the office, not a unit of measure.
    #[test]
    fn a_duty_tables_unit_is_an_office() {
        assert_eq!(roles(&["单位", "职责分工"], None), [Other, Note]);
    }
}
