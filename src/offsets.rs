//! Offset maps: how a derived text points back into the text it was made from.
//!
//! Every transformation in crosscheck (decoding GBK to UTF-8, stripping HTML tags, deleting
//! pinyin, converting Traditional to Simplified, folding full-width digits) produces a new string
//! plus an [`OffsetMap`] from byte offsets in the new string to byte offsets in the old one.
//! Maps compose, so a finding on normalized text can always be reported as a byte span of the
//! original file.
//!
//! The map is a sorted list of [`Piece`]s. A *linear* piece (same length on both sides) maps
//! byte-for-byte; an *atomic* piece (lengths differ, e.g. `１` → `1` or a 2-byte GBK character
//! decoded to 3 UTF-8 bytes) maps any offset inside it to the whole parent range, so a mapped
//! span never ends in the middle of a parent character.
//!
//! ```
//! use crosscheck::offsets::OffsetMapBuilder;
//! // parent "a１b" (１ is 3 bytes) became "a1b"
//! let mut b = OffsetMapBuilder::default();
//! b.push(1, 0, 1); // a
//! b.push(1, 1, 3); // １ -> 1
//! b.push(1, 4, 1); // b
//! let map = b.finish(3, 5);
//! assert_eq!(map.map_range(1..3), 1..5);
//! ```

use std::ops::Range;

/// A run of derived bytes and the parent bytes they came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Piece {
    pub text_start: u32,
    pub parent_start: u32,
    pub text_len: u32,
    pub parent_len: u32,
}

impl Piece {
    fn is_linear(&self) -> bool {
        self.text_len == self.parent_len
    }
}

/// Map from byte offsets of a derived text to byte offsets of its parent text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
    text_len: u32,
    parent_len: u32,
}

impl OffsetMap {
    /// The identity map over a text of `len` bytes.
    pub fn identity(len: usize) -> Self {
        Self::shifted(len, 0)
    }

    /// A map where derived byte `i` is parent byte `i + shift` (e.g. after a 3-byte BOM).
    pub fn shifted(len: usize, shift: usize) -> Self {
        let mut b = OffsetMapBuilder::default();
        b.push(len, shift, len);
        b.finish(len, len + shift)
    }

    /// Parent offset where the derived character starting at `offset` begins.
    pub fn map_start(&self, offset: usize) -> usize {
        if offset as u32 >= self.text_len {
            return self.map_end(offset);
        }
        let p = self.piece_containing(offset as u32);
        if p.is_linear() {
            (p.parent_start + (offset as u32 - p.text_start)) as usize
        } else {
            p.parent_start as usize
        }
    }

    /// Parent offset just past the derived character that ends at `offset` (exclusive end).
    pub fn map_end(&self, offset: usize) -> usize {
        if offset == 0 || self.pieces.is_empty() {
            return self.pieces.first().map_or(0, |p| p.parent_start as usize);
        }
        let offset = (offset as u32).min(self.text_len);
        let p = self.piece_containing(offset - 1);
        if p.is_linear() {
            (p.parent_start + (offset - p.text_start)) as usize
        } else {
            (p.parent_start + p.parent_len) as usize
        }
    }

    /// Map a half-open derived range to the smallest parent range covering it.
    pub fn map_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self.map_start(range.start);
            return at..at;
        }
        self.map_start(range.start)..self.map_end(range.end)
    }

    /// Compose: `self` maps C→B and `inner` maps B→A; the result maps C→A.
    pub fn then(&self, inner: &OffsetMap) -> OffsetMap {
        let mut b = OffsetMapBuilder::default();
        for p in &self.pieces {
            if p.is_linear() {
                // Split a linear piece wherever the inner map changes piece.
                let mut t = p.text_start;
                let end = p.text_start + p.text_len;
                while t < end {
                    let parent = p.parent_start + (t - p.text_start);
                    let q = inner.piece_containing(parent);
                    let q_end_in_b = q.text_start + q.text_len;
                    let take = (q_end_in_b - parent).min(end - t).max(1);
                    let r = inner.map_range(parent as usize..(parent + take) as usize);
                    b.push(take as usize, r.start, r.end - r.start);
                    t += take;
                }
            } else {
                let r = inner
                    .map_range(p.parent_start as usize..(p.parent_start + p.parent_len) as usize);
                b.push(p.text_len as usize, r.start, r.end - r.start);
            }
        }
        b.finish(self.text_len as usize, inner.parent_len as usize)
    }

    /// Length of the derived text this map covers.
    pub fn text_len(&self) -> usize {
        self.text_len as usize
    }

    /// Whether this map could have been built for a derived text of `text_len` bytes and a
    /// parent of `parent_len` bytes: pieces that tile the derived text in order, parent ranges
    /// in order and inside the parent. A map read back from a file (a saved index) is checked
    /// with this before any lookup, which would otherwise index out of bounds or overflow.
    pub fn check(&self, text_len: usize, parent_len: usize) -> Result<(), String> {
        if self.text_len as usize != text_len || self.parent_len as usize != parent_len {
            return Err(format!(
                "map of {}→{} bytes for a text of {text_len}→{parent_len}",
                self.text_len, self.parent_len
            ));
        }
        let mut text_at = 0u64;
        let mut parent_at = 0u64;
        for (i, p) in self.pieces.iter().enumerate() {
            let parent_end = u64::from(p.parent_start) + u64::from(p.parent_len);
            if u64::from(p.text_start) != text_at || p.text_len == 0 {
                return Err(format!("piece {i} does not continue the text at {text_at}"));
            }
            if u64::from(p.parent_start) < parent_at || parent_end > parent_len as u64 {
                return Err(format!("piece {i} goes back or outside the parent"));
            }
            text_at += u64::from(p.text_len);
            parent_at = u64::from(p.parent_start);
        }
        if text_at != text_len as u64 {
            return Err(format!("pieces cover {text_at} of {text_len} bytes"));
        }
        Ok(())
    }

    /// Number of pieces (a measure of how much the text was rewritten).
    pub fn piece_count(&self) -> usize {
        self.pieces.len()
    }

    fn piece_containing(&self, offset: u32) -> Piece {
        let idx = self
            .pieces
            .partition_point(|p| p.text_start + p.text_len <= offset)
            .min(self.pieces.len().saturating_sub(1));
        self.pieces[idx]
    }
}

/// Builds an [`OffsetMap`] piece by piece, merging adjacent linear runs.
#[derive(Debug, Default)]
pub struct OffsetMapBuilder {
    pieces: Vec<Piece>,
    text_pos: u32,
}

impl OffsetMapBuilder {
    /// Record that the next `text_len` derived bytes came from `parent_len` bytes at `parent_start`.
    /// A piece with `text_len == 0` records a deletion and is dropped.
    pub fn push(&mut self, text_len: usize, parent_start: usize, parent_len: usize) {
        if text_len == 0 {
            return;
        }
        let piece = Piece {
            text_start: self.text_pos,
            parent_start: parent_start as u32,
            text_len: text_len as u32,
            parent_len: parent_len as u32,
        };
        self.text_pos += text_len as u32;
        if let Some(last) = self.pieces.last_mut() {
            if last.is_linear()
                && piece.is_linear()
                && last.parent_start + last.parent_len == piece.parent_start
            {
                last.text_len += piece.text_len;
                last.parent_len += piece.parent_len;
                return;
            }
        }
        self.pieces.push(piece);
    }

    /// Copy `len` bytes unchanged from the parent at `parent_start`.
    pub fn copy(&mut self, parent_start: usize, len: usize) {
        self.push(len, parent_start, len);
    }

    /// Finish the map. `text_len` must equal the bytes pushed.
    pub fn finish(self, text_len: usize, parent_len: usize) -> OffsetMap {
        debug_assert_eq!(self.text_pos as usize, text_len);
        OffsetMap {
            pieces: self.pieces,
            text_len: text_len as u32,
            parent_len: parent_len as u32,
        }
    }
}

/// A string together with the map back to the text it was derived from.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct MappedText {
    pub text: String,
    pub map: OffsetMap,
}

/// Incrementally builds a [`MappedText`] from pieces of a parent string.
#[derive(Debug, Default)]
pub struct MappedTextBuilder {
    text: String,
    map: OffsetMapBuilder,
}

impl MappedTextBuilder {
    /// Append `s`, which stands for parent bytes `parent`.
    pub fn push_str(&mut self, s: &str, parent: Range<usize>) {
        self.text.push_str(s);
        self.map.push(s.len(), parent.start, parent.len());
    }

    /// Append one character standing for parent bytes `parent`.
    pub fn push_char(&mut self, c: char, parent: Range<usize>) {
        let mut buf = [0u8; 4];
        self.push_str(c.encode_utf8(&mut buf), parent);
    }

    /// The text built so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn finish(self, parent_len: usize) -> MappedText {
        let len = self.text.len();
        MappedText {
            map: self.map.finish(len, parent_len),
            text: self.text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_and_shift() {
        let m = OffsetMap::shifted(10, 3);
        assert_eq!(m.map_range(2..5), 5..8);
        assert_eq!(m.map_range(0..10), 3..13);
    }

    #[test]
    fn deletion_is_skipped() {
        // parent "消(xiāo)费" -> "消费": 消 = 0..3, "(xiāo)" = 3..10, 费 = 10..13
        let mut b = OffsetMapBuilder::default();
        b.copy(0, 3);
        b.copy(10, 3);
        let m = b.finish(6, 13);
        assert_eq!(m.map_range(0..6), 0..13);
        assert_eq!(m.map_range(3..6), 10..13);
        assert_eq!(m.map_range(0..3), 0..3);
    }

    #[test]
    fn atomic_piece_never_splits_parent_char() {
        let mut b = OffsetMapBuilder::default();
        b.push(1, 0, 3); // １ -> 1
        b.push(1, 3, 3); // ２ -> 2
        let m = b.finish(2, 6);
        assert_eq!(m.map_range(0..1), 0..3);
        assert_eq!(m.map_range(1..2), 3..6);
        assert_eq!(m.map_start(1), 3);
    }

    #[test]
    fn compose_two_maps() {
        // file (GBK-like): chars of 2 bytes each, decoded to 3 bytes each.
        let mut b = OffsetMapBuilder::default();
        b.push(3, 0, 2);
        b.push(3, 2, 2);
        b.push(3, 4, 2);
        let decode = b.finish(9, 6);
        // normalization deleted the middle char
        let mut b = OffsetMapBuilder::default();
        b.copy(0, 3);
        b.copy(6, 3);
        let norm = b.finish(6, 9);
        let both = norm.then(&decode);
        assert_eq!(both.map_range(0..3), 0..2);
        assert_eq!(both.map_range(3..6), 4..6);
        assert_eq!(both.map_range(0..6), 0..6);
    }
}
