//! The language menu on the account page. With JavaScript the page switches language at once;
//! without, the form posts and the next page arrives in the new language (the cookie).

use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::{
    api::language::{my_language, SaveLanguage},
    components::error_notice::FormError,
    i18n::{t, use_i18n},
    locale::{native_name, parse_language, LANGUAGES},
};

#[component]
pub fn LanguageSettings() -> impl IntoView {
    let i18n = use_i18n();
    let chosen = Resource::new(|| (), |_| my_language());
    view! {
        <section class="panel" aria-labelledby="language-heading">
            <h2 id="language-heading">{t!(i18n, common.language)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match chosen.await {
                        Ok(chosen) => view! { <LanguageForm chosen /> }.into_any(),
                        Err(error) => {
                            view! { <FormError error=Signal::derive(move || Some(error.clone())) /> }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn LanguageForm(chosen: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveLanguage>::new();
    let selected = RwSignal::new(chosen.clone().unwrap_or_default());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    Effect::new(move |_| {
        if !saved() {
            return;
        }
        match parse_language(&selected.get_untracked()) {
            Some(locale) => i18n.set_locale(locale),
            // Back to the browser's language: the server works it out from the request.
            None => {
                let _ = window().location().reload();
            }
        }
    });
    let options = LANGUAGES
        .into_iter()
        .map(|locale| {
            let code = locale.as_str();
            view! {
                <option value=code selected=chosen.as_deref() == Some(code) lang=code>
                    {native_name(locale)}
                </option>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save attr:class="stack-form">
            <label>
                {t!(i18n, common.language)}
                <select
                    name="language"
                    on:change=move |ev| selected.set(event_target_value(&ev))
                >
                    <option value="" selected=chosen.is_none()>
                        {t!(i18n, common.browser_language)}
                    </option>
                    {options}
                </select>
            </label>
            <p class="hint">{t!(i18n, common.language_hint)}</p>
            <FormError error />
            {move || {
                saved()
                    .then(|| {
                        view! {
                            <p class="notice notice-ok" role="status">
                                {t!(i18n, common.language_saved)}
                            </p>
                        }
                    })
            }}
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {t!(i18n, common.save_language)}
            </button>
        </ActionForm>
    }
}
