//! Markdown from people, as ideas, comments and syntheses show it: whatever the text, the HTML
//! has no element or attribute that can run script, and the excerpt stays short.

#![no_main]

use app::server::markdown::{plain_excerpt, to_safe_html};
use libfuzzer_sys::fuzz_target;

/// Elements the cleaned HTML may contain (what Markdown produces).
const ELEMENTS: &[&str] = &[
    "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img",
    "input", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
];
const URL_ATTRIBUTES: &[&str] = &["href", "src"];
const SAFE_SCHEMES: &[&str] = &["http:", "https:", "mailto:"];

fuzz_target!(|text: &str| {
    let html = to_safe_html(text);
    for tag in tags(&html) {
        check_tag(&tag, &html);
    }
    let excerpt = plain_excerpt(text, 200);
    // Cut at a word boundary after about 200 characters, plus the ellipsis.
    assert!(
        excerpt.chars().count() <= 200 + 64,
        "excerpt of {} characters",
        excerpt.chars().count()
    );
});

/// Every tag of the serialised HTML. Text and attribute values are escaped, so a `<` outside a
/// quoted value always starts a tag.
fn tags(html: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut current: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in html.chars() {
        match (&mut current, quote) {
            (None, _) if c == '<' => current = Some(String::new()),
            (None, _) => {}
            (Some(tag), Some(q)) => {
                tag.push(c);
                if c == q {
                    quote = None;
                }
            }
            (Some(tag), None) => match c {
                '>' => tags.push(current.take().unwrap_or_default()),
                '"' | '\'' => {
                    tag.push(c);
                    quote = Some(c);
                }
                _ => tag.push(c),
            },
        }
    }
    assert!(current.is_none(), "unterminated tag in {html:?}");
    tags
}

fn check_tag(tag: &str, html: &str) {
    let tag = tag.trim_start_matches('/').trim_end_matches('/');
    let mut parts = tag.splitn(2, char::is_whitespace);
    let name = parts.next().unwrap_or_default().to_ascii_lowercase();
    assert!(ELEMENTS.contains(&name.as_str()), "element <{name}> in {html:?}");
    let mut rest = parts.next().unwrap_or_default();
    while let Some((attribute, after)) = next_attribute(rest) {
        let (key, value) = attribute;
        assert!(!key.starts_with("on"), "event handler {key} in {html:?}");
        assert!(key != "style", "style attribute in {html:?}");
        if URL_ATTRIBUTES.contains(&key.as_str()) {
            // As a browser reads a URL: outer spaces and controls dropped, tabs and line
            // breaks removed anywhere.
            let value: String = value
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .to_ascii_lowercase();
            // A browser reads a scheme only where the text before the first colon is one: a
            // letter, then letters, digits, `+`, `-` or `.`. Anything else is a relative URL.
            let scheme = value.split_once(':').map(|(scheme, _)| scheme);
            let relative = scheme.is_none_or(|scheme| !is_scheme(scheme));
            assert!(
                relative || SAFE_SCHEMES.iter().any(|safe| value.starts_with(safe)),
                "{key}={value:?} in {html:?}"
            );
        }
        rest = after;
    }
}

fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|first| first.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The next `name="value"` (or bare `name`) in a tag's attribute list, and what follows it.
fn next_attribute(text: &str) -> Option<((String, String), &str)> {
    let text = text.trim_start();
    if text.is_empty() {
        return None;
    }
    let name_end = text
        .find(|c: char| c == '=' || c.is_whitespace())
        .unwrap_or(text.len());
    let name = text[..name_end].to_ascii_lowercase();
    let after_name = &text[name_end..];
    let Some(value) = after_name.strip_prefix('=') else {
        return Some(((name, String::new()), after_name));
    };
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'');
    match quote {
        Some(q) => {
            let end = value[1..].find(q).map_or(value.len(), |i| i + 2);
            let inner = value[1..end.saturating_sub(1).max(1)].to_owned();
            Some(((name, inner), &value[end..]))
        }
        None => {
            let end = value.find(char::is_whitespace).unwrap_or(value.len());
            Some(((name, value[..end].to_owned()), &value[end..]))
        }
    }
}
