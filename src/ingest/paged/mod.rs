//! Fixed-layout pages (PDF, OFD) → text a reader would see.
//!
//! In: pages of positioned glyphs, as a PDF text layer or an OFD content stream holds them.
//! Out: `raw`, the pages as laid out (one visual line per line, pages separated by U+000C FORM
//! FEED; positions `page:line:col` are counted there), and `content`, the running text mapped
//! into `raw`: lines rejoined into paragraphs, running headers, footers and page numbers left
//! out.

/// One character drawn on a page. Coordinates are in points from the page's top-left corner,
/// `y` growing downward (readers convert from their format's own origin).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub ch: char,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

/// One page: its size in points, its glyphs in the order the file draws them, and the thin
/// strokes that may be table borders.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
}

/// A thin horizontal or vertical stroke (a table border), in points, `y` downward: at `at`
/// (y of a horizontal rule, x of a vertical one), from `from` to `to` along it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub horizontal: bool,
    pub at: f32,
    pub from: f32,
    pub to: f32,
}

impl Rule {
    /// The rule a drawn box stands for when it is thin (at most 2.5 pt across) and long (at
    /// least 4 pt): how Word, WPS and browsers draw table borders.
    pub fn from_box(left: f32, right: f32, top: f32, bottom: f32) -> Option<Rule> {
        let (w, h) = (right - left, bottom - top);
        if !(w.is_finite() && h.is_finite()) || w < 0.0 || h < 0.0 {
            return None;
        }
        if h <= 2.5 && w >= 4.0 {
            Some(Rule {
                horizontal: true,
                at: (top + bottom) / 2.0,
                from: left,
                to: right,
            })
        } else if w <= 2.5 && h >= 4.0 {
            Some(Rule {
                horizontal: false,
                at: (left + right) / 2.0,
                from: top,
                to: bottom,
            })
        } else {
            None
        }
    }
}

mod grid;

use crate::offsets::{MappedText, MappedTextBuilder};

/// The text of a paged document: as laid out, and as read.
#[derive(Debug, Clone, Default)]
pub struct Assembled {
    /// Every kept and dropped line as laid out, `\n` after each; a line holding only U+000C
    /// between pages.
    pub raw: String,
    /// Byte offset in `raw` where each page starts (page `i + 1` starts at `pages[i]`).
    pub page_starts: Vec<usize>,
    /// The running text: paragraphs rejoined, table rows as `cell | cell |`, headers, footers
    /// and page numbers left out; mapped into `raw`.
    pub content: MappedText,
    /// Lines left out of `content` as running headers, footers or page numbers.
    pub dropped_lines: usize,
}

/// A visual line: glyphs that share a baseline, left to right.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    /// Byte offsets in `text` where a wide gap (a table column break) was.
    cell_breaks: Vec<usize>,
    /// Each glyph's bytes in `text` and the x of its centre (which table cell it is in).
    glyph_spans: Vec<(std::ops::Range<usize>, f32)>,
    /// A row of a table drawn with borders: a table row whatever its number of cells.
    ruled: bool,
}

impl Line {
    fn is_table_row(&self) -> bool {
        self.ruled || self.cell_breaks.len() >= 2
    }

    fn height(&self) -> f32 {
        (self.bottom - self.top).max(1.0)
    }
}

/// Gap between two glyphs, in line heights, above which a space is written between them.
const SPACE_GAP: f32 = 0.25;
/// Gap, in line heights, that separates table cells (or columns) rather than words.
const CELL_GAP: f32 = 1.5;
/// Share of the page height, at the top and at the bottom, where running headers, footers and
/// page numbers live.
const MARGIN_ZONE: f32 = 0.12;

/// Lay out `pages` and read them.
pub fn assemble(pages: &[Page]) -> Assembled {
    let laid_out: Vec<Vec<Line>> = pages
        .iter()
        .map(|p| grid::with_ruled_tables(lines_of(&p.glyphs), &grid::grids(&p.rules)))
        .collect();
    let running = running_lines(pages, &laid_out);
    let mut raw = String::new();
    let mut page_starts = Vec::with_capacity(pages.len());
    // (range in raw, line, kept) in reading order.
    let mut placed: Vec<(std::ops::Range<usize>, &Line, bool)> = Vec::new();
    for (p, lines) in laid_out.iter().enumerate() {
        if p > 0 {
            raw.push_str("\u{c}\n");
        }
        page_starts.push(raw.len());
        for (i, line) in lines.iter().enumerate() {
            let start = raw.len();
            raw.push_str(&line.text);
            placed.push((start..raw.len(), line, !running[p][i]));
            raw.push('\n');
        }
    }
    let dropped_lines = placed.iter().filter(|(_, _, kept)| !kept).count();
    let kept: Vec<_> = placed
        .into_iter()
        .filter(|(_, _, kept)| *kept)
        .map(|(r, l, _)| (r, l))
        .collect();
    let margins = body_margins(kept.iter().map(|(_, l)| *l));
    let mut out = MappedTextBuilder::default();
    let mut previous: Option<&Line> = None;
    for (range, line) in &kept {
        let table_row = line.is_table_row();
        if let Some(prev) = previous {
            let joins = !table_row && !prev.is_table_row() && continues(prev, line, &margins);
            if joins {
                let latin = prev.text.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && line.text.starts_with(|c: char| c.is_ascii_alphanumeric());
                if latin {
                    out.push_str(" ", range.start..range.start);
                }
            } else {
                out.push_str("\n", range.start..range.start);
            }
        }
        if table_row {
            let mut at = 0;
            for &b in line
                .cell_breaks
                .iter()
                .chain(std::iter::once(&line.text.len()))
            {
                let cell = line.text[at..b].trim();
                let lead = line.text[at..b].len() - line.text[at..b].trim_start().len();
                let from = range.start + at + lead;
                out.push_str(cell, from..from + cell.len());
                out.push_str(" |", from + cell.len()..from + cell.len());
                if b < line.text.len() {
                    out.push_str(" ", from + cell.len()..from + cell.len());
                }
                at = b;
            }
        } else {
            out.push_str(&line.text, range.clone());
        }
        previous = Some(line);
    }
    if previous.is_some() {
        out.push_str("\n", raw.len()..raw.len());
    }
    Assembled {
        content: out.finish(raw.len()),
        raw,
        page_starts,
        dropped_lines,
    }
}

/// Glyphs → visual lines, top to bottom. Glyphs are grouped by vertical overlap whatever the
/// order the file draws them in; a glyph drawn twice at nearly the same place (fake bold)
/// counts once.
fn lines_of(glyphs: &[Glyph]) -> Vec<Line> {
    let mut order: Vec<&Glyph> = glyphs
        .iter()
        .filter(|g| !g.ch.is_whitespace() && !g.ch.is_control() && g.bottom > g.top)
        .collect();
    order.sort_by(|a, b| {
        let ca = a.top + a.bottom;
        let cb = b.top + b.bottom;
        ca.total_cmp(&cb).then(a.left.total_cmp(&b.left))
    });
    // Thin glyphs (`一`, `—`, `，`) have boxes of a point or two: a glyph stands for a band at
    // least as tall as the page's median glyph, centred on its own centre.
    let em = median_height(&order).max(0.5);
    let reach = |g: &Glyph| (g.bottom - g.top).max(em) / 2.0;
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    let mut band = (0.0f32, 0.0f32);
    for g in order {
        let centre = (g.top + g.bottom) / 2.0;
        match groups.last_mut() {
            // The band is the line's first glyph's and never grows, so that the next line's
            // glyphs do not join.
            Some(group) if centre >= band.0 && centre <= band.1 => group.push(g),
            _ => {
                groups.push(vec![g]);
                band = (centre - reach(g), centre + reach(g));
            }
        }
    }
    groups.into_iter().filter_map(line_of_group).collect()
}

/// The median glyph height (1.0 for no glyphs).
fn median_height(glyphs: &[&Glyph]) -> f32 {
    let mut heights: Vec<f32> = glyphs.iter().map(|g| g.bottom - g.top).collect();
    heights.sort_by(f32::total_cmp);
    heights.get(heights.len() / 2).copied().unwrap_or(1.0)
}

fn line_of_group(mut group: Vec<&Glyph>) -> Option<Line> {
    group.sort_by(|a, b| a.left.total_cmp(&b.left));
    let em = median_height(&group).max(1.0);
    let mut text = String::new();
    let mut cell_breaks = Vec::new();
    let mut glyph_spans = Vec::with_capacity(group.len());
    let mut last: Option<&Glyph> = None;
    for g in group.iter().copied() {
        if let Some(prev) = last {
            let overlap = prev.right.min(g.right) - prev.left.max(g.left);
            if prev.ch == g.ch && overlap > 0.7 * (g.right - g.left).max(0.1) {
                continue; // drawn twice: simulated bold or a shadow
            }
            let gap = g.left - prev.right;
            if gap > CELL_GAP * em {
                text.push_str("  ");
                cell_breaks.push(text.len());
            } else if gap > SPACE_GAP * em && !(is_wide(prev.ch) && is_wide(g.ch)) {
                text.push(' ');
            }
        }
        let at = text.len();
        text.push(g.ch);
        glyph_spans.push((at..text.len(), (g.left + g.right) / 2.0));
        last = Some(g);
    }
    let first = group.first()?;
    Some(Line {
        text,
        left: first.left,
        right: group.iter().map(|g| g.right).fold(f32::MIN, f32::max),
        top: group.iter().map(|g| g.top).fold(f32::MAX, f32::min),
        bottom: group.iter().map(|g| g.bottom).fold(f32::MIN, f32::max),
        cell_breaks,
        glyph_spans,
        ruled: false,
    })
}

/// Han characters and full-width punctuation: justified text spreads them apart, and no space
/// is ever meant between them.
fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// Which lines of each page are running headers, footers or page numbers: lines in the top or
/// bottom [`MARGIN_ZONE`] that are a page number, or whose text (digits aside) recurs in that
/// zone on at least 3 pages and 40% of them.
fn running_lines(pages: &[Page], laid_out: &[Vec<Line>]) -> Vec<Vec<bool>> {
    use std::collections::HashMap;
    let in_zone = |page: &Page, line: &Line| {
        let h = page.height.max(1.0);
        line.bottom <= h * MARGIN_ZONE || line.top >= h * (1.0 - MARGIN_ZONE)
    };
    let key = |line: &Line| -> String {
        line.text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (page, lines) in pages.iter().zip(laid_out) {
        let mut on_page: Vec<String> = lines.iter().filter(|l| in_zone(page, l)).map(key).collect();
        on_page.sort();
        on_page.dedup();
        for k in on_page {
            *seen.entry(k).or_default() += 1;
        }
    }
    let recurring = |k: &str| {
        let n = seen.get(k).copied().unwrap_or(0);
        n >= 3 && n * 5 >= pages.len() * 2
    };
    pages
        .iter()
        .zip(laid_out)
        .map(|(page, lines)| {
            lines
                .iter()
                .map(|l| in_zone(page, l) && (is_page_number(&l.text) || recurring(&key(l))))
                .collect()
        })
        .collect()
}

/// `3`, `- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 20 页`, `3/20`, `· 3 ·`.
pub(crate) fn is_page_number(text: &str) -> bool {
    static PAGE_NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^[\s\-—–－·•]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[\s\-—–－·•]*$",
        )
        .expect("static regex")
    });
    PAGE_NUMBER.is_match(text)
}

/// Where the body text starts and ends, from the lines of at least 10 glyphs: the most common
/// left edge and the right edge most full lines reach.
struct Margins {
    left: f32,
    right: f32,
    em: f32,
}

fn body_margins<'a>(lines: impl Iterator<Item = &'a Line>) -> Margins {
    let full: Vec<&Line> = lines.filter(|l| l.text.chars().count() >= 10).collect();
    let mut lefts: Vec<f32> = full.iter().map(|l| l.left).collect();
    let mut rights: Vec<f32> = full.iter().map(|l| l.right).collect();
    let mut ems: Vec<f32> = full.iter().map(|l| l.height()).collect();
    for v in [&mut lefts, &mut rights, &mut ems] {
        v.sort_by(f32::total_cmp);
    }
    let pick = |v: &[f32], q: f32, default: f32| {
        if v.is_empty() {
            default
        } else {
            v[((v.len() - 1) as f32 * q) as usize]
        }
    };
    Margins {
        left: pick(&lefts, 0.1, 0.0),
        right: pick(&rights, 0.9, f32::MAX),
        em: pick(&ems, 0.5, 10.0),
    }
}

/// Does `next` continue the paragraph `prev` ends? Only when `prev` runs to the right margin
/// and `next` starts at the left margin, is not a new item, and follows closely.
fn continues(prev: &Line, next: &Line, m: &Margins) -> bool {
    // A line ends its paragraph when it stops short of the right margin; a box's ragged lines
    // (033's 专栏4) stop up to 3 characters short without ending a sentence.
    let ends_sentence = prev
        .text
        .trim_end()
        .ends_with(['。', '；', '：', '！', '？', ':', ';']);
    let reach = if ends_sentence { 1.5 } else { 3.0 };
    let full = prev.right >= m.right - reach * m.em;
    let flush = next.left <= m.left + 0.8 * m.em;
    let close = next.top - prev.bottom < 1.2 * m.em || next.top < prev.top; // or a new page
    let same_size = (next.height() - prev.height()).abs() < 0.25 * m.em;
    // A centred line never runs on into a flush one (032's title into its addressee line).
    let wrapped = full && flush && close && !centred(prev, m);
    // A centred title set over two lines (031 `国务院办公厅关于印发⏎“十四五”文物保护和科技创新
    // 规划的通知`, 033, 034) is one title; stacked issuers (033 `湖北省文化和旅游厅⏎湖北省文物局`)
    // and a date under a title are not.
    let centred_pair = centred(prev, m)
        && centred(next, m)
        && next.top > prev.top
        && next.top - prev.bottom < 1.2 * prev.height().max(next.height())
        && !ends_with_issuer(&prev.text)
        && !is_date(&next.text);
    // A date (a notice's signature date) ends whatever it closes.
    (wrapped || centred_pair) && same_size && !starts_item(&next.text) && !is_date(&prev.text)
}

/// A line ending as an issuing body's name does (`…厅`, `…局`, `…委员会`, `…人民政府`).
fn ends_with_issuer(text: &str) -> bool {
    let t = text.trim_end();
    [
        "厅", "局", "委", "会", "院", "府", "部", "办", "室", "署", "处",
    ]
    .iter()
    .any(|end| t.ends_with(end))
}

/// A date line (`2021年12月24日`, `2021年 12月 24 日`).
fn is_date(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.contains('年') && t.contains('月') && t.ends_with('日') && t.chars().count() <= 14
}

/// A line set in the middle of the body, well clear of the left margin: a title line.
fn centred(line: &Line, m: &Margins) -> bool {
    // Clear of both margins (a first-line indent is clear of the left one only) and about
    // as far from each.
    let (left_gap, right_gap) = (line.left - m.left, m.right - line.right);
    left_gap > 1.5 * m.em && right_gap > 1.5 * m.em && (left_gap - right_gap).abs() < 1.5 * m.em
}

/// A line that starts a heading or list item (`一、`, `（一）`, `1.`, `第一章`, `专栏`, `表1`).
fn starts_item(text: &str) -> bool {
    static ITEM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]\D|第[一二三四五六七八九十百零\d]+[篇章节条]|专栏|表\s*\d|附件)",
        )
        .expect("static regex")
    });
    ITEM.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of `text` at `top`, starting at `left`, 10 pt glyphs of 10 pt advance.
    fn line_at(text: &str, left: f32, top: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, ch)| Glyph {
                ch,
                left: left + 10.0 * i as f32,
                right: left + 10.0 * i as f32 + 9.5,
                top,
                bottom: top + 10.0,
            })
            .collect()
    }

    fn page(lines: &[(&str, f32, f32)]) -> Page {
        Page {
            width: 400.0,
            height: 600.0,
            glyphs: lines
                .iter()
                .flat_map(|(t, l, y)| line_at(t, *l, *y))
                .collect(),
            rules: vec![],
        }
    }

    #[test]
    fn page_numbers_are_recognised_and_numbers_in_text_are_not() {
        for yes in [
            "3",
            "- 3 -",
            "— 12 —",
            "第3页",
            "第 3 页 共 20 页",
            "3/20",
            "· 7 ·",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["2025年", "3.推进产业链", "第三章", "100%", "一、总体要求"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    /// Chromium's print of corpus text: `一` has a box 1.3 pt tall, higher than the line's
    /// other glyphs, and was read as a line of its own above its line.
    #[test]
    fn thin_glyphs_stay_on_their_line() {
        let mut glyphs = line_at("（一）围绕打造“一县一经验”", 20.0, 100.0);
        for g in glyphs.iter_mut().filter(|g| g.ch == '一') {
            g.top = 104.0;
            g.bottom = 105.3;
        }
        let lines = lines_of(&glyphs);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0].text, "（一）围绕打造“一县一经验”");
    }

    #[test]
    fn wrapped_lines_rejoin_and_indented_lines_start_paragraphs() {
        // Body lines run from 20 to 370; the second paragraph starts indented by two glyphs.
        let p = page(&[
            ("一、总体要求", 20.0, 100.0),
            (
                "到2025年，全市规模以上工业增加值年均增长百分之七左右，数",
                20.0,
                115.0,
            ),
            ("字经济核心产业增加值占比达到百分之十五。", 20.0, 130.0),
            (
                "坚持创新驱动发展，全面塑造发展新优势，推进制造业高质量",
                40.0,
                145.0,
            ),
            ("发展。", 20.0, 160.0),
        ]);
        let a = assemble(&[p]);
        assert_eq!(
            a.content.text,
            "一、总体要求\n到2025年，全市规模以上工业增加值年均增长百分之七左右，数字经济核心产业增加值占比达到百分之十五。\n坚持创新驱动发展，全面塑造发展新优势，推进制造业高质量发展。\n"
        );
        // Content maps into the laid-out text line by line.
        let range = a.content.text.find("字经济").unwrap();
        let raw = a.content.map.map_range(range..range + "字经济".len());
        assert_eq!(&a.raw[raw], "字经济");
    }

    #[test]
    fn running_headers_and_page_numbers_are_left_out_on_every_page() {
        let pages: Vec<Page> = (1..=4)
            .map(|n| {
                page(&[
                    ("某某市人民政府文件", 20.0, 20.0),
                    (&format!("第{n}页正文，推进数字经济发展。"), 20.0, 200.0),
                    (&format!("- {n} -"), 180.0, 570.0),
                ])
            })
            .collect();
        let a = assemble(&pages);
        assert_eq!(a.dropped_lines, 8);
        assert!(
            !a.content.text.contains("人民政府文件"),
            "{}",
            a.content.text
        );
        assert!(!a.content.text.contains("- 2 -"));
        assert_eq!(a.content.text.matches("正文").count(), 4);
        assert_eq!(a.page_starts.len(), 4);
        assert!(a.raw[a.page_starts[2]..].starts_with("某某市人民政府文件"));
    }

    #[test]
    fn a_header_on_two_pages_of_ten_is_text() {
        let pages: Vec<Page> = (1..=10)
            .map(|n| {
                let top = if n <= 2 {
                    "专栏1 重点工程"
                } else {
                    "正文继续"
                };
                page(&[(top, 20.0, 20.0), ("推进数字经济发展。", 20.0, 200.0)])
            })
            .collect();
        let a = assemble(&pages);
        assert!(a.content.text.contains("专栏1 重点工程"));
    }

    #[test]
    fn wide_gaps_make_table_rows() {
        let mut glyphs = line_at("序号", 20.0, 100.0);
        glyphs.extend(line_at("指标", 100.0, 100.0));
        glyphs.extend(line_at("目标值", 200.0, 100.0));
        let a = assemble(&[Page {
            width: 400.0,
            height: 600.0,
            glyphs,
            rules: vec![],
        }]);
        assert_eq!(a.content.text, "序号 | 指标 | 目标值 |\n");
        let cell = a.content.text.find("指标").unwrap();
        let raw = a.content.map.map_range(cell..cell + "指标".len());
        assert_eq!(&a.raw[raw], "指标");
    }

    /// 031, 033, 034: the title is centred over two lines; body text after it is not joined.
    #[test]
    fn a_centred_title_over_two_lines_is_one_line_of_text() {
        let body = [
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：经",
            "国务院同意，现将《“十四五”文物保护和科技创新规划》印发给",
            "你们，请认真贯彻执行。文物是中华文明的重要载体，是坚定文",
            "化自信的深厚基础，做好文物保护工作意义重大。",
        ];
        let width = |t: &str| 10.0 * t.chars().count() as f32;
        let right = 20.0 + width(body[0]);
        let centre = |t: &str| (20.0 + right) / 2.0 - width(t) / 2.0;
        let (t1, t2) = (
            "国务院办公厅关于印发",
            "“十四五”文物保护和科技创新规划的通知",
        );
        let mut lines = vec![(t1, centre(t1), 60.0), (t2, centre(t2), 75.0)];
        for (k, b) in body.iter().enumerate() {
            lines.push((b, 20.0, 110.0 + 15.0 * k as f32));
        }
        let p = page(&lines);
        let a = assemble(&[p]);
        let first = a.content.text.lines().next().unwrap();
        assert_eq!(
            first,
            "国务院办公厅关于印发“十四五”文物保护和科技创新规划的通知"
        );
        assert_eq!(a.content.text.lines().count(), 2, "{}", a.content.text);
    }

    /// 033's cover: two issuers stacked and centred stay two lines; 032: a signature date is
    /// not run into the title under it.
    #[test]
    fn stacked_issuers_and_a_date_are_not_joined() {
        let body = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：经国";
        let right = 20.0 + 10.0 * body.chars().count() as f32;
        let centre = |t: &str| (20.0 + right) / 2.0 - 5.0 * t.chars().count() as f32;
        let date = "2021年 12月 24 日";
        let title = "革命文物保护利用“十四五”专项规划";
        let lines = [
            ("湖北省文化和旅游厅", centre("湖北省文化和旅游厅"), 60.0),
            ("湖北省文物局", centre("湖北省文物局"), 75.0),
            (date, right - 10.0 * date.chars().count() as f32, 110.0),
            (title, centre(title), 125.0),
            (body, 20.0, 160.0),
            (body, 20.0, 175.0),
        ];
        let a = assemble(&[page(&lines)]);
        let got: Vec<&str> = a.content.text.lines().collect();
        assert_eq!(
            got[..4],
            ["湖北省文化和旅游厅", "湖北省文物局", date, title],
            "{got:?}"
        );
    }

    #[test]
    fn a_glyph_drawn_twice_for_bold_counts_once() {
        let mut glyphs = line_at("重点任务", 20.0, 100.0);
        let shadow: Vec<Glyph> = glyphs
            .iter()
            .map(|g| Glyph {
                left: g.left + 0.3,
                right: g.right + 0.3,
                ..*g
            })
            .collect();
        glyphs.extend(shadow);
        assert_eq!(lines_of(&glyphs)[0].text, "重点任务");
    }
}
