//! Challenges: list, read, launch, and move the closing time.

use leptos::prelude::*;

use crate::{
    error::AppError,
    model::{ChallengeDetail, ChallengeInput, ChallengeList, LaunchOptions},
};
#[cfg(feature = "ssr")]
use crate::{i18n::td_string, locale::current_locale};

#[cfg(feature = "ssr")]
pub(crate) const LAUNCHERS: &[crate::model::Role] =
    &[crate::model::Role::Leader, crate::model::Role::Admin];

/// Signed in: the challenges this person may see, with their own participation.
#[server(endpoint = "challenges/list")]
pub async fn list_challenges() -> Result<ChallengeList, AppError> {
    use crate::{
        model::ChallengeSummary,
        server::{access, auth, clock::now_ms, db, state::app_state},
    };
    let viewer = auth::require_viewer().await?;
    let db = &app_state()?.db;
    let now = now_ms();
    let participation = db::challenges::participation(db.reader(), viewer.person_id).await?;
    let challenges = access::visible_challenges(db, &viewer, now)
        .await?
        .into_iter()
        .map(|(challenge, phase)| {
            let mine = participation
                .get(&challenge.challenge_id)
                .copied()
                .unwrap_or_default();
            ChallengeSummary {
                challenge_id: challenge.challenge_id,
                title: challenge.title,
                question: challenge.question,
                phase,
                opens_at: challenge.opens_at,
                closes_at: challenge.closes_at,
                idea_count: mine.idea_count,
                my_ideas: mine.my_ideas,
                my_votes: mine.my_votes,
                my_comments: mine.my_comments,
            }
        })
        .collect();
    Ok(ChallengeList { now, challenges })
}

/// Signed in and allowed to see it: one challenge with the viewer's votes left.
#[server(endpoint = "challenges/get")]
pub async fn challenge(challenge_id: i64) -> Result<ChallengeDetail, AppError> {
    use crate::{
        model::Phase,
        server::{
            access::ChallengeAccess, auth, clock::now_ms, db, db::analytics::ChallengeAct,
            markdown, state::app_state,
        },
    };
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    let db = &state.db;
    let now = now_ms();
    let access = ChallengeAccess::load(db, &viewer, challenge_id, now).await?;
    state
        .activity
        .challenge_act(viewer.person_id, challenge_id, ChallengeAct::View);
    let votes_used = db::votes::votes_used(db.reader(), challenge_id, viewer.person_id).await?;
    let idea_count = db::challenges::participation(db.reader(), viewer.person_id)
        .await?
        .get(&challenge_id)
        .map_or(0, |p| p.idea_count);
    let changes = db::challenges::changes(db.reader(), challenge_id).await?;
    let can_respond_officially = access.may_respond_officially(&viewer);
    let can_moderate = access.moderates(db, &viewer).await?;
    let moderators = if access.manages {
        db::moderation::moderator_choices(db.reader(), challenge_id).await?
    } else {
        Vec::new()
    };
    let challenge = access.challenge;
    Ok(ChallengeDetail {
        challenge_id,
        brief_html: markdown::to_safe_html(&challenge.brief),
        title: challenge.title,
        question: challenge.question,
        sponsor_id: challenge.sponsor_id,
        sponsor_name: challenge.sponsor_name,
        opens_at: challenge.opens_at,
        closes_at: challenge.closes_at,
        phase: access.phase,
        voting: challenge.voting,
        hide_authors: challenge.hide_authors,
        idea_count,
        votes_left: challenge.voting.budget().map(|budget| budget - votes_used),
        can_take_part: access.invited && access.phase == Phase::Open,
        can_manage: access.manages,
        can_respond_officially,
        can_moderate,
        moderators,
        audience: access.audience,
        changes,
        now,
    })
}

/// Leaders and admins: who can sponsor, and the departments and regions to invite.
#[server(endpoint = "challenges/launch_options")]
pub async fn launch_choices() -> Result<LaunchOptions, AppError> {
    use crate::server::{auth, db, state::app_state};
    auth::require_role(LAUNCHERS, |locale| {
        td_string!(locale, errors.action_launch_challenges)
    })
    .await?;
    let db = &app_state()?.db;
    let (departments, regions) = db::challenges::departments_and_regions(db.reader()).await?;
    Ok(LaunchOptions {
        now: crate::server::clock::now_ms(),
        sponsors: db::challenges::sponsors(db.reader()).await?,
        departments,
        regions,
    })
}

/// Leaders and admins: launches a challenge; returns its id.
#[server(endpoint = "challenges/launch")]
pub async fn launch_challenge(challenge: ChallengeInput) -> Result<i64, AppError> {
    use crate::server::{auth, clock::now_ms, db, launch, state::app_state};
    let leader = auth::require_role(LAUNCHERS, |locale| {
        td_string!(locale, errors.action_launch_challenges)
    })
    .await?;
    let db = &app_state()?.db;
    let now = now_ms();
    let record = launch::validate(&challenge, now)?;
    if !db::challenges::is_sponsor(db.reader(), record.sponsor_id).await? {
        return Err(AppError::invalid(td_string!(
            current_locale(),
            errors.choose_sponsor
        )));
    }
    let mut tx = db.begin().await?;
    let challenge_id = db::challenges::insert(&mut tx, &record, leader.person_id, now).await?;
    tx.commit().await?;
    leptos_axum::redirect(&format!("/challenges/{challenge_id}"));
    Ok(challenge_id)
}

/// Leaders and admins: extends the challenge (`closes_local` later than now) or closes it
/// early (`close_now`). Every change is recorded with who made it.
#[server(endpoint = "challenges/set_closing")]
pub async fn set_closing(
    challenge_id: i64,
    #[server(default)] closes_local: String,
    #[server(default)] utc_offset_minutes: i64,
    #[server(default)] close_now: bool,
) -> Result<(), AppError> {
    use crate::{
        domain::local_time::parse_local,
        model::{LiveEvent, Phase},
        server::{access::ChallengeAccess, auth, clock::now_ms, db, state::app_state},
    };
    let locale = current_locale();
    let leader = auth::require_role(LAUNCHERS, |locale| {
        td_string!(locale, errors.action_change_closing)
    })
    .await?;
    let state = app_state()?;
    let now = now_ms();
    let access = ChallengeAccess::load(&state.db, &leader, challenge_id, now).await?;
    if matches!(access.phase, Phase::Closed | Phase::Published) {
        return Err(AppError::conflict(td_string!(
            locale,
            errors.already_closed_no_change
        )));
    }
    let closes_after = if close_now {
        now.max(access.challenge.opens_at + 1)
    } else {
        let closes = parse_local(
            &closes_local,
            utc_offset_minutes,
            td_string!(locale, errors.field_new_closing_time),
        )?;
        if closes <= now {
            return Err(AppError::invalid(td_string!(
                locale,
                errors.new_closing_in_past
            )));
        }
        if closes <= access.challenge.opens_at {
            return Err(AppError::invalid(td_string!(
                locale,
                errors.new_closing_before_opening
            )));
        }
        closes
    };
    let mut tx = state.db.begin().await?;
    db::challenges::set_closes_at(
        &mut tx,
        challenge_id,
        leader.person_id,
        access.challenge.closes_at,
        closes_after,
        now,
    )
    .await?;
    tx.commit().await?;
    state
        .live
        .publish(challenge_id, &LiveEvent::ChallengeChanged);
    Ok(())
}
