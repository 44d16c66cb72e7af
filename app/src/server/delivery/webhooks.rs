//! Team-chat incoming webhooks: a challenge's messages are queued in the database and posted
//! by the delivery round, with retries that back off; admins see what failed.

use std::time::Duration;

use serde_json::json;
use sqlx::AnyConnection;

use crate::{
    error::AppError,
    i18n::td_string,
    locale::current_locale,
    model::WebhookFormat,
    server::db::{
        challenges::Announced,
        delivery::{self, DueDelivery},
        Db,
    },
};

/// After this many failed attempts a message is given up (about an hour with the default
/// back-off); an admin can send it again.
pub const MAX_ATTEMPTS: i64 = 8;
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// How long one attempt may take before it counts as failed.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Longer than any chat's webhook address; stops a pasted document being stored as one.
const MAX_URL_CHARS: usize = 2_000;
/// Messages sent per round; the rest wait for the next one.
const PER_ROUND: i64 = 50;

/// What a team chat hears about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatEvent {
    Opened,
    ClosingSoon,
    SynthesisPublished,
}

impl ChatEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Opened => "opened",
            Self::ClosingSoon => "closing_soon",
            Self::SynthesisPublished => "synthesis_published",
        }
    }

    /// A headline, a sentence and where to go.
    fn message(self, base_url: &str, challenge: &Announced) -> (String, String, String) {
        let link = format!("{base_url}/challenges/{}", challenge.challenge_id);
        let title = &challenge.title;
        match self {
            Self::Opened => (
                format!("\u{201c}{title}\u{201d} is open"),
                format!("{} Share your ideas and vote.", challenge.question),
                link,
            ),
            Self::ClosingSoon => (
                format!("\u{201c}{title}\u{201d} closes within 24 hours"),
                "Last chance to add ideas and votes.".to_owned(),
                link,
            ),
            Self::SynthesisPublished => (
                format!("The synthesis of \u{201c}{title}\u{201d} is out"),
                "See what came of everyone's ideas.".to_owned(),
                format!("{link}/synthesis"),
            ),
        }
    }
}

/// The JSON each chat's incoming webhook takes: Slack (and Mattermost, Rocket.Chat) read
/// `text`; Microsoft Teams reads a message card with a button.
pub fn payload(format: WebhookFormat, headline: &str, sentence: &str, link: &str) -> String {
    match format {
        WebhookFormat::Slack => json!({ "text": format!("*{headline}*\n{sentence}\n{link}") }),
        WebhookFormat::Teams => json!({
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "summary": headline,
            "title": headline,
            "text": sentence,
            "potentialAction": [{
                "@type": "OpenUri",
                "name": "Open in Chorus",
                "targets": [{ "os": "default", "uri": link }],
            }],
        }),
    }
    .to_string()
}

/// Queues the event for every webhook of the challenge (none: nothing happens).
pub async fn enqueue(
    tx: &mut AnyConnection,
    base_url: &str,
    event: ChatEvent,
    challenge: &Announced,
    now: i64,
) -> Result<(), sqlx::Error> {
    let (headline, sentence, link) = event.message(base_url, challenge);
    delivery::enqueue(
        tx,
        challenge.challenge_id,
        event.as_str(),
        &payload(WebhookFormat::Slack, &headline, &sentence, &link),
        &payload(WebhookFormat::Teams, &headline, &sentence, &link),
        now,
    )
    .await
}

/// Checks an address a leader gives: https, or http to this machine only (for trying it out).
pub fn check_url(url: &str) -> Result<String, AppError> {
    let url = url.trim();
    if url.chars().count() > MAX_URL_CHARS {
        return Err(AppError::invalid(
            td_string!(
                current_locale(),
                errors.webhook_url_too_long,
                max = MAX_URL_CHARS
            )
            .to_string(),
        ));
    }
    let parsed = reqwest::Url::parse(url).map_err(|_| {
        AppError::invalid(td_string!(current_locale(), errors.webhook_url_unreadable))
    })?;
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match parsed.scheme() {
        "https" => Ok(url.to_owned()),
        "http" if loopback => Ok(url.to_owned()),
        _ => Err(AppError::invalid(td_string!(
            current_locale(),
            errors.webhook_url_https
        ))),
    }
}

/// Posts due messages and schedules retries.
pub struct WebhookClient {
    http: reqwest::Client,
    /// The wait after the first failure; it doubles after each further one.
    first_retry: Duration,
}

impl WebhookClient {
    pub fn new(first_retry: Duration) -> Result<Self, AppError> {
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .user_agent("Chorus")
            .build()
            .map_err(|error| crate::server::internal("webhook client", error))?;
        Ok(Self { http, first_retry })
    }

    /// When to try again after `attempts` failures, or `None` to give up.
    pub fn retry_at(&self, attempts: i64, now: i64) -> Option<i64> {
        (attempts < MAX_ATTEMPTS).then(|| {
            let doublings = u32::try_from(attempts.saturating_sub(1))
                .unwrap_or(0)
                .min(20);
            let wait = self
                .first_retry
                .saturating_mul(1 << doublings)
                .min(MAX_BACKOFF);
            now + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX / 2)
        })
    }

    /// Returns how many messages were delivered and how many attempts failed.
    pub async fn send_due(&self, db: &Db, now: i64) -> Result<(usize, usize), AppError> {
        let (mut delivered, mut failed) = (0, 0);
        for due in delivery::due_deliveries(db.reader(), now, PER_ROUND).await? {
            // Held for the attempt: if this process dies mid-request, it is retried later.
            let lease = now + 2 * i64::try_from(REQUEST_TIMEOUT.as_millis()).unwrap_or(0);
            if !delivery::claim_delivery(db.writer(), &due, lease).await? {
                continue;
            }
            match self.post(&due).await {
                Ok(()) => {
                    delivery::delivered(db.writer(), due.delivery_id, now).await?;
                    delivered += 1;
                }
                Err(error) => {
                    let retry_at = self.retry_at(due.attempts + 1, now);
                    tracing::warn!(delivery = due.delivery_id, %error, ?retry_at, "webhook failed");
                    delivery::delivery_failed(db.writer(), due.delivery_id, &error, retry_at)
                        .await?;
                    failed += 1;
                }
            }
        }
        Ok((delivered, failed))
    }

    async fn post(&self, due: &DueDelivery) -> Result<(), String> {
        let response = self
            .http
            .post(&due.url)
            .header("content-type", "application/json")
            .body(due.payload.clone())
            .send()
            .await
            .map_err(|error| format!("could not reach the webhook: {error}"))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let body = response.text().await.unwrap_or_default();
        let excerpt: String = body.chars().take(200).collect();
        Err(format!("the webhook answered {status}: {excerpt}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_doubling_up_to_an_hour_then_give_up() {
        let client = WebhookClient::new(Duration::from_secs(30)).unwrap();
        let waits: Vec<Option<i64>> = (1..=MAX_ATTEMPTS)
            .map(|attempts| client.retry_at(attempts, 0).map(|at| at / 1000))
            .collect();
        assert_eq!(
            waits,
            [
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(960),
                Some(1920),
                None
            ]
        );
        let slow = WebhookClient::new(Duration::from_secs(1800)).unwrap();
        assert_eq!(slow.retry_at(3, 0), Some(3_600_000), "capped at an hour");
    }

    #[test]
    fn teams_gets_a_message_card_and_slack_plain_text() {
        let teams: serde_json::Value = serde_json::from_str(&payload(
            WebhookFormat::Teams,
            "\u{201c}HR\u{201d} is open",
            "Share your ideas.",
            "https://chorus.example/challenges/1",
        ))
        .unwrap();
        assert_eq!(teams["@type"], "MessageCard");
        assert_eq!(teams["title"], "\u{201c}HR\u{201d} is open");
        assert_eq!(
            teams["potentialAction"][0]["targets"][0]["uri"],
            "https://chorus.example/challenges/1"
        );
        let slack: serde_json::Value =
            serde_json::from_str(&payload(WebhookFormat::Slack, "Open", "Go.", "https://x/1"))
                .unwrap();
        assert_eq!(slack["text"], "*Open*\nGo.\nhttps://x/1");
    }

    #[test]
    fn webhook_addresses_must_be_https_except_on_this_machine() {
        assert!(check_url(" https://hooks.slack.com/services/T/B/X ").is_ok());
        assert!(check_url("http://127.0.0.1:9000/hook").is_ok());
        for bad in [
            "http://chat.example/hook",
            "ftp://x/y",
            "hooks.slack.com/x",
            "",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}
