//! Headings: body lines that open sections of the heading tree.
//!
//! In: a line of body text. Out: heading sections (`一、` > `（一）` > `1.` > `（1）`, `附件`)
//! opened at the line start and inside long lines, with the text between them handed to the
//! paragraphs. An inline marker counts only after whitespace and only when its ordinal
//! continues the open sequence (or starts one at 1); numbered lines after a paragraph ending in
//! `:` are list items (paragraphs), not headings.

use std::ops::Range;

use super::{parse_marker, Marker, Mode, Segmenter};
use crate::model::{HeadingStyle, SectionKind};

impl Segmenter<'_> {
    /// A line of body text: headings (also inline), paragraphs, list items.
    pub(super) fn content(&mut self, r: Range<usize>) {
        let line = &self.text[r.clone()];
        // A numbered list after `…:` — list items, not headings.
        if let Some(m) = parse_marker(line) {
            // Inside an article, （一） and 1. lines are its items (款/项), not headings.
            if self.inside_article() && m.style.rank() > HeadingStyle::Article.rank() {
                self.paragraph(r.clone(), Some(r));
                return;
            }
            let list_style = matches!(m.style, HeadingStyle::ArabicDot | HeadingStyle::ParenArabic);
            let continues = self.list_style == Some(m.style);
            let after_colon =
                self.previous_paragraph_ends_with_colon() || self.just_after_appendix_colon();
            if list_style && (continues || after_colon) {
                self.list_style = Some(m.style);
                self.paragraph(r.clone(), Some(r));
                return;
            }
        }
        self.list_style = None;

        let mut chunk_start = r.start;
        let mut candidates = vec![r.start];
        let mut prev_space = false;
        for (off, c) in line.char_indices() {
            if c == ' ' || c == '\t' {
                prev_space = true;
            } else {
                if prev_space {
                    candidates.push(r.start + off);
                }
                prev_space = false;
            }
        }
        let mut skip_until = r.start;
        for p in candidates {
            if p < skip_until {
                continue;
            }
            let Some(m) = parse_marker(&self.text[p..r.end]) else {
                continue;
            };
            if p != r.start && !self.accepts_inline(&m, p) {
                continue;
            }
            self.paragraphs(chunk_start..p);
            let (title, body_start) = match m.style {
                HeadingStyle::Article => {
                    // An article's title is its number; what follows is its text.
                    let number = self.text[p..p + m.len].trim_end().len();
                    (p..p + number, p + m.len)
                }
                s if s.rank() <= HeadingStyle::Section.rank() => {
                    whole_line_title(self.text, p, m.len, r.end, s.rank())
                }
                _ => heading_title(self.text, p, m.len, r.end),
            };
            self.open_heading(&m, p..title.end, title);
            chunk_start = body_start;
            skip_until = body_start;
        }
        self.paragraphs(chunk_start..r.end);
    }

    /// A regulation's chapter or section title printed without its number (corpus-dev 028
    /// `城乡规划修改`, 029 `城乡规划的制定和修改` then `一般规定`, 030 `一般规定`): once the document
    /// has articles, a short line without punctuation or figures that comes right before an
    /// article (or before another such title and then an article). It is a section (节) inside
    /// a chapter, a chapter (章) otherwise. Opens it and says so.
    pub(super) fn unnumbered_title(&mut self, i: usize, r: Range<usize>) -> bool {
        if !self.last_ordinal.contains_key(&HeadingStyle::Article) || !self.is_bare_title(r.clone())
        {
            return false;
        }
        let mut next = (i + 1..self.lines.len()).filter(|&k| !self.is_blank(k));
        let before_article = |k: Option<usize>| {
            k.and_then(|k| parse_marker(&self.text[self.lines[k].clone()]))
                .is_some_and(|m| m.style == HeadingStyle::Article)
        };
        let first = next.next();
        let then = next.next();
        let stacked = first.is_some_and(|k| self.is_bare_title(self.lines[k].clone()))
            && before_article(then);
        if !stacked && !before_article(first) {
            return false;
        }
        // Two titles together are a chapter and its first section. A title alone is a section
        // inside a numbered chapter or inside an unnumbered one that already has sections.
        let chapter = self
            .stack
            .iter()
            .copied()
            .find(|&s| self.sections[s].kind == SectionKind::Heading(HeadingStyle::Chapter));
        let section_here = chapter.is_some_and(|c| {
            let numbered = self.sections[c].title_range.as_ref().is_some_and(|t| {
                parse_marker(&self.text[t.start..self.sections[c].range.end]).is_some()
            });
            let has_sections = self.sections[c + 1..].iter().any(|s| {
                s.parent == Some(c) && s.kind == SectionKind::Heading(HeadingStyle::Section)
            });
            numbered || has_sections
        });
        // The second of two stacked titles follows the chapter the first one opened.
        let second_of_two = std::mem::take(&mut self.stacked_chapter_open);
        let style = if !stacked && (section_here || second_of_two) {
            HeadingStyle::Section
        } else {
            HeadingStyle::Chapter
        };
        self.stacked_chapter_open = stacked;
        let title = super::trim_range(self.text, r.clone());
        let m = Marker {
            style,
            ordinal: 0,
            label: crate::text::matching_string(&self.text[title.clone()]),
            len: 0,
        };
        self.open_heading(&m, title.clone(), title);
        true
    }

    /// A short line (2–20 characters) without punctuation, figures or a marker.
    fn is_bare_title(&self, r: Range<usize>) -> bool {
        let t = self.text[r].trim();
        let n = t.chars().count();
        (2..=20).contains(&n)
            && parse_marker(t).is_none()
            && !t.contains(|c: char| {
                c.is_ascii_digit() || "。，；：、？！,.;:!?（）()《》“”\"|#*".contains(c)
            })
    }

    /// Whether the innermost open section is an article (`第一条`).
    fn inside_article(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|&i| self.sections[i].kind == SectionKind::Heading(HeadingStyle::Article))
    }

    fn accepts_inline(&self, m: &Marker, p: usize) -> bool {
        if self.text[p..].starts_with('#') {
            return false; // a Markdown `#` heading starts a line
        }
        if m.style == HeadingStyle::Appendix {
            // `附件 省级有关单位名单` is a heading; `附件:省级…` in a notice is a reference.
            return !self.text[p..].starts_with("附件:") && !self.text[p..].starts_with("附件：");
        }
        m.ordinal == 1 || self.last_ordinal.get(&m.style) == Some(&(m.ordinal - 1))
    }

    fn previous_paragraph_ends_with_colon(&self) -> bool {
        self.last_paragraph
            .map(|i| &self.sections[i])
            .is_some_and(|s| {
                let t = self.text[s.range.clone()].trim_end();
                t.ends_with(':') || t.ends_with('：')
            })
            && self
                .sections
                .last()
                .is_some_and(|s| matches!(s.kind, SectionKind::Paragraph | SectionKind::Sentence))
    }

    /// Whether the last section is an appendix heading that ends in a colon (`附件：`): the
    /// numbered lines after it name the attachments (`1.重点项目清单`), and are not headings
    /// that would swallow the tables printed after the list.
    fn just_after_appendix_colon(&self) -> bool {
        self.sections.last().is_some_and(|s| {
            let line = self.text[s.range.clone()].trim_end();
            // `附件：` alone, or `附件：1.…分解表` (corpus-dev 011) naming the first of them.
            let list = line.split_once([':', '：']).is_some_and(|(_, rest)| {
                let rest = rest.trim_start();
                rest.is_empty() || ["1.", "1．", "1、"].iter().any(|m| rest.starts_with(m))
            });
            s.kind == SectionKind::Heading(HeadingStyle::Appendix) && list
        })
    }

    fn open_heading(&mut self, m: &Marker, range: Range<usize>, title: Range<usize>) {
        let rank = m.style.rank();
        while self.stack.len() > 1 {
            let top = &self.sections[*self.stack.last().unwrap_or(&0)];
            match top.kind {
                SectionKind::Heading(s) if s.rank() < rank => break,
                _ => {
                    self.stack.pop();
                }
            }
        }
        self.mode = Mode::Body;
        self.last_ordinal.insert(m.style, m.ordinal);
        let kind = SectionKind::Heading(m.style);
        if m.style == HeadingStyle::Markdown1 {
            // `# 标题` is the document's title line: a heading at the top, not a container
            // for the whole document.
            let parent = self.stack[0];
            self.add_under(parent, kind, range, Some(title), &m.label);
            return;
        }
        self.open(kind, range, Some(title), m.label.clone());
    }
}

/// Title of a heading: from the marker to the first sentence end or whitespace run.
/// Returns the title range (without the terminator) and where the body starts.
/// The title of a 篇/章/节 or Markdown heading: the rest of its line (`第一章  总  则`, spaces
/// and all), up to an inline marker of a lower rank (`第一章　总则　　第一条 …` on one line).
fn whole_line_title(
    text: &str,
    p: usize,
    marker_len: usize,
    line_end: usize,
    rank: u8,
) -> (Range<usize>, usize) {
    let from = p + marker_len;
    let s = &text[from..line_end];
    let mut after_space = false;
    for (off, c) in s.char_indices() {
        if c == ' ' || c == '\t' {
            after_space = true;
            continue;
        }
        if after_space && parse_marker(&s[off..]).is_some_and(|m| m.style.rank() > rank) {
            let end = from + s[..off].trim_end().len();
            return (p..end, from + off);
        }
        after_space = false;
    }
    let end = from + s.trim_end().len();
    (p..end, line_end)
}

fn heading_title(
    text: &str,
    p: usize,
    marker_len: usize,
    line_end: usize,
) -> (Range<usize>, usize) {
    let from = p + marker_len;
    let s = &text[from..line_end];
    for (off, c) in s.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            return (p..from + off, from + off + c.len_utf8());
        }
        if c == ' ' || c == '\t' {
            return (p..from + off, from + off);
        }
    }
    (p..line_end, line_end)
}

#[cfg(test)]
mod unnumbered_title_tests {
    use crate::model::{DocId, HeadingStyle, SectionKind};
    use crate::segment::segment;

    fn headings(text: &str) -> Vec<(String, SectionKind)> {
        segment(&DocId("d".into()), text)
            .into_iter()
            .filter(|s| matches!(s.kind, SectionKind::Heading(_)))
            .map(|s| (s.id, s.kind))
            .collect()
    }

    /// 029 (济南): chapters lost their numbers; the first article comes before any chapter,
    /// then `城乡规划的制定和修改` (a chapter) and, under `城乡规划的实施`, `一般规定` (a section).
    #[test]
    fn regulation_titles_without_numbers_before_articles_are_chapters_and_sections() {
        let text = "济南市城乡规划条例\n\n第一条 为加强城乡规划管理，制定本条例。\n\n城乡规划的制定和修改\n\n第二条 市人民政府应当制定城乡发展战略。\n\n城乡规划的实施\n\n一般规定\n\n第三条 城乡规划主管部门可以依据国家规定。\n\n济南市人民代表大会常务委员会\n";
        let h = headings(text);
        let kinds: Vec<SectionKind> = h.iter().map(|(_, k)| *k).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Heading(HeadingStyle::Article),
                SectionKind::Heading(HeadingStyle::Chapter),
                SectionKind::Heading(HeadingStyle::Article),
                SectionKind::Heading(HeadingStyle::Chapter),
                SectionKind::Heading(HeadingStyle::Section),
                SectionKind::Heading(HeadingStyle::Article),
            ],
            "{h:?}"
        );
        // Counter-examples: the title line before any article and the closing signature (no
        // article after it) are not headings.
        assert!(!h.iter().any(|(id, _)| id.contains("济南市")), "{h:?}");
    }

    /// 028 (山东省): inside a numbered chapter, a lost section number gives a section.
    #[test]
    fn inside_a_numbered_chapter_a_bare_title_is_a_section() {
        let text = "第二章 城乡规划的制定\n\n第十九条 规划组织编制机关应当公告。\n\n城乡规划修改\n\n第二十条 省域城镇体系规划可以修改。\n";
        let h = headings(text);
        assert_eq!(h[2].1, SectionKind::Heading(HeadingStyle::Section), "{h:?}");
        assert_eq!(h[3].0, "d/第二章/城乡规划修改/第二十条", "{h:?}");
    }
}

#[cfg(test)]
mod appendix_list_tests {
    use crate::model::{DocId, SectionKind};
    use crate::segment::segment;

    /// 011: `附件：1.…分解表⏎2.…职责分工`, then the attachments themselves: the list names them,
    /// its numbers are not headings, and a table printed after it is not inside item 2.
    #[test]
    fn an_appendix_list_names_attachments_and_swallows_no_table() {
        for text in [
            "附件：1.重点项目清单\n2.任务分工表\n表1 重点项目清单\n| 序号 | 项目 |\n| 1 | 数据中心 |\n| 2 | 算力平台 |\n",
            "附件：\n1.重点项目清单\n2.任务分工表\n表1 重点项目清单\n| 序号 | 项目 |\n| 1 | 数据中心 |\n| 2 | 算力平台 |\n",
        ] {
            let secs = segment(&DocId("d".into()), text);
            let headings: Vec<&str> = secs
                .iter()
                .filter(|s| matches!(s.kind, SectionKind::Heading(_)))
                .map(|s| s.id.as_str())
                .collect();
            assert_eq!(headings, ["d/附件"], "{text}");
            let table = secs.iter().find(|s| s.kind == SectionKind::Table).unwrap();
            assert_eq!(table.id, "d/附件/表1");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{DocId, SectionKind};
    use crate::segment::segment;

    fn ids(text: &str) -> Vec<String> {
        segment(&DocId("d".into()), text)
            .into_iter()
            .filter(|s| !matches!(s.kind, SectionKind::Sentence | SectionKind::Paragraph))
            .map(|s| s.id)
            .collect()
    }

    #[test]
    fn inline_headings_follow_sequence() {
        let t = "前言。 一、总体要求 到2022年达到1.8%。 二、重点工程 (一)平台工程 1.推动平台。整合。 2.建设基地。内容 (二)数字化工程 3.加快推动。内容\n";
        assert_eq!(
            ids(t),
            [
                "d",
                "d/一",
                "d/二",
                "d/二/(一)",
                "d/二/(一)/1",
                "d/二/(一)/2",
                "d/二/(二)",
                "d/二/(二)/3"
            ]
        );
    }

    #[test]
    fn list_after_colon_is_not_heading() {
        let t = "编制依据:\n1.《浙江省规划》\n2.《湖州市纲要》\n正文段落。\n";
        let secs = segment(&DocId("d".into()), t);
        assert!(secs
            .iter()
            .all(|s| !matches!(s.kind, SectionKind::Heading(_))));
    }

    /// Lines of 山东省城乡规划条例 (corpus-dev 028): `##`/`###` chapters and sections with
    /// spaces inside their titles, articles, and an article's （一） items.
    const REGULATION: &str = "# 山东省城乡规划条例\n\n## 第一章  总  则\n\n第一条 为了科学合理地制定城乡规划，制定本条例。\n\n## 第二章　城乡规划制定和修改\n\n### 第一节　城乡规划编制和审批\n\n第二十条 组织编制机关应当定期组织评估。\n\n评估报告应当包括下列内容：\n\n（一）城镇体系规划的执行情况；\n\n（二）规划阶段性目标的落实情况；\n\n第二十一条 有下列情形之一的，可以修改。\n";

    #[test]
    fn chapters_sections_and_articles_nest_and_article_items_are_not_headings() {
        assert_eq!(
            ids(REGULATION),
            [
                "d",
                "d/山东省城乡规划条例",
                "d/第一章",
                "d/第一章/第一条",
                "d/第二章",
                "d/第二章/第一节",
                "d/第二章/第一节/第二十条",
                "d/第二章/第一节/第二十一条",
            ]
        );
        let sections = segment(&DocId("d".into()), REGULATION);
        let title = |id: &str| {
            let s = sections.iter().find(|s| s.id == id).unwrap();
            &REGULATION[s.title_range.clone().unwrap()]
        };
        assert_eq!(
            title("d/第一章"),
            "## 第一章  总  则",
            "the whole line, spaces and all"
        );
        assert_eq!(
            title("d/第二章/第一节/第二十条"),
            "第二十条",
            "an article's title is its number"
        );
        let items: Vec<&str> = sections
            .iter()
            .filter(|s| {
                s.parent
                    .is_some_and(|p| sections[p].id == "d/第二章/第一节/第二十条")
            })
            .filter_map(|s| s.title_range.clone().map(|t| &REGULATION[t]))
            .collect();
        assert_eq!(
            items.len(),
            2,
            "（一）（二） are titled items of the article: {items:?}"
        );
    }

    /// 阿坝州政务数据资源管理暂行办法 (corpus-dev 023): a chapter and its first article on
    /// one line, separated by full-width spaces (ASCII spaces once normalized, as here).
    #[test]
    fn a_chapter_and_its_first_article_on_one_line_are_split() {
        let text = " 第一章 总则  第一条  为规范政务数据资源管理，制定本办法。\n  第二条  本办法适用于全州。\n";
        assert_eq!(
            ids(text),
            ["d", "d/第一章", "d/第一章/第一条", "d/第一章/第二条"]
        );
        let sections = segment(&DocId("d".into()), text);
        let chapter = &sections[1];
        assert_eq!(&text[chapter.title_range.clone().unwrap()], "第一章 总则");
    }

    #[test]
    fn article_numbers_reach_the_hundreds_and_a_reference_is_not_an_article() {
        let text = "第一百零八条 本条例自公布之日起施行。\n依照本条例第二十条规定执行。\n";
        assert_eq!(ids(text), ["d", "d/第一百零八条"]);
    }
}
