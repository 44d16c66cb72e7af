//! Instants and countdowns. The server renders UTC; once the app runs in the browser it shows
//! the viewer's own time zone (written by the browser's `Intl` in the interface's language) and
//! keeps countdowns ticking.

use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::{
    domain::local_time::{duration_parts, format_utc},
    i18n::{td_string, use_i18n, Locale},
    locale::format_instant_utc,
};

/// An instant, e.g. `22 Nov 2026, 14:00` in the viewer's time zone, written the way the
/// interface's language writes dates.
#[component]
pub fn LocalTime(at: i64) -> impl IntoView {
    let i18n = use_i18n();
    let in_browser = RwSignal::new(false);
    Effect::new(move |_| in_browser.set(true));
    let text = move || {
        let locale = i18n.get_locale();
        in_browser
            .get()
            .then(|| browser::local_text(at, locale.as_str()))
            .flatten()
            .unwrap_or_else(|| format_instant_utc(locale, at))
    };
    view! { <time datetime=format_utc(at).replace(" UTC", "Z").replace(' ', "T")>{text}</time> }
}

/// The current time, in UTC milliseconds, ticking every few seconds in the browser. Starts
/// from the server's clock and keeps its offset, so a wrong clock on the viewer's computer
/// does not open or close anything early on screen.
pub fn use_now(server_now: i64) -> ReadSignal<i64> {
    let (now, set_now) = signal(server_now);
    Effect::new(move |_| {
        let Some(browser_now) = browser::now_ms() else {
            return;
        };
        let skew = server_now - browser_now;
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if let Some(browser_now) = browser::now_ms() {
                    set_now.set(browser_now + skew);
                }
            },
            std::time::Duration::from_secs(5),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
    now
}

/// "Closes in 3 days 4 h" while before `until`, then "Closed", ticking with `now`.
#[component]
pub fn Countdown(
    #[prop(into)] now: Signal<i64>,
    #[prop(into)] until: Signal<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || countdown_text(i18n.get_locale(), now.get(), until.get())
}

/// What a countdown says at `now` (UTC milliseconds) about `until`, in `locale`: "Closes in
/// 45 min", "Closes in 2 h 5 min", "Closes in 3 days 4 h", then "Closed".
pub fn countdown_text(locale: Locale, now: i64, until: i64) -> String {
    if now >= until {
        return td_string!(locale, common.closed).to_owned();
    }
    let duration = match duration_parts(now, until) {
        (0, 0, minutes) => td_string!(locale, common.duration_minutes, minutes).to_string(),
        (0, hours, minutes) => {
            td_string!(locale, common.duration_hours, hours, minutes).to_string()
        }
        (days, hours, _) => {
            td_string!(locale, common.duration_days, count = days, hours).to_string()
        }
    };
    td_string!(locale, common.closes_in, duration).to_string()
}

/// The browser's clock, when running in the browser.
pub fn browser_now_ms() -> Option<i64> {
    browser::now_ms()
}

/// Minutes to add to the browser's local time to get UTC (`Date.getTimezoneOffset()`).
pub fn browser_utc_offset() -> Option<i64> {
    browser::utc_offset_minutes()
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsValue;

    pub fn now_ms() -> Option<i64> {
        Some(js_sys::Date::now() as i64)
    }

    pub fn utc_offset_minutes() -> Option<i64> {
        Some(js_sys::Date::new_0().get_timezone_offset() as i64)
    }

    pub fn local_text(at: i64, language: &str) -> Option<String> {
        let date = js_sys::Date::new(&JsValue::from_f64(at as f64));
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into()).ok()?;
        js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into()).ok()?;
        Some(date.to_locale_string(language, &options).into())
    }
}

/// On the server there is no browser clock: the rendered UTC text stays.
#[cfg(not(feature = "hydrate"))]
mod browser {
    pub fn now_ms() -> Option<i64> {
        None
    }

    pub fn utc_offset_minutes() -> Option<i64> {
        None
    }

    pub fn local_text(_at: i64, _language: &str) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;

    #[test]
    fn a_countdown_reads_in_minutes_hours_or_days_then_closed() {
        let now = 1_800_000_000_000;
        let english = |until| countdown_text(Locale::en, now, now + until);
        assert_eq!(english(45 * MINUTE), "Closes in 45 min");
        assert_eq!(english(2 * HOUR + 5 * MINUTE), "Closes in 2 h 5 min");
        assert_eq!(english(DAY + 4 * HOUR + 30 * MINUTE), "Closes in 1 day 4 h");
        assert_eq!(english(3 * DAY), "Closes in 3 days 0 h");
        assert_eq!(english(0), "Closed");
        assert_eq!(english(-MINUTE), "Closed");
    }

    #[test]
    fn a_countdown_follows_the_language() {
        let now = 1_800_000_000_000;
        assert_eq!(
            countdown_text(Locale::nl, now, now + 2 * HOUR + 5 * MINUTE),
            "Sluit over 2 u 5 min"
        );
        assert_eq!(
            countdown_text(Locale::es, now, now + 3 * DAY),
            "Cierra en 3 días 0 h"
        );
        assert_eq!(countdown_text(Locale::nl, now, now), "Gesloten");
    }
}
