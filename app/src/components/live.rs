//! Subscribes a page to a challenge's live events (server-sent events). The browser's
//! `EventSource` reconnects by itself after a drop; when it does, the page is told to
//! [`LiveEvent::Resync`] so it fetches what it missed.

#[cfg(feature = "hydrate")]
use leptos::prelude::Effect;

use crate::model::LiveEvent;

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
