//! Rule, manifest, lint-config and baseline loading from any text: a value or an error message,
//! never a panic.
#![no_main]

use std::path::Path;

use crosscheck::rules::Rules;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let names: Vec<&str> = Rules::file_names().collect();
    match selector as usize % (names.len() + 3) {
        i if i < names.len() => {
            if let Err(e) = Rules::with_file(names[i], Path::new(names[i]), text) {
                assert!(!e.to_string().is_empty());
            }
        }
        i if i == names.len() => {
            let _ = crosscheck::manifest::Manifest::parse(
                Path::new("/nonexistent/manifest.toml"),
                text,
            );
        }
        i if i == names.len() + 1 => {
            let _ = crosscheck::lint::LintConfig::parse(text);
        }
        _ => {
            let _ = serde_json::from_str::<crosscheck::lint::Baseline>(text);
        }
    }
});
