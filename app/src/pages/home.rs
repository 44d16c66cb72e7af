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
    model::{ChallengeList, ChallengeSummary, Phase, Viewer},
    pages::plural,
};

#[component]
pub fn HomePage() -> impl IntoView {
    // Resources are created here, once per page, not inside `RequireSignIn`'s suspense, which
    // the server may render more than once: their ids must match between server and browser.
    let challenges = Resource::new(|| (), |_| list_challenges());
    view! {
        <Title text="Home \u{b7} Chorus" />
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
    view! {
        <div class="page-head">
            <h1>"Welcome, " {first_name}</h1>
            {viewer
                .role
                .can_launch_challenges()
                .then(|| {
                    view! {
                        <A href="/challenges/new" attr:class="button">
                            "Launch a challenge"
                        </A>
                    }
                })}
        </div>
        <Suspense fallback=|| view! { <p class="loading">"Loading challenges\u{2026}"</p> }>
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
                        <h2 id="admin-heading">"Running this instance"</h2>
                        <ul class="link-list">
                            <li>
                                <A href="/admin/people">"Add and edit people, roles and password links"</A>
                            </li>
                            <li>
                                <A href="/admin/people/import">"Import people from an HR export (CSV)"</A>
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
    view! {
        <section aria-labelledby="open-heading">
            <h2 id="open-heading">"Open now"</h2>
            {open_empty
                .then(|| {
                    view! {
                        <p class="panel empty-state">
                            "No challenge is open right now. When leadership asks a question, it \
                             appears here with the time left to take part."
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
                        <h2 id="upcoming-heading">"Coming up"</h2>
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
                        <h2 id="closed-heading">"Closed"</h2>
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
    let mine = participation(&challenge);
    let when = match challenge.phase {
        Phase::Scheduled => view! {
            <span>"Opens " <LocalTime at=challenge.opens_at /></span>
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
            <span>{challenge.phase.label()} " \u{b7} closed " <LocalTime at=challenge.closes_at /></span>
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
                {when} " \u{b7} " {plural(challenge.idea_count, "idea", "ideas")}
            </p>
            <p class="participation">{mine}</p>
        </li>
    }
}

fn participation(challenge: &ChallengeSummary) -> String {
    let parts: Vec<String> = [
        (challenge.my_ideas, "idea", "ideas"),
        (challenge.my_votes, "vote", "votes"),
        (challenge.my_comments, "comment", "comments"),
    ]
    .into_iter()
    .filter(|(count, _, _)| *count > 0)
    .map(|(count, one, many)| plural(count, one, many))
    .collect();
    if parts.is_empty() {
        match challenge.phase {
            Phase::Open => "You have not taken part yet.".to_owned(),
            _ => String::new(),
        }
    } else {
        format!("You: {}", parts.join(", "))
    }
}
