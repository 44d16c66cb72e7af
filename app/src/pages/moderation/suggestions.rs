//! "Suggest themes": the clustering's proposal, shown before anything changes. The moderator
//! ticks the themes to keep, renames them, or asks for more or fewer.

use leptos::prelude::*;

use super::{board::ThemeNameField, BoardState};
use crate::{
    api::moderation::{accept_themes, suggest_themes},
    components::error_notice::FormError,
    error::AppError,
    i18n::{t, t_string, use_i18n},
    locale::format_percent,
    model::{AcceptedTheme, BoardIdea, SuggestedTheme},
};

/// A suggested theme as the moderator edits it.
#[derive(Clone)]
struct Proposal {
    name: RwSignal<String>,
    accepted: RwSignal<bool>,
    idea_ids: Vec<i64>,
    confidence: f64,
}

#[component]
pub(super) fn Suggestions(state: BoardState, ideas: StoredValue<Vec<BoardIdea>>) -> impl IntoView {
    let challenge_id = state.challenge_id.get_untracked();
    let only_unsorted = RwSignal::new(false);
    let wanted = RwSignal::new(String::new());
    let proposals = RwSignal::new(None::<Vec<Proposal>>);
    let thinking = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let i18n = use_i18n();
    let ask = move |count: Option<usize>| {
        thinking.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let answer = suggest_themes(challenge_id, only_unsorted.get_untracked(), count).await;
            thinking.set(false);
            match answer {
                Ok(themes) => proposals.set(Some(themes.into_iter().map(proposal).collect())),
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    let suggest = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let count = wanted.get_untracked().trim().parse::<usize>().ok();
        ask(count);
    };
    // More or fewer than the proposal on screen; the number box follows.
    let resize = move |step: isize| {
        let shown = proposals.with_untracked(|p| p.as_ref().map_or(0, Vec::len));
        let count = shown.saturating_add_signed(step).max(1);
        wanted.set(count.to_string());
        ask(Some(count));
    };
    let accept = move |all: bool| {
        let Some(list) = proposals.get_untracked() else {
            return;
        };
        let themes: Vec<AcceptedTheme> = list
            .iter()
            .filter(|proposal| all || proposal.accepted.get_untracked())
            .map(|proposal| AcceptedTheme {
                name: proposal.name.get_untracked(),
                idea_ids: proposal.idea_ids.clone(),
            })
            .collect();
        let done = t_string!(i18n, moderation.accepted_themes, count = themes.len()).to_string();
        proposals.set(None);
        state.perform(done, accept_themes(challenge_id, themes));
    };
    let title_of = move |idea_id: i64| super::title_of(ideas, idea_id);
    view! {
        <details class="panel suggestions">
            <summary>{t!(i18n, moderation.suggest_themes)}</summary>
            <form class="inline-form" on:submit=suggest>
                <fieldset class="choice">
                    <legend class="visually-hidden">{t!(i18n, moderation.which_ideas)}</legend>
                    <label>
                        <input type="radio" name="scope" prop:checked=move || !only_unsorted.get() on:change=move |_| only_unsorted.set(false) />
                        {t!(i18n, moderation.all_ideas)}
                    </label>
                    <label>
                        <input type="radio" name="scope" prop:checked=move || only_unsorted.get() on:change=move |_| only_unsorted.set(true) />
                        {t!(i18n, moderation.only_unsorted_ideas)}
                    </label>
                </fieldset>
                <label>
                    {t!(i18n, moderation.number_of_themes)}
                    <input
                        type="number"
                        min="1"
                        max="100"
                        placeholder=move || t_string!(i18n, moderation.chorus_chooses)
                        prop:value=move || wanted.get()
                        on:input=move |ev| wanted.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="button" disabled=move || thinking.get()>
                    {t!(i18n, moderation.suggest_themes)}
                </button>
            </form>
            {move || thinking.get().then(|| view! { <p class="loading" role="status">{t!(i18n, moderation.grouping_ideas)}</p> })}
            <FormError error />
            {move || {
                proposals
                    .get()
                    .map(|list| {
                        let count = list.len();
                        view! {
                            <p>
                                {t!(i18n, moderation.suggested_themes, count = move || count)}
                                {t!(i18n, moderation.untick_hint)}
                            </p>
                            <ol class="proposals">
                                {list
                                    .into_iter()
                                    .enumerate()
                                    .map(|(index, proposal)| {
                                        let name = proposal.name;
                                        let accepted = proposal.accepted;
                                        let idea_count = proposal.idea_ids.len();
                                        let percent = (proposal.confidence * 100.0).round() as i64;
                                        view! {
                                            <li class="proposal">
                                                <label>
                                                    <input type="checkbox" prop:checked=move || accepted.get() on:change=move |_| accepted.update(|a| *a = !*a) />
                                                    {t!(i18n, moderation.accept_suggestion, number = move || index + 1)}
                                                </label>
                                                <ThemeNameField label=move || t_string!(i18n, moderation.proposal_name) name class="proposal-name" />
                                                <span class="meta">
                                                    " " {t!(i18n, common.ideas, count = move || idea_count)} " \u{b7} "
                                                    {t!(i18n, moderation.alike, percent = move || format_percent(i18n.get_locale(), percent))}
                                                </span>
                                                <ul>
                                                    {proposal.idea_ids.iter().map(|&idea_id| view! { <li>{title_of(idea_id)}</li> }).collect_view()}
                                                </ul>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                            <div class="form-actions">
                                <button type="button" class="button" disabled=move || state.busy.get() on:click=move |_| accept(false)>
                                    {t!(i18n, moderation.accept_ticked)}
                                </button>
                                <button type="button" class="button-quiet" disabled=move || state.busy.get() on:click=move |_| accept(true)>
                                    {t!(i18n, moderation.accept_all)}
                                </button>
                                <button type="button" class="button-quiet" disabled=move || thinking.get() || count <= 1 on:click=move |_| resize(-1)>
                                    {t!(i18n, moderation.fewer_themes)}
                                </button>
                                <button type="button" class="button-quiet" disabled=move || thinking.get() on:click=move |_| resize(1)>
                                    {t!(i18n, moderation.more_themes)}
                                </button>
                                <button type="button" class="button-quiet" on:click=move |_| proposals.set(None)>
                                    {t!(i18n, moderation.discard)}
                                </button>
                            </div>
                        }
                    })
            }}
        </details>
    }
}

fn proposal(theme: SuggestedTheme) -> Proposal {
    Proposal {
        name: RwSignal::new(theme.name),
        accepted: RwSignal::new(true),
        idea_ids: theme.idea_ids,
        confidence: theme.confidence,
    }
}
