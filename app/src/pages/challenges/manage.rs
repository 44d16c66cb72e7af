//! Leaders and admins: extend a challenge or close it early, and see every change made.

use leptos::prelude::*;

use crate::{
    api::{
        challenges::SetClosing,
        delivery::{challenge_webhooks, AddWebhook, RemoveWebhook},
        moderation::assign_moderator,
    },
    components::{
        error_notice::FormError,
        time::{browser_utc_offset, LocalTime},
    },
    domain::local_time::format_local,
    error::AppError,
    model::{ChallengeDetail, ModeratorChoice, Phase, WebhookFormat},
};

#[component]
pub fn ManagePanel(detail: ChallengeDetail) -> impl IntoView {
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
            <summary>"Manage this challenge"</summary>
            {changeable
                .then(|| {
                    view! {
                        <ActionForm action=set_closing attr:class="grid-form">
                            <input type="hidden" name="challenge_id" value=challenge_id />
                            <input type="hidden" name="utc_offset_minutes" value=move || utc_offset.get().to_string() />
                            <label>
                                "New closing time"
                                <input
                                    type="datetime-local"
                                    name="closes_local"
                                    required
                                    value=move || format_local(closes_at, utc_offset.get())
                                />
                            </label>
                            <div class="form-actions">
                                <button type="submit" class="button">
                                    "Change closing time"
                                </button>
                            </div>
                        </ActionForm>
                        <ActionForm action=set_closing attr:class="close-now">
                            <input type="hidden" name="challenge_id" value=challenge_id />
                            <input type="hidden" name="close_now" value="true" />
                            {move || {
                                if confirming.get() {
                                    view! {
                                        <p>"Close now? Nobody will be able to submit, comment or vote any more."</p>
                                        <button type="submit" class="button-danger">
                                            "Yes, close now"
                                        </button>
                                        " "
                                        <button type="button" class="button-quiet" on:click=move |_| confirming.set(false)>
                                            "Keep it open"
                                        </button>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <button type="button" class="button-danger" on:click=move |_| confirming.set(true)>
                                            "Close early\u{2026}"
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
            <h3>"Changes"</h3>
            <ul class="change-log">
                {detail
                    .changes
                    .into_iter()
                    .map(|change| {
                        let what = match change.kind.as_str() {
                            "created" => "Launched",
                            "extended" => "Extended",
                            _ => "Closed early",
                        };
                        view! {
                            <li>
                                {what} " by " {change.person_name} " on " <LocalTime at=change.changed_at />
                                " \u{2014} closes " <LocalTime at=change.closes_after />
                                {change
                                    .closes_before
                                    .map(|before| view! { " (was " <LocalTime at=before /> ")" })}
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
    let outcome = RwSignal::new(None::<Result<String, AppError>>);
    let toggle = move |person: ModeratorChoice, assigned: bool| {
        leptos::task::spawn_local(async move {
            let result = assign_moderator(challenge_id, person.person_id, assigned).await;
            outcome.set(Some(result.map(|()| {
                if assigned {
                    format!("{} now moderates this challenge.", person.display_name)
                } else {
                    format!(
                        "{} no longer moderates this challenge.",
                        person.display_name
                    )
                }
            })));
        });
    };
    view! {
        <h3>"Moderators"</h3>
        {moderators
            .is_empty()
            .then(|| view! { <p class="empty-state">"Nobody has the moderator role yet; an admin can give it under People."</p> })}
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
                Some(Ok(done)) => view! { <span>{done}</span> }.into_any(),
                Some(Err(error)) => view! { <span class="form-error">{error.to_string()}</span> }.into_any(),
                None => ().into_any(),
            }}
        </p>
    }
}

/// Team chats (incoming webhooks) that hear when the challenge opens, is about to close and
/// has its synthesis out.
#[component]
fn TeamChats(challenge_id: i64) -> impl IntoView {
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
    view! {
        <h3>"Team chats"</h3>
        <p class="hint">
            "Paste a Slack or Microsoft Teams incoming-webhook address: the channel hears when this \
             challenge opens, when it closes within 24 hours and when its synthesis is out."
        </p>
        <Suspense fallback=|| view! { <p class="loading">"Loading\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match hooks.await {
                    Ok(list) if list.is_empty() => {
                        view! { <p class="empty-state">"No team chat connected."</p> }.into_any()
                    }
                    Ok(list) => {
                        view! {
                            <ul class="link-list">
                                {list
                                    .into_iter()
                                    .map(|hook| {
                                        let label = format!("Remove the {} webhook {}", hook.format.as_str(), hook.url);
                                        view! {
                                            <li>
                                                <code>{hook.url}</code>
                                                " (" {hook.format.label()} ") "
                                                <ActionForm action=remove attr:class="inline-form">
                                                    <input type="hidden" name="challenge_id" value=challenge_id />
                                                    <input type="hidden" name="webhook_id" value=hook.webhook_id />
                                                    <button type="submit" class="button-quiet" aria-label=label>
                                                        "Remove"
                                                    </button>
                                                </ActionForm>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <FormError error=Signal::derive(move || Some(error.clone())) /> }.into_any(),
                }
            })}
        </Suspense>
        <ActionForm action=add attr:class="grid-form">
            <input type="hidden" name="challenge_id" value=challenge_id />
            <label>
                "Webhook address"
                <input type="url" name="url" required placeholder="https://hooks.slack.com/services/\u{2026}" />
            </label>
            <label>
                "Team chat"
                <select name="format">
                    {[WebhookFormat::Slack, WebhookFormat::Teams]
                        .into_iter()
                        .map(|format| view! { <option value=format.as_str()>{format.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || add.pending().get()>
                    "Connect team chat"
                </button>
            </div>
        </ActionForm>
        <FormError error />
    }
}
