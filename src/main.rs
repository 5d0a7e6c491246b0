//! Thin binary: parse arguments, set up logging, hand over to the library.

use clap::Parser;
use orgaudit::cli::Cli;
use orgaudit::commands::run;
use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;
use tracing_subscriber::{fmt, registry};

// See Cargo.toml: evaluation of a large organisation is allocation-bound.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let cli = Cli::parse();
    let level = match cli.verbose {
        0 => Level::WARN,
        1 => Level::INFO,
        2 => Level::DEBUG,
        _ => Level::TRACE,
    };
    // SDK internals stay at INFO: at DEBUG, SigV4 logs canonical requests,
    // which carry session tokens.
    let filter = Targets::new()
        .with_default(level)
        .with_target("aws_sigv4", Level::INFO.min(level))
        .with_target("aws_smithy_runtime", Level::INFO.min(level))
        .with_target("aws_smithy_http_client", Level::INFO.min(level))
        .with_target("aws_config", Level::INFO.min(level))
        .with_target("hyper", Level::INFO.min(level))
        .with_target("hyper_util", Level::INFO.min(level));
    registry()
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(filter)
        .init();
    let code = run(cli, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}
