//! How a failure is shown: what went wrong, and what the person can do about it.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::error::AppError;

#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    // During server rendering of a whole page (SsrMode::Async) the status can still be set.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(error.status_code()) {
            response.set_status(status);
        }
    }
    let next_step = match &error {
        AppError::Unauthenticated => view! { <A href="/sign-in">"Sign in"</A> }.into_any(),
        AppError::Forbidden(_) | AppError::NotFound(_) => {
            view! { <A href="/">"Back to the home page"</A> }.into_any()
        }
        _ => ().into_any(),
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p>{error.to_string()}</p>
            {next_step}
        </div>
    }
}

/// A line under a form: the error of the last submission, if it failed.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            view! {
                <p class="form-error" role="alert">
                    {error.to_string()}
                </p>
            }
        })
    }
}
