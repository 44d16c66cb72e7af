use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::accounts::SetPassword,
    components::{
        error_notice::FormError, new_password_field::NewPasswordField, session::use_session,
    },
    domain::NewPassword,
};

/// Reached from a one-time link an administrator issued.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let session = use_session();
    let set_password = ServerAction::<SetPassword>::new();
    let token = move || use_query_map().read().get("token").unwrap_or_default();
    let error = Signal::derive(move || set_password.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if matches!(set_password.value().get(), Some(Ok(()))) {
            session.changed();
        }
    });
    view! {
        <Title text="Choose a password \u{b7} Chorus" />
        <section class="panel narrow">
            <h1>"Choose your password"</h1>
            <p class="hint">
                {format!("At least {} characters. A few words in a row are easy to remember and hard to guess.", NewPassword::MIN_CHARS)}
            </p>
            <ActionForm action=set_password attr:class="stack-form">
                <input type="hidden" name="token" value=token />
                <NewPasswordField />
                <FormError error />
                <button type="submit" class="button" disabled=move || set_password.pending().get()>
                    "Save password and sign in"
                </button>
            </ActionForm>
        </section>
    }
}
