use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{
        accounts::{ChangePassword, SignOutEverywhere},
        delivery::{my_email_preferences, SaveEmailPreferences},
    },
    components::{
        error_notice::FormError, new_password_field::NewPasswordField,
        require_sign_in::RequireSignIn, session::use_session,
    },
    model::{EmailFrequency, EmailPreferences, NotificationKind, Viewer},
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
        <EmailSettings />
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

/// How often the person gets email, and about what.
#[component]
fn EmailSettings() -> impl IntoView {
    let save = ServerAction::<SaveEmailPreferences>::new();
    let preferences = Resource::new(|| (), |_| my_email_preferences());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <section class="panel" aria-labelledby="email-heading">
            <h2 id="email-heading">"Email"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Loading\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    match preferences.await {
                        Ok(preferences) => view! { <EmailForm preferences save error /> }.into_any(),
                        Err(error) => view! { <FormError error=Signal::derive(move || Some(error.clone())) /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn EmailForm(
    preferences: EmailPreferences,
    save: ServerAction<SaveEmailPreferences>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let intro = if preferences.email_configured {
        format!(
            "Chorus writes to {} about what you choose here.",
            preferences.email
        )
    } else {
        "This Chorus sends no email yet (an administrator has to connect a mail server); your \
         choices here apply once it does."
            .to_owned()
    };
    let frequencies = EmailFrequency::ALL
        .into_iter()
        .map(|frequency| {
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name="prefs[frequency]"
                        value=frequency.as_str()
                        checked=preferences.frequency == frequency
                    />
                    {frequency.label()}
                </label>
            }
        })
        .collect_view();
    let kinds = NotificationKind::ALL
        .into_iter()
        .enumerate()
        .map(|(index, kind)| {
            view! {
                <label class="choice">
                    <input
                        type="checkbox"
                        name=format!("prefs[mailed][{index}]")
                        value=kind.as_str()
                        checked=!preferences.muted.contains(&kind)
                    />
                    {kind.preference_label()}
                </label>
            }
        })
        .collect_view();
    view! {
        <p>{intro}</p>
        <ActionForm action=save attr:class="stack-form">
            <fieldset>
                <legend>"How often"</legend>
                {frequencies}
            </fieldset>
            <fieldset>
                <legend>"Email me when"</legend>
                {kinds}
            </fieldset>
            <FormError error />
            {move || {
                matches!(save.value().get(), Some(Ok(())))
                    .then(|| view! { <p class="notice notice-ok" role="status">"Email settings saved."</p> })
            }}
            <button type="submit" class="button" disabled=move || save.pending().get()>
                "Save email settings"
            </button>
        </ActionForm>
    }
}
