//! Passwords people choose. Length is the rule that matters (NIST SP 800-63B); no composition rules.

use crate::{error::AppError, i18n::td_string, locale::current_locale};

pub struct NewPassword(String);

/// Never prints the password itself, so it cannot end up in a log by accident.
impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, AppError> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(AppError::invalid(
                td_string!(
                    current_locale(),
                    errors.password_too_short,
                    min = Self::MIN_CHARS,
                    chars
                )
                .to_string(),
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(AppError::invalid(
                td_string!(
                    current_locale(),
                    errors.password_too_long,
                    max = Self::MAX_CHARS
                )
                .to_string(),
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused_with_the_count() {
        let message = NewPassword::parse("short").unwrap_err().to_string();
        assert!(message.contains("at least 10"), "{message}");
        assert!(message.contains("has 5"), "{message}");
    }

    #[test]
    fn long_passphrases_with_spaces_are_fine() {
        assert!(NewPassword::parse("correct horse battery staple").is_ok());
        assert!(NewPassword::parse(&"x".repeat(201)).is_err());
    }
}
