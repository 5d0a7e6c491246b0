//! Test harness: a private moto emulator (with the CBOR front for CloudWatch)
//! on a free 127.0.0.1 port, seeded through the AWS APIs, and helpers that
//! run the real `orgaudit` binary against it.

use orgaudit::snapshot::{load_snapshot, Snapshot};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the `orgaudit` binary (no emulator): (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("orgaudit")
        .expect("binary")
        .args(args)
        .output()
        .expect("run orgaudit");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A path as an argument (temp paths are UTF-8).
pub fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf8 path")
}

const HOW_TO_INSTALL: &str = "The AWS emulator (moto) is not installed. Run the whole suite with `./tests/run` (it installs it), or install it by hand: `python3 -m venv .venv && .venv/bin/pip install -r tests/emulator/requirements.txt`. Set ORGAUDIT_EMULATOR_PYTHON to use another interpreter.";

/// The Python interpreter that has moto installed.
pub fn emulator_python() -> PathBuf {
    if let Some(p) = std::env::var_os("ORGAUDIT_EMULATOR_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = repo_root().join(".venv/bin/python");
    assert!(
        venv.exists(),
        "{HOW_TO_INSTALL} (looked for {})",
        venv.display()
    );
    venv
}

pub struct Emulator {
    child: Child,
    pub port: u16,
    pub endpoint: String,
    pub dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local addr").port()
}

/// Minimal HTTP/1.1 request to the emulator; returns (status, body).
pub fn http(port: u16, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    Ok((status, body))
}

impl Emulator {
    pub fn start() -> Emulator {
        let python = emulator_python();
        let port = free_port();
        let dir = tempfile::tempdir().expect("tempdir");
        let log = std::fs::File::create(dir.path().join("emulator.log")).expect("log file");
        let child = Command::new(&python)
            .arg(repo_root().join("tests/emulator/moto_cbor_server.py"))
            .args(["--port", &port.to_string()])
            .env("MOTO_PORT", port.to_string())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}. {HOW_TO_INSTALL}", python.display()));
        let emulator = Emulator {
            child,
            port,
            endpoint: format!("http://127.0.0.1:{port}"),
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if matches!(http(port, "GET", "/moto-api/", ""), Ok((200, _))) {
                return emulator;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let log =
            std::fs::read_to_string(emulator.dir.path().join("emulator.log")).unwrap_or_default();
        panic!("the emulator did not answer on port {port} within 30 s. {HOW_TO_INSTALL}\nemulator log:\n{log}");
    }

    /// Seed the example organisation; returns the manifest (spec + ids).
    pub fn seed_example(&self) -> Value {
        self.seed(&[])
    }

    pub fn seed(&self, extra: &[&str]) -> Value {
        let manifest = self.dir.path().join("manifest.json");
        let status = Command::new(emulator_python())
            .arg(repo_root().join("tests/emulator/seed_org.py"))
            .args(["--endpoint", &self.endpoint, "--manifest"])
            .arg(&manifest)
            .args(extra)
            .status()
            .expect("run seed_org.py");
        assert!(status.success(), "seeding the emulator failed");
        serde_json::from_str(&std::fs::read_to_string(manifest).expect("manifest"))
            .expect("manifest json")
    }

    /// Change the seeded organisation (`tests/emulator/mutate.py`).
    pub fn mutate(&self, action: &str, account_id: &str, name: &str) {
        let status = Command::new(emulator_python())
            .arg(repo_root().join("tests/emulator/mutate.py"))
            .args(["--endpoint", &self.endpoint, action, account_id, name])
            .status()
            .expect("run mutate.py");
        assert!(status.success(), "mutate.py {action} failed");
    }

    /// Close a member account: the emulator then lists it as SUSPENDED.
    pub fn suspend(&self, account_id: &str) {
        let status = Command::new(emulator_python())
            .args([
                "-c",
                "import sys, boto3; boto3.client('organizations', endpoint_url=sys.argv[1], \
                 region_name='us-east-1', aws_access_key_id='testing', \
                 aws_secret_access_key='testing').close_account(AccountId=sys.argv[2])",
                &self.endpoint,
                account_id,
            ])
            .status()
            .expect("close account");
        assert!(status.success(), "closing {account_id} failed");
    }

    /// Inject faults from now on (`tests/emulator/faults.py`); `{}` clears them.
    pub fn faults(&self, config: &str) -> Value {
        let (status, body) =
            http(self.port, "POST", "/orgaudit-emulator/faults", config).expect("faults");
        assert_eq!(status, 200, "setting faults failed: {body}");
        serde_json::from_str(&body).expect("faults json")
    }

    /// The faults in force and how many of each were injected.
    pub fn fault_state(&self) -> Value {
        let (status, body) =
            http(self.port, "GET", "/orgaudit-emulator/faults", "").expect("faults");
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).expect("faults json")
    }

    /// Switch on moto's IAM enforcement (AccessDenied becomes possible).
    pub fn enforce_iam(&self) {
        let (status, body) =
            http(self.port, "POST", "/moto-api/reset-auth", "0").expect("reset-auth");
        assert_eq!(status, 200, "reset-auth failed: {body}");
    }

    pub fn stats(&self) -> Value {
        let (_, body) = http(self.port, "GET", "/orgaudit-emulator/stats", "").expect("stats");
        serde_json::from_str(&body).expect("stats json")
    }

    /// An `orgaudit` command aimed at this emulator with dummy credentials
    /// and none of the developer's AWS settings.
    pub fn orgaudit(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("orgaudit").expect("binary");
        for var in [
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_SESSION_TOKEN",
            "AWS_ENDPOINT_URL",
            "AWS_CONFIG_FILE",
            "AWS_SHARED_CREDENTIALS_FILE",
            "ORGAUDIT_EXTERNAL_ID",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", self.dir.path().join("no-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.dir.path().join("no-credentials"),
            )
            .env("ORGAUDIT_ENDPOINT_URL", &self.endpoint);
        cmd
    }

    /// `orgaudit` signed with the seeded `orgaudit-runner` user's keys
    /// (for runs with moto's IAM enforcement on).
    pub fn orgaudit_as_runner(&self, manifest: &Value) -> assert_cmd::Command {
        let runner = &manifest["runner"];
        let mut cmd = self.orgaudit();
        cmd.env(
            "AWS_ACCESS_KEY_ID",
            runner["access_key_id"].as_str().expect("key"),
        )
        .env(
            "AWS_SECRET_ACCESS_KEY",
            runner["secret_access_key"].as_str().expect("secret"),
        );
        cmd
    }

    /// Run `orgaudit collect` with extra arguments and load the snapshot.
    pub fn collect(&self, name: &str, args: &[&str]) -> Snapshot {
        let out = self.dir.path().join(format!("{name}.json"));
        let assert = self
            .orgaudit()
            .arg("collect")
            .arg("--out")
            .arg(&out)
            .args(args)
            .assert();
        let output = assert.get_output();
        assert!(
            output.status.success(),
            "collect failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        load(&out)
    }
}

pub fn load(path: &Path) -> Snapshot {
    load_snapshot(path).unwrap_or_else(|e| panic!("{e}"))
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
