//! In-app notifications of the signed-in person.

use leptos::prelude::*;

use crate::{error::AppError, model::Notification};

/// Signed in: the latest notifications, newest first.
#[server(endpoint = "notifications/list")]
pub async fn notifications() -> Result<Vec<Notification>, AppError> {
    use crate::server::{auth, db, state::app_state};
    const SHOWN: i64 = 50;
    let viewer = auth::require_viewer().await?;
    Ok(db::notifications::latest(app_state()?.db.reader(), viewer.person_id, SHOWN).await?)
}

/// Signed in: how many notifications are unread (for the badge in the header).
#[server(endpoint = "notifications/unread")]
pub async fn unread_notifications() -> Result<i64, AppError> {
    use crate::server::{auth, db, state::app_state};
    let viewer = auth::require_viewer().await?;
    Ok(db::notifications::unread_count(app_state()?.db.reader(), viewer.person_id).await?)
}

/// Signed in: marks every notification as read.
#[server(endpoint = "notifications/read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::server::{auth, clock::now_ms, db, state::app_state};
    let viewer = auth::require_viewer().await?;
    db::notifications::mark_all_read(app_state()?.db.writer(), viewer.person_id, now_ms()).await?;
    Ok(())
}
