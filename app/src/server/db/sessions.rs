//! Queries on sign-in sessions. Only the SHA-256 of a session token is ever stored.

use sqlx::AnyExecutor;

use crate::model::Viewer;

pub async fn insert(
    db: impl AnyExecutor<'_>,
    session_hash: &str,
    person_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into session (session_hash, person_id, created_at, expires_at) \
         values ($1, $2, $3, $4)",
    )
    .bind(session_hash)
    .bind(person_id)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await
    .map(|_| ())
}

/// The active person behind an unexpired session, if any.
pub async fn viewer(
    db: impl AnyExecutor<'_>,
    session_hash: &str,
    now: i64,
) -> Result<Option<Viewer>, sqlx::Error> {
    sqlx::query(
        "select p.person_id, p.display_name, p.email, p.role, p.department, p.region \
         from session s \
         join person p on p.person_id = s.person_id \
         where s.session_hash = $1 and s.expires_at > $2 and p.deactivated_at is null",
    )
    .bind(session_hash)
    .bind(now)
    .fetch_optional(db)
    .await?
    .map(|row| super::people::viewer_from_row(&row))
    .transpose()
}

pub async fn delete(db: impl AnyExecutor<'_>, session_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("delete from session where session_hash = $1")
        .bind(session_hash)
        .execute(db)
        .await
        .map(|_| ())
}

/// Signs a person out on every device; returns how many sessions ended.
pub async fn delete_all_for(db: impl AnyExecutor<'_>, person_id: i64) -> Result<u64, sqlx::Error> {
    sqlx::query("delete from session where person_id = $1")
        .bind(person_id)
        .execute(db)
        .await
        .map(|result| result.rows_affected())
}

pub async fn delete_expired(db: impl AnyExecutor<'_>, now: i64) -> Result<u64, sqlx::Error> {
    sqlx::query("delete from session where expires_at <= $1")
        .bind(now)
        .execute(db)
        .await
        .map(|result| result.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::server::db::{
        people,
        test_support::{fresh_db, person_record},
    };

    async fn person(db: &crate::server::db::Db, email: &str) -> i64 {
        people::insert(db.writer(), &person_record(email, Role::Member), 0)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_session_finds_its_person_until_it_expires() {
        let test = fresh_db().await;
        let db = &test.db;
        let ada = person(db, "ada@x.org").await;
        insert(db.writer(), "h1", ada, 100, 200).await.unwrap();

        let viewer = viewer(db.reader(), "h1", 150).await.unwrap().unwrap();
        assert_eq!(viewer.person_id, ada);
        assert!(super::viewer(db.reader(), "h1", 200)
            .await
            .unwrap()
            .is_none());
        assert!(super::viewer(db.reader(), "other", 150)
            .await
            .unwrap()
            .is_none());
        assert_eq!(delete_expired(db.writer(), 200).await.unwrap(), 1);
    }

    #[tokio::test]
    async fn signing_out_everywhere_ends_only_that_persons_sessions() {
        let test = fresh_db().await;
        let db = &test.db;
        let ada = person(db, "ada@x.org").await;
        let bob = person(db, "bob@x.org").await;
        for (hash, who) in [("a1", ada), ("a2", ada), ("b1", bob)] {
            insert(db.writer(), hash, who, 0, 1_000).await.unwrap();
        }
        assert_eq!(delete_all_for(db.writer(), ada).await.unwrap(), 2);
        assert!(viewer(db.reader(), "a2", 1).await.unwrap().is_none());
        assert!(viewer(db.reader(), "b1", 1).await.unwrap().is_some());
    }

    #[tokio::test]
    async fn deactivated_people_lose_their_sessions() {
        let test = fresh_db().await;
        let db = &test.db;
        let ada = person(db, "ada@x.org").await;
        insert(db.writer(), "a1", ada, 0, 1_000).await.unwrap();
        people::set_deactivated(db.writer(), ada, Some(1))
            .await
            .unwrap();
        assert!(viewer(db.reader(), "a1", 2).await.unwrap().is_none());
    }
}
