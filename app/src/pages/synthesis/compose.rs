//! Moderators compose the synthesis: the overall summary, up to three highlighted ideas per
//! theme (each with an optional quote), a preview of exactly what will be published, and
//! publishing (again, after edits; each publication is recorded).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::synthesis::{load_composer, publish_synthesis, save_summary, set_highlights},
    components::{error_notice::ErrorNotice, require_sign_in::RequireSignIn, time::LocalTime},
    domain::bounded_text,
    error::AppError,
    model::{Composer, ComposerTheme, HighlightChoice, Viewer},
    pages::{challenges::challenge::challenge_id_param, plural},
};

/// How the last save or publication went.
type Outcome = RwSignal<Option<Result<String, AppError>>>;

fn run<T>(
    outcome: Outcome,
    done: String,
    work: impl std::future::Future<Output = Result<T, AppError>> + 'static,
) {
    outcome.set(None);
    leptos::task::spawn_local(async move {
        outcome.set(Some(work.await.map(|_| done)));
    });
}

#[component]
pub fn ComposePage() -> impl IntoView {
    let challenge_id = challenge_id_param();
    let version = RwSignal::new(0_u32);
    let data = Resource::new(
        move || (challenge_id.get(), version.get()),
        |(challenge_id, _)| load_composer(challenge_id),
    );
    let outcome: Outcome = RwSignal::new(None);
    let page_view = move |_viewer: Viewer| {
        view! {
            <Transition fallback=|| view! { <p class="loading">"Loading the synthesis\u{2026}"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(composer) => view! { <ComposeView composer outcome version /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        }
    };
    view! { <RequireSignIn page=page_view /> }
}

#[component]
fn ComposeView(composer: Composer, outcome: Outcome, version: RwSignal<u32>) -> impl IntoView {
    let challenge_id = composer.challenge_id;
    let summary = RwSignal::new(composer.summary.clone());
    let confirming = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run(
            outcome,
            "Summary saved.".to_owned(),
            save_summary(challenge_id, summary.get_untracked()),
        );
    };
    let publish = move |_| {
        confirming.set(false);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = publish_synthesis(challenge_id).await.map(|count| {
                version.update(|v| *v += 1);
                if count == 1 {
                    "Published. Everyone who took part has been notified.".to_owned()
                } else {
                    format!(
                        "Published again (publication {count}). Participants have been notified."
                    )
                }
            });
            outcome.set(Some(result));
        });
    };
    view! {
        <Title text=format!("Compose the synthesis: {} \u{b7} Chorus", composer.title) />
        <p class="eyebrow">
            <A href=format!("/challenges/{challenge_id}/board")>"\u{2190} Moderation board"</A>
        </p>
        <h1>"Compose the synthesis"</h1>
        <p>
            "Themes, their order and summaries come from the board. Here you write the overall summary and pick up to three highlights per theme. "
            <A href=format!("/challenges/{challenge_id}/synthesis?preview=true")>"Preview exactly what will be published"</A>
            "."
        </p>
        <div class="board-outcome" role="status" aria-live="polite">
            {move || match outcome.get() {
                Some(Ok(done)) => view! { <p class="notice notice-ok">{done}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice-error">{error.to_string()}</p> }.into_any(),
                None => ().into_any(),
            }}
        </div>
        <form class="panel stack-form" on:submit=save>
            <label>
                "Overall summary (Markdown)"
                <textarea
                    rows="6"
                    maxlength=bounded_text::SYNTHESIS_SUMMARY.max_chars
                    prop:value=move || summary.get()
                    on:input=move |ev| summary.set(event_target_value(&ev))
                ></textarea>
            </label>
            <div class="form-actions">
                <button type="submit" class="button">"Save summary"</button>
            </div>
        </form>
        {composer.themes.is_empty().then(|| view! { <p class="empty-state">"No themes yet: create them on the moderation board first."</p> })}
        {composer
            .themes
            .into_iter()
            .map(|theme| view! { <ThemeHighlights challenge_id theme outcome /> })
            .collect_view()}
        <section class="panel" aria-labelledby="publish-heading">
            <h2 id="publish-heading">"Publish"</h2>
            {move || {
                if confirming.get() {
                    view! {
                        <p>"Publish to everyone invited to the challenge and notify everyone who took part?"</p>
                        <button type="button" class="button" on:click=publish>"Yes, publish"</button>
                        " "
                        <button type="button" class="button-quiet" on:click=move |_| confirming.set(false)>"Not yet"</button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button type="button" class="button" on:click=move |_| confirming.set(true)>
                            "Publish the synthesis\u{2026}"
                        </button>
                    }
                        .into_any()
                }
            }}
            <h3>"Publications"</h3>
            {composer.publications.is_empty().then(|| view! { <p class="empty-state">"Not published yet."</p> })}
            <ul>
                {composer
                    .publications
                    .into_iter()
                    .map(|(at, by)| view! { <li><LocalTime at /> " by " {by}</li> })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// One theme's highlights: tick up to three of its ideas and give each an optional quote.
#[component]
fn ThemeHighlights(challenge_id: i64, theme: ComposerTheme, outcome: Outcome) -> impl IntoView {
    let theme_id = theme.theme_id;
    let chosen = RwSignal::new(theme.highlights.clone());
    let name = theme.name.clone();
    let save = move |_| {
        run(
            outcome,
            format!("Highlights of \u{201c}{name}\u{201d} saved."),
            set_highlights(challenge_id, theme_id, chosen.get_untracked()),
        );
    };
    let count = theme.ideas.len() as i64;
    view! {
        <section class="panel highlights" aria-label=format!("Highlights of {}", theme.name)>
            <h2>{theme.name.clone()}</h2>
            <p class="meta">{plural(count, "idea", "ideas")} " \u{b7} tick up to three to highlight"</p>
            <ul class="highlight-choices">
                {theme
                    .ideas
                    .into_iter()
                    .map(|(idea_id, title, votes)| {
                        let ticked = move || chosen.read().iter().any(|h| h.idea_id == idea_id);
                        let toggle = move |_| {
                            chosen.update(|list| {
                                if let Some(at) = list.iter().position(|h| h.idea_id == idea_id) {
                                    list.remove(at);
                                } else {
                                    list.push(HighlightChoice { idea_id, quote: None });
                                }
                            })
                        };
                        let quote = move || {
                            chosen
                                .read()
                                .iter()
                                .find(|h| h.idea_id == idea_id)
                                .and_then(|h| h.quote.clone())
                                .unwrap_or_default()
                        };
                        let set_quote = move |ev| {
                            let text = event_target_value(&ev);
                            chosen.update(|list| {
                                if let Some(highlight) = list.iter_mut().find(|h| h.idea_id == idea_id) {
                                    highlight.quote = Some(text);
                                }
                            })
                        };
                        view! {
                            <li>
                                <label>
                                    <input type="checkbox" prop:checked=ticked on:change=toggle />
                                    " " {title.clone()} {format!(" ({})", plural(votes, "vote", "votes"))}
                                </label>
                                {move || {
                                    ticked()
                                        .then(|| {
                                            view! {
                                                <label class="quote">
                                                    "Quote (optional) "
                                                    <input
                                                        maxlength=bounded_text::HIGHLIGHT_QUOTE.max_chars
                                                        prop:value=quote
                                                        on:input=set_quote
                                                    />
                                                </label>
                                            }
                                        })
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <button type="button" class="button-quiet" on:click=save>"Save highlights"</button>
        </section>
    }
}
