//! Every document of tests/policy_corpus/ classified as its `expect` says.

use super::facts_json;
use serde_json::Value;
use std::path::Path;

#[test]
fn corpus_matches_expectations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/policy_corpus");
    let mut checked = 0;
    let mut failures = Vec::new();
    for kind in ["identity", "trust", "scp"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(kind))
            .unwrap_or_else(|e| panic!("reading {kind} corpus: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("corpus file readable");
            let case: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert_eq!(case["kind"], kind, "{}", file.display());
            let account = case["account"].as_str().expect("account");
            let got = facts_json(kind, account, &case["document"]).expect("known kind");
            if got != case["expect"] {
                failures.push(format!(
                    "{}\n  expected {}\n  got      {}",
                    file.display(),
                    case["expect"],
                    got
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= 80, "the corpus holds at least 80 documents");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
