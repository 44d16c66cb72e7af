//! The language menu on the account page. With JavaScript the page switches language at once;
//! without, the form posts and the next page arrives in the new language (the cookie).

use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::{
    api::language::{my_language, SaveLanguage},
    components::{error_notice::FormError, loaded::Loaded},
    i18n::{t, use_i18n},
    locale::{browser_language, native_name, LANGUAGES},
};

#[component]
pub fn LanguageSettings() -> impl IntoView {
    let i18n = use_i18n();
    let chosen = Resource::new(|| (), |_| my_language());
    view! {
        <section class="panel" aria-labelledby="language-heading">
            <h2 id="language-heading">{t!(i18n, common.language)}</h2>
            <Loaded resource=chosen content=|chosen| view! { <LanguageForm chosen /> } />
        </section>
    }
}

#[component]
fn LanguageForm(chosen: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveLanguage>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    // The server has set (or cleared) the cookie: the page follows it at once.
    Effect::new(move |_| {
        if !saved() {
            return;
        }
        if let Some(language) = browser_language() {
            i18n.set_locale(language);
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
                <select name="language">
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
