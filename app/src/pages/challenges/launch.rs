//! Leaders and admins launch a challenge. The question coach reads the question as it is typed
//! and says what would make it draw few answers.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::challenges::{launch_choices, LaunchChallenge},
    components::{
        error_notice::{ErrorNotice, FormError},
        markdown_field::MarkdownField,
        require_sign_in::RequireSignIn,
        time::{browser_now_ms, browser_utc_offset},
    },
    domain::{
        bounded_text,
        local_time::format_local,
        question_coach::{coach, Advice},
    },
    model::{LaunchOptions, Viewer},
};

const DEFAULT_DAYS_OPEN: i64 = 14;
const DAY_MS: i64 = 24 * 3600 * 1000;

#[component]
pub fn LaunchPage() -> impl IntoView {
    // Created once per page, outside `RequireSignIn` (see `HomePage`).
    let choices = Resource::new(|| (), |_| launch_choices());
    view! {
        <Title text="Launch a challenge \u{b7} Chorus" />
        <RequireSignIn page=move |viewer: Viewer| view! { <Launch viewer choices /> } />
    }
}

#[component]
fn Launch(
    viewer: Viewer,
    choices: Resource<Result<LaunchOptions, crate::error::AppError>>,
) -> impl IntoView {
    view! {
        <h1>"Launch a challenge"</h1>
        <p class="hint">
            "One clear question, asked of the right people for a fixed time. Narrow questions \
             (\u{201c}name a competitor\u{201d}) draw far more answers than broad ones \
             (\u{201c}name all competitors\u{201d})."
        </p>
        <Suspense fallback=|| view! { <p class="loading">"Loading\u{2026}"</p> }>
            {move || {
                let viewer = viewer.clone();
                Suspend::new(async move {
                    match choices.await {
                        Ok(choices) => view! { <LaunchForm choices viewer /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn LaunchForm(choices: LaunchOptions, viewer: Viewer) -> impl IntoView {
    let launch = ServerAction::<LaunchChallenge>::new();
    let error = Signal::derive(move || launch.value().get().and_then(Result::err));
    let question = RwSignal::new(String::new());
    let advice = Memo::new(move |_| coach(&question.get()));
    let dots = RwSignal::new(false);
    // Default times: from the next full hour for two weeks. The server renders them in UTC;
    // in the browser they are shown in local time, and the form sends the browser's offset
    // so the server stores the instants the leader meant.
    let utc_offset = RwSignal::new(0_i64);
    let default_times = RwSignal::new(suggested_times(choices.now, 0));
    Effect::new(move |_| {
        if let (Some(now), Some(offset)) = (browser_now_ms(), browser_utc_offset()) {
            utc_offset.set(offset);
            default_times.set(suggested_times(now, offset));
        }
    });
    view! {
        <ActionForm action=launch attr:class="panel stack-form launch-form">
            <input type="hidden" name="challenge[utc_offset_minutes]" value=move || utc_offset.get().to_string() />
            <label>
                "Title"
                <input
                    name="challenge[title]"
                    required
                    maxlength=bounded_text::CHALLENGE_TITLE.max_chars
                    placeholder="HR in 2030"
                />
            </label>
            <label>
                "The question (one sentence)"
                <input
                    name="challenge[question]"
                    required
                    maxlength=bounded_text::QUESTION.max_chars
                    placeholder="What is one thing HR should do differently by 2030?"
                    prop:value=move || question.get()
                    on:input=move |ev| question.set(event_target_value(&ev))
                    aria-describedby="coach"
                />
            </label>
            <QuestionCoach advice question />
            <MarkdownField
                name="challenge[brief]"
                label="Brief (Markdown): background, what is in and out of scope"
                max_chars=bounded_text::BRIEF.max_chars
                rows=6
                required=false
            />
            <label>
                "Sponsor"
                <select name="challenge[sponsor_id]">
                    {choices
                        .sponsors
                        .into_iter()
                        .map(|person| {
                            let selected = person.person_id == viewer.person_id;
                            view! {
                                <option value=person.person_id selected=selected>
                                    {person.display_name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="grid-form">
                <label>
                    "Opens"
                    <input
                        type="datetime-local"
                        name="challenge[opens_local]"
                        required
                        value=move || default_times.get().0
                    />
                </label>
                <label>
                    "Closes"
                    <input
                        type="datetime-local"
                        name="challenge[closes_local]"
                        required
                        value=move || default_times.get().1
                    />
                </label>
            </div>
            <p class="hint">"Times are in your time zone; everyone sees them in theirs."</p>
            <AudiencePicker departments=choices.departments regions=choices.regions />
            <fieldset>
                <legend>"Voting"</legend>
                <label class="choice">
                    <input
                        type="radio"
                        name="challenge[voting]"
                        value="one_per_idea"
                        checked
                        on:change=move |_| dots.set(false)
                    />
                    "One vote per idea, on as many ideas as people like"
                </label>
                <label class="choice">
                    <input
                        type="radio"
                        name="challenge[voting]"
                        value="dots"
                        on:change=move |_| dots.set(true)
                    />
                    "Dot voting: a budget of votes to spread"
                </label>
                <div class="grid-form" class:muted=move || !dots.get()>
                    <label>
                        "Votes per person"
                        <input type="number" name="challenge[vote_budget]" min="1" max="1000" value="5" />
                    </label>
                    <label>
                        "At most on one idea"
                        <input type="number" name="challenge[max_per_idea]" min="1" max="1000" value="2" />
                    </label>
                </div>
            </fieldset>
            <label class="choice">
                <input type="checkbox" name="challenge[hide_authors]" value="on" />
                "Hide authors' names from other participants (moderators still see them)"
            </label>
            <FormError error />
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || launch.pending().get()>
                    {move || if launch.pending().get() { "Launching\u{2026}" } else { "Launch challenge" }}
                </button>
            </div>
        </ActionForm>
    }
}

/// The coach's advice on the question so far, each with a rewrite to adopt in one click.
#[component]
fn QuestionCoach(advice: Memo<Vec<Advice>>, question: RwSignal<String>) -> impl IntoView {
    view! {
        <div id="coach" class="coach" aria-live="polite">
            {move || {
                let advice = advice.get();
                if advice.is_empty() {
                    if question.with(|q| q.trim().is_empty()) {
                        ().into_any()
                    } else {
                        view! { <p class="coach-ok">"\u{2713} A clear, answerable question."</p> }.into_any()
                    }
                } else {
                    view! {
                        <ul class="coach-advice">
                            {advice
                                .into_iter()
                                .map(|item| {
                                    let rewrite = item.rewrite.clone();
                                    view! {
                                        <li>
                                            <strong>"Tip: "</strong>
                                            {item.reason}
                                            {rewrite
                                                .map(|text| {
                                                    let label = format!("Use \u{201c}{text}\u{201d}");
                                                    view! {
                                                        " "
                                                        <button
                                                            type="button"
                                                            class="button-quiet"
                                                            on:click=move |_| question.set(text.clone())
                                                        >
                                                            {label}
                                                        </button>
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// Departments and regions to invite; nothing ticked invites everyone.
#[component]
fn AudiencePicker(departments: Vec<String>, regions: Vec<String>) -> impl IntoView {
    let boxes = |field: &'static str, names: Vec<String>| {
        names
            .into_iter()
            .enumerate()
            .map(|(index, name)| {
                view! {
                    <label class="choice">
                        <input type="checkbox" name=format!("challenge[{field}][{index}]") value=name.clone() />
                        {name}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset>
            <legend>"Audience"</legend>
            <p class="hint">
                "Leave everything unticked to invite everyone. Ticked departments and regions \
                 combine: \u{201c}HR\u{201d} and \u{201c}Europe\u{201d} invites HR in Europe."
            </p>
            <div class="audience-columns">
                <div>
                    <h3>"Departments"</h3>
                    {boxes("departments", departments)}
                </div>
                <div>
                    <h3>"Regions"</h3>
                    {boxes("regions", regions)}
                </div>
            </div>
        </fieldset>
    }
}

/// Opening at the next full hour after `now`, closing two weeks later, as `datetime-local`
/// values at `utc_offset` minutes from UTC.
fn suggested_times(now: i64, utc_offset: i64) -> (String, String) {
    let opens = now - now.rem_euclid(3_600_000) + 3_600_000;
    (
        format_local(opens, utc_offset),
        format_local(opens + DEFAULT_DAYS_OPEN * DAY_MS, utc_offset),
    )
}
