//! Discussion on ideas: comments with one level of replies, and official responses.

use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::{i18n::td_string, locale::current_locale};

/// In the audience, while the challenge is open: comments on an idea, or replies to a comment
/// (`reply_to`). A reply to a reply joins the same thread. The idea's author is notified.
#[server(endpoint = "comments/post")]
pub async fn post_comment(
    challenge_id: i64,
    idea_id: i64,
    body: String,
    #[server(default)] reply_to: Option<i64>,
) -> Result<i64, AppError> {
    use crate::{
        domain::{bounded_text, BoundedText},
        model::{LiveEvent, NotificationKind},
        server::{
            access::ChallengeAccess, auth, clock::now_ms, db, ideas::live_idea, state::app_state,
        },
    };
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    let now = now_ms();
    let access = ChallengeAccess::load(&state.db, &viewer, challenge_id, now).await?;
    access.require_open(|locale| td_string!(locale, errors.action_comment))?;
    let idea = live_idea(&state.db, &viewer, challenge_id, idea_id).await?;
    let body = BoundedText::parse(bounded_text::COMMENT, &body)?;
    let parent_id = match reply_to {
        None => None,
        Some(comment_id) => {
            let parent = db::comments::find(state.db.reader(), comment_id)
                .await?
                .filter(|parent| parent.idea_id == idea_id)
                .ok_or_else(|| {
                    AppError::not_found(td_string!(current_locale(), errors.reply_parent_missing))
                })?;
            Some(parent.parent_id.unwrap_or(parent.comment_id))
        }
    };
    let mut tx = state.db.begin().await?;
    let (comment_id, comment_count) = db::comments::insert(
        &mut tx,
        idea_id,
        challenge_id,
        viewer.person_id,
        parent_id,
        body.as_str(),
        now,
    )
    .await?;
    if idea.author_id != viewer.person_id {
        db::notifications::insert(
            &mut *tx,
            idea.author_id,
            NotificationKind::Comment,
            challenge_id,
            Some(idea_id),
            Some(viewer.person_id),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    state.activity.challenge_act(
        viewer.person_id,
        challenge_id,
        crate::server::db::analytics::ChallengeAct::Comment,
    );
    state.live.publish(
        challenge_id,
        &LiveEvent::Discussion {
            idea_id,
            comment_count,
        },
    );
    Ok(comment_id)
}

/// The sponsor, leaders and admins: marks a comment as the official response (or unmarks it).
/// The idea's author is notified when it is marked.
#[server(endpoint = "comments/official")]
pub async fn mark_official(
    challenge_id: i64,
    comment_id: i64,
    official: bool,
) -> Result<(), AppError> {
    use crate::{
        model::{LiveEvent, NotificationKind},
        server::{
            access::ChallengeAccess, auth, clock::now_ms, db, ideas::live_idea, state::app_state,
        },
    };
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    let now = now_ms();
    let access = ChallengeAccess::load(&state.db, &viewer, challenge_id, now).await?;
    if !access.may_respond_officially(&viewer) {
        return Err(AppError::forbidden(td_string!(
            current_locale(),
            errors.official_response_forbidden
        )));
    }
    let comment = db::comments::find(state.db.reader(), comment_id)
        .await?
        .filter(|comment| comment.challenge_id == challenge_id)
        .ok_or_else(|| AppError::not_found(td_string!(current_locale(), errors.no_such_comment)))?;
    let idea = live_idea(&state.db, &viewer, challenge_id, comment.idea_id).await?;
    let mut tx = state.db.begin().await?;
    db::comments::set_official(
        &mut *tx,
        comment_id,
        official.then_some(viewer.person_id),
        now,
    )
    .await?;
    if official && comment.official_at.is_none() {
        db::notifications::insert(
            &mut *tx,
            idea.author_id,
            NotificationKind::OfficialResponse,
            challenge_id,
            Some(idea.idea_id),
            Some(viewer.person_id),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    state.live.publish(
        challenge_id,
        &LiveEvent::Discussion {
            idea_id: idea.idea_id,
            comment_count: idea.comment_count,
        },
    );
    Ok(())
}
