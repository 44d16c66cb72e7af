//! Everything that runs only on the server: state, database access, sessions, passwords.
//!
//! Compiled only with the `ssr` feature, so none of it (nor sqlx, argon2 or tokio) can end up in
//! the WebAssembly bundle.

pub mod access;
pub mod analytics;
pub mod auth;
pub mod clock;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod failure;
pub mod headers;
pub mod ideas;
pub mod launch;
pub mod live;
pub mod markdown;
pub mod moderation;
pub mod passwords;
pub mod people_import;
pub mod sso;
pub mod state;
pub mod synthesis;
pub mod throttle;
pub mod voting;

pub use failure::internal;
pub use state::{AppState, Settings};
