//! Every server function, called by every role and by an anonymous visitor: each is allowed or
//! denied exactly as this table says. A new server function fails this test until it is added.

mod common;

use std::collections::BTreeSet;

use app::model::Role;
use common::TestApp;
use http::StatusCode;

enum Allowed {
    Anyone,
    SignedIn,
    Only(&'static [Role]),
}

struct Endpoint {
    path: &'static str,
    form: &'static str,
    allowed: Allowed,
    /// Opened by the browser as a page (GET), as single sign-on must be: the OpenID provider
    /// sends people back with a GET (OpenID Connect Core 3.1.2.5). The sign-in's state and
    /// PKCE verifier tie that answer to the sign-in that started it.
    navigation: bool,
}

const ADMIN: &[Role] = &[Role::Admin];
const LAUNCHERS: &[Role] = &[Role::Leader, Role::Admin];

fn endpoints() -> Vec<Endpoint> {
    use Allowed::*;
    let endpoint = |path, form, allowed| Endpoint {
        path,
        form,
        allowed,
        navigation: false,
    };
    let navigation = |path, query| Endpoint {
        path,
        form: query,
        allowed: Anyone,
        navigation: true,
    };
    vec![
        endpoint("/api/viewer", "", Anyone),
        endpoint(
            "/api/sign_in",
            "email=member%40chorus.test&password=a+long+enough+password",
            Anyone,
        ),
        endpoint("/api/sign_out", "", Anyone),
        endpoint("/api/sign_in_methods", "", Anyone),
        navigation("/api/sso/start", "next=%2F"),
        navigation("/api/sso/callback", "code=forged&state=unknown"),
        endpoint("/api/sign_out_everywhere", "", SignedIn),
        endpoint(
            "/api/change_password",
            "current=wrong+password&new_password=another+long+password",
            SignedIn,
        ),
        endpoint(
            "/api/set_password",
            "token=not-a-real-token&new_password=another+long+password",
            Anyone,
        ),
        endpoint("/api/people/list", "", Only(ADMIN)),
        endpoint(
            "/api/people/save",
            "person[display_name]=New+Person&person[email]=new%40chorus.test&person[role]=member\
             &person[department]=&person[region]=&person[manager_email]=&person[active]=true",
            Only(ADMIN),
        ),
        endpoint("/api/people/password_link", "person_id=4", Only(ADMIN)),
        endpoint(
            "/api/people/import",
            "csv=name%2Cemail%0AZed%2Czed%40chorus.test&apply=false",
            Only(ADMIN),
        ),
        // Challenge 999 does not exist: allowed callers get a 404, others a 401 or 403 first.
        endpoint("/api/challenges/list", "", SignedIn),
        endpoint("/api/challenges/get", "challenge_id=999", SignedIn),
        endpoint("/api/challenges/launch_options", "", Only(LAUNCHERS)),
        endpoint(
            "/api/challenges/launch",
            "challenge[title]=T&challenge[question]=Q&challenge[brief]=&challenge[sponsor_id]=1\
             &challenge[opens_local]=2030-01-01T09:00&challenge[closes_local]=2030-02-01T09:00\
             &challenge[utc_offset_minutes]=0&challenge[voting]=one_per_idea",
            Only(LAUNCHERS),
        ),
        endpoint(
            "/api/challenges/set_closing",
            "challenge_id=999&close_now=true",
            Only(LAUNCHERS),
        ),
        endpoint("/api/ideas/list", "challenge_id=999&sort=new", SignedIn),
        endpoint("/api/ideas/get", "challenge_id=999&idea_id=1", SignedIn),
        endpoint(
            "/api/ideas/submit",
            "challenge_id=999&title=t&body=b",
            SignedIn,
        ),
        endpoint(
            "/api/ideas/edit",
            "challenge_id=999&idea_id=1&title=t&body=b",
            SignedIn,
        ),
        endpoint(
            "/api/ideas/withdraw",
            "challenge_id=999&idea_id=1",
            SignedIn,
        ),
        endpoint(
            "/api/ideas/similar",
            "challenge_id=999&draft=hello+world",
            SignedIn,
        ),
        endpoint("/api/ideas/preview", "markdown=**hi**", SignedIn),
        endpoint(
            "/api/votes/set",
            "challenge_id=999&idea_id=1&votes=1",
            SignedIn,
        ),
        endpoint(
            "/api/comments/post",
            "challenge_id=999&idea_id=1&body=hi",
            SignedIn,
        ),
        endpoint(
            "/api/comments/official",
            "challenge_id=999&comment_id=1&official=true",
            SignedIn,
        ),
        endpoint("/api/notifications/list", "", SignedIn),
        endpoint("/api/notifications/unread", "", SignedIn),
        endpoint("/api/notifications/read", "", SignedIn),
        // Moderators of challenge 999, which does not exist: a 404 for anyone signed in.
        endpoint("/api/moderation/board", "challenge_id=999", SignedIn),
        endpoint(
            "/api/moderation/create_theme",
            "challenge_id=999&name=Pay&colour=%232a9d8f",
            SignedIn,
        ),
        endpoint(
            "/api/moderation/edit_theme",
            "challenge_id=999&theme_id=1&name=Pay&summary=&colour=%232a9d8f",
            SignedIn,
        ),
        endpoint(
            "/api/moderation/delete_theme",
            "challenge_id=999&theme_id=1",
            SignedIn,
        ),
        endpoint(
            "/api/moderation/move",
            "challenge_id=999&idea_ids[0]=1&theme_id=1",
            SignedIn,
        ),
        endpoint(
            "/api/moderation/merge",
            "challenge_id=999&target=1&source=2",
            SignedIn,
        ),
        endpoint(
            "/api/moderation/hide",
            "challenge_id=999&idea_id=1&reason=Spam",
            SignedIn,
        ),
        endpoint("/api/moderation/undo", "challenge_id=999", SignedIn),
        endpoint(
            "/api/moderation/reorder_theme",
            "challenge_id=999&theme_id=1&earlier=true",
            SignedIn,
        ),
        endpoint(
            "/api/moderation/restore",
            "challenge_id=999&idea_id=1",
            SignedIn,
        ),
        endpoint(
            "/api/moderation/dismiss_report",
            "challenge_id=999&report_id=1",
            SignedIn,
        ),
        endpoint(
            "/api/moderation/report",
            "challenge_id=999&idea_id=1&reason=Spam",
            SignedIn,
        ),
        endpoint("/api/moderation/suggest", "challenge_id=999", SignedIn),
        // Takes JSON (a list of themes with their ideas).
        endpoint(
            "/api/moderation/accept",
            r#"{"challenge_id":999,"themes":[{"name":"Pay","idea_ids":[1]}]}"#,
            SignedIn,
        ),
        // Figures for everyone signed in; who is active only for leaders and admins.
        endpoint(
            "/api/analytics/report",
            "query[period]=30d&query[from]=&query[to]=&query[by]=region",
            SignedIn,
        ),
        endpoint(
            "/api/analytics/people",
            "query[status]=inactive&query[days]=14&query[department]=&query[region]=",
            Only(LAUNCHERS),
        ),
        endpoint("/api/analytics/privacy", "hidden=false", Only(ADMIN)),
        // Synthesis of challenge 999, which does not exist: a 404 for anyone signed in.
        endpoint("/api/synthesis/get", "challenge_id=999", SignedIn),
        endpoint("/api/synthesis/composer", "challenge_id=999", SignedIn),
        endpoint(
            "/api/synthesis/summary",
            "challenge_id=999&summary=Done",
            SignedIn,
        ),
        endpoint(
            "/api/synthesis/highlights",
            r#"{"challenge_id":999,"theme_id":1,"highlights":[]}"#,
            SignedIn,
        ),
        endpoint("/api/synthesis/publish", "challenge_id=999", SignedIn),
        endpoint(
            "/api/moderation/assign",
            "challenge_id=999&person_id=1&assigned=true",
            Only(LAUNCHERS),
        ),
        endpoint("/api/language", "", SignedIn),
        endpoint("/api/language/save", "language=nl", SignedIn),
        endpoint("/api/email/preferences", "", SignedIn),
        endpoint(
            "/api/email/preferences/save",
            "prefs[frequency]=daily",
            SignedIn,
        ),
        endpoint("/api/email/unsubscribe", "token=not-a-token", Anyone),
        endpoint("/api/webhooks/list", "challenge_id=999", Only(LAUNCHERS)),
        endpoint(
            "/api/webhooks/add",
            "challenge_id=999&url=https%3A%2F%2Fchat.example%2Fhook&format=slack",
            Only(LAUNCHERS),
        ),
        endpoint(
            "/api/webhooks/remove",
            "challenge_id=999&webhook_id=1",
            Only(LAUNCHERS),
        ),
        endpoint("/api/webhooks/deliveries", "", Only(ADMIN)),
        endpoint("/api/webhooks/retry", "delivery_id=1", Only(ADMIN)),
    ]
}

#[tokio::test]
async fn the_table_covers_every_server_function() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _method)| path.to_owned())
        .collect();
    let listed: BTreeSet<String> = endpoints().iter().map(|e| e.path.to_owned()).collect();
    assert_eq!(registered, listed, "add new server functions to the table");
}

#[tokio::test]
async fn each_role_is_allowed_or_denied_as_the_table_says() {
    let app = TestApp::new().await;
    let mut callers: Vec<Option<Role>> = vec![None];
    callers.extend(Role::ALL.map(Some));
    for endpoint in endpoints() {
        for caller in &callers {
            let cookie = match caller {
                Some(role) => Some(app.session(*role).await),
                None => None,
            };
            let answer = if endpoint.navigation {
                app.get(
                    &format!("{}?{}", endpoint.path, endpoint.form),
                    cookie.as_deref(),
                )
                .await
            } else if endpoint.form.starts_with('{') {
                app.call_json(endpoint.path, endpoint.form, cookie.as_deref())
                    .await
            } else {
                app.call(endpoint.path, endpoint.form, cookie.as_deref())
                    .await
            };
            let allowed = match (&endpoint.allowed, caller) {
                (Allowed::Anyone, _) => true,
                (Allowed::SignedIn, caller) => caller.is_some(),
                (Allowed::Only(roles), Some(role)) => roles.contains(role),
                (Allowed::Only(_), None) => false,
            };
            let who = caller.map_or("anonymous", Role::as_str);
            if allowed {
                assert!(
                    !matches!(
                        answer.status,
                        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
                    ) && answer.status.as_u16() < 500,
                    "{who} should be allowed {}: {} {}",
                    endpoint.path,
                    answer.status,
                    answer.body
                );
            } else {
                let expected = if caller.is_some() {
                    StatusCode::FORBIDDEN
                } else {
                    StatusCode::UNAUTHORIZED
                };
                assert_eq!(
                    answer.status, expected,
                    "{who} should be denied {}: {}",
                    endpoint.path, answer.body
                );
            }
        }
    }
}

#[tokio::test]
async fn state_never_changes_over_get() {
    let app = TestApp::new().await;
    let admin = app.session(Role::Admin).await;
    for endpoint in endpoints().into_iter().filter(|e| !e.navigation) {
        let answer = app.get(endpoint.path, Some(&admin)).await;
        assert_eq!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "GET {}",
            endpoint.path
        );
    }
}
