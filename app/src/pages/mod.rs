//! One component per route.

pub mod account;
pub mod admin;
pub mod analytics;
pub mod challenges;
pub mod home;
pub mod moderation;
pub mod not_found;
pub mod notifications;
pub mod set_password;
pub mod sign_in;
pub mod synthesis;
pub mod unsubscribe;
