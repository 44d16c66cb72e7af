//! Queries on recorded activity (`person_day`, `challenge_activity`) and organisation
//! settings. Days are counted since 1970-01-01, UTC.

use std::collections::HashMap;

use sqlx::{AnyExecutor, AnyPool, Row};

/// What a person did on a challenge on a day. Spelled as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChallengeAct {
    View,
    Vote,
    Comment,
    Idea,
}

impl ChallengeAct {
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeAct::View => "view",
            ChallengeAct::Vote => "vote",
            ChallengeAct::Comment => "comment",
            ChallengeAct::Idea => "idea",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        [Self::View, Self::Vote, Self::Comment, Self::Idea]
            .into_iter()
            .find(|act| act.as_str() == value)
    }
}

/// One act to store: `person_id` did `act` on `challenge_id` on `day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActRecord {
    pub challenge_id: i64,
    pub person_id: i64,
    pub day: i64,
    pub act: ChallengeAct,
}

/// Rows per statement: well under both backends' limits on bound parameters.
const ROWS_PER_STATEMENT: usize = 1000;

/// Notes that each `(person_id, day)` used Chorus, with the department, region and manager the
/// person has now (the day is today for live recording). Days already noted are kept as they
/// were: where someone sat is taken on their first visit that day.
pub async fn insert_days(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    days: &[(i64, i64)],
) -> Result<(), sqlx::Error> {
    for chunk in days.chunks(ROWS_PER_STATEMENT) {
        let values = placeholders(chunk.len(), 2);
        // `where true` lets SQLite tell the `on` of the join from the `on conflict`.
        let sql = format!(
            "insert into person_day (person_id, day, department, region, manager_id) \
             select p.person_id, v.column2, p.department, p.region, p.manager_id \
             from (values {values}) as v join person p on p.person_id = v.column1 \
             where true on conflict (person_id, day) do nothing"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for &(person_id, day) in chunk {
            query = query.bind(person_id).bind(day);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Stores acts; ones already stored are left alone.
pub async fn insert_acts(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    acts: &[ActRecord],
) -> Result<(), sqlx::Error> {
    for chunk in acts.chunks(ROWS_PER_STATEMENT) {
        let values = placeholders(chunk.len(), 4);
        let sql = format!(
            "insert into challenge_activity (challenge_id, person_id, day, kind) \
             values {values} on conflict do nothing"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for act in chunk {
            query = query
                .bind(act.challenge_id)
                .bind(act.person_id)
                .bind(act.day)
                .bind(act.act.as_str());
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// `($1, $2), ($3, $4), …` for `rows` rows of `columns` parameters.
fn placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let numbers: Vec<String> = (1..=columns)
                .map(|column| format!("${}", row * columns + column))
                .collect();
            format!("({})", numbers.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Records every idea, comment and vote already stored as that day's activity (with a view of
/// the challenge, as contributing means having seen it). For data written without going
/// through the app, such as the demo organisation.
pub async fn record_contributions(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> Result<(), sqlx::Error> {
    for (act, source) in [
        (
            "idea",
            "select challenge_id, author_id as person_id, created_at as at from idea",
        ),
        (
            "comment",
            "select challenge_id, author_id as person_id, created_at as at from comment",
        ),
        (
            "vote",
            "select challenge_id, person_id, cast_at as at from vote",
        ),
    ] {
        for kind in [act, "view"] {
            let sql = format!(
                "insert into challenge_activity (challenge_id, person_id, day, kind) \
                 select distinct c.challenge_id, c.person_id, c.at / 86400000, '{kind}' \
                 from ({source}) as c \
                 where true on conflict do nothing"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut **tx)
                .await?;
        }
    }
    sqlx::query(
        "insert into person_day (person_id, day, department, region, manager_id) \
         select distinct p.person_id, a.day, p.department, p.region, p.manager_id \
         from challenge_activity a join person p on p.person_id = a.person_id \
         where true on conflict (person_id, day) do nothing",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Where a person sat on a day they were seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub department: String,
    pub region: String,
    pub manager_id: Option<i64>,
}

/// A period and the two weeks that end with it, read together so the tables are scanned once
/// for all three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    /// First and last day of the period, inclusive.
    pub from: i64,
    pub to: i64,
}

impl Windows {
    /// The first day of "this week": the last 7 days up to `to`.
    pub fn this_week(&self) -> i64 {
        self.to - 6
    }

    /// The first day of the 7 days before this week.
    pub fn last_week(&self) -> i64 {
        self.to - 13
    }

    fn earliest(&self) -> i64 {
        self.from.min(self.last_week())
    }
}

/// In which of the [`Windows`] something happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    pub in_period: bool,
    pub this_week: bool,
    pub last_week: bool,
}

fn seen_from_row(row: &sqlx::any::AnyRow) -> Result<Seen, sqlx::Error> {
    Ok(Seen {
        in_period: row.try_get::<i64, _>("in_period")? == 1,
        this_week: row.try_get::<i64, _>("this_week")? == 1,
        last_week: row.try_get::<i64, _>("last_week")? == 1,
    })
}

/// The same three flags in SQL, for `day`; binds `$1` from, `$2` this week, `$3` last week.
const SEEN_COLUMNS: &str =
    "cast(max(case when day >= $1 then 1 else 0 end) as bigint) as in_period, \
     cast(max(case when day >= $2 then 1 else 0 end) as bigint) as this_week, \
     cast(max(case when day >= $3 and day < $2 then 1 else 0 end) as bigint) as last_week";

/// Someone who used Chorus in the windows: when, and where they sat on their last day in the
/// period (if they came in the period).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub seen: Seen,
    pub last_day: Option<i64>,
    pub placement: Option<Placement>,
}

/// Everyone seen in `windows`, by person.
pub async fn visits(db: &AnyPool, windows: Windows) -> Result<HashMap<i64, Visit>, sqlx::Error> {
    let sql = format!(
        "select w.person_id, w.last_day, w.in_period, w.this_week, w.last_week, \
             d.department, d.region, d.manager_id \
         from (select person_id, max(case when day >= $1 then day end) as last_day, {SEEN_COLUMNS} \
               from person_day where day >= $4 and day <= $5 group by person_id) w \
         left join person_day d on d.person_id = w.person_id and d.day = w.last_day"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(windows.from)
        .bind(windows.this_week())
        .bind(windows.last_week())
        .bind(windows.earliest())
        .bind(windows.to)
        .fetch_all(db)
        .await?
        .iter()
        .map(|row| {
            let department: Option<String> = row.try_get("department")?;
            let placement = match department {
                Some(department) => Some(Placement {
                    department,
                    region: row.try_get("region")?,
                    manager_id: row.try_get("manager_id")?,
                }),
                None => None,
            };
            Ok((
                row.try_get("person_id")?,
                Visit {
                    seen: seen_from_row(row)?,
                    last_day: row.try_get("last_day")?,
                    placement,
                },
            ))
        })
        .collect()
}

/// What each person did on challenges in `windows` (on one challenge, or on any when
/// `challenge_id` is `None`): each kind of act and in which windows.
pub async fn acts(
    db: &AnyPool,
    challenge_id: Option<i64>,
    windows: Windows,
) -> Result<Vec<(i64, ChallengeAct, Seen)>, sqlx::Error> {
    let sql = format!(
        "select person_id, kind, {SEEN_COLUMNS} from challenge_activity \
         where day >= $4 and day <= $5 and ($6 = 0 or challenge_id = $6) \
         group by person_id, kind"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(windows.from)
        .bind(windows.this_week())
        .bind(windows.last_week())
        .bind(windows.earliest())
        .bind(windows.to)
        .bind(challenge_id.unwrap_or(0))
        .fetch_all(db)
        .await?
        .iter()
        .filter_map(|row| {
            let kind: String = match row.try_get("kind") {
                Ok(kind) => kind,
                Err(error) => return Some(Err(error)),
            };
            let act = ChallengeAct::parse(&kind)?;
            Some(
                row.try_get("person_id")
                    .and_then(|person| Ok((person, act, seen_from_row(row)?))),
            )
        })
        .collect()
}

/// Per day between `from` and `to`: how many people used Chorus.
pub async fn daily_visitors(
    db: &AnyPool,
    from: i64,
    to: i64,
) -> Result<HashMap<i64, i64>, sqlx::Error> {
    sqlx::query(
        "select day, count(*) as people from person_day \
         where day >= $1 and day <= $2 group by day",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("day")?, row.try_get("people")?)))
    .collect()
}

/// Per day between `from` and `to`: how many people were on challenges (on one, or on any) and
/// how many of them voted, commented or submitted.
pub async fn daily_challenge_people(
    db: &AnyPool,
    challenge_id: Option<i64>,
    from: i64,
    to: i64,
) -> Result<HashMap<i64, (i64, i64)>, sqlx::Error> {
    sqlx::query(
        "select day, count(distinct person_id) as present, \
             count(distinct case when kind <> 'view' then person_id end) as taking_part \
         from challenge_activity \
         where day >= $1 and day <= $2 and ($3 = 0 or challenge_id = $3) group by day",
    )
    .bind(from)
    .bind(to)
    .bind(challenge_id.unwrap_or(0))
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok((
            row.try_get("day")?,
            (row.try_get("present")?, row.try_get("taking_part")?),
        ))
    })
    .collect()
}

/// Each person's last day seen, ever: anywhere, or on one challenge.
pub async fn last_seen(
    db: &AnyPool,
    challenge_id: Option<i64>,
) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let query = match challenge_id {
        None => sqlx::query("select person_id, max(day) as day from person_day group by person_id"),
        Some(challenge_id) => sqlx::query(
            "select person_id, max(day) as day from challenge_activity \
             where challenge_id = $1 group by person_id",
        )
        .bind(challenge_id),
    };
    query
        .fetch_all(db)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("person_id")?, row.try_get("day")?)))
        .collect()
}

/// A person as the analytics need them: where they sit now and who manages them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub person_id: i64,
    pub display_name: String,
    pub email: String,
    pub placement: Placement,
    pub active: bool,
}

/// Everyone, active or not, by name.
pub async fn people(db: &AnyPool) -> Result<Vec<PersonRow>, sqlx::Error> {
    sqlx::query(
        "select person_id, display_name, email, department, region, manager_id, \
             case when deactivated_at is null then 1 else 0 end as active \
         from person order by display_name, email",
    )
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(PersonRow {
            person_id: row.try_get("person_id")?,
            display_name: row.try_get("display_name")?,
            email: row.try_get("email")?,
            placement: Placement {
                department: row.try_get("department")?,
                region: row.try_get("region")?,
                manager_id: row.try_get("manager_id")?,
            },
            active: row.try_get::<i64, _>("active")? == 1,
        })
    })
    .collect()
}

/// Ideas created in `[from_ms, until_ms)` (on one challenge, or all) that are still shown, each
/// with when it got its first official response, if it did.
pub async fn idea_responses(
    db: &AnyPool,
    challenge_id: Option<i64>,
    from_ms: i64,
    until_ms: i64,
) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query(
        "select i.created_at, min(c.official_at) as answered_at \
         from idea i \
         left join comment c on c.idea_id = i.idea_id and c.official_at is not null \
             and c.hidden_at is null \
         where i.created_at >= $1 and i.created_at < $2 and ($3 = 0 or i.challenge_id = $3) \
             and i.hidden_at is null and i.merged_into_id is null and i.withdrawn_at is null \
         group by i.idea_id, i.created_at",
    )
    .bind(from_ms)
    .bind(until_ms)
    .bind(challenge_id.unwrap_or(0))
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("created_at")?, row.try_get("answered_at")?)))
    .collect()
}

/// How many activity rows are stored (days people came, and acts on challenges).
pub async fn event_count(db: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "select (select count(*) from person_day) + (select count(*) from challenge_activity) \
         as events",
    )
    .fetch_one(db)
    .await?
    .try_get("events")
}

/// The organisation setting that turns per-person activity lists off.
pub const PERSON_LISTS_HIDDEN: &str = "person_lists_hidden";

pub async fn setting(db: impl AnyExecutor<'_>, name: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("select value from organisation_setting where name = $1")
        .bind(name)
        .fetch_optional(db)
        .await?
        .map(|row| row.try_get("value"))
        .transpose()
}

pub async fn set_setting(
    db: impl AnyExecutor<'_>,
    name: &str,
    value: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into organisation_setting (name, value) values ($1, $2) \
         on conflict (name) do update set value = excluded.value",
    )
    .bind(name)
    .bind(value)
    .execute(db)
    .await
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_parameter() {
        assert_eq!(placeholders(2, 2), "($1, $2), ($3, $4)");
        assert_eq!(placeholders(1, 3), "($1, $2, $3)");
    }
}
