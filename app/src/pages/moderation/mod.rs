//! The moderation board: themes as columns, suggested themes, the report queue, hidden content
//! and the audit log. Only a challenge's moderators (and leaders and admins) get here.

pub mod board;
mod queue;
mod suggestions;

use std::future::Future;

use leptos::prelude::*;

use crate::{error::AppError, model::BoardIdea};

/// What every part of the board shares: which challenge, what is selected, and the outcome of
/// the last action. Created once per page, so selections and messages survive reloads of the
/// board's data.
#[derive(Clone, Copy)]
pub(crate) struct BoardState {
    pub challenge_id: Memo<i64>,
    /// Bumped after each change, to reload the board.
    pub version: RwSignal<u32>,
    /// Ideas ticked for moving, merging or hiding, in the order they were ticked.
    pub selected: RwSignal<Vec<i64>>,
    /// Ideas being dragged.
    pub dragging: RwSignal<Vec<i64>>,
    /// What the last action did, or why it failed; read out to screen readers.
    pub outcome: RwSignal<Option<Result<String, AppError>>>,
    /// An action is on its way to the server.
    pub busy: RwSignal<bool>,
}

impl BoardState {
    pub fn new(challenge_id: Memo<i64>) -> Self {
        Self {
            challenge_id,
            version: RwSignal::new(0),
            selected: RwSignal::new(Vec::new()),
            dragging: RwSignal::new(Vec::new()),
            outcome: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Runs a change on the server; on success says `done`, clears the selection and reloads
    /// the board, on failure shows why (nothing changed then).
    pub fn perform<T>(
        self,
        done: impl Into<String>,
        change: impl Future<Output = Result<T, AppError>> + 'static,
    ) {
        let done = done.into();
        self.busy.set(true);
        self.outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = change.await;
            self.busy.set(false);
            match result {
                Ok(_) => {
                    self.outcome.set(Some(Ok(done)));
                    self.selected.set(Vec::new());
                    self.version.update(|version| *version += 1);
                }
                Err(error) => self.outcome.set(Some(Err(error))),
            }
        });
    }

    pub fn toggle(self, idea_id: i64) {
        self.selected.update(|selected| {
            if let Some(at) = selected.iter().position(|&id| id == idea_id) {
                selected.remove(at);
            } else {
                selected.push(idea_id);
            }
        });
    }
}

/// The title of one of the board's ideas, for messages and lists.
fn title_of(ideas: StoredValue<Vec<BoardIdea>>, idea_id: i64) -> String {
    ideas.with_value(|ideas| {
        ideas
            .iter()
            .find(|idea| idea.idea_id == idea_id)
            .map(|idea| idea.title.clone())
            .unwrap_or_default()
    })
}
