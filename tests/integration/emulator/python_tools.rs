//! Checks that use the emulator's Python (PyYAML and jsonschema come with
//! moto): the CI examples are valid YAML, and results.json, including
//! findings carried as lost visibility, matches the published JSON Schema.

use crate::common::{emulator_python, repo_root, utf8};
use crate::offline::gate::{audit, unreadable, NOW};
use std::path::Path;

/// Run a Python snippet with arguments; panics with its stderr on failure.
fn python(script: &str, args: &[&Path]) {
    let out = std::process::Command::new(emulator_python())
        .args(["-c", script])
        .args(args)
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn ci_examples_are_valid_yaml() {
    for file in [
        "examples/ci/github-actions.yml",
        "examples/ci/github-actions-weekly.yml",
        "examples/ci/gitlab-ci.yml",
    ] {
        python(
            "import sys, yaml; yaml.safe_load(open(sys.argv[1]))",
            &[&repo_root().join(file)],
        );
    }
}

const VALIDATE: &str = "import json, sys, jsonschema\n\
                        schema = json.load(open(sys.argv[1]))\n\
                        jsonschema.Draft202012Validator.check_schema(schema)\n\
                        jsonschema.validate(json.load(open(sys.argv[2])), schema, \
                        cls=jsonschema.Draft202012Validator)";

#[test]
fn results_match_the_published_json_schema() {
    let schema = repo_root().join("schema/results.schema.json");
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("base");
    assert_eq!(audit(&base, NOW, &[]).0, 0);
    let baseline = base.join("results.json");
    python(VALIDATE, &[&schema, &baseline]);

    // Findings carried from the baseline for an account this run could not read.
    let (snapshot, _) = unreadable(dir.path(), "prod-web");
    let out = dir.path().join("lost");
    let (code, stdout, _) = crate::common::run(&[
        "audit",
        "--snapshot",
        utf8(&snapshot),
        "--now",
        NOW,
        "--format",
        "json",
        "--out",
        utf8(&out),
        "--baseline",
        utf8(&baseline),
    ]);
    assert_eq!(code, 3, "{stdout}");
    python(VALIDATE, &[&schema, &out.join("results.json")]);
}
