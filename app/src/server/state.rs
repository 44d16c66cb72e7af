//! What every request handler and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use super::{
    analytics::ActivityLog,
    auth::SessionCache,
    db::Db,
    live::Live,
    sso::{Sso, SsoSettings},
    throttle::SignInThrottle,
    voting::VoteQueue,
};
use crate::error::AppError;

/// Shared by the axum router and, through Leptos context, by every server function.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Pushes what happens on a challenge to the people watching it.
    pub live: Live,
    /// Commits votes in groups (see [`VoteQueue`]).
    pub votes: VoteQueue,
    /// Recently confirmed sessions (see [`SessionCache`]).
    pub sessions: SessionCache,
    /// Notes who did what today, for the analytics (see [`ActivityLog`]).
    pub activity: ActivityLog,
    /// Failed sign-ins per account and address (see [`SignInThrottle`]).
    pub sign_ins: SignInThrottle,
    /// Single sign-on, when configured (see [`Sso`]).
    pub sso: Option<Arc<Sso>>,
}

/// Settings that change how the app behaves, as opposed to how the process starts.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where people reach Chorus, without a trailing slash, e.g. `https://chorus.example.org`.
    /// Used for links sent to people and to recognise same-site requests.
    pub base_url: String,
    /// Mark the session cookie `Secure` (only sent over https).
    pub secure_cookies: bool,
    /// A reverse proxy in front of Chorus appends the client's address to `X-Forwarded-For`;
    /// without one, the connection's address is the client's.
    pub behind_proxy: bool,
    /// An SMTP server is configured: people can choose to get email.
    pub email_configured: bool,
    /// Single sign-on with the company's OpenID provider, when configured.
    pub sso: Option<SsoSettings>,
    /// Whether people may sign in with a password (off: single sign-on only).
    pub password_sign_in: bool,
}

impl Settings {
    /// The `scheme://host[:port]` part of the base URL, as browsers send it in `Origin`.
    pub fn origin(&self) -> &str {
        let after_scheme = self.base_url.find("://").map_or(0, |i| i + 3);
        match self.base_url[after_scheme..].find('/') {
            Some(slash) => &self.base_url[..after_scheme + slash],
            None => &self.base_url,
        }
    }
}

/// The state, from inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| super::internal("app state", "AppState missing from the Leptos context"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_drops_any_path() {
        let settings = |base_url: &str| Settings {
            base_url: base_url.into(),
            secure_cookies: false,
            behind_proxy: false,
            email_configured: false,
            sso: None,
            password_sign_in: true,
        };
        assert_eq!(settings("https://x.org/chorus").origin(), "https://x.org");
        assert_eq!(
            settings("http://127.0.0.1:3000").origin(),
            "http://127.0.0.1:3000"
        );
    }
}
