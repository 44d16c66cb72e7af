//! One-time links with which a person sets their password.

use sqlx::{AnyExecutor, Row};

pub async fn insert(
    db: impl AnyExecutor<'_>,
    token_hash: &str,
    person_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into password_link (token_hash, person_id, created_at, expires_at) \
         values ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(person_id)
    .bind(now)
    .bind(expires_at)
    .execute(db)
    .await
    .map(|_| ())
}

/// Marks an unused, unexpired link as used and returns whose it was. Doing both in one
/// statement means two tabs racing with the same link cannot both succeed.
pub async fn redeem(
    db: impl AnyExecutor<'_>,
    token_hash: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query(
        "update password_link set used_at = $1 \
         where token_hash = $2 and used_at is null and expires_at > $1 returning person_id",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(db)
    .await?
    .map(|row| row.try_get("person_id"))
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::server::db::{
        people,
        test_support::{fresh_db, person_record},
    };

    #[tokio::test]
    async fn a_link_works_once_and_only_before_it_expires() {
        let test = fresh_db().await;
        let db = &test.db;
        let ada = people::insert(db.writer(), &person_record("ada@x.org", Role::Member), 0)
            .await
            .unwrap();
        insert(db.writer(), "t1", ada, 0, 100).await.unwrap();
        insert(db.writer(), "t2", ada, 0, 100).await.unwrap();

        assert_eq!(redeem(db.writer(), "t1", 50).await.unwrap(), Some(ada));
        assert_eq!(
            redeem(db.writer(), "t1", 51).await.unwrap(),
            None,
            "used twice"
        );
        assert_eq!(
            redeem(db.writer(), "t2", 100).await.unwrap(),
            None,
            "expired"
        );
        assert_eq!(redeem(db.writer(), "nope", 1).await.unwrap(), None);
    }
}
