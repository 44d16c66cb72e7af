//! The one error type that crosses the wire between server functions and the browser.
//!
//! Each variant carries a message a person can act on and maps to one HTTP status. Database and
//! other internal failures are logged in full on the server and reach the browser only as
//! [`AppError::Internal`] with the request id, so nothing about the internals leaks.

use serde::{Deserialize, Serialize};
use server_fn_error::{FromServerFnError, ServerFnErrorErr};

use crate::i18n::td_string;

/// Re-exported under a local name so the rest of the crate does not depend on server_fn paths.
mod server_fn_error {
    pub use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: the person has to sign in (again).
    #[error("Please sign in to continue.")]
    Unauthenticated,
    /// Email or password did not match. Deliberately does not say which.
    #[error("That email and password do not match. Check both and try again.")]
    WrongCredentials,
    /// Signed in, but the role does not allow this. The text says which role would.
    #[error("{0}")]
    Forbidden(String),
    /// Input that cannot be accepted; the text names the field and the rule.
    #[error("{0}")]
    Invalid(String),
    /// The thing asked for does not exist (or is not visible to this person).
    #[error("{0}")]
    NotFound(String),
    /// The request clashes with what is stored, e.g. an email already in use.
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts in a short time (sign-in guessing); the text says how long to wait.
    #[error("{0}")]
    TooManyAttempts(String),
    /// A failure on our side; the details are in the server log under this request id.
    #[error(
        "Something went wrong on our side and nothing was changed. Please try again; if it keeps \
         happening, give your administrator this reference: {request_id}."
    )]
    Internal { request_id: String },
    /// The database cannot take requests now: unreachable, read-only or out of disk space. The
    /// text says which and what to do; nothing was changed.
    #[error("{0}")]
    Unavailable(String),
    /// The browser could not talk to the server, or the reply made no sense.
    #[error("Chorus could not be reached ({0}). Check your connection and try again.")]
    Unreachable(String),
}

impl AppError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::NotFound(message.into())
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }

    /// The HTTP status a server function answers with when it fails with this error.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::Unauthenticated | Self::WrongCredentials => 401,
            Self::Forbidden(_) => 403,
            Self::Invalid(_) => 422,
            Self::NotFound(_) => 404,
            Self::Conflict(_) => 409,
            Self::TooManyAttempts(_) => 429,
            Self::Internal { .. } => 500,
            Self::Unreachable(_) => 502,
            Self::Unavailable(_) => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that could not be decoded are bad input, not an outage.
            ServerFnErrorErr::Args(detail) => {
                let locale = crate::locale::current_locale();
                Self::Invalid(td_string!(locale, errors.form_unreadable, detail).to_string())
            }
            other => Self::Unreachable(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_maps_to_a_client_or_server_status() {
        let cases = [
            (AppError::Unauthenticated, 401),
            (AppError::WrongCredentials, 401),
            (AppError::forbidden("x"), 403),
            (AppError::invalid("x"), 422),
            (AppError::not_found("x"), 404),
            (AppError::conflict("x"), 409),
            (AppError::TooManyAttempts("x".into()), 429),
            (AppError::Unavailable("x".into()), 503),
            (
                AppError::Internal {
                    request_id: "r1".into(),
                },
                500,
            ),
        ];
        for (error, status) in cases {
            assert_eq!(error.status_code(), status, "{error:?}");
        }
    }

    #[test]
    fn internal_errors_show_the_reference_but_no_details() {
        let message = AppError::Internal {
            request_id: "req-42".into(),
        }
        .to_string();
        assert!(message.contains("req-42"));
        assert!(message.contains("nothing was changed"));
    }

    #[test]
    fn undecodable_arguments_are_bad_input() {
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field".into()));
        assert_eq!(error.status_code(), 422);
    }
}
