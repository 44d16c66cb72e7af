//! The one place for SQL.
//!
//! Both backends run the same queries through sqlx's `Any` driver, so every query here is written
//! in the subset SQLite and PostgreSQL share: `$1` placeholders, `returning`, integers for
//! instants (UTC milliseconds) and flags. Only the migrations differ per backend.
//!
//! SQLite allows one writer at a time, so writes go through a pool of exactly one connection
//! (no `database is locked` under load) while reads use a pool of their own. On PostgreSQL both
//! names refer to the same pool.

pub mod analytics;
pub mod challenges;
pub mod comments;
pub mod delivery;
pub mod ideas;
pub mod live;
pub mod moderation;
pub mod notifications;
pub mod password_links;
pub mod people;
pub mod sessions;
pub mod sso;
pub mod synthesis;
pub mod votes;

use std::{str::FromStr, sync::Arc, time::Duration};

use sqlx::{
    any::{AnyConnectOptions, AnyPoolOptions},
    Any, AnyPool, Executor, Transaction,
};
use tokio::sync::oneshot;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    reader: AnyPool,
    writer: AnyPool,
    backend: Backend,
    /// PostgreSQL: where to open the connection that listens for other processes' live events.
    postgres_url: Option<Arc<str>>,
    /// SQLite: stops the WAL checkpointer when the last handle is dropped.
    _checkpointer: Option<Arc<oneshot::Sender<()>>>,
}

/// How often the WAL is copied back into the SQLite database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Why the database could not be opened, in terms of the setting that needs fixing.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got {0:?})")]
    UnsupportedScheme(String),
    #[error("could not create the folder {folder} for the SQLite database: {source}")]
    Folder {
        folder: String,
        source: std::io::Error,
    },
    #[error("could not open the database at DATABASE_URL: {0}")]
    Open(#[source] sqlx::Error),
    #[error("could not bring the database schema up to date: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

impl Db {
    /// Opens the database named by a `sqlite://…` or `postgres://…` URL. A SQLite file (and its
    /// folder) is created when missing.
    pub async fn connect(url: &str) -> Result<Self, ConnectError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(ConnectError::UnsupportedScheme(redact(url)));
        };
        match backend {
            Backend::Sqlite => Self::connect_sqlite(url).await,
            Backend::Postgres => {
                let options = AnyConnectOptions::from_str(url).map_err(ConnectError::Open)?;
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(options)
                    .await
                    .map_err(ConnectError::Open)?;
                Ok(Self {
                    reader: pool.clone(),
                    writer: pool,
                    backend,
                    postgres_url: Some(url.into()),
                    _checkpointer: None,
                })
            }
        }
    }

    async fn connect_sqlite(url: &str) -> Result<Self, ConnectError> {
        let path = url
            .trim_start_matches("sqlite:")
            .trim_start_matches("//")
            .split('?')
            .next()
            .unwrap_or_default();
        if let Some(folder) = std::path::Path::new(path).parent() {
            if !folder.as_os_str().is_empty() {
                std::fs::create_dir_all(folder).map_err(|source| ConnectError::Folder {
                    folder: folder.display().to_string(),
                    source,
                })?;
            }
        }
        let url = if url.contains("mode=") {
            url.to_owned()
        } else if url.contains('?') {
            format!("{url}&mode=rwc")
        } else {
            format!("{url}?mode=rwc")
        };
        let options = AnyConnectOptions::from_str(&url).map_err(ConnectError::Open)?;
        let pool = |max: u32, pragmas: &'static str| {
            AnyPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(move |connection, _| {
                    Box::pin(async move { connection.execute(pragmas).await.map(|_| ()) })
                })
        };
        // The writer connects first so the switch to WAL happens before any reader opens.
        let writer = pool(1, WRITER_PRAGMAS)
            .connect_with(options.clone())
            .await
            .map_err(ConnectError::Open)?;
        let reader = pool(8, READER_PRAGMAS)
            .connect_with(options)
            .await
            .map_err(ConnectError::Open)?;
        let (stop, stopped) = oneshot::channel();
        tokio::spawn(checkpoint_wal(reader.clone(), stopped));
        Ok(Self {
            reader,
            writer,
            backend: Backend::Sqlite,
            postgres_url: None,
            _checkpointer: Some(Arc::new(stop)),
        })
    }

    /// Applies pending migrations. Safe when several processes start at once: PostgreSQL
    /// migrations take an advisory lock, and SQLite has a single writer.
    pub async fn migrate(&self) -> Result<(), ConnectError> {
        let migrator = match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator
            .run(&self.writer)
            .await
            .map_err(ConnectError::Migrate)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool for queries that only read.
    pub fn reader(&self) -> &AnyPool {
        &self.reader
    }

    /// The pool for single-statement writes.
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// A transaction for writes that must happen together.
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        self.writer.begin().await
    }

    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// WAL lets readers go on while the writer commits; `synchronous = normal` is durable across
/// application crashes in WAL mode and much faster than `full`.
const READER_PRAGMAS: &str = "pragma journal_mode = wal; pragma synchronous = normal; \
     pragma foreign_keys = on; pragma busy_timeout = 10000;";

/// The writer never checkpoints: with `synchronous = normal` a checkpoint is the only step
/// that waits for the disk, and in a commit it would hold up every vote in that batch.
/// `checkpoint_wal` does it beside the writer instead.
const WRITER_PRAGMAS: &str = "pragma journal_mode = wal; pragma synchronous = normal; \
     pragma foreign_keys = on; pragma busy_timeout = 10000; pragma wal_autocheckpoint = 0;";

/// Copies committed pages from the WAL into the database file every `CHECKPOINT_EVERY`, on a
/// reader connection, without blocking the writer (a passive checkpoint), until `stopped`.
async fn checkpoint_wal(reader: AnyPool, mut stopped: oneshot::Receiver<()>) {
    let mut ticks = tokio::time::interval(CHECKPOINT_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            _ = ticks.tick() => {}
        }
        if reader.is_closed() {
            return;
        }
        if let Err(error) = reader.execute("pragma wal_checkpoint(passive)").await {
            tracing::warn!(%error, "could not checkpoint the SQLite WAL; will try again");
        }
    }
}

/// A database URL with any password replaced, fit for logs and error messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _password)) => {
                    format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
                }
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// True when the error is a unique-constraint violation, on either backend.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Fresh databases for tests, here and in the server crate's HTTP tests.
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://chorus:s3cret@db:5432/chorus"),
            "postgres://chorus:***@db:5432/chorus"
        );
        assert_eq!(redact("sqlite://data/chorus.db"), "sqlite://data/chorus.db");
    }

    #[tokio::test]
    async fn unknown_schemes_name_the_setting() {
        let error = Db::connect("mysql://x").await.err().unwrap().to_string();
        assert!(error.contains("DATABASE_URL"), "{error}");
    }
}
