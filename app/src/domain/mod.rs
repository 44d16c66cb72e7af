//! Validated input types: parse once at the boundary, then trust the type.
//!
//! These compile for both sides, so forms can check input in the browser with the same rules
//! the server enforces.

mod email;
mod password;
mod person_name;

pub use email::EmailAddress;
pub use password::NewPassword;
pub use person_name::PersonName;
