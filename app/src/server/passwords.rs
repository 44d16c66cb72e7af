//! Password hashing with argon2id, always off the async worker threads: one hash takes tens of
//! milliseconds of CPU, which would stall every other request on that thread.

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

use crate::error::AppError;

/// A PHC string of a random password nobody knows. Verifying against it when an email is unknown
/// takes as long as a real check, so response times do not reveal who has an account.
const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$VAdIcQ1pLX3XJ1ZN1mWAZgRWHvRzJvdxgzEsl9f2J2E";

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
            .map_err(|error| super::internal("password salt", error))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| super::internal("password hash", error))
    })
    .await
    .map_err(|error| super::internal("password hash task", error))?
}

/// True when `password` matches `stored`. With no stored hash (unknown person, or no password
/// set yet) it still does the work and answers false.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let has_stored = stored.is_some();
        let stored = stored.unwrap_or_else(|| DECOY_HASH.to_owned());
        let parsed = PasswordHash::new(&stored)
            .map_err(|error| super::internal("stored password hash", error))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(has_stored && matches)
    })
    .await
    .map_err(|error| super::internal("password verify task", error))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_only() {
        let stored = hash("correct horse battery".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(stored.clone()))
            .await
            .unwrap());
        assert!(!verify("wrong horse battery".into(), Some(stored))
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn unknown_people_never_verify() {
        assert!(!verify("anything at all".into(), None).await.unwrap());
    }
}
