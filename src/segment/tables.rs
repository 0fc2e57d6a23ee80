//! Tables: `表N:` tables and unlabelled `|` tables.
//!
//! In: the lines from a table's first row (and its caption, if any). Out: a table section with
//! the header cells, and a row section per body line: cells right-aligned to the widest row,
//! missing leading cells filled down from the row above (003's appendix writes `重 大 工 程`
//! only on the first row of its group), ids from the category and number columns
//! (`003/table2/重大工程/3`), the title from the column after them, and bullets and long
//! description cells as passages under the row.

use std::ops::Range;

use super::{trim_range, Segmenter, BULLETS, MAX_CELLS};
use crate::model::SectionKind;
use crate::text::matching_string;

/// A table cell at least this long (in characters) after the title column is a paragraph.
const MIN_CELL_PARAGRAPH: usize = 20;

impl Segmenter<'_> {
    /// Whether line `i` holds nothing but whitespace (false past the last line).
    pub(super) fn is_blank(&self, i: usize) -> bool {
        self.lines
            .get(i)
            .is_some_and(|r| self.text[r.clone()].trim().is_empty())
    }

    pub(super) fn is_pipe_row(&self, i: usize) -> bool {
        self.lines.get(i).is_some_and(|r| {
            let line = self.text[r.clone()].trim();
            line.contains('|')
                && line.matches('|').count() <= MAX_CELLS
                && !line.starts_with("专栏")
                && split_cells(self.text, r.clone()).len() >= 2
        })
    }

    /// A table: optional caption line, then rows from line `first_row`. Returns the next line.
    pub(super) fn table(
        &mut self,
        first_row: usize,
        caption: Range<usize>,
        title: Option<Range<usize>>,
        label: String,
    ) -> usize {
        // A caption, a blank line, then the rows (how Markdown writes a captioned table).
        let first_row = match (first_row..self.lines.len()).find(|&k| !self.is_blank(k)) {
            Some(k) if k > first_row && self.is_pipe_row(k) && self.is_pipe_row(k + 1) => k,
            _ => first_row,
        };
        if !self.is_pipe_row(first_row) {
            if let Some(end) = self.cell_table(first_row, caption.clone(), title.clone(), &label) {
                return end;
            }
        }
        let mut end = first_row;
        while self.is_pipe_row(end) {
            end += 1;
        }
        let rows: Vec<Range<usize>> = self.lines[first_row..end]
            .iter()
            .map(|r| trim_range(self.text, r.clone()))
            .collect();
        let start = if caption.is_empty() {
            rows.first().map_or(caption.start, |r| r.start)
        } else {
            caption.start
        };
        let parsed: Vec<Vec<Range<usize>>> = rows
            .iter()
            .map(|r| split_cells(self.text, r.clone()))
            .collect();
        let Some((header, body)) = parsed.split_first() else {
            self.open(SectionKind::Table, start..caption.end, title, label);
            self.end_block();
            return end;
        };
        let header: Vec<String> = header.iter().map(|c| self.cell_text(c)).collect();
        self.build_table(start..caption.end, title, label, &rows, header, body);
        end
    }

    /// The table section (header cells `header`, its header row ending at `rows[0]`) and a
    /// row section per body row (`rows[k + 1]`, cells `body[k]`); closes the table.
    pub(super) fn build_table(
        &mut self,
        range: Range<usize>,
        title: Option<Range<usize>>,
        label: String,
        rows: &[Range<usize>],
        header: Vec<String>,
        body: &[Vec<Range<usize>>],
    ) {
        let width = body
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(header.len());
        let table = self.open(SectionKind::Table, range, title, label);
        self.sections[table].cells = header;
        self.extend_open(rows[0].end);
        let FilledRows {
            aligned,
            cell_ranges,
            filled_cols,
        } = self.fill_down(body, width);
        let columns = Columns::of(&aligned, filled_cols, width);
        let rows_cells = aligned.into_iter().zip(cell_ranges).zip(body);
        for (k, (((full, offset), ranges), cells)) in rows_cells.enumerate() {
            let row_range = rows[k + 1].clone();
            let label = columns.row_label(&full, k);
            let title = columns.row_title(cells, offset);
            let row = self.add_under(table, SectionKind::TableRow, row_range, title, &label);
            self.sections[row].cells = full;
            self.sections[row].cell_ranges = ranges;
            self.row_passages(row, cells, offset, columns.title);
        }
        self.end_block();
    }

    /// A cell's text for matching; a cell wrapped over lines (`人/⏎亿元`) is joined.
    fn cell_text(&self, r: &Range<usize>) -> String {
        matching_string(&self.text[r.clone()]).replace(['\n', '\r'], "")
    }

    /// Right-align each row; fill missing leading cells down from the row above. Returns each
    /// row's full cells with its offset (the cells filled in) and their ranges (a filled cell's
    /// is where it was written), and the most cells filled in any row.
    fn fill_down(&self, body: &[Vec<Range<usize>>], width: usize) -> FilledRows {
        let mut previous: Vec<String> = vec![String::new(); width];
        let mut previous_ranges: Vec<Range<usize>> = vec![0..0; width];
        let mut filled_cols = 0usize;
        let mut aligned = Vec::new();
        let mut cell_ranges = Vec::new();
        for cells in body {
            let offset = width - cells.len();
            filled_cols = filled_cols.max(offset);
            let mut full = previous[..offset].to_vec();
            full.extend(cells.iter().map(|c| self.cell_text(c)));
            let mut ranges = previous_ranges[..offset].to_vec();
            ranges.extend(cells.iter().cloned());
            previous.clone_from(&full);
            previous_ranges.clone_from(&ranges);
            aligned.push((full, offset));
            cell_ranges.push(ranges);
        }
        FilledRows {
            aligned,
            cell_ranges,
            filled_cols,
        }
    }

    /// The bullets and long description cells of a row (`cells` as written, right-aligned by
    /// `offset`), as passages under it.
    fn row_passages(
        &mut self,
        row: usize,
        cells: &[Range<usize>],
        offset: usize,
        title_col: usize,
    ) {
        for (c, cell) in cells.iter().enumerate() {
            if self.text[cell.clone()].contains(BULLETS) {
                self.bullets_under(row, cell.clone());
            } else if c + offset > title_col
                && self.text[cell.clone()].chars().count() >= MIN_CELL_PARAGRAPH
            {
                // A description cell is a passage of its own (a unit for matching).
                let idx = self.add_under(row, SectionKind::Paragraph, cell.clone(), None, "p");
                self.sentences(idx, cell.clone());
            }
        }
    }
}

/// A table's body rows after fill-down: each row's full cells and how many were filled in, each
/// cell's range, and the most cells filled in any row.
struct FilledRows {
    aligned: Vec<(Vec<String>, usize)>,
    cell_ranges: Vec<Vec<Range<usize>>>,
    filled_cols: usize,
}

/// The columns of a table's body, after fill-down: the category columns (filled down) on the
/// left, then a number column when every row has a number there, then the title column.
struct Columns {
    category: usize,
    number: Option<usize>,
    title: usize,
}

impl Columns {
    fn of(aligned: &[(Vec<String>, usize)], filled_cols: usize, width: usize) -> Self {
        let category_cols = filled_cols;
        let number_col = (category_cols < width
            && aligned.iter().all(|(full, _)| {
                let v = &full[category_cols];
                !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
            }))
        .then_some(category_cols);
        let title_col = number_col.map_or(category_cols, |n| n + 1);
        Self {
            category: category_cols,
            number: number_col,
            title: title_col,
        }
    }

    /// The id label of row `k` (from 0) with cells `full`: `重大工程/3` from the category and
    /// number columns, the number alone, or `r1`, `r2`… when there is no number column.
    fn row_label(&self, full: &[String], k: usize) -> String {
        match self.number {
            Some(n) if self.category > 0 => {
                format!("{}/{}", full[..self.category].join("/"), full[n])
            }
            Some(n) => full[n].clone(),
            None => format!("r{}", k + 1),
        }
    }

    /// A row's title: its cell in the title column, when it has one and it is not empty.
    fn row_title(&self, cells: &[Range<usize>], offset: usize) -> Option<Range<usize>> {
        self.title
            .checked_sub(offset)
            .and_then(|c| cells.get(c))
            .cloned()
            .filter(|c| !c.is_empty())
    }
}

/// `表1:湖州市质量发展“十四五”规划目标` → label `表1`.
pub(super) fn table_label(text: &str, r: Range<usize>) -> Option<(String, Range<usize>)> {
    let line = &text[r.clone()];
    let rest = line.strip_prefix('表')?;
    let num: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if num.is_empty() || !rest[num.len()..].starts_with([':', '：', ' ', '\t', '　']) {
        return None;
    }
    if line.contains('|') {
        return None;
    }
    Some((format!("表{num}"), r))
}

/// The title of a table published without a `表N` label (`…任务量分解表`, `…成员单位职责分工`,
/// `…重点项目清单`, `…主要指标`): a short caption-like line ending as table titles end.
pub(super) fn is_table_title(line: &str) -> bool {
    let t = line.trim();
    is_caption(t)
        && t.chars().count() <= 60
        && ["表", "清单", "分工", "一览", "指标"]
            .iter()
            .any(|end| t.ends_with(end))
}

/// A short line without sentence punctuation, directly above a table: its caption.
pub(super) fn is_caption(line: &str) -> bool {
    line.chars().count() <= 80 && !line.contains(['。', '；', '|'])
}

/// Split a `|` row into trimmed cell ranges, dropping empty cells at both ends.
fn split_cells(text: &str, r: Range<usize>) -> Vec<Range<usize>> {
    let line = &text[r.clone()];
    let mut cells = Vec::new();
    let mut start = 0;
    for (off, _) in line.match_indices('|') {
        cells.push(trim_range(text, r.start + start..r.start + off));
        start = off + 1;
    }
    cells.push(trim_range(text, r.start + start..r.end));
    while cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    while cells.first().is_some_and(|c| c.is_empty()) {
        cells.remove(0);
    }
    cells
}

#[cfg(test)]
mod tests {
    use crate::model::{DocId, SectionKind};
    use crate::segment::segment;

    #[test]
    fn table_fill_down() {
        let t = "序号 | 名称 | 主要说明 | |\n重大改革 | 1 | 甲改革 | 说明一 |\n2 | 乙改革 | 说明二 |\n重大工程 | 1 | 丙工程 | ¨ 要点一。 ¨ 要点二。 |\n";
        let secs = segment(&DocId("d".into()), t);
        let rows: Vec<_> = secs
            .iter()
            .filter(|s| s.kind == SectionKind::TableRow)
            .collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].id, "d/table1/重大改革/2");
        assert_eq!(rows[1].cells, ["重大改革", "2", "乙改革", "说明二"]);
        assert_eq!(&t[rows[1].title_range.clone().unwrap()], "乙改革");
        assert_eq!(
            secs.iter()
                .filter(|s| s.kind == SectionKind::Bullet)
                .count(),
            2
        );
    }
}
