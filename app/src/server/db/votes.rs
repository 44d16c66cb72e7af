//! Votes: one row per person and idea holding how many of their votes sit there, and one
//! ballot row per person and challenge holding how many they have spent.
//!
//! A vote request says how many votes the person *wants* on the idea, not "+1", so a retried
//! request changes nothing the second time.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sqlx::{Any, Row, Transaction};

use super::Backend;
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

/// What the database holds for one person and idea before a batch is applied.
struct Standing {
    phase_window: (i64, i64, Option<i64>),
    rule: VotingRule,
    invited: bool,
    idea_votes: i64,
    mine: i64,
    votes_used: i64,
}

/// A number as the database had it before the batch, and as the batch leaves it.
#[derive(Debug, Clone, Copy)]
struct Change {
    before: i64,
    now: i64,
}

impl From<i64> for Change {
    fn from(before: i64) -> Self {
        Self {
            before,
            now: before,
        }
    }
}

impl Change {
    fn changed(self) -> bool {
        self.before != self.now
    }
}

/// Checks one vote against the rule, the window and the budget, given the votes the person
/// has on the idea (`mine`) and in the challenge (`votes_used`) at that point of the batch.
/// Returns how many votes the idea gains (negative when taken back).
fn judge(
    standing: &Standing,
    mine: i64,
    votes_used: i64,
    wanted: i64,
    now: i64,
) -> Result<i64, VoteRefusal> {
    if !standing.invited {
        return Err(VoteRefusal::NotInvited);
    }
    let (opens_at, closes_at, published_at) = standing.phase_window;
    let phase = Phase::at(opens_at, closes_at, published_at, now);
    if phase != Phase::Open {
        return Err(VoteRefusal::NotOpen(phase));
    }
    let rule = standing.rule;
    if wanted < 0 || wanted > rule.max_per_idea() {
        return Err(VoteRefusal::OverIdeaLimit {
            max_per_idea: rule.max_per_idea(),
        });
    }
    let delta = wanted - mine;
    match rule.budget() {
        Some(budget) if delta > 0 && delta > budget - votes_used => Err(VoteRefusal::OverBudget {
            votes_left: budget - votes_used,
        }),
        _ => Ok(delta),
    }
}

/// `($1, $2), ($3, $4), …`: placeholders for `rows` rows of `columns` values each.
fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let values: Vec<String> = (1..=columns)
                .map(|column| format!("${}", row * columns + column))
                .collect();
            format!("({})", values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A query over rows of integers, each row bound in order.
fn query_rows<const N: usize>(
    sql: String,
    rows: impl IntoIterator<Item = [i64; N]>,
) -> sqlx::query::Query<'static, Any, sqlx::any::AnyArguments> {
    rows.into_iter()
        .flatten()
        .fold(sqlx::query(sqlx::AssertSqlSafe(sql)), |query, value| {
            query.bind(value)
        })
}

/// What a vote is about: `(idea_id, challenge_id, person_id)`.
type Subject = (i64, i64, i64);

/// What a batch did.
#[derive(Debug, Default)]
pub struct AppliedVotes {
    /// One per vote, in the order given.
    pub outcomes: Vec<VoteOutcome>,
    /// The new total of every idea the batch moved, by challenge: `(idea_id, votes)` in idea
    /// order. On PostgreSQL these ideas stay locked until the commit, so batches that move the
    /// same idea commit in the order of its totals.
    pub totals: BTreeMap<i64, Vec<(i64, i64)>>,
}

/// Applies `votes` in order inside `tx`: each is checked against the audience, the open
/// window, the per-idea limit and the budget as left by the committed data and the votes
/// before it, and refused votes write nothing. The caller commits.
///
/// However many votes there are, this is a fixed handful of statements (one read, then at
/// most four writes), which is what makes group commit pay off.
pub async fn apply_votes(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    votes: &[VoteRequest],
    now: i64,
) -> Result<AppliedVotes, sqlx::Error> {
    let subjects: BTreeSet<Subject> = votes.iter().map(VoteRequest::subject).collect();
    if subjects.is_empty() {
        return Ok(AppliedVotes::default());
    }
    if backend == Backend::Postgres {
        lock_ballots(tx, &subjects).await?;
    }
    let standings = read_standings(tx, &subjects).await?;
    let (mut outcomes, end_state) = replay(votes, &standings, now);
    let idea_votes = write_end_state(tx, backend, end_state, now).await?;
    for receipt in outcomes.iter_mut().flatten() {
        if let Some(&total) = idea_votes.get(&receipt.idea_id) {
            receipt.idea_votes = total;
        }
    }
    let challenge_of: HashMap<i64, i64> = votes
        .iter()
        .map(|vote| (vote.idea_id, vote.challenge_id))
        .collect();
    let mut totals: BTreeMap<i64, Vec<(i64, i64)>> = BTreeMap::new();
    for (idea_id, votes) in idea_votes {
        if let Some(&challenge_id) = challenge_of.get(&idea_id) {
            totals
                .entry(challenge_id)
                .or_default()
                .push((idea_id, votes));
        }
    }
    for counts in totals.values_mut() {
        counts.sort_unstable();
    }
    Ok(AppliedVotes { outcomes, totals })
}

impl VoteRequest {
    fn subject(&self) -> Subject {
        (self.idea_id, self.challenge_id, self.person_id)
    }
}

/// `with wanted (idea_id, challenge_id, person_id) as (values …)` and its arguments.
fn wanted_rows(subjects: &BTreeSet<Subject>) -> (String, Vec<[i64; 3]>) {
    (
        format!(
            "with wanted (idea_id, challenge_id, person_id) as (values {})",
            value_rows(subjects.len(), 3)
        ),
        subjects
            .iter()
            .map(|&(idea_id, challenge_id, person_id)| [idea_id, challenge_id, person_id])
            .collect(),
    )
}

/// PostgreSQL: touching each ballot row takes its lock, so batches from other processes queue
/// here and see this one's spending. Sorted, so two batches cannot deadlock. (SQLite's single
/// writer serialises batches anyway.)
async fn lock_ballots(
    tx: &mut Transaction<'static, Any>,
    subjects: &BTreeSet<Subject>,
) -> Result<(), sqlx::Error> {
    let (wanted, rows) = wanted_rows(subjects);
    query_rows(
        format!(
            "{wanted} insert into ballot (challenge_id, person_id, votes_used) \
             select distinct w.challenge_id, w.person_id, 0 from wanted w \
             join challenge c on c.challenge_id = w.challenge_id \
             join person p on p.person_id = w.person_id \
             order by 1, 2 \
             on conflict (challenge_id, person_id) do update set votes_used = ballot.votes_used"
        ),
        rows,
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What the database holds for each subject that names a live idea of that challenge.
async fn read_standings(
    tx: &mut Transaction<'static, Any>,
    subjects: &BTreeSet<Subject>,
) -> Result<HashMap<Subject, Standing>, sqlx::Error> {
    let (wanted, rows) = wanted_rows(subjects);
    let rows = query_rows(
        format!(
            concat!(
                "{} select w.idea_id, w.challenge_id, w.person_id, c.opens_at, c.closes_at, \
                 c.synthesis_published_at, c.vote_budget, c.max_votes_per_idea, i.vote_count, \
                 coalesce(v.votes, 0) as mine, coalesce(b.votes_used, 0) as votes_used, \
                 case when ",
                super::challenges::in_audience!("c.challenge_id"),
                " then 1 else 0 end as invited \
                 from wanted w \
                 join idea i on i.idea_id = w.idea_id and i.challenge_id = w.challenge_id \
                   and i.withdrawn_at is null and i.merged_into_id is null and i.hidden_at is null \
                 join challenge c on c.challenge_id = i.challenge_id \
                 join person p on p.person_id = w.person_id \
                 left join vote v on v.idea_id = i.idea_id and v.person_id = p.person_id \
                 left join ballot b on b.challenge_id = c.challenge_id and b.person_id = p.person_id"
            ),
            wanted
        ),
        rows,
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut standings = HashMap::with_capacity(rows.len());
    for row in rows {
        let rule = match row.try_get::<Option<i64>, _>("vote_budget")? {
            None => VotingRule::OnePerIdea,
            Some(budget) => VotingRule::Dots {
                budget,
                max_per_idea: row.try_get("max_votes_per_idea")?,
            },
        };
        standings.insert(
            (
                row.try_get("idea_id")?,
                row.try_get("challenge_id")?,
                row.try_get("person_id")?,
            ),
            Standing {
                phase_window: (
                    row.try_get("opens_at")?,
                    row.try_get("closes_at")?,
                    row.try_get("synthesis_published_at")?,
                ),
                rule,
                invited: row.try_get::<i64, _>("invited")? != 0,
                idea_votes: row.try_get("vote_count")?,
                mine: row.try_get("mine")?,
                votes_used: row.try_get("votes_used")?,
            },
        );
    }
    Ok(standings)
}

/// What a batch leaves behind, as rows to write.
struct EndState {
    /// `(subject, votes)` for every vote row whose count changed; 0 means delete.
    votes: Vec<(Subject, i64)>,
    /// `[challenge_id, person_id, votes_used]` for every ballot that changed.
    ballots: Vec<[i64; 3]>,
    /// `[idea_id, gain]` for every idea whose total moved, in idea order.
    idea_gains: Vec<[i64; 2]>,
}

/// Judges the votes one after the other in memory, each seeing the ones before it. The
/// receipts carry the ideas' totals from before the batch; the caller updates them.
fn replay(
    votes: &[VoteRequest],
    standings: &HashMap<Subject, Standing>,
    now: i64,
) -> (Vec<VoteOutcome>, EndState) {
    let mut mine: BTreeMap<Subject, Change> = BTreeMap::new();
    let mut used: BTreeMap<(i64, i64), Change> = BTreeMap::new();
    let mut idea_gains: BTreeMap<i64, i64> = BTreeMap::new();
    let outcomes = votes
        .iter()
        .map(|vote| {
            let standing = standings
                .get(&vote.subject())
                .ok_or(VoteRefusal::NoSuchIdea)?;
            let my_votes = mine
                .entry(vote.subject())
                .or_insert(Change::from(standing.mine));
            let votes_used = used
                .entry((vote.challenge_id, vote.person_id))
                .or_insert(Change::from(standing.votes_used));
            let gain = judge(standing, my_votes.now, votes_used.now, vote.wanted, now)?;
            my_votes.now += gain;
            votes_used.now += gain;
            *idea_gains.entry(vote.idea_id).or_default() += gain;
            Ok(VoteReceipt {
                idea_id: vote.idea_id,
                my_votes: vote.wanted,
                idea_votes: standing.idea_votes,
                votes_left: standing.rule.budget().map(|budget| budget - votes_used.now),
            })
        })
        .collect();
    let end_state = EndState {
        votes: mine
            .into_iter()
            .filter(|(_, votes)| votes.changed())
            .map(|(subject, votes)| (subject, votes.now))
            .collect(),
        ballots: used
            .into_iter()
            .filter(|(_, votes_used)| votes_used.changed())
            .map(|((challenge_id, person_id), votes_used)| {
                [challenge_id, person_id, votes_used.now]
            })
            .collect(),
        idea_gains: idea_gains
            .into_iter()
            .filter(|&(_, gain)| gain != 0)
            .map(|(idea_id, gain)| [idea_id, gain])
            .collect(),
    };
    (outcomes, end_state)
}

/// Writes a batch's end state; returns the new totals of the ideas that moved.
async fn write_end_state(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    end_state: EndState,
    now: i64,
) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let gains = format!(
        "with gain (gained_idea, votes) as (values {})",
        value_rows(end_state.idea_gains.len(), 2)
    );
    if backend == Backend::Postgres && !end_state.idea_gains.is_empty() {
        // Other processes' batches may move the same ideas: lock them in idea order, after
        // the ballots, so no two batches wait on each other in a circle. `no key update` does
        // not conflict with the key-share locks that inserting votes takes on their ideas.
        query_rows(
            format!(
                "{gains} select idea_id from idea where idea_id in (select gained_idea from gain) \
                 order by idea_id for no key update"
            ),
            end_state.idea_gains.iter().copied(),
        )
        .execute(&mut **tx)
        .await?;
    }
    let cast: Vec<[i64; 5]> = end_state
        .votes
        .iter()
        .filter(|&&(_, votes)| votes > 0)
        .map(|&((idea_id, challenge_id, person_id), votes)| {
            [idea_id, person_id, challenge_id, votes, now]
        })
        .collect();
    if !cast.is_empty() {
        query_rows(
            format!(
                "insert into vote (idea_id, person_id, challenge_id, votes, cast_at) values {} \
                 on conflict (idea_id, person_id) do update \
                 set votes = excluded.votes, cast_at = excluded.cast_at",
                value_rows(cast.len(), 5)
            ),
            cast,
        )
        .execute(&mut **tx)
        .await?;
    }
    let taken_back: Vec<[i64; 2]> = end_state
        .votes
        .iter()
        .filter(|&&(_, votes)| votes == 0)
        .map(|&((idea_id, _, person_id), _)| [idea_id, person_id])
        .collect();
    if !taken_back.is_empty() {
        query_rows(
            format!(
                "with gone (idea_id, person_id) as (values {}) \
                 delete from vote where exists (select 1 from gone g \
                   where g.idea_id = vote.idea_id and g.person_id = vote.person_id)",
                value_rows(taken_back.len(), 2)
            ),
            taken_back,
        )
        .execute(&mut **tx)
        .await?;
    }
    // The ballot rows are locked (PostgreSQL) or the writer is alone (SQLite), so the totals
    // worked out in memory are exact and are written as they are.
    if !end_state.ballots.is_empty() {
        query_rows(
            format!(
                "insert into ballot (challenge_id, person_id, votes_used) values {} \
                 on conflict (challenge_id, person_id) \
                 do update set votes_used = excluded.votes_used",
                value_rows(end_state.ballots.len(), 3)
            ),
            end_state.ballots,
        )
        .execute(&mut **tx)
        .await?;
    }
    let mut idea_votes = HashMap::new();
    if end_state.idea_gains.is_empty() {
        return Ok(idea_votes);
    }
    // Others' votes on the same ideas may have committed since the read (PostgreSQL), so the
    // totals are moved by the batch's gains rather than overwritten.
    let rows = query_rows(
        format!(
            "{gains} update idea set vote_count = vote_count + \
               (select g.votes from gain g where g.gained_idea = idea.idea_id) \
             where idea_id in (select gained_idea from gain) \
             returning idea_id, vote_count"
        ),
        end_state.idea_gains,
    )
    .fetch_all(&mut **tx)
    .await?;
    for row in rows {
        idea_votes.insert(row.try_get("idea_id")?, row.try_get("vote_count")?);
    }
    Ok(idea_votes)
}

/// Applies the votes in order in one transaction; all are stored or none. (The server's
/// writer, [`crate::server::voting::VoteQueue`], does the same and also announces the totals.)
#[cfg(any(test, feature = "test-support"))]
pub async fn commit_batch(
    db: &super::Db,
    votes: &[VoteRequest],
    now: i64,
) -> Result<Vec<VoteOutcome>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let applied = apply_votes(&mut tx, db.backend(), votes, now).await?;
    tx.commit().await?;
    Ok(applied.outcomes)
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
    async fn one_batch_judges_each_vote_after_the_ones_before_it() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 2).await;
        let (ana, ben) = (people[0], people[1]);
        let challenge_id = challenge(db, DOTS, OPEN_AT, CLOSE_AT).await;
        let idea = ideas(db, challenge_id, ana, 3).await;
        let other = challenge(db, DOTS, OPEN_AT, CLOSE_AT + 1).await;
        let request = |idea_id, person_id, wanted| VoteRequest {
            challenge_id,
            idea_id,
            person_id,
            wanted,
        };
        let batch = [
            request(idea[0], ana, 2),
            // Ana has one vote left now, not three.
            request(idea[1], ana, 2),
            request(idea[1], ana, 1),
            request(idea[0], ben, 1),
            // Taking a vote back in the same batch returns it at once...
            request(idea[0], ana, 0),
            // ...so the budget allows two more.
            request(idea[2], ana, 2),
            // The same idea through a challenge it does not belong to.
            VoteRequest {
                challenge_id: other,
                ..request(idea[0], ben, 1)
            },
            // Ben's retry changes nothing.
            request(idea[0], ben, 1),
        ];
        let outcomes = commit_batch(db, &batch, NOW).await.unwrap();
        let votes_left: Vec<_> = outcomes
            .iter()
            .map(|outcome| outcome.clone().map(|receipt| receipt.votes_left))
            .collect();
        assert_eq!(
            votes_left,
            [
                Ok(Some(1)),
                Err(VoteRefusal::OverBudget { votes_left: 1 }),
                Ok(Some(0)),
                Ok(Some(2)),
                Ok(Some(2)),
                Ok(Some(0)),
                Err(VoteRefusal::NoSuchIdea),
                Ok(Some(2)),
            ]
        );
        // Receipts carry the totals as committed.
        let receipt = outcomes[3].as_ref().unwrap();
        assert_eq!((receipt.my_votes, receipt.idea_votes), (1, 1));
        let totals = [
            idea_votes(db, idea[0]).await,
            idea_votes(db, idea[1]).await,
            idea_votes(db, idea[2]).await,
        ];
        assert_eq!(totals, [1, 1, 2]);
        assert_eq!(votes_used(db.reader(), challenge_id, ana).await.unwrap(), 3);
        assert_eq!(votes_used(db.reader(), challenge_id, ben).await.unwrap(), 1);
        assert_eq!(stored_votes(db, challenge_id).await, 4);
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
