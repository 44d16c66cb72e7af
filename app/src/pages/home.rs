//! The landing page after sign-in: open challenges with their countdown and the viewer's own
//! participation, then upcoming and closed ones.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::challenges::list_challenges,
    components::{
        error_notice::ErrorNotice,
        require_sign_in::RequireSignIn,
        time::{use_now, Countdown, LocalTime},
    },
    i18n::{t, t_string, td_string, use_i18n, Locale},
    model::{ChallengeList, ChallengeSummary, Phase, Viewer},
};

#[component]
pub fn HomePage() -> impl IntoView {
    // Resources are created here, once per page, not inside `RequireSignIn`'s suspense, which
    // the server may render more than once: their ids must match between server and browser.
    let challenges = Resource::new(|| (), |_| list_challenges());
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, common.home_title) />
        <RequireSignIn page=move |viewer: Viewer| view! { <Home viewer challenges /> } />
    }
}

#[component]
fn Home(
    viewer: Viewer,
    challenges: Resource<Result<ChallengeList, crate::error::AppError>>,
) -> impl IntoView {
    let first_name = viewer
        .display_name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    let i18n = use_i18n();
    view! {
        <div class="page-head">
            <h1>{t!(i18n, common.welcome, name = move || first_name.clone())}</h1>
            {viewer
                .role
                .can_launch_challenges()
                .then(|| {
                    view! {
                        <A href="/challenges/new" attr:class="button">
                            {t!(i18n, common.launch_challenge)}
                        </A>
                    }
                })}
        </div>
        <Suspense fallback=move || {
            view! { <p class="loading">{t!(i18n, common.loading_challenges)}</p> }
        }>
            {move || Suspend::new(async move {
                match challenges.await {
                    Ok(list) => view! { <ChallengeSections list /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        {viewer
            .role
            .can_manage_people()
            .then(|| {
                view! {
                    <section class="panel" aria-labelledby="admin-heading">
                        <h2 id="admin-heading">{t!(i18n, common.running_instance)}</h2>
                        <ul class="link-list">
                            <li>
                                <A href="/admin/people">{t!(i18n, common.manage_people_link)}</A>
                            </li>
                            <li>
                                <A href="/admin/people/import">{t!(i18n, common.import_people_link)}</A>
                            </li>
                        </ul>
                    </section>
                }
            })}
    }
}

#[component]
fn ChallengeSections(list: ChallengeList) -> impl IntoView {
    let now = use_now(list.now);
    let in_phase = |phases: &[Phase]| -> Vec<ChallengeSummary> {
        list.challenges
            .iter()
            .filter(|challenge| phases.contains(&challenge.phase))
            .cloned()
            .collect()
    };
    let open = in_phase(&[Phase::Open]);
    let upcoming = in_phase(&[Phase::Scheduled]);
    let mut closed = in_phase(&[Phase::Closed, Phase::Published]);
    closed.reverse();
    let open_empty = open.is_empty();
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="open-heading">
            <h2 id="open-heading">{t!(i18n, common.open_now)}</h2>
            {open_empty
                .then(|| {
                    view! {
                        <p class="panel empty-state">
                            {t!(i18n, common.no_open_challenge)}
                        </p>
                    }
                })}
            <ul class="challenge-cards">
                {open
                    .into_iter()
                    .map(|challenge| view! { <ChallengeCard challenge now /> })
                    .collect_view()}
            </ul>
        </section>
        {(!upcoming.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="upcoming-heading">
                        <h2 id="upcoming-heading">{t!(i18n, common.coming_up)}</h2>
                        <ul class="challenge-cards">
                            {upcoming
                                .into_iter()
                                .map(|challenge| view! { <ChallengeCard challenge now /> })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
        {(!closed.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="closed-heading">
                        <h2 id="closed-heading">{t!(i18n, common.closed_heading)}</h2>
                        <ul class="challenge-cards">
                            {closed
                                .into_iter()
                                .map(|challenge| view! { <ChallengeCard challenge now /> })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })}
    }
}

#[component]
fn ChallengeCard(challenge: ChallengeSummary, now: ReadSignal<i64>) -> impl IntoView {
    let href = format!("/challenges/{}", challenge.challenge_id);
    let i18n = use_i18n();
    let mine = {
        let challenge = challenge.clone();
        move || participation(&challenge, i18n.get_locale())
    };
    let phase = challenge.phase;
    let idea_count = challenge.idea_count;
    let when = match phase {
        Phase::Scheduled => view! {
            <span>{t!(i18n, common.opens_at)} <LocalTime at=challenge.opens_at /></span>
        }
        .into_any(),
        Phase::Open => {
            let closes_at = challenge.closes_at;
            view! {
                <strong class="countdown">
                    <Countdown now until=closes_at />
                </strong>
            }
            .into_any()
        }
        Phase::Closed | Phase::Published => view! {
            <span>
                {move || phase.name(i18n.get_locale())} {t!(i18n, common.closed_at)}
                <LocalTime at=challenge.closes_at />
            </span>
        }
        .into_any(),
    };
    view! {
        <li class="panel challenge-card">
            <h3>
                <A href=href>{challenge.title}</A>
            </h3>
            <p class="question">{challenge.question}</p>
            <p class="meta">
                {when} " \u{b7} " {t!(i18n, common.ideas, count = move || idea_count)}
            </p>
            <p class="participation">{mine}</p>
        </li>
    }
}

/// "You: 2 ideas, 5 votes", or a nudge while the challenge is open.
fn participation(challenge: &ChallengeSummary, locale: Locale) -> String {
    let mut parts = Vec::new();
    if challenge.my_ideas > 0 {
        parts.push(td_string!(locale, common.ideas, count = challenge.my_ideas).to_string());
    }
    if challenge.my_votes > 0 {
        parts.push(td_string!(locale, common.votes, count = challenge.my_votes).to_string());
    }
    if challenge.my_comments > 0 {
        parts.push(td_string!(locale, common.comments, count = challenge.my_comments).to_string());
    }
    if !parts.is_empty() {
        let parts = parts.join(", ");
        td_string!(locale, common.you_took_part, parts).to_string()
    } else if challenge.phase == Phase::Open {
        td_string!(locale, common.not_taken_part).to_owned()
    } else {
        String::new()
    }
}
