//! Reusable pieces of UI.

pub mod error_notice;
pub mod header;
pub mod new_password_field;
pub mod require_sign_in;
pub mod session;
