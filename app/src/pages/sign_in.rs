use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::accounts::SignIn,
    components::{error_notice::FormError, session::use_session},
};

/// Email and password. Works as a plain HTML form before (or without) WebAssembly.
#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let sign_in = ServerAction::<SignIn>::new();
    let next = move || use_query_map().read().get("next").unwrap_or_default();
    let error = Signal::derive(move || sign_in.value().get().and_then(Result::err));

    Effect::new(move |_| {
        if matches!(sign_in.value().get(), Some(Ok(()))) {
            session.changed();
        }
    });

    view! {
        <Title text="Sign in \u{b7} Chorus" />
        <section class="panel narrow">
            <h1>"Sign in"</h1>
            <ActionForm action=sign_in attr:class="stack-form" attr:aria-describedby="sign-in-error">
                <input type="hidden" name="next" value=next />
                <label>
                    "Email" <input type="email" name="email" required autocomplete="username" autofocus />
                </label>
                <label>
                    "Password"
                    <input type="password" name="password" required autocomplete="current-password" />
                </label>
                <div id="sign-in-error">
                    <FormError error />
                </div>
                <button type="submit" class="button" disabled=move || sign_in.pending().get()>
                    {move || if sign_in.pending().get() { "Signing in\u{2026}" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p class="hint">"Forgot your password? Ask an administrator for a new password link."</p>
        </section>
    }
}
