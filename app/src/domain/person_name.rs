//! A person's display name, as shown on ideas and on the synthesis wall.

use crate::{
    error::AppError,
    i18n::{td_string, Locale},
    locale::current_locale,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    /// A refusal is in the request's language.
    pub fn parse(input: &str) -> Result<Self, AppError> {
        Self::parse_with(input, current_locale)
    }

    /// Like [`PersonName::parse`], with a refusal in `locale` (for callers that already know
    /// it, such as an import checking many rows).
    pub fn parse_in(locale: Locale, input: &str) -> Result<Self, AppError> {
        Self::parse_with(input, || locale)
    }

    /// The rules; `locale` is asked for only when the input is refused.
    fn parse_with(input: &str, locale: impl FnOnce() -> Locale) -> Result<Self, AppError> {
        // Collapse runs of white space so "Ada  Lovelace" and "Ada Lovelace" are one name.
        let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(AppError::invalid(td_string!(locale(), errors.enter_name)));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(AppError::invalid(
                td_string!(locale(), errors.name_too_long, max = Self::MAX_CHARS).to_string(),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(AppError::invalid(td_string!(
                locale(),
                errors.name_control_chars
            )));
        }
        Ok(Self(name))
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
    fn white_space_is_collapsed() {
        assert_eq!(
            PersonName::parse("  Ada \t Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
    }

    #[test]
    fn empty_and_overlong_names_are_refused() {
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"a".repeat(101)).is_err());
        assert!(PersonName::parse("Ada\u{7}").is_err());
    }
}
