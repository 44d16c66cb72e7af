//! The HTML shell, the app's root component and its route table.

use leptos::prelude::*;
use leptos_i18n::{
    context::{init_i18n_context_with_options, I18nContextOptions},
    Locale as _,
};
use leptos_meta::{provide_meta_context, Html, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::{
    components::{
        header::Header,
        session::{use_session, Session},
    },
    i18n::{t, use_i18n, Locale},
    locale::{browser_language, preferred_languages},
    pages::{
        account::AccountPage,
        admin::{deliveries::DeliveriesPage, import::ImportPeoplePage, people::PeoplePage},
        analytics::{people::ActivityPeoplePage, report::AnalyticsPage},
        challenges::{challenge::ChallengePage, idea::IdeaPage, launch::LaunchPage},
        home::HomePage,
        moderation::board::BoardPage,
        not_found::NotFound,
        notifications::NotificationsPage,
        set_password::SetPasswordPage,
        sign_in::SignInPage,
        synthesis::{compose::ComposePage, view::SynthesisPage},
        unsubscribe::UnsubscribePage,
    },
};

/// The document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Session::provide();
    mark_hydrated();

    // Every page renders once its data is there (`SsrMode::Async`) rather than streaming: the
    // server can still answer with a redirect or a 403 before any HTML is sent, and the header
    // and content arrive as plain HTML, which browsers without JavaScript need (streamed
    // sections are swapped in by script).
    // The language: the person's choice (cookie), else the browser's. Not the generated
    // `<I18nContextProvider>`: it adds an empty inline `<script>` that our script policy (every
    // inline script carries the response's nonce) would have to let through.
    let i18n = init_i18n_context_with_options::<Locale>(
        I18nContextOptions::default().ssr_lang_header_getter(preferred_languages()),
    );
    provide_context(i18n);
    // `<html lang>` is what hydration reads back to start in the server's language; it comes
    // after the page, so anything the page changed about the language is already in.
    view! {
        <Routed />
        <Html attr:lang=move || i18n.get_locale().as_str() attr:dir="ltr" />
    }
}

#[component]
fn Routed() -> impl IntoView {
    let i18n = use_i18n();
    // Signing in (or out) in this page brings the person's language, which the server put in
    // the language cookie.
    let session = use_session();
    Effect::new(move |_| {
        let _who_changed = session.viewer.get();
        if let Some(language) = browser_language().filter(|&l| l != i18n.get_locale_untracked()) {
            i18n.set_locale(language);
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/chorus.css" />
        <Title text="Chorus" />
        <Router>
            <a class="skip-link" href="#main">
                {t!(i18n, common.skip_to_content)}
            </a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/set-password") view=SetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/deliveries") view=DeliveriesPage ssr=SsrMode::Async />
                    <Route path=path!("/unsubscribe/:token") view=UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("/challenges/new") view=LaunchPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/challenges/:challenge_id")
                        view=ChallengePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/challenges/:challenge_id/ideas/:idea_id")
                        view=IdeaPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/challenges/:challenge_id/board")
                        view=BoardPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/challenges/:challenge_id/synthesis")
                        view=SynthesisPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/challenges/:challenge_id/synthesis/compose")
                        view=ComposePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/analytics") view=AnalyticsPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/analytics/people")
                        view=ActivityPeoplePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/people/import")
                        view=ImportPeoplePage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
        </Router>
    }
}

/// Sets `data-hydrated` on `<html>` once the WebAssembly app has taken over the page. Effects
/// run only in the browser, so the attribute is a reliable signal for end-to-end tests that
/// clicks will now be handled. It is set from a zero-delay timer because sections inside
/// `<Suspense>` finish hydrating in microtasks after this effect; the timer fires after them.
fn mark_hydrated() {
    Effect::new(move |_| {
        set_timeout(
            || {
                if let Some(root) = document().document_element() {
                    let _ = root.set_attribute("data-hydrated", "true");
                }
            },
            std::time::Duration::ZERO,
        );
    });
}
