//! Notifications by email over SMTP: one message per notification, or one daily digest, as
//! each person chose; every message carries a one-click unsubscribe (RFC 8058).

use std::collections::HashMap;

use lettre::{
    message::{
        header::{ContentType, HeaderName, HeaderValue},
        Mailbox,
    },
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

use crate::{
    error::AppError,
    i18n::{td_string, Locale},
    locale::parse_language,
    model::EmailFrequency,
    server::{
        auth::new_token,
        clock::DAY_MS,
        db::{
            delivery::{self, PendingEmail},
            Db,
        },
    },
};

/// Notifications read per round; more wait for the next round.
const PER_ROUND: i64 = 500;

/// How to reach the mail server, from the configuration.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// e.g. `smtp://user:password@mail.example.org:587?tls=required`, `smtps://…:465`.
    pub smtp_url: String,
    /// The sender, e.g. `Chorus <chorus@example.org>`.
    pub from: String,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// Checks the settings; the error names the setting to fix.
    pub fn new(settings: &MailSettings) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|error| format!("CHORUS_SMTP_URL: {error}"))?
            .build();
        let from = settings.from.parse().map_err(|error| {
            format!("CHORUS_MAIL_FROM: {error} (e.g. Chorus <chorus@example.org>)")
        })?;
        Ok(Self { transport, from })
    }

    async fn send(&self, message: Message) -> Result<(), String> {
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|error| error.to_string())
    }
}

/// One person's notifications in this round.
struct Recipient {
    person_id: i64,
    mailbox: Option<Mailbox>,
    frequency: EmailFrequency,
    /// The person's chosen language; English when they chose none (no browser to ask).
    locale: Locale,
    /// `(notification id, one line, link)`
    items: Vec<(i64, String, String)>,
    /// Notifications this person does not want mailed (or cannot be mailed).
    skipped: Vec<i64>,
}

fn recipients(pending: Vec<PendingEmail>, base_url: &str, mail_on: bool) -> Vec<Recipient> {
    let mut recipients: Vec<Recipient> = Vec::new();
    let mut index_of: HashMap<i64, usize> = HashMap::new();
    for row in pending {
        let index = match index_of.get(&row.person_id) {
            Some(&index) => index,
            None => {
                index_of.insert(row.person_id, recipients.len());
                recipients.push(Recipient {
                    person_id: row.person_id,
                    mailbox: row
                        .email
                        .parse()
                        .ok()
                        .map(|address| Mailbox::new(Some(row.display_name.clone()), address)),
                    frequency: row.frequency,
                    locale: row
                        .language
                        .as_deref()
                        .and_then(parse_language)
                        .unwrap_or_default(),
                    items: Vec::new(),
                    skipped: Vec::new(),
                });
                recipients.len() - 1
            }
        };
        let recipient = &mut recipients[index];
        let notification = &row.notification;
        let wanted = mail_on
            && row.active
            && recipient.mailbox.is_some()
            && row.frequency != EmailFrequency::Never
            && !row.muted.contains(&notification.kind);
        if wanted {
            recipient.items.push((
                notification.notification_id,
                notification.message(recipient.locale),
                format!("{base_url}{}", notification.href()),
            ));
        } else {
            recipient.skipped.push(notification.notification_id);
        }
    }
    recipients
}

/// Mails what is due: each notification to people who want them as they happen, a digest to
/// people whose daily digest is due. Returns how many emails went out.
pub async fn send_due(
    db: &Db,
    mailer: Option<&Mailer>,
    base_url: &str,
    now: i64,
) -> Result<usize, AppError> {
    let pending = delivery::pending_emails(db.reader(), now, DAY_MS, PER_ROUND).await?;
    let mut sent = 0;
    for recipient in recipients(pending, base_url, mailer.is_some()) {
        if !recipient.skipped.is_empty() {
            let mut tx = db.begin().await?;
            delivery::claim_emails(&mut tx, &recipient.skipped, now).await?;
            tx.commit().await?;
        }
        let (Some(mailer), Some(to)) = (mailer, recipient.mailbox.clone()) else {
            continue;
        };
        if recipient.items.is_empty() {
            continue;
        }
        let token = {
            let mut connection = db.writer().acquire().await?;
            delivery::unsubscribe_token(&mut connection, recipient.person_id, &new_token()).await?
        };
        let batches: Vec<Vec<(i64, String, String)>> = match recipient.frequency {
            EmailFrequency::Daily => vec![recipient.items],
            _ => recipient.items.into_iter().map(|item| vec![item]).collect(),
        };
        for batch in batches {
            let ids: Vec<i64> = batch.iter().map(|(id, _, _)| *id).collect();
            let mut tx = db.begin().await?;
            let claimed = delivery::claim_emails(&mut tx, &ids, now).await?;
            tx.commit().await?;
            // Another process may be mailing some of these: this one sends only what it claimed.
            let batch: Vec<_> = batch
                .into_iter()
                .filter(|(id, _, _)| claimed.contains(id))
                .collect();
            if batch.is_empty() {
                continue;
            }
            let message = compose(
                mailer,
                to.clone(),
                &batch,
                Letterhead {
                    base_url,
                    token: &token,
                    locale: recipient.locale,
                },
            )?;
            if let Err(error) = mailer.send(message).await {
                let mut tx = db.begin().await?;
                delivery::release_emails(&mut tx, &claimed).await?;
                tx.commit().await?;
                // The mail server is likely down for everyone: try again next round.
                return Err(AppError::Unavailable(format!(
                    "The mail server did not take the message: {error}"
                )));
            }
            if recipient.frequency == EmailFrequency::Daily {
                delivery::digest_sent(db.writer(), recipient.person_id, now).await?;
            }
            sent += 1;
        }
    }
    Ok(sent)
}

/// What every email of one person carries besides its news.
struct Letterhead<'a> {
    base_url: &'a str,
    /// The person's unsubscribe token.
    token: &'a str,
    locale: Locale,
}

/// One notification, or a digest of several, in the person's language.
fn compose(
    mailer: &Mailer,
    to: Mailbox,
    items: &[(i64, String, String)],
    Letterhead {
        base_url,
        token,
        locale,
    }: Letterhead,
) -> Result<Message, AppError> {
    let name = to.name.clone().unwrap_or_default();
    let (subject, lines) = match items {
        [(_, message, link)] => (
            message.clone(),
            format!(
                "{message}.\n\n{}\n",
                td_string!(locale, email.open_it, link)
            ),
        ),
        _ => (
            td_string!(locale, email.digest_subject, count = items.len()).to_string(),
            items
                .iter()
                .map(|(_, message, link)| format!("- {message}\n  {link}\n"))
                .collect::<String>(),
        ),
    };
    let settings = format!("{base_url}/account");
    let unsubscribe = format!("{base_url}/unsubscribe/{token}");
    let body = format!(
        "{}\n\n{lines}\n-- \n{}\n{}\n",
        td_string!(locale, email.hello, name),
        td_string!(locale, email.why_you_get_this, link = settings),
        td_string!(locale, email.unsubscribe_all, link = unsubscribe),
    );
    Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{base_url}/api/unsubscribe/{token}>"),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_owned(),
        ))
        .body(body)
        .map_err(|error| crate::server::internal("composing an email", error))
}

/// `POST /api/unsubscribe/{token}`: the one-click unsubscribe of RFC 8058, which mail programs
/// send on the person's behalf from the `List-Unsubscribe` header. The link in the email's
/// text opens a page with a button instead, so link scanners cannot unsubscribe anyone.
pub async fn one_click_unsubscribe(
    axum::extract::State(state): axum::extract::State<crate::server::AppState>,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::{http::StatusCode, response::IntoResponse};
    match delivery::unsubscribe(state.db.writer(), &token).await {
        Ok(Some(email)) => (
            StatusCode::OK,
            format!("Unsubscribed: Chorus sends no more email to {email}."),
        )
            .into_response(),
        Ok(None) => AppError::not_found(td_string!(Locale::en, errors.unknown_unsubscribe_link))
            .into_response(),
        Err(error) => AppError::from(error).into_response(),
    }
}
