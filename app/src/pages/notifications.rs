//! The signed-in person's notifications: comments and official responses on their ideas,
//! challenges about to close, syntheses published.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::{
    api::notifications::{notifications, MarkNotificationsRead},
    components::{
        error_notice::ErrorNotice, require_sign_in::RequireSignIn, session::use_session,
        time::LocalTime,
    },
    i18n::{t, t_string, use_i18n},
    model::{Notification, Viewer},
};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    // Created once per page, outside `RequireSignIn` (see `HomePage`).
    let mark_read = ServerAction::<MarkNotificationsRead>::new();
    let list = Resource::new(move || mark_read.version().get(), |_| notifications());
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, accounts.notifications_title).to_string() />
        <RequireSignIn page=move |_viewer: Viewer| view! { <Notifications mark_read list /> } />
    }
}

#[component]
fn Notifications(
    mark_read: ServerAction<MarkNotificationsRead>,
    list: Resource<Result<Vec<Notification>, crate::error::AppError>>,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    Effect::new(move |_| {
        if matches!(mark_read.value().get(), Some(Ok(()))) {
            session.notifications_changed();
        }
    });
    view! {
        <div class="page-head">
            <h1>{t!(i18n, common.notifications)}</h1>
            <ActionForm action=mark_read>
                <button type="submit" class="button-quiet">
                    {t!(i18n, accounts.mark_all_read)}
                </button>
            </ActionForm>
        </div>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(items) if items.is_empty() => {
                        view! {
                            <p class="panel empty-state">
                                {t!(i18n, accounts.notifications_empty)}
                            </p>
                        }
                            .into_any()
                    }
                    Ok(items) => {
                        view! {
                            <ul class="notification-list">
                                {items
                                    .into_iter()
                                    .map(|item| {
                                        let href = item.href();
                                        let message = {
                                            let item = item.clone();
                                            move || item.message(i18n.get_locale())
                                        };
                                        view! {
                                            <li class="panel" class:unread=!item.read>
                                                <A href=href>{message}</A>
                                                <p class="meta">
                                                    {item.challenge_title} " \u{b7} "
                                                    <LocalTime at=item.created_at />
                                                </p>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
