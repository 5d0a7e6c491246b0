//! The integration suite, in one test binary (the AWS SDK is linked once).
//!
//! - `offline::` needs only the built `orgaudit` binary (and headless
//!   Chromium for the HTML report test): `cargo test --test integration offline::`.
//! - `emulator::` runs the real collector against the moto emulator over
//!   HTTP on 127.0.0.1, and the checks that use the emulator's Python
//!   (YAML and JSON Schema validation); `tests/run` installs it.

mod common;

mod offline {
    mod bad_input;
    pub(crate) mod catalogue;
    mod check_contract;
    mod check_fixtures;
    mod container;
    mod credential_report;
    mod evaluation_time;
    mod framework_coverage;
    pub(crate) mod gate;
    mod module_graph;
    pub(crate) mod reports;
    mod snapshot_load;
    mod trend;
}

mod emulator {
    mod audit;
    mod collect;
    mod faults;
    mod gate;
    mod identity;
    mod least_privilege;
    mod merge;
    mod python_tools;
    mod security_hub_export;
}
