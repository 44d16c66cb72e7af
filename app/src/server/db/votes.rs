//! Votes: one row per person and idea holding how many of their votes sit there, and one
//! ballot row per person and challenge holding how many they have spent.
//!
//! A vote request says how many votes the person *wants* on the idea, not "+1", so a retried
//! request changes nothing the second time.

use sqlx::{Any, Row, Transaction};

use crate::model::{Phase, VoteReceipt, VotingRule};

/// Why a vote was not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteRefusal {
    /// No such live idea in that challenge.
    NoSuchIdea,
    /// The challenge is not open by the server's clock.
    NotOpen(Phase),
    /// More than the rule allows on one idea.
    OverIdeaLimit { max_per_idea: i64 },
    /// More than the person's remaining budget.
    OverBudget { votes_left: i64 },
}

/// Sets the person's votes on an idea to `wanted`, inside `tx`, checking the open window, the
/// per-idea limit and the budget against what is committed. The caller commits.
pub async fn set_votes(
    tx: &mut Transaction<'static, Any>,
    challenge_id: i64,
    idea_id: i64,
    person_id: i64,
    wanted: i64,
    now: i64,
) -> Result<Result<VoteReceipt, VoteRefusal>, sqlx::Error> {
    // Creating or touching the ballot row first takes its row lock on PostgreSQL, so one
    // person's concurrent requests queue here and each sees the previous one's spending.
    // (SQLite has a single writer, which serialises them anyway.)
    let votes_used: i64 = sqlx::query(
        "insert into ballot (challenge_id, person_id, votes_used) values ($1, $2, 0) \
         on conflict (challenge_id, person_id) do update set votes_used = ballot.votes_used \
         returning votes_used",
    )
    .bind(challenge_id)
    .bind(person_id)
    .fetch_one(&mut **tx)
    .await?
    .try_get("votes_used")?;

    let Some(state) = sqlx::query(
        "select c.opens_at, c.closes_at, c.synthesis_published_at, c.vote_budget, \
         c.max_votes_per_idea, i.vote_count, coalesce(v.votes, 0) as mine \
         from idea i join challenge c on c.challenge_id = i.challenge_id \
         left join vote v on v.idea_id = i.idea_id and v.person_id = $3 \
         where i.idea_id = $1 and i.challenge_id = $2 and i.withdrawn_at is null",
    )
    .bind(idea_id)
    .bind(challenge_id)
    .bind(person_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(Err(VoteRefusal::NoSuchIdea));
    };
    let phase = Phase::at(
        state.try_get("opens_at")?,
        state.try_get("closes_at")?,
        state.try_get("synthesis_published_at")?,
        now,
    );
    if phase != Phase::Open {
        return Ok(Err(VoteRefusal::NotOpen(phase)));
    }
    let rule = match state.try_get::<Option<i64>, _>("vote_budget")? {
        None => VotingRule::OnePerIdea,
        Some(budget) => VotingRule::Dots {
            budget,
            max_per_idea: state.try_get("max_votes_per_idea")?,
        },
    };
    let mine: i64 = state.try_get("mine")?;
    let idea_votes: i64 = state.try_get("vote_count")?;
    let votes_left = |used: i64| rule.budget().map(|budget| budget - used);

    if wanted < 0 || wanted > rule.max_per_idea() {
        return Ok(Err(VoteRefusal::OverIdeaLimit {
            max_per_idea: rule.max_per_idea(),
        }));
    }
    let delta = wanted - mine;
    if delta == 0 {
        return Ok(Ok(VoteReceipt {
            idea_id,
            my_votes: mine,
            idea_votes,
            votes_left: votes_left(votes_used),
        }));
    }
    if let Some(left) = votes_left(votes_used) {
        if delta > left {
            return Ok(Err(VoteRefusal::OverBudget { votes_left: left }));
        }
    }

    if wanted == 0 {
        sqlx::query("delete from vote where idea_id = $1 and person_id = $2")
            .bind(idea_id)
            .bind(person_id)
            .execute(&mut **tx)
            .await?;
    } else {
        sqlx::query(
            "insert into vote (idea_id, person_id, challenge_id, votes, cast_at) \
             values ($1, $2, $3, $4, $5) \
             on conflict (idea_id, person_id) do update set votes = $4, cast_at = $5",
        )
        .bind(idea_id)
        .bind(person_id)
        .bind(challenge_id)
        .bind(wanted)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "update ballot set votes_used = votes_used + $1 where challenge_id = $2 and person_id = $3",
    )
    .bind(delta)
    .bind(challenge_id)
    .bind(person_id)
    .execute(&mut **tx)
    .await?;
    let idea_votes: i64 = sqlx::query(
        "update idea set vote_count = vote_count + $1 where idea_id = $2 returning vote_count",
    )
    .bind(delta)
    .bind(idea_id)
    .fetch_one(&mut **tx)
    .await?
    .try_get("vote_count")?;
    Ok(Ok(VoteReceipt {
        idea_id,
        my_votes: wanted,
        idea_votes,
        votes_left: votes_left(votes_used + delta),
    }))
}

/// Votes the person has spent in a challenge.
pub async fn votes_used(
    db: impl sqlx::AnyExecutor<'_>,
    challenge_id: i64,
    person_id: i64,
) -> Result<i64, sqlx::Error> {
    Ok(
        sqlx::query("select votes_used from ballot where challenge_id = $1 and person_id = $2")
            .bind(challenge_id)
            .bind(person_id)
            .fetch_optional(db)
            .await?
            .map(|row| row.try_get("votes_used"))
            .transpose()?
            .unwrap_or(0),
    )
}
