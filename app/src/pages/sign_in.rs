use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::accounts::{how_to_sign_in, SignIn},
    components::{error_notice::FormError, loaded::Loaded, session::use_session},
    i18n::{t, t_string, td_string, use_i18n, Locale},
    model::{SignInMethods, SsoProblem},
};

/// Single sign-on, email and password, or both, as the instance is set up. Works as plain HTML
/// before (or without) WebAssembly.
#[component]
pub fn SignInPage() -> impl IntoView {
    let methods = Resource::new(|| (), |_| how_to_sign_in());
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, accounts.sign_in_title).to_string() />
        <section class="panel narrow">
            <h1>{t!(i18n, common.sign_in)}</h1>
            <Loaded resource=methods content=|methods| view! { <SignInChoices methods /> } />
        </section>
    }
}

#[component]
fn SignInChoices(methods: SignInMethods) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let provider = methods.sso_label.clone();
    let problem = move || {
        query
            .read()
            .get("sso")
            .and_then(|code| SsoProblem::parse(&code))
            .map(|problem| sso_problem_message(i18n.get_locale(), problem, provider.as_deref()))
    };
    let sso_button = methods.sso_label.map(|label| {
        let href = move || {
            let next = next();
            if next.is_empty() {
                "/api/sso/start".to_owned()
            } else {
                format!("/api/sso/start?next={}", urlencode(&next))
            }
        };
        view! {
            <a class="button sso-button" href=href rel="external">
                {move || t_string!(i18n, accounts.sign_in_with, provider = label.clone()).to_string()}
            </a>
        }
    });
    let password_form = methods.password.then(|| view! { <PasswordSignIn /> });
    let both = sso_button.is_some() && password_form.is_some();
    view! {
        {move || problem().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
        {sso_button}
        {both.then(|| view! { <p class="or-divider">{t!(i18n, accounts.or_with_password)}</p> })}
        {password_form}
    }
}

/// Why a single sign-on did not sign the person in, in the interface's language. `provider`
/// names the company sign-in, e.g. "Contoso account"; without one, "single sign-on".
fn sso_problem_message(locale: Locale, problem: SsoProblem, provider: Option<&str>) -> String {
    let provider = provider.unwrap_or_else(|| td_string!(locale, accounts.single_sign_on));
    match problem {
        SsoProblem::Unreachable => {
            td_string!(locale, accounts.sso_unreachable, provider).to_string()
        }
        SsoProblem::NotConfirmed => {
            td_string!(locale, accounts.sso_not_confirmed, provider).to_string()
        }
        SsoProblem::Expired => td_string!(locale, accounts.sso_expired).to_owned(),
        SsoProblem::Unverified => td_string!(locale, accounts.sso_unverified, provider).to_string(),
        SsoProblem::Deactivated => td_string!(locale, accounts.sso_deactivated).to_owned(),
        SsoProblem::NotSetUp => td_string!(locale, accounts.sso_not_set_up).to_owned(),
        SsoProblem::Internal => td_string!(locale, accounts.sso_internal).to_owned(),
    }
}

/// Percent-encodes a local path for a query string.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[component]
fn PasswordSignIn() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let sign_in = ServerAction::<SignIn>::new();
    let next = move || use_query_map().read().get("next").unwrap_or_default();
    let error = Signal::derive(move || sign_in.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if matches!(sign_in.value().get(), Some(Ok(()))) {
            session.changed();
        }
    });
    view! {
        <ActionForm action=sign_in attr:class="stack-form" attr:aria-describedby="sign-in-error">
            <input type="hidden" name="next" value=next />
            <label>
                {t!(i18n, accounts.email)} <input type="email" name="email" required autocomplete="username" autofocus />
            </label>
            <label>
                {t!(i18n, accounts.password)}
                <input type="password" name="password" required autocomplete="current-password" />
            </label>
            <div id="sign-in-error">
                <FormError error />
            </div>
            <button type="submit" class="button" disabled=move || sign_in.pending().get()>
                {move || {
                    if sign_in.pending().get() {
                        t_string!(i18n, accounts.signing_in)
                    } else {
                        t_string!(i18n, common.sign_in)
                    }
                }}
            </button>
        </ActionForm>
        <p class="hint">{t!(i18n, accounts.forgot_password)}</p>
    }
}
