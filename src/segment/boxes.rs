//! The body of a `专栏` box: what follows its title line, also after a blank line.
//!
//! In: the lines after a box title. Out: the box's items and paragraphs, under the box. Boxes
//! in real plans put their body after a blank line (corpus-dev 033's PDF, 024's `专栏1`, seeds'
//! appendix boxes) and number their items from 1 (`1.楚天文物平安工程:…`), while the document
//! around them keeps its own numbering (033's headings run 5. … 8., then the box's 1. and 2.,
//! then 9.). So a box holds `¨` bullets, items numbered 1, 2, 3 … in order with the lines that
//! go on with them, and one body paragraph right after its title; it ends at a heading above
//! its items (`一、`, `（一）`, `第X章`, `附件`), a numbered line out of its order (the
//! document's `9.`), a table, another box, or a plain line after bullets or after its body
//! paragraph (seed 003's boxes are followed by unnumbered body text).

use std::ops::Range;

use super::{parse_marker, Segmenter};
use crate::model::{HeadingStyle, SectionKind};

/// What the open box last took in: whether a plain line may still join it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum BoxTail {
    /// Only the title so far: the first plain line is the box's body.
    #[default]
    Title,
    /// A numbered item: a plain line goes on with it (033's item 1 runs over two lines).
    Item,
    /// A `¨` bullet or a body paragraph: a plain line after it is the document's again.
    Other,
}

impl Segmenter<'_> {
    /// Take line `i` (range `r`) into the open box; `false` when the line ends the box.
    pub(super) fn box_line(&mut self, i: usize, r: Range<usize>) -> bool {
        let line = &self.text[r.clone()];
        if line.starts_with(super::BULLETS) {
            self.bullets(r);
            self.box_tail = BoxTail::Other;
            return true;
        }
        match parse_marker(line) {
            Some(m) if is_item_style(m.style) && m.ordinal == self.box_items + 1 => {
                self.box_items += 1;
                let parent = *self.stack.last().unwrap_or(&0);
                let body = r.start + m.len..r.end;
                let title = item_title(self.text, body.clone());
                let idx = self.add_under(parent, SectionKind::Bullet, r.clone(), title, "b");
                self.items_and_sentences(idx, body);
                self.box_tail = BoxTail::Item;
                true
            }
            Some(_) => false,
            None => {
                // A table in a box (`专栏1 …核心指标表` over its 序号 cells) is read as a table.
                let table = super::tables::table_label(self.text, r.clone()).is_some()
                    || super::tables::is_table_title(line)
                    || line.contains('|')
                    || self.may_start_cell_table(i);
                if table || self.box_tail == BoxTail::Other {
                    return false;
                }
                if self.box_tail == BoxTail::Title {
                    self.box_tail = BoxTail::Other;
                }
                self.paragraphs(r);
                true
            }
        }
    }
}

/// Numbered styles a box numbers its items with.
fn is_item_style(style: HeadingStyle) -> bool {
    matches!(
        style,
        HeadingStyle::ArabicDot | HeadingStyle::ParenArabic | HeadingStyle::ParenChinese
    )
}

/// An item's name: its text up to the first `：` or `。` when that is short (`楚天文物平安工程`
/// of `楚天文物平安工程:实施…`).
fn item_title(text: &str, body: Range<usize>) -> Option<Range<usize>> {
    let s = &text[body.clone()];
    let end = s.find(['：', ':', '。'])?;
    (2..=30)
        .contains(&s[..end].chars().count())
        .then_some(body.start..body.start + end)
}

#[cfg(test)]
mod tests {
    use crate::model::{DocId, SectionKind};
    use crate::segment::segment;

    fn shape(text: &str) -> Vec<(String, SectionKind)> {
        segment(&DocId("d".into()), text)
            .into_iter()
            .skip(1)
            .filter(|s| !matches!(s.kind, SectionKind::Sentence))
            .map(|s| (s.id, s.kind))
            .collect()
    }

    /// 033 (PDF): the box's body follows its title after a break, its items restart at 1,
    /// and the document's next heading (四、) closes it.
    #[test]
    fn a_box_body_after_a_blank_line_stays_in_the_box() {
        let text = "8.完善安全应急管理\n\n妥善应对文博舆情。\n\n专栏 1 构筑文物安全防护体系\n\n1.楚天文物平安工程:实施全国重点文物保护单位安全防护工程全覆盖。\n\n抓好辛亥革命武昌起义军政府旧址的消防工程。\n\n2.文物行政执法能力提升工程:组织开展执法人员培训。\n\n四、加强考古科研创新\n\n9.深化考古研究\n";
        let ids: Vec<String> = shape(text).into_iter().map(|(id, _)| id).collect();
        assert!(ids.contains(&"d/8/专栏1/b1".to_owned()), "{ids:?}");
        assert!(ids.contains(&"d/8/专栏1/b2".to_owned()), "{ids:?}");
        assert!(ids.contains(&"d/四".to_owned()), "{ids:?}");
        assert!(ids.contains(&"d/四/9".to_owned()), "{ids:?}");
        assert!(
            !ids.iter()
                .any(|id| id.ends_with("/1") || id.ends_with("/2")),
            "{ids:?}"
        );
    }

    /// Seed 003: a box of `¨` bullets is followed by unnumbered body text, which is the
    /// document's, not the box's.
    #[test]
    fn text_after_a_boxs_bullets_is_the_documents() {
        let text = "专栏3:“浙江制造”品牌培育工程\n¨ 培育品牌企业。\n¨ 制定浙江制造标准。\n\n产品质量稳步提升。全市深化质量协作。\n";
        let shape = shape(text);
        let para = shape
            .iter()
            .find(|(_, k)| *k == SectionKind::Paragraph)
            .unwrap();
        assert_eq!(para.0, "d/p1", "{shape:?}");
    }

    /// Counter-example: the document's own numbering going on after a box (`3.` after a box
    /// placed under `2.`) is a heading of the document, not an item of the box.
    #[test]
    fn the_documents_next_number_closes_the_box() {
        let text = "1.总体要求\n\n2.重点任务\n\n专栏2 重点工程\n\n1.数字基建工程。建设基站。\n\n3.保障措施\n\n加强组织领导。\n";
        let ids: Vec<String> = shape(text).into_iter().map(|(id, _)| id).collect();
        assert!(ids.contains(&"d/2/专栏2/b1".to_owned()), "{ids:?}");
        assert!(ids.contains(&"d/3".to_owned()), "{ids:?}");
    }
}
