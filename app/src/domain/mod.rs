//! Validated input types and pure rules: parse once at the boundary, then trust the type.
//!
//! These compile for both sides, so forms can check input in the browser with the same rules
//! the server enforces.

pub mod bounded_text;
mod email;
pub mod local_time;
mod password;
mod person_name;
pub mod question_coach;

pub use bounded_text::BoundedText;
pub use email::EmailAddress;
pub use password::NewPassword;
pub use person_name::PersonName;
