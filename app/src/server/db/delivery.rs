//! Email preferences, notifications waiting to be mailed, team-chat webhooks and their
//! delivery queue.

use sqlx::{any::AnyRow, AnyConnection, AnyExecutor, Row};

use super::notifications::{self, notification_columns, notification_joins};
use crate::model::{
    DeliveryState, EmailFrequency, EmailPreferences, Notification, NotificationKind, Webhook,
    WebhookDelivery, WebhookFormat,
};

fn decode_error(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.into(),
        source: format!("unexpected {column} {value:?}").into(),
    }
}

fn frequency(row: &AnyRow) -> Result<EmailFrequency, sqlx::Error> {
    let value: String = row.try_get("email_frequency")?;
    EmailFrequency::parse(&value).ok_or_else(|| decode_error("email_frequency", &value))
}

/// Kinds stored as a comma list; unknown names (from a newer version) are ignored.
fn muted_kinds(row: &AnyRow) -> Result<Vec<NotificationKind>, sqlx::Error> {
    let value: String = row.try_get("email_muted_kinds")?;
    Ok(value
        .split(',')
        .filter_map(NotificationKind::parse)
        .collect())
}

pub async fn email_preferences(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    email_configured: bool,
) -> Result<EmailPreferences, sqlx::Error> {
    let row = sqlx::query(
        "select email, email_frequency, email_muted_kinds from person where person_id = $1",
    )
    .bind(person_id)
    .fetch_one(db)
    .await?;
    Ok(EmailPreferences {
        email: row.try_get("email")?,
        frequency: frequency(&row)?,
        muted: muted_kinds(&row)?,
        email_configured,
    })
}

pub async fn set_email_preferences(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    frequency: EmailFrequency,
    muted: &[NotificationKind],
) -> Result<(), sqlx::Error> {
    let muted: Vec<&str> = muted.iter().map(|kind| kind.as_str()).collect();
    sqlx::query(
        "update person set email_frequency = $1, email_muted_kinds = $2 where person_id = $3",
    )
    .bind(frequency.as_str())
    .bind(muted.join(","))
    .bind(person_id)
    .execute(db)
    .await
    .map(|_| ())
}

/// The person's unsubscribe token, made on first use.
pub async fn unsubscribe_token(
    db: &mut AnyConnection,
    person_id: i64,
    fresh_token: &str,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "update person set unsubscribe_token = $1 \
         where person_id = $2 and unsubscribe_token is null",
    )
    .bind(fresh_token)
    .bind(person_id)
    .execute(&mut *db)
    .await?;
    sqlx::query("select unsubscribe_token from person where person_id = $1")
        .bind(person_id)
        .fetch_one(&mut *db)
        .await?
        .try_get("unsubscribe_token")
}

/// Stops all email to the token's owner; returns their address, or `None` for an unknown token.
pub async fn unsubscribe(
    db: impl AnyExecutor<'_>,
    token: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query(
        "update person set email_frequency = 'never' where unsubscribe_token = $1 returning email",
    )
    .bind(token)
    .fetch_optional(db)
    .await?
    .map(|row| row.try_get("email"))
    .transpose()
}

/// A notification not yet mailed, with what decides whether and how it is mailed.
pub struct PendingEmail {
    pub notification: Notification,
    pub person_id: i64,
    pub email: String,
    pub display_name: String,
    pub frequency: EmailFrequency,
    pub muted: Vec<NotificationKind>,
    pub active: bool,
    /// The language the person chose, if any (`en`, `es`, `nl`).
    pub language: Option<String>,
}

/// Notifications waiting for email, oldest first. People on the daily digest appear only once
/// their digest is due (a day after the last one).
pub async fn pending_emails(
    db: impl AnyExecutor<'_>,
    now: i64,
    day_ms: i64,
    limit: i64,
) -> Result<Vec<PendingEmail>, sqlx::Error> {
    sqlx::query(concat!(
        "select ",
        notification_columns!(),
        ", p.person_id, p.email, p.display_name, p.email_frequency, p.email_muted_kinds, \
         p.deactivated_at, p.language ",
        notification_joins!(),
        " join person p on p.person_id = n.person_id \
         where n.emailed_at is null and (p.email_frequency <> 'daily' \
         or p.digest_sent_at is null or p.digest_sent_at <= $1) \
         order by n.notification_id limit $2",
    ))
    .bind(now - day_ms)
    .bind(limit)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(PendingEmail {
            notification: notifications::from_row(row)?,
            person_id: row.try_get("person_id")?,
            email: row.try_get("email")?,
            display_name: row.try_get("display_name")?,
            frequency: frequency(row)?,
            muted: muted_kinds(row)?,
            active: row.try_get::<Option<i64>, _>("deactivated_at")?.is_none(),
            language: row.try_get("language")?,
        })
    })
    .collect()
}

/// Claims notifications for mailing (or skipping) and returns those this call claimed. Two
/// processes may read the same pending rows; each row is claimed, and so sent, by one only.
pub async fn claim_emails(
    db: &mut AnyConnection,
    notification_ids: &[i64],
    now: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut claimed = Vec::with_capacity(notification_ids.len());
    for &id in notification_ids {
        let changed = sqlx::query(
            "update notification set emailed_at = $1 \
             where notification_id = $2 and emailed_at is null",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *db)
        .await?
        .rows_affected();
        if changed == 1 {
            claimed.push(id);
        }
    }
    Ok(claimed)
}

/// Gives claimed notifications back after the mail server refused them, to try again.
pub async fn release_emails(
    db: &mut AnyConnection,
    notification_ids: &[i64],
) -> Result<(), sqlx::Error> {
    for id in notification_ids {
        sqlx::query("update notification set emailed_at = null where notification_id = $1")
            .bind(id)
            .execute(&mut *db)
            .await?;
    }
    Ok(())
}

pub async fn digest_sent(
    db: impl AnyExecutor<'_>,
    person_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update person set digest_sent_at = $1 where person_id = $2")
        .bind(now)
        .bind(person_id)
        .execute(db)
        .await
        .map(|_| ())
}

fn webhook_format(row: &AnyRow) -> Result<WebhookFormat, sqlx::Error> {
    let value: String = row.try_get("format")?;
    WebhookFormat::parse(&value).ok_or_else(|| decode_error("format", &value))
}

pub async fn webhooks(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
) -> Result<Vec<Webhook>, sqlx::Error> {
    sqlx::query(
        "select webhook_id, url, format, created_at from webhook \
         where challenge_id = $1 order by webhook_id",
    )
    .bind(challenge_id)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(Webhook {
            webhook_id: row.try_get("webhook_id")?,
            url: row.try_get("url")?,
            format: webhook_format(row)?,
            created_at: row.try_get("created_at")?,
        })
    })
    .collect()
}

pub async fn add_webhook(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    url: &str,
    format: WebhookFormat,
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into webhook (challenge_id, url, format, created_by, created_at) \
         values ($1, $2, $3, $4, $5)",
    )
    .bind(challenge_id)
    .bind(url)
    .bind(format.as_str())
    .bind(by)
    .bind(now)
    .execute(db)
    .await
    .map(|_| ())
}

/// Returns whether the webhook existed on that challenge.
pub async fn remove_webhook(
    db: impl AnyExecutor<'_>,
    challenge_id: i64,
    webhook_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("delete from webhook where webhook_id = $1 and challenge_id = $2")
            .bind(webhook_id)
            .bind(challenge_id)
            .execute(db)
            .await?
            .rows_affected()
            == 1,
    )
}

/// Queues one message to every webhook of the challenge, in the format each one reads.
pub async fn enqueue(
    db: &mut AnyConnection,
    challenge_id: i64,
    event: &str,
    slack_payload: &str,
    teams_payload: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into webhook_delivery (webhook_id, event, payload, created_at, next_attempt_at) \
         select webhook_id, $1, case format when 'teams' then $2 else $3 end, $4, $4 \
         from webhook where challenge_id = $5",
    )
    .bind(event)
    .bind(teams_payload)
    .bind(slack_payload)
    .bind(now)
    .bind(challenge_id)
    .execute(db)
    .await
    .map(|_| ())
}

/// A message whose (next) attempt is due.
pub struct DueDelivery {
    pub delivery_id: i64,
    pub url: String,
    pub payload: String,
    pub attempts: i64,
}

pub async fn due_deliveries(
    db: impl AnyExecutor<'_>,
    now: i64,
    limit: i64,
) -> Result<Vec<DueDelivery>, sqlx::Error> {
    sqlx::query(
        "select d.delivery_id, w.url, d.payload, d.attempts from webhook_delivery d \
         join webhook w on w.webhook_id = d.webhook_id \
         where d.next_attempt_at is not null and d.next_attempt_at <= $1 \
         order by d.next_attempt_at, d.delivery_id limit $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        Ok(DueDelivery {
            delivery_id: row.try_get("delivery_id")?,
            url: row.try_get("url")?,
            payload: row.try_get("payload")?,
            attempts: row.try_get("attempts")?,
        })
    })
    .collect()
}

/// Takes a due delivery for one attempt, pushing its next attempt to `lease_until` in case this
/// process dies mid-request; false when another process took it first.
pub async fn claim_delivery(
    db: impl AnyExecutor<'_>,
    delivery: &DueDelivery,
    lease_until: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "update webhook_delivery set attempts = attempts + 1, next_attempt_at = $1 \
         where delivery_id = $2 and attempts = $3 and next_attempt_at is not null",
    )
    .bind(lease_until)
    .bind(delivery.delivery_id)
    .bind(delivery.attempts)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

pub async fn delivered(
    db: impl AnyExecutor<'_>,
    delivery_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update webhook_delivery set delivered_at = $1, next_attempt_at = null, last_error = null \
         where delivery_id = $2",
    )
    .bind(now)
    .bind(delivery_id)
    .execute(db)
    .await
    .map(|_| ())
}

/// Records a failed attempt; `retry_at` is `None` when there will be no more.
pub async fn delivery_failed(
    db: impl AnyExecutor<'_>,
    delivery_id: i64,
    error: &str,
    retry_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update webhook_delivery set last_error = $1, next_attempt_at = $2 where delivery_id = $3",
    )
    .bind(error)
    .bind(retry_at)
    .bind(delivery_id)
    .execute(db)
    .await
    .map(|_| ())
}

/// An admin sends a message again that was given up on: it starts over with fresh retries.
pub async fn retry_delivery(
    db: impl AnyExecutor<'_>,
    delivery_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "update webhook_delivery set attempts = 0, next_attempt_at = $1 \
         where delivery_id = $2 and delivered_at is null and next_attempt_at is null",
    )
    .bind(now)
    .bind(delivery_id)
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// The latest webhook messages of every challenge, newest first, for admins.
pub async fn recent_deliveries(
    db: impl AnyExecutor<'_>,
    limit: i64,
) -> Result<Vec<WebhookDelivery>, sqlx::Error> {
    sqlx::query(
        "select d.delivery_id, w.challenge_id, c.title, w.url, d.event, d.attempts, \
         d.last_error, d.next_attempt_at, d.delivered_at, d.created_at \
         from webhook_delivery d join webhook w on w.webhook_id = d.webhook_id \
         join challenge c on c.challenge_id = w.challenge_id \
         order by d.delivery_id desc limit $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await?
    .iter()
    .map(|row| {
        let next_attempt_at: Option<i64> = row.try_get("next_attempt_at")?;
        let delivered_at: Option<i64> = row.try_get("delivered_at")?;
        Ok(WebhookDelivery {
            delivery_id: row.try_get("delivery_id")?,
            challenge_id: row.try_get("challenge_id")?,
            challenge_title: row.try_get("title")?,
            url: row.try_get("url")?,
            event: row.try_get("event")?,
            state: match (delivered_at, next_attempt_at) {
                (Some(_), _) => DeliveryState::Delivered,
                (None, Some(_)) => DeliveryState::Waiting,
                (None, None) => DeliveryState::GaveUp,
            },
            attempts: row.try_get("attempts")?,
            last_error: row.try_get("last_error")?,
            next_attempt_at,
            created_at: row.try_get("created_at")?,
        })
    })
    .collect()
}
