//! Subscribes a page to a challenge's live events (server-sent events). The browser's
//! `EventSource` reconnects by itself after a drop; when it does, the page is told to
//! [`LiveEvent::Resync`] so it fetches what it missed.

#[cfg(feature = "hydrate")]
use leptos::prelude::Effect;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::{
    components::time::browser_now_ms,
    i18n::{td_string, use_i18n, Locale},
    model::LiveEvent,
};

/// Vote totals change constantly on a busy challenge; a screen reader hears about them at most
/// this often, while the numbers on the page stay current.
const VOTES_ANNOUNCED_EVERY_MS: i64 = 60_000;

/// What a screen reader is told about a live event, if anything, in `locale`.
/// `votes_announced_at` is when vote totals were last announced.
pub fn announcement(
    event: &LiveEvent,
    now_ms: i64,
    votes_announced_at: Option<i64>,
    locale: Locale,
) -> Option<&'static str> {
    match event {
        LiveEvent::IdeasChanged => Some(td_string!(locale, common.live_ideas_changed)),
        LiveEvent::Votes { .. } => votes_announced_at
            .is_none_or(|at| now_ms - at >= VOTES_ANNOUNCED_EVERY_MS)
            .then_some(td_string!(locale, common.live_votes)),
        LiveEvent::Discussion { .. } => Some(td_string!(locale, common.live_comment)),
        LiveEvent::ChallengeChanged => Some(td_string!(locale, common.live_time_box)),
        // Reconnecting refreshes the page quietly: nothing new to tell.
        LiveEvent::Resync => None,
    }
}

/// A page's polite live region: announces what changed without taking focus.
#[derive(Clone, Copy)]
pub struct Announcer {
    message: RwSignal<String>,
    votes_announced_at: RwSignal<Option<i64>>,
    i18n: I18nContext<Locale>,
}

impl Announcer {
    /// Call inside the page's component: announcements follow the page's language.
    pub fn new() -> Self {
        Self {
            message: RwSignal::new(String::new()),
            votes_announced_at: RwSignal::new(None),
            i18n: use_i18n(),
        }
    }

    pub fn hear(&self, event: &LiveEvent) {
        let Some(now) = browser_now_ms() else { return };
        let locale = self.i18n.get_locale_untracked();
        let Some(text) = announcement(event, now, self.votes_announced_at.get_untracked(), locale)
        else {
            return;
        };
        if matches!(event, LiveEvent::Votes { .. }) {
            self.votes_announced_at.set(Some(now));
        }
        // Screen readers announce changes only: the same sentence twice in a row gets a
        // trailing no-break space so it is read again.
        self.message.update(|message| {
            *message = if message == text {
                format!("{text}\u{a0}")
            } else {
                text.to_owned()
            }
        });
    }
}

impl Default for Announcer {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn LiveAnnouncement(announcer: Announcer) -> impl IntoView {
    view! {
        <p class="visually-hidden live-announcement" role="status" aria-live="polite">
            {move || announcer.message.get()}
        </p>
    }
}

pub fn use_live_events(challenge_id: i64, on_event: impl Fn(LiveEvent) + Clone + 'static) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::subscribe(challenge_id, on_event.clone()));
    #[cfg(not(feature = "hydrate"))]
    let _ = (challenge_id, on_event);
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::{cell::Cell, rc::Rc};

    use leptos::prelude::on_cleanup;
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{EventSource, MessageEvent};

    use crate::model::LiveEvent;

    /// The connection and its callbacks, which must live as long as it does.
    struct Subscription {
        source: EventSource,
        _on_message: Closure<dyn FnMut(MessageEvent)>,
        _on_open: Closure<dyn FnMut()>,
        _on_error: Closure<dyn FnMut()>,
    }

    pub fn subscribe(challenge_id: i64, on_event: impl Fn(LiveEvent) + Clone + 'static) {
        let Ok(source) = EventSource::new(&format!("/api/live/challenges/{challenge_id}")) else {
            return;
        };
        let dropped = Rc::new(Cell::new(false));
        let on_message = {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
                let parsed = message
                    .data()
                    .as_string()
                    .and_then(|json| serde_json::from_str::<LiveEvent>(&json).ok());
                if let Some(event) = parsed {
                    on_event(event);
                }
            })
        };
        let on_open = {
            let dropped = dropped.clone();
            Closure::<dyn FnMut()>::new(move || {
                if dropped.replace(false) {
                    on_event(LiveEvent::Resync);
                }
            })
        };
        let on_error = Closure::<dyn FnMut()>::new(move || dropped.set(true));
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let subscription = SendWrapper::new(Subscription {
            source,
            _on_message: on_message,
            _on_open: on_open,
            _on_error: on_error,
        });
        on_cleanup(move || subscription.source.close());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOTES: LiveEvent = LiveEvent::Votes { counts: Vec::new() };

    #[test]
    fn vote_totals_are_announced_at_most_once_a_minute() {
        assert_eq!(
            announcement(&VOTES, 1_000, None, Locale::en),
            Some("Vote totals were updated.")
        );
        assert_eq!(announcement(&VOTES, 59_999, Some(0), Locale::en), None);
        assert_eq!(
            announcement(&VOTES, 60_000, Some(0), Locale::nl),
            Some("De stemtotalen zijn bijgewerkt.")
        );
    }

    #[test]
    fn ideas_and_comments_are_always_announced_and_a_resync_never() {
        assert!(announcement(&LiveEvent::IdeasChanged, 1, Some(0), Locale::es).is_some());
        let comment = LiveEvent::Discussion {
            idea_id: 1,
            comment_count: 2,
        };
        assert!(announcement(&comment, 1, Some(0), Locale::en).is_some());
        assert_eq!(announcement(&LiveEvent::Resync, 1, None, Locale::en), None);
    }
}
