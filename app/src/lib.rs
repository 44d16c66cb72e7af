//! Chorus: crowdsourcing challenges inside organisations.
//!
//! This crate is both sides of the app. Compiled with `ssr` it is the server half (pages rendered
//! to HTML, server functions, database, sessions); compiled with `hydrate` it is the WebAssembly
//! bundle that takes over the server-rendered page. Everything under [`server`] exists only with
//! `ssr`, so the bundle never links SQL, sessions or password hashing.

// Leptos views are deeply nested types; the release WebAssembly build needs more room.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod locale;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

// The generated `i18n` module (see `build.rs`): `t!`, `use_i18n`, `Locale` and the texts of
// every language.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

/// Entry point of the WebAssembly bundle: attaches the app to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
