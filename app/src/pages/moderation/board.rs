//! The board page: a column per theme plus the unsorted pile. Ideas move by drag-and-drop, or
//! by keyboard: tick them, choose a theme, press Move.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::{queue::Queue, suggestions::Suggestions, BoardState};
use crate::{
    api::moderation::{
        create_theme, delete_theme, edit_theme, hide, load_board, merge_ideas, move_ideas,
        reorder_theme, undo,
    },
    components::{
        error_notice::{error_text, ErrorNotice},
        require_sign_in::RequireSignIn,
    },
    domain::bounded_text,
    i18n::{t, t_string, use_i18n},
    model::{Board, BoardIdea, ThemeView, Viewer, THEME_COLOURS},
    pages::challenges::challenge::challenge_id_param,
};

/// The resource and the board's state are created here, outside `RequireSignIn`, so they are
/// made once per page (see `ChallengePage`).
#[component]
pub fn BoardPage() -> impl IntoView {
    let state = BoardState::new(challenge_id_param());
    let board = Resource::new(
        move || (state.challenge_id.get(), state.version.get()),
        |(challenge_id, _)| load_board(challenge_id),
    );
    let i18n = use_i18n();
    let page_view = move |_viewer: Viewer| {
        view! {
            <Transition fallback=move || {
                view! { <p class="loading">{t!(i18n, moderation.loading_board)}</p> }
            }>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(board) => view! { <BoardView board state /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        }
    };
    view! { <RequireSignIn page=page_view /> }
}

#[component]
fn BoardView(board: Board, state: BoardState) -> impl IntoView {
    let challenge_id = board.challenge_id;
    let themes = StoredValue::new(board.themes.clone());
    let ideas = StoredValue::new(board.ideas.clone());
    let shown = move |theme_id: Option<i64>| -> Vec<BoardIdea> {
        ideas
            .get_value()
            .into_iter()
            .filter(|idea| idea.hidden.is_none() && idea.theme_id == theme_id)
            .collect()
    };
    let nothing_to_undo = board.undo.is_none();
    let theme_count = board.themes.len();
    let queue = board.clone();
    let i18n = use_i18n();
    let board_title = board.title.clone();
    let undo_summary = board.undo.clone();
    view! {
        <Title text=move || t_string!(i18n, moderation.page_title, title = board_title.clone()).to_string() />
        <p class="eyebrow">
            <A href=format!("/challenges/{challenge_id}")>"\u{2190} " {board.title.clone()}</A>
        </p>
        <h1>{t!(i18n, moderation.moderation_board)}</h1>
        <div class="board-toolbar">
            <button
                type="button"
                class="button-quiet"
                disabled=move || nothing_to_undo || state.busy.get()
                on:click=move |_| state.perform(t_string!(i18n, moderation.undone), undo(challenge_id))
            >
                {move || match &undo_summary {
                    Some(summary) => t_string!(i18n, moderation.undo_summary, summary = summary.clone()).to_string(),
                    None => t_string!(i18n, moderation.nothing_to_undo).to_owned(),
                }}
            </button>
            <NewTheme state challenge_id colour=THEME_COLOURS[board.themes.len() % THEME_COLOURS.len()] />
        </div>
        <Outcome state />
        <SelectionBar state themes ideas />
        <Suggestions state ideas />
        // Escape anywhere on the board clears the selection.
        <div
            class="board-columns"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    state.selected.set(Vec::new());
                }
            }
        >
            <Column state theme=None ideas=shown(None) theme_count />
            {board
                .themes
                .iter()
                .map(|theme| view! { <Column state theme=Some(theme.clone()) ideas=shown(Some(theme.theme_id)) theme_count /> })
                .collect_view()}
        </div>
        <Queue state board=queue />
    }
}

/// What the last action did or why it failed, announced to screen readers.
#[component]
fn Outcome(state: BoardState) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="board-outcome" role="status" aria-live="polite">
            {move || match state.outcome.get() {
                Some(Ok(done)) => view! { <p class="notice notice-ok">{done}</p> }.into_any(),
                Some(Err(error)) => {
                    view! { <p class="notice notice-error">{error_text(&error, i18n.get_locale())}</p> }.into_any()
                }
                None if state.busy.get() => view! { <p class="loading">{t!(i18n, moderation.saving)}</p> }.into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}

#[component]
fn NewTheme(state: BoardState, challenge_id: i64, colour: &'static str) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let i18n = use_i18n();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let theme_name = name.get_untracked();
        name.set(String::new());
        state.perform(
            t_string!(i18n, moderation.theme_added, name = theme_name.trim()).to_string(),
            create_theme(challenge_id, theme_name, colour.to_owned()),
        );
    };
    view! {
        <form class="inline-form" on:submit=add>
            <ThemeNameField label=move || t_string!(i18n, moderation.new_theme) name />
            <button type="submit" class="button" disabled=move || state.busy.get()>
                {t!(i18n, moderation.add_theme)}
            </button>
        </form>
    }
}

/// A theme's name as typed, within the length a theme name may have.
#[component]
pub(super) fn ThemeNameField(
    #[prop(into)] label: TextProp,
    name: RwSignal<String>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <label>
            {move || label.get().to_string()}
            <input
                class=class
                required
                maxlength=bounded_text::THEME_NAME.max_chars
                prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))
            />
        </label>
    }
}

/// Shown while ideas are ticked: move them to a theme, merge them, or hide them.
#[component]
fn SelectionBar(
    state: BoardState,
    themes: StoredValue<Vec<ThemeView>>,
    ideas: StoredValue<Vec<BoardIdea>>,
) -> impl IntoView {
    let challenge_id = state.challenge_id.get_untracked();
    let destination = RwSignal::new(String::new());
    let keep = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let title_of = move |idea_id: i64| super::title_of(ideas, idea_id);
    let i18n = use_i18n();
    let move_selected = move |_| {
        let chosen = destination.get_untracked();
        let theme_id = chosen.parse::<i64>().ok();
        let name = themes
            .get_value()
            .into_iter()
            .find(|theme| Some(theme.theme_id) == theme_id)
            .map_or_else(
                || t_string!(i18n, moderation.unsorted).to_owned(),
                |theme| theme.name,
            );
        let selected = state.selected.get_untracked();
        state.perform(
            t_string!(
                i18n,
                moderation.moved_ideas,
                count = selected.len(),
                theme = name
            )
            .to_string(),
            move_ideas(challenge_id, selected, theme_id),
        );
    };
    let merge_selected = move |_| {
        let selected = state.selected.get_untracked();
        let target = keep
            .get_untracked()
            .parse::<i64>()
            .ok()
            .filter(|id| selected.contains(id))
            .or_else(|| selected.first().copied());
        let Some(target) = target else { return };
        let sources: Vec<i64> = selected.into_iter().filter(|&id| id != target).collect();
        let done = t_string!(
            i18n,
            moderation.merged_ideas,
            count = sources.len(),
            title = title_of(target)
        )
        .to_string();
        state.perform(done, async move {
            for source in sources {
                merge_ideas(challenge_id, target, source).await?;
            }
            Ok(())
        });
    };
    let hide_selected = move |_| {
        let selected = state.selected.get_untracked();
        let why = reason.get_untracked();
        reason.set(String::new());
        let done = t_string!(i18n, moderation.hid_ideas, count = selected.len()).to_string();
        state.perform(done, async move {
            for idea_id in selected {
                hide(challenge_id, Some(idea_id), None, why.clone()).await?;
            }
            Ok(())
        });
    };
    move || {
        let selected = state.selected.get();
        (!selected.is_empty()).then(|| {
            let count = selected.len();
            view! {
                <section class="selection-bar" aria-label=move || t_string!(i18n, moderation.selected_ideas)>
                    <p>
                        <strong>{t!(i18n, moderation.selected_count, count = move || count)}</strong>
                        " "
                        <button type="button" class="button-quiet" on:click=move |_| state.selected.set(Vec::new())>
                            {t!(i18n, moderation.clear_selection)}
                        </button>
                    </p>
                    <div class="inline-form">
                        <label>
                            {t!(i18n, moderation.move_to)}
                            <select on:change=move |ev| destination.set(event_target_value(&ev)) prop:value=move || destination.get()>
                                <option value="">{t!(i18n, moderation.unsorted)}</option>
                                {themes
                                    .get_value()
                                    .into_iter()
                                    .map(|theme| view! { <option value=theme.theme_id.to_string()>{theme.name}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <button type="button" class="button" disabled=move || state.busy.get() on:click=move_selected>
                            {t!(i18n, moderation.move_button)}
                        </button>
                    </div>
                    {(count >= 2)
                        .then(|| {
                            view! {
                                <div class="inline-form">
                                    <label>
                                        {t!(i18n, moderation.merge_into)}
                                        <select on:change=move |ev| keep.set(event_target_value(&ev))>
                                            {selected
                                                .iter()
                                                .map(|&idea_id| view! { <option value=idea_id.to_string()>{title_of(idea_id)}</option> })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <button type="button" class="button" disabled=move || state.busy.get() on:click=merge_selected>
                                        {t!(i18n, moderation.merge_duplicates)}
                                    </button>
                                </div>
                            }
                        })}
                    <div class="inline-form">
                        <label>
                            {t!(i18n, moderation.hide_because)}
                            <input
                                maxlength=bounded_text::HIDING_REASON.max_chars
                                placeholder=move || t_string!(i18n, moderation.hide_reason_placeholder)
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))
                            />
                        </label>
                        <button type="button" class="button-danger" disabled=move || state.busy.get() on:click=hide_selected>
                            {t!(i18n, moderation.hide)}
                        </button>
                    </div>
                </section>
            }
        })
    }
}

/// One theme (or the unsorted pile, with `theme: None`): a drop target with its cards.
#[component]
fn Column(
    state: BoardState,
    theme: Option<ThemeView>,
    ideas: Vec<BoardIdea>,
    theme_count: usize,
) -> impl IntoView {
    let challenge_id = state.challenge_id.get_untracked();
    let theme_id = theme.as_ref().map(|theme| theme.theme_id);
    let i18n = use_i18n();
    let theme_name = theme.as_ref().map(|theme| theme.name.clone());
    // The unsorted pile's hook for scripts and styles stays in English; people read its name in
    // their language.
    let hook = theme_name.clone().unwrap_or_else(|| "Unsorted".to_owned());
    let name = move || {
        theme_name
            .clone()
            .unwrap_or_else(|| t_string!(i18n, moderation.unsorted).to_owned())
    };
    let colour = theme
        .as_ref()
        .map_or_else(|| "#8a8f98".to_owned(), |theme| theme.colour.clone());
    let over = RwSignal::new(false);
    let drop_name = name.clone();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        let dragged = state.dragging.get_untracked();
        state.dragging.set(Vec::new());
        if dragged.is_empty() {
            return;
        }
        state.perform(
            t_string!(
                i18n,
                moderation.moved_ideas,
                count = dragged.len(),
                theme = drop_name()
            )
            .to_string(),
            move_ideas(challenge_id, dragged, theme_id),
        );
    };
    let count = ideas.len() as i64;
    view! {
        <section
            class="board-column"
            class:drop-target=move || over.get()
            style=format!("--theme-colour: {colour}")
            data-theme=hook
            aria-label=name.clone()
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <header class="board-column-head">
                <h2>{name.clone()}</h2>
                <span class="count">{t!(i18n, common.ideas, count = move || count)}</span>
            </header>
            {theme.map(|theme| view! { <ThemeEditor state theme theme_count /> })}
            {(count == 0).then(|| view! { <p class="empty-state">{t!(i18n, moderation.drop_ideas_here)}</p> })}
            <ul class="board-cards">
                {ideas.into_iter().map(|idea| view! { <Card state idea /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Card(state: BoardState, idea: BoardIdea) -> impl IntoView {
    let idea_id = idea.idea_id;
    let challenge_id = state.challenge_id.get_untracked();
    let selected = move || state.selected.read().contains(&idea_id);
    let i18n = use_i18n();
    let (votes, comments) = (idea.votes, idea.comments);
    let on_drag_start = move |ev: leptos::ev::DragEvent| {
        // Dragging a ticked card takes every ticked card along.
        let dragged = if selected() {
            state.selected.get_untracked()
        } else {
            vec![idea_id]
        };
        // Some browsers start a drag only when it carries data. (Handlers run only in the
        // browser, where web-sys has `DataTransfer`.)
        #[cfg(feature = "hydrate")]
        if let Some(transfer) = ev.data_transfer() {
            transfer.set_effect_allowed("move");
            let _ = transfer.set_data("text/plain", &idea_id.to_string());
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
        state.dragging.set(dragged);
    };
    view! {
        <li class="board-card" class:selected=selected draggable="true" data-idea-id=idea_id on:dragstart=on_drag_start>
            <label>
                <input type="checkbox" prop:checked=selected on:change=move |_| state.toggle(idea_id) />
                " "
                <strong>{idea.title.clone()}</strong>
            </label>
            <p class="first-line">{idea.first_line.clone()}</p>
            <p class="meta">
                {t!(i18n, common.votes, count = move || votes)} " \u{b7} " {t!(i18n, common.comments, count = move || comments)}
                " \u{b7} " <A href=format!("/challenges/{challenge_id}/ideas/{idea_id}")>{t!(i18n, moderation.open_idea)}</A>
            </p>
        </li>
    }
}

/// A theme's name, colour and summary, edited in place; and deleting it.
#[component]
fn ThemeEditor(state: BoardState, theme: ThemeView, theme_count: usize) -> impl IntoView {
    let challenge_id = state.challenge_id.get_untracked();
    let editing = RwSignal::new(false);
    let theme_id = theme.theme_id;
    let name = RwSignal::new(theme.name.clone());
    let colour = RwSignal::new(theme.colour.clone());
    let summary = RwSignal::new(theme.summary.clone());
    let i18n = use_i18n();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        editing.set(false);
        state.perform(
            t_string!(i18n, moderation.theme_saved),
            edit_theme(
                challenge_id,
                theme_id,
                name.get_untracked(),
                summary.get_untracked(),
                colour.get_untracked(),
            ),
        );
    };
    let old_name = theme.name.clone();
    let remove = move |_| {
        state.perform(
            t_string!(i18n, moderation.theme_deleted, name = old_name.clone()).to_string(),
            delete_theme(challenge_id, theme_id),
        )
    };
    let summary_shown = theme.summary.clone();
    let first = theme.position == 0;
    let last = theme.position + 1 == theme_count;
    let reorder = move |earlier: bool| {
        let done = if earlier {
            t_string!(i18n, moderation.theme_moved_earlier)
        } else {
            t_string!(i18n, moderation.theme_moved_later)
        };
        state.perform(done, reorder_theme(challenge_id, theme_id, earlier));
    };
    move || {
        if editing.get() {
            view! {
                <form class="stack-form theme-editor" on:submit=save>
                    <ThemeNameField label=move || t_string!(i18n, moderation.theme_name) name />
                    <label>
                        {t!(i18n, moderation.colour)}
                        <input type="color" prop:value=move || colour.get() on:input=move |ev| colour.set(event_target_value(&ev)) />
                    </label>
                    <label>
                        {t!(i18n, moderation.summary_markdown)}
                        <textarea rows="4" maxlength=bounded_text::THEME_SUMMARY.max_chars prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="form-actions">
                        <button type="submit" class="button">{t!(i18n, moderation.save_theme)}</button>
                        <button type="button" class="button-quiet" on:click=move |_| editing.set(false)>
                            {t!(i18n, moderation.cancel)}
                        </button>
                    </div>
                </form>
            }
                .into_any()
        } else {
            view! {
                <div class="theme-tools">
                    {(!summary_shown.is_empty()).then(|| view! { <p class="theme-summary">{summary_shown.clone()}</p> })}
                    <button type="button" class="button-quiet" on:click=move |_| editing.set(true)>
                        {t!(i18n, moderation.edit_theme)}
                    </button>
                    {[(true, "\u{2190}", first), (false, "\u{2192}", last)]
                        .into_iter()
                        .map(|(earlier, arrow, at_the_end)| {
                            let what = move || {
                                if earlier {
                                    t_string!(i18n, moderation.move_theme_earlier)
                                } else {
                                    t_string!(i18n, moderation.move_theme_later)
                                }
                            };
                            view! {
                                <button
                                    type="button"
                                    class="button-quiet"
                                    aria-label=what
                                    title=what
                                    disabled=move || at_the_end || state.busy.get()
                                    on:click=move |_| reorder(earlier)
                                >
                                    {arrow}
                                </button>
                            }
                        })
                        .collect_view()}
                    <button type="button" class="button-quiet" disabled=move || state.busy.get() on:click=remove.clone()>
                        {t!(i18n, moderation.delete_theme)}
                    </button>
                </div>
            }
                .into_any()
        }
    }
}
