//! Who is asking: session cookies, sign-in sessions and role checks.
//!
//! Every server function starts with one of [`require_viewer`] or [`require_role`] (or states
//! that it is public), so authorisation never depends on what the UI shows.

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::{Arc, Mutex, PoisonError},
    time::{Duration, Instant},
};

use axum::extract::ConnectInfo;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use http::{
    header::{COOKIE, SET_COOKIE},
    request::Parts,
    HeaderValue,
};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use sha2::{Digest, Sha256};

use super::{
    analytics::Activity,
    clock::{now_ms, DAY_MS},
    db::{self, Db},
    state::{app_state, AppState, Settings},
};
use crate::{
    error::AppError,
    i18n::{td_string, Locale},
    locale::{current_locale, language_cookie, parse_language},
    model::{Role, Viewer},
};

pub const SESSION_COOKIE: &str = "chorus_session";
const SESSION_DAYS: i64 = 30;

/// A random token for a cookie or a link: 256 bits, URL-safe.
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// What is stored in place of a token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The session token the browser sent, if any.
pub fn session_token(parts: &Parts) -> Option<String> {
    cookie_value(parts, SESSION_COOKIE)
}

/// The value of the cookie `wanted` that the browser sent, if any and not empty.
pub fn cookie_value(parts: &Parts, wanted: &str) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == wanted && !value.is_empty()).then(|| value.to_owned())
        })
}

/// The address the request came from: the connection's, or behind a reverse proxy the last
/// address in `X-Forwarded-For` (the one the proxy itself added; earlier ones the client can
/// forge). `None` when neither is known, as in tests that call the router directly.
pub fn client_address(parts: &Parts, behind_proxy: bool) -> Option<IpAddr> {
    if behind_proxy {
        return parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|header| header.split(','))
            .next_back()
            .and_then(|address| address.trim().parse().ok());
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip())
}

/// How long a confirmed session is trusted without asking the database again.
const SESSION_CACHE_TTL: Duration = Duration::from_secs(5);
/// Beyond this many cached sessions, expired ones are dropped (and all, if none expired).
const SESSION_CACHE_MAX: usize = 50_000;

/// Sessions confirmed in the last few seconds, so a burst of requests from one person (votes,
/// live pages) does not look the same session up every time. Signing in or out, and any change
/// an admin makes to people, empties it in this process at once; another process (several
/// behind one proxy) may trust an ended session for at most [`SESSION_CACHE_TTL`].
#[derive(Clone, Default)]
pub struct SessionCache {
    entries: Arc<Mutex<HashMap<String, (Viewer, Instant)>>>,
}

impl SessionCache {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Viewer, Instant)>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn get(&self, session_hash: &str) -> Option<Viewer> {
        self.entries()
            .get(session_hash)
            .filter(|(_, confirmed)| confirmed.elapsed() < SESSION_CACHE_TTL)
            .map(|(viewer, _)| viewer.clone())
    }

    fn put(&self, session_hash: String, viewer: Viewer) {
        let mut entries = self.entries();
        if entries.len() >= SESSION_CACHE_MAX {
            entries.retain(|_, (_, confirmed)| confirmed.elapsed() < SESSION_CACHE_TTL);
            if entries.len() >= SESSION_CACHE_MAX {
                entries.clear();
            }
        }
        entries.insert(session_hash, (viewer, Instant::now()));
    }

    /// Forgets every cached session; call after anything that ends sessions or changes people.
    pub fn clear(&self) {
        self.entries().clear();
    }
}

/// The signed-in person making this request, or `None` for an anonymous request.
pub async fn viewer() -> Result<Option<Viewer>, AppError> {
    match use_context::<Parts>() {
        Some(parts) => viewer_of(&app_state()?, &parts).await,
        None => Ok(None),
    }
}

/// The signed-in person who sent a request with these `parts`, for handlers outside server
/// functions.
pub async fn viewer_of(state: &AppState, parts: &Parts) -> Result<Option<Viewer>, AppError> {
    let Some(token) = session_token(parts) else {
        return Ok(None);
    };
    let session_hash = token_hash(&token);
    let now = now_ms();
    let viewer = match state.sessions.get(&session_hash) {
        Some(viewer) => Some(viewer),
        None => {
            let viewer = db::sessions::viewer(state.db.reader(), &session_hash, now).await?;
            if let Some(viewer) = &viewer {
                state.sessions.put(session_hash, viewer.clone());
            }
            viewer
        }
    };
    // Every signed-in request counts as a visit; the log keeps one per person and day.
    if let Some(viewer) = &viewer {
        state
            .activity
            .record(viewer.person_id, Activity::Visit, now);
    }
    Ok(viewer)
}

pub async fn require_viewer() -> Result<Viewer, AppError> {
    viewer().await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in person, provided they have one of `roles`; `action` completes the sentence
/// "Only … can {action}." shown to everyone else, in the request's language (callers pass
/// `|locale| td_string!(locale, errors.action_import_people)`, which is only looked up on
/// refusal).
pub async fn require_role(
    roles: &[Role],
    action: fn(Locale) -> &'static str,
) -> Result<Viewer, AppError> {
    let viewer = require_viewer().await?;
    if roles.contains(&viewer.role) {
        Ok(viewer)
    } else {
        let locale = current_locale();
        Err(AppError::forbidden(
            td_string!(
                locale,
                errors.only_roles_can,
                roles = join_or(locale, roles),
                action = action(locale),
                email = &viewer.email,
                role = viewer.role.name(locale)
            )
            .to_string(),
        ))
    }
}

/// A role's people, as a list names them: "Admins", "los administradores", "beheerders".
fn role_plural(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Admin => td_string!(locale, errors.roles_admin),
        Role::Leader => td_string!(locale, errors.roles_leader),
        Role::Moderator => td_string!(locale, errors.roles_moderator),
        Role::Member => td_string!(locale, errors.roles_member),
    }
}

/// "Admins", "Admins or Leaders", "Admins, Leaders or Moderators", in `locale`.
fn join_or(locale: Locale, roles: &[Role]) -> String {
    let names: Vec<&str> = roles
        .iter()
        .map(|&role| role_plural(locale, role))
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => td_string!(
            locale,
            errors.roles_or,
            others = init.join(", "),
            last = *last
        )
        .to_string(),
    }
}

/// Starts a new session for `person_id` and sets its cookie. Any session the browser already
/// had is ended first, so a session id is never carried across a sign-in (session fixation).
pub async fn start_session(db: &Db, settings: &Settings, person_id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    state.sessions.clear();
    if let Some(old) = use_context::<Parts>().and_then(|parts| session_token(&parts)) {
        db::sessions::delete(db.writer(), &token_hash(&old)).await?;
    }
    let token = new_token();
    let now = now_ms();
    state.activity.record(person_id, Activity::Visit, now);
    db::sessions::insert(
        db.writer(),
        &token_hash(&token),
        person_id,
        now,
        now + SESSION_DAYS * DAY_MS,
    )
    .await?;
    set_cookie(&session_cookie(
        &token,
        SESSION_DAYS * 24 * 3600,
        settings.secure_cookies,
    ))?;
    // The person's language follows them to this browser (or their choice of none clears the
    // previous person's), so the next page is rendered in it.
    let language = db::people::language(db.reader(), person_id).await?;
    set_cookie(&language_cookie(
        language.as_deref().and_then(parse_language),
        settings.secure_cookies,
    ))
}

/// Ends this browser's session and clears its cookie.
pub async fn end_session(db: &Db, settings: &Settings) -> Result<(), AppError> {
    app_state()?.sessions.clear();
    if let Some(token) = use_context::<Parts>().and_then(|parts| session_token(&parts)) {
        db::sessions::delete(db.writer(), &token_hash(&token)).await?;
    }
    set_cookie(&session_cookie("", 0, settings.secure_cookies))
}

pub fn session_cookie(token: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    )
}

/// Adds a `Set-Cookie` header to the response of the current server function or page.
pub fn set_cookie(cookie: &str) -> Result<(), AppError> {
    let response = use_context::<ResponseOptions>()
        .ok_or_else(|| super::internal("session cookie", "no ResponseOptions in context"))?;
    let value =
        HeaderValue::from_str(cookie).map_err(|error| super::internal("session cookie", error))?;
    response.append_header(SET_COOKIE, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts_with_cookie(cookie: &str) -> Parts {
        let request = http::Request::builder()
            .header(COOKIE, cookie)
            .body(())
            .unwrap();
        request.into_parts().0
    }

    #[test]
    fn the_session_token_is_found_among_other_cookies() {
        let parts = parts_with_cookie("theme=dark; chorus_session=abc123; other=1");
        assert_eq!(session_token(&parts).as_deref(), Some("abc123"));
        assert_eq!(session_token(&parts_with_cookie("chorus_session=")), None);
        assert_eq!(
            session_token(&parts_with_cookie("xchorus_session=abc")),
            None
        );
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_when_asked() {
        let cookie = session_cookie("t", 60, true);
        assert!(cookie.contains("HttpOnly"));
        assert!(cookie.contains("SameSite=Lax"));
        assert!(cookie.ends_with("; Secure"));
        assert!(!session_cookie("t", 60, false).contains("Secure"));
    }

    #[test]
    fn tokens_are_random_and_stored_only_as_hashes() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn role_lists_read_as_a_sentence() {
        let english = Locale::en;
        assert_eq!(join_or(english, &[Role::Admin]), "Admins");
        assert_eq!(
            join_or(english, &[Role::Admin, Role::Leader]),
            "Admins or Leaders"
        );
        assert_eq!(
            join_or(english, &[Role::Admin, Role::Leader, Role::Moderator]),
            "Admins, Leaders or Moderators"
        );
        assert_eq!(
            join_or(Locale::es, &[Role::Admin, Role::Leader]),
            "los administradores o los líderes"
        );
    }
}
