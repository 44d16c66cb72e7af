//! Queries for moderation: themes and the ideas sorted into them, merging duplicate ideas,
//! hiding content, and the audit log of moderators' actions.
//!
//! Every function here changes one thing and returns what it needs to be undone; the audit
//! log (`moderation_action`) stores that, and `server::moderation` decides what to undo.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, AnyExecutor, Row};

use crate::model::ModeratorChoice;

/// A theme as the board shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeRow {
    pub theme_id: i64,
    pub name: String,
    pub summary: String,
    pub colour: String,
    pub position: i64,
}

const THEME_SELECT: &str = "select theme_id, name, summary, colour, position from theme";

fn theme_from_row(row: &sqlx::any::AnyRow) -> Result<ThemeRow, sqlx::Error> {
    Ok(ThemeRow {
        theme_id: row.try_get("theme_id")?,
        name: row.try_get("name")?,
        summary: row.try_get("summary")?,
        colour: row.try_get("colour")?,
        position: row.try_get("position")?,
    })
}

/// A challenge's themes in board order, without deleted ones.
pub async fn themes(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<ThemeRow>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{THEME_SELECT} where challenge_id = $1 and deleted_at is null \
         order by position, theme_id"
    )))
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(theme_from_row)
    .collect()
}

/// Whether `person_id` was assigned to moderate the challenge.
pub async fn is_moderator(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    person_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "select 1 as assigned from challenge_moderator where challenge_id = $1 and person_id = $2",
    )
    .bind(challenge_id)
    .bind(person_id)
    .fetch_optional(db)
    .await?
    .is_some())
}

/// Assigns a moderator to the challenge (again is fine), or with `assigned` false removes them.
pub async fn set_moderator(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    person_id: i64,
    assigned_by: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let query = match assigned_by {
        Some(assigned_by) => sqlx::query(
            "insert into challenge_moderator (challenge_id, person_id, assigned_by, assigned_at) \
             values ($1, $2, $3, $4) on conflict (challenge_id, person_id) do nothing",
        )
        .bind(challenge_id)
        .bind(person_id)
        .bind(assigned_by)
        .bind(now),
        None => sqlx::query(
            "delete from challenge_moderator where challenge_id = $1 and person_id = $2",
        )
        .bind(challenge_id)
        .bind(person_id),
    };
    query.execute(db).await.map(|_| ())
}

/// Active people with the moderator role, and anyone assigned to the challenge, by name.
pub async fn moderator_choices(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<ModeratorChoice>, sqlx::Error> {
    sqlx::query(
        "select p.person_id, p.display_name, \
         case when m.person_id is null then 0 else 1 end as assigned \
         from person p left join challenge_moderator m \
           on m.person_id = p.person_id and m.challenge_id = $1 \
         where (p.role = 'moderator' and p.deactivated_at is null) or m.person_id is not null \
         order by p.display_name",
    )
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(ModeratorChoice {
            person_id: row.try_get("person_id")?,
            display_name: row.try_get("display_name")?,
            assigned: row.try_get::<i64, _>("assigned")? == 1,
        })
    })
    .collect()
}

/// An idea as a board card: its text for the first line is cut by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardIdeaRow {
    pub idea_id: i64,
    pub title: String,
    pub body: String,
    pub vote_count: i64,
    pub comment_count: i64,
    pub theme_id: Option<i64>,
    pub hidden_reason: Option<String>,
}

/// Every idea on the challenge's board: not withdrawn, not merged away; hidden ones included.
pub async fn board_ideas(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<BoardIdeaRow>, sqlx::Error> {
    sqlx::query(
        "select idea_id, title, body, vote_count, comment_count, theme_id, hidden_at, \
         hidden_reason from idea where challenge_id = $1 and withdrawn_at is null \
         and merged_into_id is null order by created_at, idea_id",
    )
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        let hidden_at: Option<i64> = row.try_get("hidden_at")?;
        Ok(BoardIdeaRow {
            idea_id: row.try_get("idea_id")?,
            title: row.try_get("title")?,
            body: row.try_get("body")?,
            vote_count: row.try_get("vote_count")?,
            comment_count: row.try_get("comment_count")?,
            theme_id: row.try_get("theme_id")?,
            hidden_reason: hidden_at
                .map(|_| row.try_get::<Option<String>, _>("hidden_reason"))
                .transpose()?
                .map(Option::unwrap_or_default),
        })
    })
    .collect()
}

/// Adds a theme after the challenge's last one; returns its id.
pub async fn insert_theme(
    tx: &mut AnyConnection,
    challenge_id: i64,
    name: &str,
    colour: &str,
    created_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "insert into theme (challenge_id, name, colour, position, created_by, created_at) \
         select $1, $2, $3, coalesce(max(position), 0) + 1, $4, $5 from theme \
         where challenge_id = $1 returning theme_id",
    )
    .bind(challenge_id)
    .bind(name)
    .bind(colour)
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("theme_id")
}

/// Sets a theme's name, summary and colour; returns what they were, or `None` when the theme
/// is not one of the challenge's.
/// Sets the themes' positions (their order on the board).
pub async fn set_theme_positions(
    tx: &mut AnyConnection,
    challenge_id: i64,
    positions: &[(i64, i64)],
) -> Result<(), sqlx::Error> {
    for &(theme_id, position) in positions {
        sqlx::query("update theme set position = $1 where theme_id = $2 and challenge_id = $3")
            .bind(position)
            .bind(theme_id)
            .bind(challenge_id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

pub async fn update_theme(
    tx: &mut AnyConnection,
    challenge_id: i64,
    theme: &ThemeRow,
) -> Result<Option<ThemeRow>, sqlx::Error> {
    let Some(before) = find_theme(&mut *tx, challenge_id, theme.theme_id).await? else {
        return Ok(None);
    };
    sqlx::query("update theme set name = $1, summary = $2, colour = $3 where theme_id = $4")
        .bind(&theme.name)
        .bind(&theme.summary)
        .bind(&theme.colour)
        .bind(theme.theme_id)
        .execute(&mut *tx)
        .await?;
    Ok(Some(before))
}

/// A theme of the challenge that is not deleted.
pub async fn find_theme(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    theme_id: i64,
) -> Result<Option<ThemeRow>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{THEME_SELECT} where theme_id = $1 and challenge_id = $2 and deleted_at is null"
    )))
    .bind(theme_id)
    .bind(challenge_id)
    .fetch_optional(db)
    .await?
    .as_ref()
    .map(theme_from_row)
    .transpose()
}

/// Deletes a theme (kept for undo) or brings it back with `deleted_at` `None`.
pub async fn set_theme_deleted(
    tx: &mut AnyConnection,
    theme_id: i64,
    deleted_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update theme set deleted_at = $1 where theme_id = $2")
        .bind(deleted_at)
        .bind(theme_id)
        .execute(&mut *tx)
        .await
        .map(|_| ())
}

/// The theme each of `idea_ids` is in now (`None`: unsorted); ideas of other challenges, and
/// merged ones, are left out.
pub async fn themes_of_ideas(
    tx: &mut AnyConnection,
    challenge_id: i64,
    idea_ids: &[i64],
) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    let mut found = Vec::with_capacity(idea_ids.len());
    for &idea_id in idea_ids {
        let row = sqlx::query(
            "select theme_id from idea where idea_id = $1 and challenge_id = $2 \
             and withdrawn_at is null and merged_into_id is null",
        )
        .bind(idea_id)
        .bind(challenge_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = row {
            found.push((idea_id, row.try_get("theme_id")?));
        }
    }
    Ok(found)
}

/// The live ideas sorted into a theme.
pub async fn ideas_in_theme(
    db: impl AnyExecutor<'_>,
    theme_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(
        "select idea_id from idea where theme_id = $1 and merged_into_id is null \
         order by idea_id",
    )
    .bind(theme_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| row.try_get("idea_id"))
    .collect()
}

/// The titles of `idea_ids`, in that order, for audit entries; an unknown id gets "?".
pub async fn idea_titles(
    tx: &mut AnyConnection,
    idea_ids: &[i64],
) -> Result<Vec<String>, sqlx::Error> {
    let mut titles = Vec::with_capacity(idea_ids.len());
    for &idea_id in idea_ids {
        let title = sqlx::query("select title from idea where idea_id = $1")
            .bind(idea_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.try_get("title"))
            .transpose()?;
        titles.push(title.unwrap_or_else(|| "?".to_owned()));
    }
    Ok(titles)
}

pub async fn set_idea_theme(
    tx: &mut AnyConnection,
    idea_id: i64,
    theme_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update idea set theme_id = $1 where idea_id = $2")
        .bind(theme_id)
        .bind(idea_id)
        .execute(&mut *tx)
        .await
        .map(|_| ())
}

/// One person's votes on the two ideas of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedVotes {
    pub person_id: i64,
    pub on_target: i64,
    pub on_source: i64,
}

impl MergedVotes {
    /// Votes the person keeps on the merged idea: support for the same idea counts once, so
    /// the larger of the two, and the rest goes back to their budget.
    pub fn kept(self) -> i64 {
        self.on_target.max(self.on_source)
    }

    pub fn returned(self) -> i64 {
        self.on_target + self.on_source - self.kept()
    }
}

/// What a merge changed, enough to undo it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeRecord {
    pub target: i64,
    pub source: i64,
    pub votes: Vec<MergedVotes>,
    pub comments: Vec<i64>,
}

/// Merges idea `source` into `target` (both live ideas of `challenge_id`, checked by the
/// caller): the source's voters keep one share of support on the target and get the rest back,
/// its comments move over, its authors become the target's co-contributors, and its link
/// points at the target from then on.
pub async fn merge(
    tx: &mut AnyConnection,
    challenge_id: i64,
    target: i64,
    source: i64,
) -> Result<MergeRecord, sqlx::Error> {
    let mut votes: BTreeMap<i64, MergedVotes> = BTreeMap::new();
    for row in
        sqlx::query("select idea_id, person_id, votes from vote where idea_id = $1 or idea_id = $2")
            .bind(target)
            .bind(source)
            .fetch_all(&mut *tx)
            .await?
    {
        let person_id: i64 = row.try_get("person_id")?;
        let idea_id: i64 = row.try_get("idea_id")?;
        let count: i64 = row.try_get("votes")?;
        let entry = votes.entry(person_id).or_insert(MergedVotes {
            person_id,
            on_target: 0,
            on_source: 0,
        });
        if idea_id == target {
            entry.on_target = count;
        } else {
            entry.on_source = count;
        }
    }
    // Only the source's voters change; the target's other voters stay as they are.
    let votes: Vec<MergedVotes> = votes
        .into_values()
        .filter(|merged| merged.on_source > 0)
        .collect();
    for merged in &votes {
        set_vote(
            &mut *tx,
            challenge_id,
            target,
            merged.person_id,
            merged.kept(),
        )
        .await?;
        set_vote(&mut *tx, challenge_id, source, merged.person_id, 0).await?;
        give_back(&mut *tx, challenge_id, merged.person_id, merged.returned()).await?;
    }
    let comments: Vec<i64> =
        sqlx::query("select comment_id from comment where idea_id = $1 order by comment_id")
            .bind(source)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|row| row.try_get("comment_id"))
            .collect::<Result<_, _>>()?;
    sqlx::query("update comment set idea_id = $1, moved_from_idea_id = $2 where idea_id = $2")
        .bind(target)
        .bind(source)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "insert into idea_contributor (idea_id, person_id, from_idea_id) \
         select $1, author_id, $2 from idea where idea_id = $2 \
         union select $1, person_id, $2 from idea_contributor where idea_id = $2",
    )
    .bind(target)
    .bind(source)
    .execute(&mut *tx)
    .await?;
    sqlx::query("update idea set merged_into_id = $1 where idea_id = $2")
        .bind(target)
        .bind(source)
        .execute(&mut *tx)
        .await?;
    recount(&mut *tx, &[target, source]).await?;
    Ok(MergeRecord {
        target,
        source,
        votes,
        comments,
    })
}

/// Undoes a merge. A voter whose support on the target changed since gets only what their
/// budget still allows back on the source; returns how many voters that cut short.
pub async fn unmerge(
    tx: &mut AnyConnection,
    challenge_id: i64,
    record: &MergeRecord,
) -> Result<usize, sqlx::Error> {
    let budget: Option<i64> =
        sqlx::query("select vote_budget from challenge where challenge_id = $1")
            .bind(challenge_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("vote_budget")?;
    let mut cut_short = 0;
    for merged in &record.votes {
        let now_on_target = votes_on(&mut *tx, record.target, merged.person_id).await?;
        let on_target = if now_on_target == merged.kept() {
            merged.on_target
        } else {
            now_on_target
        };
        let used = super::votes::votes_used(&mut *tx, challenge_id, merged.person_id).await?;
        // What the budget allows on the source once the target is back to `on_target`.
        let room = budget.map_or(i64::MAX, |budget| budget - used + now_on_target - on_target);
        let on_source = merged.on_source.min(room).max(0);
        if on_source < merged.on_source {
            cut_short += 1;
        }
        set_vote(
            &mut *tx,
            challenge_id,
            record.target,
            merged.person_id,
            on_target,
        )
        .await?;
        set_vote(
            &mut *tx,
            challenge_id,
            record.source,
            merged.person_id,
            on_source,
        )
        .await?;
        give_back(
            &mut *tx,
            challenge_id,
            merged.person_id,
            now_on_target - on_target - on_source,
        )
        .await?;
    }
    for &comment_id in &record.comments {
        sqlx::query(
            "update comment set idea_id = $1, moved_from_idea_id = null where comment_id = $2",
        )
        .bind(record.source)
        .bind(comment_id)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("delete from idea_contributor where idea_id = $1 and from_idea_id = $2")
        .bind(record.target)
        .bind(record.source)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update idea set merged_into_id = null where idea_id = $1")
        .bind(record.source)
        .execute(&mut *tx)
        .await?;
    recount(&mut *tx, &[record.target, record.source]).await?;
    Ok(cut_short)
}

async fn votes_on(
    tx: &mut AnyConnection,
    idea_id: i64,
    person_id: i64,
) -> Result<i64, sqlx::Error> {
    Ok(
        sqlx::query("select votes from vote where idea_id = $1 and person_id = $2")
            .bind(idea_id)
            .bind(person_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.try_get("votes"))
            .transpose()?
            .unwrap_or(0),
    )
}

/// Sets a person's votes on an idea, deleting the row at 0. Ballots and counts are the
/// caller's business.
async fn set_vote(
    tx: &mut AnyConnection,
    challenge_id: i64,
    idea_id: i64,
    person_id: i64,
    votes: i64,
) -> Result<(), sqlx::Error> {
    if votes == 0 {
        sqlx::query("delete from vote where idea_id = $1 and person_id = $2")
            .bind(idea_id)
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        return Ok(());
    }
    sqlx::query(
        "insert into vote (idea_id, person_id, challenge_id, votes, cast_at) \
         values ($1, $2, $3, $4, 0) \
         on conflict (idea_id, person_id) do update set votes = excluded.votes",
    )
    .bind(idea_id)
    .bind(person_id)
    .bind(challenge_id)
    .bind(votes)
    .execute(&mut *tx)
    .await
    .map(|_| ())
}

/// Returns `votes` to a person's budget (negative to spend them).
async fn give_back(
    tx: &mut AnyConnection,
    challenge_id: i64,
    person_id: i64,
    votes: i64,
) -> Result<(), sqlx::Error> {
    if votes == 0 {
        return Ok(());
    }
    sqlx::query(
        "update ballot set votes_used = votes_used - $1 \
         where challenge_id = $2 and person_id = $3",
    )
    .bind(votes)
    .bind(challenge_id)
    .bind(person_id)
    .execute(&mut *tx)
    .await
    .map(|_| ())
}

/// Recomputes the vote and comment counts of `idea_ids` from their rows.
async fn recount(tx: &mut AnyConnection, idea_ids: &[i64]) -> Result<(), sqlx::Error> {
    for &idea_id in idea_ids {
        sqlx::query(
            "update idea set \
             vote_count = (select coalesce(sum(v.votes), 0) from vote v where v.idea_id = $1), \
             comment_count = (select count(*) from comment c \
               where c.idea_id = $1 and c.hidden_at is null) \
             where idea_id = $1",
        )
        .bind(idea_id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Why and by whom something was hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hiding<'a> {
    pub by: i64,
    pub reason: &'a str,
    pub at: i64,
}

/// An idea or a comment: what members report and moderators hide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    Idea(i64),
    Comment(i64),
}

impl Content {
    /// The table and its key column; both tables also have `idea_id`, `author_id`,
    /// `challenge_id` and the `hidden_*` columns.
    fn table(self) -> (&'static str, &'static str, i64) {
        match self {
            Content::Idea(idea_id) => ("idea", "idea_id", idea_id),
            Content::Comment(comment_id) => ("comment", "comment_id", comment_id),
        }
    }
}

/// Who wrote a piece of content, on which idea, and why it is hidden (if it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentState {
    pub idea_id: i64,
    pub author_id: i64,
    pub hidden_reason: Option<String>,
}

/// The content if it belongs to the challenge; merged-away and withdrawn ideas included, as
/// their comments moved or went with them.
pub async fn find_content(
    tx: &mut AnyConnection,
    challenge_id: i64,
    content: Content,
) -> Result<Option<ContentState>, sqlx::Error> {
    let (table, key, id) = content.table();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "select idea_id, author_id, hidden_at, hidden_reason from {table} \
         where {key} = $1 and challenge_id = $2"
    )))
    .bind(id)
    .bind(challenge_id)
    .fetch_optional(&mut *tx)
    .await?
    .map(|row| {
        let hidden_at: Option<i64> = row.try_get("hidden_at")?;
        Ok(ContentState {
            idea_id: row.try_get("idea_id")?,
            author_id: row.try_get("author_id")?,
            hidden_reason: hidden_at
                .map(|_| row.try_get::<Option<String>, _>("hidden_reason"))
                .transpose()?
                .map(Option::unwrap_or_default),
        })
    })
    .transpose()
}

/// Hides the content, or restores it with `None`. A comment's idea is recounted, as hidden
/// comments leave the counts.
pub async fn set_hidden(
    tx: &mut AnyConnection,
    content: Content,
    hiding: Option<Hiding<'_>>,
) -> Result<(), sqlx::Error> {
    let (table, key, id) = content.table();
    let idea_id: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
        "update {table} set hidden_at = $1, hidden_by = $2, hidden_reason = $3 \
         where {key} = $4 returning idea_id"
    )))
    .bind(hiding.as_ref().map(|hiding| hiding.at))
    .bind(hiding.as_ref().map(|hiding| hiding.by))
    .bind(hiding.as_ref().map(|hiding| hiding.reason))
    .bind(id)
    .fetch_one(&mut *tx)
    .await?
    .try_get("idea_id")?;
    if let Content::Comment(_) = content {
        recount(&mut *tx, &[idea_id]).await?;
    }
    Ok(())
}

/// A hidden comment, for the board's list of hidden content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HiddenCommentRow {
    pub comment_id: i64,
    pub idea_id: i64,
    pub idea_title: String,
    pub body: String,
    pub hidden_reason: String,
}

pub async fn hidden_comments(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<HiddenCommentRow>, sqlx::Error> {
    sqlx::query(
        "select m.comment_id, m.idea_id, i.title as idea_title, m.body, m.hidden_reason \
         from comment m join idea i on i.idea_id = m.idea_id \
         where m.challenge_id = $1 and m.hidden_at is not null order by m.hidden_at desc",
    )
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(HiddenCommentRow {
            comment_id: row.try_get("comment_id")?,
            idea_id: row.try_get("idea_id")?,
            idea_title: row.try_get("idea_title")?,
            body: row.try_get("body")?,
            hidden_reason: row
                .try_get::<Option<String>, _>("hidden_reason")?
                .unwrap_or_default(),
        })
    })
    .collect()
}

/// Files a member's report; the comment, when given, must be on the idea.
pub async fn insert_report(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    idea_id: i64,
    comment_id: Option<i64>,
    reporter_id: i64,
    reason: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "insert into report (challenge_id, idea_id, comment_id, reporter_id, reason, created_at) \
         values ($1, $2, $3, $4, $5, $6) returning report_id",
    )
    .bind(challenge_id)
    .bind(idea_id)
    .bind(comment_id)
    .bind(reporter_id)
    .bind(reason)
    .bind(now)
    .fetch_one(db)
    .await?
    .try_get("report_id")
}

/// An open report, with what it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub report_id: i64,
    pub idea_id: i64,
    pub comment_id: Option<i64>,
    pub idea_title: String,
    /// The comment's text, or the idea's.
    pub body: String,
    pub reason: String,
    pub reporter_name: String,
    pub created_at: i64,
}

/// The moderators' queue: open reports on content still shown, oldest first.
pub async fn open_reports(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    sqlx::query(
        "select r.report_id, r.idea_id, r.comment_id, i.title as idea_title, \
         coalesce(m.body, i.body) as body, r.reason, p.display_name as reporter_name, \
         r.created_at from report r join idea i on i.idea_id = r.idea_id \
         join person p on p.person_id = r.reporter_id \
         left join comment m on m.comment_id = r.comment_id \
         where r.challenge_id = $1 and r.resolved_at is null \
         order by r.created_at, r.report_id",
    )
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(ReportRow {
            report_id: row.try_get("report_id")?,
            idea_id: row.try_get("idea_id")?,
            comment_id: row.try_get("comment_id")?,
            idea_title: row.try_get("idea_title")?,
            body: row.try_get("body")?,
            reason: row.try_get("reason")?,
            reporter_name: row.try_get("reporter_name")?,
            created_at: row.try_get("created_at")?,
        })
    })
    .collect()
}

/// Closes the open reports on the content (it was just hidden); returns their ids.
pub async fn resolve_reports_on(
    tx: &mut AnyConnection,
    challenge_id: i64,
    content: Content,
    by: i64,
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let (column, id) = match content {
        Content::Idea(idea_id) => ("idea_id", idea_id),
        Content::Comment(comment_id) => ("comment_id", comment_id),
    };
    // An idea's own reports have no comment; reports on its comments stay open.
    let own = if column == "idea_id" {
        " and comment_id is null"
    } else {
        ""
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "update report set resolved_at = $1, resolved_by = $2 \
         where challenge_id = $3 and {column} = $4{own} and resolved_at is null \
         returning report_id"
    )))
    .bind(now)
    .bind(by)
    .bind(challenge_id)
    .bind(id)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|row| row.try_get("report_id"))
    .collect()
}

/// Closes (with `Some((by, at))`) or reopens reports of the challenge; returns how many
/// changed.
pub async fn set_reports_resolved(
    tx: &mut AnyConnection,
    challenge_id: i64,
    report_ids: &[i64],
    resolved: Option<(i64, i64)>,
) -> Result<u64, sqlx::Error> {
    let mut changed = 0;
    for &report_id in report_ids {
        changed += sqlx::query(
            "update report set resolved_at = $1, resolved_by = $2 \
             where report_id = $3 and challenge_id = $4",
        )
        .bind(resolved.map(|(_, at)| at))
        .bind(resolved.map(|(by, _)| by))
        .bind(report_id)
        .bind(challenge_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    Ok(changed)
}

/// The people whose merged ideas live on in this one, by name.
pub async fn co_contributors(
    db: impl AnyExecutor<'_>,
    idea_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query(
        "select distinct p.person_id, p.display_name from idea_contributor c \
         join person p on p.person_id = c.person_id join idea i on i.idea_id = c.idea_id \
         where c.idea_id = $1 and c.person_id <> i.author_id order by p.display_name",
    )
    .bind(idea_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("person_id")?, row.try_get("display_name")?)))
    .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRow {
    pub action_id: i64,
    pub actor_id: i64,
    pub actor_name: String,
    pub kind: String,
    pub summary: String,
    pub details: String,
    pub created_at: i64,
    pub undone_at: Option<i64>,
}

/// What a new audit entry records.
pub struct NewAction<'a> {
    pub challenge_id: i64,
    pub actor_id: i64,
    pub kind: &'a str,
    pub summary: &'a str,
    pub details: &'a str,
    pub at: i64,
}

pub async fn insert_action(
    tx: &mut AnyConnection,
    action: &NewAction<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "insert into moderation_action (challenge_id, actor_id, kind, summary, details, \
         created_at) values ($1, $2, $3, $4, $5, $6) returning action_id",
    )
    .bind(action.challenge_id)
    .bind(action.actor_id)
    .bind(action.kind)
    .bind(action.summary)
    .bind(action.details)
    .bind(action.at)
    .fetch_one(&mut *tx)
    .await?
    .try_get("action_id")
}

const ACTION_SELECT: &str = "select a.action_id, a.actor_id, p.display_name as actor_name, \
     a.kind, a.summary, a.details, a.created_at, a.undone_at \
     from moderation_action a join person p on p.person_id = a.actor_id";

fn action_from_row(row: &sqlx::any::AnyRow) -> Result<ActionRow, sqlx::Error> {
    Ok(ActionRow {
        action_id: row.try_get("action_id")?,
        actor_id: row.try_get("actor_id")?,
        actor_name: row.try_get("actor_name")?,
        kind: row.try_get("kind")?,
        summary: row.try_get("summary")?,
        details: row.try_get("details")?,
        created_at: row.try_get("created_at")?,
        undone_at: row.try_get("undone_at")?,
    })
}

/// The challenge's audit log, newest first.
pub async fn actions(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    limit: i64,
) -> Result<Vec<ActionRow>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ACTION_SELECT} where a.challenge_id = $1 order by a.action_id desc limit $2"
    )))
    .bind(challenge_id)
    .bind(limit)
    .fetch_all(db)
    .await?
    .iter()
    .map(action_from_row)
    .collect()
}

/// The newest action of the challenge that can still be undone: not undone, and not itself
/// an undo.
pub async fn last_undoable(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    undo_kind: &str,
) -> Result<Option<ActionRow>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ACTION_SELECT} where a.challenge_id = $1 and a.undone_at is null and a.kind <> $2 \
         order by a.action_id desc limit 1"
    )))
    .bind(challenge_id)
    .bind(undo_kind)
    .fetch_optional(db)
    .await?
    .as_ref()
    .map(action_from_row)
    .transpose()
}

pub async fn mark_undone(
    tx: &mut AnyConnection,
    action_id: i64,
    undone_by: i64,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update moderation_action set undone_at = $1, undone_by = $2 where action_id = $3")
        .bind(at)
        .bind(undone_by)
        .bind(action_id)
        .execute(&mut *tx)
        .await
        .map(|_| ())
}
