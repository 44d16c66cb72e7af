//! Submitting an idea: title and Markdown description with live preview, and the most similar
//! existing ideas shown while typing, so people vote or comment there instead of duplicating.
//! If the challenge closes while someone types, they are told and their text stays.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api::ideas::{SimilarIdeas, SubmitIdea as SubmitIdeaAction},
    components::{error_notice::FormError, markdown_field::MarkdownField, time::LocalTime},
    domain::bounded_text,
    i18n::{t, t_string, use_i18n},
};

#[component]
pub fn SubmitIdea(
    challenge_id: i64,
    can_take_part: bool,
    now: ReadSignal<i64>,
    closes_at: i64,
    draft_title: RwSignal<String>,
    draft_body: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let submit = ServerAction::<SubmitIdeaAction>::new();
    let similar = ServerAction::<SimilarIdeas>::new();
    let error = Signal::derive(move || submit.value().get().and_then(Result::err));
    let closed = move || !can_take_part || now.get() >= closes_at;
    Effect::new(move |_| {
        if matches!(submit.value().get(), Some(Ok(_))) {
            draft_title.set(String::new());
            draft_body.set(String::new());
        }
    });
    let look_for_similar = move || {
        let draft = format!(
            "{} {}",
            draft_title.get_untracked(),
            draft_body.get_untracked()
        );
        similar.dispatch(SimilarIdeas {
            challenge_id,
            draft,
        });
    };
    view! {
        <section class="panel submit-idea" aria-labelledby="submit-heading">
            <h2 id="submit-heading">{t!(i18n, common.your_idea)}</h2>
            {move || {
                closed()
                    .then(|| {
                        view! {
                            <div class="notice notice-error" role="alert">
                                <p>
                                    {t!(i18n, ideas.closed_notice_before)} <LocalTime at=closes_at />
                                    {t!(i18n, ideas.closed_notice_after)}
                                </p>
                            </div>
                        }
                    })
            }}
            <ActionForm action=submit attr:class="stack-form">
                <input type="hidden" name="challenge_id" value=challenge_id />
                <label>
                    {t!(i18n, ideas.title_label)}
                    <input
                        name="title"
                        required
                        maxlength=bounded_text::IDEA_TITLE.max_chars
                        placeholder=move || t_string!(i18n, ideas.title_placeholder)
                        prop:value=move || draft_title.get()
                        on:input=move |ev| draft_title.set(event_target_value(&ev))
                        on:change=move |_| look_for_similar()
                    />
                </label>
                <MarkdownField
                    name="body"
                    label=move || t_string!(i18n, ideas.description_label)
                    max_chars=bounded_text::IDEA_BODY.max_chars
                    rows=5
                    required=true
                    value=draft_body
                    on_change=move |_: String| look_for_similar()
                />
                <SimilarHint similar challenge_id />
                <FormError error />
                <div class="form-actions">
                    <button
                        type="submit"
                        class="button"
                        disabled=move || closed() || submit.pending().get()
                    >
                        {move || {
                            if submit.pending().get() {
                                t_string!(i18n, ideas.submitting)
                            } else {
                                t_string!(i18n, ideas.submit_idea)
                            }
                        }}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn SimilarHint(similar: ServerAction<SimilarIdeas>, challenge_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let found = similar
            .value()
            .get()
            .and_then(Result::ok)
            .unwrap_or_default();
        (!found.is_empty()).then(|| {
            view! {
                <aside class="similar" aria-live="polite">
                    <p>
                        <strong>{t!(i18n, ideas.similar_question)}</strong>
                        {t!(i18n, ideas.similar_hint)}
                    </p>
                    <ul>
                        {found
                            .into_iter()
                            .map(|idea| {
                                let votes = idea.votes;
                                view! {
                                    <li>
                                        <A href=format!("/challenges/{challenge_id}/ideas/{}", idea.idea_id)>
                                            {idea.title}
                                        </A>
                                        " (" {t!(i18n, common.votes, count = move || votes)} ")"
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </aside>
            }
        })
    }
}
