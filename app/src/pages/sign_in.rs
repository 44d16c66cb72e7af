use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    api::accounts::{how_to_sign_in, SignIn},
    components::{error_notice::FormError, session::use_session},
    model::{SignInMethods, SsoProblem},
};

/// Single sign-on, email and password, or both, as the instance is set up. Works as plain HTML
/// before (or without) WebAssembly.
#[component]
pub fn SignInPage() -> impl IntoView {
    let methods = Resource::new(|| (), |_| how_to_sign_in());
    view! {
        <Title text="Sign in \u{b7} Chorus" />
        <section class="panel narrow">
            <h1>"Sign in"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    match methods.await {
                        Ok(methods) => view! { <SignInChoices methods /> }.into_any(),
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
fn SignInChoices(methods: SignInMethods) -> impl IntoView {
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let provider = methods
        .sso_label
        .clone()
        .unwrap_or_else(|| "single sign-on".to_owned());
    let problem = move || {
        query
            .read()
            .get("sso")
            .and_then(|code| SsoProblem::parse(&code))
            .map(|problem| problem.message(&provider))
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
                {format!("Sign in with {label}")}
            </a>
        }
    });
    let password_form = methods.password.then(|| view! { <PasswordSignIn /> });
    let both = sso_button.is_some() && password_form.is_some();
    view! {
        {move || problem().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
        {sso_button}
        {both.then(|| view! { <p class="or-divider">"or with your Chorus password"</p> })}
        {password_form}
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
    }
}
