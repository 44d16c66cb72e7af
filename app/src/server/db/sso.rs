//! Single sign-on attempts: what a sign-in sent to the provider must come back with.

use sqlx::{AnyExecutor, Row};

/// A sign-in on its way through the provider.
pub struct Attempt {
    pub verifier: String,
    pub nonce: String,
    pub next: String,
}

pub async fn insert_attempt(
    db: impl AnyExecutor<'_>,
    state: &str,
    verifier: &str,
    nonce: &str,
    next: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into sso_attempt (state, verifier, nonce, next, created_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(state)
    .bind(verifier)
    .bind(nonce)
    .bind(next)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Removes the attempt and returns it if it started after `not_before`: each answer from the
/// provider is used once. Expired attempts are removed on the way.
pub async fn take_attempt(
    db: impl AnyExecutor<'_>,
    state: &str,
    not_before: i64,
) -> Result<Option<Attempt>, sqlx::Error> {
    sqlx::query(
        "delete from sso_attempt where state = $1 or created_at < $2 \
         returning state, verifier, nonce, next, created_at",
    )
    .bind(state)
    .bind(not_before)
    .fetch_all(db)
    .await?
    .iter()
    .filter(|row| {
        row.try_get::<String, _>("state")
            .is_ok_and(|found| found == state)
            && row
                .try_get::<i64, _>("created_at")
                .is_ok_and(|created| created >= not_before)
    })
    .map(|row| {
        Ok(Attempt {
            verifier: row.try_get("verifier")?,
            nonce: row.try_get("nonce")?,
            next: row.try_get("next")?,
        })
    })
    .next()
    .transpose()
}
