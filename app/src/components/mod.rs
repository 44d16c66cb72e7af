//! Reusable pieces of UI.

pub mod error_notice;
pub mod header;
pub mod require_sign_in;
pub mod session;
