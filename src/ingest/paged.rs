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

/// One page: its size in points and its glyphs in the order the file draws them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
}
