//! Queries on people.

use sqlx::{any::AnyRow, AnyExecutor, FromRow, Row};

use crate::model::{Person, Role, Viewer};

/// What a new person or an edit writes. Fields are already validated.
#[derive(Debug, Clone)]
pub struct PersonRecord {
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub department: String,
    pub region: String,
    pub manager_id: Option<i64>,
}

/// What sign-in needs to know about an email.
#[derive(Debug, FromRow)]
pub struct Login {
    pub person_id: i64,
    pub password_hash: Option<String>,
    pub deactivated_at: Option<i64>,
}

fn role_from_row(row: &AnyRow) -> Result<Role, sqlx::Error> {
    let stored: String = row.try_get("role")?;
    Role::parse(&stored).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: "role".into(),
        source: format!("unknown role {stored:?}").into(),
    })
}

pub fn viewer_from_row(row: &AnyRow) -> Result<Viewer, sqlx::Error> {
    Ok(Viewer {
        person_id: row.try_get("person_id")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        role: role_from_row(row)?,
        department: row.try_get("department")?,
        region: row.try_get("region")?,
    })
}

pub async fn insert(
    db: impl AnyExecutor<'_>,
    person: &PersonRecord,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "insert into person (email, display_name, role, department, region, manager_id, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7) returning person_id",
    )
    .bind(&person.email)
    .bind(&person.display_name)
    .bind(person.role.as_str())
    .bind(&person.department)
    .bind(&person.region)
    .bind(person.manager_id)
    .bind(now)
    .fetch_one(db)
    .await?
    .try_get("person_id")
}

/// Overwrites a person's profile and role; returns false when there is no such person.
pub async fn update(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    person: &PersonRecord,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "update person set email = $1, display_name = $2, role = $3, department = $4, \
         region = $5, manager_id = $6, updated_at = $7 where person_id = $8",
    )
    .bind(&person.email)
    .bind(&person.display_name)
    .bind(person.role.as_str())
    .bind(&person.department)
    .bind(&person.region)
    .bind(person.manager_id)
    .bind(now)
    .bind(person_id)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Updates what an HR file knows about a person, leaving role and password alone.
pub async fn update_profile(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    person: &PersonRecord,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update person set display_name = $1, department = $2, region = $3, manager_id = $4, \
         updated_at = $5 where person_id = $6",
    )
    .bind(&person.display_name)
    .bind(&person.department)
    .bind(&person.region)
    .bind(person.manager_id)
    .bind(now)
    .bind(person_id)
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn set_manager(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    manager_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update person set manager_id = $1 where person_id = $2")
        .bind(manager_id)
        .bind(person_id)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn set_role(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    role: Role,
) -> Result<(), sqlx::Error> {
    sqlx::query("update person set role = $1 where person_id = $2")
        .bind(role.as_str())
        .bind(person_id)
        .execute(db)
        .await
        .map(|_| ())
}

/// Deactivated people cannot sign in; their contributions stay.
pub async fn set_deactivated(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    deactivated_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update person set deactivated_at = $1 where person_id = $2")
        .bind(deactivated_at)
        .bind(person_id)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn set_password_hash(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    password_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update person set password_hash = $1, updated_at = $2 where person_id = $3")
        .bind(password_hash)
        .bind(now)
        .bind(person_id)
        .execute(db)
        .await
        .map(|_| ())
}

pub async fn find_login(
    db: impl AnyExecutor<'_>,
    email: &str,
) -> Result<Option<Login>, sqlx::Error> {
    sqlx::query_as("select person_id, password_hash, deactivated_at from person where email = $1")
        .bind(email)
        .fetch_optional(db)
        .await
}

pub async fn password_hash(
    db: impl AnyExecutor<'_>,
    person_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("select password_hash from person where person_id = $1")
        .bind(person_id)
        .fetch_optional(db)
        .await?
        .map_or(Ok(None), |row| row.try_get("password_hash"))
}

pub async fn id_by_email(
    db: impl AnyExecutor<'_>,
    email: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("select person_id from person where email = $1")
        .bind(email)
        .fetch_optional(db)
        .await?
        .map(|row| row.try_get("person_id"))
        .transpose()
}

/// Every email already registered, with its person id (for checking imports in one query).
pub async fn ids_by_email(db: impl AnyExecutor<'_>) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query("select email, person_id from person")
        .fetch_all(db)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("email")?, row.try_get("person_id")?)))
        .collect()
}

/// The columns [`person_from_row`] reads; a macro so queries can extend it as a literal.
macro_rules! person_select {
    () => {
        "select p.person_id, p.display_name, p.email, p.role, p.department, p.region, \
         m.email as manager_email, \
         case when p.password_hash is null then 0 else 1 end as has_password, \
         case when p.deactivated_at is null then 1 else 0 end as active \
         from person p left join person m on m.person_id = p.manager_id"
    };
}

pub async fn find(db: impl AnyExecutor<'_>, person_id: i64) -> Result<Option<Person>, sqlx::Error> {
    sqlx::query(concat!(person_select!(), " where p.person_id = $1"))
        .bind(person_id)
        .fetch_optional(db)
        .await?
        .map(|row| person_from_row(&row))
        .transpose()
}

/// Everyone, by name. Paging comes with organisations large enough to need it in this view.
pub async fn list(db: impl AnyExecutor<'_>) -> Result<Vec<Person>, sqlx::Error> {
    sqlx::query(concat!(
        person_select!(),
        " order by p.display_name, p.email"
    ))
    .fetch_all(db)
    .await?
    .iter()
    .map(person_from_row)
    .collect()
}

fn person_from_row(row: &AnyRow) -> Result<Person, sqlx::Error> {
    Ok(Person {
        person_id: row.try_get("person_id")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        role: role_from_row(row)?,
        department: row.try_get("department")?,
        region: row.try_get("region")?,
        manager_email: row.try_get("manager_email")?,
        has_password: row.try_get::<i64, _>("has_password")? == 1,
        active: row.try_get::<i64, _>("active")? == 1,
    })
}

pub async fn count(db: impl AnyExecutor<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query("select count(*) as n from person")
        .fetch_one(db)
        .await?
        .try_get("n")
}

pub async fn count_active_admins(db: impl AnyExecutor<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query("select count(*) as n from person where role = 'admin' and deactivated_at is null")
        .fetch_one(db)
        .await?
        .try_get("n")
}

/// The language the person chose (`en`, `es`, `nl`), or `None` to follow their browser.
pub async fn language(
    db: impl AnyExecutor<'_>,
    person_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("select language from person where person_id = $1")
        .bind(person_id)
        .fetch_optional(db)
        .await
        .map(Option::flatten)
}

pub async fn set_language(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    language: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update person set language = $1 where person_id = $2")
        .bind(language)
        .bind(person_id)
        .execute(db)
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::db::{
        is_unique_violation,
        test_support::{fresh_db, person_record as record},
    };

    #[tokio::test]
    async fn a_person_round_trips_with_their_manager() {
        let test = fresh_db().await;
        let db = &test.db;
        let boss = insert(db.writer(), &record("boss@x.org", Role::Leader), 1)
            .await
            .unwrap();
        let mut ada = record("ada@x.org", Role::Member);
        ada.manager_id = Some(boss);
        let ada_id = insert(db.writer(), &ada, 1).await.unwrap();

        let found = find(db.reader(), ada_id).await.unwrap().unwrap();
        assert_eq!(found.email, "ada@x.org");
        assert_eq!(found.role, Role::Member);
        assert_eq!(found.manager_email.as_deref(), Some("boss@x.org"));
        assert!(found.active);
        assert!(!found.has_password);
        assert_eq!(list(db.reader()).await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn the_same_email_cannot_be_registered_twice() {
        let test = fresh_db().await;
        let db = &test.db;
        insert(db.writer(), &record("ada@x.org", Role::Member), 1)
            .await
            .unwrap();
        let error = insert(db.writer(), &record("ada@x.org", Role::Admin), 2)
            .await
            .unwrap_err();
        assert!(is_unique_violation(&error), "{error}");
        assert_eq!(count(db.reader()).await.unwrap(), 1);
    }

    #[tokio::test]
    async fn deactivated_admins_do_not_count_as_admins() {
        let test = fresh_db().await;
        let db = &test.db;
        let admin = insert(db.writer(), &record("root@x.org", Role::Admin), 1)
            .await
            .unwrap();
        assert_eq!(count_active_admins(db.reader()).await.unwrap(), 1);
        set_deactivated(db.writer(), admin, Some(5)).await.unwrap();
        assert_eq!(count_active_admins(db.reader()).await.unwrap(), 0);
        let login = find_login(db.reader(), "root@x.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(login.deactivated_at, Some(5));
    }
}
