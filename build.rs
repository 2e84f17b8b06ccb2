//! Turns the rules and letter templates, written in TOML for people to edit, into what
//! the binary and the WebAssembly module compile in: the rules as Rust source (a
//! `static`, so nothing is parsed when the engine starts), the letters as JSON. A TOML
//! parser would double the module's size and slow the extension's first warning. A
//! mistake in a file stops the build here, naming the file and the line.

use std::fs;
use std::path::{Path, PathBuf};

// The rules compiler, with the engine's own tokenizer and output types, so the phrases are
// split exactly as the engine splits a page's text.
#[path = "src/report.rs"]
#[allow(dead_code)]
mod report;
#[path = "src/rules/file.rs"]
mod rules_file;
#[path = "src/engine/words.rs"]
#[allow(dead_code)] // build.rs needs the words, not where they sit
mod words;
mod engine {
    pub(crate) use super::words;
}
// What characters read as, from Unicode's data: asked directly while the rules compile,
// and written out as a small table for the engine.
#[path = "build_support/readings.rs"]
mod reading;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=letters");
    // The rules compiler and what it includes.
    for source in [
        "src/rules/file.rs",
        "src/engine/words.rs",
        "src/report.rs",
        "build_support/readings.rs",
    ] {
        println!("cargo:rerun-if-changed={source}");
    }
    fs::write(out.join("readings.rs"), reading::table_source())
        .unwrap_or_else(|e| fail(&format!("cannot write the table of readings: {e}")));

    let rules = Path::new("rules/rules.toml");
    let text = fs::read_to_string(rules)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", rules.display())));
    let source = rules_file::compile(&text).unwrap_or_else(|e| {
        fail(&format!(
            "{} is not a valid rules file:\n{e}",
            rules.display()
        ))
    });
    fs::write(out.join("rules.rs"), source)
        .unwrap_or_else(|e| fail(&format!("cannot write the compiled rules: {e}")));

    let letters_out = out.join("letters");
    fs::create_dir_all(&letters_out).expect("create OUT_DIR/letters");
    let mut templates: Vec<PathBuf> = fs::read_dir("letters")
        .expect("read letters/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    templates.sort();
    for path in &templates {
        let name = path.file_stem().expect("a file name").to_owned();
        convert(path, &letters_out.join(name).with_extension("json"));
    }
    let ids: Vec<String> = templates
        .iter()
        .map(|path| {
            path.file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let order = letter_order(&ids);
    // The letters in order, each with its JSON, for src/letters to include.
    let entries: Vec<String> = order
        .iter()
        .map(|id| {
            format!("({id:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/letters/{id}.json\"))),")
        })
        .collect();
    fs::write(
        out.join("letters.rs"),
        format!("[\n{}\n]\n", entries.join("\n")),
    )
    .unwrap_or_else(|e| fail(&format!("cannot write the list of letters: {e}")));
}

/// The ids in letters/order.txt, checked against the letter files there are.
fn letter_order(files: &[String]) -> Vec<String> {
    let path = Path::new("letters/order.txt");
    let text = fs::read_to_string(path)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
    let mut order: Vec<String> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let id = line.trim();
        if id.is_empty() || id.starts_with('#') {
            continue;
        }
        let at = format!("{} line {}", path.display(), number + 1);
        if !files.iter().any(|file| file == id) {
            fail(&format!(
                "{at} names '{id}', but there is no letters/{id}.toml"
            ));
        }
        if order.iter().any(|seen| seen == id) {
            fail(&format!("{at} names '{id}' a second time"));
        }
        order.push(id.to_string());
    }
    if let Some(missing) = files.iter().find(|file| !order.contains(file)) {
        fail(&format!(
            "letters/{missing}.toml is not named in {}: add its id there, on a line of its own",
            path.display()
        ));
    }
    order
}

fn convert(source: &Path, target: &Path) {
    let text = fs::read_to_string(source)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", source.display())));
    let table: toml::Table = toml::from_str(&text)
        .unwrap_or_else(|e| fail(&format!("{} is not valid TOML:\n{e}", source.display())));
    let json = serde_json::to_string(&table).expect("TOML values convert to JSON");
    fs::write(target, json)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", target.display())));
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
