//! Live updates: what happens on a challenge is pushed to everyone on its page as server-sent
//! events.
//!
//! One broadcast channel per challenge, holding events already serialised, so a burst of votes
//! costs one JSON encoding per event however many people watch. Vote totals are coalesced: a
//! vote marks its idea's total as changed, and at most every [`VOTE_FLUSH`] one event carries
//! all changed totals. A subscriber that falls behind the channel's buffer is told to fetch
//! again (`resync`) instead of being buffered without bound.
//!
//! On PostgreSQL several processes may serve one site, so events travel through the database
//! (LISTEN/NOTIFY, see [`db::live`]) to every process, this one included. Vote totals are sent
//! inside the vote's transaction: notifications arrive in commit order, so every process ends
//! on the same, latest totals. If the listening connection drops, pages are told to resync
//! once it is back, since events sent meanwhile are lost.

use std::{
    collections::{BTreeMap, HashMap},
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
use serde::{Deserialize, Serialize};
use sqlx::{postgres::PgListener, Any, Transaction};
use tokio::sync::{broadcast, mpsc};

use super::{
    access, auth,
    clock::now_ms,
    db::{self, Backend, Db},
    state::AppState,
};
use crate::{error::AppError, model::LiveEvent};

const VOTE_FLUSH: Duration = Duration::from_millis(250);
/// Events a subscriber may fall behind before it is asked to resync.
const CHANNEL_CAPACITY: usize = 256;
/// Events waiting to be sent to the other processes; beyond this they are dropped (and logged)
/// rather than holding up the request that caused them.
const RELAY_BACKLOG: usize = 4_096;
/// How long to wait before listening again after the database connection was lost.
const RELAY_RETRY: Duration = Duration::from_secs(1);
/// Vote totals per notification, well under PostgreSQL's payload limit.
const COUNTS_PER_NOTIFICATION: usize = 200;

/// The live events of every challenge, for the people watching them.
#[derive(Clone, Default)]
pub struct Live {
    local: Subscribers,
    /// PostgreSQL: events go out through the database, to every process (this one included).
    relay: Option<mpsc::Sender<String>>,
}

/// One event as it travels between processes.
#[derive(Serialize, Deserialize)]
struct Relayed {
    challenge_id: i64,
    event: LiveEvent,
}

impl Live {
    /// Live updates for a server on `db`: within this process on SQLite, through the database
    /// on PostgreSQL, where this returns once this process is listening (so nothing committed
    /// after it is missed) and spawns the tasks that relay events.
    pub async fn start(db: &Db) -> Result<Self, sqlx::Error> {
        let local = Subscribers::default();
        if db.backend() == Backend::Sqlite {
            return Ok(Self { local, relay: None });
        }
        let listener = db::live::listen(db).await?;
        let (outbox, pending) = mpsc::channel(RELAY_BACKLOG);
        tokio::spawn(send_relayed(db.clone(), pending));
        tokio::spawn(receive_relayed(db.clone(), listener, local.clone()));
        Ok(Self {
            local,
            relay: Some(outbox),
        })
    }

    pub fn subscribe(&self, challenge_id: i64) -> broadcast::Receiver<Arc<str>> {
        self.local.subscribe(challenge_id)
    }

    /// Sends an event to everyone watching the challenge now.
    pub fn publish(&self, challenge_id: i64, event: &LiveEvent) {
        let Some(relay) = &self.relay else {
            self.local.send(challenge_id, event);
            return;
        };
        let relayed = Relayed {
            challenge_id,
            event: event.clone(),
        };
        let Ok(payload) = serde_json::to_string(&relayed) else {
            return;
        };
        if relay.try_send(payload).is_err() {
            tracing::warn!(
                challenge_id,
                "live event dropped: the relay to other processes is backed up"
            );
        }
    }

    /// In a vote transaction on PostgreSQL: sends the ideas' new totals (by challenge, from
    /// [`db::votes::AppliedVotes`]) to every process when the transaction commits.
    pub async fn relay_vote_totals(
        &self,
        tx: &mut Transaction<'static, Any>,
        totals: &BTreeMap<i64, Vec<(i64, i64)>>,
    ) -> Result<(), sqlx::Error> {
        if self.relay.is_none() {
            return Ok(());
        }
        for (&challenge_id, counts) in totals {
            for chunk in counts.chunks(COUNTS_PER_NOTIFICATION) {
                let relayed = Relayed {
                    challenge_id,
                    event: LiveEvent::Votes {
                        counts: chunk.to_vec(),
                    },
                };
                let payload = serde_json::to_string(&relayed)
                    .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
                db::live::notify(&mut **tx, &payload).await?;
            }
        }
        Ok(())
    }

    /// After a vote transaction committed on SQLite: shows the ideas' new totals here (on
    /// PostgreSQL [`Self::relay_vote_totals`] already sent them).
    pub fn show_vote_totals(&self, totals: &BTreeMap<i64, Vec<(i64, i64)>>) {
        if self.relay.is_some() {
            return;
        }
        for (&challenge_id, counts) in totals {
            self.local.vote_totals(challenge_id, counts);
        }
    }
}

/// Sends this process's events (other than vote totals) to every process, in order.
async fn send_relayed(db: Db, mut pending: mpsc::Receiver<String>) {
    while let Some(payload) = pending.recv().await {
        if let Err(error) = db::live::notify(db.writer(), &payload).await {
            tracing::warn!(%error, "a live event could not be sent through the database");
        }
    }
}

/// Hands every process's events to this process's subscribers, listening again whenever the
/// connection is lost.
async fn receive_relayed(db: Db, mut listener: PgListener, local: Subscribers) {
    loop {
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) => local.deliver(notification.payload()),
                // Lost and already reconnected: whatever was sent in between is missed.
                Ok(None) => local.resync_all(),
                Err(error) => {
                    tracing::warn!(%error, "lost the connection that receives live events");
                    break;
                }
            }
        }
        listener = loop {
            tokio::time::sleep(RELAY_RETRY).await;
            match db::live::listen(&db).await {
                Ok(listener) => break listener,
                Err(error) => tracing::warn!(%error, "cannot listen for live events yet"),
            }
        };
        tracing::info!("listening for live events again");
        local.resync_all();
    }
}

/// The people watching each challenge in this process.
#[derive(Clone, Default)]
struct Subscribers {
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

impl Subscribers {
    fn with_channel<T>(&self, challenge_id: i64, f: impl FnOnce(&mut Channel) -> T) -> T {
        let mut channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        f(channels.entry(challenge_id).or_insert_with(Channel::new))
    }

    fn subscribe(&self, challenge_id: i64) -> broadcast::Receiver<Arc<str>> {
        self.with_channel(challenge_id, |channel| channel.sender.subscribe())
    }

    fn send(&self, challenge_id: i64, event: &LiveEvent) {
        let Ok(json) = serde_json::to_string(event) else {
            return;
        };
        // An error only means nobody is listening.
        let _ = self.with_channel(challenge_id, |channel| channel.sender.send(json.into()));
    }

    /// An event from the relay: vote totals join this process's coalescing, the rest go out.
    fn deliver(&self, payload: &str) {
        match serde_json::from_str::<Relayed>(payload) {
            Ok(Relayed {
                challenge_id,
                event: LiveEvent::Votes { counts },
            }) => self.vote_totals(challenge_id, &counts),
            Ok(Relayed {
                challenge_id,
                event,
            }) => self.send(challenge_id, &event),
            Err(error) => tracing::warn!(%error, "ignored a malformed live event"),
        }
    }

    /// Tells every page to fetch again, after events may have been missed.
    fn resync_all(&self) {
        let json: Arc<str> = serde_json::to_string(&LiveEvent::Resync)
            .unwrap_or_default()
            .into();
        let channels = self.channels.lock().unwrap_or_else(PoisonError::into_inner);
        for channel in channels.values() {
            let _ = channel.sender.send(json.clone());
        }
    }

    /// Records ideas' new vote totals; they go out with the next coalesced `votes` event.
    fn vote_totals(&self, challenge_id: i64, counts: &[(i64, i64)]) {
        let schedule = self.with_channel(challenge_id, |channel| {
            channel.pending_votes.extend(counts.iter().copied());
            !std::mem::replace(&mut channel.flush_scheduled, true)
        });
        if schedule {
            let subscribers = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(VOTE_FLUSH).await;
                subscribers.flush_votes(challenge_id);
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
            self.send(challenge_id, &LiveEvent::Votes { counts });
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
        live.show_vote_totals(&BTreeMap::from([(7, vec![(1, 1), (2, 5)])]));
        live.show_vote_totals(&BTreeMap::from([(7, vec![(1, 2)])]));
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
