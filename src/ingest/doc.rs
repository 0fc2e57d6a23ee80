//! `.doc` (Word 97–2003, [MS-DOC]) and `.wps` (WPS Office, same format) → text content.
//!
//! In: the file's bytes (an OLE compound file holding a `WordDocument` stream and a `0Table` or
//! `1Table` stream). Out: the text of the main document, one paragraph per line, table rows as
//! `cell | cell |` lines, exactly as [`super::docx::extract`] gives for a `.docx`; headers,
//! footnotes, comments and text boxes are left out. Field codes are dropped and their results
//! kept. Every offset read from the file is checked: a damaged file is an error, never a panic.
//!
//! The way there: the FIB at the start of `WordDocument` locates the piece table (Clx) in the
//! table stream; the pieces map character positions to bytes of `WordDocument`, 8-bit cp1252
//! or UTF-16LE. The paragraph properties (PlcBtePapx → PAPX FKPs) say which paragraph marks sit
//! in a table cell and which end a table row.

use std::io::{Cursor, Read};

/// Most UTF-16 units of main-document text read: 64 MiB of text.
const MAX_CHARS: u32 = 32 * 1024 * 1024;
/// Most pieces in the piece table, and most property pages (FKPs) read.
const MAX_PIECES: usize = 1_000_000;
/// Deepest field nesting tracked; deeper fields are dropped whole.
const MAX_FIELD_DEPTH: usize = 64;
/// A Word 97 or later FIB has `nFib` at least this (Word 6 and 95 are 101 to 105).
const MIN_NFIB_97: u16 = 106;

const NOT_OLE_HINT: &str = "a .wps from WPS Office 2000 or older? save it as .docx";

/// Extract the text of a Word 97–2003 `.doc` (or a `.wps` in the same format).
pub fn extract(bytes: &[u8]) -> Result<String, String> {
    let (word, tables) = read_streams(bytes)?;
    text_of_streams(&word, tables)
}

/// The text from the `WordDocument` stream and the table streams.
fn text_of_streams(word: &[u8], table: TableStreams) -> Result<String, String> {
    let fib = Fib::parse(word)?;
    let table = match fib.which_table {
        1 => table.one,
        _ => table.zero,
    }
    .ok_or_else(|| format!("damaged .doc: no {}Table stream", fib.which_table))?;
    let pieces = pieces(&table, &fib)?;
    let units = main_text(word, &pieces, fib.ccp_text)?;
    let paras = Paragraphs::read(word, &table, &fib);
    Ok(render(&units, &pieces, &paras))
}

/// The two table streams; the FIB says which one is live.
struct TableStreams {
    zero: Option<Vec<u8>>,
    one: Option<Vec<u8>>,
}

/// `WordDocument` and the table streams out of the compound file.
fn read_streams(bytes: &[u8]) -> Result<(Vec<u8>, TableStreams), String> {
    // The cfb crate reads a hostile file; should it ever panic on one, the file is refused
    // rather than the run stopped.
    std::panic::catch_unwind(|| read_streams_unguarded(bytes))
        .unwrap_or_else(|_| Err("damaged .doc: the OLE container cannot be read".into()))
}

fn read_streams_unguarded(bytes: &[u8]) -> Result<(Vec<u8>, TableStreams), String> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("not a Word .doc: not an OLE compound file ({e}; {NOT_OLE_HINT})"))?;
    if !cfb.is_stream("/WordDocument") {
        return Err(format!(
            "not a Word .doc: no WordDocument stream ({NOT_OLE_HINT})"
        ));
    }
    let word = read_stream(&mut cfb, "/WordDocument")?
        .ok_or_else(|| format!("not a Word .doc: no WordDocument stream ({NOT_OLE_HINT})"))?;
    let zero = read_stream(&mut cfb, "/0Table")?;
    let one = read_stream(&mut cfb, "/1Table")?;
    Ok((word, TableStreams { zero, one }))
}

/// A stream's bytes, `None` when there is no such stream; capped at the input file limit.
fn read_stream(
    cfb: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    if !cfb.is_stream(name) {
        return Ok(None);
    }
    let stream = cfb
        .open_stream(name)
        .map_err(|e| format!("damaged .doc: cannot open {}: {e}", &name[1..]))?;
    let mut out = Vec::new();
    stream
        .take(super::MAX_FILE_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| format!("damaged .doc: cannot read {}: {e}", &name[1..]))?;
    Ok(Some(out))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// What is used of the File Information Block.
struct Fib {
    which_table: u8,
    ccp_text: u32,
    fc_clx: u32,
    lcb_clx: u32,
    fc_bte_papx: u32,
    lcb_bte_papx: u32,
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, String> {
        let short = || "damaged .doc: the WordDocument stream is too short for a FIB".to_string();
        let ident = u16_at(word, 0).ok_or_else(short)?;
        if ident != 0xA5EC {
            return Err(format!(
                "not a Word 97-2003 .doc: wIdent is {ident:#06x}, not 0xa5ec (Word 2 or older?)"
            ));
        }
        let nfib = u16_at(word, 2).ok_or_else(short)?;
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err("encrypted .doc: remove the password in Word or WPS and save again".into());
        }
        if nfib < MIN_NFIB_97 {
            return Err(format!(
                "Word 6/95 format not supported (nFib {nfib}); save it as .docx"
            ));
        }
        // FibBase (32 bytes), csw + fibRgW, cslw + fibRgLw, cbRgFcLcb, then FibRgFcLcb.
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let lw_at = 32 + 2 + csw * 2;
        let cslw = usize::from(u16_at(word, lw_at).ok_or_else(short)?);
        let rg_lw = lw_at + 2;
        if cslw < 4 {
            return Err(format!("damaged .doc: FIB has {cslw} longs, too few"));
        }
        let ccp_text = u32_at(word, rg_lw + 3 * 4).ok_or_else(short)?;
        let fc_lcb_at = rg_lw + cslw * 4;
        let cb_rg_fc_lcb = usize::from(u16_at(word, fc_lcb_at).ok_or_else(short)?);
        if cb_rg_fc_lcb < 34 {
            return Err(format!(
                "damaged .doc: FIB has {cb_rg_fc_lcb} fc/lcb pairs, too few for Word 97"
            ));
        }
        let pair = |index: usize| -> Result<(u32, u32), String> {
            let at = fc_lcb_at + 2 + index * 8;
            Ok((
                u32_at(word, at).ok_or_else(short)?,
                u32_at(word, at + 4).ok_or_else(short)?,
            ))
        };
        let (fc_bte_papx, lcb_bte_papx) = pair(13)?;
        let (fc_clx, lcb_clx) = pair(33)?;
        Ok(Fib {
            which_table: u8::from(flags & 0x0200 != 0),
            ccp_text,
            fc_clx,
            lcb_clx,
            fc_bte_papx,
            lcb_bte_papx,
        })
    }
}

/// One piece of text: character positions `cp..cp_end` stored from byte `fc` of `WordDocument`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

impl Piece {
    /// Byte offset in `WordDocument` of character position `cp` (inside this piece).
    fn fc_of(&self, cp: u32) -> u64 {
        let k = u64::from(cp - self.cp);
        u64::from(self.fc) + if self.compressed { k } else { 2 * k }
    }
}

/// The piece table: the Pcdt of the Clx at `fcClx` in the table stream.
fn pieces(table: &[u8], fib: &Fib) -> Result<Vec<Piece>, String> {
    let start = fib.fc_clx as usize;
    let clx = start
        .checked_add(fib.lcb_clx as usize)
        .and_then(|end| table.get(start..end))
        .ok_or("damaged .doc: the piece table (Clx) lies outside the table stream")?;
    let mut at = 0usize;
    let plc = loop {
        match clx.get(at) {
            Some(1) => {
                let cb = u16_at(clx, at + 1).ok_or("damaged .doc: cut Prc in the Clx")?;
                at += 3 + usize::from(cb);
            }
            Some(2) => {
                let lcb = u32_at(clx, at + 1).ok_or("damaged .doc: cut Pcdt in the Clx")?;
                break at
                    .checked_add(5 + lcb as usize)
                    .and_then(|end| clx.get(at + 5..end))
                    .ok_or("damaged .doc: the piece table runs past the Clx")?;
            }
            Some(other) => return Err(format!("damaged .doc: unknown Clx entry {other:#04x}")),
            None => return Err("damaged .doc: the Clx has no piece table".into()),
        }
    };
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(format!("damaged .doc: piece table of {} bytes", plc.len()));
    }
    let n = (plc.len() - 4) / 12;
    if n > MAX_PIECES {
        return Err(format!(
            "damaged .doc: {n} pieces, above the {MAX_PIECES} limit"
        ));
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp = u32_at(plc, i * 4).unwrap_or(0);
        let cp_end = u32_at(plc, i * 4 + 4).unwrap_or(0);
        let raw = u32_at(plc, (n + 1) * 4 + i * 8 + 2).unwrap_or(0);
        if cp_end < cp || out.last().is_some_and(|p: &Piece| p.cp_end > cp) {
            return Err("damaged .doc: piece table positions out of order".into());
        }
        let compressed = raw & 0x4000_0000 != 0;
        let fc = if compressed {
            (raw & !0x4000_0000) / 2
        } else {
            raw
        };
        out.push(Piece {
            cp,
            cp_end,
            fc,
            compressed,
        });
    }
    Ok(out)
}

/// The main document's characters (CP `0..ccpText`) as UTF-16 units, one unit per CP.
fn main_text(word: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<Vec<u16>, String> {
    if ccp_text > MAX_CHARS {
        return Err(format!(
            "the .doc declares {ccp_text} characters, above the {MAX_CHARS} limit"
        ));
    }
    let cp1252 = cp1252_table();
    // A count the stream cannot hold is not believed before the text is read.
    let mut units = Vec::with_capacity((ccp_text as usize).min(word.len()));
    for piece in pieces {
        if piece.cp >= ccp_text {
            break;
        }
        if piece.cp as usize != units.len() {
            return Err("damaged .doc: the piece table has a gap".into());
        }
        let end = piece.cp_end.min(ccp_text);
        let from = piece.fc_of(piece.cp);
        let to = piece.fc_of(end);
        let bytes = usize::try_from(from)
            .ok()
            .zip(usize::try_from(to).ok())
            .and_then(|(from, to)| word.get(from..to))
            .ok_or("damaged .doc: a piece of text lies outside the WordDocument stream")?;
        if piece.compressed {
            units.extend(bytes.iter().map(|&b| cp1252[usize::from(b)]));
        } else {
            units.extend(
                bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]])),
            );
        }
    }
    if units.len() < ccp_text as usize {
        return Err("damaged .doc: the piece table covers less than the main text".into());
    }
    Ok(units)
}

/// The 8-bit code page of compressed pieces: cp1252 (its 0x80–0x9F are the [MS-DOC] exceptions
/// table), each byte one UTF-16 unit.
fn cp1252_table() -> [u16; 256] {
    let all: Vec<u8> = (0..=255).collect();
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&all);
    let mut table = [0u16; 256];
    for (slot, ch) in table.iter_mut().zip(text.chars()) {
        let mut buf = [0u16; 2];
        *slot = ch.encode_utf16(&mut buf)[0];
    }
    table
}

/// Table facts of one paragraph, from its PAPX.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct ParaProps {
    /// `sprmPFInTable`: the paragraph is in a table cell.
    in_table: bool,
    /// `sprmPFTtp`: the paragraph mark ends a table row.
    row_end: bool,
    /// `sprmPFInnerTableCell`: the mark ends a cell of a nested table.
    inner_cell: bool,
    /// `sprmPFInnerTtp`: the mark ends a row of a nested table.
    inner_row_end: bool,
}

/// Paragraph properties by byte offset in `WordDocument`: sorted runs `fc..fc_end`.
struct Paragraphs {
    runs: Vec<(u32, u32, ParaProps)>,
}

impl Paragraphs {
    /// Read the PAPX FKPs the PlcBtePapx names. A damaged part yields fewer runs, not an
    /// error: the text is still right, only table cells may then come out as lines.
    fn read(word: &[u8], table: &[u8], fib: &Fib) -> Paragraphs {
        let mut runs = Vec::new();
        let start = fib.fc_bte_papx as usize;
        let plc = start
            .checked_add(fib.lcb_bte_papx as usize)
            .and_then(|end| table.get(start..end))
            .unwrap_or(&[]);
        let n = plc.len().saturating_sub(4) / 8;
        for i in 0..n.min(MAX_PIECES) {
            let Some(pn) = u32_at(plc, (n + 1) * 4 + i * 4) else {
                break;
            };
            let page_at = (pn & 0x003F_FFFF) as usize * 512;
            if let Some(page) = word.get(page_at..page_at.saturating_add(512)) {
                fkp_runs(page, &mut runs);
            }
        }
        runs.sort_by_key(|r| r.0);
        Paragraphs { runs }
    }

    /// The properties of the paragraph holding the byte at `fc`.
    fn at(&self, fc: u64) -> ParaProps {
        let i = self.runs.partition_point(|r| u64::from(r.0) <= fc);
        match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(&(_, end, props)) if fc < u64::from(end) => props,
            _ => ParaProps::default(),
        }
    }
}

/// The runs of one 512-byte PapxFkp: `crun` in the last byte, `crun + 1` FCs, then `crun`
/// 13-byte BxPap whose first byte is the word offset of the PapxInFkp.
fn fkp_runs(page: &[u8], runs: &mut Vec<(u32, u32, ParaProps)>) {
    let crun = usize::from(page[511]);
    for i in 0..crun {
        let (Some(fc), Some(fc_end)) = (u32_at(page, i * 4), u32_at(page, i * 4 + 4)) else {
            return;
        };
        let Some(&b_offset) = page.get((crun + 1) * 4 + i * 13) else {
            return;
        };
        let props = if b_offset == 0 {
            ParaProps::default()
        } else {
            papx_props(page, usize::from(b_offset) * 2)
        };
        if fc < fc_end {
            runs.push((fc, fc_end, props));
        }
    }
}

/// Table facts from the PapxInFkp at `at`: `cb`, then istd (2 bytes) and the sprms.
fn papx_props(page: &[u8], at: usize) -> ParaProps {
    let (start, len) = match page.get(at) {
        Some(&0) => (
            at + 2,
            page.get(at + 1).map_or(0, |&cb| 2 * usize::from(cb)),
        ),
        Some(&cb) => (at + 1, 2 * usize::from(cb) - 1),
        None => return ParaProps::default(),
    };
    let end = (start + len).min(page.len());
    let mut props = ParaProps::default();
    let mut at = start + 2; // past the istd
    while let Some(op) = u16_at(page, at) {
        let operand = at + 2;
        if operand >= end {
            break;
        }
        let size = match op >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ if op == 0xD608 => u16_at(page, operand).map_or(end, |cb| usize::from(cb) + 1),
            _ => page.get(operand).map_or(end, |&cb| usize::from(cb) + 1),
        };
        let on = page.get(operand).is_some_and(|&v| v != 0);
        match op {
            0x2416 => props.in_table = on,
            0x2417 => props.row_end = on,
            0x244B => props.inner_cell = on,
            0x244C => props.inner_row_end = on,
            _ => {}
        }
        at = operand + size;
    }
    props
}

/// Turn the main text into lines: paragraph marks, cells and rows as `.docx` gives them,
/// fields reduced to their results, Word's special characters dropped or mapped.
fn render(units: &[u16], pieces: &[Piece], paras: &Paragraphs) -> String {
    let mut out = String::with_capacity(units.len() + units.len() / 2);
    let mut fields = Fields::default();
    let mut piece_i = 0usize;
    let mut props_at = |cp: usize| -> ParaProps {
        while pieces.get(piece_i).is_some_and(|p| p.cp_end as usize <= cp) {
            piece_i += 1;
        }
        match pieces.get(piece_i) {
            Some(p) if p.cp as usize <= cp => paras.at(p.fc_of(cp as u32)),
            _ => ParaProps::default(),
        }
    };
    // Without paragraph properties, a cell mark right after a cell mark ends the row (as
    // antiword and catdoc guess); an empty last cell then reads as the row's end.
    let guess_rows = paras.runs.is_empty();
    let mut previous = 0u16;
    let mut i = 0usize;
    while let Some(&u) = units.get(i) {
        let before = std::mem::replace(&mut previous, u);
        let cp = i;
        i += 1;
        if fields.take(u) {
            continue;
        }
        // Paragraph and cell marks always count: a field never spans table structure in a
        // well-formed file, and a damaged one must not swallow the rest of the text.
        let shown = fields.shown();
        match u {
            0x0D | 0x07 => {
                let mut props = props_at(cp);
                if guess_rows && u == 0x07 && before == 0x07 {
                    props.row_end = true;
                    previous = 0;
                }
                end_paragraph(&mut out, u, props);
            }
            _ if !shown => {}
            0x0B => {
                let in_cell = props_at(cp).in_table;
                out.push(if in_cell { ' ' } else { '\n' });
            }
            0x0C => out.push('\n'),
            0x09 => out.push('\t'),
            0x1E => out.push('-'),
            _ if u < 0x20 => {}
            0xD800..=0xDBFF => {
                let low = units
                    .get(i)
                    .copied()
                    .filter(|l| (0xDC00..0xE000).contains(l));
                if let Some(low) = low {
                    i += 1;
                    let c = 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                } else {
                    out.push('\u{FFFD}');
                }
            }
            _ => out.push(char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}')),
        }
    }
    out
}

/// The fields open at a point of the text: a field is `0x13` code `0x14` result `0x15` (the
/// result part may be missing), and fields nest.
#[derive(Default)]
struct Fields {
    /// One entry per open field: true once past its separator (showing its result).
    open: Vec<bool>,
    /// Fields opened past [`MAX_FIELD_DEPTH`], hidden whole.
    too_deep: usize,
}

impl Fields {
    /// Take a field mark; false for any other character.
    fn take(&mut self, u: u16) -> bool {
        match u {
            0x13 if self.open.len() < MAX_FIELD_DEPTH && self.too_deep == 0 => {
                self.open.push(false)
            }
            0x13 => self.too_deep += 1,
            0x14 if self.too_deep == 0 => {
                if let Some(top) = self.open.last_mut() {
                    *top = true;
                }
            }
            0x15 if self.too_deep > 0 => self.too_deep -= 1,
            0x15 => {
                self.open.pop();
            }
            0x14 => {}
            _ => return false,
        }
        true
    }

    /// Whether text here shows: outside fields, or in the results of all open fields.
    fn shown(&self) -> bool {
        self.too_deep == 0 && self.open.iter().all(|&result| result)
    }
}

/// A paragraph mark (0x0D) or cell mark (0x07): a line end, a space inside a cell, ` | ` at a
/// cell's end, a line end at a row's end — with the `.docx` reader's trimming of spaces.
fn end_paragraph(out: &mut String, mark: u16, props: ParaProps) {
    let trim = |out: &mut String| {
        let kept = out.trim_end_matches(' ').len();
        out.truncate(kept);
    };
    let row_end = props.row_end || props.inner_row_end;
    let cell_end = mark == 0x07 || props.inner_cell;
    if row_end {
        trim(out);
        out.push('\n');
    } else if cell_end {
        trim(out);
        out.push_str(" | ");
    } else if props.in_table {
        out.push(' ');
    } else {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests;
