//! Free text with a length limit: idea titles and bodies, comments, challenge fields.

use crate::{
    error::AppError,
    i18n::{td_string, Locale},
    locale::current_locale,
};

/// What a piece of text is, for the limits and the messages that name it.
#[derive(Debug, Clone, Copy)]
pub struct TextRule {
    /// Names the field in messages, in the given language, e.g. "The title".
    pub field: fn(Locale) -> &'static str,
    pub max_chars: usize,
    /// One line only: line breaks are turned into spaces.
    pub single_line: bool,
}

pub const CHALLENGE_TITLE: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_title),
    max_chars: 120,
    single_line: true,
};
pub const QUESTION: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_question),
    max_chars: 300,
    single_line: true,
};
pub const BRIEF: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_brief),
    max_chars: 20_000,
    single_line: false,
};
pub const IDEA_TITLE: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_title),
    max_chars: 120,
    single_line: true,
};
pub const IDEA_BODY: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_description),
    max_chars: 10_000,
    single_line: false,
};
pub const COMMENT: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_comment),
    max_chars: 5_000,
    single_line: false,
};

pub const THEME_NAME: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_theme_name),
    max_chars: 80,
    single_line: true,
};
pub const THEME_SUMMARY: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_theme_summary),
    max_chars: 5_000,
    single_line: false,
};
pub const HIDING_REASON: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_reason),
    max_chars: 300,
    single_line: true,
};
pub const SYNTHESIS_SUMMARY: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_summary),
    max_chars: 5_000,
    single_line: false,
};
pub const HIGHLIGHT_QUOTE: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_quote),
    max_chars: 280,
    single_line: true,
};
pub const REPORT_REASON: TextRule = TextRule {
    field: |locale| td_string!(locale, errors.field_report_reason),
    max_chars: 500,
    single_line: false,
};

/// Text that passed its rule: trimmed, not empty, within the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedText(String);

impl BoundedText {
    pub fn parse(rule: TextRule, input: &str) -> Result<Self, AppError> {
        let text = if rule.single_line {
            input.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            // Every line break as `\n`, including a lone `\r` (old Mac files), so that text
            // saved again is unchanged (`\r\r\n` once became `\r\n`, then `\n`).
            input.trim().replace("\r\n", "\n").replace('\r', "\n")
        };
        if text.is_empty() {
            let locale = current_locale();
            return Err(AppError::invalid(
                td_string!(locale, errors.text_empty, field = (rule.field)(locale)).to_string(),
            ));
        }
        let length = text.chars().count();
        if length > rule.max_chars {
            let locale = current_locale();
            return Err(AppError::invalid(
                td_string!(
                    locale,
                    errors.text_too_long,
                    field = (rule.field)(locale),
                    max = rule.max_chars,
                    length,
                    count = length - rule.max_chars
                )
                .to_string(),
            ));
        }
        Ok(Self(text))
    }

    /// Like [`BoundedText::parse`], but empty input is allowed and gives an empty string.
    pub fn parse_optional(rule: TextRule, input: &str) -> Result<Self, AppError> {
        if input.trim().is_empty() {
            Ok(Self(String::new()))
        } else {
            Self::parse(rule, input)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_saved_again_is_unchanged_whatever_its_line_breaks() {
        // Found by the `input` fuzz target (app/fuzz).
        let typed = "one\r\r\ntwo\rthree\r\nfour";
        let stored = BoundedText::parse(IDEA_BODY, typed).unwrap();
        assert_eq!(stored.as_str(), "one\n\ntwo\nthree\nfour");
        let saved_again = BoundedText::parse(IDEA_BODY, stored.as_str()).unwrap();
        assert_eq!(saved_again.as_str(), stored.as_str());
    }

    #[test]
    fn titles_are_one_trimmed_line() {
        let title = BoundedText::parse(IDEA_TITLE, "  Four-day\n week ").unwrap();
        assert_eq!(title.as_str(), "Four-day week");
    }

    #[test]
    fn empty_text_names_the_field() {
        let error = BoundedText::parse(IDEA_BODY, " \n ").unwrap_err();
        assert_eq!(error.to_string(), "The description cannot be empty.");
    }

    #[test]
    fn over_long_text_says_by_how_much() {
        let error = BoundedText::parse(IDEA_TITLE, &"x".repeat(125)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "The title can be at most 120 characters; it has 125. Shorten it by 5."
        );
        // Characters, not bytes: 120 accented letters fit.
        assert!(BoundedText::parse(IDEA_TITLE, &"é".repeat(120)).is_ok());
    }

    #[test]
    fn optional_text_may_be_empty() {
        assert_eq!(
            BoundedText::parse_optional(BRIEF, "  ").unwrap().as_str(),
            ""
        );
    }
}
