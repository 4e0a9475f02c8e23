//! Embeds every pack under `rules/` in the binary, converted from YAML to JSON (which loads
//! several times faster at start-up; the packs are validated by the test suite). The `rules`
//! come last, so that the rest of a pack can be read without them.

use std::fmt::Write;
use std::path::Path;

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            out.push(p.to_string_lossy().into_owned());
        }
    }
}

/// A boolean, number or null in a list: every list of a pack holds text or rules.
fn scalar_in_a_list(value: &serde_json::Value) -> Option<&serde_json::Value> {
    match value {
        serde_json::Value::Array(items) => items.iter().find_map(|item| match item {
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => scalar_in_a_list(item),
            serde_json::Value::String(_) => None,
            scalar => Some(scalar),
        }),
        serde_json::Value::Object(map) => map.values().find_map(scalar_in_a_list),
        _ => None,
    }
}

fn main() {
    // Read when the script runs, not when it is compiled: one compiled script may serve two
    // checkouts that share a target folder.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set");
    let root = Path::new(&manifest_dir);
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &mut files);
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set"));
    let mut code = String::from(
        "/// Built-in packs: (path under `rules/`, the pack as JSON, its `rules` last).\npub static PACKS: &[(&str, &str)] = &[\n",
    );
    let mut rules_at = Vec::new();
    let mut names = Vec::new();
    let mut examples_names = Vec::new();
    for f in &files {
        println!("cargo:rerun-if-changed={f}");
        let rel = Path::new(f)
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| f.clone());
        let yaml = std::fs::read_to_string(f).expect("read pack");
        let parsed = serde_yaml::from_str::<serde_json::Value>(&yaml);
        if let Ok(value) = &parsed {
            if let Some(scalar) = scalar_in_a_list(value) {
                panic!(
                    "{rel}: a list holds `{scalar}` where text belongs (YAML reads TRUE, FALSE, \
                     NULL, ~ and numbers so): quote it"
                );
            }
        }
        // The ids and categories of its rules, to check `--select` and `--ignore` against
        // without reading the rules.
        let pairs: Vec<(String, String)> = parsed
            .as_ref()
            .ok()
            .and_then(|v| v["rules"].as_array())
            .into_iter()
            .flatten()
            .map(|r| {
                let field = |k: &str| r[k].as_str().unwrap_or_default().to_string();
                (field("id"), field("category"))
            })
            .collect();
        names.push(pairs);
        // A broken pack is embedded as it is, so that loading it reports the error. The rules'
        // examples are embedded apart, by rule id: only `test-packs` and `explain` read them.
        let mut examples = serde_json::Map::new();
        let (json, at) = match parsed {
            Ok(serde_json::Value::Object(mut pack)) if pack.contains_key("rules") => {
                let mut rules = pack.remove("rules").expect("rules are there");
                for rule in rules.as_array_mut().into_iter().flatten() {
                    let id = rule["id"].as_str().unwrap_or_default().to_string();
                    if let Some(ex) = rule.as_object_mut().and_then(|r| r.remove("examples")) {
                        examples.insert(id, ex);
                    }
                }
                let head = serde_json::to_string(&pack).expect("JSON from a YAML value");
                let open = head.strip_suffix('}').expect("a JSON object ends with `}`");
                let head = format!("{open}{}", if pack.is_empty() { "" } else { "," });
                (format!("{head}\"rules\":{rules}}}"), head.len())
            }
            Ok(v) => (
                serde_json::to_string(&v).expect("JSON from a YAML value"),
                0,
            ),
            Err(_) => (yaml, 0),
        };
        rules_at.push(at);
        let name = format!("pack-{}.json", rel.replace(['/', '.'], "_"));
        std::fs::write(out_dir.join(&name), json).expect("write pack JSON");
        writeln!(
            code,
            "    ({rel:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))),"
        )
        .expect("write to string");
        let examples_name = format!("examples-{name}");
        let examples = serde_json::Value::Object(examples).to_string();
        std::fs::write(out_dir.join(&examples_name), examples).expect("write examples JSON");
        examples_names.push(examples_name);
    }
    code.push_str("];\n");
    code.push_str(
        "/// The examples of each pack in [`PACKS`], as a JSON object from rule id to examples.\n\
         pub static EXAMPLES: &[&str] = &[\n",
    );
    for name in &examples_names {
        writeln!(
            code,
            "    include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\")),"
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    writeln!(
        code,
        "/// Where the `rules` key of each pack in [`PACKS`] begins (0: not split).\n\
         pub static RULES_AT: &[usize] = &{rules_at:?};"
    )
    .expect("write to string");
    code.push_str(
        "/// The (id, category) of every rule of each pack in [`PACKS`].\n\
         pub static RULE_NAMES: &[&[(&str, &str)]] = &[\n",
    );
    for pairs in &names {
        writeln!(code, "    &{pairs:?},").expect("write to string");
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set")).join("builtin_packs.rs");
    std::fs::write(out, code).expect("write builtin_packs.rs");
}
