//! Recording activity without slowing requests down: a request only notes, in memory, what
//! this person did today; the first note of each kind per person and day is queued, and a
//! background task writes the queue in one transaction every [`FLUSH_EVERY`]. So a person who
//! opens fifty pages a day costs one row, written off the request's path.
//!
//! What is still queued when the process dies is lost: at most a few seconds of analytics,
//! never anything a person wrote.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::Duration,
};

use crate::server::{
    clock::{now_ms, DAY_MS},
    db::{
        analytics::{insert_acts, insert_days, ActRecord, ChallengeAct},
        Db,
    },
};

/// How often queued activity is written.
pub const FLUSH_EVERY: Duration = Duration::from_secs(2);

/// Something a person did that the analytics count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Activity {
    /// Used Chorus while signed in (any page or action), or signed in.
    Visit,
    /// Viewed, voted on, commented on or submitted an idea to a challenge.
    Challenge(i64, ChallengeAct),
}

/// The shared recorder; cheap to clone.
#[derive(Clone, Default)]
pub struct ActivityLog {
    pending: Arc<Mutex<Pending>>,
}

#[derive(Default)]
struct Pending {
    /// The day `noted` is about; a new day starts with an empty set.
    day: i64,
    noted: HashSet<(i64, Activity)>,
    days: Vec<(i64, i64)>,
    acts: Vec<ActRecord>,
}

impl ActivityLog {
    /// A recorder whose queue is written to `db` every [`FLUSH_EVERY`] until the process ends.
    pub fn start(db: Db) -> Self {
        let log = Self::default();
        let writer = log.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(FLUSH_EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                writer.flush_or_log(&db).await;
            }
        });
        log
    }

    fn pending(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Notes that `person_id` did `activity` at `now_ms`. Anything on a challenge also counts as
    /// a visit.
    pub fn record(&self, person_id: i64, activity: Activity, now_ms: i64) {
        let day = now_ms.div_euclid(DAY_MS);
        let mut pending = self.pending();
        if pending.day != day {
            pending.day = day;
            pending.noted.clear();
        }
        if let Activity::Challenge(challenge_id, act) = activity {
            if pending.noted.insert((person_id, activity)) {
                pending.acts.push(ActRecord {
                    challenge_id,
                    person_id,
                    day,
                    act,
                });
            }
        }
        if pending.noted.insert((person_id, Activity::Visit)) {
            pending.days.push((person_id, day));
        }
    }

    /// Notes, now, that `person_id` did `act` on a challenge.
    pub fn challenge_act(&self, person_id: i64, challenge_id: i64, act: ChallengeAct) {
        self.record(person_id, Activity::Challenge(challenge_id, act), now_ms());
    }

    /// Writes everything queued so far, in one transaction.
    pub async fn flush(&self, db: &Db) -> Result<(), sqlx::Error> {
        let (days, acts) = {
            let mut pending = self.pending();
            (
                std::mem::take(&mut pending.days),
                std::mem::take(&mut pending.acts),
            )
        };
        if days.is_empty() && acts.is_empty() {
            return Ok(());
        }
        let mut tx = db.begin().await?;
        // Days first: a person's placement is read when their day is first written.
        insert_days(&mut tx, &days).await?;
        insert_acts(&mut tx, &acts).await?;
        tx.commit().await
    }

    /// [`flush`](Self::flush) for background use: a failure is logged and that batch dropped,
    /// as analytics must never hold up or break what people are doing.
    pub async fn flush_or_log(&self, db: &Db) {
        if let Err(error) = self.flush(db).await {
            tracing::warn!(%error, "could not record activity; this batch of analytics is lost");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_activity_is_queued_once_per_person_and_day() {
        let log = ActivityLog::default();
        let today = 20_000 * DAY_MS;
        for _ in 0..50 {
            log.record(1, Activity::Visit, today + 1000);
            log.record(1, Activity::Challenge(7, ChallengeAct::View), today + 2000);
        }
        log.record(1, Activity::Challenge(7, ChallengeAct::Vote), today + 3000);
        log.record(2, Activity::Challenge(7, ChallengeAct::View), today + 3000);
        log.record(1, Activity::Visit, today + DAY_MS);
        let pending = log.pending();
        assert_eq!(
            pending.days,
            [(1, 20_000), (2, 20_000), (1, 20_001)],
            "one visit per person and day; a challenge act implies the visit"
        );
        let acts: Vec<(i64, ChallengeAct)> = pending
            .acts
            .iter()
            .map(|act| (act.person_id, act.act))
            .collect();
        assert_eq!(
            acts,
            [
                (1, ChallengeAct::View),
                (1, ChallengeAct::Vote),
                (2, ChallengeAct::View)
            ]
        );
    }
}
