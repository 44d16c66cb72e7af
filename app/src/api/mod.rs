//! Server functions: the app's HTTP API, one file per feature.
//!
//! Each is a public POST endpoint under `/api/`. Each one authenticates and authorises itself
//! on its first line (or says why it is public). A failure is an [`crate::error::AppError`],
//! which the server answers with that error's HTTP status. Cross-site requests are refused
//! before they get here, by the server's `Origin` check.

pub mod accounts;
pub mod analytics;
pub mod challenges;
pub mod comments;
pub mod delivery;
pub mod ideas;
pub mod language;
pub mod moderation;
pub mod notifications;
pub mod people;
pub mod synthesis;
pub mod votes;
