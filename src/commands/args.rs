//! What the shared argument groups mean: the catalogue they load and the
//! collection options they set.

use crate::checks::load::SourceFile;
use crate::checks::{build_catalogue, builtin_files, read_config, read_dir, Catalogue, LoadErrors};
use crate::cli::{CatalogueArgs, CollectArgs};
use crate::collect::CollectOptions;
use std::time::Duration;

impl CatalogueArgs {
    /// The built-in check files plus every `--checks` directory.
    pub fn files(&self) -> Result<Vec<SourceFile>, LoadErrors> {
        let mut files = builtin_files();
        for dir in &self.extra {
            files.extend(read_dir(dir)?);
        }
        Ok(files)
    }

    pub fn load(&self) -> Result<Catalogue, LoadErrors> {
        let files = self.files()?;
        match &self.config {
            None => build_catalogue(&files, None),
            Some(path) => {
                let config = read_config(path)?;
                build_catalogue(&files, Some((&path.display().to_string(), &config)))
            }
        }
    }
}

impl CollectArgs {
    pub fn options(&self) -> CollectOptions {
        CollectOptions {
            profile: self.profile.clone(),
            endpoint_url: self.endpoint_url.clone(),
            home_region: self.region.clone(),
            role_name: self.role_name.clone(),
            external_id: self.external_id.clone(),
            regions: self.regions.clone(),
            concurrency: usize::from(self.concurrency),
            call_timeout: Duration::from_secs(self.call_timeout.max(1)),
            account_timeout: Duration::from_secs(self.account_timeout.max(1)),
            max_attempts: self.max_attempts,
            page_size: self.page_size,
            ous: self.ous.clone(),
            ..CollectOptions::default()
        }
    }
}
