//! How server-side failures become [`AppError`]s. The server's `error_status` middleware then
//! gives each failed server-function response the error's own HTTP status.

use std::fmt::Display;

use http::request::Parts;
use leptos::prelude::use_context;

use crate::error::AppError;

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
        internal("database", error)
    }
}
