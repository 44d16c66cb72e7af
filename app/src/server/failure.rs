//! How server-side failures become [`AppError`]s. The server's `error_status` middleware then
//! gives each failed server-function response the error's own HTTP status.

use std::fmt::Display;

use http::request::Parts;
use leptos::prelude::use_context;

use crate::{error::AppError, i18n::td_string};

/// Header carrying the id that ties a log line to what the person saw. Set by the server's
/// request-id middleware on every request.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Logs an unexpected failure with its details and returns the opaque error people see.
pub fn internal(context: &str, error: impl Display) -> AppError {
    let request_id = use_context::<Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(REQUEST_ID_HEADER)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "none".to_owned());
    tracing::error!(request_id, "{context}: {error}");
    AppError::Internal { request_id }
}

/// Plain axum handlers (downloads, live events) answer a failure with its status and message.
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status_code())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, self.to_string()).into_response()
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        database_failure("database", &error)
    }
}

/// A database error as people see it: [`DatabaseTrouble`] says what happened (503), anything
/// else is logged under `context` and shown as [`AppError::Internal`].
pub fn database_failure(context: &str, error: &sqlx::Error) -> AppError {
    match DatabaseTrouble::of(error) {
        Some(trouble) => {
            tracing::warn!(%error, "{context}: database trouble: {trouble:?}");
            trouble.into()
        }
        None => internal(context, error),
    }
}

/// Database failures that are not bugs but a state of the database: it cannot be reached,
/// refuses changes, or has no space left. People are told which (503), not given a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseTrouble {
    Unreachable,
    ReadOnly,
    Full,
}

impl DatabaseTrouble {
    pub fn of(error: &sqlx::Error) -> Option<Self> {
        match error {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed => Some(Self::Unreachable),
            sqlx::Error::Database(error) => {
                let code = error.code()?;
                if error
                    .try_downcast_ref::<sqlx::sqlite::SqliteError>()
                    .is_some()
                {
                    // Extended result codes keep the primary code in their low byte.
                    match code.parse::<i32>().ok()? & 0xff {
                        8 => Some(Self::ReadOnly), // SQLITE_READONLY
                        13 => Some(Self::Full),    // SQLITE_FULL
                        _ => None,
                    }
                } else {
                    // PostgreSQL SQLSTATE: read_only_sql_transaction, disk_full, connection
                    // exceptions, and the server shutting down or starting up.
                    match &*code {
                        "25006" => Some(Self::ReadOnly),
                        "53100" => Some(Self::Full),
                        code if code.starts_with("08") || code.starts_with("57P") => {
                            Some(Self::Unreachable)
                        }
                        _ => None,
                    }
                }
            }
            _ => None,
        }
    }
}

impl From<DatabaseTrouble> for AppError {
    fn from(trouble: DatabaseTrouble) -> Self {
        let locale = crate::locale::current_locale();
        AppError::Unavailable(
            match trouble {
                DatabaseTrouble::Unreachable => td_string!(locale, errors.database_unreachable),
                DatabaseTrouble::ReadOnly => td_string!(locale, errors.database_read_only),
                DatabaseTrouble::Full => td_string!(locale, errors.database_full),
            }
            .to_owned(),
        )
    }
}
