//! The PostgreSQL channel that carries live events between server processes (see
//! [`crate::server::live`]). Every process listens; a notification sent inside a transaction
//! goes out when it commits, and all listeners receive notifications in commit order.

use sqlx::postgres::PgListener;

use super::Db;

/// The channel every Chorus process listens on.
const CHANNEL: &str = "chorus_live";

/// PostgreSQL refuses notification payloads of 8,000 bytes or more.
pub const MAX_PAYLOAD_BYTES: usize = 7_900;

/// Sends `payload` to every listening process: at once, or when `db` is a transaction, at its
/// commit (and not at all if it rolls back).
pub async fn notify(db: impl sqlx::AnyExecutor<'_>, payload: &str) -> Result<(), sqlx::Error> {
    // `pg_notify` returns `void`, which the `Any` driver cannot decode; select a constant.
    sqlx::query("select 1 as sent from pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(payload)
        .execute(db)
        .await?;
    Ok(())
}

/// A connection of its own that receives what [`notify`] sends, from any process.
pub async fn listen(db: &Db) -> Result<PgListener, sqlx::Error> {
    let url = db.postgres_url.as_deref().ok_or_else(|| {
        sqlx::Error::Configuration("live events between processes need PostgreSQL".into())
    })?;
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}
