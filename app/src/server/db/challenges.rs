//! Queries on challenges, their audiences and the record of changes to their time box.

use std::collections::HashMap;

use sqlx::{any::AnyRow, AnyConnection, AnyExecutor, Row};

use super::ideas::ON_THE_LIST;
use crate::model::{Audience, ChallengeChange, NotificationKind, PersonChoice, Phase, VotingRule};

/// SQL condition: person `p` belongs to the audience of the challenge whose id is `$n`.
/// Mirrors [`Audience::includes`].
macro_rules! in_audience {
    ($challenge:literal) => {
        concat!(
            "(not exists (select 1 from challenge_audience a where a.challenge_id = ",
            $challenge,
            " and a.kind = 'department') or exists (select 1 from challenge_audience a \
             where a.challenge_id = ",
            $challenge,
            " and a.kind = 'department' and a.name = p.department)) \
             and (not exists (select 1 from challenge_audience a where a.challenge_id = ",
            $challenge,
            " and a.kind = 'region') or exists (select 1 from challenge_audience a \
             where a.challenge_id = ",
            $challenge,
            " and a.kind = 'region' and a.name = p.region))"
        )
    };
}

pub(crate) use in_audience;

/// What launching a challenge writes. Fields are already validated.
#[derive(Debug, Clone)]
pub struct ChallengeRecord {
    pub title: String,
    pub question: String,
    pub brief: String,
    pub sponsor_id: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub voting: VotingRule,
    pub hide_authors: bool,
    pub audience: Audience,
}

/// A stored challenge, with its sponsor's name.
#[derive(Debug, Clone)]
pub struct ChallengeRow {
    pub challenge_id: i64,
    pub title: String,
    pub question: String,
    pub brief: String,
    pub sponsor_id: i64,
    pub sponsor_name: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub voting: VotingRule,
    pub hide_authors: bool,
    pub published_at: Option<i64>,
}

impl ChallengeRow {
    pub fn phase(&self, now: i64) -> Phase {
        Phase::at(self.opens_at, self.closes_at, self.published_at, now)
    }
}

const CHALLENGE_SELECT: &str = "select c.challenge_id, c.title, c.question, c.brief, \
     c.sponsor_id, s.display_name as sponsor_name, c.opens_at, c.closes_at, c.vote_budget, \
     c.max_votes_per_idea, c.hide_authors, c.synthesis_published_at \
     from challenge c join person s on s.person_id = c.sponsor_id";

fn challenge_from_row(row: &AnyRow) -> Result<ChallengeRow, sqlx::Error> {
    let budget: Option<i64> = row.try_get("vote_budget")?;
    let max_per_idea: i64 = row.try_get("max_votes_per_idea")?;
    Ok(ChallengeRow {
        challenge_id: row.try_get("challenge_id")?,
        title: row.try_get("title")?,
        question: row.try_get("question")?,
        brief: row.try_get("brief")?,
        sponsor_id: row.try_get("sponsor_id")?,
        sponsor_name: row.try_get("sponsor_name")?,
        opens_at: row.try_get("opens_at")?,
        closes_at: row.try_get("closes_at")?,
        voting: match budget {
            None => VotingRule::OnePerIdea,
            Some(budget) => VotingRule::Dots {
                budget,
                max_per_idea,
            },
        },
        hide_authors: row.try_get::<i64, _>("hide_authors")? == 1,
        published_at: row.try_get("synthesis_published_at")?,
    })
}

/// Inserts the challenge, its audience and the "created" change, in the caller's transaction.
pub async fn insert(
    tx: &mut AnyConnection,
    challenge: &ChallengeRecord,
    created_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let challenge_id: i64 = sqlx::query(
        "insert into challenge (title, question, brief, sponsor_id, opens_at, closes_at, \
         vote_budget, max_votes_per_idea, hide_authors, created_by, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning challenge_id",
    )
    .bind(&challenge.title)
    .bind(&challenge.question)
    .bind(&challenge.brief)
    .bind(challenge.sponsor_id)
    .bind(challenge.opens_at)
    .bind(challenge.closes_at)
    .bind(challenge.voting.budget())
    .bind(challenge.voting.max_per_idea())
    .bind(i64::from(challenge.hide_authors))
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("challenge_id")?;
    let audience = &challenge.audience;
    let names = audience
        .departments
        .iter()
        .map(|name| ("department", name))
        .chain(audience.regions.iter().map(|name| ("region", name)));
    for (kind, name) in names {
        sqlx::query(
            "insert into challenge_audience (challenge_id, kind, name) values ($1, $2, $3)",
        )
        .bind(challenge_id)
        .bind(kind)
        .bind(name)
        .execute(&mut *tx)
        .await?;
    }
    record_change(
        tx,
        challenge_id,
        created_by,
        "created",
        None,
        challenge.closes_at,
        now,
    )
    .await?;
    Ok(challenge_id)
}

async fn record_change(
    tx: &mut AnyConnection,
    challenge_id: i64,
    person_id: i64,
    kind: &str,
    closes_before: Option<i64>,
    closes_after: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into challenge_change (challenge_id, person_id, kind, closes_before, \
         closes_after, changed_at) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(challenge_id)
    .bind(person_id)
    .bind(kind)
    .bind(closes_before)
    .bind(closes_after)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map(|_| ())
}

/// Moves the closing instant (extend or close early) and records who did it.
pub async fn set_closes_at(
    tx: &mut AnyConnection,
    challenge_id: i64,
    person_id: i64,
    closes_before: i64,
    closes_after: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update challenge set closes_at = $1 where challenge_id = $2")
        .bind(closes_after)
        .bind(challenge_id)
        .execute(&mut *tx)
        .await?;
    let kind = if closes_after > closes_before {
        "extended"
    } else {
        "closed_early"
    };
    record_change(
        tx,
        challenge_id,
        person_id,
        kind,
        Some(closes_before),
        closes_after,
        now,
    )
    .await
}

pub async fn find(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Option<ChallengeRow>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{CHALLENGE_SELECT} where c.challenge_id = $1"
    )))
    .bind(challenge_id)
    .fetch_optional(db)
    .await?
    .map(|row| challenge_from_row(&row))
    .transpose()
}

/// Every challenge, soonest closing first. Organisations run a handful at a time, so the home
/// page filters what each person may see in Rust.
pub async fn all(db: impl AnyExecutor<'_>) -> Result<Vec<ChallengeRow>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{CHALLENGE_SELECT} order by c.closes_at, c.challenge_id"
    )))
    .fetch_all(db)
    .await?
    .iter()
    .map(challenge_from_row)
    .collect()
}

pub async fn audience(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Audience, sqlx::Error> {
    let rows = sqlx::query(
        "select kind, name from challenge_audience where challenge_id = $1 order by kind, name",
    )
    .bind(challenge_id)
    .fetch_all(db)
    .await?;
    let mut audience = Audience::default();
    for row in rows {
        let name: String = row.try_get("name")?;
        match row.try_get::<String, _>("kind")?.as_str() {
            "department" => audience.departments.push(name),
            _ => audience.regions.push(name),
        }
    }
    Ok(audience)
}

/// The audiences of all challenges, by challenge id.
pub async fn audiences(db: impl AnyExecutor<'_>) -> Result<HashMap<i64, Audience>, sqlx::Error> {
    let rows =
        sqlx::query("select challenge_id, kind, name from challenge_audience order by kind, name")
            .fetch_all(db)
            .await?;
    let mut audiences: HashMap<i64, Audience> = HashMap::new();
    for row in rows {
        let audience = audiences.entry(row.try_get("challenge_id")?).or_default();
        let name: String = row.try_get("name")?;
        match row.try_get::<String, _>("kind")?.as_str() {
            "department" => audience.departments.push(name),
            _ => audience.regions.push(name),
        }
    }
    Ok(audiences)
}

/// One person's part in each challenge: ideas, votes spent and comments.
#[derive(Debug, Clone, Copy, Default)]
pub struct Participation {
    pub idea_count: i64,
    pub my_ideas: i64,
    pub my_votes: i64,
    pub my_comments: i64,
}

pub async fn participation(
    db: impl AnyExecutor<'_>,
    person_id: i64,
) -> Result<HashMap<i64, Participation>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "select c.challenge_id, \
         (select count(*) from idea i where i.challenge_id = c.challenge_id \
            and {ON_THE_LIST}) as idea_count, \
         (select count(*) from idea i where i.challenge_id = c.challenge_id \
            and i.author_id = $1 and {ON_THE_LIST}) as my_ideas, \
         coalesce((select b.votes_used from ballot b where b.challenge_id = c.challenge_id \
            and b.person_id = $1), 0) as my_votes, \
         (select count(*) from comment m where m.challenge_id = c.challenge_id \
            and m.author_id = $1) as my_comments \
         from challenge c"
    )))
    .bind(person_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok((
            row.try_get("challenge_id")?,
            Participation {
                idea_count: row.try_get("idea_count")?,
                my_ideas: row.try_get("my_ideas")?,
                my_votes: row.try_get("my_votes")?,
                my_comments: row.try_get("my_comments")?,
            },
        ))
    })
    .collect()
}

pub async fn changes(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<ChallengeChange>, sqlx::Error> {
    sqlx::query(
        "select h.kind, p.display_name, h.closes_before, h.closes_after, h.changed_at \
         from challenge_change h join person p on p.person_id = h.person_id \
         where h.challenge_id = $1 order by h.changed_at, h.change_id",
    )
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(ChallengeChange {
            kind: row.try_get("kind")?,
            person_name: row.try_get("display_name")?,
            closes_before: row.try_get("closes_before")?,
            closes_after: row.try_get("closes_after")?,
            changed_at: row.try_get("changed_at")?,
        })
    })
    .collect()
}

/// Active people who can sponsor a challenge: leaders and admins, by name.
pub async fn sponsors(db: impl AnyExecutor<'_>) -> Result<Vec<PersonChoice>, sqlx::Error> {
    sqlx::query(
        "select person_id, display_name from person where deactivated_at is null \
         and role in ('leader', 'admin') order by display_name",
    )
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(PersonChoice {
            person_id: row.try_get("person_id")?,
            display_name: row.try_get("display_name")?,
        })
    })
    .collect()
}

/// The departments and regions active people belong to, for choosing an audience.
pub async fn departments_and_regions(
    db: impl AnyExecutor<'_>,
) -> Result<(Vec<String>, Vec<String>), sqlx::Error> {
    let rows = sqlx::query(
        "select distinct 'department' as kind, department as name from person \
         where deactivated_at is null and department <> '' \
         union select distinct 'region' as kind, region as name from person \
         where deactivated_at is null and region <> '' order by kind, name",
    )
    .fetch_all(db)
    .await?;
    let (mut departments, mut regions) = (Vec::new(), Vec::new());
    for row in rows {
        let name: String = row.try_get("name")?;
        match row.try_get::<String, _>("kind")?.as_str() {
            "department" => departments.push(name),
            _ => regions.push(name),
        }
    }
    Ok((departments, regions))
}

/// Whether `person_id` is an active person (a valid sponsor id from a form).
pub async fn is_sponsor(db: impl AnyExecutor<'_>, person_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "select 1 as found from person where person_id = $1 and deactivated_at is null \
         and role in ('leader', 'admin')",
    )
    .bind(person_id)
    .fetch_optional(db)
    .await?
    .is_some())
}

/// A moment of a challenge's time box that its audience hears about, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    /// It opened: the audience is invited.
    Opened,
    /// It closes within this many milliseconds.
    ClosingWithin(i64),
}

/// A challenge whose audience was just told about a milestone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announced {
    pub challenge_id: i64,
    pub title: String,
    pub question: String,
}

/// Challenges that reached `milestone` and whose audience has not been told yet: tells them
/// (one notification each) and returns them, so the caller can tell team chats in the same
/// transaction.
pub async fn announce_due(
    tx: &mut AnyConnection,
    milestone: Milestone,
    now: i64,
) -> Result<Vec<Announced>, sqlx::Error> {
    let (due, claim, kind, window) = match milestone {
        Milestone::Opened => (
            // $2 is `now` too (no window): both queries take the same two values.
            "select challenge_id, title, question from challenge \
             where opened_notified_at is null and opens_at <= $2 and closes_at > $1",
            "update challenge set opened_notified_at = $1 \
             where challenge_id = $2 and opened_notified_at is null",
            NotificationKind::Invitation,
            0,
        ),
        Milestone::ClosingWithin(window) => (
            "select challenge_id, title, question from challenge \
             where closing_soon_notified_at is null \
             and opens_at <= $1 and closes_at > $1 and closes_at <= $2",
            "update challenge set closing_soon_notified_at = $1 \
             where challenge_id = $2 and closing_soon_notified_at is null",
            NotificationKind::ClosingSoon,
            window,
        ),
    };
    let due: Vec<Announced> = sqlx::query(due)
        .bind(now)
        .bind(now + window)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|row| {
            Ok(Announced {
                challenge_id: row.try_get("challenge_id")?,
                title: row.try_get("title")?,
                question: row.try_get("question")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    let mut announced = Vec::with_capacity(due.len());
    for challenge in due {
        // Claimed first: when several processes run this at once (PostgreSQL), the row lock
        // makes the others wait and then find the challenge already announced.
        let claimed = sqlx::query(claim)
            .bind(now)
            .bind(challenge.challenge_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if claimed == 0 {
            continue;
        }
        sqlx::query(concat!(
            "insert into notification (person_id, kind, challenge_id, created_at) \
             select p.person_id, $3, $1, $2 from person p \
             where p.deactivated_at is null and ",
            in_audience!("$1")
        ))
        .bind(challenge.challenge_id)
        .bind(now)
        .bind(kind.as_str())
        .execute(&mut *tx)
        .await?;
        announced.push(challenge);
    }
    Ok(announced)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::{
        notifications,
        test_support::{challenge, fresh_db, members},
        Db,
    };

    async fn announce(db: &Db, milestone: Milestone, now: i64) -> Vec<Announced> {
        let mut tx = db.begin().await.unwrap();
        let announced = announce_due(&mut tx, milestone, now).await.unwrap();
        tx.commit().await.unwrap();
        announced
    }

    #[tokio::test]
    async fn the_audience_is_invited_once_when_a_challenge_opens() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 2).await;
        let later = challenge(db, VotingRule::OnePerIdea, 5_000, 10_000).await;
        assert!(announce(db, Milestone::Opened, 4_999).await.is_empty());
        let opened = announce(db, Milestone::Opened, 5_000).await;
        assert_eq!(
            opened.iter().map(|c| c.challenge_id).collect::<Vec<_>>(),
            [later]
        );
        assert!(
            announce(db, Milestone::Opened, 5_001).await.is_empty(),
            "only once"
        );
        for person in people {
            let list = notifications::latest(db.reader(), person, 10)
                .await
                .unwrap();
            assert_eq!(list.len(), 1);
            assert_eq!(list[0].kind, NotificationKind::Invitation);
        }
    }

    #[tokio::test]
    async fn the_audience_hears_once_that_a_challenge_closes_soon() {
        let test = fresh_db().await;
        let db = &test.db;
        // Even members are in HR, odd ones in Sales.
        let people = members(db, 4).await;
        let hr_only = challenge(db, VotingRule::OnePerIdea, 0, 10_000).await;
        sqlx::query(
            "insert into challenge_audience (challenge_id, kind, name) values ($1, 'department', 'HR')",
        )
        .bind(hr_only)
        .execute(db.writer())
        .await
        .unwrap();
        let _closes_later = challenge(db, VotingRule::OnePerIdea, 0, 100_000).await;
        // Two at once, as two processes on one PostgreSQL would: one of them announces.
        let closing = Milestone::ClosingWithin(10_000);
        let (first, second) =
            tokio::join!(announce(db, closing, 5_000), announce(db, closing, 5_000));
        assert_eq!(first.len() + second.len(), 1);
        assert_eq!(
            first.iter().chain(&second).next().unwrap().challenge_id,
            hr_only
        );
        assert!(announce(db, closing, 6_000).await.is_empty(), "only once");
        for (index, person) in people.iter().enumerate() {
            let unread = notifications::unread_count(db.reader(), *person)
                .await
                .unwrap();
            assert_eq!(unread, i64::from(index % 2 == 0), "person {index}");
        }
    }

    #[tokio::test]
    async fn time_box_changes_are_recorded() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 1).await;
        let id = challenge(db, VotingRule::OnePerIdea, 0, 10_000).await;
        let mut tx = db.begin().await.unwrap();
        set_closes_at(&mut tx, id, people[0], 10_000, 20_000, 500)
            .await
            .unwrap();
        set_closes_at(&mut tx, id, people[0], 20_000, 600, 600)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let kinds: Vec<String> = changes(db.reader(), id)
            .await
            .unwrap()
            .into_iter()
            .map(|change| change.kind)
            .collect();
        assert_eq!(kinds, ["created", "extended", "closed_early"]);
        let stored = find(db.reader(), id).await.unwrap().unwrap();
        assert_eq!(stored.closes_at, 600);
        assert_eq!(stored.phase(700), Phase::Closed);
    }
}
