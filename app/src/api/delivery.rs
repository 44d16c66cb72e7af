//! Email preferences and unsubscribing; a challenge's team-chat webhooks; the admins' view of
//! webhook deliveries.

use leptos::prelude::*;

use crate::{
    error::AppError,
    model::{EmailPreferences, EmailPreferencesInput, Webhook, WebhookDelivery},
};
#[cfg(feature = "ssr")]
use crate::{i18n::td_string, locale::current_locale};

/// Signed in: how and what the person gets by email.
#[server(endpoint = "email/preferences")]
pub async fn my_email_preferences() -> Result<EmailPreferences, AppError> {
    use crate::server::{auth, db, state::app_state};
    let viewer = auth::require_viewer().await?;
    let state = app_state()?;
    Ok(db::delivery::email_preferences(
        state.db.reader(),
        viewer.person_id,
        state.settings.email_configured,
    )
    .await?)
}

#[server(endpoint = "email/preferences/save")]
pub async fn save_email_preferences(prefs: EmailPreferencesInput) -> Result<(), AppError> {
    use crate::{
        model::{EmailFrequency, NotificationKind},
        server::{auth, db, state::app_state},
    };
    let viewer = auth::require_viewer().await?;
    let frequency = EmailFrequency::parse(&prefs.frequency)
        .ok_or_else(|| AppError::invalid(td_string!(current_locale(), errors.choose_frequency)))?;
    if let Some(unknown) = prefs
        .mailed
        .iter()
        .find(|mailed| NotificationKind::parse(mailed).is_none())
    {
        return Err(AppError::invalid(
            td_string!(
                current_locale(),
                errors.unknown_email_kind,
                kind = format!("{unknown:?}")
            )
            .to_string(),
        ));
    }
    let muted: Vec<NotificationKind> = NotificationKind::ALL
        .into_iter()
        .filter(|kind| !prefs.mailed.iter().any(|mailed| mailed == kind.as_str()))
        .collect();
    let state = app_state()?;
    db::delivery::set_email_preferences(state.db.writer(), viewer.person_id, frequency, &muted)
        .await?;
    Ok(())
}

/// Anyone with the link from an email: stops all email to its owner; returns their address.
#[server(endpoint = "email/unsubscribe")]
pub async fn unsubscribe(token: String) -> Result<String, AppError> {
    use crate::server::{db, state::app_state};
    db::delivery::unsubscribe(app_state()?.db.writer(), &token)
        .await?
        .ok_or_else(|| {
            AppError::not_found(td_string!(
                current_locale(),
                errors.unknown_unsubscribe_link
            ))
        })
}

/// The challenge, loaded for a leader or admin who may change its webhooks.
#[cfg(feature = "ssr")]
async fn managed_challenge(challenge_id: i64) -> Result<crate::model::Viewer, AppError> {
    use crate::server::{access::ChallengeAccess, auth, clock::now_ms, state::app_state};
    let leader = auth::require_role(crate::api::challenges::LAUNCHERS, |locale| {
        td_string!(locale, errors.action_connect_team_chat)
    })
    .await?;
    ChallengeAccess::load(&app_state()?.db, &leader, challenge_id, now_ms()).await?;
    Ok(leader)
}

/// Leaders and admins: the challenge's team-chat webhooks.
#[server(endpoint = "webhooks/list")]
pub async fn challenge_webhooks(challenge_id: i64) -> Result<Vec<Webhook>, AppError> {
    use crate::server::{db, state::app_state};
    managed_challenge(challenge_id).await?;
    Ok(db::delivery::webhooks(app_state()?.db.reader(), challenge_id).await?)
}

#[server(endpoint = "webhooks/add")]
pub async fn add_webhook(challenge_id: i64, url: String, format: String) -> Result<(), AppError> {
    use crate::{
        model::WebhookFormat,
        server::{clock::now_ms, db, delivery::webhooks::check_url, state::app_state},
    };
    let leader = managed_challenge(challenge_id).await?;
    let url = check_url(&url)?;
    let format = WebhookFormat::parse(&format)
        .ok_or_else(|| AppError::invalid(td_string!(current_locale(), errors.choose_team_chat)))?;
    let state = app_state()?;
    db::delivery::add_webhook(
        state.db.writer(),
        challenge_id,
        &url,
        format,
        leader.person_id,
        now_ms(),
    )
    .await?;
    Ok(())
}

#[server(endpoint = "webhooks/remove")]
pub async fn remove_webhook(challenge_id: i64, webhook_id: i64) -> Result<(), AppError> {
    use crate::server::{db, state::app_state};
    managed_challenge(challenge_id).await?;
    if db::delivery::remove_webhook(app_state()?.db.writer(), challenge_id, webhook_id).await? {
        Ok(())
    } else {
        Err(AppError::not_found(td_string!(
            current_locale(),
            errors.webhook_gone
        )))
    }
}

/// Admins: the latest team-chat messages and whether they arrived.
#[server(endpoint = "webhooks/deliveries")]
pub async fn webhook_deliveries() -> Result<Vec<WebhookDelivery>, AppError> {
    use crate::{
        model::Role,
        server::{auth, db, state::app_state},
    };
    const SHOWN: i64 = 100;
    auth::require_role(&[Role::Admin], |locale| {
        td_string!(locale, errors.action_see_deliveries)
    })
    .await?;
    Ok(db::delivery::recent_deliveries(app_state()?.db.reader(), SHOWN).await?)
}

/// Admins: sends a message again that every retry failed to deliver.
#[server(endpoint = "webhooks/retry")]
pub async fn retry_webhook(delivery_id: i64) -> Result<(), AppError> {
    use crate::{
        model::Role,
        server::{auth, clock::now_ms, db, state::app_state},
    };
    auth::require_role(&[Role::Admin], |locale| {
        td_string!(locale, errors.action_resend_messages)
    })
    .await?;
    if db::delivery::retry_delivery(app_state()?.db.writer(), delivery_id, now_ms()).await? {
        Ok(())
    } else {
        Err(AppError::conflict(td_string!(
            current_locale(),
            errors.message_not_resendable
        )))
    }
}
