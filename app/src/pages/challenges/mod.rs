//! Challenges: launching one, its page with the ideas, and one idea with its discussion.

mod author;
pub mod challenge;
pub mod idea;
mod idea_form;
pub mod launch;
mod manage;
mod report;
mod vote;
