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
            let list_style = matches!(m.style, HeadingStyle::ArabicDot | HeadingStyle::ParenArabic);
            let continues = self.list_style == Some(m.style);
            if list_style && (continues || self.previous_paragraph_ends_with_colon()) {
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
            let (title, body_start) = heading_title(self.text, p, m.len, r.end);
            self.open_heading(&m, p..title.end, title);
            chunk_start = body_start;
            skip_until = body_start;
        }
        self.paragraphs(chunk_start..r.end);
    }

    fn accepts_inline(&self, m: &Marker, p: usize) -> bool {
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
        self.open(
            SectionKind::Heading(m.style),
            range,
            Some(title),
            m.label.clone(),
        );
    }
}

/// Title of a heading: from the marker to the first sentence end or whitespace run.
/// Returns the title range (without the terminator) and where the body starts.
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
}
