//! Turning stored ideas and comments into what a viewer may see, and the author's rights.

use super::{
    access::ChallengeAccess,
    db::{self, ideas::IdeaRow, Db},
    markdown,
};
use crate::{
    error::AppError,
    i18n::{td_string, Locale},
    locale::current_locale,
    model::{CommentView, IdeaCard, IdeaDetail, Role, Viewer},
};

const EXCERPT_CHARS: usize = 180;

/// Whether the viewer sees who wrote what. When a challenge hides authors, members see no
/// names (but their own); leaders, moderators and admins still do.
fn shows_author(viewer: &Viewer, access: &ChallengeAccess, author_id: i64) -> bool {
    !access.challenge.hide_authors || viewer.role != Role::Member || author_id == viewer.person_id
}

pub fn card(idea: IdeaRow, viewer: &Viewer, access: &ChallengeAccess) -> IdeaCard {
    IdeaCard {
        author_name: shows_author(viewer, access, idea.author_id).then_some(idea.author_name),
        mine: idea.author_id == viewer.person_id,
        excerpt: markdown::plain_excerpt(&idea.body, EXCERPT_CHARS),
        idea_id: idea.idea_id,
        title: idea.title,
        votes: idea.vote_count,
        my_votes: idea.my_votes,
        comment_count: idea.comment_count,
        created_at: idea.created_at,
    }
}

/// What an idea's address leads to.
pub enum Found {
    Idea(Box<IdeaDetail>),
    /// A moderator merged it into this idea.
    MergedInto(i64),
}

/// An idea of the challenge in `access`, with its discussion. Withdrawn ideas and ideas of
/// other challenges are reported as missing; hidden ones too, except to their author and the
/// challenge's moderators.
pub async fn detail(
    db: &Db,
    viewer: &Viewer,
    access: &ChallengeAccess,
    idea_id: i64,
) -> Result<Found, AppError> {
    let challenge_id = access.challenge.challenge_id;
    let idea = db::ideas::find(db.reader(), idea_id, viewer.person_id)
        .await?
        .filter(|idea| idea.challenge_id == challenge_id && idea.withdrawn_at.is_none())
        .ok_or_else(no_such_idea)?;
    if let Some(target) = idea.merged_into_id {
        return Ok(Found::MergedInto(target));
    }
    if idea.hidden_reason.is_some()
        && idea.author_id != viewer.person_id
        && !access.moderates(db, viewer).await?
    {
        return Err(no_such_idea());
    }
    let comments = db::comments::for_idea(db.reader(), idea_id).await?;
    let view = |comment: &db::comments::CommentRow| CommentView {
        comment_id: comment.comment_id,
        author_name: shows_author(viewer, access, comment.author_id)
            .then(|| comment.author_name.clone()),
        mine: comment.author_id == viewer.person_id,
        body_html: markdown::to_safe_html(&comment.body),
        created_at: comment.created_at,
        official: comment.official_at.is_some(),
        hidden_reason: comment.hidden_reason.clone(),
        replies: Vec::new(),
    };
    // A hidden comment stays in its author's view, with the reason.
    let shown = |comment: &&db::comments::CommentRow| {
        comment.hidden_reason.is_none() || comment.author_id == viewer.person_id
    };
    let mut threads: Vec<CommentView> = comments
        .iter()
        .filter(shown)
        .filter(|comment| comment.parent_id.is_none())
        .map(view)
        .collect();
    for reply in comments
        .iter()
        .filter(shown)
        .filter(|comment| comment.parent_id.is_some())
    {
        if let Some(thread) = threads
            .iter_mut()
            .find(|thread| Some(thread.comment_id) == reply.parent_id)
        {
            thread.replies.push(view(reply));
        }
    }
    let co_contributors = db::moderation::co_contributors(db.reader(), idea_id)
        .await?
        .into_iter()
        .filter(|&(person_id, _)| shows_author(viewer, access, person_id))
        .map(|(_, name)| name)
        .collect();
    Ok(Found::Idea(Box::new(IdeaDetail {
        body_html: markdown::to_safe_html(&idea.body),
        body: idea.body.clone(),
        updated_at: idea.updated_at,
        comments: threads,
        co_contributors,
        hidden_reason: idea.hidden_reason.clone(),
        card: card(idea, viewer, access),
    })))
}

fn no_such_idea() -> AppError {
    AppError::not_found(td_string!(current_locale(), errors.no_such_idea_withdrawn))
}

/// A live idea that belongs to `challenge_id`.
pub async fn live_idea(
    db: &Db,
    viewer: &Viewer,
    challenge_id: i64,
    idea_id: i64,
) -> Result<IdeaRow, AppError> {
    db::ideas::find(db.reader(), idea_id, viewer.person_id)
        .await?
        .filter(|idea| {
            idea.challenge_id == challenge_id
                && idea.withdrawn_at.is_none()
                && !idea.moderated_away()
        })
        .ok_or_else(no_such_idea)
}

/// The viewer's own idea, in a challenge that is open, for `action` (e.g. "edit ideas", in the
/// request's language, looked up only on refusal).
pub async fn own_open_idea(
    db: &Db,
    viewer: &Viewer,
    challenge_id: i64,
    idea_id: i64,
    now: i64,
    action: fn(Locale) -> &'static str,
) -> Result<IdeaRow, AppError> {
    let access = ChallengeAccess::load(db, viewer, challenge_id, now).await?;
    let idea = live_idea(db, viewer, challenge_id, idea_id).await?;
    if idea.author_id != viewer.person_id {
        return Err(AppError::forbidden(td_string!(
            current_locale(),
            errors.author_only
        )));
    }
    super::access::require_phase_open(access.phase, &access.challenge, action)?;
    Ok(idea)
}
