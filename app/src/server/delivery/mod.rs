//! Tells people where they already read: email for their notifications (each as it happens or
//! a daily digest), and team chats (incoming webhooks) when a challenge opens, is about to
//! close, or has its synthesis published.
//!
//! One background task per process does a [`round`] every few seconds. Each step claims its
//! rows before sending, so several processes on one PostgreSQL never send a message twice, and
//! a person's action never waits for a mail server or a chat.

pub mod email;
pub mod webhooks;

use std::time::Duration;

use super::{
    clock::{now_ms, DAY_MS},
    db::{
        challenges::{self, Milestone},
        Db,
    },
};
use crate::error::AppError;
pub use email::{MailSettings, Mailer};
pub use webhooks::{ChatEvent, WebhookClient};

/// What a round did, for the log and the tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub challenges_announced: usize,
    pub emails_sent: usize,
    pub webhooks_delivered: usize,
    pub webhooks_failed: usize,
}

/// Everything a round needs besides the database.
pub struct Deliverer {
    pub base_url: String,
    /// `None`: this Chorus sends no email (no SMTP server configured).
    pub mailer: Option<Mailer>,
    pub webhooks: WebhookClient,
}

impl Deliverer {
    /// Runs a round every `every`, for as long as the process runs.
    pub fn start(self, db: Db, every: Duration) {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                match self.round(&db, now_ms()).await {
                    Ok(round) if round != Round::default() => tracing::info!(?round, "delivered"),
                    Ok(_) => {}
                    Err(error) => tracing::warn!(%error, "delivery round failed; retrying later"),
                }
            }
        });
    }

    /// Announces milestones reached by `now`, mails what is due and sends due webhook messages.
    pub async fn round(&self, db: &Db, now: i64) -> Result<Round, AppError> {
        let challenges_announced = self.announce_milestones(db, now).await?;
        // A mail server that is down must not hold up the chats, nor the other way round.
        let emails = email::send_due(db, self.mailer.as_ref(), &self.base_url, now).await;
        let webhooks = self.webhooks.send_due(db, now).await;
        let emails_sent = emails?;
        let (webhooks_delivered, webhooks_failed) = webhooks?;
        Ok(Round {
            challenges_announced,
            emails_sent,
            webhooks_delivered,
            webhooks_failed,
        })
    }

    /// Opened and closing within a day: the audience's notifications (and so their email) and
    /// the challenge's team chats, in one transaction.
    async fn announce_milestones(&self, db: &Db, now: i64) -> Result<usize, AppError> {
        let mut tx = db.begin().await?;
        let mut announced = 0;
        for (milestone, event) in [
            (Milestone::Opened, ChatEvent::Opened),
            (Milestone::ClosingWithin(DAY_MS), ChatEvent::ClosingSoon),
        ] {
            for challenge in challenges::announce_due(&mut tx, milestone, now).await? {
                webhooks::enqueue(&mut tx, &self.base_url, event, &challenge, now).await?;
                announced += 1;
            }
        }
        tx.commit().await?;
        Ok(announced)
    }
}
