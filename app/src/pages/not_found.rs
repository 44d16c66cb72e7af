use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::{t, t_string, use_i18n};

/// Shown for any path no route matches; answers 404 when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, common.page_not_found_title) />
        <section class="panel narrow">
            <h1>{t!(i18n, common.page_not_found)}</h1>
            <p>{t!(i18n, common.page_not_found_text)}</p>
            <A href="/">{t!(i18n, common.go_home)}</A>
        </section>
    }
}
