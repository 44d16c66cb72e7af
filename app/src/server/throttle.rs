//! Limits failed sign-ins, so passwords cannot be found by trying many: per account (someone
//! guessing one person's password) and per address (someone trying one password on many
//! accounts). Past the limit, attempts get 429 until the window ends, whether or not the
//! password would have matched.
//!
//! An attempt is counted when it is admitted, under the same lock as the check, so parallel
//! guesses cannot all pass the check while the password hashes are being compared; a correct
//! password gives its count back.
//!
//! Counts live in memory, per process: a restart forgets them, and with several processes each
//! counts its own share, which still bounds guessing to a small multiple of the limit.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

use crate::{error::AppError, i18n::td_string, locale::current_locale};

/// How long failures are remembered.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;
/// Failed attempts allowed per account in a window.
pub const ACCOUNT_FAILURES: u32 = 5;
/// Failed attempts allowed per address in a window: higher, as one office or proxy address can
/// stand for many people.
pub const ADDRESS_FAILURES: u32 = 50;
/// Above this many tracked keys, expired ones are dropped on the next failure, so a flood of
/// invented accounts cannot grow memory without bound.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// A lower-cased email address.
    Account(String),
    Address(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    first_at: i64,
    count: u32,
}

impl Failures {
    fn expired(&self, now: i64) -> bool {
        now - self.first_at >= WINDOW_MS
    }
}

/// The shared counter; cheap to clone.
#[derive(Clone, Default)]
pub struct SignInThrottle {
    failures: Arc<Mutex<HashMap<Key, Failures>>>,
}

impl SignInThrottle {
    fn failures(&self) -> MutexGuard<'_, HashMap<Key, Failures>> {
        self.failures.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn keys(email: &str, address: Option<IpAddr>) -> impl Iterator<Item = (Key, u32)> {
        std::iter::once((Key::Account(email.to_lowercase()), ACCOUNT_FAILURES))
            .chain(address.map(|address| (Key::Address(address), ADDRESS_FAILURES)))
    }

    /// Admits an attempt for `email` from `address` and counts it as a failure until
    /// [`succeeded`](Self::succeeded) says otherwise; refuses it when either has used up its
    /// failures.
    pub fn attempt(&self, email: &str, address: Option<IpAddr>, now: i64) -> Result<(), AppError> {
        let mut failures = self.failures();
        for (key, limit) in Self::keys(email, address) {
            let Some(seen) = failures.get(&key).filter(|seen| !seen.expired(now)) else {
                continue;
            };
            if seen.count >= limit {
                let minutes = ((seen.first_at + WINDOW_MS - now + 59_999) / 60_000).max(1);
                let locale = current_locale();
                let wait = td_string!(locale, errors.wait_minutes, count = minutes).to_string();
                return Err(AppError::TooManyAttempts(match key {
                    Key::Account(_) => {
                        td_string!(locale, errors.too_many_account, wait).to_string()
                    }
                    Key::Address(_) => {
                        td_string!(locale, errors.too_many_address, wait).to_string()
                    }
                }));
            }
        }
        if failures.len() > PRUNE_ABOVE {
            failures.retain(|_, seen| !seen.expired(now));
        }
        for (key, _) in Self::keys(email, address) {
            let seen = failures.entry(key).or_insert(Failures {
                first_at: now,
                count: 0,
            });
            if seen.expired(now) {
                *seen = Failures {
                    first_at: now,
                    count: 0,
                };
            }
            seen.count += 1;
        }
        Ok(())
    }

    /// A correct password clears the account's failures and gives the address back this
    /// attempt (not its earlier failures: one success must not reopen guessing on other
    /// accounts).
    pub fn succeeded(&self, email: &str, address: Option<IpAddr>) {
        let mut failures = self.failures();
        failures.remove(&Key::Account(email.to_lowercase()));
        if let Some(seen) = address.and_then(|address| failures.get_mut(&Key::Address(address))) {
            seen.count = seen.count.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_000_000_000;

    fn address(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([192, 0, 2, last]))
    }

    #[test]
    fn an_account_is_locked_after_its_failures_until_the_window_ends() {
        let throttle = SignInThrottle::default();
        for attempt in 0..ACCOUNT_FAILURES {
            assert!(throttle
                .attempt("Ana@Example.org", address(attempt as u8), START)
                .is_ok());
        }
        let refused = throttle
            .attempt("ana@example.org", address(99), START + 60_000)
            .unwrap_err();
        assert_eq!(refused.status_code(), 429);
        assert!(
            refused.to_string().contains("this account")
                && refused.to_string().contains("14 minutes"),
            "{refused}"
        );
        assert!(throttle
            .attempt("bo@example.org", address(99), START)
            .is_ok());
        assert!(throttle
            .attempt("ana@example.org", address(99), START + WINDOW_MS)
            .is_ok());
    }

    #[test]
    fn an_address_is_locked_after_failures_across_accounts() {
        let throttle = SignInThrottle::default();
        for attempt in 0..ADDRESS_FAILURES {
            let email = format!("person{attempt}@example.org");
            assert!(throttle.attempt(&email, address(1), START).is_ok());
        }
        let refused = throttle
            .attempt("new@example.org", address(1), START)
            .unwrap_err();
        assert!(refused.to_string().contains("your network"), "{refused}");
        assert!(throttle
            .attempt("new@example.org", address(2), START)
            .is_ok());
    }

    #[test]
    fn success_clears_the_account_but_not_the_address_failures() {
        let throttle = SignInThrottle::default();
        for _ in 0..ACCOUNT_FAILURES {
            assert!(throttle
                .attempt("ana@example.org", address(1), START)
                .is_ok());
        }
        // The last attempt had the right password.
        throttle.succeeded("ana@example.org", address(1));
        assert_eq!(
            throttle.failures()[&Key::Address(IpAddr::from([192, 0, 2, 1]))].count,
            ACCOUNT_FAILURES - 1
        );
        assert!(throttle
            .attempt("ana@example.org", address(1), START)
            .is_ok());
    }

    #[test]
    fn parallel_guesses_are_admitted_only_up_to_the_limit() {
        let throttle = SignInThrottle::default();
        let admitted: usize = std::thread::scope(|scope| {
            let guesses: Vec<_> = (0..4 * ACCOUNT_FAILURES)
                .map(|_| scope.spawn(|| throttle.attempt("ana@example.org", None, START).is_ok()))
                .collect();
            guesses
                .into_iter()
                .map(|guess| usize::from(guess.join().unwrap_or(false)))
                .sum()
        });
        assert_eq!(admitted, ACCOUNT_FAILURES as usize);
    }

    #[test]
    fn expired_entries_are_dropped_once_many_are_tracked() {
        let throttle = SignInThrottle::default();
        for n in 0..=PRUNE_ABOVE {
            assert!(throttle
                .attempt(&format!("p{n}@example.org"), None, START)
                .is_ok());
        }
        assert!(throttle
            .attempt("late@example.org", None, START + WINDOW_MS)
            .is_ok());
        assert_eq!(throttle.failures().len(), 1);
    }
}
