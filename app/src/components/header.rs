//! The bar at the top of every page: where to go, and who is signed in.

use leptos::prelude::*;
use leptos_router::components::A;

use super::session::use_session;
use crate::model::Viewer;

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">
                    "\u{25CF}\u{25CF}\u{25CF}"
                </span>
                " Chorus"
            </A>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    // Both are awaited in this one boundary: a nested one inside the links would
                    // hydrate in a different order than the server rendered it.
                    let viewer = session.viewer.await;
                    let unread = session.unread.await.unwrap_or(0);
                    match viewer {
                        Ok(Some(viewer)) => view! { <SignedInNav viewer unread /> }.into_any(),
                        _ => {
                            view! {
                                <nav class="site-nav" aria-label="Main">
                                    <A href="/sign-in">"Sign in"</A>
                                </nav>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </header>
    }
}

#[component]
fn SignedInNav(viewer: Viewer, unread: i64) -> impl IntoView {
    let session = use_session();
    view! {
        <nav class="site-nav" aria-label="Main">
            <A href="/">"Home"</A>
            <A href="/notifications">
                "Notifications"
                {(unread > 0)
                    .then(|| {
                        view! {
                            " "
                            <span class="count-badge">
                                {unread}
                                <span class="visually-hidden">" unread"</span>
                            </span>
                        }
                    })}
            </A>
            <A href="/analytics">"Analytics"</A>
            {viewer
                .role
                .can_manage_people()
                .then(|| {
                    view! {
                        <A href="/admin/people">"People"</A>
                        <A href="/admin/deliveries">"Team chats"</A>
                    }
                })}
        </nav>
        <div class="who">
            <A href="/account" attr:class="who-name">
                {viewer.display_name.clone()}
                <span class="role-badge">{viewer.role.label()}</span>
            </A>
            <ActionForm action=session.sign_out attr:class="inline-form">
                <button type="submit" class="button-quiet">
                    "Sign out"
                </button>
            </ActionForm>
        </div>
    }
}
