//! Server functions: the app's HTTP API, one file per feature.
//!
//! Each is a public POST endpoint under `/api/`. Each one authenticates and authorises itself
//! on its first line (or says why it is public) and ends in [`crate::server::respond`], which
//! turns a failure into its HTTP status. Cross-site requests are refused before they get here,
//! by the server's `Origin` check.

pub mod accounts;
pub mod people;
