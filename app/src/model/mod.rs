//! Plain data shared by the server and the browser. No behaviour beyond small helpers.

mod people;

pub use people::{
    ImportOutcome, ImportReport, ImportRow, PasswordLink, Person, PersonInput, Role, Viewer,
};
