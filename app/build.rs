//! Generates the `i18n` module from `locales/<language>/<namespace>.json` (leptos_i18n).
//! Interpolated texts can also be written as plain strings (`t_string!`), which error messages
//! made on the server and attribute values need.

use std::{error::Error, path::PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let config = Config::new("en")?
        .add_locales(["es", "nl"])?
        .add_namespaces([
            "common",
            "accounts",
            "challenges",
            "launch",
            "ideas",
            "moderation",
            "synthesis",
            "analytics",
            "admin",
            "errors",
            "email",
            "infographic",
        ])?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?).join("i18n");
    translations.generate_i18n_module(out_dir)?;
    Ok(())
}
