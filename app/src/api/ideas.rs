//! Ideas: list and search, read with discussion, submit, edit, withdraw, and the helpers the
//! submit form uses while typing (similar ideas, Markdown preview).

use leptos::prelude::*;

use crate::{
    error::AppError,
    model::{IdeaDetail, IdeaLink, IdeaPage, IdeaSort},
};
#[cfg(feature = "ssr")]
use crate::{i18n::td_string, locale::current_locale};

/// Ideas per page in a challenge's list.
pub const PAGE_SIZE: i64 = 20;

/// Signed in and allowed to see the challenge: one page of its ideas. `search` holds words that
/// must all appear in the title or description.
#[server(endpoint = "ideas/list")]
pub async fn list_ideas(
    challenge_id: i64,
    sort: IdeaSort,
    #[server(default)] search: String,
    #[server(default)] page: i64,
) -> Result<IdeaPage, AppError> {
    use crate::server::{
        access::ChallengeAccess, auth, clock::now_ms, db, ideas::card, state::app_state,
    };
    const MAX_WORDS: usize = 8;
    let viewer = auth::require_viewer().await?;
    let db = &app_state()?.db;
    let now = now_ms();
    let access = ChallengeAccess::load(db, &viewer, challenge_id, now).await?;
    let words: Vec<String> = search
        .split_whitespace()
        .take(MAX_WORDS)
        .map(str::to_owned)
        .collect();
    let page = page.max(1);
    let (ideas, total) = db::ideas::page(
        db.reader(),
        &db::ideas::IdeaFilter {
            challenge_id,
            viewer_id: viewer.person_id,
            sort,
            words: &words,
            page,
            page_size: PAGE_SIZE,
            now,
        },
    )
    .await?;
    Ok(IdeaPage {
        ideas: ideas
            .into_iter()
            .map(|idea| card(idea, &viewer, &access))
            .collect(),
        total,
        page,
        page_size: PAGE_SIZE,
    })
}

/// Signed in and allowed to see the challenge: an idea with its discussion. The address of
/// an idea merged into another redirects there, and answers with that idea.
#[server(endpoint = "ideas/get")]
pub async fn idea(challenge_id: i64, idea_id: i64) -> Result<IdeaDetail, AppError> {
    use crate::server::{
        access::ChallengeAccess,
        auth,
        clock::now_ms,
        db::analytics::ChallengeAct,
        ideas::{detail, Found},
        state::app_state,
    };
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    let db = &state.db;
    let access = ChallengeAccess::load(db, &viewer, challenge_id, now_ms()).await?;
    state
        .activity
        .challenge_act(viewer.person_id, challenge_id, ChallengeAct::View);
    let mut idea_id = idea_id;
    // A merge target can itself be merged later: follow the chain (bounded, in case of a cycle).
    for _ in 0..8 {
        match detail(db, &viewer, &access, idea_id).await? {
            Found::Idea(detail) => return Ok(*detail),
            Found::MergedInto(target) => {
                leptos_axum::redirect(&format!("/challenges/{challenge_id}/ideas/{target}"));
                idea_id = target;
            }
        }
    }
    Err(AppError::not_found(td_string!(
        current_locale(),
        errors.merged_too_often
    )))
}

/// In the audience, while the challenge is open: adds an idea; returns its id.
#[server(endpoint = "ideas/submit")]
pub async fn submit_idea(challenge_id: i64, title: String, body: String) -> Result<i64, AppError> {
    use crate::{
        domain::{bounded_text, BoundedText},
        model::LiveEvent,
        server::{access::ChallengeAccess, auth, clock::now_ms, db, state::app_state},
    };
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    let now = now_ms();
    let access = ChallengeAccess::load(&state.db, &viewer, challenge_id, now).await?;
    access.require_open(|locale| td_string!(locale, errors.action_submit_ideas))?;
    let title = BoundedText::parse(bounded_text::IDEA_TITLE, &title)?;
    let body = BoundedText::parse(bounded_text::IDEA_BODY, &body)?;
    let idea_id = db::ideas::insert(
        state.db.writer(),
        challenge_id,
        viewer.person_id,
        title.as_str(),
        body.as_str(),
        now,
    )
    .await?;
    state.activity.challenge_act(
        viewer.person_id,
        challenge_id,
        db::analytics::ChallengeAct::Idea,
    );
    state.live.publish(challenge_id, &LiveEvent::IdeasChanged);
    leptos_axum::redirect(&format!("/challenges/{challenge_id}/ideas/{idea_id}"));
    Ok(idea_id)
}

/// The author, while the challenge is open: changes an idea's title and description.
#[server(endpoint = "ideas/edit")]
pub async fn edit_idea(
    challenge_id: i64,
    idea_id: i64,
    title: String,
    body: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{bounded_text, BoundedText},
        model::LiveEvent,
        server::{auth, clock::now_ms, db, ideas::own_open_idea, state::app_state},
    };
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    let now = now_ms();
    own_open_idea(&state.db, &viewer, challenge_id, idea_id, now, |locale| {
        td_string!(locale, errors.action_edit_ideas)
    })
    .await?;
    let title = BoundedText::parse(bounded_text::IDEA_TITLE, &title)?;
    let body = BoundedText::parse(bounded_text::IDEA_BODY, &body)?;
    db::ideas::update(
        state.db.writer(),
        idea_id,
        title.as_str(),
        body.as_str(),
        now,
    )
    .await?;
    state.live.publish(challenge_id, &LiveEvent::IdeasChanged);
    Ok(())
}

/// The author, while the challenge is open: withdraws an idea. Votes on it go back to the
/// voters' budgets.
#[server(endpoint = "ideas/withdraw")]
pub async fn withdraw_idea(challenge_id: i64, idea_id: i64) -> Result<(), AppError> {
    use crate::{
        model::LiveEvent,
        server::{auth, clock::now_ms, db, ideas::own_open_idea, state::app_state},
    };
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    let now = now_ms();
    own_open_idea(&state.db, &viewer, challenge_id, idea_id, now, |locale| {
        td_string!(locale, errors.action_withdraw_ideas)
    })
    .await?;
    let mut tx = state.db.begin().await?;
    db::ideas::withdraw(&mut tx, idea_id, challenge_id, now).await?;
    tx.commit().await?;
    state.live.publish(challenge_id, &LiveEvent::IdeasChanged);
    leptos_axum::redirect(&format!("/challenges/{challenge_id}"));
    Ok(())
}

/// Signed in and allowed to see the challenge: the existing ideas most like a draft.
#[server(endpoint = "ideas/similar")]
pub async fn similar_ideas(challenge_id: i64, draft: String) -> Result<Vec<IdeaLink>, AppError> {
    use crate::server::{access::ChallengeAccess, auth, clock::now_ms, db, state::app_state};
    use clustering::{most_similar, Candidate};
    const SHOWN: usize = 3;
    const MIN_SCORE: f64 = 0.2;
    let viewer = auth::require_viewer().await?;
    let db = &app_state()?.db;
    ChallengeAccess::load(db, &viewer, challenge_id, now_ms()).await?;
    if draft.trim().chars().count() < 4 {
        return Ok(Vec::new());
    }
    let texts = db::ideas::texts(db.reader(), challenge_id).await?;
    let candidates: Vec<Candidate<'_>> = texts
        .iter()
        .map(|idea| Candidate {
            id: idea.idea_id,
            text: &idea.text,
        })
        .collect();
    Ok(most_similar(&draft, &candidates, SHOWN, MIN_SCORE)
        .into_iter()
        .filter_map(|found| texts.iter().find(|idea| idea.idea_id == found.id))
        .map(|idea| IdeaLink {
            idea_id: idea.idea_id,
            title: idea.title.clone(),
            votes: idea.vote_count,
        })
        .collect())
}

/// Signed in: Markdown rendered exactly as it will be shown, for the live preview.
#[server(endpoint = "ideas/preview")]
pub async fn preview_markdown(markdown: String) -> Result<String, AppError> {
    use crate::{
        domain::{bounded_text, BoundedText},
        server::{auth, markdown::to_safe_html},
    };
    auth::require_viewer().await?;
    let text = BoundedText::parse_optional(bounded_text::BRIEF, &markdown)?;
    Ok(to_safe_html(text.as_str()))
}
