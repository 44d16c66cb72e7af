//! Reached from the link at the foot of every Chorus email. Unsubscribing takes a button press,
//! so a mail scanner that follows links cannot unsubscribe anyone; mail programs use the
//! one-click `POST` of the email's `List-Unsubscribe` header instead.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    api::delivery::Unsubscribe,
    components::error_notice::FormError,
    i18n::{t, t_string, use_i18n},
};

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let unsubscribe = ServerAction::<Unsubscribe>::new();
    let token = move || use_params_map().read().get("token").unwrap_or_default();
    let error = Signal::derive(move || unsubscribe.value().get().and_then(Result::err));
    view! {
        <Title text=move || t_string!(i18n, accounts.unsubscribe_title).to_string() />
        <section class="panel narrow">
            <h1>{t!(i18n, accounts.stop_chorus_email)}</h1>
            {move || match unsubscribe.value().get() {
                Some(Ok(email)) => {
                    view! {
                        <p class="notice notice-ok" role="status">
                            {move || {
                                t_string!(i18n, accounts.unsubscribed_done, email = email.clone())
                                    .to_string()
                            }}
                            {t!(
                                i18n,
                                accounts.unsubscribed_turn_back_on,
                                <link> = |children: leptos::children::ChildrenFn| view! { <a href="/account">{children()}</a> }
                            )}
                        </p>
                    }
                        .into_any()
                }
                _ => {
                    view! {
                        <p>{t!(i18n, accounts.unsubscribe_intro)}</p>
                        <ActionForm action=unsubscribe attr:class="stack-form">
                            <input type="hidden" name="token" value=token />
                            <FormError error />
                            <button type="submit" class="button" disabled=move || unsubscribe.pending().get()>
                                {t!(i18n, accounts.unsubscribe_all)}
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
