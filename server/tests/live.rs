//! Live updates over a real socket: a browser that stops reading is not buffered without bound.

mod common;

use app::{
    model::{LiveEvent, Role, VotingRule},
    server::{
        clock::{now_ms, DAY_MS},
        db::{test_support, Backend},
    },
};
use common::TestApp;
use std::{future::IntoFuture, time::Duration};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpSocket},
};

/// Far more than the socket buffers on both ends and the channel's 256 events can hold.
const EVENTS: i64 = 200_000;

#[tokio::test]
async fn a_subscriber_that_stops_reading_is_told_to_resync_instead_of_buffered() {
    let app = TestApp::new().await;
    if app.db().backend() != Backend::Sqlite {
        // On PostgreSQL every event would first travel through the database; the bound is the
        // same channel.
        eprintln!("skipped: publishing {EVENTS} events through PostgreSQL takes too long");
        return;
    }
    let member = app.session(Role::Member).await;
    let now = now_ms();
    let challenge =
        test_support::challenge(app.db(), VotingRule::OnePerIdea, now - DAY_MS, now + DAY_MS).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(axum::serve(listener, server::service(app.router.clone())).into_future());

    // A browser tab with a small receive buffer that reads the response head and then stops.
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    let request = format!(
        "GET /api/live/challenges/{challenge} HTTP/1.1\r\nHost: {addr}\r\n\
         Accept: text/event-stream\r\nCookie: {member}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut head = vec![0; 4096];
    let read = stream.read(&mut head).await.unwrap();
    let head = String::from_utf8_lossy(&head[..read]).into_owned();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");

    for n in 0..EVENTS {
        app.live.publish(
            challenge,
            &LiveEvent::Discussion {
                idea_id: n,
                comment_count: n,
            },
        );
        // Lets the server write what the socket takes, as it would between real events.
        if n % 64 == 0 {
            tokio::task::yield_now().await;
        }
    }

    // Reading again, the tab gets what the buffers held, then the request to resync.
    let mut received = head;
    let mut chunk = vec![0; 64 * 1024];
    while !received.contains("\"resync\"") {
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .expect("the stream goes on")
            .unwrap();
        assert!(read > 0, "the stream ended without a resync");
        received.push_str(&String::from_utf8_lossy(&chunk[..read]));
    }
    let delivered = received.matches("\"discussion\"").count() as i64;
    assert!(
        delivered < EVENTS,
        "all {EVENTS} events were kept for the stalled tab"
    );
    eprintln!("{delivered} of {EVENTS} events reached the stalled tab before its resync");
}
