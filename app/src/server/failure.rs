//! How server-side failures become [`AppError`]s and HTTP statuses.

use std::fmt::Display;

use http::{header::ACCEPT, request::Parts, StatusCode};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

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

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        internal("database", error)
    }
}

/// Ends every server function: a failure answers with the error's own HTTP status.
///
/// Plain HTML form posts (JavaScript off) are left alone: Leptos answers those with a redirect
/// back to the form carrying the error, which a 4xx status would stop the browser following.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if let (Some(parts), Some(response)) =
            (use_context::<Parts>(), use_context::<ResponseOptions>())
        {
            if !is_plain_form_post(&parts) {
                let status = StatusCode::from_u16(error.status_code())
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                response.set_status(status);
            }
        }
    }
    result
}

fn is_plain_form_post(parts: &Parts) -> bool {
    parts
        .headers
        .get(ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}
