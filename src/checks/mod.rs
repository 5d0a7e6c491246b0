//! The baseline as data: check definitions loaded from `checks/`, compiled
//! once, evaluated purely over a snapshot.

pub mod cel_env;
pub mod config;
pub mod definition;
mod direct;
#[cfg(any(test, feature = "fuzzing"))]
pub use direct::agreement;
pub use direct::JsonVars;
pub mod eval;
pub mod expr;
pub mod fields;
pub mod load;
mod template;
pub mod views;

pub use load::{
    build_catalogue, builtin_files, definitions, read_config, read_dir, Catalogue, Check,
    LoadErrors,
};
