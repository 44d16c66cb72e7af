//! The moderation board: themes, sorting ideas into them, merging duplicates, hiding content
//! and undo. Every function is for the challenge's moderators (and leaders and admins), and
//! every change is written to the challenge's audit log.

use leptos::prelude::*;

use crate::{
    error::AppError,
    model::{AcceptedTheme, Board, SuggestedTheme},
};
#[cfg(feature = "ssr")]
use crate::{i18n::td_string, locale::current_locale};

/// Checks the viewer moderates the challenge, runs `change` in one transaction and commits.
#[cfg(feature = "ssr")]
async fn moderate<T>(
    viewer: &crate::model::Viewer,
    challenge_id: i64,
    change: impl AsyncFnOnce(
        crate::server::moderation::Moderator,
        &mut sqlx::AnyConnection,
    ) -> Result<T, AppError>,
) -> Result<T, AppError> {
    use crate::server::{clock::now_ms, moderation::require_moderator, state::app_state};
    let state = app_state()?;
    let (moderator, _) = require_moderator(&state.db, viewer, challenge_id, now_ms()).await?;
    let mut tx = state.db.begin().await?;
    let outcome = change(moderator, &mut tx).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Moderators: the challenge's board.
#[server(endpoint = "moderation/board")]
pub async fn load_board(challenge_id: i64) -> Result<Board, AppError> {
    use crate::server::{auth, clock::now_ms, moderation, state::app_state};
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    let now = now_ms();
    let (moderator, access) =
        moderation::require_moderator(&state.db, &viewer, challenge_id, now).await?;
    moderation::board(&state.db, moderator, access.challenge.title).await
}

/// Moderators: adds a theme (a column on the board); returns its id.
#[server(endpoint = "moderation/create_theme")]
pub async fn create_theme(
    challenge_id: i64,
    name: String,
    colour: String,
) -> Result<i64, AppError> {
    let viewer = crate::server::auth::require_viewer().await?;
    use crate::domain::{bounded_text, BoundedText};
    let name = BoundedText::parse(bounded_text::THEME_NAME, &name)?;
    let colour = parse_colour(&colour)?;
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.create_theme(tx, name.as_str(), &colour).await
    })
    .await
}

/// Moderators: renames a theme and sets its summary (Markdown) and colour.
#[server(endpoint = "moderation/edit_theme")]
pub async fn edit_theme(
    challenge_id: i64,
    theme_id: i64,
    name: String,
    summary: String,
    colour: String,
) -> Result<(), AppError> {
    let viewer = crate::server::auth::require_viewer().await?;
    use crate::{
        domain::{bounded_text, BoundedText},
        server::moderation::ThemeFields,
    };
    let fields = ThemeFields {
        theme_id,
        name: BoundedText::parse(bounded_text::THEME_NAME, &name)?.into_string(),
        summary: BoundedText::parse_optional(bounded_text::THEME_SUMMARY, &summary)?.into_string(),
        colour: parse_colour(&colour)?,
    };
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.edit_theme(tx, &fields).await
    })
    .await
}

/// Moderators: deletes a theme; its ideas go back to the unsorted pile.
#[server(endpoint = "moderation/delete_theme")]
pub async fn delete_theme(challenge_id: i64, theme_id: i64) -> Result<(), AppError> {
    let viewer = crate::server::auth::require_viewer().await?;
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.delete_theme(tx, theme_id).await
    })
    .await
}

/// Moderators: moves a theme one place earlier (or later) on the board.
#[server(endpoint = "moderation/reorder_theme")]
pub async fn reorder_theme(
    challenge_id: i64,
    theme_id: i64,
    earlier: bool,
) -> Result<(), AppError> {
    let viewer = crate::server::auth::require_viewer().await?;
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.move_theme(tx, theme_id, earlier).await
    })
    .await
}

/// Moderators: moves ideas into a theme, or back to unsorted without `theme_id`; returns how
/// many moved.
#[server(endpoint = "moderation/move")]
pub async fn move_ideas(
    challenge_id: i64,
    idea_ids: Vec<i64>,
    #[server(default)] theme_id: Option<i64>,
) -> Result<usize, AppError> {
    let viewer = crate::server::auth::require_viewer().await?;
    if idea_ids.is_empty() {
        return Err(AppError::invalid(td_string!(
            current_locale(),
            errors.select_idea_to_move
        )));
    }
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.move_ideas(tx, &idea_ids, theme_id).await
    })
    .await
}

/// Moderators: merges the duplicate `source` into `target`.
#[server(endpoint = "moderation/merge")]
pub async fn merge_ideas(challenge_id: i64, target: i64, source: i64) -> Result<(), AppError> {
    let viewer = crate::server::auth::require_viewer().await?;
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.merge(tx, target, source).await.map(|_| ())
    })
    .await
}

/// Moderators: hides an idea (with `idea_id`) or a comment (with `comment_id`), giving a
/// reason its author sees.
#[server(endpoint = "moderation/hide")]
pub async fn hide(
    challenge_id: i64,
    #[server(default)] idea_id: Option<i64>,
    #[server(default)] comment_id: Option<i64>,
    reason: String,
) -> Result<(), AppError> {
    let viewer = crate::server::auth::require_viewer().await?;
    use crate::domain::{bounded_text, BoundedText};
    let reason = BoundedText::parse(bounded_text::HIDING_REASON, &reason)?;
    let content = content(idea_id, comment_id, |locale| {
        td_string!(locale, errors.action_hide)
    })?;
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.hide(tx, content, reason.as_str()).await
    })
    .await
}

/// Moderators: shows a hidden idea (`idea_id`) or comment (`comment_id`) again.
#[server(endpoint = "moderation/restore")]
pub async fn restore(
    challenge_id: i64,
    #[server(default)] idea_id: Option<i64>,
    #[server(default)] comment_id: Option<i64>,
) -> Result<(), AppError> {
    let viewer = crate::server::auth::require_viewer().await?;
    let content = content(idea_id, comment_id, |locale| {
        td_string!(locale, errors.action_restore)
    })?;
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.restore(tx, content).await
    })
    .await
}

/// Moderators: closes a member's report without hiding anything.
#[server(endpoint = "moderation/dismiss_report")]
pub async fn dismiss_report(challenge_id: i64, report_id: i64) -> Result<(), AppError> {
    let viewer = crate::server::auth::require_viewer().await?;
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.dismiss_report(tx, report_id).await
    })
    .await
}

/// Anyone taking part: reports an idea, or one of its comments, to the moderators.
#[server(endpoint = "moderation/report")]
pub async fn report(
    challenge_id: i64,
    idea_id: i64,
    #[server(default)] comment_id: Option<i64>,
    reason: String,
) -> Result<(), AppError> {
    use crate::{
        domain::{bounded_text, BoundedText},
        server::{access::ChallengeAccess, auth, clock::now_ms, db, ideas, state::app_state},
    };
    let viewer = auth::require_viewer().await?;
    let reason = BoundedText::parse(bounded_text::REPORT_REASON, &reason)?;
    let state = app_state()?;
    let now = now_ms();
    ChallengeAccess::load(&state.db, &viewer, challenge_id, now).await?;
    ideas::live_idea(&state.db, &viewer, challenge_id, idea_id).await?;
    if let Some(comment_id) = comment_id {
        let on_this_idea = db::comments::find(state.db.reader(), comment_id)
            .await?
            .is_some_and(|comment| comment.idea_id == idea_id);
        if !on_this_idea {
            return Err(AppError::not_found(td_string!(
                current_locale(),
                errors.no_such_comment_on_idea
            )));
        }
    }
    db::moderation::insert_report(
        state.db.writer(),
        challenge_id,
        idea_id,
        comment_id,
        viewer.person_id,
        reason.as_str(),
        now,
    )
    .await?;
    Ok(())
}

/// Moderators: proposes themes for all ideas, or only the unsorted ones, without changing
/// anything. `count` asks for that many themes; without it the clustering chooses.
#[server(endpoint = "moderation/suggest")]
pub async fn suggest_themes(
    challenge_id: i64,
    #[server(default)] only_unsorted: bool,
    #[server(default)] count: Option<usize>,
) -> Result<Vec<SuggestedTheme>, AppError> {
    use crate::server::{auth, clock::now_ms, moderation, state::app_state};
    const MOST_THEMES: usize = 100;
    let viewer = auth::require_viewer().await?;
    if count.is_some_and(|count| !(1..=MOST_THEMES).contains(&count)) {
        return Err(AppError::invalid(
            td_string!(
                current_locale(),
                errors.themes_count_range,
                most = MOST_THEMES
            )
            .to_string(),
        ));
    }
    let db = &app_state()?.db;
    let (moderator, _) = moderation::require_moderator(db, &viewer, challenge_id, now_ms()).await?;
    moderation::suggest_themes(db, moderator, only_unsorted, count).await
}

/// Moderators: creates a theme for each accepted suggestion and moves its ideas there, as one
/// action (one undo); returns the new themes' ids.
#[server(endpoint = "moderation/accept", input = leptos::server_fn::codec::Json)]
pub async fn accept_themes(
    challenge_id: i64,
    themes: Vec<AcceptedTheme>,
) -> Result<Vec<i64>, AppError> {
    use crate::domain::{bounded_text, BoundedText};
    let viewer = crate::server::auth::require_viewer().await?;
    if themes.is_empty() {
        return Err(AppError::invalid(td_string!(
            current_locale(),
            errors.tick_theme_to_accept
        )));
    }
    let themes = themes
        .into_iter()
        .map(|theme| {
            Ok(AcceptedTheme {
                name: BoundedText::parse(bounded_text::THEME_NAME, &theme.name)?.into_string(),
                idea_ids: theme.idea_ids,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.accept_themes(tx, &themes).await
    })
    .await
}

/// Moderators: undoes the newest action on the board not undone yet; returns what was
/// undone, or nothing when there is nothing left to undo.
#[server(endpoint = "moderation/undo")]
pub async fn undo(challenge_id: i64) -> Result<Option<String>, AppError> {
    let viewer = crate::server::auth::require_viewer().await?;
    moderate(&viewer, challenge_id, async |moderator, tx| {
        moderator.undo_last(tx).await
    })
    .await
}

/// Leaders and admins: assigns a person to moderate the challenge, or removes them.
#[server(endpoint = "moderation/assign")]
pub async fn assign_moderator(
    challenge_id: i64,
    person_id: i64,
    assigned: bool,
) -> Result<(), AppError> {
    use crate::{
        model::Role,
        server::{access::ChallengeAccess, auth, clock::now_ms, db, state::app_state},
    };
    let viewer = auth::require_role(&[Role::Leader, Role::Admin], |locale| {
        td_string!(locale, errors.action_assign_moderators)
    })
    .await?;
    let state = app_state()?;
    let now = now_ms();
    ChallengeAccess::load(&state.db, &viewer, challenge_id, now).await?;
    if db::people::find(state.db.reader(), person_id)
        .await?
        .is_none()
    {
        return Err(AppError::not_found(td_string!(
            current_locale(),
            errors.no_such_person
        )));
    }
    db::moderation::set_moderator(
        state.db.writer(),
        challenge_id,
        person_id,
        assigned.then_some(viewer.person_id),
        now,
    )
    .await?;
    Ok(())
}

/// Exactly one of an idea and a comment, for `action` (e.g. "hide", in the request's language,
/// looked up only when neither or both are given).
#[cfg(feature = "ssr")]
fn content(
    idea_id: Option<i64>,
    comment_id: Option<i64>,
    action: fn(crate::i18n::Locale) -> &'static str,
) -> Result<crate::server::db::moderation::Content, AppError> {
    use crate::server::db::moderation::Content;
    match (idea_id, comment_id) {
        (Some(idea_id), None) => Ok(Content::Idea(idea_id)),
        (None, Some(comment_id)) => Ok(Content::Comment(comment_id)),
        _ => {
            let locale = current_locale();
            Err(AppError::invalid(
                td_string!(locale, errors.say_which_content, action = action(locale)).to_string(),
            ))
        }
    }
}

/// A theme colour: `#` and six hex digits, as the colour picker sends it.
#[cfg(feature = "ssr")]
fn parse_colour(input: &str) -> Result<String, AppError> {
    let colour = input.trim().to_ascii_lowercase();
    let valid = colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].chars().all(|digit| digit.is_ascii_hexdigit());
    if valid {
        Ok(colour)
    } else {
        Err(AppError::invalid(
            td_string!(current_locale(), errors.colour_format, input).to_string(),
        ))
    }
}
