//! Pages for admins running the instance.

pub mod import;
pub mod people;
