//! CSV rows with no cell a spreadsheet would run: the one CSV writer of every report table.
//!
//! In: serializable rows. Out: CSV bytes in which every cell that begins with `=`, `+`, `-`,
//! `@`, a tab or a carriage return, and is not a number, carries a leading `'` — the OWASP
//! advice against CSV (formula) injection, so that a document titled `=HYPERLINK(…)` or a file
//! named `=cmd.txt` is text in Excel or LibreOffice, not a live formula. Numbers (`-3.5`,
//! `+2`) stay numbers. JSON reports keep the exact text; only CSV cells change.
//!
//! Each row is serialized by the `csv` crate into a scratch buffer; the common row, with no
//! such cell, is copied out as it is, and only a row that may hold one is parsed back, fixed
//! and written again.

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

/// Characters that make a spreadsheet read a cell as a formula (OWASP).
const FORMULA_STARTS: [u8; 6] = [b'=', b'+', b'-', b'@', b'\t', b'\r'];

/// A CSV writer whose cells are neutralised (see the module docs).
pub(super) struct CsvCells<'w> {
    scratch: csv::Writer<Shared>,
    buffer: Rc<RefCell<Vec<u8>>>,
    out: &'w mut dyn Write,
}

/// A `Write` into a buffer the [`CsvCells`] can drain after every row.
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'w> CsvCells<'w> {
    pub(super) fn new(out: &'w mut dyn Write) -> Self {
        let buffer = Rc::new(RefCell::new(Vec::with_capacity(1 << 12)));
        Self {
            scratch: csv::Writer::from_writer(Shared(buffer.clone())),
            buffer,
            out,
        }
    }

    /// Write one row (the header row before the first, as `csv` does).
    pub(super) fn serialize<T: serde::Serialize>(&mut self, row: &T) -> Result<(), String> {
        self.scratch.serialize(row).map_err(|e| e.to_string())?;
        self.scratch.flush().map_err(|e| e.to_string())?;
        let mut bytes = self.buffer.borrow_mut();
        if may_hold_formula(&bytes) {
            let fixed = neutralised(&bytes)?;
            self.out.write_all(&fixed)
        } else {
            self.out.write_all(&bytes)
        }
        .map_err(|e| e.to_string())?;
        bytes.clear();
        Ok(())
    }

    /// The output, for the caller to finish (e.g. a header row for an empty table).
    pub(super) fn into_output(self) -> &'w mut dyn Write {
        self.out
    }
}

/// Whether some byte of `FORMULA_STARTS` may begin a cell: at the start, or after a comma, or
/// after the opening quote of a quoted cell. May say yes wrongly (a comma inside a quoted
/// cell), never no wrongly; a yes costs only a careful rewrite.
fn may_hold_formula(csv: &[u8]) -> bool {
    csv.iter().enumerate().any(|(i, b)| {
        FORMULA_STARTS.contains(b)
            && match i {
                0 => true,
                1 => matches!(csv[0], b',' | b'"' | b'\n'),
                _ => {
                    matches!(csv[i - 1], b',' | b'\n')
                        || csv[i - 1] == b'"' && matches!(csv[i - 2], b',' | b'\n')
                }
            }
    })
}

/// The CSV records of `csv` written again with every formula-like text cell prefixed by `'`.
fn neutralised(csv: &[u8]) -> Result<Vec<u8>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::with_capacity(csv.len() + 8));
    for record in reader.byte_records() {
        let record = record.map_err(|e| e.to_string())?;
        let cells: Vec<std::borrow::Cow<[u8]>> = record.iter().map(neutral_cell).collect();
        writer.write_record(&cells).map_err(|e| e.to_string())?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}

/// One cell as a spreadsheet may safely read it.
fn neutral_cell(cell: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let formula_like = cell.first().is_some_and(|b| FORMULA_STARTS.contains(b));
    let number = std::str::from_utf8(cell).is_ok_and(|s| s.trim().parse::<f64>().is_ok());
    if formula_like && !number {
        let mut safe = Vec::with_capacity(cell.len() + 1);
        safe.push(b'\'');
        safe.extend_from_slice(cell);
        safe.into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Row<'a> {
        file: &'a str,
        title: &'a str,
        value: f64,
        note: &'a str,
    }

    fn csv_of(rows: &[Row]) -> String {
        let mut out = Vec::new();
        let mut w = CsvCells::new(&mut out);
        for r in rows {
            w.serialize(r).unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn formula_cells_are_prefixed_and_numbers_kept() {
        let got = csv_of(&[
            Row {
                file: "docs/=cmd.txt",
                title: "=HYPERLINK(\"http://x\",\"点击\")",
                value: -3.5,
                note: "+1+1",
            },
            Row {
                file: "@sum.txt",
                title: "\t=1",
                value: 2.0,
                note: "-2",
            },
            Row {
                file: "a,=b.txt",
                title: "- 推进质量强市",
                value: 0.0,
                note: "\r=x",
            },
        ]);
        assert_eq!(
            got,
            "file,title,value,note\n\
             docs/=cmd.txt,\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\",-3.5,'+1+1\n\
             '@sum.txt,'\t=1,2.0,-2\n\
             \"a,=b.txt\",'- 推进质量强市,0.0,\"'\r=x\"\n"
        );
    }

    #[test]
    fn plain_rows_are_written_as_the_csv_crate_writes_them() {
        let row = Row {
            file: "seeds/001.txt",
            title: "湖州市质量强市建设“十四五”规划",
            value: 1200.0,
            note: "含\"引号\",逗号\n和换行",
        };
        let mut plain = csv::Writer::from_writer(Vec::new());
        plain.serialize(&row).unwrap();
        assert_eq!(csv_of(&[row]).into_bytes(), plain.into_inner().unwrap());
    }
}
