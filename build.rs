//! Embeds the default theme and the example playbook in the binary, so that
//! `rapport init` and `rapport build` work with nothing but the binary.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    embed(&mut code, "THEME", &root.join("themes/default"), &[""]);
    embed(
        &mut code,
        "EXAMPLE",
        &root,
        &["site.yaml", "content", "static"],
    );
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(out, code).unwrap();
    for watched in ["themes/default", "site.yaml", "content", "static"] {
        println!("cargo:rerun-if-changed={watched}");
    }
}

/// Writes `pub static NAME: &[(&str, &[u8])]`, paths relative to `base`, sorted.
fn embed(code: &mut String, name: &str, base: &Path, entries: &[&str]) {
    let mut files = Vec::new();
    for entry in entries {
        collect(&base.join(entry), &mut files);
    }
    files.sort();
    writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
    for file in files {
        let rel = file
            .strip_prefix(base)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            file.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if hidden {
        return;
    }
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            collect(&entry.unwrap().path(), files);
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}
