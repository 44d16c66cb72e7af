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
    i18n::{t, t_string, use_i18n},
    model::{LaunchOptions, Viewer},
};

const DEFAULT_DAYS_OPEN: i64 = 14;
const DAY_MS: i64 = 24 * 3600 * 1000;

#[component]
pub fn LaunchPage() -> impl IntoView {
    // Created once per page, outside `RequireSignIn` (see `HomePage`).
    let choices = Resource::new(|| (), |_| launch_choices());
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, launch.page_title) />
        <RequireSignIn page=move |viewer: Viewer| view! { <Launch viewer choices /> } />
    }
}

#[component]
fn Launch(
    viewer: Viewer,
    choices: Resource<Result<LaunchOptions, crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, launch.heading)}</h1>
        <p class="hint">{t!(i18n, launch.intro)}</p>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
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
    let i18n = use_i18n();
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
                {t!(i18n, launch.title_label)}
                <input
                    name="challenge[title]"
                    required
                    maxlength=bounded_text::CHALLENGE_TITLE.max_chars
                    placeholder=move || t_string!(i18n, launch.title_placeholder)
                />
            </label>
            <label>
                {t!(i18n, launch.question_label)}
                <input
                    name="challenge[question]"
                    required
                    maxlength=bounded_text::QUESTION.max_chars
                    placeholder=move || t_string!(i18n, launch.question_placeholder)
                    prop:value=move || question.get()
                    on:input=move |ev| question.set(event_target_value(&ev))
                    aria-describedby="coach"
                />
            </label>
            <QuestionCoach advice question />
            <MarkdownField
                name="challenge[brief]"
                label=move || t_string!(i18n, launch.brief_label)
                max_chars=bounded_text::BRIEF.max_chars
                rows=6
                required=false
            />
            <label>
                {t!(i18n, launch.sponsor)}
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
                    {t!(i18n, launch.opens)}
                    <input
                        type="datetime-local"
                        name="challenge[opens_local]"
                        required
                        value=move || default_times.get().0
                    />
                </label>
                <label>
                    {t!(i18n, launch.closes)}
                    <input
                        type="datetime-local"
                        name="challenge[closes_local]"
                        required
                        value=move || default_times.get().1
                    />
                </label>
            </div>
            <p class="hint">{t!(i18n, launch.times_hint)}</p>
            <AudiencePicker departments=choices.departments regions=choices.regions />
            <fieldset>
                <legend>{t!(i18n, launch.voting)}</legend>
                <label class="choice">
                    <input
                        type="radio"
                        name="challenge[voting]"
                        value="one_per_idea"
                        checked
                        on:change=move |_| dots.set(false)
                    />
                    {t!(i18n, launch.voting_one_per_idea)}
                </label>
                <label class="choice">
                    <input
                        type="radio"
                        name="challenge[voting]"
                        value="dots"
                        on:change=move |_| dots.set(true)
                    />
                    {t!(i18n, launch.voting_dots)}
                </label>
                <div class="grid-form" class:muted=move || !dots.get()>
                    <label>
                        {t!(i18n, launch.votes_per_person)}
                        <input type="number" name="challenge[vote_budget]" min="1" max="1000" value="5" />
                    </label>
                    <label>
                        {t!(i18n, launch.max_per_idea)}
                        <input type="number" name="challenge[max_per_idea]" min="1" max="1000" value="2" />
                    </label>
                </div>
            </fieldset>
            <label class="choice">
                <input type="checkbox" name="challenge[hide_authors]" value="on" />
                {t!(i18n, launch.hide_authors)}
            </label>
            <FormError error />
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || launch.pending().get()>
                    {move || {
                        if launch.pending().get() {
                            t_string!(i18n, launch.launching)
                        } else {
                            t_string!(i18n, launch.launch_button)
                        }
                    }}
                </button>
            </div>
        </ActionForm>
    }
}

/// The coach's advice on the question so far, each with a rewrite to adopt in one click.
#[component]
fn QuestionCoach(advice: Memo<Vec<Advice>>, question: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div id="coach" class="coach" aria-live="polite">
            {move || {
                let advice = advice.get();
                if advice.is_empty() {
                    if question.with(|q| q.trim().is_empty()) {
                        ().into_any()
                    } else {
                        view! { <p class="coach-ok">{t!(i18n, launch.coach_ok)}</p> }.into_any()
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
                                            <strong>{t!(i18n, launch.coach_tip)}</strong>
                                            {item.reason}
                                            {rewrite
                                                .map(|text| {
                                                    let label = {
                                                        let text = text.clone();
                                                        move || {
                                                            t_string!(i18n, launch.coach_use_rewrite, text = text.clone())
                                                                .to_string()
                                                        }
                                                    };
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
    let i18n = use_i18n();
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
            <legend>{t!(i18n, launch.audience)}</legend>
            <p class="hint">{t!(i18n, launch.audience_hint)}</p>
            <div class="audience-columns">
                <div>
                    <h3>{t!(i18n, launch.departments)}</h3>
                    {boxes("departments", departments)}
                </div>
                <div>
                    <h3>{t!(i18n, launch.regions)}</h3>
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
