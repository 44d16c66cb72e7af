//! Email and team-chat delivery against real peers on loopback: aiosmtpd (a standards SMTP
//! server, from PyPI) storing what it receives in a Maildir, and an HTTP server standing in
//! for a chat's incoming webhook that refuses the first message.

mod common;

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command},
    sync::{Arc, Mutex},
    time::Duration,
};

use app::{
    model::{DeliveryState, EmailFrequency, NotificationKind, Role, VotingRule},
    server::{
        clock::{now_ms, DAY_MS},
        db::{self, test_support},
        delivery::{webhooks, Deliverer, MailSettings, Mailer, Round, WebhookClient},
    },
};
use axum::{body::Body, extract::State, http::StatusCode, routing::post, Router};
use common::{email_of, TestApp, ORIGIN};
use http::Request;

/// aiosmtpd on a free loopback port, writing each message to a Maildir.
struct SmtpServer {
    process: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpServer {
    async fn start() -> Self {
        let port = free_port();
        let maildir =
            std::env::temp_dir().join(format!("chorus-mail-{}-{port}", std::process::id()));
        // Owned by the server value at once: dropping it stops the process on every path.
        let server = Self {
            process: Command::new("python3")
                .args(["-m", "aiosmtpd", "-n", "-l"])
                .arg(format!("127.0.0.1:{port}"))
                .args(["-c", "aiosmtpd.handlers.Mailbox"])
                .arg(&maildir)
                .spawn()
                .expect("python3 -m aiosmtpd (make tools-test installs it)"),
            port,
            maildir,
        };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("aiosmtpd did not start on port {port}");
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, parsed.
    fn messages(&self) -> Vec<Mail> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        entries
            .map(|entry| Mail::read(&entry.unwrap().path()))
            .collect()
    }

    fn messages_to(&self, address: &str) -> Vec<Mail> {
        self.messages()
            .into_iter()
            .filter(|mail| mail.to == address)
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

struct Mail {
    to: String,
    subject: String,
    body: String,
    list_unsubscribe: String,
    one_click: String,
}

impl Mail {
    fn read(path: &Path) -> Self {
        let raw = std::fs::read(path).unwrap();
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        let header = |name: &str| {
            message
                .header_raw(name)
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        Mail {
            to: message
                .to()
                .and_then(|to| to.first())
                .and_then(|to| to.address())
                .unwrap_or_default()
                .to_owned(),
            subject: message.subject().unwrap_or_default().to_owned(),
            body: message.body_text(0).unwrap_or_default().into_owned(),
            list_unsubscribe: header("List-Unsubscribe"),
            one_click: header("List-Unsubscribe-Post"),
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An incoming webhook that answers 500 to the first `failures` posts, then 200.
#[derive(Clone, Default)]
struct ChatServer {
    received: Arc<Mutex<Vec<String>>>,
    failures: Arc<Mutex<usize>>,
}

impl ChatServer {
    async fn start(failures: usize) -> (Self, String) {
        let chat = ChatServer {
            failures: Arc::new(Mutex::new(failures)),
            ..ChatServer::default()
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks/chorus", listener.local_addr().unwrap());
        let router = Router::new()
            .route("/hooks/chorus", post(Self::receive))
            .with_state(chat.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        (chat, url)
    }

    async fn receive(State(chat): State<ChatServer>, body: String) -> (StatusCode, &'static str) {
        chat.received.lock().unwrap().push(body);
        let mut failures = chat.failures.lock().unwrap();
        if *failures > 0 {
            *failures -= 1;
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "chat is having a bad day",
            )
        } else {
            (StatusCode::OK, "ok")
        }
    }

    fn received(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }
}

const FIRST_RETRY: Duration = Duration::from_millis(500);

fn deliverer(smtp_url: &str) -> Deliverer {
    Deliverer {
        base_url: ORIGIN.into(),
        mailer: Some(
            Mailer::new(&MailSettings {
                smtp_url: smtp_url.into(),
                from: "Chorus <chorus@chorus.test>".into(),
            })
            .unwrap(),
        ),
        webhooks: WebhookClient::new(FIRST_RETRY).unwrap(),
    }
}

async fn save_preferences(app: &TestApp, role: Role, form: &str) {
    let cookie = app.session(role).await;
    let answer = app
        .call("/api/email/preferences/save", form, Some(&cookie))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

#[tokio::test]
async fn notifications_reach_the_mail_server_and_team_chats_with_retries() {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let smtp = SmtpServer::start().await;
    let (chat, hook_url) = ChatServer::start(1).await;
    let app = TestApp::new().await;
    let db = app.db();
    let now = now_ms();

    // The member keeps the default (each as it happens); the moderator wants a daily digest;
    // the leader no email; the admin everything but invitations.
    let everything: String = NotificationKind::ALL
        .iter()
        .enumerate()
        .map(|(index, kind)| format!("&prefs[mailed][{index}]={}", kind.as_str()))
        .collect();
    save_preferences(
        &app,
        Role::Moderator,
        &format!("prefs[frequency]=daily{everything}"),
    )
    .await;
    save_preferences(&app, Role::Leader, "prefs[frequency]=never").await;
    save_preferences(
        &app,
        Role::Admin,
        "prefs[frequency]=immediate&prefs[mailed][0]=comment",
    )
    .await;
    let refused = app
        .call(
            "/api/email/preferences/save",
            "prefs[frequency]=hourly",
            Some(&app.session(Role::Member).await),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Choose how often"),
        "{}",
        refused.body
    );
    let unknown_kind = app
        .call(
            "/api/email/preferences/save",
            "prefs[frequency]=daily&prefs[mailed][0]=gossip",
            Some(&app.session(Role::Member).await),
        )
        .await;
    assert_eq!(unknown_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown_kind.body.contains("no kind of email called"),
        "{}",
        unknown_kind.body
    );

    let challenge =
        test_support::challenge(db, VotingRule::OnePerIdea, now + 1_000, now + 30 * DAY_MS).await;
    let leader = app.session(Role::Leader).await;
    let bad_hook = app
        .call(
            "/api/webhooks/add",
            &format!("challenge_id={challenge}&url=ftp://chat.example/hook&format=slack"),
            Some(&leader),
        )
        .await;
    assert_eq!(bad_hook.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_hook.body.contains("https://"), "{}", bad_hook.body);
    let member_hook = app
        .call(
            "/api/webhooks/add",
            &format!("challenge_id={challenge}&url={hook_url}&format=slack"),
            Some(&app.session(Role::Member).await),
        )
        .await;
    assert_eq!(member_hook.status, StatusCode::FORBIDDEN);
    let added = app
        .call(
            "/api/webhooks/add",
            &format!("challenge_id={challenge}&url={hook_url}&format=slack"),
            Some(&leader),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);

    // The mail server is down when the challenge opens: nothing is lost, it goes out later.
    let down = deliverer(&format!("smtp://127.0.0.1:{}", free_port()));
    assert!(down.round(db, now + 1_000).await.is_err());
    assert!(smtp.messages().is_empty());

    let up = deliverer(&smtp.url());
    let round = up.round(db, now + 1_000).await.unwrap();
    assert_eq!(
        round.challenges_announced, 0,
        "announced by the first round"
    );
    let invited = |address: &str| {
        smtp.messages_to(address)
            .iter()
            .filter(|mail| mail.subject.contains("\u{201c}HR in 2030\u{201d} is open"))
            .count()
    };
    assert_eq!(invited(&email_of(Role::Member)), 1);
    assert_eq!(
        invited(&email_of(Role::Moderator)),
        1,
        "the first digest is due at once"
    );
    assert_eq!(invited(&email_of(Role::Leader)), 0, "never");
    assert_eq!(invited(&email_of(Role::Admin)), 0, "invitations muted");

    let invitation = smtp.messages_to(&email_of(Role::Member)).remove(0);
    assert!(invitation
        .body
        .contains(&format!("{ORIGIN}/challenges/{challenge}")));
    assert_eq!(invitation.one_click, "List-Unsubscribe=One-Click");
    let token = invitation
        .list_unsubscribe
        .trim_matches(['<', '>'])
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    assert!(invitation.body.contains(&format!("/unsubscribe/{token}")));

    // The chat refused the first attempt (the down round) and got it on the retry.
    assert_eq!(chat.received().len(), 1);
    let admin = app.session(Role::Admin).await;
    let deliveries = app.call("/api/webhooks/deliveries", "", Some(&admin)).await;
    assert!(deliveries.body.contains("500"), "{}", deliveries.body);
    let seen = db::delivery::recent_deliveries(db.reader(), 10)
        .await
        .unwrap();
    assert_eq!(seen[0].state, DeliveryState::Waiting);
    assert!(seen[0].next_attempt_at.unwrap() >= now + 1_000 + FIRST_RETRY.as_millis() as i64);
    assert_eq!(
        app.call("/api/webhooks/deliveries", "", Some(&leader))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let round = up.round(db, now + 2_000).await.unwrap();
    assert_eq!(round.webhooks_delivered, 1);
    let received = chat.received();
    let payload: serde_json::Value = serde_json::from_str(&received[1]).unwrap();
    let text = payload["text"].as_str().unwrap();
    assert!(
        text.contains("\u{201c}HR in 2030\u{201d} is open"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{ORIGIN}/challenges/{challenge}")),
        "{text}"
    );
    let seen = db::delivery::recent_deliveries(db.reader(), 10)
        .await
        .unwrap();
    assert_eq!(
        (seen[0].state, seen[0].attempts),
        (DeliveryState::Delivered, 2)
    );

    // Two comments for the daily reader: nothing until a day after the last digest, then one.
    let moderator = app.person_id(Role::Moderator).await;
    for at in [now + 3_000, now + 4_000] {
        db::notifications::insert(
            db.writer(),
            moderator,
            NotificationKind::Comment,
            challenge,
            None,
            None,
            at,
        )
        .await
        .unwrap();
    }
    up.round(db, now + 5_000).await.unwrap();
    assert_eq!(smtp.messages_to(&email_of(Role::Moderator)).len(), 1);
    let round = up.round(db, now + 1_000 + DAY_MS).await.unwrap();
    assert_eq!(round.emails_sent, 1);
    let digests: Vec<Mail> = smtp
        .messages_to(&email_of(Role::Moderator))
        .into_iter()
        .filter(|mail| mail.subject == "Your Chorus digest: 2 updates")
        .collect();
    assert_eq!(digests.len(), 1);
    assert_eq!(digests[0].body.matches("commented on").count(), 2);
    assert_eq!(
        up.round(db, now + 2 * DAY_MS).await.unwrap(),
        Round::default()
    );

    // One click in the mail program unsubscribes; an unknown token is refused.
    let unsubscribe = |token: &str| {
        Request::post(format!("/api/unsubscribe/{token}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("List-Unsubscribe=One-Click"))
            .unwrap()
    };
    let answer = app.send(unsubscribe(&token)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let member = app.person_id(Role::Member).await;
    let preferences = db::delivery::email_preferences(db.reader(), member, true)
        .await
        .unwrap();
    assert_eq!(preferences.frequency, EmailFrequency::Never);
    assert_eq!(
        app.send(unsubscribe("not-a-token")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_chat_that_keeps_failing_is_given_up_and_an_admin_sends_it_again() {
    let (chat, hook_url) = ChatServer::start(usize::MAX).await;
    let app = TestApp::new().await;
    let db = app.db();
    let now = now_ms();
    // Already open and closing within the day: both announcements are due at once.
    let challenge =
        test_support::challenge(db, VotingRule::OnePerIdea, now - 1_000, now + DAY_MS / 2).await;
    let leader = app.session(Role::Leader).await;
    let added = app
        .call(
            "/api/webhooks/add",
            &format!("challenge_id={challenge}&url={hook_url}&format=teams"),
            Some(&leader),
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let deliverer = Deliverer {
        base_url: ORIGIN.into(),
        mailer: None,
        webhooks: WebhookClient::new(FIRST_RETRY).unwrap(),
    };

    let first = deliverer.round(db, now).await.unwrap();
    assert_eq!((first.challenges_announced, first.webhooks_failed), (2, 2));
    // Every later round is an hour on: each message is tried once per round, up to the limit.
    let mut at = now;
    for _ in 1..webhooks::MAX_ATTEMPTS {
        at += 3_600_000;
        assert_eq!(deliverer.round(db, at).await.unwrap().webhooks_failed, 2);
    }
    assert_eq!(
        deliverer.round(db, at + 3_600_000).await.unwrap(),
        Round::default()
    );
    let seen = db::delivery::recent_deliveries(db.reader(), 10)
        .await
        .unwrap();
    assert_eq!(seen.len(), 2);
    for delivery in &seen {
        assert_eq!(delivery.state, DeliveryState::GaveUp);
        assert_eq!(delivery.attempts, webhooks::MAX_ATTEMPTS);
        assert!(delivery.last_error.as_deref().unwrap().contains("500"));
    }
    assert_eq!(chat.received().len(), 2 * webhooks::MAX_ATTEMPTS as usize);

    // The chat works again; an admin sends the closing message once more.
    *chat.failures.lock().unwrap() = 0;
    let closing = seen.iter().find(|d| d.event == "closing_soon").unwrap();
    let admin = app.session(Role::Admin).await;
    let retry = format!("delivery_id={}", closing.delivery_id);
    let answer = app.call("/api/webhooks/retry", &retry, Some(&admin)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let again = app.call("/api/webhooks/retry", &retry, Some(&admin)).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let round = deliverer.round(db, now_ms()).await.unwrap();
    assert_eq!(round.webhooks_delivered, 1);
    let card: serde_json::Value = serde_json::from_str(chat.received().last().unwrap()).unwrap();
    assert_eq!(card["@type"], "MessageCard");
    assert_eq!(
        card["title"],
        "\u{201c}HR in 2030\u{201d} closes within 24 hours"
    );
}

#[tokio::test]
async fn each_person_is_emailed_in_the_language_they_chose() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::new().await;
    let db = app.db();
    let now = now_ms();
    for (role, language) in [(Role::Member, "nl"), (Role::Leader, "es")] {
        let answer = app
            .call(
                "/api/language/save",
                &format!("language={language}"),
                Some(&app.session(role).await),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    }
    test_support::challenge(db, VotingRule::OnePerIdea, now + 1_000, now + 30 * DAY_MS).await;
    deliverer(&smtp.url()).round(db, now + 1_000).await.unwrap();

    let invitation = |role: Role| {
        let mut mails = smtp.messages_to(&email_of(role));
        assert_eq!(mails.len(), 1, "one invitation for {role:?}");
        mails.remove(0)
    };
    let dutch = invitation(Role::Member);
    assert_eq!(
        dutch.subject,
        "\u{201e}HR in 2030\u{201d} is open: we horen graag je idee\u{eb}n en stemmen"
    );
    assert!(dutch.body.starts_with("Hallo "), "{}", dutch.body);
    assert!(
        dutch.body.contains("Afmelden voor alle e-mail"),
        "{}",
        dutch.body
    );
    let spanish = invitation(Role::Leader);
    assert!(
        spanish
            .subject
            .contains("\u{ab}HR in 2030\u{bb} est\u{e1} abierto"),
        "{}",
        spanish.subject
    );
    assert!(spanish.body.starts_with("Hola, "), "{}", spanish.body);
    // No choice: English, whatever anyone else chose.
    let english = invitation(Role::Admin);
    assert!(
        english
            .subject
            .contains("\u{201c}HR in 2030\u{201d} is open"),
        "{}",
        english.subject
    );
    assert!(english.body.starts_with("Hello "), "{}", english.body);
}
