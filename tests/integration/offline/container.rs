//! The container image built FROM scratch around the test binary
//! (container/build-from-binary.sh) audits the bundled example as a
//! non-root user. Needs podman or buildah; without them the test says so
//! and does nothing (base images cannot be pulled here, so the Dockerfile's
//! source build is not exercised).

use crate::common::{repo_root, utf8};
use std::process::Command;

fn installed(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn image_from_the_binary_audits_the_example() {
    let podman = installed("podman");
    if !podman && !installed("buildah") {
        eprintln!(
            "SKIPPED image_from_the_binary_audits_the_example: neither podman nor buildah is \
             installed (Debian: apt-get install podman buildah)"
        );
        return;
    }
    let image = format!("localhost/orgaudit-test:{}", std::process::id());
    let built = Command::new(repo_root().join("container/build-from-binary.sh"))
        .args([env!("CARGO_BIN_EXE_orgaudit"), &image])
        .output()
        .expect("build script");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    // A host that may not start containers (no setrlimit in a sandbox)
    // cannot run the image at all: say so rather than fail on the host.
    if podman {
        let probe = Command::new("podman")
            .args(["run", "--rm", "--network", "none", &image, "--version"])
            .output()
            .expect("podman run");
        if !probe.status.success() {
            let _ = Command::new("podman").args(["rmi", "-f", &image]).output();
            eprintln!(
                "SKIPPED running the image (it was built): podman cannot start containers on \
                 this host: {}",
                String::from_utf8_lossy(&probe.stderr).trim()
            );
            return;
        }
        assert!(String::from_utf8_lossy(&probe.stdout).contains("orgaudit"));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        repo_root().join("examples/example-org.snapshot.json"),
        dir.path().join("snapshot.json"),
    )
    .expect("copy");
    // The image's user (10001) writes the reports into the mounted directory.
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777))
            .expect("chmod");
    }
    let mount = format!("{}:/data:Z", utf8(dir.path()));
    let args = [
        "audit",
        "--snapshot",
        "/data/snapshot.json",
        "--out",
        "/data/out",
        "--format",
        "json,html",
    ];
    let run = if podman {
        Command::new("podman")
            .args(["run", "--rm", "--network", "none", "-v", &mount, &image])
            .args(args)
            .output()
    } else {
        Command::new("buildah")
            .args(["run", "--network", "none", "-v", &mount])
            .arg(
                String::from_utf8_lossy(
                    &Command::new("buildah")
                        .args(["from", &image])
                        .output()
                        .expect("buildah from")
                        .stdout,
                )
                .trim(),
            )
            .arg("--")
            .arg("/usr/local/bin/orgaudit")
            .args(args)
            .output()
    }
    .expect("run the image");
    let _ = Command::new(if podman { "podman" } else { "buildah" })
        .args(["rmi", "-f", &image])
        .output();
    assert!(
        run.status.success(),
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let results: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/results.json")).expect("results"),
    )
    .expect("json");
    assert_eq!(results["coverage"]["accounts"], 7);
    assert!(dir.path().join("out/report.html").exists());
    // Written by the image's non-root user.
    use std::os::unix::fs::MetadataExt;
    let owner = std::fs::metadata(dir.path().join("out/results.json"))
        .expect("meta")
        .uid();
    assert_ne!(owner, 0, "the image runs as a non-root user");
}
