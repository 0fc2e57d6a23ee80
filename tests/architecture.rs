//! The shape of the code, held by a test (the way typos forbids printing in its library): the
//! library modules import each other without a cycle, no analysis stage imports its runner or
//! a renderer, no source file is over 800 lines, few functions are over 80 lines, and the
//! product package builds exactly one program.
//!
//! The source is read with syn: every `crate::module` path in `use` items and in code, outside
//! `#[cfg(test)]` modules, is an edge from the file's top-level module to `module`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The library module a file belongs to (`src/align/mod.rs` → `align`); `None` for the crate
/// roots.
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    let name = first.trim_end_matches(".rs").to_owned();
    (!matches!(name.as_str(), "lib" | "main" | "cli" | "bin")).then_some(name)
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// What one file imports from the crate, and how long its functions are.
#[derive(Default)]
struct FileFacts {
    imports: BTreeSet<String>,
    /// (function name, first line, lines from `fn` to the closing brace).
    functions: Vec<(String, usize, usize)>,
}

impl FileFacts {
    fn add_path<'a>(&mut self, mut segments: impl Iterator<Item = &'a syn::Ident>) {
        if segments.next().is_some_and(|s| s == "crate") {
            if let Some(module) = segments.next() {
                self.imports.insert(module.to_string());
            }
        }
    }

    fn add_function(&mut self, name: &syn::Ident, sig: &syn::Signature, block: &syn::Block) {
        let first = sig.fn_token.span.start().line;
        let last = block.brace_token.span.close().end().line;
        self.functions
            .push((name.to_string(), first, last - first + 1));
    }
}

impl<'ast> Visit<'ast> for FileFacts {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_cfg_test(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_cfg_test(&f.attrs) {
            self.add_function(&f.sig.ident, &f.sig, &f.block);
            syn::visit::visit_item_fn(self, f);
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_cfg_test(&f.attrs) {
            self.add_function(&f.sig.ident, &f.sig, &f.block);
            syn::visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        self.add_path(p.segments.iter().map(|s| &s.ident));
        syn::visit::visit_path(self, p);
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        fn walk(tree: &syn::UseTree, prefix: &mut Vec<syn::Ident>, facts: &mut FileFacts) {
            match tree {
                syn::UseTree::Path(p) => {
                    prefix.push(p.ident.clone());
                    walk(&p.tree, prefix, facts);
                    prefix.pop();
                }
                syn::UseTree::Name(n) => {
                    prefix.push(n.ident.clone());
                    facts.add_path(prefix.iter());
                    prefix.pop();
                }
                syn::UseTree::Rename(r) => {
                    prefix.push(r.ident.clone());
                    facts.add_path(prefix.iter());
                    prefix.pop();
                }
                syn::UseTree::Glob(_) => facts.add_path(prefix.iter()),
                syn::UseTree::Group(g) => {
                    for t in &g.items {
                        walk(t, prefix, facts);
                    }
                }
            }
        }
        if !is_cfg_test(&u.attrs) {
            walk(&u.tree, &mut Vec::new(), self);
        }
    }
}

fn facts(file: &Path) -> FileFacts {
    let text = std::fs::read_to_string(file).unwrap();
    let ast = syn::parse_file(&text)
        .unwrap_or_else(|e| panic!("{}: does not parse: {e}", file.display()));
    let mut f = FileFacts::default();
    f.visit_file(&ast);
    f
}

/// Module → the other library modules it imports.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src()) {
        let Some(module) = module_of(&file) else {
            continue;
        };
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(facts(&file).imports.into_iter().filter(|m| *m != module));
    }
    graph
}

/// A cycle of the graph, if it has one (depth-first search with colours).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, done, path) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

#[test]
fn library_modules_import_each_other_without_a_cycle() {
    let graph = import_graph();
    assert!(graph.len() >= 15, "modules found: {:?}", graph.keys());
    assert!(
        graph["check"].contains("model"),
        "edges are read: {:?}",
        graph["check"]
    );
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(find_cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
}

/// The analysis stages never import the orchestrator, the CI front end or a renderer (STYLE.md:
/// a stage never imports its runner or a renderer).
#[test]
fn stages_do_not_import_their_runner_or_a_renderer() {
    let graph = import_graph();
    let stages = [
        "text",
        "offsets",
        "numerals",
        "model",
        "rules",
        "manifest",
        "ingest",
        "normalize",
        "segment",
        "tokenize",
        "dedup",
        "align",
        "targets",
        "check",
    ];
    for stage in stages {
        let Some(imports) = graph.get(stage) else {
            panic!("no module {stage}");
        };
        for above in ["pipeline", "report", "lint", "index"] {
            assert!(!imports.contains(above), "{stage} imports {above}");
        }
    }
    let ground = ["text", "offsets", "numerals"];
    for g in ground {
        let up: Vec<&String> = graph[g]
            .iter()
            .filter(|m| !ground.contains(&m.as_str()))
            .collect();
        assert!(up.is_empty(), "{g} is ground floor but imports {up:?}");
    }
}

#[test]
fn no_source_file_is_over_800_lines() {
    let long: Vec<(usize, String)> = rust_files(&src())
        .into_iter()
        .map(|f| {
            let n = std::fs::read_to_string(&f).unwrap().lines().count();
            (n, f.display().to_string())
        })
        .filter(|(n, _)| *n > 800)
        .collect();
    assert!(long.is_empty(), "files over 800 lines: {long:?}");
}

/// Functions longer than 80 lines, with the reason each stays whole. Keep this list short:
/// split a long function by what its parts do before adding it here.
const LONG_FUNCTIONS_ALLOWED: [(&str, &str); 0] = [];
const _: () = assert!(
    LONG_FUNCTIONS_ALLOWED.len() <= 5,
    "at most five long functions"
);

#[test]
fn functions_over_80_lines_are_few_and_each_has_a_reason() {
    let mut long = Vec::new();
    for file in rust_files(&src()) {
        for (name, line, len) in facts(&file).functions {
            if len > 80 {
                long.push((format!("{}:{line} {name}", file.display()), len));
            }
        }
    }
    let unexplained: Vec<&(String, usize)> = long
        .iter()
        .filter(|(at, _)| {
            !LONG_FUNCTIONS_ALLOWED
                .iter()
                .any(|(name, _)| at.ends_with(&format!(" {name}")))
        })
        .collect();
    assert!(
        unexplained.is_empty(),
        "functions over 80 lines: {unexplained:#?}"
    );
}

#[test]
fn the_product_package_builds_one_program() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let package = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "crosscheck")
        .expect("the crosscheck package");
    let bins: Vec<&str> = package["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["kind"].as_array().unwrap().iter().any(|k| k == "bin"))
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(bins, ["crosscheck"]);
}
