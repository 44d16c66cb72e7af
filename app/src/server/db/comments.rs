//! Queries on comments: one level of replies, and official responses.

use sqlx::{AnyConnection, AnyExecutor, Row};

/// A stored comment with its author's name.
#[derive(Debug, Clone)]
pub struct CommentRow {
    pub comment_id: i64,
    pub idea_id: i64,
    pub challenge_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub parent_id: Option<i64>,
    pub body: String,
    pub created_at: i64,
    pub official_at: Option<i64>,
    /// Why a moderator hid it, if they did.
    pub hidden_reason: Option<String>,
}

const COMMENT_SELECT: &str = "select m.comment_id, m.idea_id, m.challenge_id, m.author_id, \
     p.display_name as author_name, m.parent_id, m.body, m.created_at, m.official_at, \
     case when m.hidden_at is null then null else coalesce(m.hidden_reason, '') end \
       as hidden_reason from comment m join person p on p.person_id = m.author_id";

fn comment_from_row(row: &sqlx::any::AnyRow) -> Result<CommentRow, sqlx::Error> {
    Ok(CommentRow {
        comment_id: row.try_get("comment_id")?,
        idea_id: row.try_get("idea_id")?,
        challenge_id: row.try_get("challenge_id")?,
        author_id: row.try_get("author_id")?,
        author_name: row.try_get("author_name")?,
        parent_id: row.try_get("parent_id")?,
        body: row.try_get("body")?,
        created_at: row.try_get("created_at")?,
        official_at: row.try_get("official_at")?,
        hidden_reason: row.try_get("hidden_reason")?,
    })
}

/// Adds a comment and counts it on the idea; returns the comment id and the idea's new count.
pub async fn insert(
    tx: &mut AnyConnection,
    idea_id: i64,
    challenge_id: i64,
    author_id: i64,
    parent_id: Option<i64>,
    body: &str,
    now: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let comment_id: i64 = sqlx::query(
        "insert into comment (idea_id, challenge_id, author_id, parent_id, body, created_at) \
         values ($1, $2, $3, $4, $5, $6) returning comment_id",
    )
    .bind(idea_id)
    .bind(challenge_id)
    .bind(author_id)
    .bind(parent_id)
    .bind(body)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("comment_id")?;
    let comment_count: i64 = sqlx::query(
        "update idea set comment_count = comment_count + 1 where idea_id = $1 \
         returning comment_count",
    )
    .bind(idea_id)
    .fetch_one(&mut *tx)
    .await?
    .try_get("comment_count")?;
    Ok((comment_id, comment_count))
}

pub async fn find(
    db: impl AnyExecutor<'_>,
    comment_id: i64,
) -> Result<Option<CommentRow>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{COMMENT_SELECT} where m.comment_id = $1 and m.hidden_at is null"
    )))
    .bind(comment_id)
    .fetch_optional(db)
    .await?
    .map(|row| comment_from_row(&row))
    .transpose()
}

/// The discussion of an idea, oldest first, hidden comments included (their authors still
/// see them, with the reason).
pub async fn for_idea(
    db: impl AnyExecutor<'_>,
    idea_id: i64,
) -> Result<Vec<CommentRow>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{COMMENT_SELECT} where m.idea_id = $1 \
         order by m.created_at, m.comment_id"
    )))
    .bind(idea_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(comment_from_row)
    .collect()
}

/// Marks or unmarks a comment as the official response.
pub async fn set_official(
    db: impl AnyExecutor<'_>,
    comment_id: i64,
    official_by: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update comment set official_at = $1, official_by = $2 where comment_id = $3")
        .bind(official_by.map(|_| now))
        .bind(official_by)
        .bind(comment_id)
        .execute(db)
        .await
        .map(|_| ())
}
