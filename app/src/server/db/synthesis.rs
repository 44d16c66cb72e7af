//! Queries for the synthesis: the moderators' draft (summary and highlights), publications,
//! and the live facts the infographic is computed from.

use sqlx::{AnyConnection, AnyExecutor, Row};

use super::ideas::ON_THE_LIST;

pub async fn summary(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("select summary from synthesis where challenge_id = $1")
        .bind(challenge_id)
        .fetch_optional(db)
        .await?
        .map(|row| row.try_get("summary"))
        .transpose()
}

pub async fn save_summary(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    summary: &str,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into synthesis (challenge_id, summary, updated_by, updated_at) \
         values ($1, $2, $3, $4) on conflict (challenge_id) do update \
         set summary = excluded.summary, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(challenge_id)
    .bind(summary)
    .bind(by)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// A highlighted idea of a theme, in the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighlightRow {
    pub theme_id: i64,
    pub idea_id: i64,
    pub quote: Option<String>,
}

/// The draft's highlights, each theme's in order.
pub async fn highlights(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<HighlightRow>, sqlx::Error> {
    sqlx::query(
        "select theme_id, idea_id, quote from synthesis_highlight where challenge_id = $1 \
         order by theme_id, position",
    )
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(HighlightRow {
            theme_id: row.try_get("theme_id")?,
            idea_id: row.try_get("idea_id")?,
            quote: row.try_get("quote")?,
        })
    })
    .collect()
}

/// Replaces a theme's highlights.
pub async fn set_highlights(
    tx: &mut AnyConnection,
    challenge_id: i64,
    theme_id: i64,
    highlights: &[(i64, Option<String>)],
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from synthesis_highlight where theme_id = $1")
        .bind(theme_id)
        .execute(&mut *tx)
        .await?;
    for (position, (idea_id, quote)) in highlights.iter().enumerate() {
        sqlx::query(
            "insert into synthesis_highlight (theme_id, idea_id, challenge_id, quote, position) \
             values ($1, $2, $3, $4, $5)",
        )
        .bind(theme_id)
        .bind(idea_id)
        .bind(challenge_id)
        .bind(quote.as_deref())
        .bind(position as i64)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Records a publication and marks the challenge published (the first time); returns how many
/// publications there now are.
pub async fn publish(
    tx: &mut AnyConnection,
    challenge_id: i64,
    by: i64,
    now: i64,
    composition: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "insert into synthesis_publication (challenge_id, published_by, published_at, \
         composition) values ($1, $2, $3, $4)",
    )
    .bind(challenge_id)
    .bind(by)
    .bind(now)
    .bind(composition)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "update challenge set synthesis_published_at = coalesce(synthesis_published_at, $1) \
         where challenge_id = $2",
    )
    .bind(now)
    .bind(challenge_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("select count(*) as n from synthesis_publication where challenge_id = $1")
        .bind(challenge_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")
}

/// The latest publication: when, and the composition JSON.
pub async fn latest_publication(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    sqlx::query(
        "select published_at, composition from synthesis_publication where challenge_id = $1 \
         order by publication_id desc limit 1",
    )
    .bind(challenge_id)
    .fetch_optional(db)
    .await?
    .map(|row| Ok((row.try_get("published_at")?, row.try_get("composition")?)))
    .transpose()
}

/// Every publication, newest first: when and by whom.
pub async fn publications(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query(
        "select s.published_at, p.display_name from synthesis_publication s \
         join person p on p.person_id = s.published_by where s.challenge_id = $1 \
         order by s.publication_id desc",
    )
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("published_at")?, row.try_get("display_name")?)))
    .collect()
}

/// A counted idea (on the challenge's lists), with what the infographic needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdeaFact {
    pub idea_id: i64,
    pub title: String,
    pub author_id: i64,
    pub theme_id: Option<i64>,
    pub votes: i64,
    pub created_at: i64,
}

pub async fn counted_ideas(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<IdeaFact>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "select i.idea_id, i.title, i.author_id, i.theme_id, i.vote_count, i.created_at \
         from idea i where i.challenge_id = $1 and {ON_THE_LIST} order by i.idea_id"
    )))
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(IdeaFact {
            idea_id: row.try_get("idea_id")?,
            title: row.try_get("title")?,
            author_id: row.try_get("author_id")?,
            theme_id: row.try_get("theme_id")?,
            votes: row.try_get("vote_count")?,
            created_at: row.try_get("created_at")?,
        })
    })
    .collect()
}

/// Who did something, on which counted idea, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Act {
    pub idea_id: i64,
    pub person_id: i64,
    pub at: i64,
    /// Votes cast (1 for a comment or a co-authorship).
    pub weight: i64,
}

/// Shown comments on counted ideas.
pub async fn counted_comments(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<Act>, sqlx::Error> {
    acts(
        db,
        challenge_id,
        "select m.idea_id, m.author_id as person_id, m.created_at as at, 1 as weight \
         from comment m join idea i on i.idea_id = m.idea_id \
         where m.challenge_id = $1 and m.hidden_at is null",
    )
    .await
}

/// Votes on counted ideas.
pub async fn counted_votes(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<Act>, sqlx::Error> {
    acts(
        db,
        challenge_id,
        "select v.idea_id, v.person_id, v.cast_at as at, v.votes as weight \
         from vote v join idea i on i.idea_id = v.idea_id where v.challenge_id = $1",
    )
    .await
}

/// Authors of ideas merged into counted ideas: they contributed to them.
pub async fn co_authors(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<Act>, sqlx::Error> {
    acts(
        db,
        challenge_id,
        "select c.idea_id, c.person_id, i.created_at as at, 1 as weight \
         from idea_contributor c join idea i on i.idea_id = c.idea_id \
         where i.challenge_id = $1",
    )
    .await
}

/// Runs `select` (which joins the idea as `i`) restricted to counted ideas.
async fn acts(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    select: &str,
) -> Result<Vec<Act>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!("{select} and {ON_THE_LIST}")))
        .bind(challenge_id)
        .fetch_all(db)
        .await?
        .iter()
        .map(|row| {
            Ok(Act {
                idea_id: row.try_get("idea_id")?,
                person_id: row.try_get("person_id")?,
                at: row.try_get("at")?,
                weight: row.try_get("weight")?,
            })
        })
        .collect()
}

/// A participant: name, department and region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub person_id: i64,
    pub display_name: String,
    pub department: String,
    pub region: String,
}

/// Everyone who wrote, commented on or voted for a counted idea (or co-authored one).
pub async fn participants(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<Participant>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "select p.person_id, p.display_name, p.department, p.region from person p \
         where p.person_id in ( \
           select i.author_id from idea i where i.challenge_id = $1 and {ON_THE_LIST} \
           union select m.author_id from comment m join idea i on i.idea_id = m.idea_id \
             where m.challenge_id = $1 and m.hidden_at is null and {ON_THE_LIST} \
           union select v.person_id from vote v join idea i on i.idea_id = v.idea_id \
             where v.challenge_id = $1 and {ON_THE_LIST} \
           union select c.person_id from idea_contributor c join idea i on i.idea_id = c.idea_id \
             where i.challenge_id = $1 and {ON_THE_LIST}) \
         order by p.display_name, p.person_id"
    )))
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(Participant {
            person_id: row.try_get("person_id")?,
            display_name: row.try_get("display_name")?,
            department: row.try_get("department")?,
            region: row.try_get("region")?,
        })
    })
    .collect()
}

/// Active people in the challenge's audience.
pub async fn audience_size(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(concat!(
        "select count(*) as n from person p where p.deactivated_at is null and ",
        super::challenges::in_audience!("$1")
    ))
    .bind(challenge_id)
    .fetch_one(db)
    .await?
    .try_get("n")
}

/// A row of the challenge export: a counted idea or a shown comment on one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    pub idea_id: i64,
    /// Set for comments.
    pub comment_id: Option<i64>,
    pub title: String,
    pub text: String,
    pub author_name: String,
    pub votes: i64,
    pub created_at: i64,
}

/// Every counted idea followed by its shown comments, oldest first.
pub async fn export_rows(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<ExportRow>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "select i.idea_id, null as comment_id, i.title, i.body as text, \
           a.display_name as author_name, i.vote_count as votes, i.created_at, 0 as ordering \
         from idea i join person a on a.person_id = i.author_id \
         where i.challenge_id = $1 and {ON_THE_LIST} \
         union all \
         select i.idea_id, m.comment_id, i.title, m.body as text, \
           a.display_name as author_name, 0 as votes, m.created_at, 1 as ordering \
         from comment m join idea i on i.idea_id = m.idea_id \
         join person a on a.person_id = m.author_id \
         where m.challenge_id = $1 and m.hidden_at is null and {ON_THE_LIST} \
         order by 1, 8, 7"
    )))
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(ExportRow {
            idea_id: row.try_get("idea_id")?,
            comment_id: row.try_get("comment_id")?,
            title: row.try_get("title")?,
            text: row.try_get("text")?,
            author_name: row.try_get("author_name")?,
            votes: row.try_get("votes")?,
            created_at: row.try_get("created_at")?,
        })
    })
    .collect()
}
