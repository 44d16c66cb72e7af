//! Live updates: what happens on a challenge is pushed to everyone on its page as server-sent
//! events.
//!
//! One broadcast channel per challenge, holding events already serialised, so a burst of votes
//! costs one JSON encoding per event however many people watch. Vote totals are coalesced: a
//! vote marks its idea's total as changed, and at most every [`VOTE_FLUSH`] one event carries
//! all changed totals. A subscriber that falls behind the channel's buffer is told to fetch
//! again (`resync`) instead of being buffered without bound.

use std::{
    collections::HashMap,
    convert::Infallible,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use axum::{
    extract::{Path, State},
    http::request::Parts,
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
};
use futures::stream::{self, Stream};
use tokio::sync::broadcast;

use super::{access, auth, clock::now_ms, state::AppState};
use crate::{error::AppError, model::LiveEvent};

const VOTE_FLUSH: Duration = Duration::from_millis(250);
/// Events a subscriber may fall behind before it is asked to resync.
const CHANNEL_CAPACITY: usize = 256;

#[derive(Clone, Default)]
pub struct Live {
    channels: Arc<Mutex<HashMap<i64, Channel>>>,
}

struct Channel {
    sender: broadcast::Sender<Arc<str>>,
    /// Vote totals changed since the last flush, by idea.
    pending_votes: HashMap<i64, i64>,
    flush_scheduled: bool,
}

impl Channel {
    fn new() -> Self {
        Self {
            sender: broadcast::channel(CHANNEL_CAPACITY).0,
            pending_votes: HashMap::new(),
            flush_scheduled: false,
        }
    }
}

impl Live {
    fn with_channel<T>(&self, challenge_id: i64, f: impl FnOnce(&mut Channel) -> T) -> T {
        let mut channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        f(channels.entry(challenge_id).or_insert_with(Channel::new))
    }

    pub fn subscribe(&self, challenge_id: i64) -> broadcast::Receiver<Arc<str>> {
        self.with_channel(challenge_id, |channel| channel.sender.subscribe())
    }

    /// Sends an event to everyone watching the challenge now.
    pub fn publish(&self, challenge_id: i64, event: &LiveEvent) {
        let Ok(json) = serde_json::to_string(event) else {
            return;
        };
        // An error only means nobody is listening.
        let _ = self.with_channel(challenge_id, |channel| channel.sender.send(json.into()));
    }

    /// Records an idea's new vote total; it goes out with the next coalesced `votes` event.
    pub fn vote_total(&self, challenge_id: i64, idea_id: i64, votes: i64) {
        let schedule = self.with_channel(challenge_id, |channel| {
            channel.pending_votes.insert(idea_id, votes);
            !std::mem::replace(&mut channel.flush_scheduled, true)
        });
        if schedule {
            let live = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(VOTE_FLUSH).await;
                live.flush_votes(challenge_id);
            });
        }
    }

    fn flush_votes(&self, challenge_id: i64) {
        let counts = self.with_channel(challenge_id, |channel| {
            channel.flush_scheduled = false;
            let mut counts: Vec<(i64, i64)> = channel.pending_votes.drain().collect();
            counts.sort_unstable();
            counts
        });
        if !counts.is_empty() {
            self.publish(challenge_id, &LiveEvent::Votes { counts });
        }
    }
}

/// `GET /api/live/challenges/{challenge_id}`: the event stream of one challenge, for people
/// who may see it.
pub async fn challenge_events(
    State(state): State<AppState>,
    Path(challenge_id): Path<i64>,
    parts: Parts,
) -> Response {
    match subscribe(&state, challenge_id, &parts).await {
        Ok(receiver) => Sse::new(events(receiver))
            .keep_alive(KeepAlive::default())
            .into_response(),
        Err(error) => error.into_response(),
    }
}

async fn subscribe(
    state: &AppState,
    challenge_id: i64,
    parts: &Parts,
) -> Result<broadcast::Receiver<Arc<str>>, AppError> {
    let viewer = auth::viewer_of(state, parts)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    access::ChallengeAccess::load(&state.db, &viewer, challenge_id, now_ms()).await?;
    Ok(state.live.subscribe(challenge_id))
}

fn events(
    receiver: broadcast::Receiver<Arc<str>>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(receiver, |mut receiver| async move {
        let data = match receiver.recv().await {
            Ok(json) => json.to_string(),
            Err(broadcast::error::RecvError::Lagged(_)) => {
                serde_json::to_string(&LiveEvent::Resync).unwrap_or_default()
            }
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok(Event::default().data(data)), receiver))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn vote_totals_are_coalesced_into_one_event() {
        let live = Live::default();
        let mut receiver = live.subscribe(7);
        live.vote_total(7, 1, 1);
        live.vote_total(7, 2, 5);
        live.vote_total(7, 1, 2);
        let json = receiver.recv().await.unwrap();
        let event: LiveEvent = serde_json::from_str(&json).unwrap();
        assert_eq!(
            event,
            LiveEvent::Votes {
                counts: vec![(1, 2), (2, 5)]
            }
        );
        assert!(receiver.try_recv().is_err(), "only one event");
    }

    #[tokio::test]
    async fn a_subscriber_that_falls_behind_is_told_to_resync() {
        let live = Live::default();
        let receiver = live.subscribe(1);
        for _ in 0..CHANNEL_CAPACITY + 10 {
            live.publish(1, &LiveEvent::IdeasChanged);
        }
        let mut stream = Box::pin(events(receiver));
        use futures::StreamExt;
        let first = stream.next().await.unwrap().unwrap();
        assert!(format!("{first:?}").contains("resync"), "{first:?}");
    }
}
