//! Moderators compose the synthesis: the overall summary, up to three highlighted ideas per
//! theme (each with an optional quote), a preview of exactly what will be published, and
//! publishing (again, after edits; each publication is recorded).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::synthesis::{load_composer, publish_synthesis, save_summary, set_highlights},
    components::{
        error_notice::{error_text, ErrorNotice},
        require_sign_in::RequireSignIn,
        time::LocalTime,
    },
    domain::bounded_text,
    error::AppError,
    i18n::{t, t_string, td_string, use_i18n},
    model::{Composer, ComposerTheme, HighlightChoice, Viewer},
    pages::challenges::challenge::challenge_id_param,
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
    let i18n = use_i18n();
    let page_view = move |_viewer: Viewer| {
        view! {
            <Transition fallback=move || {
                view! { <p class="loading">{t!(i18n, synthesis.loading_synthesis)}</p> }
            }>
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
    let i18n = use_i18n();
    let title = composer.title.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run(
            outcome,
            td_string!(i18n.get_locale_untracked(), synthesis.summary_saved).to_owned(),
            save_summary(challenge_id, summary.get_untracked()),
        );
    };
    let publish = move |_| {
        confirming.set(false);
        outcome.set(None);
        let locale = i18n.get_locale_untracked();
        leptos::task::spawn_local(async move {
            let result = publish_synthesis(challenge_id).await.map(|count| {
                version.update(|v| *v += 1);
                if count == 1 {
                    td_string!(locale, synthesis.published_first).to_owned()
                } else {
                    td_string!(locale, synthesis.published_again, number = count).to_string()
                }
            });
            outcome.set(Some(result));
        });
    };
    view! {
        <Title text=move || {
            t_string!(i18n, synthesis.compose_title, title = title.clone()).to_string()
        } />
        <p class="eyebrow">
            <A href=format!("/challenges/{challenge_id}/board")>{t!(i18n, synthesis.back_to_board)}</A>
        </p>
        <h1>{t!(i18n, synthesis.compose_heading)}</h1>
        <p>
            {t!(
                i18n,
                synthesis.compose_intro,
                <link> = move |children: ChildrenFn| view! {
                    <A href=format!("/challenges/{challenge_id}/synthesis?preview=true")>{children()}</A>
                }
            )}
        </p>
        <div class="board-outcome" role="status" aria-live="polite">
            {move || match outcome.get() {
                Some(Ok(done)) => view! { <p class="notice notice-ok">{done}</p> }.into_any(),
                Some(Err(error)) => {
                    view! { <p class="notice notice-error">{error_text(&error, i18n.get_locale())}</p> }.into_any()
                }
                None => ().into_any(),
            }}
        </div>
        <form class="panel stack-form" on:submit=save>
            <label>
                {t!(i18n, synthesis.overall_summary)}
                <textarea
                    rows="6"
                    maxlength=bounded_text::SYNTHESIS_SUMMARY.max_chars
                    prop:value=move || summary.get()
                    on:input=move |ev| summary.set(event_target_value(&ev))
                ></textarea>
            </label>
            <div class="form-actions">
                <button type="submit" class="button">{t!(i18n, synthesis.save_summary)}</button>
            </div>
        </form>
        {composer.themes.is_empty().then(|| view! { <p class="empty-state">{t!(i18n, synthesis.no_themes)}</p> })}
        {composer
            .themes
            .into_iter()
            .map(|theme| view! { <ThemeHighlights challenge_id theme outcome /> })
            .collect_view()}
        <section class="panel" aria-labelledby="publish-heading">
            <h2 id="publish-heading">{t!(i18n, synthesis.publish_heading)}</h2>
            {move || {
                if confirming.get() {
                    view! {
                        <p>{t!(i18n, synthesis.publish_confirm)}</p>
                        <button type="button" class="button" on:click=publish>{t!(i18n, synthesis.yes_publish)}</button>
                        " "
                        <button type="button" class="button-quiet" on:click=move |_| confirming.set(false)>{t!(i18n, synthesis.not_yet)}</button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button type="button" class="button" on:click=move |_| confirming.set(true)>
                            {t!(i18n, synthesis.publish_synthesis)}
                        </button>
                    }
                        .into_any()
                }
            }}
            <h3>{t!(i18n, synthesis.publications)}</h3>
            {composer.publications.is_empty().then(|| view! { <p class="empty-state">{t!(i18n, synthesis.not_published_yet)}</p> })}
            <ul>
                {composer
                    .publications
                    .into_iter()
                    .map(|(at, by)| view! { <li><LocalTime at /> {t!(i18n, synthesis.published_by)} {by}</li> })
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
    let i18n = use_i18n();
    let save = move |_| {
        run(
            outcome,
            td_string!(
                i18n.get_locale_untracked(),
                synthesis.highlights_saved,
                theme = name.clone()
            )
            .to_string(),
            set_highlights(challenge_id, theme_id, chosen.get_untracked()),
        );
    };
    let count = theme.ideas.len() as i64;
    let label_name = theme.name.clone();
    view! {
        <section
            class="panel highlights"
            aria-label=move || {
                t_string!(i18n, synthesis.highlights_of, theme = label_name.clone()).to_string()
            }
        >
            <h2>{theme.name.clone()}</h2>
            <p class="meta">
                {t!(i18n, common.ideas, count = move || count)}
                {t!(i18n, synthesis.tick_up_to_three)}
            </p>
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
                                    " " {title.clone()} " ("
                                    {t!(i18n, common.votes, count = move || votes)} ")"
                                </label>
                                {move || {
                                    ticked()
                                        .then(|| {
                                            view! {
                                                <label class="quote">
                                                    {t!(i18n, synthesis.quote_optional)}
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
            <button type="button" class="button-quiet" on:click=save>{t!(i18n, synthesis.save_highlights)}</button>
        </section>
    }
}
