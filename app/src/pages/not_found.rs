use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Shown for any path no route matches; answers 404 when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found \u{b7} Chorus" />
        <section class="panel narrow">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have moved, or the link may have a typo."</p>
            <A href="/">"Go to the home page"</A>
        </section>
    }
}
