//! The field where someone chooses a password, with the browser checking the same minimum
//! length the server enforces.

use leptos::prelude::*;

use crate::{
    domain::NewPassword,
    i18n::{t, use_i18n},
};

#[component]
pub fn NewPasswordField() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            {t!(i18n, accounts.new_password)}
            <input
                type="password"
                name="new_password"
                required
                minlength=NewPassword::MIN_CHARS
                autocomplete="new-password"
            />
        </label>
    }
}
