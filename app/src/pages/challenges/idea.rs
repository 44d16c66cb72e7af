//! One idea with its discussion: comments with one level of replies, official responses shown
//! first, and the author's edit and withdraw.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_params_map};

use super::{
    author::{author_label, Writing},
    challenge::{challenge_id_param, LiveCounts},
    report::ReportButton,
    vote::{VoteContext, VoteControl},
};
use crate::{
    api::{
        challenges::challenge,
        comments::{MarkOfficial, PostComment},
        ideas::{idea, EditIdea, WithdrawIdea},
    },
    components::{
        error_notice::{ErrorNotice, FormError},
        live::{use_live_events, Announcer, LiveAnnouncement},
        markdown_field::MarkdownField,
        require_sign_in::RequireSignIn,
        time::LocalTime,
    },
    domain::bounded_text,
    i18n::{t, t_string, use_i18n},
    locale::format_integer,
    model::{ChallengeDetail, CommentView, IdeaDetail, LiveEvent, Viewer},
};

/// State is created here, once per page, outside `RequireSignIn` (see `ChallengePage`).
#[component]
pub fn IdeaPage() -> impl IntoView {
    let challenge_id = challenge_id_param();
    let params = use_params_map();
    let idea_id = Memo::new(move |_| {
        params
            .read()
            .get("idea_id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let version = RwSignal::new(0_u32);
    let data = Resource::new(
        move || (challenge_id.get(), idea_id.get(), version.get()),
        |(challenge_id, idea_id, _)| async move {
            let detail = challenge(challenge_id).await?;
            let idea = idea(challenge_id, idea_id).await?;
            Ok::<_, crate::error::AppError>((detail, idea))
        },
    );
    let counts = LiveCounts {
        votes: RwSignal::new(HashMap::new()),
        comments: RwSignal::new(HashMap::new()),
    };
    let reply_draft = RwSignal::new(String::new());
    let announcer = Announcer::new();
    let i18n = use_i18n();
    use_live_events(challenge_id.get_untracked(), move |event| {
        // Comments on other ideas and changes elsewhere in the list are not news on this page.
        let about_this_idea = match event {
            LiveEvent::Discussion {
                idea_id: changed, ..
            } => changed == idea_id.get_untracked(),
            LiveEvent::IdeasChanged => false,
            _ => true,
        };
        if about_this_idea {
            announcer.hear(&event);
        }
        match event {
            LiveEvent::Votes { counts: totals } => {
                counts.votes.update(|votes| votes.extend(totals))
            }
            LiveEvent::Discussion { .. } if !about_this_idea => {}
            LiveEvent::Discussion { .. }
            | LiveEvent::ChallengeChanged
            | LiveEvent::Resync
            | LiveEvent::IdeasChanged => version.update(|v| *v += 1),
        }
    });
    let page_view = move |_viewer: Viewer| {
        view! {
            <Transition fallback=move || {
                view! { <p class="loading">{t!(i18n, ideas.loading_idea)}</p> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((detail, idea)) => {
                            view! { <IdeaView detail idea counts version reply_draft /> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        }
    };
    view! {
        <LiveAnnouncement announcer />
        <RequireSignIn page=page_view />
    }
}

#[component]
fn IdeaView(
    detail: ChallengeDetail,
    idea: IdeaDetail,
    counts: LiveCounts,
    version: RwSignal<u32>,
    reply_draft: RwSignal<String>,
) -> impl IntoView {
    let challenge_id = detail.challenge_id;
    let idea_id = idea.card.idea_id;
    let receipts = RwSignal::new(None::<Option<i64>>);
    let loaded_votes_left = detail.votes_left;
    let vote = VoteContext {
        challenge_id,
        rule: detail.voting,
        can_vote: detail.can_take_part,
        votes_left: Signal::derive(move || receipts.get().unwrap_or(loaded_votes_left)),
        receipts,
        counts,
    };
    let official_rights = detail.can_respond_officially;
    let editable = idea.card.mine && detail.can_take_part;
    // Official responses are shown first, wherever they sit in the discussion.
    let official: Vec<CommentView> = idea
        .comments
        .iter()
        .flat_map(|comment| std::iter::once(comment).chain(&comment.replies))
        .filter(|comment| comment.official)
        .map(|comment| CommentView {
            replies: Vec::new(),
            ..comment.clone()
        })
        .collect();
    let discussion = idea.comments.clone();
    let can_comment = detail.can_take_part;
    let comment_count = idea.card.comment_count;
    let i18n = use_i18n();
    let page_title = idea.card.title.clone();
    let author = {
        let mine = idea.card.mine;
        let author_name = idea.card.author_name.clone();
        move || {
            author_label(
                i18n.get_locale(),
                Writing::Idea,
                mine,
                author_name.as_deref(),
            )
        }
    };
    let co_contributors = idea.co_contributors.join(", ");
    view! {
        <Title text=move || t_string!(i18n, ideas.page_title, title = page_title.clone()).to_string() />
        <p class="eyebrow">
            <A href=format!("/challenges/{challenge_id}")>"\u{2190} " {detail.title.clone()}</A>
        </p>
        <article class="panel idea-detail">
            <div class="idea-detail-head">
                <VoteControl idea_id votes=idea.card.votes my_votes=idea.card.my_votes context=vote title=idea.card.title.clone() />
                <div>
                    <h1>{idea.card.title.clone()}</h1>
                    <p class="meta">
                        {author} " \u{b7} " <LocalTime at=idea.card.created_at />
                        {(idea.updated_at > idea.card.created_at)
                            .then(|| view! { {t!(i18n, ideas.meta_edited)} })}
                        {(!idea.co_contributors.is_empty())
                            .then(|| {
                                view! {
                                    {t!(i18n, ideas.meta_with, names = move || co_contributors.clone())}
                                }
                            })}
                    </p>
                </div>
            </div>
            {idea
                .hidden_reason
                .clone()
                .map(|reason| {
                    view! {
                        <p class="notice notice-warning" role="status">
                            {t!(i18n, ideas.idea_hidden, reason = move || reason.clone())}
                        </p>
                    }
                })}
            <div class="markdown" inner_html=idea.body_html.clone()></div>
            {(!idea.card.mine).then(|| view! { <ReportButton challenge_id idea_id comment_id=None /> })}
            {editable.then(|| view! { <AuthorTools challenge_id idea=idea.clone() version /> })}
        </article>
        {(!official.is_empty())
            .then(|| {
                view! {
                    <section class="panel official" aria-labelledby="official-heading">
                        <h2 id="official-heading">{t!(i18n, ideas.official_response)}</h2>
                        {official
                            .into_iter()
                            .map(|comment| view! { <Comment comment challenge_id idea_id can_comment official_rights reply_draft /> })
                            .collect_view()}
                    </section>
                }
            })}
        <section class="discussion" aria-labelledby="discussion-heading">
            <h2 id="discussion-heading">
                {t!(
                    i18n, ideas.discussion_heading, total = move || format_integer(i18n.get_locale(), comment_count)
                )}
            </h2>
            {discussion.is_empty().then(|| view! { <p class="empty-state">{t!(i18n, ideas.no_comments)}</p> })}
            <ol class="comments">
                {discussion
                    .into_iter()
                    .map(|comment| view! { <Comment comment challenge_id idea_id can_comment official_rights reply_draft /> })
                    .collect_view()}
            </ol>
            {can_comment.then(|| view! { <CommentForm challenge_id idea_id reply_to=None draft=RwSignal::new(String::new()) /> })}
        </section>
    }
}

#[component]
fn Comment(
    comment: CommentView,
    challenge_id: i64,
    idea_id: i64,
    can_comment: bool,
    official_rights: bool,
    reply_draft: RwSignal<String>,
) -> impl IntoView {
    let replying = RwSignal::new(false);
    let mark = ServerAction::<MarkOfficial>::new();
    let comment_id = comment.comment_id;
    let official = comment.official;
    let i18n = use_i18n();
    let author = {
        let mine = comment.mine;
        let author_name = comment.author_name.clone();
        move || {
            author_label(
                i18n.get_locale(),
                Writing::Comment,
                mine,
                author_name.as_deref(),
            )
        }
    };
    view! {
        <li class="comment" class:official=official id=format!("comment-{comment_id}")>
            <p class="meta">
                <strong>{author}</strong> " \u{b7} " <LocalTime at=comment.created_at />
                {official.then(|| view! { " " <span class="badge-official">{t!(i18n, ideas.official_response)}</span> })}
            </p>
            {comment
                .hidden_reason
                .clone()
                .map(|reason| {
                    view! {
                        <p class="notice notice-warning">
                            {t!(i18n, ideas.comment_hidden, reason = move || reason.clone())}
                        </p>
                    }
                })}
            <div class="markdown" inner_html=comment.body_html.clone()></div>
            <div class="comment-actions">
                {(!comment.mine).then(|| view! { <ReportButton challenge_id idea_id comment_id=Some(comment_id) /> })}
                {can_comment
                    .then(|| {
                        view! {
                            <button type="button" class="button-quiet" on:click=move |_| replying.update(|r| *r = !*r)>
                                {t!(i18n, ideas.reply)}
                            </button>
                        }
                    })}
                {official_rights
                    .then(|| {
                        view! {
                            <ActionForm action=mark attr:class="inline-form">
                                <input type="hidden" name="challenge_id" value=challenge_id />
                                <input type="hidden" name="comment_id" value=comment_id />
                                <input type="hidden" name="official" value=(!official).to_string() />
                                <button type="submit" class="button-quiet">
                                    {move || {
                                        if official {
                                            t_string!(i18n, ideas.unmark_official)
                                        } else {
                                            t_string!(i18n, ideas.mark_official)
                                        }
                                    }}
                                </button>
                            </ActionForm>
                        }
                    })}
            </div>
            {move || replying.get().then(|| view! { <CommentForm challenge_id idea_id reply_to=Some(comment_id) draft=reply_draft /> })}
            {(!comment.replies.is_empty())
                .then(|| {
                    view! {
                        <ol class="replies">
                            {comment
                                .replies
                                .into_iter()
                                // Erased, as the component contains itself.
                                .map(|reply| view! { <Comment comment=reply challenge_id idea_id can_comment=false official_rights reply_draft /> }.into_any())
                                .collect_view()}
                        </ol>
                    }
                })}
        </li>
    }
}

#[component]
fn CommentForm(
    challenge_id: i64,
    idea_id: i64,
    reply_to: Option<i64>,
    draft: RwSignal<String>,
) -> impl IntoView {
    let post = ServerAction::<PostComment>::new();
    let error = Signal::derive(move || post.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if matches!(post.value().get(), Some(Ok(_))) {
            draft.set(String::new());
        }
    });
    let i18n = use_i18n();
    let is_reply = reply_to.is_some();
    let label = move || {
        if is_reply {
            t_string!(i18n, ideas.your_reply)
        } else {
            t_string!(i18n, ideas.add_comment)
        }
    };
    view! {
        <ActionForm action=post attr:class="stack-form comment-form">
            <input type="hidden" name="challenge_id" value=challenge_id />
            <input type="hidden" name="idea_id" value=idea_id />
            {reply_to.map(|id| view! { <input type="hidden" name="reply_to" value=id /> })}
            <label>
                {label}
                <textarea
                    name="body"
                    rows="3"
                    required
                    maxlength=bounded_text::COMMENT.max_chars
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                ></textarea>
            </label>
            <FormError error />
            <div class="form-actions">
                <button type="submit" class="button" disabled=move || post.pending().get()>
                    {move || {
                        if is_reply { t_string!(i18n, ideas.reply) } else { t_string!(i18n, ideas.comment) }
                    }}
                </button>
            </div>
        </ActionForm>
    }
}

/// The author's edit form and withdraw button.
#[component]
fn AuthorTools(challenge_id: i64, idea: IdeaDetail, version: RwSignal<u32>) -> impl IntoView {
    let edit = ServerAction::<EditIdea>::new();
    let withdraw = ServerAction::<WithdrawIdea>::new();
    let editing = RwSignal::new(false);
    let edit_error = Signal::derive(move || edit.value().get().and_then(Result::err));
    let withdraw_error = Signal::derive(move || withdraw.value().get().and_then(Result::err));
    let body = RwSignal::new(idea.body.clone());
    Effect::new(move |_| {
        if matches!(edit.value().get(), Some(Ok(()))) {
            editing.set(false);
            version.update(|v| *v += 1);
        }
    });
    let idea_id = idea.card.idea_id;
    let title = StoredValue::new(idea.card.title.clone());
    let i18n = use_i18n();
    view! {
        <div class="author-tools">
            {move || {
                if editing.get() {
                    view! {
                        <ActionForm action=edit attr:class="stack-form">
                            <input type="hidden" name="challenge_id" value=challenge_id />
                            <input type="hidden" name="idea_id" value=idea_id />
                            <label>
                                {t!(i18n, ideas.title_label)}
                                <input name="title" required maxlength=bounded_text::IDEA_TITLE.max_chars value=title.get_value() />
                            </label>
                            <MarkdownField
                                name="body"
                                label=move || t_string!(i18n, ideas.description_label)
                                max_chars=bounded_text::IDEA_BODY.max_chars
                                rows=6
                                required=true
                                value=body
                            />
                            <FormError error=edit_error />
                            <div class="form-actions">
                                <button type="submit" class="button">{t!(i18n, ideas.save_changes)}</button>
                                <button type="button" class="button-quiet" on:click=move |_| editing.set(false)>
                                    {t!(i18n, ideas.cancel)}
                                </button>
                            </div>
                        </ActionForm>
                    }
                        .into_any()
                } else {
                    view! {
                        <div class="form-actions">
                            <button type="button" class="button-quiet" on:click=move |_| editing.set(true)>
                                {t!(i18n, ideas.edit)}
                            </button>
                            <ActionForm action=withdraw attr:class="inline-form">
                                <input type="hidden" name="challenge_id" value=challenge_id />
                                <input type="hidden" name="idea_id" value=idea_id />
                                <button type="submit" class="button-danger">
                                    {t!(i18n, ideas.withdraw_idea)}
                                </button>
                            </ActionForm>
                        </div>
                        <FormError error=withdraw_error />
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
