use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::accounts::{ChangePassword, SignOutEverywhere},
    components::{
        error_notice::FormError, new_password_field::NewPasswordField,
        require_sign_in::RequireSignIn, session::use_session,
    },
    model::Viewer,
};

/// The signed-in person's own account.
#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <Title text="Your account \u{b7} Chorus" />
        <RequireSignIn page=|viewer: Viewer| view! { <Account viewer /> } />
    }
}

#[component]
fn Account(viewer: Viewer) -> impl IntoView {
    let session = use_session();
    let change = ServerAction::<ChangePassword>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let change_error = Signal::derive(move || change.value().get().and_then(Result::err));
    let everywhere_error = Signal::derive(move || everywhere.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if matches!(everywhere.value().get(), Some(Ok(()))) {
            session.changed();
        }
    });
    view! {
        <h1>"Your account"</h1>
        <section class="panel">
            <dl class="facts">
                <dt>"Name"</dt>
                <dd>{viewer.display_name}</dd>
                <dt>"Email"</dt>
                <dd>{viewer.email}</dd>
                <dt>"Role"</dt>
                <dd>{viewer.role.label()}</dd>
            </dl>
        </section>
        <section class="panel" aria-labelledby="password-heading">
            <h2 id="password-heading">"Change password"</h2>
            <ActionForm action=change attr:class="stack-form">
                <label>
                    "Current password"
                    <input type="password" name="current" required autocomplete="current-password" />
                </label>
                <NewPasswordField />
                <FormError error=change_error />
                {move || {
                    matches!(change.value().get(), Some(Ok(())))
                        .then(|| {
                            view! {
                                <p class="notice notice-ok" role="status">
                                    "Password changed. Your other devices were signed out."
                                </p>
                            }
                        })
                }}
                <button type="submit" class="button" disabled=move || change.pending().get()>
                    "Change password"
                </button>
            </ActionForm>
        </section>
        <section class="panel" aria-labelledby="devices-heading">
            <h2 id="devices-heading">"Devices"</h2>
            <p>"Lost a phone or used a shared computer? End every session, here and elsewhere."</p>
            <ActionForm action=everywhere>
                <FormError error=everywhere_error />
                <button type="submit" class="button button-danger">
                    "Sign out everywhere"
                </button>
            </ActionForm>
        </section>
    }
}
