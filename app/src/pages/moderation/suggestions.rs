//! "Suggest themes": the clustering's proposal, shown before anything changes. The moderator
//! ticks the themes to keep, renames them, or asks for more or fewer.

use leptos::prelude::*;

use super::{board::ThemeNameField, BoardState};
use crate::{
    api::moderation::{accept_themes, suggest_themes},
    model::{AcceptedTheme, BoardIdea, SuggestedTheme},
    pages::plural,
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
    let error = RwSignal::new(None::<String>);
    let ask = move |count: Option<usize>| {
        thinking.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let answer = suggest_themes(challenge_id, only_unsorted.get_untracked(), count).await;
            thinking.set(false);
            match answer {
                Ok(themes) => proposals.set(Some(themes.into_iter().map(proposal).collect())),
                Err(failure) => error.set(Some(failure.to_string())),
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
        let done = format!(
            "Accepted {}.",
            plural(themes.len() as i64, "suggested theme", "suggested themes")
        );
        proposals.set(None);
        state.perform(done, accept_themes(challenge_id, themes));
    };
    let title_of = move |idea_id: i64| super::title_of(ideas, idea_id);
    view! {
        <details class="panel suggestions">
            <summary>"Suggest themes"</summary>
            <form class="inline-form" on:submit=suggest>
                <fieldset class="choice">
                    <legend class="visually-hidden">"Which ideas"</legend>
                    <label>
                        <input type="radio" name="scope" prop:checked=move || !only_unsorted.get() on:change=move |_| only_unsorted.set(false) />
                        " All ideas"
                    </label>
                    <label>
                        <input type="radio" name="scope" prop:checked=move || only_unsorted.get() on:change=move |_| only_unsorted.set(true) />
                        " Only unsorted ideas"
                    </label>
                </fieldset>
                <label>
                    "Number of themes "
                    <input
                        type="number"
                        min="1"
                        max="100"
                        placeholder="Chorus chooses"
                        prop:value=move || wanted.get()
                        on:input=move |ev| wanted.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="button" disabled=move || thinking.get()>
                    "Suggest themes"
                </button>
            </form>
            {move || thinking.get().then(|| view! { <p class="loading" role="status">"Grouping the ideas\u{2026}"</p> })}
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {move || {
                proposals
                    .get()
                    .map(|list| {
                        let count = list.len();
                        view! {
                            <p>
                                {format!("{count} suggested themes. Nothing changes until you accept. ")}
                                "Untick the ones you do not want, and rename any."
                            </p>
                            <ol class="proposals">
                                {list
                                    .into_iter()
                                    .enumerate()
                                    .map(|(index, proposal)| {
                                        let name = proposal.name;
                                        let accepted = proposal.accepted;
                                        view! {
                                            <li class="proposal">
                                                <label>
                                                    <input type="checkbox" prop:checked=move || accepted.get() on:change=move |_| accepted.update(|a| *a = !*a) />
                                                    {format!(" Accept suggestion {}", index + 1)}
                                                </label>
                                                <ThemeNameField label="Name " name class="proposal-name" />
                                                <span class="meta">
                                                    {format!(
                                                        " {} \u{b7} {:.0}% alike",
                                                        plural(proposal.idea_ids.len() as i64, "idea", "ideas"),
                                                        proposal.confidence * 100.0,
                                                    )}
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
                                    "Accept ticked themes"
                                </button>
                                <button type="button" class="button-quiet" disabled=move || state.busy.get() on:click=move |_| accept(true)>
                                    "Accept all"
                                </button>
                                <button type="button" class="button-quiet" disabled=move || thinking.get() || count <= 1 on:click=move |_| resize(-1)>
                                    "Fewer themes"
                                </button>
                                <button type="button" class="button-quiet" disabled=move || thinking.get() on:click=move |_| resize(1)>
                                    "More themes"
                                </button>
                                <button type="button" class="button-quiet" on:click=move |_| proposals.set(None)>
                                    "Discard"
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
