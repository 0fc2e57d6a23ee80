//! Reading the files the tool is given besides the corpus: the manifest, `crosscheck.toml`,
//! a baseline, the rule files and a saved index (and the files an index names when it checks
//! that they have not changed).
//!
//! In: a path and the most bytes it may hold. Out: its bytes or text, or a reason without the
//! path (the caller's error type names the file). Each file must be a regular file, checked
//! before it is opened (opening a FIFO blocks until a writer comes; `/dev/zero` never ends) and
//! no larger than its cap, checked on the metadata and again while reading (a file that grows
//! between the two is still stopped at the cap). Nothing here writes.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Largest manifest, `crosscheck.toml`, baseline or rule file read: far above any real one (a
/// manifest of 10,000 documents is about 3 MB), far below what would strain memory.
pub const MAX_SETTINGS_BYTES: u64 = 32 * 1024 * 1024;

/// The file at `path` (links followed), opened for reading if it is a regular file.
pub fn open_regular(path: &Path) -> Result<(File, u64), String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let file = File::open(path).map_err(|e| io_reason(&e))?;
    Ok((file, meta.len()))
}

/// The bytes of the regular file at `path`, at most `max` of them.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let (file, len) = open_regular(path)?;
    if len > max {
        return Err(too_large(len, max));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > max {
        return Err(format!("grew above the {max} byte limit while being read"));
    }
    Ok(bytes)
}

/// The UTF-8 text of the regular file at `path`, at most `max` bytes of it.
pub fn read_text_bounded(path: &Path, max: u64) -> Result<String, String> {
    let bytes = read_bounded(path, max)?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid bytes at byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Whether an error of [`open_regular`] or [`read_bounded`] means the file does not exist.
pub fn is_missing(path: &Path) -> bool {
    matches!(std::fs::symlink_metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

fn not_regular(meta: &std::fs::Metadata) -> String {
    if meta.is_dir() {
        "a folder, not a file".to_owned()
    } else {
        "not a regular file (a pipe, socket or device); not read".to_owned()
    }
}

fn too_large(len: u64, max: u64) -> String {
    format!("{len} bytes, above the {max} byte limit for this kind of file; not read")
}

/// Why a file could not be read, in a few words (also the corpus's reason, in `ingest`).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied (unreadable)".into(),
        _ => format!("cannot read: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_refused_before_it_is_read() {
        let err = read_bounded(Path::new("/dev/zero"), 1024).unwrap_err();
        assert!(err.starts_with("not a regular file"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("manifest.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "mkfifo (coreutils) makes the FIFO"
        );
        let err = read_text_bounded(&fifo, 1024).unwrap_err();
        assert!(err.starts_with("not a regular file"), "{err}");
    }

    #[test]
    fn a_file_over_the_cap_is_refused_and_one_at_the_cap_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.json");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_bounded(&path, 10).unwrap().len(), 10);
        let err = read_bounded(&path, 9).unwrap_err();
        assert!(err.starts_with("10 bytes, above the 9 byte limit"), "{err}");
        assert_eq!(
            read_bounded(dir.path(), 9).unwrap_err(),
            "a folder, not a file"
        );
        assert!(is_missing(&dir.path().join("nothing")));
    }
}
