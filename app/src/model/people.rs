//! People, their roles, and what an admin sees when importing them.

use serde::{Deserialize, Serialize};

use crate::i18n::{td_string, Locale};

/// What a person may do across the instance. Per-challenge duties (such as moderating one
/// challenge) are granted on top of this by later features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Runs the instance: people, roles, imports, settings.
    Admin,
    /// Launches challenges and sees adoption figures.
    Leader,
    /// Turns contributions into themes and a synthesis.
    Moderator,
    /// Contributes ideas, comments and votes.
    Member,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Leader, Role::Moderator, Role::Member];

    /// The spelling stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Leader => "leader",
            Role::Moderator => "moderator",
            Role::Member => "member",
        }
    }

    /// "Admin", "Líder", "Moderator"…: the role as people read it, in `locale`.
    pub fn name(self, locale: Locale) -> &'static str {
        match self {
            Role::Admin => td_string!(locale, common.role_admin),
            Role::Leader => td_string!(locale, common.role_leader),
            Role::Moderator => td_string!(locale, common.role_moderator),
            Role::Member => td_string!(locale, common.role_member),
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(value.trim()))
    }

    /// Admins manage people and roles.
    pub fn can_manage_people(self) -> bool {
        self == Role::Admin
    }
}

/// The signed-in person, as the page header and permission checks in the UI need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub person_id: i64,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    /// Where the person sits, which decides the challenges they are invited to.
    pub department: String,
    pub region: String,
}

impl Role {
    /// Leaders and admins launch challenges, see them before they open and change their time box.
    pub fn can_launch_challenges(self) -> bool {
        matches!(self, Role::Admin | Role::Leader)
    }
}

/// A person as admins see them in the people list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub person_id: i64,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub department: String,
    pub region: String,
    pub manager_email: Option<String>,
    pub has_password: bool,
    pub active: bool,
}

/// What an admin submits to create or edit a person; parsed on the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonInput {
    /// `None` creates a new person.
    pub person_id: Option<i64>,
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub department: String,
    pub region: String,
    pub manager_email: String,
    pub active: bool,
}

/// A one-time link that lets a person choose their password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordLink {
    pub email: String,
    pub url: String,
    pub expires_in_days: u32,
}

/// The result of checking (and possibly applying) a CSV of people.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// True when the accepted rows were written; false for a dry run or when rows were rejected.
    pub applied: bool,
    pub rows: Vec<ImportRow>,
}

impl ImportReport {
    pub fn rejected(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| matches!(row.outcome, ImportOutcome::Rejected(_)))
            .count()
    }

    pub fn accepted(&self) -> usize {
        self.rows.len() - self.rejected()
    }
}

/// One data line of the CSV and what happens (or happened) to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// Line number in the file as a spreadsheet shows it (the header is line 1).
    pub line: usize,
    pub email: String,
    pub outcome: ImportOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    Create,
    Update,
    /// Why the row cannot be imported, in words the admin can act on.
    Rejected(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_stored_spelling() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse(" Leader "), Some(Role::Leader));
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn import_report_counts_rejected_rows() {
        let row = |outcome| ImportRow {
            line: 2,
            email: "a@b.c".into(),
            outcome,
        };
        let report = ImportReport {
            applied: false,
            rows: vec![
                row(ImportOutcome::Create),
                row(ImportOutcome::Update),
                row(ImportOutcome::Rejected("bad".into())),
            ],
        };
        assert_eq!(report.accepted(), 2);
        assert_eq!(report.rejected(), 1);
    }
}

/// How people sign in here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInMethods {
    /// "Sign in with {label}", when single sign-on is set up.
    pub sso_label: Option<String>,
    pub password: bool,
}

/// Why a single sign-on came back without signing the person in; carried to the sign-in page
/// as a code, so the page (not the address bar) says what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SsoProblem {
    Unreachable,
    NotConfirmed,
    Expired,
    Unverified,
    Deactivated,
    NotSetUp,
    /// A failure on our side (logged).
    Internal,
}

impl SsoProblem {
    const ALL: [SsoProblem; 7] = [
        Self::Unreachable,
        Self::NotConfirmed,
        Self::Expired,
        Self::Unverified,
        Self::Deactivated,
        Self::NotSetUp,
        Self::Internal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Unreachable => "unreachable",
            Self::NotConfirmed => "not-confirmed",
            Self::Expired => "expired",
            Self::Unverified => "unverified",
            Self::Deactivated => "deactivated",
            Self::NotSetUp => "not-set-up",
            Self::Internal => "internal",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|problem| problem.code() == code)
    }
}
