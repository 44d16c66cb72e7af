//! The synthesis: its page (published for the audience, a preview of the draft for
//! moderators), and what moderators compose and publish.

use leptos::prelude::*;

use crate::{
    error::AppError,
    model::{Composer, HighlightChoice, Paper, SynthesisView},
};
#[cfg(feature = "ssr")]
use crate::{i18n::td_string, locale::current_locale};

/// Signed in and allowed to see the challenge: the published synthesis; moderators may ask for
/// a `preview` of the draft.
#[server(endpoint = "synthesis/get")]
pub async fn synthesis(
    challenge_id: i64,
    #[server(default)] preview: bool,
    #[server(default)] paper: Paper,
) -> Result<SynthesisView, AppError> {
    use crate::server::{auth, clock::now_ms, markdown, state::app_state, synthesis};
    let viewer = auth::require_viewer().await?;
    let db = &app_state()?.db;
    let now = now_ms();
    let shown = synthesis::Shown::load(db, &viewer, challenge_id, preview, now).await?;
    let facts = synthesis::Facts::load(db, challenge_id).await?;
    let infographic = synthesis::infographic(&shown.challenge, &shown.composition, &facts, now);
    let locale = current_locale();
    let your_part = synthesis::your_part(
        &infographic,
        &shown.composition,
        &facts,
        viewer.person_id,
        locale,
    );
    Ok(SynthesisView {
        svg: synthesis::draw(&infographic, paper, Some(viewer.person_id), locale),
        summary_html: markdown::to_safe_html(&shown.composition.summary),
        infographic,
        your_part,
        published_at: shown.published_at,
        preview: shown.preview,
        can_compose: shown.moderates,
    })
}

/// Moderators: the draft to edit, and the record of publications.
#[server(endpoint = "synthesis/composer")]
pub async fn load_composer(challenge_id: i64) -> Result<Composer, AppError> {
    use crate::{
        model::ComposerTheme,
        server::{auth, clock::now_ms, db, moderation, state::app_state, synthesis},
    };
    let viewer = auth::require_viewer().await?;
    let db = &app_state()?.db;
    let (_, access) = moderation::require_moderator(db, &viewer, challenge_id, now_ms()).await?;
    let draft = synthesis::draft(db, challenge_id).await?;
    let mut ideas = db::synthesis::counted_ideas(db.reader(), challenge_id).await?;
    ideas.sort_by_key(|idea| std::cmp::Reverse(idea.votes));
    Ok(Composer {
        challenge_id,
        title: access.challenge.title,
        summary: draft.summary,
        themes: draft
            .themes
            .into_iter()
            .map(|theme| ComposerTheme {
                ideas: ideas
                    .iter()
                    .filter(|idea| idea.theme_id == Some(theme.theme_id))
                    .map(|idea| (idea.idea_id, idea.title.clone(), idea.votes))
                    .collect(),
                highlights: theme
                    .highlights
                    .into_iter()
                    .map(|(idea_id, quote)| HighlightChoice { idea_id, quote })
                    .collect(),
                theme_id: theme.theme_id,
                name: theme.name,
            })
            .collect(),
        publications: db::synthesis::publications(db.reader(), challenge_id).await?,
    })
}

/// Moderators: saves the overall summary (Markdown) of the draft.
#[server(endpoint = "synthesis/summary")]
pub async fn save_summary(challenge_id: i64, summary: String) -> Result<(), AppError> {
    use crate::{
        domain::{bounded_text, BoundedText},
        server::{auth, clock::now_ms, db, moderation, state::app_state},
    };
    let viewer = auth::require_viewer().await?;
    let summary = BoundedText::parse_optional(bounded_text::SYNTHESIS_SUMMARY, &summary)?;
    let db = &app_state()?.db;
    let now = now_ms();
    moderation::require_moderator(db, &viewer, challenge_id, now).await?;
    db::synthesis::save_summary(
        db.writer(),
        challenge_id,
        summary.as_str(),
        viewer.person_id,
        now,
    )
    .await?;
    Ok(())
}

/// Moderators: sets a theme's highlighted ideas (at most three, each of the theme, with an
/// optional quote).
#[server(endpoint = "synthesis/highlights", input = leptos::server_fn::codec::Json)]
pub async fn set_highlights(
    challenge_id: i64,
    theme_id: i64,
    highlights: Vec<HighlightChoice>,
) -> Result<(), AppError> {
    use crate::{
        domain::{bounded_text, BoundedText},
        server::{auth, clock::now_ms, db, moderation, state::app_state, synthesis},
    };
    let viewer = auth::require_viewer().await?;
    if highlights.len() > synthesis::MOST_HIGHLIGHTS {
        return Err(AppError::invalid(
            td_string!(
                current_locale(),
                errors.most_highlights,
                most = synthesis::MOST_HIGHLIGHTS
            )
            .to_string(),
        ));
    }
    let mut chosen = Vec::with_capacity(highlights.len());
    for highlight in highlights {
        let quote = BoundedText::parse_optional(
            bounded_text::HIGHLIGHT_QUOTE,
            highlight.quote.as_deref().unwrap_or_default(),
        )?
        .into_string();
        chosen.push((
            highlight.idea_id,
            Some(quote).filter(|quote| !quote.is_empty()),
        ));
    }
    let state = app_state()?;
    let db = &state.db;
    moderation::require_moderator(db, &viewer, challenge_id, now_ms()).await?;
    let in_theme: Vec<i64> = db::synthesis::counted_ideas(db.reader(), challenge_id)
        .await?
        .into_iter()
        .filter(|idea| idea.theme_id == Some(theme_id))
        .map(|idea| idea.idea_id)
        .collect();
    if let Some((stray, _)) = chosen
        .iter()
        .find(|(idea_id, _)| !in_theme.contains(idea_id))
    {
        return Err(AppError::invalid(
            td_string!(current_locale(), errors.idea_not_in_theme, idea = stray).to_string(),
        ));
    }
    let mut tx = db.begin().await?;
    db::synthesis::set_highlights(&mut tx, challenge_id, theme_id, &chosen).await?;
    tx.commit().await?;
    Ok(())
}

/// Moderators: publishes the draft to the challenge's audience and notifies participants;
/// returns how many times it has been published.
#[server(endpoint = "synthesis/publish")]
pub async fn publish_synthesis(challenge_id: i64) -> Result<i64, AppError> {
    use crate::{
        model::{LiveEvent, Phase},
        server::{
            auth,
            clock::now_ms,
            db::challenges::Announced,
            delivery::{webhooks, ChatEvent},
            moderation,
            state::app_state,
            synthesis,
        },
    };
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    let db = &state.db;
    let now = now_ms();
    let (_, access) = moderation::require_moderator(db, &viewer, challenge_id, now).await?;
    if matches!(access.phase, Phase::Scheduled | Phase::Open) {
        return Err(AppError::conflict(td_string!(
            current_locale(),
            errors.publish_after_close
        )));
    }
    let mut tx = db.begin().await?;
    let count = synthesis::publish(db, &mut tx, challenge_id, viewer.person_id, now).await?;
    let challenge = Announced {
        challenge_id,
        title: access.challenge.title,
        question: access.challenge.question,
    };
    webhooks::enqueue(
        &mut tx,
        &state.settings.base_url,
        ChatEvent::SynthesisPublished,
        &challenge,
        now,
    )
    .await?;
    tx.commit().await?;
    state
        .live
        .publish(challenge_id, &LiveEvent::ChallengeChanged);
    Ok(count)
}
