//! Ruled tables on a page: the grid their border lines draw, and which cell each glyph is in.
//!
//! In: the page's rules (thin horizontal and vertical strokes, as Word and WPS exports draw
//! table borders) and the positions of its glyphs. Out: [`Grid`]s, each a table whose cells
//! are known from its lines, merged cells included: a cell boundary no rule draws joins the
//! two cells (a spanning header, a category written once for several rows). This is the
//! "lattice" reading of tools such as Tabula and pdfplumber; tables without borders are left
//! to the wide-gap rows of the line layout.

use super::{Line, Rule};

/// Positions closer than this (points) are the same boundary.
const SNAP: f32 = 2.0;
/// A page with more rules than this is a drawing, not tables: no grid is looked for.
const MAX_RULES: usize = 4000;

/// A table drawn by rules: column boundaries `xs` and row boundaries `ys`, left to right and
/// top to bottom, and which grid cells are one merged cell.
#[derive(Debug, Clone)]
pub(super) struct Grid {
    xs: Vec<f32>,
    ys: Vec<f32>,
    /// For each grid cell (row-major), the id of the merged cell it belongs to.
    merged: Vec<usize>,
}

impl Grid {
    pub(super) fn rows(&self) -> usize {
        self.ys.len() - 1
    }

    pub(super) fn columns(&self) -> usize {
        self.xs.len() - 1
    }

    /// Does a point lie inside the table?
    pub(super) fn contains(&self, x: f32, y: f32) -> bool {
        let (Some(&x0), Some(&x1)) = (self.xs.first(), self.xs.last()) else {
            return false;
        };
        let (Some(&y0), Some(&y1)) = (self.ys.first(), self.ys.last()) else {
            return false;
        };
        x > x0 && x < x1 && y > y0 && y < y1
    }

    /// The grid cell (row, column) a point lies in.
    pub(super) fn cell_at(&self, x: f32, y: f32) -> Option<(usize, usize)> {
        if !self.contains(x, y) {
            return None;
        }
        let r = self.ys.partition_point(|&b| b <= y).checked_sub(1)?;
        let c = self.xs.partition_point(|&b| b <= x).checked_sub(1)?;
        (r < self.rows() && c < self.columns()).then_some((r, c))
    }

    /// The merged cell a grid cell belongs to.
    pub(super) fn merged_cell(&self, r: usize, c: usize) -> usize {
        self.merged[r * self.columns() + c]
    }
}

/// `lines` (top to bottom) with the lines inside each ruled table replaced by the table's rows,
/// one [`Line`] per row (cells apart as the line layout sets wide gaps apart), placed where the
/// table's first line was. A cell's text is its glyphs in reading order, wrapped lines joined; a
/// merged cell's text is written in the first row it spans; a row that only continues merged
/// cells is left out, and a merged cell continued from above is left out when only such cells
/// precede it (the table reader fills leading cells down) and written empty otherwise.
pub(super) fn with_ruled_tables(lines: Vec<Line>, grids: &[Grid]) -> Vec<Line> {
    if grids.is_empty() {
        return lines;
    }
    let mid = |l: &Line| (l.top + l.bottom) / 2.0;
    let mut out = Vec::with_capacity(lines.len());
    let mut placed = vec![false; grids.len()];
    for line in &lines {
        let inside = grids.iter().position(|g| {
            let x = (line.left + line.right) / 2.0;
            g.contains(x, mid(line))
                || line
                    .glyph_spans
                    .iter()
                    .any(|(_, x)| g.contains(*x, mid(line)))
        });
        match inside {
            None => out.push(line.clone()),
            Some(gi) if !placed[gi] => {
                placed[gi] = true;
                let members: Vec<&Line> = lines
                    .iter()
                    .filter(|l| {
                        l.glyph_spans
                            .iter()
                            .any(|(_, x)| grids[gi].contains(*x, mid(l)))
                    })
                    .collect();
                out.extend(rows_of(&grids[gi], &members));
            }
            Some(_) => {}
        }
    }
    out
}

/// The rows of one ruled table from the lines inside it.
fn rows_of(grid: &Grid, lines: &[&Line]) -> Vec<Line> {
    let (rows, cols) = (grid.rows(), grid.columns());
    let text = cell_texts(grid, lines);
    let mut first_row: std::collections::HashMap<usize, usize> = Default::default();
    for r in 0..rows {
        for c in 0..cols {
            first_row.entry(grid.merged_cell(r, c)).or_insert(r);
        }
    }
    let mut out = Vec::new();
    let mut header_done = false;
    for r in 0..rows {
        let mut cells: Vec<&str> = Vec::new();
        let mut leading = true;
        let mut starts_here = false;
        // The header (the first row of two cells or more) names every column: a cell spanning
        // two (033's `指标` over category and indicator) is written for each.
        let distinct = (0..cols)
            .filter(|&c| c == 0 || grid.merged_cell(r, c) != grid.merged_cell(r, c - 1))
            .count();
        let header = !header_done && distinct >= 2;
        header_done |= header;
        for c in 0..cols {
            let cell = grid.merged_cell(r, c);
            if c > 0 && grid.merged_cell(r, c - 1) == cell && !header {
                continue; // spans from the left
            }
            if first_row[&cell] < r {
                if !leading {
                    cells.push("");
                }
                continue;
            }
            leading = false;
            starts_here = true;
            cells.push(text.get(&cell).map_or("", String::as_str));
        }
        if !starts_here || cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let mut row = String::new();
        let mut breaks = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                row.push_str("  ");
                breaks.push(row.len());
            }
            row.push_str(cell);
        }
        out.push(Line {
            text: row,
            left: grid.xs[0],
            right: grid.xs[cols],
            top: grid.ys[r],
            bottom: grid.ys[r + 1],
            cell_breaks: breaks,
            glyph_spans: Vec::new(),
            ruled: true,
        });
    }
    out
}

/// The text of each merged cell of `grid`, in reading order: its glyphs line by line, a
/// word gap kept as a space, wrapped lines joined (with a space between Latin words).
fn cell_texts(grid: &Grid, lines: &[&Line]) -> std::collections::HashMap<usize, String> {
    let cols = grid.columns();
    let mut text: std::collections::HashMap<usize, String> = Default::default();
    for line in lines {
        let y = (line.top + line.bottom) / 2.0;
        let mut last_cell = None;
        for (span, x) in &line.glyph_spans {
            let clamped = x.clamp(grid.xs[0] + 0.01, grid.xs[cols] - 0.01);
            let Some((r, c)) = grid.cell_at(clamped, y) else {
                continue;
            };
            let cell = grid.merged_cell(r, c);
            let t = text.entry(cell).or_default();
            let ch = &line.text[span.clone()];
            let latin_join = last_cell != Some(cell)
                && t.ends_with(|c: char| c.is_ascii_alphanumeric())
                && ch.starts_with(|c: char| c.is_ascii_alphanumeric());
            if latin_join || (last_cell == Some(cell) && gap_before(line, span.start)) {
                t.push(' ');
            }
            t.push_str(ch);
            last_cell = Some(cell);
        }
    }
    text
}

/// Was a space written before byte `at` of the line (a word gap inside a cell)?
fn gap_before(line: &Line, at: usize) -> bool {
    line.text[..at].ends_with(' ')
}

/// The ruled tables of a page: groups of touching rules with at least two rows and two columns.
pub(super) fn grids(rules: &[Rule]) -> Vec<Grid> {
    if rules.len() > MAX_RULES {
        return Vec::new();
    }
    let mut parent: Vec<usize> = (0..rules.len()).collect();
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            if touch(&rules[i], &rules[j]) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<&Rule>> = Default::default();
    for (i, rule) in rules.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(rule);
    }
    groups.into_values().filter_map(|g| grid_of(&g)).collect()
}

/// Do two rules cross or continue each other (within [`SNAP`])?
fn touch(a: &Rule, b: &Rule) -> bool {
    if a.horizontal == b.horizontal {
        (a.at - b.at).abs() <= SNAP && a.from <= b.to + SNAP && b.from <= a.to + SNAP
    } else {
        let (h, v) = if a.horizontal { (a, b) } else { (b, a) };
        v.at >= h.from - SNAP && v.at <= h.to + SNAP && h.at >= v.from - SNAP && h.at <= v.to + SNAP
    }
}

fn grid_of(rules: &[&Rule]) -> Option<Grid> {
    let xs = boundaries(rules.iter().filter(|r| !r.horizontal).map(|r| r.at));
    let ys = boundaries(rules.iter().filter(|r| r.horizontal).map(|r| r.at));
    // Two columns and a row at least: a one-column frame is a box around text, not a table.
    if xs.len() < 3 || ys.len() < 2 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let drawn = |horizontal: bool, at: f32, along: f32| {
        rules.iter().any(|r| {
            r.horizontal == horizontal
                && (r.at - at).abs() <= SNAP
                && along >= r.from - SNAP
                && along <= r.to + SNAP
        })
    };
    let mut merged: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        let mid_y = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..cols {
            let mid_x = (xs[c] + xs[c + 1]) / 2.0;
            let here = r * cols + c;
            if c + 1 < cols && !drawn(false, xs[c + 1], mid_y) {
                let (a, b) = (root(&mut merged, here), root(&mut merged, here + 1));
                merged[b] = a;
            }
            if r + 1 < rows && !drawn(true, ys[r + 1], mid_x) {
                let (a, b) = (root(&mut merged, here), root(&mut merged, here + cols));
                merged[b] = a;
            }
        }
    }
    for i in 0..merged.len() {
        merged[i] = root(&mut merged, i);
    }
    Some(Grid { xs, ys, merged })
}

/// The representative of `i`'s set in a union-find forest (halving the path as it goes):
/// rules that touch, grid cells that no rule parts.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Distinct positions, sorted, those within [`SNAP`] of each other taken as one.
fn boundaries(at: impl Iterator<Item = f32>) -> Vec<f32> {
    let mut v: Vec<f32> = at.filter(|x| x.is_finite()).collect();
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        match out.last() {
            Some(&last) if x - last <= SNAP => {}
            _ => out.push(x),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, from: f32, to: f32) -> Rule {
        Rule {
            horizontal: true,
            at: y,
            from,
            to,
        }
    }

    fn v(x: f32, from: f32, to: f32) -> Rule {
        Rule {
            horizontal: false,
            at: x,
            from,
            to,
        }
    }

    /// 3 columns × 3 rows; the first column's two lower cells are one (a category written
    /// once, as 033's 保护利用), and the top row spans all columns (a caption row).
    fn table() -> Vec<Rule> {
        vec![
            h(100.0, 0.0, 300.0),
            h(120.0, 0.0, 300.0),
            h(140.0, 100.0, 300.0), // not under column 0: its cells merge down
            h(160.0, 0.0, 300.0),
            v(0.0, 100.0, 160.0),
            v(100.0, 120.0, 160.0), // not in the top row: the caption spans
            v(200.0, 120.0, 160.0),
            v(300.0, 100.0, 160.0),
        ]
    }

    #[test]
    fn merged_cells_come_from_boundaries_no_rule_draws() {
        let grids = grids(&table());
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!((g.rows(), g.columns()), (3, 3));
        // The caption row is one cell.
        assert_eq!(g.merged_cell(0, 0), g.merged_cell(0, 2));
        // The category cell spans rows 1 and 2 of column 0; the others do not.
        assert_eq!(g.merged_cell(1, 0), g.merged_cell(2, 0));
        assert_ne!(g.merged_cell(1, 1), g.merged_cell(2, 1));
        assert_ne!(g.merged_cell(1, 0), g.merged_cell(0, 0));
        assert_eq!(g.cell_at(150.0, 150.0), Some((2, 1)));
        assert_eq!(g.cell_at(350.0, 150.0), None);
    }

    #[test]
    fn a_frame_around_a_box_is_not_a_table_and_separate_tables_stay_apart() {
        let frame = vec![
            h(0.0, 0.0, 300.0),
            h(90.0, 0.0, 300.0),
            v(0.0, 0.0, 90.0),
            v(300.0, 0.0, 90.0),
        ];
        assert!(grids(&frame).is_empty());
        let mut two = table();
        two.extend(table().into_iter().map(|mut r| {
            r.at += if r.horizontal { 400.0 } else { 0.0 };
            if !r.horizontal {
                r.from += 400.0;
                r.to += 400.0;
            }
            r
        }));
        assert_eq!(grids(&two).len(), 2);
    }
}
