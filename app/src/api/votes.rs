//! Voting. The request names how many votes the person wants on the idea, so a retry is
//! harmless; the answer comes only after the vote is committed.

use leptos::prelude::*;

use crate::{error::AppError, model::VoteReceipt};

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
    Err(match refusal {
        VoteRefusal::NoSuchIdea => AppError::not_found(
            "There is no such idea in this challenge; it may have been withdrawn.",
        ),
        VoteRefusal::NotInvited => access
            .require_open("vote")
            .err()
            .unwrap_or_else(|| AppError::forbidden("You are not invited to vote here.")),
        VoteRefusal::NotOpen(phase) => require_phase_open(phase, &access.challenge, "vote")
            .err()
            .unwrap_or_else(|| AppError::conflict("This challenge is not open for voting.")),
        VoteRefusal::OverIdeaLimit { max_per_idea } => AppError::invalid(format!(
            "You can put at most {max_per_idea} vote{} on one idea.",
            if max_per_idea == 1 { "" } else { "s" }
        )),
        VoteRefusal::OverBudget { votes_left: 0 } => AppError::conflict(
            "You have used all your votes. Take a vote back from another idea to support this one.",
        ),
        VoteRefusal::OverBudget { votes_left } => AppError::conflict(format!(
            "You have only {votes_left} vote{} left.",
            if votes_left == 1 { "" } else { "s" }
        )),
    })
}
