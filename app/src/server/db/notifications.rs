//! In-app notifications.

use sqlx::{any::AnyRow, AnyExecutor, Row};

use crate::model::{Notification, NotificationKind};

pub async fn insert(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    kind: NotificationKind,
    challenge_id: i64,
    idea_id: Option<i64>,
    actor_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into notification (person_id, kind, challenge_id, idea_id, actor_id, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(person_id)
    .bind(kind.as_str())
    .bind(challenge_id)
    .bind(idea_id)
    .bind(actor_id)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// The columns and joins that make a [`Notification`] (see [`from_row`]); `n` is the
/// notification row. Macros, so queries can `concat!` their own columns and conditions.
macro_rules! notification_columns {
    () => {
        "n.notification_id, n.kind, n.challenge_id, c.title as challenge_title, n.idea_id, \
         i.title as idea_title, a.display_name as actor_name, n.created_at, n.read_at"
    };
}
macro_rules! notification_joins {
    () => {
        "from notification n join challenge c on c.challenge_id = n.challenge_id \
         left join idea i on i.idea_id = n.idea_id \
         left join person a on a.person_id = n.actor_id"
    };
}
pub(super) use {notification_columns, notification_joins};

pub(super) fn from_row(row: &AnyRow) -> Result<Notification, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    Ok(Notification {
        notification_id: row.try_get("notification_id")?,
        kind: NotificationKind::parse(&kind).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: "kind".into(),
            source: format!("unknown notification kind {kind:?}").into(),
        })?,
        challenge_id: row.try_get("challenge_id")?,
        challenge_title: row.try_get("challenge_title")?,
        idea_id: row.try_get("idea_id")?,
        idea_title: row.try_get("idea_title")?,
        actor_name: row.try_get("actor_name")?,
        created_at: row.try_get("created_at")?,
        read: row.try_get::<Option<i64>, _>("read_at")?.is_some(),
    })
}

/// The person's latest notifications, newest first.
pub async fn latest(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    limit: i64,
) -> Result<Vec<Notification>, sqlx::Error> {
    sqlx::query(concat!(
        "select ",
        notification_columns!(),
        " ",
        notification_joins!(),
        " where n.person_id = $1 order by n.created_at desc, n.notification_id desc limit $2"
    ))
    .bind(person_id)
    .bind(limit)
    .fetch_all(db)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

pub async fn unread_count(db: impl AnyExecutor<'_>, person_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("select count(*) as n from notification where person_id = $1 and read_at is null")
        .bind(person_id)
        .fetch_one(db)
        .await?
        .try_get("n")
}

pub async fn mark_all_read(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update notification set read_at = $1 where person_id = $2 and read_at is null")
        .bind(now)
        .bind(person_id)
        .execute(db)
        .await
        .map(|_| ())
}
