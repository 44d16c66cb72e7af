//! Reusable pieces of UI.

pub mod error_notice;
pub mod header;
pub mod language_settings;
pub mod live;
pub mod loaded;
pub mod markdown_field;
pub mod new_password_field;
pub mod require_sign_in;
pub mod role_name;
pub mod session;
pub mod time;
