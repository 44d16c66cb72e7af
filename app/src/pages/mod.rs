//! One component per route.

pub mod account;
pub mod admin;
pub mod home;
pub mod not_found;
pub mod set_password;
pub mod sign_in;
