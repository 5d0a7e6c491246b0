//! The built-in catalogue, loaded once per fuzzing process (shared by the
//! targets that evaluate or resolve check ids).

use std::sync::OnceLock;

pub fn catalogue() -> &'static orgaudit::checks::Catalogue {
    static CATALOGUE: OnceLock<orgaudit::checks::Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        orgaudit::checks::build_catalogue(&orgaudit::checks::builtin_files(), None)
            .expect("the built-in catalogue loads")
    })
}
