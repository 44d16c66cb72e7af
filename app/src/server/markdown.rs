//! Markdown from people, made safe to show: rendered with pulldown-cmark, then cleaned with an
//! allow-list (ammonia). Raw HTML in the source is shown as text, scripts and event handlers are
//! dropped, only http, https and mailto links survive, and every link gets
//! `rel="nofollow noopener"`.

use pulldown_cmark::{html::push_html, Event, Options, Parser, TagEnd};

pub fn to_safe_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // People write Markdown, not HTML: show any tags they type instead of interpreting them.
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    push_html(&mut html, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("nofollow noopener"))
        .clean(&html)
        .to_string()
}

/// The text of a Markdown document without markup, cut at a word boundary after about
/// `max_chars` characters, for idea cards and notifications.
pub fn plain_excerpt(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(&part),
            // Inline markup ends mid-sentence: "**focus**." must stay "focus.".
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
        if text.len() > max_chars * 4 {
            break;
        }
    }
    let words = text.split_whitespace();
    let mut excerpt = String::new();
    for word in words {
        if excerpt.chars().count() + word.chars().count() + 1 > max_chars {
            excerpt.push('\u{2026}');
            return excerpt;
        }
        if !excerpt.is_empty() {
            excerpt.push(' ');
        }
        excerpt.push_str(word);
    }
    excerpt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_keep_punctuation_next_to_inline_markup() {
        assert_eq!(
            plain_excerpt(
                "We want to **focus** and to [meet](https://example.org).\n\nNext",
                80
            ),
            "We want to focus and to meet. Next"
        );
    }

    #[test]
    fn markdown_renders() {
        let html = to_safe_html("**Bold** and a [link](https://example.org)");
        assert!(html.contains("<strong>Bold</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org" rel="nofollow noopener">link</a>"#),
            "{html}"
        );
    }

    #[test]
    fn hostile_input_is_neutralised() {
        let cases = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<svg><script>alert(1)</script></svg>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "![x](javascript:alert(1))",
            "<iframe src=https://evil.example></iframe>",
            "<<script>script>alert(1)<</script>/script>",
        ];
        for markdown in cases {
            let html = to_safe_html(markdown).to_lowercase();
            // Typed tags survive only as escaped text; links keep only safe schemes.
            for forbidden in [
                "<script",
                "<img src=x",
                "onerror=\"",
                "<iframe",
                "<svg",
                "<a href=\"javascript:",
                "<img src=\"javascript:",
                "<a href=\"data:",
                "<img src=\"data:",
            ] {
                assert!(!html.contains(forbidden), "{markdown:?} gave {html:?}");
            }
        }
    }

    #[test]
    fn typed_tags_stay_visible_as_text() {
        assert_eq!(
            to_safe_html("a <b>tag</b>"),
            "<p>a &lt;b&gt;tag&lt;/b&gt;</p>\n"
        );
    }

    #[test]
    fn excerpts_drop_markup_and_cut_at_words() {
        assert_eq!(
            plain_excerpt("# Title\n\nSome *fine* text", 100),
            "Title Some fine text"
        );
        assert_eq!(plain_excerpt("one two three four", 10), "one two\u{2026}");
    }
}
