use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{
        accounts::{ChangePassword, SignOutEverywhere},
        delivery::{my_email_preferences, SaveEmailPreferences},
    },
    components::{
        error_notice::FormError, language_settings::LanguageSettings, loaded::Loaded,
        new_password_field::NewPasswordField, require_sign_in::RequireSignIn, role_name::RoleName,
        session::use_session,
    },
    i18n::{t, t_string, td_string, use_i18n, Locale},
    model::{EmailFrequency, EmailPreferences, NotificationKind, Viewer},
};

/// The signed-in person's own account.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, accounts.account_title).to_string() />
        <RequireSignIn page=|viewer: Viewer| view! { <Account viewer /> } />
    }
}

#[component]
fn Account(viewer: Viewer) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
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
        <h1>{t!(i18n, accounts.your_account)}</h1>
        <section class="panel">
            <dl class="facts">
                <dt>{t!(i18n, accounts.name)}</dt>
                <dd>{viewer.display_name}</dd>
                <dt>{t!(i18n, accounts.email)}</dt>
                <dd>{viewer.email}</dd>
                <dt>{t!(i18n, accounts.role)}</dt>
                <dd>
                    <RoleName role=viewer.role />
                </dd>
            </dl>
        </section>
        <section class="panel" aria-labelledby="password-heading">
            <h2 id="password-heading">{t!(i18n, accounts.change_password)}</h2>
            <ActionForm action=change attr:class="stack-form">
                <label>
                    {t!(i18n, accounts.current_password)}
                    <input type="password" name="current" required autocomplete="current-password" />
                </label>
                <NewPasswordField />
                <FormError error=change_error />
                {move || {
                    matches!(change.value().get(), Some(Ok(())))
                        .then(|| {
                            view! {
                                <p class="notice notice-ok" role="status">
                                    {t!(i18n, accounts.password_changed)}
                                </p>
                            }
                        })
                }}
                <button type="submit" class="button" disabled=move || change.pending().get()>
                    {t!(i18n, accounts.change_password)}
                </button>
            </ActionForm>
        </section>
        <LanguageSettings />
        <EmailSettings />
        <section class="panel" aria-labelledby="devices-heading">
            <h2 id="devices-heading">{t!(i18n, accounts.devices)}</h2>
            <p>{t!(i18n, accounts.devices_hint)}</p>
            <ActionForm action=everywhere>
                <FormError error=everywhere_error />
                <button type="submit" class="button button-danger">
                    {t!(i18n, accounts.sign_out_everywhere)}
                </button>
            </ActionForm>
        </section>
    }
}

/// How often the person gets email, and about what.
#[component]
fn EmailSettings() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveEmailPreferences>::new();
    let preferences = Resource::new(|| (), |_| my_email_preferences());
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <section class="panel" aria-labelledby="email-heading">
            <h2 id="email-heading">{t!(i18n, accounts.email_heading)}</h2>
            <Loaded
                resource=preferences
                content=move |preferences| view! { <EmailForm preferences save error /> }
            />
        </section>
    }
}

#[component]
fn EmailForm(
    preferences: EmailPreferences,
    save: ServerAction<SaveEmailPreferences>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (email, email_configured) = (preferences.email.clone(), preferences.email_configured);
    let intro = move || {
        if email_configured {
            t_string!(i18n, accounts.email_intro, email = email.clone()).to_string()
        } else {
            t_string!(i18n, accounts.email_not_configured).to_owned()
        }
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
                    {move || frequency_name(i18n.get_locale(), frequency)}
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
                    {move || mailed_kind_name(i18n.get_locale(), kind)}
                </label>
            }
        })
        .collect_view();
    view! {
        <p>{intro}</p>
        <ActionForm action=save attr:class="stack-form">
            <fieldset>
                <legend>{t!(i18n, accounts.how_often)}</legend>
                {frequencies}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, accounts.email_me_when)}</legend>
                {kinds}
            </fieldset>
            <FormError error />
            {move || {
                matches!(save.value().get(), Some(Ok(())))
                    .then(|| view! { <p class="notice notice-ok" role="status">{t!(i18n, accounts.email_settings_saved)}</p> })
            }}
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {t!(i18n, accounts.save_email_settings)}
            </button>
        </ActionForm>
    }
}

/// How often email comes, as the choice reads.
fn frequency_name(locale: Locale, frequency: EmailFrequency) -> &'static str {
    match frequency {
        EmailFrequency::Immediate => td_string!(locale, accounts.frequency_immediate),
        EmailFrequency::Daily => td_string!(locale, accounts.frequency_daily),
        EmailFrequency::Never => td_string!(locale, accounts.frequency_never),
    }
}

/// What a person switches on or off in their email preferences.
fn mailed_kind_name(locale: Locale, kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::Invitation => td_string!(locale, accounts.mail_invitation),
        NotificationKind::ClosingSoon => td_string!(locale, accounts.mail_closing_soon),
        NotificationKind::Comment => td_string!(locale, accounts.mail_comment),
        NotificationKind::OfficialResponse => td_string!(locale, accounts.mail_official_response),
        NotificationKind::SynthesisPublished => {
            td_string!(locale, accounts.mail_synthesis_published)
        }
        NotificationKind::Merged => td_string!(locale, accounts.mail_merged),
        NotificationKind::Hidden => td_string!(locale, accounts.mail_hidden),
    }
}
