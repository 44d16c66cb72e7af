//! Leaders and admins: extend a challenge or close it early, and see every change made.

use leptos::prelude::*;

use crate::{
    api::{challenges::SetClosing, moderation::assign_moderator},
    components::{
        error_notice::FormError,
        time::{browser_utc_offset, LocalTime},
    },
    domain::local_time::format_local,
    error::AppError,
    model::{ChallengeDetail, ModeratorChoice, Phase},
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
