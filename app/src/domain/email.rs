//! Email addresses as Chorus stores them: trimmed and lower-cased, so one person has one login.

use crate::{
    error::AppError,
    i18n::{td_string, Locale},
    locale::current_locale,
};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Accepts `local@domain.tld` after trimming and lower-casing. This is not full RFC 5322:
    /// it rejects what is certainly wrong (typos like a missing `@` or domain) and nothing else.
    /// A refusal is in the request's language.
    pub fn parse(input: &str) -> Result<Self, AppError> {
        Self::parse_with(input, current_locale)
    }

    /// Like [`EmailAddress::parse`], with a refusal in `locale` (for callers that already know
    /// it, such as an import checking many rows).
    pub fn parse_in(locale: Locale, input: &str) -> Result<Self, AppError> {
        Self::parse_with(input, || locale)
    }

    /// The rules; `locale` is asked for only when the input is refused.
    fn parse_with(input: &str, locale: impl FnOnce() -> Locale) -> Result<Self, AppError> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err(AppError::invalid(td_string!(locale(), errors.enter_email)));
        }
        if email.len() > 254 {
            return Err(AppError::invalid(td_string!(
                locale(),
                errors.email_too_long
            )));
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(AppError::invalid(
                td_string!(locale(), errors.email_no_at, email = &email).to_string(),
            ));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@');
        if local.is_empty() || !domain_ok || email.chars().any(char::is_whitespace) {
            return Err(AppError::invalid(
                td_string!(locale(), errors.email_invalid, email = &email).to_string(),
            ));
        }
        Ok(Self(email))
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
    fn addresses_are_trimmed_and_lower_cased() {
        let email = EmailAddress::parse("  Ada.Lovelace@Example.ORG ").unwrap();
        assert_eq!(email.as_str(), "ada.lovelace@example.org");
    }

    #[test]
    fn obvious_typos_are_rejected_with_a_reason() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "a b@x.org",
            "a@@x.org",
        ] {
            let error = EmailAddress::parse(bad).unwrap_err();
            assert_eq!(error.status_code(), 422, "{bad:?} should be rejected");
        }
        let message = EmailAddress::parse("ada.example.org")
            .unwrap_err()
            .to_string();
        assert!(message.contains("no @"), "{message}");
    }
}
