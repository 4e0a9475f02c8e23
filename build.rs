//! Embeds every pack under `rules/` in the binary, converted from YAML to JSON (which loads
//! several times faster at start-up; the packs are validated by the test suite).

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

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &mut files);
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set"));
    let mut code = String::from(
        "/// Built-in packs: (path under `rules/`, the pack as JSON).\npub static PACKS: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={f}");
        let rel = Path::new(f)
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| f.clone());
        let yaml = std::fs::read_to_string(f).expect("read pack");
        // A broken pack is embedded as it is, so that loading it reports the error.
        let json = match serde_yaml::from_str::<serde_json::Value>(&yaml) {
            Ok(v) => serde_json::to_string(&v).expect("JSON from a YAML value"),
            Err(_) => yaml,
        };
        let name = format!("pack-{}.json", rel.replace(['/', '.'], "_"));
        std::fs::write(out_dir.join(&name), json).expect("write pack JSON");
        writeln!(
            code,
            "    ({rel:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))),"
        )
        .expect("write to string");
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set")).join("builtin_packs.rs");
    std::fs::write(out, code).expect("write builtin_packs.rs");
}
