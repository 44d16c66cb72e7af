//! Signing in and out over HTTP: cookies, sessions, errors, and cross-site refusal.

mod common;

use app::{locale::LANGUAGE_COOKIE, model::Role, server::clock::now_ms};
use axum::body::Body;
use common::{email_of, set_cookie, set_session_cookie, TestApp, ORIGIN, PASSWORD};
use http::{header, Request, StatusCode};

fn credentials(role: Role, password: &str) -> String {
    format!(
        "email={}&password={}",
        email_of(role).replace('@', "%40"),
        password.replace(' ', "+")
    )
}

#[tokio::test]
async fn signing_in_sets_a_fresh_http_only_lax_session_cookie() {
    let app = TestApp::new().await;
    let old = app.session(Role::Member).await;
    let answer = app
        .call(
            "/api/sign_in",
            &credentials(Role::Member, PASSWORD),
            Some(&old),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let set_cookie = answer
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
    assert!(!set_cookie.contains("Secure"), "plain http base URL");

    let new = set_session_cookie(&answer).unwrap();
    assert_ne!(new, old, "a new session id at every sign-in");
    let with_new = app.call("/api/viewer", "", Some(&new)).await;
    assert!(
        with_new.body.contains("member@chorus.test"),
        "{}",
        with_new.body
    );
    let with_old = app.call("/api/viewer", "", Some(&old)).await;
    assert_eq!(with_old.body, "null", "the old session ended");
}

#[tokio::test]
async fn a_wrong_password_is_a_401_with_no_session() {
    let app = TestApp::new().await;
    let answer = app
        .call(
            "/api/sign_in",
            &credentials(Role::Member, "not the password"),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert!(answer.body.contains("WrongCredentials"), "{}", answer.body);
    assert!(set_session_cookie(&answer).is_none());

    let unknown = app
        .call(
            "/api/sign_in",
            "email=nobody%40chorus.test&password=whatever+it+is",
            None,
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNAUTHORIZED,
        "same answer for unknown people"
    );
}

#[tokio::test]
async fn bad_input_is_a_422_naming_the_problem() {
    let app = TestApp::new().await;
    let answer = app
        .call("/api/sign_in", "email=not-an-email&password=x", None)
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("no @"), "{}", answer.body);

    let missing = app.call("/api/sign_in", "password=x", None).await;
    assert_eq!(
        missing.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        missing.body
    );
}

#[tokio::test]
async fn without_javascript_sign_in_redirects_home_or_back_with_the_error() {
    let app = TestApp::new().await;
    let form_post = |body: String| {
        Request::post("/api/sign_in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .header(header::ORIGIN, ORIGIN)
            .header(header::REFERER, format!("{ORIGIN}/sign-in"))
            .body(Body::from(body))
            .unwrap()
    };
    let ok = app
        .send(form_post(credentials(Role::Admin, PASSWORD)))
        .await;
    assert_eq!(ok.status, StatusCode::FOUND);
    assert_eq!(ok.headers[header::LOCATION], "/");
    assert!(set_session_cookie(&ok).is_some());

    let wrong = app
        .send(form_post(credentials(Role::Admin, "nope nope nope")))
        .await;
    assert_eq!(wrong.status, StatusCode::FOUND);
    let location = wrong.headers[header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with(&format!("{ORIGIN}/sign-in?")),
        "{location}"
    );
    assert!(location.contains("__err="), "{location}");
    assert!(set_session_cookie(&wrong).is_none());
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_that_person() {
    let app = TestApp::new().await;
    let phone = app.session(Role::Leader).await;
    let laptop = app.session(Role::Leader).await;
    let other = app.session(Role::Member).await;
    let answer = app
        .call("/api/sign_out_everywhere", "", Some(&laptop))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let cleared = answer
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    for (cookie, expected_signed_in) in [(&phone, false), (&laptop, false), (&other, true)] {
        let viewer = app.call("/api/viewer", "", Some(cookie)).await;
        assert_eq!(viewer.body != "null", expected_signed_in, "{cookie}");
    }
}

#[tokio::test]
async fn requests_from_another_site_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    let admin = app.session(Role::Admin).await;
    let before = app::server::db::people::count(app.db().reader())
        .await
        .unwrap();
    let form = "person[display_name]=Mallory&person[email]=mallory%40evil.test&person[role]=admin\
                &person[department]=&person[region]=&person[manager_email]=&person[active]=true";
    let forged = Request::post("/api/people/save")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://evil.test")
        .header(header::COOKIE, &admin)
        .body(Body::from(form))
        .unwrap();
    let answer = app.send(forged).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.contains("another website"), "{}", answer.body);
    let after = app::server::db::people::count(app.db().reader())
        .await
        .unwrap();
    assert_eq!(before, after);

    let same_site = app.call("/api/people/save", form, Some(&admin)).await;
    assert_eq!(same_site.status, StatusCode::OK, "{}", same_site.body);
}

#[tokio::test]
async fn the_last_admin_cannot_demote_themselves() {
    let app = TestApp::new().await;
    let admin = app.session(Role::Admin).await;
    let id = app::server::db::people::id_by_email(app.db().reader(), &email_of(Role::Admin))
        .await
        .unwrap()
        .unwrap();
    let form = format!(
        "person[person_id]={id}&person[display_name]=Admin&person[email]=admin%40chorus.test\
         &person[role]=member&person[department]=&person[region]=&person[manager_email]=\
         &person[active]=true"
    );
    let answer = app.call("/api/people/save", &form, Some(&admin)).await;
    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert!(answer.body.contains("at least one active admin"));
    let person = app::server::db::people::find(app.db().reader(), id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(person.role, Role::Admin, "nothing was changed");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::new().await;
    let answer = app.call("/api/viewer", "", None).await;
    let id = answer
        .headers
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(id.len(), 16);
}

#[tokio::test]
async fn a_password_link_survives_a_rejected_password_and_then_works_once() {
    let app = TestApp::new().await;
    let admin = app.session(Role::Admin).await;
    let member_id =
        app::server::db::people::id_by_email(app.db().reader(), &email_of(Role::Member))
            .await
            .unwrap()
            .unwrap();
    let issued = app
        .call(
            "/api/people/password_link",
            &format!("person_id={member_id}"),
            Some(&admin),
        )
        .await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
    let link: app::model::PasswordLink = serde_json::from_str(&issued.body).unwrap();
    assert!(link
        .url
        .starts_with(&format!("{ORIGIN}/set-password?token=")));
    let token = link.url.split("token=").nth(1).unwrap();

    let short = app
        .call(
            "/api/set_password",
            &format!("token={token}&new_password=short"),
            None,
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short.body.contains("at least 10 characters"),
        "{}",
        short.body
    );

    let form = format!("token={token}&new_password=a+brand+new+password");
    let set = app.call("/api/set_password", &form, None).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert!(
        set_session_cookie(&set).is_some(),
        "signed in straight away"
    );
    let again = app.call("/api/set_password", &form, None).await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a link works once"
    );

    let sign_in = app
        .call(
            "/api/sign_in",
            &credentials(Role::Member, "a brand new password"),
            None,
        )
        .await;
    assert_eq!(sign_in.status, StatusCode::OK);
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account_with_a_429_even_for_the_right_one() {
    let app = TestApp::new().await;
    for _ in 0..app::server::throttle::ACCOUNT_FAILURES {
        let wrong = app
            .call(
                "/api/sign_in",
                &credentials(Role::Member, "a wrong guess"),
                None,
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let locked = app
        .call("/api/sign_in", &credentials(Role::Member, PASSWORD), None)
        .await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        locked.body
    );
    assert!(
        locked
            .body
            .contains("Too many failed sign-ins for this account"),
        "{}",
        locked.body
    );
    assert!(set_session_cookie(&locked).is_none());

    let other = app
        .call("/api/sign_in", &credentials(Role::Leader, PASSWORD), None)
        .await;
    assert_eq!(other.status, StatusCode::OK, "other accounts still sign in");
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_refused_with_a_429() {
    let app = TestApp::new().await;
    let from =
        |address: [u8; 4], form: String| {
            let mut request = Request::post("/api/sign_in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header(header::ORIGIN, ORIGIN)
                .body(Body::from(form))
                .unwrap();
            request.extensions_mut().insert(axum::extract::ConnectInfo(
                std::net::SocketAddr::from((address, 40_000)),
            ));
            request
        };
    for n in 0..app::server::throttle::ADDRESS_FAILURES {
        let form = format!("email=guess{n}%40chorus.test&password=a+wrong+guess");
        let answer = app.send(from([198, 51, 100, 7], form)).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let refused = app
        .send(from([198, 51, 100, 7], credentials(Role::Member, PASSWORD)))
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused.body.contains("from your network"),
        "{}",
        refused.body
    );
    let elsewhere = app
        .send(from([198, 51, 100, 8], credentials(Role::Member, PASSWORD)))
        .await;
    assert_eq!(elsewhere.status, StatusCode::OK, "{}", elsewhere.body);
}

#[tokio::test]
async fn pages_and_files_carry_the_security_headers() {
    let app = TestApp::new().await;
    let page = app.get("/sign-in", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let header_of = |answer: &common::Answer, name: header::HeaderName| {
        answer
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let policy = header_of(&page, header::CONTENT_SECURITY_POLICY);
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in {policy:?}"));
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("object-src 'none'"), "{policy}");
    assert!(
        !policy.contains("'unsafe-inline' 'wasm")
            && !policy.contains("script-src 'self' 'unsafe-inline'")
    );
    // Every inline script Leptos wrote carries this response's nonce.
    let inline_scripts = page.body.matches("<script").count();
    assert!(inline_scripts > 0, "the page has its hydration script");
    assert_eq!(
        page.body
            .matches(&format!("<script nonce=\"{nonce}\""))
            .count()
            + page
                .body
                .matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
                .count(),
        inline_scripts,
        "{}",
        page.body
    );
    let again = app.get("/sign-in", None).await;
    assert_ne!(
        header_of(&again, header::CONTENT_SECURITY_POLICY),
        policy,
        "a fresh nonce per response"
    );
    for answer in [&page, &app.call("/api/viewer", "", None).await] {
        assert_eq!(header_of(answer, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(header_of(answer, header::REFERRER_POLICY), "same-origin");
        assert_eq!(header_of(answer, header::X_FRAME_OPTIONS), "DENY");
    }
    let json = app.call("/api/viewer", "", None).await;
    assert!(header_of(&json, header::CONTENT_SECURITY_POLICY).starts_with("default-src 'none'"));
}

#[tokio::test]
async fn oversized_request_bodies_are_refused_with_a_413() {
    let app = TestApp::new().await;
    let huge = format!(
        "email=a%40chorus.test&password={}",
        "x".repeat(17 * 1024 * 1024)
    );
    let sign_in = |declare_length: bool| {
        let mut request = Request::post("/api/sign_in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if declare_length {
            request = request.header(header::CONTENT_LENGTH, huge.len());
        }
        request.body(Body::from(huge.clone())).unwrap()
    };
    let declared = app.send(sign_in(true)).await;
    assert_eq!(declared.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(declared.body.contains("16 MiB"), "{}", declared.body);

    // Without a declared length the body is refused once reading passes the limit.
    let undeclared = app.send(sign_in(false)).await;
    assert_eq!(undeclared.status, StatusCode::PAYLOAD_TOO_LARGE);
}

fn company_sign_in(settings: &mut app::server::Settings) {
    settings.password_sign_in = false;
    settings.sso = Some(app::server::sso::SsoSettings {
        // Nothing listens there: these tests never reach the provider.
        issuer: "http://127.0.0.1:9".into(),
        client_id: "chorus".into(),
        client_secret: "secret".into(),
        label: "Chorus Test ID".into(),
        scopes: vec!["openid".into(), "email".into()],
        department_claim: "department".into(),
        region_claim: "region".into(),
        manager_claim: "manager_email".into(),
    });
}

#[tokio::test]
async fn a_provider_answer_counts_only_in_the_browser_that_started_the_sign_in() {
    let app = TestApp::with_settings(company_sign_in).await;
    app::server::db::sso::insert_attempt(
        app.db().writer(),
        "attempt-1",
        "verifier",
        "nonce",
        "/",
        now_ms(),
    )
    .await
    .unwrap();
    let callback = "/api/sso/callback?code=from-the-provider&state=attempt-1";
    // Another browser (no cookie, or another sign-in's): refused before the code is used.
    for cookie in [None, Some("chorus_sso=attempt-2")] {
        let mut request = Request::get(callback);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let answer = app.send(request.body(Body::empty()).unwrap()).await;
        assert_eq!(
            answer.headers.get(header::LOCATION).unwrap(),
            "/sign-in?sso=expired",
            "{cookie:?}"
        );
    }
    // The browser that started it gets as far as the provider (unreachable here): the
    // attempt was still there.
    let answer = app
        .send(
            Request::get(callback)
                .header(header::COOKIE, "chorus_sso=attempt-1")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        answer.headers.get(header::LOCATION).unwrap(),
        "/sign-in?sso=unreachable"
    );
}

#[tokio::test]
async fn password_sign_in_can_be_switched_off_for_single_sign_on() {
    let app = TestApp::with_settings(company_sign_in).await;
    let methods = app.call("/api/sign_in_methods", "", None).await;
    assert_eq!(methods.status, StatusCode::OK);
    assert_eq!(
        methods.body,
        r#"{"sso_label":"Chorus Test ID","password":false}"#
    );
    let refused = app
        .call(
            "/api/sign_in",
            "email=member%40chorus.test&password=a+long+enough+password",
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("Password sign-in is switched off"),
        "{}",
        refused.body
    );
    assert!(refused.headers.get(http::header::SET_COOKIE).is_none());

    // The sign-in page offers the company account and no password field.
    let page = app
        .send(
            http::Request::get("/sign-in")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert!(
        page.body.contains("Sign in with Chorus Test ID"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(r#"name="password""#));
}

/// The language cookie an answer sets, whole (`chorus_lang=nl; Path=/; …`).
fn language_cookie(answer: &common::Answer) -> String {
    set_cookie(answer, LANGUAGE_COOKIE).unwrap_or_default()
}

#[tokio::test]
async fn a_chosen_language_is_kept_follows_the_person_to_sign_in_and_can_be_dropped() {
    let app = TestApp::new().await;
    let session = app.session(Role::Member).await;
    let saved = app
        .call("/api/language/save", "language=nl", Some(&session))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let cookie = language_cookie(&saved);
    assert!(cookie.starts_with("chorus_lang=nl;"), "{cookie}");
    let chosen = app.call("/api/language", "", Some(&session)).await;
    assert_eq!(chosen.body, "\"nl\"");

    // Signing in on another browser brings the choice along.
    let signed_in = app
        .call("/api/sign_in", &credentials(Role::Member, PASSWORD), None)
        .await;
    assert!(language_cookie(&signed_in).starts_with("chorus_lang=nl;"));

    // Back to the browser's language: the cookie is cleared, then and at the next sign-in.
    let dropped = app
        .call("/api/language/save", "language=", Some(&session))
        .await;
    assert!(language_cookie(&dropped).contains("Max-Age=0"));
    assert_eq!(
        app.call("/api/language", "", Some(&session)).await.body,
        "null"
    );
    let signed_in = app
        .call("/api/sign_in", &credentials(Role::Member, PASSWORD), None)
        .await;
    assert!(language_cookie(&signed_in).contains("Max-Age=0"));

    // Anonymous people cannot choose; an unknown language is refused in the asker's language.
    let anonymous = app.call("/api/language/save", "language=es", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let unknown = app
        .call_with_headers(
            "/api/language/save",
            "language=fr",
            &[("cookie", &session), ("accept-language", "es-ES,es;q=0.9")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.body.contains("Chorus no habla «fr»"),
        "{}",
        unknown.body
    );
}

#[tokio::test]
async fn server_messages_follow_the_chosen_language_then_the_browsers() {
    let app = TestApp::new().await;
    let bad_email = "email=nobody&password=x";
    let in_dutch = app
        .call_with_headers(
            "/api/sign_in",
            bad_email,
            &[("accept-language", "nl-NL,nl")],
        )
        .await;
    assert_eq!(in_dutch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        in_dutch
            .body
            .contains("is geen e-mailadres: er staat geen @ in."),
        "{}",
        in_dutch.body
    );
    // The chosen language (cookie) wins over the browser's.
    let chosen = app
        .call_with_headers(
            "/api/sign_in",
            bad_email,
            &[
                ("accept-language", "nl-NL,nl"),
                ("cookie", "chorus_lang=es"),
            ],
        )
        .await;
    assert!(
        chosen.body.contains("no es una dirección de correo"),
        "{}",
        chosen.body
    );
    // Anything Chorus does not speak gets English.
    let other = app
        .call_with_headers("/api/sign_in", bad_email, &[("accept-language", "fr-FR")])
        .await;
    assert!(
        other.body.contains("is not an email address"),
        "{}",
        other.body
    );
}
