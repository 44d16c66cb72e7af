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
    i18n::{t, t_string, td_string, use_i18n, Locale},
    model::{DeliveryState, Viewer, WebhookDelivery},
};

#[component]
pub fn DeliveriesPage() -> impl IntoView {
    let retry = ServerAction::<RetryWebhook>::new();
    let deliveries = Resource::new(move || retry.version().get(), |_| webhook_deliveries());
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, admin.deliveries_title) />
        <RequireSignIn page=move |_viewer: Viewer| view! { <Deliveries retry deliveries /> } />
    }
}

#[component]
fn Deliveries(
    retry: ServerAction<RetryWebhook>,
    deliveries: Resource<Result<Vec<WebhookDelivery>, crate::error::AppError>>,
) -> impl IntoView {
    let error = Signal::derive(move || retry.value().get().and_then(Result::err));
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, admin.deliveries_heading)}</h1>
        <p class="hint">{t!(i18n, admin.deliveries_hint)}</p>
        <FormError error />
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match deliveries.await {
                    Ok(list) if list.is_empty() => {
                        view! {
                            <p class="panel empty-state">{t!(i18n, admin.no_deliveries)}</p>
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
    let i18n = use_i18n();
    let rows = list
        .into_iter()
        .map(|delivery| {
            let (state, attempts) = (delivery.state, delivery.attempts);
            let state_text = move || state_name(i18n.get_locale(), state, attempts);
            let event = delivery.event.clone();
            let event_text = move || event_name(i18n.get_locale(), &event);
            let retry_button = (delivery.state == DeliveryState::GaveUp).then(|| {
                view! {
                    <ActionForm action=retry attr:class="inline-form">
                        <input type="hidden" name="delivery_id" value=delivery.delivery_id />
                        <button type="submit" class="button-quiet">{t!(i18n, admin.send_again)}</button>
                    </ActionForm>
                }
            });
            view! {
                <tr>
                    <td><LocalTime at=delivery.created_at /></td>
                    <td>
                        <a href=format!("/challenges/{}", delivery.challenge_id)>{delivery.challenge_title}</a>
                    </td>
                    <td>{event_text}</td>
                    <td><code>{delivery.url}</code></td>
                    <td>{state_text} {t!(i18n, admin.tries, count = move || attempts)}</td>
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
                    <th scope="col">{t!(i18n, admin.queued)}</th>
                    <th scope="col">{t!(i18n, admin.challenge)}</th>
                    <th scope="col">{t!(i18n, admin.event)}</th>
                    <th scope="col">{t!(i18n, admin.webhook)}</th>
                    <th scope="col">{t!(i18n, admin.state)}</th>
                    <th scope="col">{t!(i18n, admin.last_error)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, admin.actions)}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Where a message stands, as the table says it: a waiting message that was already tried
/// has failed and will be retried.
fn state_name(locale: Locale, state: DeliveryState, attempts: i64) -> &'static str {
    match state {
        DeliveryState::Delivered => td_string!(locale, admin.state_delivered),
        DeliveryState::Waiting if attempts == 0 => td_string!(locale, admin.state_waiting),
        DeliveryState::Waiting => td_string!(locale, admin.state_retrying),
        DeliveryState::GaveUp => td_string!(locale, admin.state_gave_up),
    }
}

/// What the message announced (`opened`, `closing_soon`, `synthesis_published`); an event this
/// page does not know is shown as stored, with spaces for underscores.
fn event_name(locale: Locale, event: &str) -> String {
    match event {
        "opened" => td_string!(locale, admin.event_opened).to_owned(),
        "closing_soon" => td_string!(locale, admin.event_closing_soon).to_owned(),
        "synthesis_published" => td_string!(locale, admin.event_synthesis_published).to_owned(),
        other => other.replace('_', " "),
    }
}
