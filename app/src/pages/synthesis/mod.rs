//! The synthesis: the one-page infographic (to read, print and download) and, for moderators,
//! the composer where they write the summary, pick highlights and publish.

pub mod compose;
pub mod view;
