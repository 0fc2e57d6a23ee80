//! Tables published one cell per line: the export of several government portals, where every
//! cell of an indicator table stands on a line of its own between blank lines:
//! `序号⏎⏎指标⏎⏎单位⏎⏎属性⏎⏎“十五五”目标⏎⏎2030年⏎⏎年均［累计］⏎⏎1⏎⏎地区生产总值年均增速⏎⏎%⏎⏎…`.
//!
//! In: the lines from where a table may start (after a `表N` caption, or at a `序号` line).
//! Out: the same table model as `|` tables ([`Segmenter::build_table`]): the header cells, a row
//! per numbered row, rows right-aligned and filled down. Cells are blocks of non-empty lines (a
//! cell may wrap: `人/⏎亿元`); the header runs from `序号` to the cell `1`; row k + 1 starts at
//! the cell `k + 1` found where the previous row's length puts it, or failing that the nearest
//! one at least two cells on; the table ends at a long block (a description cell may be a
//! sentence), a heading, or when no next row number comes. A header wider than the rows has a spanning cell
//! (`“十五五”目标` over `2030年` and `年均［累计］`): it is joined to the cells under it.

use std::ops::Range;

use super::markers::parse_marker;
use super::{trim_range, Segmenter};
use crate::text::matching_string;

/// A block longer than this (characters) is prose, not a cell.
const MAX_CELL_CHARS: usize = 200;
/// Header cells between `序号` and the first row.
const MAX_HEADER_CELLS: usize = 14;

impl Segmenter<'_> {
    /// A one-cell-per-line table from line `first` (blank lines skipped), if one starts there;
    /// returns the next line to read.
    pub(super) fn cell_table(
        &mut self,
        first: usize,
        caption: Range<usize>,
        title: Option<Range<usize>>,
        label: &str,
    ) -> Option<usize> {
        // Cells between blank lines, or (when the first two lines touch) one cell per line.
        let first = (first..self.lines.len()).find(|&k| !self.is_blank(k))?;
        let by_line = first + 1 < self.lines.len() && !self.is_blank(first + 1);
        let blocks = self.cell_blocks(first, by_line);
        self.cell_probe_budget = self.cell_probe_budget.saturating_sub(blocks.len());
        let texts: Vec<String> = blocks
            .iter()
            .map(|(r, _)| matching_string(&self.text[r.clone()]))
            .collect();
        // Numbered rows under a header with `序号`; failing that, under a caption, rows whose
        // cells repeat one shape (a name, then numbers; a name, then a description).
        let spans = numbered_rows(&texts).or_else(|| {
            (!caption.is_empty())
                .then(|| periodic_rows(&texts))
                .flatten()
        })?;
        let h = spans[0].start;
        let body: Vec<Vec<Range<usize>>> = spans
            .iter()
            .map(|r| blocks[r.clone()].iter().map(|(c, _)| c.clone()).collect())
            .collect();
        let width = modal_len(&body);
        let header = join_spanning(&texts[..h], width);
        let next_line = blocks[spans.last().map_or(h, |r| r.end) - 1].1;
        // The header row: from `序号` to the cell before `1`; each body row over its cells.
        let header_row = blocks[0].0.start..blocks[h - 1].0.end;
        let rows: Vec<Range<usize>> = std::iter::once(header_row)
            .chain(body.iter().map(|cells| {
                cells.first().map_or(0, |c| c.start)..cells.last().map_or(0, |c| c.end)
            }))
            .collect();
        let start = if caption.is_empty() {
            rows[0].start
        } else {
            caption.start
        };
        self.end_block();
        self.build_table(
            start..caption.end,
            title,
            label.to_owned(),
            &rows,
            header,
            &body,
        );
        Some(next_line)
    }

    /// Whether line `i` may begin a one-cell-per-line table: a short line with `序号` on it or
    /// on one of the next two non-empty lines.
    pub(super) fn may_start_cell_table(&self, i: usize) -> bool {
        let next_three = || (i..self.lines.len()).filter(|&k| !self.is_blank(k)).take(3);
        // Every line of a document comes here: look for `序` before building any string.
        if !next_three().any(|k| self.text[self.lines[k].clone()].contains('序')) {
            return false;
        }
        let short = |k: usize| {
            let t = matching_string(&self.text[self.lines[k].clone()]);
            (!t.is_empty() && t.chars().count() <= 16).then_some(t)
        };
        short(i).is_some() && next_three().any(|k| short(k).is_some_and(|t| t == "序号"))
    }

    /// Blocks of non-empty lines from line `first`, each with the line after it, until a block
    /// that cannot be a cell (long, a sentence, a heading).
    fn cell_blocks(&self, first: usize, by_line: bool) -> Vec<(Range<usize>, usize)> {
        let mut blocks = Vec::new();
        let mut i = first;
        while i < self.lines.len() && blocks.len() < self.cell_probe_budget {
            if self.is_blank(i) {
                i += 1;
                continue;
            }
            let start = trim_range(self.text, self.lines[i].clone());
            let mut end = start.clone();
            let mut j = i + 1;
            while !by_line && j < self.lines.len() && !self.is_blank(j) {
                end = trim_range(self.text, self.lines[j].clone());
                j += 1;
            }
            let block = start.start..end.end;
            let text = &self.text[block.clone()];
            let heading = parse_marker(text).is_some_and(|m| {
                m.style.rank() <= crate::model::HeadingStyle::ChineseNumeral.rank() && m.ordinal > 0
            });
            // A description cell may be a sentence (`…负责…工作。`): only length and headings end
            // the cells.
            if text.chars().count() > MAX_CELL_CHARS || heading {
                break;
            }
            blocks.push((block, j));
            i = j;
        }
        blocks
    }
}

/// The rows of a table whose header holds `序号` among its first three cells (a category
/// column may come first), numbered from `1`.
fn numbered_rows(texts: &[String]) -> Option<Vec<Range<usize>>> {
    let number_col = texts.iter().take(3).position(|t| t.contains("序号"))?;
    let h = number_col + 1 + texts[number_col + 1..].iter().position(|t| t == "1")?;
    if !(2..=MAX_HEADER_CELLS).contains(&h) {
        return None;
    }
    row_spans(texts, h, number_col)
}

/// What a cell holds, for finding the rows of a table without row numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellShape {
    /// A number, a percentage, or a dash for none (`1145.10`, `30%`, `—`).
    Number,
    /// A short text: a name, a unit, a label.
    Short,
    /// A sentence or a long description.
    Long,
}

fn cell_shape(t: &str) -> CellShape {
    static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:[-+]?\d[\d,]*(?:\.\d+)?%?|[-—–/／]+)$").expect("static regex")
    });
    if NUMBER.is_match(t) {
        CellShape::Number
    } else if t.chars().count() >= LONG_CELL_CHARS {
        CellShape::Long
    } else {
        CellShape::Short
    }
}

/// A cell this long (characters) is a description, not a name.
const LONG_CELL_CHARS: usize = 15;
/// Widest table found without row numbers, and most header cells before its first row.
const MAX_PERIOD: usize = 24;
const MAX_PERIODIC_HEADER: usize = 60;

/// Rows of a table without row numbers (corpus-dev 011's 任务量分解表: a 街镇 then 15 figures;
/// its 职责分工 table: a 单位 then a description): after a header of `h` cells, rows of `k`
/// cells whose shapes repeat the first row's, at least three of them. The one covering most
/// cells wins (the fewer columns on a tie). A row shape of names only never counts: a list
/// of names has no columns to find.
fn periodic_rows(texts: &[String]) -> Option<Vec<Range<usize>>> {
    let shapes: Vec<CellShape> = texts.iter().map(|t| cell_shape(t)).collect();
    let mut best: Option<(usize, usize, usize)> = None; // (cells covered, k, h)
    for k in 2..=MAX_PERIOD {
        for h in 1..=MAX_PERIODIC_HEADER.min(shapes.len().saturating_sub(3 * k)) {
            let shape = &shapes[h..h + k];
            if shape.iter().all(|&s| s == CellShape::Short)
                || shape[0] == CellShape::Number
                || shape.contains(&CellShape::Long) && shapes[..h].contains(&CellShape::Long)
            {
                continue;
            }
            let rows = shapes[h..]
                .chunks_exact(k)
                .take_while(|row| *row == shape)
                .count();
            let covered = rows * k;
            if rows >= 3 && best.is_none_or(|(c, _, _)| covered > c) {
                best = Some((covered, k, h));
            }
        }
    }
    let same_shape = best.map(|(covered, k, h)| {
        (h..h + covered)
            .step_by(k)
            .map(|s| s..s + k)
            .collect::<Vec<_>>()
    });
    // Rows whose leading names vary in number (011: `奉城镇 老奉城` then figures, where the
    // town is written once for its two rows) do not repeat one shape: read them as names
    // then a fixed number of values.
    let labelled = labelled_rows(&shapes);
    let cells = |rows: &Option<Vec<Range<usize>>>| {
        rows.as_ref()
            .map_or(0, |r| r.iter().map(|r| r.len()).sum::<usize>())
    };
    if cells(&labelled) > cells(&same_shape) {
        labelled
    } else {
        same_shape
    }
}

/// Rows made of one to three names (short cells) and then exactly as many values (numbers, or
/// one description) as the first row has, at least three rows. The first row has one name:
/// the short cells before it are the header.
fn labelled_rows(shapes: &[CellShape]) -> Option<Vec<Range<usize>>> {
    // Figures first: a long header label (`2024-2026年任务量图斑面积`) is not a value.
    let after_name = |shape: CellShape| {
        (1..shapes.len().min(MAX_PERIODIC_HEADER + 1))
            .find(|&i| shapes[i] == shape && shapes[i - 1] == CellShape::Short)
    };
    let first_value = after_name(CellShape::Number).or_else(|| after_name(CellShape::Long))?;
    let value = shapes[first_value];
    // A header may have long labels over figures (`2024-2026年任务量图斑面积`), not over
    // descriptions: there a long cell before the first row is prose.
    if value == CellShape::Long && shapes[..first_value].contains(&CellShape::Long) {
        return None;
    }
    let run = |from: usize, shape: CellShape| {
        shapes[from.min(shapes.len())..]
            .iter()
            .take_while(|&&s| s == shape)
            .count()
    };
    let n = run(first_value, value);
    let mut rows = Vec::new();
    let mut s = first_value - 1;
    loop {
        let names = run(s, CellShape::Short);
        if !(1..=3).contains(&names) || run(s + names, value) != n {
            break;
        }
        rows.push(s..s + names + n);
        s += names + n;
    }
    (rows.len() >= 3).then_some(rows)
}

/// The cells (as ranges of `texts`) of each row, the first numbered `1` at `h`: numbered
/// rows, with their category cells (`number_col` columns before `序号`, written only on the
/// first row of a group, just before its number: a row longer than most ends with the next
/// row's), and a total row (`合计`, `总计`, `小计`) after the last. At least two rows.
fn row_spans(texts: &[String], h: usize, number_col: usize) -> Option<Vec<Range<usize>>> {
    let numbered = row_starts(texts, h);
    if numbered.len() < 2 {
        return None;
    }
    let usual = modal(numbered.windows(2).map(|w| w[1] - w[0]));
    let mut starts: Vec<usize> = numbered
        .iter()
        .enumerate()
        .map(|(k, &s)| match k {
            0 => s - number_col,
            _ => s - (s - numbered[k - 1]).saturating_sub(usual).min(number_col),
        })
        .collect();
    let after_last = numbered[numbered.len() - 1] + usual;
    let total = texts
        .get(after_last)
        .is_some_and(|t| matches!(t.as_str(), "合计" | "总计" | "小计"));
    if total {
        starts.push(after_last);
    }
    let spans = (0..starts.len())
        .map(|k| {
            let end = starts.get(k + 1).copied().unwrap_or_else(|| {
                let last_row = numbered.get(k).copied().unwrap_or(starts[k]);
                (last_row + usual).min(texts.len())
            });
            starts[k]..end.max(starts[k])
        })
        .collect();
    Some(spans)
}

/// Where each numbered row starts: row 1 at `h`; row k + 1 where the previous row's length
/// puts it, else at the nearest cell `k + 1` at least two cells on (within the header's width
/// and a few more).
fn row_starts(texts: &[String], h: usize) -> Vec<usize> {
    let mut starts = vec![h];
    let mut expected = h;
    loop {
        let (k, s) = (starts.len(), starts[starts.len() - 1]);
        let next = (k + 1).to_string();
        let at = |j: usize| texts.get(j).is_some_and(|t| *t == next);
        let found = if at(s + expected) {
            Some(s + expected)
        } else {
            (s + 2..=s + h + 3).find(|&j| at(j))
        };
        match found {
            Some(j) => {
                expected = j - s;
                starts.push(j);
            }
            None => return starts,
        }
    }
}

/// The most common row length (the table's width).
fn modal_len(rows: &[Vec<Range<usize>>]) -> usize {
    modal(rows.iter().map(Vec::len))
}

/// The most common of some lengths (the shorter on a tie: extra cells are category cells).
fn modal(lengths: impl Iterator<Item = usize>) -> usize {
    let mut counts = std::collections::BTreeMap::new();
    for len in lengths {
        *counts.entry(len).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(len, n)| (n, std::cmp::Reverse(len)))
        .map_or(0, |(len, _)| len)
}

/// Header cells for `width` columns: a header with more cells has spanning cells (a label
/// over the cells after it, such as `“十五五”目标` over `2030年`, `年均［累计］`), joined to
/// each of them (`“十五五”目标/2030年`). The spanning cell is taken to be the last one before
/// the cells it spans, which run to the end of the header.
fn join_spanning(header: &[String], width: usize) -> Vec<String> {
    if header.len() <= width || width == 0 {
        return header.to_vec();
    }
    let extra = header.len() - width;
    if extra != 1 {
        return header[extra..].to_vec();
    }
    // One spanning cell: the last cell without a year before a cell with one, else the one
    // before the last two.
    let has_year = |t: &str| t.contains('年') && t.chars().any(|c| c.is_ascii_digit());
    let p = (1..header.len() - 1)
        .rev()
        .find(|&p| !has_year(&header[p]) && has_year(&header[p + 1]))
        .unwrap_or(header.len().saturating_sub(3));
    let mut out = header[..p].to_vec();
    out.extend(
        header[p + 1..]
            .iter()
            .map(|sub| format!("{}/{sub}", header[p])),
    );
    out
}

#[cfg(test)]
mod tests {
    use crate::model::{DocId, Section, SectionKind};
    use crate::segment::segment;

    fn rows(text: &str) -> (Vec<String>, Vec<(String, Vec<String>)>) {
        let sections = segment(&DocId("d".into()), text);
        let table: &Section = sections
            .iter()
            .find(|s| s.kind == SectionKind::Table)
            .expect("a table");
        let rows = sections
            .iter()
            .filter(|s| s.kind == SectionKind::TableRow)
            .map(|s| (s.id.clone(), s.cells.clone()))
            .collect();
        (table.cells.clone(), rows)
    }

    /// One cell per line, cells between blank lines.
    fn cells(cells: &[&str]) -> String {
        cells.join("\n\n") + "\n"
    }

    /// 奉贤区违法用地综合整治 附件1 (corpus-dev 011): no `序号`, a header of three levels
    /// flattened, a 街镇 then figures per row, a town written once over its two sub-areas, a
    /// 总计 row, a note after.
    #[test]
    fn a_table_without_row_numbers_is_read_by_its_repeating_rows() {
        let mut c = vec![
            "奉贤区违法用地综合整治三年行动（2024-2026）任务量分解表",
            "面积单位：亩",
        ];
        c.extend([
            "街镇",
            "2024-2026年任务量\n图斑面积",
            "2024年\n30%",
            "2025年\n40%",
        ]);
        c.extend(["青村镇", "574", "172", "230"]);
        c.extend(["柘林镇", "410", "125", "160"]);
        c.extend(["奉城镇", "老奉城", "380", "115", "150"]);
        c.extend(["头桥", "274", "82", "110"]);
        c.extend(["总计", "1638", "494", "650"]);
        c.push("备注：1.整治重点类型中，C类和D类的违法用地数据互有重叠。");
        let (_, rows) = rows(&cells(&c));
        let names: Vec<&str> = rows
            .iter()
            .map(|(_, cells)| cells[cells.len() - 4].as_str())
            .collect();
        assert_eq!(names, ["青村镇", "柘林镇", "老奉城", "头桥", "总计"]);
        assert_eq!(rows[2].1[..2], ["奉城镇", "老奉城"]);
        assert_eq!(rows[4].1[rows[4].1.len() - 3..], ["1638", "494", "650"]);
    }

    /// 奉贤区 附件2 (corpus-dev 011): 单位 | 职责分工, a unit then a description per row.
    #[test]
    fn a_two_column_duty_table_is_read_by_unit_and_description() {
        let c = [
            "奉贤区违法用地综合整治协调机制成员单位职责分工",
            "单位",
            "职责分工",
            "区规划资源局",
            "拟定本区违法用地综合整治三年行动工作方案，明确工作要求和政策口径。",
            "区纪委监委",
            "对于党员干部或者国家机关工作人员存在违纪行为的，严肃追究有关人员的责任。",
            "区财政局",
            "负责协调整治清单内相关违法用地项目政府资金补贴处置工作。",
        ];
        let (header, rows) = rows(&cells(&c));
        assert_eq!(header, ["单位", "职责分工"]);
        let units: Vec<&str> = rows.iter().map(|(_, cells)| cells[0].as_str()).collect();
        assert_eq!(units, ["区规划资源局", "区纪委监委", "区财政局"]);
    }

    /// Counter-examples: a heading that ends like a table title (`2.发展目标和主要指标`,
    /// corpus-dev 001) followed by prose, and a title followed by a list of names only.
    #[test]
    fn prose_and_lists_of_names_under_a_title_are_not_tables() {
        let prose = "2.发展目标和主要指标\n\n“十五五”时期，全市经济社会发展的奋斗目标是：到2030年核心功能持续跃升。\n\n——高质量发展取得显著成效。地区生产总值年均增速力争达到5%左右。\n";
        let sections = segment(&DocId("d".into()), prose);
        assert!(!sections.iter().any(|s| s.kind == SectionKind::Table));
        let names = cells(&[
            "协调机制成员单位一览",
            "区规划资源局",
            "区纪委监委",
            "区财政局",
            "区税务局",
            "区水务局",
            "区应急局",
        ]);
        let sections = segment(&DocId("d".into()), &names);
        assert!(!sections.iter().any(|s| s.kind == SectionKind::Table));
    }

    /// 上海市“十五五”规划纲要 表1 (corpus-dev 001): cells between blank lines, a spanning
    /// header cell, a unit wrapped over two lines.
    #[test]
    fn cells_between_blank_lines_with_a_spanning_header() {
        let cells = [
            "表1  上海“十五五”经济社会发展主要指标",
            "序号",
            "指标",
            "单位",
            "属性",
            "“十五五”目标",
            "2030年",
            "年均［累计］",
            "1",
            "地区生产总值年均增速",
            "%",
            "预期性",
            "—",
            "力争达到5%左右",
            "2",
            "全员劳动生产率",
            "万元/人",
            "预期性",
            "> 52",
            "—",
            "3",
            "单位生产总值生产安全事故死亡率",
            "人/\n亿元",
            "约束性",
            "< 0.006",
            "—",
        ];
        let text = cells.join("\n\n") + "\n\n注：带［］的为五年累计数。这是一段说明，不是表格的一部分，它比单元格长得多，也以句号结尾。\n";
        let (header, rows) = rows(&text);
        assert_eq!(
            header,
            [
                "序号",
                "指标",
                "单位",
                "属性",
                "“十五五”目标/2030年",
                "“十五五”目标/年均［累计］"
            ]
        );
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].0, "d/表1/1");
        assert_eq!(
            rows[2].1,
            [
                "3",
                "单位生产总值生产安全事故死亡率",
                "人/亿元",
                "约束性",
                "< 0.006",
                "—"
            ]
        );
    }

    /// 青浦区农村公路管理养护权力和责任清单 (corpus-dev 008): one cell per line, rows between
    /// blank lines, description cells that are sentences.
    #[test]
    fn one_cell_per_line_rows_between_blank_lines() {
        let text = "序号\n权力责任名称\n行使主体\n行使层级\n\n1\n公路的管理\n区交通行政管理部门\n区级\n\n2\n乡道、村道的相关工作\n镇人民政府（街道）\n镇人民政府负责本辖区乡道、村道的管理和养护工作。\n\n五、本办法自批准之日起实施。\n";
        let (header, rows) = rows(text);
        assert_eq!(header, ["序号", "权力责任名称", "行使主体", "行使层级"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[1].1[3],
            "镇人民政府负责本辖区乡道、村道的管理和养护工作。"
        );
    }

    /// 普陀区国土空间近期规划 专栏1 (corpus-dev 003): a category column written only on the
    /// first row of its group, just before the row's number.
    #[test]
    fn category_cells_before_the_number_are_filled_down() {
        let cells = [
            "指标类别",
            "序号",
            "指标项",
            "单位",
            "现状",
            "1",
            "发展规模",
            "1",
            "建设用地总规模",
            "平方千米",
            "53.75",
            "服务设施",
            "2",
            "风貌保护街坊面积",
            "平方千米",
            "1.31",
            "3",
            "风貌保护道路",
            "条",
            "1",
        ];
        let mut cells = cells.to_vec();
        cells.remove(5); // the stray `1` above only checks the header search; drop it
        let text = cells.join("\n\n") + "\n";
        let (_, rows) = rows(&text);
        let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(
            ids,
            [
                "d/table1/发展规模/1",
                "d/table1/服务设施/2",
                "d/table1/服务设施/3"
            ]
        );
        assert_eq!(rows[2].1, ["服务设施", "3", "风貌保护道路", "条", "1"]);
    }

    /// The same indicator table as a Markdown pipe table (caption, blank line, separator row)
    /// and published one cell per line: one table model.
    #[test]
    fn a_pipe_table_and_its_one_cell_per_line_export_give_the_same_rows() {
        let pipe = "表1：主要指标\n\n| 序号 | 指标 | 单位 | 2025年目标 |\n|---|---|---|---|\n| 1 | 规上工业企业数量 | 家 | 1200 |\n| 2 | 研发经费投入强度 | % | 3.2 |\n";
        let cells = [
            "表1：主要指标",
            "序号",
            "指标",
            "单位",
            "2025年目标",
            "1",
            "规上工业企业数量",
            "家",
            "1200",
            "2",
            "研发经费投入强度",
            "%",
            "3.2",
        ];
        let one_per_line = cells.join("\n\n") + "\n";
        // The separator row is scrape clutter to normalization; here, as segmentation sees
        // normalized text, it is already gone.
        let pipe = pipe.replace("|---|---|---|---|\n", "");
        assert_eq!(rows(&pipe), rows(&one_per_line));
        assert_eq!(rows(&pipe).1.len(), 2);
    }
}
