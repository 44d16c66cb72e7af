//! Server-rendered pages: what a browser gets before any WebAssembly runs.

mod common;

use app::model::Role;
use common::TestApp;
use http::{header, StatusCode};

#[tokio::test]
async fn the_sign_in_page_is_a_working_html_form() {
    let app = TestApp::new().await;
    let page = app.get("/sign-in", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<form"), "{}", page.body);
    assert!(
        page.body.contains(r#"action="/api/sign_in""#),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"name="password""#));
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in() {
    let app = TestApp::new().await;
    let home = app.get("/admin/people", None).await;
    assert_eq!(home.status, StatusCode::FOUND, "{}", home.body);
    assert_eq!(
        home.headers[header::LOCATION],
        "/sign-in?next=/admin/people"
    );
}

#[tokio::test]
async fn members_get_a_403_page_for_admin_pages() {
    let app = TestApp::new().await;
    let member = app.session(Role::Member).await;
    let page = app.get("/admin/people", Some(&member)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.body.contains("Only Admins can see the list of people"),
        "{}",
        page.body
    );

    let admin = app.session(Role::Admin).await;
    let page = app.get("/admin/people", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("member@chorus.test"));
}

#[tokio::test]
async fn unknown_addresses_get_a_404_page() {
    let app = TestApp::new().await;
    let page = app.get("/no/such/page", None).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Page not found"));
}
