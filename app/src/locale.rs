//! Which language the interface speaks, and numbers and dates written that language's way.
//!
//! The texts live in `app/locales/<language>/<namespace>.json`; leptos_i18n compiles them into
//! [`crate::i18n`] and checks every key used in the code at compile time. English is the
//! reference: the test below fails when another language lacks one of its keys or has extra
//! ones.
//!
//! A person's chosen language travels in the [`LANGUAGE_COOKIE`], set when they sign in or pick
//! a language, so the server renders even the first page in it. Without that cookie the
//! browser's `Accept-Language` decides.

use leptos_i18n::{context::UseLocalesOptions, Locale as _};

use crate::{domain::local_time::civil_utc, i18n::Locale};

/// Holds the language code a signed-in person chose; absent means "follow the browser".
pub const LANGUAGE_COOKIE: &str = "chorus_lang";

/// Every language of the interface, in the order the language menu offers them.
pub const LANGUAGES: [Locale; 3] = [Locale::en, Locale::es, Locale::nl];

/// A language's name in that language, as language menus show it.
pub fn native_name(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "English",
        Locale::es => "Español",
        Locale::nl => "Nederlands",
    }
}

/// The language with this code (`en`, `es`, `nl`), if the interface speaks it.
pub fn parse_language(code: &str) -> Option<Locale> {
    LANGUAGES
        .into_iter()
        .find(|locale| locale.as_str() == code.trim())
}

/// How the server learns the preferred languages of the request it renders: the chosen
/// language first, then the browser's. In the browser the page's `lang` attribute decides.
pub fn preferred_languages() -> UseLocalesOptions {
    #[cfg(feature = "ssr")]
    {
        UseLocalesOptions::default().ssr_lang_header_getter(|| {
            leptos::prelude::use_context::<http::request::Parts>()
                .map(|parts| preferred_languages_of(&parts))
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        UseLocalesOptions::default()
    }
}

/// The cookie's language ahead of the `Accept-Language` list, in that header's syntax.
#[cfg(feature = "ssr")]
fn preferred_languages_of(parts: &http::request::Parts) -> String {
    let chosen = crate::server::auth::cookie_value(parts, LANGUAGE_COOKIE);
    let browser = parts
        .headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    [chosen.as_deref(), browser]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(",")
}

/// The language to write a message in outside a view (`td_string!(current_locale(), …)`): the
/// page's language in the browser and while rendering; in a server function, the language of
/// the request it answers (chosen language, then the browser's); English otherwise.
pub fn current_locale() -> Locale {
    use leptos::prelude::use_context;
    if let Some(i18n) = use_context::<leptos_i18n::I18nContext<Locale>>() {
        return i18n.get_locale_untracked();
    }
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<http::request::Parts>() {
        return request_locale(&parts);
    }
    Locale::default()
}

/// The language a request asks for: its chosen language, else its browser's.
#[cfg(feature = "ssr")]
pub fn request_locale(parts: &http::request::Parts) -> Locale {
    let preferred = preferred_languages_of(parts);
    let tags: Vec<&str> = preferred
        .split(',')
        .map(|tag| tag.split(';').next().unwrap_or(tag).trim())
        .filter(|tag| !tag.is_empty())
        .collect();
    Locale::find_locale(&tags)
}

/// In the browser: the language the cookie names, else the first of the browser's languages
/// the interface speaks. `None` on the server, which reads the request instead.
pub fn browser_language() -> Option<Locale> {
    #[cfg(feature = "hydrate")]
    {
        let cookies = js_sys::Reflect::get(&leptos::prelude::document(), &"cookie".into())
            .ok()
            .and_then(|cookies| cookies.as_string())
            .unwrap_or_default();
        let chosen = cookies.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == LANGUAGE_COOKIE)
                .then(|| parse_language(value))
                .flatten()
        });
        Some(chosen.unwrap_or_else(|| {
            let languages: Vec<String> = leptos::prelude::window()
                .navigator()
                .languages()
                .iter()
                .filter_map(|language| language.as_string())
                .collect();
            Locale::find_locale(&languages)
        }))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// The `Set-Cookie` value remembering `language` in this browser for a year, or forgetting the
/// choice (`None`), so the browser's language applies again. Readable by the page's script,
/// which switches language without a reload.
pub fn language_cookie(language: Option<Locale>, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    match language {
        Some(locale) => format!(
            "{LANGUAGE_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000{secure}",
            locale.as_str()
        ),
        None => format!("{LANGUAGE_COOKIE}=; Path=/; SameSite=Lax; Max-Age=0{secure}"),
    }
}

/// A whole number with the language's thousands separator: `12,345` in English, `12.345` in
/// Spanish and Dutch. Spanish leaves four-digit numbers ungrouped (`1300`), as its style
/// guides and CLDR do.
pub fn format_integer(locale: Locale, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let (separator, min_digits) = match locale {
        Locale::en => (',', 4),
        Locale::es => ('.', 5),
        Locale::nl => ('.', 4),
    };
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        grouped.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        let remaining = digits.len() - i;
        if i > 0 && remaining.is_multiple_of(3) && digits.len() >= min_digits {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

/// A number with one decimal: `4.5` in English, `4,5` in Spanish and Dutch.
pub fn format_one_decimal(locale: Locale, x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let whole = format_integer(locale, tenths / 10);
    let whole = if tenths < 0 && tenths / 10 == 0 {
        format!("-{whole}")
    } else {
        whole
    };
    let mark = match locale {
        Locale::en => '.',
        Locale::es | Locale::nl => ',',
    };
    format!("{whole}{mark}{}", (tenths % 10).abs())
}

/// A whole percentage: `45%` in English and Dutch, `45 %` in Spanish (with a no-break space).
pub fn format_percent(locale: Locale, percent: i64) -> String {
    with_percent_sign(locale, format_integer(locale, percent), false)
}

/// A percentage with one decimal: `12.5 %` in English (with a narrow no-break space), `12,5 %`
/// in Spanish (with a no-break space), `12,5%` in Dutch.
pub fn format_percent_one_decimal(locale: Locale, x: f64) -> String {
    with_percent_sign(locale, format_one_decimal(locale, x), true)
}

/// `number` followed by the percent sign the language's way: Spanish puts a no-break space
/// before it, Dutch nothing; English nothing after a whole number and a narrow no-break space
/// after one with a decimal.
fn with_percent_sign(locale: Locale, number: String, one_decimal: bool) -> String {
    let space = match locale {
        Locale::es => "\u{a0}",
        Locale::en if one_decimal => "\u{202f}",
        Locale::en | Locale::nl => "",
    };
    format!("{number}{space}%")
}

const MONTHS: [[&str; 12]; 3] = [
    [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ],
    [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ],
];

fn month_name(locale: Locale, month: u32) -> &'static str {
    let row = match locale {
        Locale::en => 0,
        Locale::es => 1,
        Locale::nl => 2,
    };
    MONTHS[row][(month as usize).clamp(1, 12) - 1]
}

/// A day, e.g. `30 Nov 2026`, `30 nov 2026`.
pub fn format_day(locale: Locale, instant_ms: i64) -> String {
    let (year, month, day, _, _) = civil_utc(instant_ms);
    format!("{day} {} {year}", month_name(locale, month))
}

/// A UTC instant, e.g. `30 Nov 2026, 14:05 UTC` (Dutch writes no comma). The browser replaces
/// it with the viewer's own time zone.
pub fn format_instant_utc(locale: Locale, instant_ms: i64) -> String {
    let (_, _, _, hour, minute) = civil_utc(instant_ms);
    let joint = match locale {
        Locale::en | Locale::es => ", ",
        Locale::nl => " ",
    };
    format!(
        "{}{joint}{hour:02}:{minute:02} UTC",
        format_day(locale, instant_ms)
    )
}

#[cfg(test)]
mod tests {
    use std::{collections::BTreeSet, path::Path};

    use super::*;

    /// Every key path of a translation file, e.g. `nav.sign_in`; plural forms (`ideas_one`,
    /// `ideas_other`) count as their own keys, since every language here has both.
    fn key_paths(value: &serde_json::Value, prefix: &str, into: &mut BTreeSet<String>) {
        if let serde_json::Value::Object(map) = value {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                if child.is_object() {
                    key_paths(child, &path, into);
                } else {
                    into.insert(path);
                }
            }
        }
    }

    fn keys_of(language: &str) -> BTreeSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(language);
        let mut keys = BTreeSet::new();
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            let namespace = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("file name")
                .to_owned();
            let text = std::fs::read_to_string(&path).expect("translation file");
            let json: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            key_paths(&json, &namespace, &mut keys);
        }
        keys
    }

    #[test]
    fn every_language_has_exactly_the_english_keys() {
        let english = keys_of("en");
        assert!(english.len() > 100, "only {} English keys", english.len());
        for locale in &LANGUAGES[1..] {
            let other = keys_of(locale.as_str());
            let missing: Vec<_> = english.difference(&other).collect();
            let extra: Vec<_> = other.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}: missing {missing:?}, not in English {extra:?}",
                locale.as_str()
            );
        }
    }

    #[test]
    fn the_key_comparison_notices_a_missing_key() {
        let full: serde_json::Value = serde_json::json!({"a": "x", "b": {"c": "y"}});
        let short: serde_json::Value = serde_json::json!({"a": "x", "b": {}});
        let (mut all, mut fewer) = (BTreeSet::new(), BTreeSet::new());
        key_paths(&full, "ns", &mut all);
        key_paths(&short, "ns", &mut fewer);
        assert_eq!(
            all.difference(&fewer).collect::<Vec<_>>(),
            vec![&"ns.b.c".to_owned()]
        );
    }

    #[test]
    fn numbers_use_each_languages_separators() {
        assert_eq!(format_integer(Locale::en, 1_234_567), "1,234,567");
        assert_eq!(format_integer(Locale::nl, 1300), "1.300");
        assert_eq!(format_integer(Locale::es, 1300), "1300");
        assert_eq!(format_integer(Locale::es, 13_000), "13.000");
        assert_eq!(format_integer(Locale::en, -1000), "-1,000");
        assert_eq!(format_integer(Locale::en, 999), "999");
        assert_eq!(format_one_decimal(Locale::en, 4.46), "4.5");
        assert_eq!(format_one_decimal(Locale::nl, 1234.5), "1.234,5");
        assert_eq!(format_one_decimal(Locale::es, -0.3), "-0,3");
        assert_eq!(format_percent(Locale::es, 45), "45\u{a0}%");
        assert_eq!(format_percent(Locale::nl, 45), "45%");
        assert_eq!(format_percent(Locale::en, 1200), "1,200%");
    }

    #[test]
    fn percentages_with_a_decimal_use_each_languages_sign() {
        assert_eq!(
            format_percent_one_decimal(Locale::en, 12.46),
            "12.5\u{202f}%"
        );
        assert_eq!(format_percent_one_decimal(Locale::es, 12.46), "12,5\u{a0}%");
        assert_eq!(format_percent_one_decimal(Locale::nl, -1234.5), "-1.234,5%");
    }

    #[test]
    fn dates_use_each_languages_month_names() {
        // 2026-03-05 14:07 UTC
        let at = 1_772_719_620_000;
        assert_eq!(format_instant_utc(Locale::en, at), "5 Mar 2026, 14:07 UTC");
        assert_eq!(format_instant_utc(Locale::es, at), "5 mar 2026, 14:07 UTC");
        assert_eq!(format_instant_utc(Locale::nl, at), "5 mrt 2026 14:07 UTC");
        assert_eq!(format_day(Locale::es, at + 150 * 86_400_000), "2 ago 2026");
    }

    #[cfg(feature = "ssr")]
    fn request(headers: &[(&str, &str)]) -> http::request::Parts {
        let mut builder = http::Request::builder();
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).expect("request").into_parts().0
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_chosen_language_beats_the_browsers_which_beats_english() {
        let browser = ("accept-language", "nl-BE,nl;q=0.9,en;q=0.5");
        assert_eq!(request_locale(&request(&[browser])), Locale::nl);
        let chosen = ("cookie", "chorus_session=abc; chorus_lang=es");
        assert_eq!(request_locale(&request(&[browser, chosen])), Locale::es);
        assert_eq!(
            request_locale(&request(&[("accept-language", "fr-FR,de")])),
            Locale::en
        );
        assert_eq!(request_locale(&request(&[])), Locale::en);
        // A cookie naming a language Chorus does not speak falls back to the browser's.
        let unknown = ("cookie", "chorus_lang=xx");
        assert_eq!(request_locale(&request(&[browser, unknown])), Locale::nl);
    }

    #[test]
    fn languages_are_found_by_code_and_the_cookie_can_be_cleared() {
        assert_eq!(parse_language("nl"), Some(Locale::nl));
        assert_eq!(parse_language("fr"), None);
        assert!(language_cookie(Some(Locale::es), true).starts_with("chorus_lang=es;"));
        assert!(language_cookie(None, false).contains("Max-Age=0"));
    }
}
