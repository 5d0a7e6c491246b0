//! A progress bar on stderr while accounts are collected, when stderr is a
//! terminal.

use crate::collect::{self, CollectProgress};
use std::io::IsTerminal;
use std::sync::Arc;

struct Bar(indicatif::ProgressBar);

impl CollectProgress for Bar {
    fn accounts_found(&self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn account_done(&self, _account_id: &str) {
        self.0.inc(1);
    }
}

pub fn bar() -> Arc<dyn CollectProgress> {
    if !std::io::stderr().is_terminal() {
        return Arc::new(collect::NoProgress);
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} accounts {pos}/{len} [{bar:30}] {elapsed}",
    ) {
        bar.set_style(style);
    }
    Arc::new(Bar(bar))
}
