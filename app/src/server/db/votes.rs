//! Votes: one row per person and idea holding how many of their votes sit there, and one
//! ballot row per person and challenge holding how many they have spent.
//!
//! A vote request says how many votes the person *wants* on the idea, not "+1", so a retried
//! request changes nothing the second time.

use sqlx::{Any, Row, Transaction};
use tokio::sync::{mpsc, oneshot};

use super::{Backend, Db};
use crate::model::{Phase, VoteReceipt, VotingRule};

/// Why a vote was not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteRefusal {
    /// No such live idea in that challenge.
    NoSuchIdea,
    /// The person is not in the challenge's audience.
    NotInvited,
    /// The challenge is not open by the server's clock.
    NotOpen(Phase),
    /// More than the rule allows on one idea.
    OverIdeaLimit { max_per_idea: i64 },
    /// More than the person's remaining budget.
    OverBudget { votes_left: i64 },
}

pub type VoteOutcome = Result<VoteReceipt, VoteRefusal>;

/// A person's wish to have `wanted` votes on an idea.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteRequest {
    pub challenge_id: i64,
    pub idea_id: i64,
    pub person_id: i64,
    pub wanted: i64,
}

/// Sets the person's votes on an idea to `wanted`, inside `tx`, checking the audience, the open
/// window, the per-idea limit and the budget against what is committed. Nothing is written
/// when the vote is refused. The caller commits.
pub async fn set_votes(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    vote: VoteRequest,
    now: i64,
) -> Result<VoteOutcome, sqlx::Error> {
    let VoteRequest {
        challenge_id,
        idea_id,
        person_id,
        wanted,
    } = vote;
    if backend == Backend::Postgres {
        // Creating or touching the ballot row takes its row lock, so one person's concurrent
        // requests queue here and each sees the previous one's spending. SQLite's single
        // writer serialises them anyway, so it skips this statement.
        // Only for an idea that exists in that challenge: a ballot for an unknown challenge
        // would break its foreign key, and the select below reports the idea as missing.
        sqlx::query(
            "insert into ballot (challenge_id, person_id, votes_used) \
             select $1, $2, 0 where exists \
               (select 1 from idea where idea_id = $3 and challenge_id = $1) \
             on conflict (challenge_id, person_id) do update set votes_used = ballot.votes_used",
        )
        .bind(challenge_id)
        .bind(person_id)
        .bind(idea_id)
        .execute(&mut **tx)
        .await?;
    }
    let Some(state) = sqlx::query(concat!(
        "select c.opens_at, c.closes_at, c.synthesis_published_at, c.vote_budget, \
         c.max_votes_per_idea, i.vote_count, coalesce(v.votes, 0) as mine, \
         coalesce(b.votes_used, 0) as votes_used, \
         case when ",
        super::challenges::in_audience!("$2"),
        " then 1 else 0 end as invited \
         from idea i join challenge c on c.challenge_id = i.challenge_id \
         join person p on p.person_id = $3 \
         left join vote v on v.idea_id = i.idea_id and v.person_id = $3 \
         left join ballot b on b.challenge_id = i.challenge_id and b.person_id = $3 \
         where i.idea_id = $1 and i.challenge_id = $2 and i.withdrawn_at is null"
    ))
    .bind(idea_id)
    .bind(challenge_id)
    .bind(person_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(Err(VoteRefusal::NoSuchIdea));
    };
    if state.try_get::<i64, _>("invited")? == 0 {
        return Ok(Err(VoteRefusal::NotInvited));
    }
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
    let votes_used: i64 = state.try_get("votes_used")?;
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
    // A new ballot only ever gains votes; the inserted row must pass `votes_used >= 0` before
    // the conflict turns it into an update.
    sqlx::query(
        "insert into ballot (challenge_id, person_id, votes_used) values ($1, $2, $4) \
         on conflict (challenge_id, person_id) do update set votes_used = ballot.votes_used + $3",
    )
    .bind(challenge_id)
    .bind(person_id)
    .bind(delta)
    .bind(delta.max(0))
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

/// Votes waiting for the writer, with where to send each outcome.
type Pending = (
    VoteRequest,
    oneshot::Sender<Result<VoteOutcome, sqlx::Error>>,
);

/// Most votes committed in one transaction.
const MAX_BATCH: usize = 256;

/// Group commit for votes: one task takes every vote waiting at that moment and commits them
/// in one transaction, so under load the fixed cost of a transaction is shared. Each caller
/// gets its outcome only after the commit, so a vote is never acknowledged before it is stored.
#[derive(Clone)]
pub struct VoteQueue {
    sender: mpsc::Sender<Pending>,
}

impl VoteQueue {
    /// Starts the writer task; it ends when every handle is dropped.
    pub fn start(db: Db) -> Self {
        let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_batches(db, receiver));
        Self { sender }
    }

    pub async fn submit(&self, vote: VoteRequest) -> Result<VoteOutcome, sqlx::Error> {
        let (reply, outcome) = oneshot::channel();
        self.sender
            .send((vote, reply))
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        outcome.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

async fn write_batches(db: Db, mut receiver: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let votes: Vec<VoteRequest> = batch.iter().map(|(vote, _)| *vote).collect();
        match commit_batch(&db, &votes, super::super::clock::now_ms()).await {
            Ok(outcomes) => {
                for ((_, reply), outcome) in batch.drain(..).zip(outcomes) {
                    // A caller that gave up no longer needs the answer.
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(error) => {
                tracing::warn!(%error, votes = batch.len(), "a batch of votes failed; none was stored");
                for (_, reply) in batch.drain(..) {
                    let _ = reply.send(Err(sqlx::Error::Protocol(format!(
                        "the batch of votes failed: {error}"
                    ))));
                }
            }
        }
    }
}

/// Applies the votes in order in one transaction; all are stored or none.
pub async fn commit_batch(
    db: &Db,
    votes: &[VoteRequest],
    now: i64,
) -> Result<Vec<VoteOutcome>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let mut outcomes = Vec::with_capacity(votes.len());
    for vote in votes {
        outcomes.push(set_votes(&mut tx, db.backend(), *vote, now).await?);
    }
    tx.commit().await?;
    Ok(outcomes)
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
        let vote = VoteRequest {
            challenge_id,
            idea_id,
            person_id,
            wanted,
        };
        commit_batch(db, &[vote], now).await.unwrap().remove(0)
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

    #[tokio::test]
    async fn the_queue_commits_concurrent_votes_once_each_within_budgets() {
        let test = fresh_db().await;
        let db = test.db.clone();
        let people = members(&db, 30).await;
        // Open by the real clock, which the queue uses.
        let challenge_id = challenge(&db, DOTS, 0, i64::MAX / 2).await;
        let idea_ids = ideas(&db, challenge_id, people[0], 5).await;
        let queue = VoteQueue::start(db.clone());
        let mut tasks = Vec::new();
        for &person_id in &people {
            for &idea_id in &idea_ids {
                let queue = queue.clone();
                tasks.push(tokio::spawn(async move {
                    let vote = VoteRequest {
                        challenge_id,
                        idea_id,
                        person_id,
                        wanted: 1,
                    };
                    queue.submit(vote).await
                }));
            }
        }
        let mut accepted = 0;
        for task in tasks {
            if task.await.unwrap().unwrap().is_ok() {
                accepted += 1;
            }
        }
        assert_eq!(accepted, 30 * 3, "each person's budget of 3, no more");
        assert_eq!(stored_votes(&db, challenge_id).await, 90);
        let mut counted = 0;
        for idea_id in idea_ids {
            counted += idea_votes(&db, idea_id).await;
        }
        assert_eq!(counted, 90);
    }
}
