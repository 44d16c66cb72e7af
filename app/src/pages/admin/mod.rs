//! Pages for admins running the instance.

pub mod deliveries;
pub mod import;
pub mod people;
