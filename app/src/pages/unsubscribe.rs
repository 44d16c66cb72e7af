//! Reached from the link at the foot of every Chorus email. Unsubscribing takes a button press,
//! so a mail scanner that follows links cannot unsubscribe anyone; mail programs use the
//! one-click `POST` of the email's `List-Unsubscribe` header instead.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{api::delivery::Unsubscribe, components::error_notice::FormError};

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let unsubscribe = ServerAction::<Unsubscribe>::new();
    let token = move || use_params_map().read().get("token").unwrap_or_default();
    let error = Signal::derive(move || unsubscribe.value().get().and_then(Result::err));
    view! {
        <Title text="Unsubscribe \u{b7} Chorus" />
        <section class="panel narrow">
            <h1>"Stop Chorus email"</h1>
            {move || match unsubscribe.value().get() {
                Some(Ok(email)) => {
                    view! {
                        <p class="notice notice-ok" role="status">
                            {format!("Done: Chorus sends no more email to {email}. ")}
                            "Your notifications stay in Chorus; you can turn email back on from your "
                            <a href="/account">"account page"</a> "."
                        </p>
                    }
                        .into_any()
                }
                _ => {
                    view! {
                        <p>"Chorus will stop sending you email. Your notifications stay in Chorus."</p>
                        <ActionForm action=unsubscribe attr:class="stack-form">
                            <input type="hidden" name="token" value=token />
                            <FormError error />
                            <button type="submit" class="button" disabled=move || unsubscribe.pending().get()>
                                "Unsubscribe from all Chorus email"
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
