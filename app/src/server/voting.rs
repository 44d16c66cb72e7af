//! The vote writer: group commit for votes, and the live announcement of the new totals.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::{
    clock::now_ms,
    db::{
        votes::{apply_votes, VoteOutcome, VoteRequest},
        Backend, Db,
    },
    failure::database_failure,
    live::Live,
};
use crate::error::AppError;

/// Why a vote was not committed: its batch's database error, shared by every vote in it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the batch of votes failed: {0}")]
pub struct BatchFailed(Arc<sqlx::Error>);

impl From<BatchFailed> for AppError {
    fn from(failed: BatchFailed) -> Self {
        database_failure("vote writer", &failed.0)
    }
}

/// Votes waiting for the writer, with where to send each outcome.
type Pending = (
    VoteRequest,
    oneshot::Sender<Result<VoteOutcome, BatchFailed>>,
);

/// Most votes committed in one transaction.
const MAX_BATCH: usize = 256;

/// Group commit for votes: one writer takes every vote waiting at that moment and commits them
/// in one transaction, so under load the fixed cost of a transaction is shared. Each caller
/// gets its outcome only after the commit, so a vote is never acknowledged before it is stored.
#[derive(Clone)]
pub struct VoteQueue {
    sender: mpsc::Sender<Pending>,
}

impl VoteQueue {
    /// Starts the writer; it ends when every handle is dropped. Ideas' new totals go to `live`
    /// in commit order.
    ///
    /// With SQLite the writer runs on a thread of its own. Each statement is a round trip to
    /// SQLite's worker thread, whose answer wakes the writer from outside the runtime; in the
    /// shared runtime that wake-up waits behind every HTTP task queued there (milliseconds
    /// under load, several times per batch), on its own thread it is immediate. PostgreSQL
    /// connections belong to the runtime that opened them, so that writer stays in it.
    pub fn start(db: Db, live: Live) -> std::io::Result<Self> {
        let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
        match db.backend() {
            Backend::Sqlite => {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                std::thread::Builder::new()
                    .name("vote-writer".into())
                    .spawn(move || runtime.block_on(write_batches(db, live, receiver)))?;
            }
            Backend::Postgres => {
                tokio::spawn(write_batches(db, live, receiver));
            }
        }
        Ok(Self { sender })
    }

    pub async fn submit(&self, vote: VoteRequest) -> Result<VoteOutcome, BatchFailed> {
        let stopped = || BatchFailed(Arc::new(sqlx::Error::PoolClosed));
        let (reply, outcome) = oneshot::channel();
        self.sender
            .send((vote, reply))
            .await
            .map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }
}

async fn write_batches(db: Db, live: Live, mut receiver: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let votes: Vec<VoteRequest> = batch.iter().map(|(vote, _)| *vote).collect();
        match commit_and_announce(&db, &live, &votes, now_ms()).await {
            Ok(outcomes) => {
                for ((_, reply), outcome) in batch.drain(..).zip(outcomes) {
                    // A caller that gave up no longer needs the answer.
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(error) => {
                tracing::warn!(%error, votes = batch.len(), "a batch of votes failed; none was stored");
                let failed = BatchFailed(Arc::new(error));
                for (_, reply) in batch.drain(..) {
                    let _ = reply.send(Err(failed.clone()));
                }
            }
        }
    }
}

/// Applies the votes in order in one transaction (all are stored or none) and announces the
/// totals they moved: on PostgreSQL inside the transaction, so every process receives them in
/// commit order; on SQLite after the commit, from this single writer, so in order too.
async fn commit_and_announce(
    db: &Db,
    live: &Live,
    votes: &[VoteRequest],
    now: i64,
) -> Result<Vec<VoteOutcome>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let applied = apply_votes(&mut tx, db.backend(), votes, now).await?;
    live.relay_vote_totals(&mut tx, &applied.totals).await?;
    tx.commit().await?;
    live.show_vote_totals(&applied.totals);
    Ok(applied.outcomes)
}

#[cfg(test)]
mod tests {
    use sqlx::Row;

    use super::*;
    use crate::{
        model::{LiveEvent, VotingRule},
        server::db::test_support::{challenge, fresh_db, ideas, members},
    };

    const DOTS: VotingRule = VotingRule::Dots {
        budget: 3,
        max_per_idea: 2,
    };

    async fn count(db: &Db, sql: &'static str, id: i64) -> i64 {
        sqlx::query(sql)
            .bind(id)
            .fetch_one(db.reader())
            .await
            .unwrap()
            .try_get("n")
            .unwrap()
    }

    #[tokio::test]
    async fn the_queue_commits_concurrent_votes_once_each_and_announces_the_final_totals() {
        let test = fresh_db().await;
        let db = test.db.clone();
        let people = members(&db, 30).await;
        // Open by the real clock, which the queue uses.
        let challenge_id = challenge(&db, DOTS, 0, i64::MAX / 2).await;
        let idea_ids = ideas(&db, challenge_id, people[0], 5).await;
        let live = Live::start(&db).await.unwrap();
        let mut watcher = live.subscribe(challenge_id);
        let queue = VoteQueue::start(db.clone(), live).unwrap();
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
        let stored = count(
            &db,
            "select cast(coalesce(sum(votes), 0) as bigint) as n from vote where challenge_id = $1",
            challenge_id,
        )
        .await;
        assert_eq!(stored, 90);

        let mut stored_totals = std::collections::BTreeMap::new();
        for &idea_id in &idea_ids {
            let total = count(
                &db,
                "select vote_count as n from idea where idea_id = $1",
                idea_id,
            )
            .await;
            // Ideas nobody voted for never moved, so are never announced.
            if total > 0 {
                stored_totals.insert(idea_id, total);
            }
        }
        assert_eq!(stored_totals.values().sum::<i64>(), 90);
        // Watchers end on exactly the stored totals (via the database on PostgreSQL).
        let mut shown = std::collections::BTreeMap::new();
        while shown != stored_totals {
            let json = tokio::time::timeout(std::time::Duration::from_secs(5), watcher.recv())
                .await
                .expect("vote totals announced within 5 s")
                .unwrap();
            match serde_json::from_str(&json).unwrap() {
                LiveEvent::Votes { counts } => shown.extend(counts),
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}
