//! Email preferences and team-chat webhooks, as the pages show them.

use serde::{Deserialize, Serialize};

use super::NotificationKind;

/// How often a person gets email about their notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailFrequency {
    /// One email per notification, within a minute.
    Immediate,
    /// One email a day listing what happened.
    Daily,
    Never,
}

impl EmailFrequency {
    pub const ALL: [EmailFrequency; 3] = [Self::Immediate, Self::Daily, Self::Never];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::Daily => "daily",
            Self::Never => "never",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|frequency| frequency.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPreferences {
    pub email: String,
    pub frequency: EmailFrequency,
    /// Kinds of notification that are not mailed.
    pub muted: Vec<NotificationKind>,
    /// Whether this Chorus sends email at all (an SMTP server is configured).
    pub email_configured: bool,
}

/// Which team chat reads the payload: both take a JSON `text`, Teams as a message card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebhookFormat {
    Slack,
    Teams,
}

impl WebhookFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Slack => "slack",
            Self::Teams => "teams",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Slack, Self::Teams]
            .into_iter()
            .find(|format| format.as_str() == value)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    pub webhook_id: i64,
    pub url: String,
    pub format: WebhookFormat,
    pub created_at: i64,
}

/// Where one webhook message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    Waiting,
    Delivered,
    /// Every retry failed; an admin can send it again.
    GaveUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    pub delivery_id: i64,
    pub challenge_id: i64,
    pub challenge_title: String,
    pub url: String,
    pub event: String,
    pub state: DeliveryState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<i64>,
    pub created_at: i64,
}

/// The email preferences form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPreferencesInput {
    pub frequency: String,
    /// The kinds ticked to be mailed; the rest are muted.
    #[serde(default)]
    pub mailed: Vec<String>,
}
