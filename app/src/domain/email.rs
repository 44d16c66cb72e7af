//! Email addresses as Chorus stores them: trimmed and lower-cased, so one person has one login.

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Accepts `local@domain.tld` after trimming and lower-casing. This is not full RFC 5322:
    /// it rejects what is certainly wrong (typos like a missing `@` or domain) and nothing else.
    pub fn parse(input: &str) -> Result<Self, AppError> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err(AppError::invalid("Enter an email address."));
        }
        if email.len() > 254 {
            return Err(AppError::invalid(
                "That email address is longer than 254 characters.",
            ));
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(AppError::invalid(format!(
                "\u{201c}{email}\u{201d} is not an email address: it has no @."
            )));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@');
        if local.is_empty() || !domain_ok || email.chars().any(char::is_whitespace) {
            return Err(AppError::invalid(format!(
                "\u{201c}{email}\u{201d} is not a valid email address."
            )));
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
