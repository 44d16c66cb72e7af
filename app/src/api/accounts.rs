//! Signing in and out, and choosing a password.

use leptos::prelude::*;

use crate::{
    error::AppError,
    model::{SignInMethods, Viewer},
};
#[cfg(feature = "ssr")]
use crate::{i18n::td_string, locale::current_locale};

/// The signed-in person, or `None`. Public: anonymous visitors get `None`.
#[server(endpoint = "viewer")]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    use crate::server::auth;
    auth::viewer().await
}

/// Public: checks email and password, starts a new session and goes to `next` (or home).
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        domain::EmailAddress,
        server::{auth, clock::now_ms, db, passwords, state::app_state},
    };
    let state = app_state()?;
    if !state.settings.password_sign_in {
        return Err(AppError::forbidden(td_string!(
            current_locale(),
            errors.password_sign_in_off
        )));
    }
    let email = EmailAddress::parse(&email)?;
    if password.is_empty() {
        return Err(AppError::invalid(td_string!(
            current_locale(),
            errors.enter_password
        )));
    }
    let address = use_context::<http::request::Parts>()
        .and_then(|parts| auth::client_address(&parts, state.settings.behind_proxy));
    state.sign_ins.attempt(email.as_str(), address, now_ms())?;
    let login = db::people::find_login(state.db.reader(), email.as_str())
        .await?
        .filter(|login| login.deactivated_at.is_none());
    let (person_id, stored) = match login {
        Some(login) => (Some(login.person_id), login.password_hash),
        None => (None, None),
    };
    let matches = passwords::verify(password, stored).await?;
    let Some(person_id) = person_id.filter(|_| matches) else {
        return Err(AppError::WrongCredentials);
    };
    state.sign_ins.succeeded(email.as_str(), address);
    auth::start_session(&state.db, &state.settings, person_id).await?;
    leptos_axum::redirect(&local_path(next.as_deref()));
    Ok(())
}

/// Public: ends this browser's session (harmless when there is none).
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::{auth, state::app_state};
    let state = app_state()?;
    auth::end_session(&state.db, &state.settings).await?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}

/// Signed in: ends every session of this person, on every device.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::server::{auth, db, state::app_state};
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    db::sessions::delete_all_for(state.db.writer(), viewer.person_id).await?;
    auth::end_session(&state.db, &state.settings).await?;
    leptos_axum::redirect("/sign-in");
    Ok(())
}

/// Signed in: replaces the password after checking the current one. Other devices are
/// signed out; this one gets a fresh session.
#[server(endpoint = "change_password")]
pub async fn change_password(current: String, new_password: String) -> Result<(), AppError> {
    use crate::{
        domain::NewPassword,
        server::{auth, clock::now_ms, db, passwords, state::app_state},
    };
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    let new_password = NewPassword::parse(&new_password)?;
    let stored = db::people::password_hash(state.db.reader(), viewer.person_id).await?;
    if !passwords::verify(current, stored).await? {
        return Err(AppError::invalid(td_string!(
            current_locale(),
            errors.current_password_wrong
        )));
    }
    let hash = passwords::hash(new_password.expose().to_owned()).await?;
    let mut tx = state.db.begin().await?;
    db::people::set_password_hash(&mut *tx, viewer.person_id, &hash, now_ms()).await?;
    db::sessions::delete_all_for(&mut *tx, viewer.person_id).await?;
    tx.commit().await?;
    auth::start_session(&state.db, &state.settings, viewer.person_id).await
}

/// Public, but only with a valid one-time link: sets the password and signs the person in.
#[server(endpoint = "set_password")]
pub async fn set_password(token: String, new_password: String) -> Result<(), AppError> {
    use crate::{
        domain::NewPassword,
        server::{auth, clock::now_ms, db, passwords, state::app_state},
    };
    let state = app_state()?;
    // Check the password before using up the link, so a typo does not cost the link.
    let new_password = NewPassword::parse(&new_password)?;
    let hash = passwords::hash(new_password.expose().to_owned()).await?;
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    let Some(person_id) =
        db::password_links::redeem(&mut *tx, &auth::token_hash(&token), now).await?
    else {
        return Err(AppError::invalid(td_string!(
            current_locale(),
            errors.link_expired
        )));
    };
    db::people::set_password_hash(&mut *tx, person_id, &hash, now).await?;
    db::sessions::delete_all_for(&mut *tx, person_id).await?;
    tx.commit().await?;
    auth::start_session(&state.db, &state.settings, person_id).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Public: how people sign in here (single sign-on, password, or both).
#[server(endpoint = "sign_in_methods")]
pub async fn how_to_sign_in() -> Result<SignInMethods, AppError> {
    use crate::server::state::app_state;
    let state = app_state()?;
    Ok(SignInMethods {
        sso_label: state.sso.as_ref().map(|sso| sso.label().to_owned()),
        password: state.settings.password_sign_in,
    })
}

/// Public, opened by the browser: sends it to the company's OpenID provider to sign in, then
/// back to `sso/callback`. Problems go back to the sign-in page, which explains them.
#[server(endpoint = "sso/start", input = leptos::server_fn::codec::GetUrl)]
pub async fn sso_start(next: Option<String>) -> Result<(), AppError> {
    use crate::{
        model::SsoProblem,
        server::{
            auth,
            clock::now_ms,
            sso::{browser_cookie, SsoFailure},
            state::app_state,
        },
    };
    let state = app_state()?;
    let Some(sso) = state.sso.as_ref() else {
        return sso_problem(SsoFailure::Problem(SsoProblem::NotSetUp));
    };
    match sso
        .start(&state.db, &local_path(next.as_deref()), now_ms())
        .await
    {
        Ok((provider_url, attempt)) => {
            auth::set_cookie(&browser_cookie(&attempt, state.settings.secure_cookies))?;
            leptos_axum::redirect(&provider_url);
            Ok(())
        }
        Err(failure) => sso_problem(failure),
    }
}

/// Public: where the provider sends the browser back with a code (or an error).
#[server(endpoint = "sso/callback", input = leptos::server_fn::codec::GetUrl)]
pub async fn sso_callback(
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
) -> Result<(), AppError> {
    use crate::{
        model::SsoProblem,
        server::{auth, clock::now_ms, sso, sso::SsoFailure, state::app_state},
    };
    let app = app_state()?;
    let Some(sso_client) = app.sso.as_ref() else {
        return sso_problem(SsoFailure::Problem(SsoProblem::NotSetUp));
    };
    let (Some(code), Some(attempt), None) = (code, state, error.as_deref()) else {
        // The person cancelled, or the provider refused (`error=access_denied`, …).
        tracing::info!(?error, "single sign-on came back without a code");
        return sso_problem(SsoFailure::Problem(SsoProblem::NotConfirmed));
    };
    let started_here = use_context::<http::request::Parts>()
        .and_then(|parts| auth::cookie_value(&parts, sso::BROWSER_COOKIE));
    auth::set_cookie(&sso::browser_cookie("", app.settings.secure_cookies))?;
    if started_here.as_deref() != Some(attempt.as_str()) {
        tracing::warn!("single sign-on answer for a sign-in this browser did not start");
        return sso_problem(SsoFailure::Problem(SsoProblem::Expired));
    }
    let now = now_ms();
    let signed_in = async {
        let (identity, next) = sso_client.finish(&app.db, &attempt, &code, now).await?;
        let person_id = sso::person_for(&app.db, &identity, now).await?;
        Ok::<_, SsoFailure>((person_id, next))
    };
    match signed_in.await {
        Ok((person_id, next)) => {
            auth::start_session(&app.db, &app.settings, person_id).await?;
            leptos_axum::redirect(&next);
            Ok(())
        }
        Err(failure) => sso_problem(failure),
    }
}

/// Back to the sign-in page, which says what went wrong.
#[cfg(feature = "ssr")]
fn sso_problem(failure: crate::server::sso::SsoFailure) -> Result<(), AppError> {
    use crate::{model::SsoProblem, server::sso::SsoFailure};
    let problem = match failure {
        SsoFailure::Problem(problem) => problem,
        SsoFailure::Internal(error) => {
            tracing::error!(%error, "single sign-on failed");
            SsoProblem::Internal
        }
    };
    leptos_axum::redirect(&format!("/sign-in?sso={}", problem.code()));
    Ok(())
}

/// Where to go after signing in: only paths on this site, so a crafted link cannot send people
/// elsewhere (an open redirect).
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(local_path(Some("/admin/people")), "/admin/people");
        assert_eq!(local_path(None), "/");
        for outside in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "evil",
        ] {
            assert_eq!(local_path(Some(outside)), "/", "{outside}");
        }
    }
}
