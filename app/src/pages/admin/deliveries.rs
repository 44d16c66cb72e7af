//! Admins: the latest team-chat messages, whether they arrived, and why not.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::delivery::{webhook_deliveries, RetryWebhook},
    components::{
        error_notice::{ErrorNotice, FormError},
        require_sign_in::RequireSignIn,
        time::LocalTime,
    },
    model::{DeliveryState, Viewer, WebhookDelivery},
};

#[component]
pub fn DeliveriesPage() -> impl IntoView {
    let retry = ServerAction::<RetryWebhook>::new();
    let deliveries = Resource::new(move || retry.version().get(), |_| webhook_deliveries());
    view! {
        <Title text="Team-chat deliveries \u{b7} Chorus" />
        <RequireSignIn page=move |_viewer: Viewer| view! { <Deliveries retry deliveries /> } />
    }
}

#[component]
fn Deliveries(
    retry: ServerAction<RetryWebhook>,
    deliveries: Resource<Result<Vec<WebhookDelivery>, crate::error::AppError>>,
) -> impl IntoView {
    let error = Signal::derive(move || retry.value().get().and_then(Result::err));
    view! {
        <h1>"Team-chat deliveries"</h1>
        <p class="hint">
            "Messages to the team chats connected to challenges. A failed message is tried again \
             after a wait (CHORUS_WEBHOOK_RETRY_SECONDS, 30 by default) that doubles each time, \
             up to an hour, eight tries in all."
        </p>
        <FormError error />
        <Suspense fallback=|| view! { <p class="loading">"Loading\u{2026}"</p> }>
            {move || Suspend::new(async move {
                match deliveries.await {
                    Ok(list) if list.is_empty() => {
                        view! {
                            <p class="panel empty-state">
                                "No messages yet. Connect a team chat under \u{201c}Manage this challenge\u{201d}."
                            </p>
                        }
                            .into_any()
                    }
                    Ok(list) => view! { <DeliveryTable list retry /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DeliveryTable(list: Vec<WebhookDelivery>, retry: ServerAction<RetryWebhook>) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|delivery| {
            let state = match delivery.state {
                DeliveryState::Delivered => "Delivered",
                DeliveryState::Waiting if delivery.attempts == 0 => "Waiting",
                DeliveryState::Waiting => "Failed; will retry",
                DeliveryState::GaveUp => "Gave up",
            };
            let retry_button = (delivery.state == DeliveryState::GaveUp).then(|| {
                view! {
                    <ActionForm action=retry attr:class="inline-form">
                        <input type="hidden" name="delivery_id" value=delivery.delivery_id />
                        <button type="submit" class="button-quiet">"Send again"</button>
                    </ActionForm>
                }
            });
            view! {
                <tr>
                    <td><LocalTime at=delivery.created_at /></td>
                    <td>
                        <a href=format!("/challenges/{}", delivery.challenge_id)>{delivery.challenge_title}</a>
                    </td>
                    <td>{delivery.event.replace('_', " ")}</td>
                    <td><code>{delivery.url}</code></td>
                    <td>{state} " (" {delivery.attempts} " tries)"</td>
                    <td>{delivery.last_error.unwrap_or_default()}</td>
                    <td>{retry_button}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table">
            <thead>
                <tr>
                    <th scope="col">"Queued"</th>
                    <th scope="col">"Challenge"</th>
                    <th scope="col">"Event"</th>
                    <th scope="col">"Webhook"</th>
                    <th scope="col">"State"</th>
                    <th scope="col">"Last error"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
