//! How a failure is shown: what went wrong, and what the person can do about it.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    error::AppError,
    i18n::{t, td_string, use_i18n, Locale},
};

/// What the person reads: the server already wrote specific messages in their language; the
/// fixed ones are written here, in the language the page shows now.
pub fn error_text(error: &AppError, locale: Locale) -> String {
    match error {
        AppError::Unauthenticated => td_string!(locale, common.error_unauthenticated).to_owned(),
        AppError::WrongCredentials => td_string!(locale, common.error_wrong_credentials).to_owned(),
        AppError::Internal { request_id } => {
            td_string!(locale, common.error_internal, reference = request_id).to_string()
        }
        AppError::Unreachable(detail) => {
            td_string!(locale, common.error_unreachable, detail).to_string()
        }
        other => other.to_string(),
    }
}

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    // During server rendering of a whole page (SsrMode::Async) the status can still be set.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(error.status_code()) {
            response.set_status(status);
        }
    }
    let i18n = use_i18n();
    let next_step = match &error {
        AppError::Unauthenticated => {
            view! { <A href="/sign-in">{t!(i18n, common.sign_in)}</A> }.into_any()
        }
        AppError::Forbidden(_) | AppError::NotFound(_) => {
            view! { <A href="/">{t!(i18n, common.back_home)}</A> }.into_any()
        }
        _ => ().into_any(),
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p>{move || error_text(&error, i18n.get_locale())}</p>
            {next_step}
        </div>
    }
}

/// A line under a form: the error of the last submission, if it failed.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            view! {
                <p class="form-error" role="alert">
                    {error_text(&error, i18n.get_locale())}
                </p>
            }
        })
    }
}
