//! Queries on ideas: submit, edit, withdraw, list a page, and the texts for similarity.

use sqlx::{any::AnyRow, AnyConnection, AnyExecutor, Row};

use crate::model::IdeaSort;

/// A stored idea, with its author's name and the viewer's votes on it.
#[derive(Debug, Clone)]
pub struct IdeaRow {
    pub idea_id: i64,
    pub challenge_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub title: String,
    pub body: String,
    pub vote_count: i64,
    pub comment_count: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub withdrawn_at: Option<i64>,
    /// The idea it was merged into by a moderator.
    pub merged_into_id: Option<i64>,
    /// Why a moderator hid it, if they did.
    pub hidden_reason: Option<String>,
    pub my_votes: i64,
}

/// Ideas on a challenge's lists and counts: not withdrawn, merged away or hidden.
pub const ON_THE_LIST: &str =
    "i.withdrawn_at is null and i.merged_into_id is null and i.hidden_at is null";

/// Selects [`IdeaRow`] columns; `$1` is always the viewer, for their own votes.
macro_rules! idea_select {
    () => {
        "select i.idea_id, i.challenge_id, i.author_id, a.display_name as author_name, i.title, \
         i.body, i.vote_count, i.comment_count, i.created_at, i.updated_at, i.withdrawn_at, \
         i.merged_into_id, \
         case when i.hidden_at is null then null else coalesce(i.hidden_reason, '') end \
           as hidden_reason, \
         coalesce(v.votes, 0) as my_votes \
         from idea i join person a on a.person_id = i.author_id \
         left join vote v on v.idea_id = i.idea_id and v.person_id = $1"
    };
}

impl IdeaRow {
    /// Merged into another idea or hidden: off the challenge's lists.
    pub fn moderated_away(&self) -> bool {
        self.merged_into_id.is_some() || self.hidden_reason.is_some()
    }
}

fn idea_from_row(row: &AnyRow) -> Result<IdeaRow, sqlx::Error> {
    Ok(IdeaRow {
        idea_id: row.try_get("idea_id")?,
        challenge_id: row.try_get("challenge_id")?,
        author_id: row.try_get("author_id")?,
        author_name: row.try_get("author_name")?,
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        vote_count: row.try_get("vote_count")?,
        comment_count: row.try_get("comment_count")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        withdrawn_at: row.try_get("withdrawn_at")?,
        merged_into_id: row.try_get("merged_into_id")?,
        hidden_reason: row.try_get("hidden_reason")?,
        my_votes: row.try_get("my_votes")?,
    })
}

/// What search runs against: title and body, lower-cased.
fn search_text(title: &str, body: &str) -> String {
    format!("{title}\n{body}").to_lowercase()
}

pub async fn insert(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    author_id: i64,
    title: &str,
    body: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "insert into idea (challenge_id, author_id, title, body, search_text, created_at, \
         updated_at) values ($1, $2, $3, $4, $5, $6, $6) returning idea_id",
    )
    .bind(challenge_id)
    .bind(author_id)
    .bind(title)
    .bind(body)
    .bind(search_text(title, body))
    .bind(now)
    .fetch_one(db)
    .await?
    .try_get("idea_id")
}

pub async fn update(
    db: impl AnyExecutor<'_>,
    idea_id: i64,
    title: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update idea set title = $1, body = $2, search_text = $3, updated_at = $4 \
         where idea_id = $5",
    )
    .bind(title)
    .bind(body)
    .bind(search_text(title, body))
    .bind(now)
    .bind(idea_id)
    .execute(db)
    .await
    .map(|_| ())
}

/// Withdraws an idea and gives the votes on it back to the voters' budgets.
pub async fn withdraw(
    tx: &mut AnyConnection,
    idea_id: i64,
    challenge_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update ballot set votes_used = votes_used - (select v.votes from vote v \
           where v.idea_id = $1 and v.person_id = ballot.person_id) \
         where challenge_id = $2 \
           and person_id in (select v.person_id from vote v where v.idea_id = $1)",
    )
    .bind(idea_id)
    .bind(challenge_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("delete from vote where idea_id = $1")
        .bind(idea_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update idea set withdrawn_at = $1, vote_count = 0 where idea_id = $2")
        .bind(now)
        .bind(idea_id)
        .execute(&mut *tx)
        .await
        .map(|_| ())
}

pub async fn find(
    db: impl AnyExecutor<'_>,
    idea_id: i64,
    viewer_id: i64,
) -> Result<Option<IdeaRow>, sqlx::Error> {
    sqlx::query(concat!(idea_select!(), " where i.idea_id = $2"))
        .bind(viewer_id)
        .bind(idea_id)
        .fetch_optional(db)
        .await?
        .map(|row| idea_from_row(&row))
        .transpose()
}

/// Which ideas of a challenge to list, in what order.
#[derive(Debug, Clone)]
pub struct IdeaFilter<'a> {
    pub challenge_id: i64,
    pub viewer_id: i64,
    pub sort: IdeaSort,
    /// Every word must appear in the title or body.
    pub words: &'a [String],
    /// 1-based.
    pub page: i64,
    pub page_size: i64,
    pub now: i64,
}

/// One page of live (not withdrawn) ideas and the number matching on all pages.
pub async fn page(
    db: impl AnyExecutor<'_> + Copy,
    filter: &IdeaFilter<'_>,
) -> Result<(Vec<IdeaRow>, i64), sqlx::Error> {
    // $1 viewer, $2 challenge, $3 now, $4 shuffle multiplier, then one per search word.
    let mut condition = format!("i.challenge_id = $2 and {ON_THE_LIST}");
    for n in 0..filter.words.len() {
        condition.push_str(&format!(" and i.search_text like ${} escape '\\'", n + 5));
    }
    let order = match filter.sort {
        IdeaSort::New => "i.created_at desc, i.idea_id desc",
        IdeaSort::Top => "i.vote_count desc, i.created_at, i.idea_id",
        // Votes weighed down by age (hours + 2, squared), as news sites rank "hot" items.
        IdeaSort::Trending => {
            "(i.vote_count * 1.0) / (((($3 - i.created_at) / 3600000.0) + 2) \
             * ((($3 - i.created_at) / 3600000.0) + 2)) desc, i.idea_id desc"
        }
        // A permutation of the ids that depends on the viewer: a multiplier modulo a prime.
        IdeaSort::Shuffle => "(i.idea_id * $4) % 1000000007, i.idea_id",
    };
    let multiplier = shuffle_multiplier(filter.viewer_id, filter.challenge_id);
    let patterns: Vec<String> = filter.words.iter().map(|w| like_pattern(w)).collect();

    let list_sql = format!(
        concat!(idea_select!(), " where {} order by {} limit {} offset {}"),
        condition,
        order,
        filter.page_size,
        (filter.page - 1).max(0) * filter.page_size
    );
    let mut list = sqlx::query(sqlx::AssertSqlSafe(list_sql))
        .bind(filter.viewer_id)
        .bind(filter.challenge_id)
        .bind(filter.now)
        .bind(multiplier);
    for pattern in &patterns {
        list = list.bind(pattern.as_str());
    }
    let ideas = list
        .fetch_all(db)
        .await?
        .iter()
        .map(idea_from_row)
        .collect::<Result<Vec<_>, _>>()?;

    // The count binds the same parameters (some unused) so the search words keep their numbers.
    let count_sql = format!("select count(*) as n from idea i where {condition}");
    let mut count = sqlx::query(sqlx::AssertSqlSafe(count_sql))
        .bind(filter.viewer_id)
        .bind(filter.challenge_id)
        .bind(filter.now)
        .bind(multiplier);
    for pattern in &patterns {
        count = count.bind(pattern.as_str());
    }
    let total = count.fetch_one(db).await?.try_get("n")?;
    Ok((ideas, total))
}

/// In 2..1_000_000_006, different per person and challenge, so each person's shuffle differs.
fn shuffle_multiplier(viewer_id: i64, challenge_id: i64) -> i64 {
    let mixed = (viewer_id as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add((challenge_id as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F));
    2 + (mixed >> 16) as i64 % 1_000_000_004
}

/// `%word%`, with LIKE's wildcards in the word taken literally.
fn like_pattern(word: &str) -> String {
    let escaped = word
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// An idea's text as the "similar ideas" hint compares it.
#[derive(Debug, Clone)]
pub struct IdeaText {
    pub idea_id: i64,
    pub title: String,
    /// The title and the start of the description.
    pub text: String,
    pub vote_count: i64,
}

/// The texts of every live idea of a challenge.
pub async fn texts(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<IdeaText>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "select i.idea_id, i.title, i.title || ' ' || substr(i.body, 1, 400) as text, \
         i.vote_count from idea i where i.challenge_id = $1 and {ON_THE_LIST}"
    )))
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(IdeaText {
            idea_id: row.try_get("idea_id")?,
            title: row.try_get("title")?,
            text: row.try_get("text")?,
            vote_count: row.try_get("vote_count")?,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        model::VotingRule,
        server::db::{
            test_support::{challenge, fresh_db, ideas, members},
            Db,
        },
    };

    async fn titles(db: &Db, filter: &IdeaFilter<'_>) -> (Vec<String>, i64) {
        let (rows, total) = page(db.reader(), filter).await.unwrap();
        (rows.into_iter().map(|idea| idea.title).collect(), total)
    }

    #[tokio::test]
    async fn pages_sort_and_search() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 2).await;
        let challenge_id = challenge(db, VotingRule::OnePerIdea, 0, i64::MAX / 2).await;
        let ids = ideas(db, challenge_id, people[0], 25).await;
        sqlx::query("update idea set vote_count = 7 where idea_id = $1")
            .bind(ids[3])
            .execute(db.writer())
            .await
            .unwrap();
        let words = Vec::new();
        let mut filter = IdeaFilter {
            challenge_id,
            viewer_id: people[1],
            sort: IdeaSort::New,
            words: &words,
            page: 1,
            page_size: 10,
            now: 30 * 60_000,
        };
        let (newest, total) = titles(db, &filter).await;
        assert_eq!(total, 25);
        assert_eq!(newest.len(), 10);
        assert_eq!(newest[0], "Idea number 24");
        filter.page = 3;
        assert_eq!(titles(db, &filter).await.0.len(), 5);
        filter.page = 1;
        filter.sort = IdeaSort::Top;
        assert_eq!(titles(db, &filter).await.0[0], "Idea number 3");
        filter.sort = IdeaSort::Trending;
        assert_eq!(titles(db, &filter).await.0[0], "Idea number 3");

        // Every word must match, in title or description, whatever the case.
        let words = vec!["NUMBER".to_owned(), "12.".to_owned()];
        filter.words = &words;
        assert_eq!(
            titles(db, &filter).await,
            (vec!["Idea number 12".to_owned()], 1)
        );
        let words = vec!["100%".to_owned()];
        filter.words = &words;
        assert_eq!(titles(db, &filter).await.1, 0, "% is literal");
    }

    #[tokio::test]
    async fn each_person_gets_their_own_stable_shuffle() {
        let test = fresh_db().await;
        let db = &test.db;
        let people = members(db, 2).await;
        let challenge_id = challenge(db, VotingRule::OnePerIdea, 0, i64::MAX / 2).await;
        ideas(db, challenge_id, people[0], 30).await;
        let words = Vec::new();
        let order = |viewer_id| IdeaFilter {
            challenge_id,
            viewer_id,
            sort: IdeaSort::Shuffle,
            words: &words,
            page: 1,
            page_size: 30,
            now: 0,
        };
        let first = titles(db, &order(people[0])).await.0;
        assert_eq!(first, titles(db, &order(people[0])).await.0, "stable");
        let second = titles(db, &order(people[1])).await.0;
        assert_ne!(first, second, "differs per person");
        let newest_first = titles(
            db,
            &IdeaFilter {
                sort: IdeaSort::New,
                ..order(people[0])
            },
        )
        .await
        .0;
        assert_ne!(first, newest_first, "not the submission order");
        let mut sorted = first.clone();
        sorted.sort();
        let mut all = newest_first;
        all.sort();
        assert_eq!(sorted, all, "every idea exactly once");
    }

    #[test]
    fn search_words_are_literal() {
        assert_eq!(like_pattern("50%_Off"), "%50\\%\\_off%");
    }

    #[test]
    fn shuffles_differ_between_people() {
        let a = shuffle_multiplier(1, 1);
        let b = shuffle_multiplier(2, 1);
        assert_ne!(a, b);
        for m in [a, b, shuffle_multiplier(i64::MAX, 7)] {
            assert!((2..1_000_000_006).contains(&m), "{m}");
        }
    }
}
