//! The bar at the top of every page: where to go, and who is signed in.

use leptos::prelude::*;
use leptos_router::components::A;

use super::{role_name::RoleName, session::use_session};
use crate::{
    i18n::{t, t_string, use_i18n},
    model::Viewer,
};

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
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
                                <nav class="site-nav" aria-label=move || t_string!(i18n, common.main_navigation)>
                                    <A href="/sign-in">{t!(i18n, common.sign_in)}</A>
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
    let i18n = use_i18n();
    view! {
        <nav class="site-nav" aria-label=move || t_string!(i18n, common.main_navigation)>
            <A href="/">{t!(i18n, common.home)}</A>
            <A href="/notifications">
                {t!(i18n, common.notifications)}
                {(unread > 0)
                    .then(|| {
                        view! {
                            " "
                            <span class="count-badge">
                                {unread}
                                <span class="visually-hidden">{t!(i18n, common.unread)}</span>
                            </span>
                        }
                    })}
            </A>
            <A href="/analytics">{t!(i18n, common.analytics)}</A>
            {viewer
                .role
                .can_manage_people()
                .then(|| {
                    view! {
                        <A href="/admin/people">{t!(i18n, common.people)}</A>
                        <A href="/admin/deliveries">{t!(i18n, common.team_chats)}</A>
                    }
                })}
        </nav>
        <div class="who">
            <A href="/account" attr:class="who-name">
                {viewer.display_name.clone()}
                <span class="role-badge">
                    <RoleName role=viewer.role />
                </span>
            </A>
            <ActionForm action=session.sign_out attr:class="inline-form">
                <button type="submit" class="button-quiet">
                    {t!(i18n, common.sign_out)}
                </button>
            </ActionForm>
        </div>
    }
}
