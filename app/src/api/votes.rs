//! Voting. The request names how many votes the person wants on the idea, so a retry is
//! harmless; the answer comes only after the vote is committed.

use leptos::prelude::*;

use crate::{error::AppError, model::VoteReceipt};
#[cfg(feature = "ssr")]
use crate::{i18n::td_string, locale::current_locale};

/// In the audience, while the challenge is open: sets the viewer's votes on an idea to `votes`
/// (0 withdraws them, returning them to the budget).
#[server(endpoint = "votes/set")]
pub async fn set_votes(
    challenge_id: i64,
    idea_id: i64,
    votes: i64,
) -> Result<VoteReceipt, AppError> {
    use crate::server::{
        access::{require_phase_open, ChallengeAccess},
        auth,
        clock::now_ms,
        db::{
            analytics::ChallengeAct,
            votes::{VoteRefusal, VoteRequest},
        },
        state::app_state,
    };
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    // The queue checks audience, window, limit and budget in the transaction that writes the
    // vote; the challenge is loaded again only to explain a refusal.
    let outcome = state
        .votes
        .submit(VoteRequest {
            challenge_id,
            idea_id,
            person_id: viewer.person_id,
            wanted: votes,
        })
        .await?;
    let refusal = match outcome {
        Ok(receipt) => {
            if votes > 0 {
                state
                    .activity
                    .challenge_act(viewer.person_id, challenge_id, ChallengeAct::Vote);
            }
            return Ok(receipt);
        }
        Err(refusal) => refusal,
    };
    let access = ChallengeAccess::load(&state.db, &viewer, challenge_id, now_ms()).await?;
    let locale = current_locale();
    let vote: fn(crate::i18n::Locale) -> &'static str =
        |locale| td_string!(locale, errors.action_vote);
    Err(match refusal {
        VoteRefusal::NoSuchIdea => {
            AppError::not_found(td_string!(locale, errors.no_such_idea_withdrawn))
        }
        VoteRefusal::NotInvited => access
            .require_open(vote)
            .err()
            .unwrap_or_else(|| AppError::forbidden(td_string!(locale, errors.not_invited_to_vote))),
        VoteRefusal::NotOpen(phase) => require_phase_open(phase, &access.challenge, vote)
            .err()
            .unwrap_or_else(|| AppError::conflict(td_string!(locale, errors.not_open_for_voting))),
        VoteRefusal::OverIdeaLimit { max_per_idea } => AppError::invalid(
            td_string!(locale, errors.most_votes_per_idea, count = max_per_idea).to_string(),
        ),
        VoteRefusal::OverBudget { votes_left: 0 } => {
            AppError::conflict(td_string!(locale, errors.all_votes_used))
        }
        VoteRefusal::OverBudget { votes_left } => AppError::conflict(
            td_string!(locale, errors.votes_left, count = votes_left).to_string(),
        ),
    })
}
