//! The page's fixed wording in both UI languages.
//!
//! In: a [`Lang`]. Out: the label map the template reads as `l.<key>` (for example
//! `l.duplicates` is `重复内容` in Chinese and `Duplicates` in English). The table is data:
//! one `(key, zh, en)` row per label; adding a label means adding a row here and using the
//! key in `report.html`.

use std::collections::BTreeMap;

use super::Lang;

/// `(key, Chinese, English)` for every label the template uses.
const LABELS: &[(&str, &str, &str)] = &[
    (
        "title",
        "政策文件交叉核查报告",
        "Policy plan cross-check report",
    ),
    ("overview", "概览", "Overview"),
    ("duplicates", "重复内容", "Duplicates"),
    ("alignment", "上下级对照", "Alignment"),
    ("targets", "目标指标", "Targets"),
    ("findings", "问题清单", "Findings"),
    ("documents", "原文", "Documents"),
    ("doc", "文档", "Document"),
    ("doc_title", "标题", "Title"),
    ("level", "层级", "Level"),
    ("region", "地区", "Region"),
    ("chars", "字数", "Characters"),
    ("rate", "重复率", "Duplication rate"),
    ("warnings", "读取提示", "Reading notes"),
    ("rule", "规则", "Rule"),
    ("severity", "级别", "Severity"),
    ("count", "数量", "Count"),
    ("message", "说明", "Message"),
    ("location", "位置", "Location"),
    ("related", "相关位置", "Related"),
    ("all", "全部", "All"),
    ("kind", "类型", "Kind"),
    ("similarity", "相似度", "Similarity"),
    ("containment", "包含度", "Containment"),
    ("edits", "修改", "Edits"),
    ("title_drift", "标题不一致", "Title drift"),
    ("copy_a", "副本 A", "Copy A"),
    ("copy_b", "副本 B", "Copy B"),
    ("cluster", "组", "Cluster"),
    (
        "boilerplate",
        "套话（不计入重复率）",
        "Boilerplate (not counted in rates)",
    ),
    ("coverage", "覆盖情况", "Coverage"),
    ("covered", "已覆盖", "covered"),
    ("partial", "部分覆盖", "partial"),
    ("missing", "未覆盖", "missing"),
    ("status", "状态", "Status"),
    ("task", "上级任务", "Upper task"),
    ("score", "得分", "Score"),
    ("best", "本级对应章节", "Best counterpart"),
    ("shared", "共同关键词", "Shared terms"),
    ("heat", "章节相似度热力图", "Section similarity heat map"),
    ("metric", "指标", "Metric"),
    ("value", "数值", "Value"),
    ("unit", "单位", "Unit"),
    ("comparator", "比较", "Comparator"),
    ("year", "年份", "Year"),
    ("scope", "口径", "Scope"),
    ("target_kind", "性质", "Kind"),
    ("quote", "原文", "Quote"),
    ("conflict", "存在冲突", "conflict"),
    (
        "rate_chart",
        "各文档重复率",
        "Duplication rate per document",
    ),
    (
        "coverage_chart",
        "下级文档对上级文档任务的覆盖率",
        "Coverage of upper documents' tasks",
    ),
    ("by_rule", "按规则统计", "Findings by rule"),
    ("no_rows", "无", "None"),
    ("notes", "说明", "Notes"),
    ("exact", "完全重复", "exact"),
    ("near", "近似重复", "near"),
    ("sections", "章节", "sections"),
];

/// The labels in `lang`, keyed by the name the template uses.
pub(super) fn labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    LABELS
        .iter()
        .map(|(k, zh, en)| (*k, if lang == Lang::En { *en } else { *zh }))
        .collect()
}
