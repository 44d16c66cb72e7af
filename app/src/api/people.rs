//! Admins manage people: list, create, edit, import and issue password links.

use leptos::prelude::*;

use crate::{
    error::AppError,
    model::{ImportReport, PasswordLink, Person, PersonInput},
};
#[cfg(feature = "ssr")]
use crate::{i18n::td_string, locale::current_locale};

#[cfg(feature = "ssr")]
const ADMINS_ONLY: &[crate::model::Role] = &[crate::model::Role::Admin];

/// Admins: everyone in the organisation.
#[server(endpoint = "people/list")]
pub async fn list_people() -> Result<Vec<Person>, AppError> {
    use crate::server::{auth, db, state::app_state};
    auth::require_role(ADMINS_ONLY, |locale| {
        td_string!(locale, errors.action_see_people)
    })
    .await?;
    Ok(db::people::list(app_state()?.db.reader()).await?)
}

/// Admins: creates a person (no `person_id`) or edits one; returns their id.
#[server(endpoint = "people/save")]
pub async fn save_person(person: PersonInput) -> Result<i64, AppError> {
    use crate::server::auth;
    let admin = auth::require_role(ADMINS_ONLY, |locale| {
        td_string!(locale, errors.action_edit_people)
    })
    .await?;
    let saved = save::save(&admin, person).await;
    // A changed role or a deactivation must apply to open sessions at once.
    crate::server::state::app_state()?.sessions.clear();
    saved
}

/// Admins: a one-time link with which the person chooses a password (valid for a week).
#[server(endpoint = "people/password_link")]
pub async fn issue_password_link(person_id: i64) -> Result<PasswordLink, AppError> {
    use crate::server::{
        auth,
        clock::{now_ms, DAY_MS},
        db,
        state::app_state,
    };
    const VALID_DAYS: u32 = 7;
    auth::require_role(ADMINS_ONLY, |locale| {
        td_string!(locale, errors.action_issue_password_links)
    })
    .await?;
    let state = app_state()?;
    let person = db::people::find(state.db.reader(), person_id)
        .await?
        .ok_or_else(|| AppError::not_found(td_string!(current_locale(), errors.person_gone)))?;
    let token = auth::new_token();
    let now = now_ms();
    db::password_links::insert(
        state.db.writer(),
        &auth::token_hash(&token),
        person_id,
        now,
        now + i64::from(VALID_DAYS) * DAY_MS,
    )
    .await?;
    Ok(PasswordLink {
        email: person.email,
        url: format!("{}/set-password?token={token}", state.settings.base_url),
        expires_in_days: VALID_DAYS,
    })
}

/// Admins: checks a CSV of people and, with `apply`, imports the accepted rows in one
/// transaction. The report lists every row and why any was rejected.
#[server(endpoint = "people/import")]
pub async fn import_people(csv: String, apply: bool) -> Result<ImportReport, AppError> {
    use crate::server::{auth, clock::now_ms, db, people_import, state::app_state};
    auth::require_role(ADMINS_ONLY, |locale| {
        td_string!(locale, errors.action_import_people)
    })
    .await?;
    let state = app_state()?;
    let existing = db::people::ids_by_email(state.db.reader())
        .await?
        .into_iter()
        .collect();
    let mut plan = people_import::plan(&csv, &existing)?;
    if apply && plan.report.accepted() > 0 {
        people_import::apply(&state.db, &plan, now_ms()).await?;
        plan.report.applied = true;
    }
    Ok(plan.report)
}

/// The rules for saving one person, apart from the endpoint.
#[cfg(feature = "ssr")]
mod save {
    use crate::{
        domain::{EmailAddress, PersonName},
        error::AppError,
        i18n::td_string,
        locale::current_locale,
        model::{PersonInput, Role, Viewer},
        server::{
            clock::now_ms,
            db::{self, is_unique_violation, people::PersonRecord},
            state::app_state,
        },
    };

    pub async fn save(admin: &Viewer, input: PersonInput) -> Result<i64, AppError> {
        let state = app_state()?;
        let db = &state.db;
        let locale = current_locale();
        let role = Role::parse(&input.role).ok_or_else(|| {
            AppError::invalid(td_string!(locale, errors.not_a_role, role = &input.role).to_string())
        })?;
        let email = EmailAddress::parse(&input.email)?.into_string();
        let manager_id = match input.manager_email.trim() {
            "" => None,
            manager => {
                let manager = EmailAddress::parse(manager)?.into_string();
                if manager == email {
                    return Err(AppError::invalid(td_string!(locale, errors.own_manager)));
                }
                let id = db::people::id_by_email(db.reader(), &manager).await?;
                Some(id.ok_or_else(|| {
                    AppError::invalid(
                        td_string!(locale, errors.manager_unknown, manager = &manager).to_string(),
                    )
                })?)
            }
        };
        let record = PersonRecord {
            display_name: PersonName::parse(&input.display_name)?.into_string(),
            email,
            role,
            department: input.department.trim().to_owned(),
            region: input.region.trim().to_owned(),
            manager_id,
        };
        let now = now_ms();
        let mut tx = db.begin().await?;
        let written = match input.person_id {
            None => db::people::insert(&mut *tx, &record, now).await.map(Some),
            Some(id) => db::people::update(&mut *tx, id, &record, now)
                .await
                .map(|found| found.then_some(id)),
        };
        let person_id = match written {
            Ok(Some(id)) => id,
            Ok(None) => return Err(AppError::not_found(td_string!(locale, errors.person_gone))),
            Err(error) if is_unique_violation(&error) => {
                return Err(AppError::conflict(
                    td_string!(locale, errors.email_taken, email = &record.email).to_string(),
                ))
            }
            Err(error) => return Err(error.into()),
        };
        let deactivated_at = (!input.active).then_some(now);
        db::people::set_deactivated(&mut *tx, person_id, deactivated_at).await?;
        if deactivated_at.is_some() {
            db::sessions::delete_all_for(&mut *tx, person_id).await?;
        }
        // Checked inside the transaction, after the change, so a rejected change is rolled back.
        if db::people::count_active_admins(&mut *tx).await? == 0 {
            return Err(AppError::conflict(if person_id == admin.person_id {
                td_string!(locale, errors.last_admin_yourself)
            } else {
                td_string!(locale, errors.last_admin_this_person)
            }));
        }
        tx.commit().await?;
        Ok(person_id)
    }
}
