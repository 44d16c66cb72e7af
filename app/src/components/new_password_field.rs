//! The field where someone chooses a password, with the browser checking the same minimum
//! length the server enforces.

use leptos::prelude::*;

use crate::domain::NewPassword;

#[component]
pub fn NewPasswordField() -> impl IntoView {
    view! {
        <label>
            "New password"
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
