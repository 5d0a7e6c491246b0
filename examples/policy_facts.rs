//! Print orgaudit's policy facts for every document of a policy corpus, one
//! JSON object per line, for comparison with other tools:
//! `cargo run --quiet --example policy_facts -- tests/policy_corpus`

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: policy_facts CORPUS_DIR");
        return ExitCode::from(2);
    };
    match run(Path::new(&root), &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("policy_facts: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, out: &mut impl Write) -> Result<(), String> {
    for kind in ["identity", "trust", "scp"] {
        let dir = root.join(kind);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let case: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let account = case["account"].as_str().unwrap_or_default();
            let facts = orgaudit::iam_policy::facts_json(kind, account, &case["document"])
                .ok_or_else(|| format!("{}: unknown kind", file.display()))?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
            let line = serde_json::json!({
                "file": format!("{kind}/{}", name.unwrap_or_default()),
                "kind": kind,
                "facts": facts,
            });
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
