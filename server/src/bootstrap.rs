//! Getting a first admin into an empty instance: `chorus create-admin`, or the
//! CHORUS_ADMIN_EMAIL / CHORUS_ADMIN_PASSWORD pair at start-up.

use anyhow::Context;
use app::{
    domain::{EmailAddress, NewPassword, PersonName},
    model::Role,
    server::{
        auth,
        clock::{now_ms, DAY_MS},
        db::{self, people::PersonRecord, Db},
        passwords,
    },
};

/// What `create-admin` did, for the operator.
pub enum AdminCreated {
    WithPassword,
    /// The one-time link to choose a password.
    WithLink(String),
}

/// Creates the admin, or promotes the person with that email. With a password, sets it;
/// otherwise returns a one-time link (valid 7 days) to choose one.
pub async fn create_admin(
    db: &Db,
    base_url: &str,
    email: &str,
    name: &str,
    password: Option<&str>,
) -> anyhow::Result<AdminCreated> {
    let email = EmailAddress::parse(email).context("--email")?;
    let name = PersonName::parse(name).context("--name")?;
    let password = password
        .map(NewPassword::parse)
        .transpose()
        .context("CHORUS_ADMIN_PASSWORD")?;
    let now = now_ms();
    let person_id = match db::people::id_by_email(db.reader(), email.as_str()).await? {
        Some(id) => {
            db::people::set_role(db.writer(), id, Role::Admin).await?;
            db::people::set_deactivated(db.writer(), id, None).await?;
            id
        }
        None => {
            let record = PersonRecord {
                display_name: name.into_string(),
                email: email.into_string(),
                role: Role::Admin,
                department: String::new(),
                region: String::new(),
                manager_id: None,
            };
            db::people::insert(db.writer(), &record, now).await?
        }
    };
    match password {
        Some(password) => {
            let hash = passwords::hash(password.expose().to_owned())
                .await
                .map_err(|error| anyhow::anyhow!("{error}"))?;
            db::people::set_password_hash(db.writer(), person_id, &hash, now).await?;
            Ok(AdminCreated::WithPassword)
        }
        None => {
            let token = auth::new_token();
            db::password_links::insert(
                db.writer(),
                &auth::token_hash(&token),
                person_id,
                now,
                now + 7 * DAY_MS,
            )
            .await?;
            Ok(AdminCreated::WithLink(format!(
                "{base_url}/set-password?token={token}"
            )))
        }
    }
}

/// At start-up: when CHORUS_ADMIN_EMAIL and CHORUS_ADMIN_PASSWORD are set and there is no
/// active admin yet, creates that admin. Returns true when it did.
pub async fn ensure_admin(
    db: &Db,
    base_url: &str,
    email: Option<&str>,
    password: Option<&str>,
) -> anyhow::Result<bool> {
    let (Some(email), Some(password)) = (email, password) else {
        if email.is_some() {
            anyhow::bail!("CHORUS_ADMIN_EMAIL is set but CHORUS_ADMIN_PASSWORD is not");
        }
        return Ok(false);
    };
    if db::people::count_active_admins(db.reader()).await? > 0 {
        return Ok(false);
    }
    match create_admin(db, base_url, email, "Administrator", Some(password)).await {
        Ok(_) => Ok(true),
        // Several processes starting at once on one PostgreSQL: another one created it first.
        Err(_) if db::people::count_active_admins(db.reader()).await? > 0 => Ok(false),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use app::server::db::test_support::fresh_db;

    use super::*;

    #[tokio::test]
    async fn processes_starting_at_once_create_one_admin_and_all_start() {
        let test = fresh_db().await;
        let db = &test.db;
        let start = || {
            ensure_admin(
                db,
                "http://127.0.0.1:3000",
                Some("boss@example.org"),
                Some("a long enough password"),
            )
        };
        let (first, second) = tokio::join!(start(), start());
        // Both start. The second may find the first's admin half made and finish it (same
        // email and password), so either may report creating it, but there is one admin.
        let created = [first.unwrap(), second.unwrap()];
        assert!(created.contains(&true));
        assert_eq!(
            db::people::count_active_admins(db.reader()).await.unwrap(),
            1
        );
    }
}
