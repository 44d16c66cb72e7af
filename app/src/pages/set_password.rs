use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::accounts::SetPassword,
    components::{
        error_notice::FormError, new_password_field::NewPasswordField, session::use_session,
    },
    domain::NewPassword,
    i18n::{t, t_string, use_i18n},
};

/// Reached from a one-time link an administrator issued.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let set_password = ServerAction::<SetPassword>::new();
    let token = move || use_query_map().read().get("token").unwrap_or_default();
    let error = Signal::derive(move || set_password.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if matches!(set_password.value().get(), Some(Ok(()))) {
            session.changed();
        }
    });
    view! {
        <Title text=move || t_string!(i18n, accounts.set_password_title).to_string() />
        <section class="panel narrow">
            <h1>{t!(i18n, accounts.choose_your_password)}</h1>
            <p class="hint">
                {move || {
                    t_string!(i18n, accounts.password_hint, min = NewPassword::MIN_CHARS).to_string()
                }}
            </p>
            <ActionForm action=set_password attr:class="stack-form">
                <input type="hidden" name="token" value=token />
                <NewPasswordField />
                <FormError error />
                <button type="submit" class="button" disabled=move || set_password.pending().get()>
                    {t!(i18n, accounts.save_password_and_sign_in)}
                </button>
            </ActionForm>
        </section>
    }
}
