//! A Chorus router on a fresh database, driven without a socket, with one person per role.

// Each test file uses its own subset of these helpers.
#![allow(dead_code)]

use app::{
    model::Role,
    server::{
        analytics::ActivityLog,
        auth,
        clock::{now_ms, DAY_MS},
        db::{
            self,
            people::PersonRecord,
            test_support::{fresh_db, TestDb},
        },
        live::Live,
        passwords, Settings,
    },
};
use axum::{body::Body, Router};
use http::{header, Request, Response, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const PASSWORD: &str = "a long enough password";
pub const ORIGIN: &str = "http://chorus.test";

pub struct TestApp {
    pub router: Router,
    pub test_db: TestDb,
    /// The router's activity recorder, to write what it noted without waiting.
    pub activity: ActivityLog,
    /// The router's live updates, to publish events directly.
    pub live: Live,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_settings(|_| {}).await
    }

    /// A router whose settings `change` adjusts first (e.g. password sign-in switched off).
    pub async fn with_settings(change: impl FnOnce(&mut Settings)) -> Self {
        let test_db = fresh_db().await;
        let mut settings = Settings {
            sso: None,
            password_sign_in: true,
            email_configured: false,
            base_url: ORIGIN.into(),
            secure_cookies: false,
            behind_proxy: false,
        };
        change(&mut settings);
        let options = server::leptos_options("target/site", "127.0.0.1:0".parse().unwrap());
        let state = server::app_state(options, test_db.db.clone(), settings)
            .await
            .unwrap();
        let hash = passwords::hash(PASSWORD.into()).await.unwrap();
        for role in Role::ALL {
            let record = PersonRecord {
                display_name: format!("{} Person", role.name(app::i18n::Locale::en)),
                email: email_of(role),
                role,
                department: "HR".into(),
                region: "EMEA".into(),
                manager_id: None,
            };
            let id = db::people::insert(test_db.db.writer(), &record, 0)
                .await
                .unwrap();
            db::people::set_password_hash(test_db.db.writer(), id, &hash, 0)
                .await
                .unwrap();
        }
        TestApp {
            activity: state.activity.clone(),
            live: state.live.clone(),
            router: server::router(state),
            test_db,
        }
    }

    pub fn db(&self) -> &db::Db {
        &self.test_db.db
    }

    /// The id of the test person with `role`.
    pub async fn person_id(&self, role: Role) -> i64 {
        db::people::id_by_email(self.db().reader(), &email_of(role))
            .await
            .unwrap()
            .unwrap()
    }

    /// A new signed-in session for the person with `role`; returns the `Cookie` header value.
    pub async fn session(&self, role: Role) -> String {
        let id = self.person_id(role).await;
        let token = auth::new_token();
        let now = now_ms();
        db::sessions::insert(
            self.db().writer(),
            &auth::token_hash(&token),
            id,
            now,
            now + DAY_MS,
        )
        .await
        .unwrap();
        format!("{}={token}", auth::SESSION_COOKIE)
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        answer(self.router.clone().oneshot(request).await.unwrap()).await
    }

    /// POSTs a form to a server function the way the WebAssembly client does.
    pub async fn call(&self, path: &str, form: &str, cookie: Option<&str>) -> Answer {
        self.call_with_headers(path, form, &cookie_header(cookie))
            .await
    }

    /// POSTs a form with extra request headers, e.g. `Accept-Language`.
    pub async fn call_with_headers(
        &self,
        path: &str,
        form: &str,
        headers: &[(&str, &str)],
    ) -> Answer {
        self.post(path, "application/x-www-form-urlencoded", form, headers)
            .await
    }

    /// POSTs JSON to a server function that takes JSON input.
    pub async fn call_json(&self, path: &str, json: &str, cookie: Option<&str>) -> Answer {
        self.post(path, "application/json", json, &cookie_header(cookie))
            .await
    }

    async fn post(
        &self,
        path: &str,
        content_type: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = Request::post(path)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, ORIGIN);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body.to_owned())).unwrap())
            .await
    }

    /// GETs a binary download (PNG, PDF), asserting it succeeded.
    pub async fn get_bytes(&self, path: &str, cookie: Option<&str>) -> Vec<u8> {
        let mut request = Request::get(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), http::StatusCode::OK, "GET {path}");
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec()
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Answer {
        let mut request = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }
}

pub fn email_of(role: Role) -> String {
    format!("{}@chorus.test", role.as_str())
}

async fn answer(response: Response<Body>) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn cookie_header(cookie: Option<&str>) -> Vec<(&str, &str)> {
    cookie
        .map(|cookie| (header::COOKIE.as_str(), cookie))
        .into_iter()
        .collect()
}

/// The whole `Set-Cookie` value a response sends for the cookie `name`, if it sends one.
pub fn set_cookie(answer: &Answer, name: &str) -> Option<String> {
    answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// The `name=value` part of the session cookie a response sets, if it sets one.
pub fn set_session_cookie(answer: &Answer) -> Option<String> {
    set_cookie(answer, auth::SESSION_COOKIE)
        .map(|value| value.split(';').next().unwrap_or_default().to_owned())
}
