//! HTML → text content: the text of block elements, one block per line, table rows as
//! `cell | cell | …` lines (the shape scraped tables already have in `.txt` seeds).
//!
//! In: the decoded HTML. Out: a [`MappedText`] whose map points into the HTML, so a finding in
//! a paragraph is reported at the paragraph's place in the `.html` file. Entities are decoded
//! (`&nbsp;` → space); `script`, `style`, `head` and comments are dropped.

use crate::offsets::{MappedText, MappedTextBuilder};

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "header",
    "footer",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "hr",
    "title",
    "caption",
    "main",
    "nav",
    "form",
    "body",
];
const SKIPPED_TAGS: &[&str] = &["script", "style", "head", "noscript", "template", "svg"];

/// Extract the text content of an HTML document.
pub fn extract(html: &str) -> Result<MappedText, String> {
    let dom = tl::parse(html, tl::ParserOptions::default())
        .map_err(|e| format!("HTML could not be parsed: {e}"))?;
    let parser = dom.parser();
    let mut out = Extractor {
        html,
        b: MappedTextBuilder::default(),
        last_pos: 0,
    };
    for handle in dom.children() {
        out.walk(*handle, parser, 0);
    }
    Ok(out.b.finish(html.len()))
}

struct Extractor<'h> {
    html: &'h str,
    b: MappedTextBuilder,
    /// Last HTML offset emitted, where synthetic separators are anchored.
    last_pos: usize,
}

impl Extractor<'_> {
    fn walk(&mut self, handle: tl::NodeHandle, parser: &tl::Parser, depth: usize) {
        if depth > 512 {
            return;
        }
        let Some(node) = handle.get(parser) else {
            return;
        };
        match node {
            tl::Node::Raw(bytes) => {
                if let Some(raw) = bytes.as_bytes_borrowed() {
                    let base = self.html.as_ptr() as usize;
                    let Some(start) = (raw.as_ptr() as usize).checked_sub(base) else {
                        return;
                    };
                    // tl parses bytes: after a malformed tag (`<!DOCTYPE 德…`) a text node can
                    // start or end inside a character. Keep the whole characters only.
                    let mut start = start.min(self.html.len());
                    let mut end = (start + raw.len()).min(self.html.len());
                    while start < end && !self.html.is_char_boundary(start) {
                        start += 1;
                    }
                    while end > start && !self.html.is_char_boundary(end) {
                        end -= 1;
                    }
                    self.text(start, end);
                }
            }
            tl::Node::Comment(_) => {}
            tl::Node::Tag(tag) => {
                let name = tag.name().as_utf8_str().to_ascii_lowercase();
                if SKIPPED_TAGS.contains(&name.as_str()) {
                    return;
                }
                let block = BLOCK_TAGS.contains(&name.as_str());
                if block {
                    self.newline();
                }
                let cell = name == "td" || name == "th";
                if cell && self.b.as_str().ends_with('|') {
                    self.separator(" ");
                }
                for child in tag.children().top().iter() {
                    self.walk(*child, parser, depth + 1);
                }
                if cell {
                    self.separator(" |");
                }
                if block {
                    self.newline();
                }
            }
        }
    }

    /// Emit the text of `html[start..end]`, decoding entities and collapsing whitespace.
    fn text(&mut self, start: usize, end: usize) {
        let s = &self.html[start..end];
        let mut i = 0;
        while i < s.len() {
            let rest = &s[i..];
            let c = rest.chars().next().unwrap_or(' ');
            let (decoded, len) = if c == '&' {
                match rest.bytes().take(12).position(|b| b == b';') {
                    Some(semi) => {
                        let token = &rest[..=semi];
                        let d = html_escape::decode_html_entities(token);
                        if d != token {
                            (d.into_owned(), semi + 1)
                        } else {
                            ("&".to_owned(), 1)
                        }
                    }
                    None => ("&".to_owned(), 1),
                }
            } else {
                (c.to_string(), c.len_utf8())
            };
            let at = start + i..start + i + len;
            for d in decoded.chars() {
                if d.is_whitespace() {
                    let prev = self.b.as_str().chars().last();
                    if !matches!(prev, None | Some(' ') | Some('\n')) {
                        self.b.push_char(' ', at.clone());
                    }
                } else {
                    self.b.push_char(d, at.clone());
                }
            }
            self.last_pos = at.end;
            i += len;
        }
    }

    fn newline(&mut self) {
        let prev = self.b.as_str().chars().last();
        if !matches!(prev, None | Some('\n')) {
            let at = self.last_pos;
            self.b.push_str("\n", at..at);
        }
    }

    fn separator(&mut self, sep: &str) {
        let at = self.last_pos;
        self.b.push_str(sep, at..at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_map_back() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body>\
            <p>一、总体要求</p><p>到2025年&nbsp;达到&lt;100&gt;家</p>\
            <table><tr><td>类别</td><td>目标值</td></tr></table><script>alert(1)</script></body></html>";
        let m = extract(html).unwrap();
        let lines: Vec<&str> = m.text.lines().collect();
        assert_eq!(
            lines,
            ["一、总体要求", "到2025年 达到<100>家", "类别 | 目标值 |"]
        );
        let at = m.text.find("总体").unwrap();
        let r = m.map.map_range(at..at + "总体".len());
        assert_eq!(&html[r], "总体");
        let lt = m.text.find('<').unwrap();
        assert_eq!(&html[m.map.map_range(lt..lt + 1)], "&lt;");
    }
}
