//! What the moderation board shows.

use serde::{Deserialize, Serialize};

/// A challenge's board: its themes as columns, every live idea, and the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub challenge_id: i64,
    pub title: String,
    pub themes: Vec<ThemeView>,
    /// Ideas in submission order; `theme_id` says which column each is in.
    pub ideas: Vec<BoardIdea>,
    /// What "Undo" would undo, if anything.
    pub undo: Option<String>,
    /// Newest first.
    pub log: Vec<AuditEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeView {
    pub theme_id: i64,
    pub name: String,
    /// Markdown, as the moderator wrote it.
    pub summary: String,
    /// A CSS colour such as `#2a9d8f`.
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardIdea {
    pub idea_id: i64,
    pub title: String,
    pub first_line: String,
    pub votes: i64,
    pub comments: i64,
    /// `None`: in the unsorted pile.
    pub theme_id: Option<i64>,
    /// Hidden by a moderator, with the reason.
    pub hidden: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub action_id: i64,
    pub actor_name: String,
    pub summary: String,
    pub at: i64,
    pub undone: bool,
}
