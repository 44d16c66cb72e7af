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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::{
        test_support::{challenge, fresh_db, ideas, members},
        Db,
    };

    const OPEN_AT: i64 = 1_000;
    const CLOSE_AT: i64 = 1_000_000;
    const NOW: i64 = 5_000;

    async fn vote(
        db: &Db,
        challenge_id: i64,
        idea_id: i64,
        person_id: i64,
        wanted: i64,
        now: i64,
    ) -> Result<VoteReceipt, VoteRefusal> {
        let mut tx = db.begin().await.unwrap();
        let outcome = set_votes(&mut tx, challenge_id, idea_id, person_id, wanted, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        outcome
    }

    async fn idea_votes(db: &Db, idea_id: i64) -> i64 {
        sqlx::query("select vote_count from idea where idea_id = $1")
            .bind(idea_id)
            .fetch_one(db.reader())
            .await
            .unwrap()
            .try_get("vote_count")
            .unwrap()
    }

    async fn stored_votes(db: &Db, challenge_id: i64) -> i64 {
        sqlx::query(
            "select cast(coalesce(sum(votes), 0) as bigint) as n from vote where challenge_id = $1",
        )
        .bind(challenge_id)
        .fetch_one(db.reader())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
    }

    const DOTS: VotingRule = VotingRule::Dots {
        budget: 3,
        max_per_idea: 2,
    };

    #[tokio::test]
    async fn a_retried_vote_counts_once() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 1).await;
        let challenge_id = challenge(db, VotingRule::OnePerIdea, OPEN_AT, CLOSE_AT).await;
        let idea = ideas(db, challenge_id, people[0], 1).await[0];
        for _ in 0..3 {
            let receipt = vote(db, challenge_id, idea, people[0], 1, NOW)
                .await
                .unwrap();
            assert_eq!((receipt.my_votes, receipt.idea_votes), (1, 1));
        }
        assert_eq!(idea_votes(db, idea).await, 1);
        assert_eq!(stored_votes(db, challenge_id).await, 1);
        // One vote per idea: two is refused.
        assert_eq!(
            vote(db, challenge_id, idea, people[0], 2, NOW).await,
            Err(VoteRefusal::OverIdeaLimit { max_per_idea: 1 })
        );
    }

    #[tokio::test]
    async fn dot_budgets_and_per_idea_limits_hold_and_withdrawn_votes_return() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 1).await;
        let person = people[0];
        let challenge_id = challenge(db, DOTS, OPEN_AT, CLOSE_AT).await;
        let idea = ideas(db, challenge_id, person, 2).await;
        assert_eq!(
            vote(db, challenge_id, idea[0], person, 3, NOW).await,
            Err(VoteRefusal::OverIdeaLimit { max_per_idea: 2 })
        );
        let receipt = vote(db, challenge_id, idea[0], person, 2, NOW)
            .await
            .unwrap();
        assert_eq!(receipt.votes_left, Some(1));
        assert_eq!(
            vote(db, challenge_id, idea[1], person, 2, NOW).await,
            Err(VoteRefusal::OverBudget { votes_left: 1 })
        );
        vote(db, challenge_id, idea[1], person, 1, NOW)
            .await
            .unwrap();
        assert_eq!(
            votes_used(db.reader(), challenge_id, person).await.unwrap(),
            3
        );
        // Taking votes back returns them to the budget.
        let receipt = vote(db, challenge_id, idea[0], person, 0, NOW)
            .await
            .unwrap();
        assert_eq!((receipt.votes_left, receipt.idea_votes), (Some(2), 0));
        vote(db, challenge_id, idea[1], person, 2, NOW)
            .await
            .unwrap();
        assert_eq!(stored_votes(db, challenge_id).await, 2);
        assert_eq!(idea_votes(db, idea[1]).await, 2);
    }

    #[tokio::test]
    async fn nothing_is_accepted_outside_the_open_window() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 1).await;
        let challenge_id = challenge(db, DOTS, OPEN_AT, CLOSE_AT).await;
        let idea = ideas(db, challenge_id, people[0], 1).await[0];
        assert_eq!(
            vote(db, challenge_id, idea, people[0], 1, OPEN_AT - 1).await,
            Err(VoteRefusal::NotOpen(Phase::Scheduled))
        );
        assert_eq!(
            vote(db, challenge_id, idea, people[0], 1, CLOSE_AT).await,
            Err(VoteRefusal::NotOpen(Phase::Closed))
        );
        assert_eq!(stored_votes(db, challenge_id).await, 0);
        // An idea of another challenge is not found through this one.
        let other = challenge(db, DOTS, OPEN_AT, CLOSE_AT + 1).await;
        assert_eq!(
            vote(db, other, idea, people[0], 1, NOW).await,
            Err(VoteRefusal::NoSuchIdea)
        );
    }

    #[tokio::test]
    async fn fifty_concurrent_requests_never_exceed_the_budget() {
        let test = fresh_db().await;
        let db = test.db.clone();
        let people = members(&db, 1).await;
        let person = people[0];
        let challenge_id = challenge(&db, DOTS, OPEN_AT, CLOSE_AT).await;
        let idea_ids = ideas(&db, challenge_id, person, 50).await;
        let tasks: Vec<_> = idea_ids
            .iter()
            .map(|&idea_id| {
                let db = db.clone();
                tokio::spawn(async move { vote(&db, challenge_id, idea_id, person, 1, NOW).await })
            })
            .collect();
        let mut accepted = 0;
        for task in tasks {
            if task.await.unwrap().is_ok() {
                accepted += 1;
            }
        }
        assert_eq!(accepted, 3, "exactly the budget is accepted");
        assert_eq!(
            votes_used(db.reader(), challenge_id, person).await.unwrap(),
            3
        );
        assert_eq!(stored_votes(&db, challenge_id).await, 3);
    }

    #[tokio::test]
    async fn concurrent_voters_are_all_counted() {
        let test = fresh_db().await;
        let db = test.db.clone();
        let people = members(&db, 20).await;
        let challenge_id = challenge(&db, VotingRule::OnePerIdea, OPEN_AT, CLOSE_AT).await;
        let idea = ideas(&db, challenge_id, people[0], 1).await[0];
        let tasks: Vec<_> = people
            .iter()
            .map(|&person| {
                let db = db.clone();
                tokio::spawn(async move { vote(&db, challenge_id, idea, person, 1, NOW).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(idea_votes(&db, idea).await, 20);
    }

    #[tokio::test]
    async fn withdrawing_an_idea_returns_its_votes_to_the_budgets() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 2).await;
        let challenge_id = challenge(db, DOTS, OPEN_AT, CLOSE_AT).await;
        let idea = ideas(db, challenge_id, people[0], 1).await[0];
        vote(db, challenge_id, idea, people[1], 2, NOW)
            .await
            .unwrap();
        let mut tx = db.begin().await.unwrap();
        crate::server::db::ideas::withdraw(&mut tx, idea, challenge_id, NOW)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            votes_used(db.reader(), challenge_id, people[1])
                .await
                .unwrap(),
            0
        );
        assert_eq!(stored_votes(db, challenge_id).await, 0);
        assert_eq!(
            vote(db, challenge_id, idea, people[1], 1, NOW).await,
            Err(VoteRefusal::NoSuchIdea)
        );
    }
}
