//! Leaders and admins: extend a challenge or close it early, and see every change made.

use leptos::prelude::*;

use crate::{
    api::{
        challenges::SetClosing,
        delivery::{challenge_webhooks, AddWebhook, RemoveWebhook},
        moderation::assign_moderator,
    },
    components::{
        error_notice::{error_text, FormError},
        loaded::Loaded,
        time::{browser_utc_offset, LocalTime},
    },
    domain::local_time::format_local,
    error::AppError,
    i18n::{t, t_string, td_string, use_i18n, Locale},
    model::{ChallengeDetail, ModeratorChoice, Phase, Webhook, WebhookFormat},
};

/// A kind of team chat as people read it, in `locale`.
fn webhook_format_name(locale: Locale, format: WebhookFormat) -> &'static str {
    match format {
        WebhookFormat::Slack => td_string!(locale, launch.format_slack),
        WebhookFormat::Teams => td_string!(locale, launch.format_teams),
    }
}

#[component]
pub fn ManagePanel(detail: ChallengeDetail) -> impl IntoView {
    let i18n = use_i18n();
    let set_closing = ServerAction::<SetClosing>::new();
    let error = Signal::derive(move || set_closing.value().get().and_then(Result::err));
    let confirming = RwSignal::new(false);
    let utc_offset = RwSignal::new(0_i64);
    Effect::new(move |_| utc_offset.set(browser_utc_offset().unwrap_or(0)));
    let closes_at = detail.closes_at;
    let challenge_id = detail.challenge_id;
    let changeable = matches!(detail.phase, Phase::Scheduled | Phase::Open);
    view! {
        <details class="panel manage">
            <summary>{t!(i18n, launch.manage_summary)}</summary>
            {changeable
                .then(|| {
                    view! {
                        <ActionForm action=set_closing attr:class="grid-form">
                            <input type="hidden" name="challenge_id" value=challenge_id />
                            <input type="hidden" name="utc_offset_minutes" value=move || utc_offset.get().to_string() />
                            <label>
                                {t!(i18n, launch.new_closing_time)}
                                <input
                                    type="datetime-local"
                                    name="closes_local"
                                    required
                                    value=move || format_local(closes_at, utc_offset.get())
                                />
                            </label>
                            <div class="form-actions">
                                <button type="submit" class="button">
                                    {t!(i18n, launch.change_closing_time)}
                                </button>
                            </div>
                        </ActionForm>
                        <ActionForm action=set_closing attr:class="close-now">
                            <input type="hidden" name="challenge_id" value=challenge_id />
                            <input type="hidden" name="close_now" value="true" />
                            {move || {
                                if confirming.get() {
                                    view! {
                                        <p>{t!(i18n, launch.close_now_confirm)}</p>
                                        <button type="submit" class="button-danger">
                                            {t!(i18n, launch.close_now_yes)}
                                        </button>
                                        " "
                                        <button type="button" class="button-quiet" on:click=move |_| confirming.set(false)>
                                            {t!(i18n, launch.keep_open)}
                                        </button>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <button type="button" class="button-danger" on:click=move |_| confirming.set(true)>
                                            {t!(i18n, launch.close_early)}
                                        </button>
                                    }
                                        .into_any()
                                }
                            }}
                        </ActionForm>
                        <FormError error />
                    }
                })}
            <Moderators challenge_id moderators=detail.moderators.clone() />
            <TeamChats challenge_id />
            <h3>{t!(i18n, launch.changes)}</h3>
            <ul class="change-log">
                {detail
                    .changes
                    .into_iter()
                    .map(|change| {
                        let kind = change.kind.clone();
                        let what = move || match kind.as_str() {
                            "created" => t_string!(i18n, launch.change_launched),
                            "extended" => t_string!(i18n, launch.change_extended),
                            _ => t_string!(i18n, launch.change_closed_early),
                        };
                        view! {
                            <li>
                                {what} {t!(i18n, launch.change_by)} {change.person_name}
                                {t!(i18n, launch.change_on)} <LocalTime at=change.changed_at />
                                {t!(i18n, launch.change_closes)} <LocalTime at=change.closes_after />
                                {change
                                    .closes_before
                                    .map(|before| {
                                        view! { {t!(i18n, launch.change_was)} <LocalTime at=before /> ")" }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}

/// Who moderates this challenge: ticking a person assigns them at once.
#[component]
fn Moderators(challenge_id: i64, moderators: Vec<ModeratorChoice>) -> impl IntoView {
    let i18n = use_i18n();
    // Who was (un)assigned, and whether they now moderate.
    let outcome = RwSignal::new(None::<Result<(String, bool), AppError>>);
    let toggle = move |person: ModeratorChoice, assigned: bool| {
        leptos::task::spawn_local(async move {
            let result = assign_moderator(challenge_id, person.person_id, assigned).await;
            outcome.set(Some(result.map(|()| (person.display_name, assigned))));
        });
    };
    view! {
        <h3>{t!(i18n, launch.moderators)}</h3>
        {moderators
            .is_empty()
            .then(|| view! { <p class="empty-state">{t!(i18n, launch.no_moderators)}</p> })}
        <ul class="moderator-choices">
            {moderators
                .into_iter()
                .map(|person| {
                    let name = person.display_name.clone();
                    let assigned = person.assigned;
                    view! {
                        <li>
                            <label>
                                <input
                                    type="checkbox"
                                    checked=assigned
                                    on:change=move |ev| toggle(person.clone(), event_target_checked(&ev))
                                />
                                " " {name}
                            </label>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <p role="status">
            {move || match outcome.get() {
                Some(Ok((name, assigned))) => {
                    let done = if assigned {
                        t_string!(i18n, launch.now_moderates, name).to_string()
                    } else {
                        t_string!(i18n, launch.no_longer_moderates, name).to_string()
                    };
                    view! { <span>{done}</span> }.into_any()
                }
                Some(Err(error)) => {
                    view! { <span class="form-error">{error_text(&error, i18n.get_locale())}</span> }.into_any()
                }
                None => ().into_any(),
            }}
        </p>
    }
}

/// Team chats (incoming webhooks) that hear when the challenge opens, is about to close and
/// has its synthesis out.
#[component]
fn TeamChats(challenge_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddWebhook>::new();
    let remove = ServerAction::<RemoveWebhook>::new();
    let hooks = Resource::new(
        move || (add.version().get(), remove.version().get()),
        move |_| challenge_webhooks(challenge_id),
    );
    let error = Signal::derive(move || {
        add.value()
            .get()
            .and_then(Result::err)
            .or_else(|| remove.value().get().and_then(Result::err))
    });
    let listed = move |list: Vec<Webhook>| {
        if list.is_empty() {
            return view! { <p class="empty-state">{t!(i18n, launch.no_team_chat)}</p> }.into_any();
        }
        view! {
            <ul class="link-list">
                {list
                    .into_iter()
                    .map(|hook| {
                        let format = hook.format;
                        let url = hook.url.clone();
                        // Names the format by its code ("Remove the teams webhook …"): the English
                        // label is what the end-to-end tests match on.
                        let label = move || {
                            t_string!(i18n, launch.remove_webhook_label, kind = format.as_str(), url = url.clone())
                                .to_string()
                        };
                        view! {
                            <li>
                                <code>{hook.url}</code>
                                " (" {move || webhook_format_name(i18n.get_locale(), format)} ") "
                                <ActionForm action=remove attr:class="inline-form">
                                    <input type="hidden" name="challenge_id" value=challenge_id />
                                    <input type="hidden" name="webhook_id" value=hook.webhook_id />
                                    <button type="submit" class="button-quiet" aria-label=label>
                                        {t!(i18n, launch.remove)}
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
            .into_any()
    };
    view! {
        <h3>{t!(i18n, common.team_chats)}</h3>
        <p class="hint">{t!(i18n, launch.team_chats_hint)}</p>
        <Loaded resource=hooks content=listed />
        <ActionForm action=add attr:class="grid-form">
            <input type="hidden" name="challenge_id" value=challenge_id />
            <label>
                {t!(i18n, launch.webhook_address)}
                <input type="url" name="url" required placeholder="https://hooks.slack.com/services/\u{2026}" />
            </label>
            <label>
                {t!(i18n, launch.team_chat)}
                <select name="format">
                    {[WebhookFormat::Slack, WebhookFormat::Teams]
                        .into_iter()
                        .map(|format| {
                            view! {
                                <option value=format.as_str()>
                                    {move || webhook_format_name(i18n.get_locale(), format)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || add.pending().get()>
                    {t!(i18n, launch.connect_team_chat)}
                </button>
            </div>
        </ActionForm>
        <FormError error />
    }
}
