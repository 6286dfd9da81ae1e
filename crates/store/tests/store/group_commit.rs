//! Write transactions under concurrency: on SQLite they are units of one
//! group commit (one `COMMIT` for the units waiting at the same moment), on
//! PostgreSQL plain transactions. Either way a unit commits or rolls back on
//! its own, and a commit that returned is durable. The `sqlite_` tests pin
//! what only the group commit can get wrong.

use std::time::Duration;

use samspill_domain::EventId;
use samspill_store::events::{Event, append_event};
use samspill_store::{Db, Tx};
use samspill_testkit::{TestDb, backend_test, count_rows};
use time::OffsetDateTime;

fn event(kind: &str) -> Event {
    Event {
        id: EventId::new(),
        occurred_at: OffsetDateTime::UNIX_EPOCH,
        kind: kind.to_owned(),
        actor_id: None,
        subject_id: None,
        unit_id: None,
        payload: serde_json::json!({}),
    }
}

async fn kinds(db: &Db) -> Vec<String> {
    let mut kinds: Vec<String> = samspill_store::events::list_events(db, None, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    kinds.sort();
    kinds
}

/// Lets tasks that were just spawned reach their `begin` and queue there.
async fn let_them_queue() {
    tokio::time::sleep(Duration::from_millis(100)).await;
}

backend_test! {
    async fn a_failing_unit_rolls_back_alone_while_its_neighbours_commit(t: TestDb) {
        // `first` holds the turn while the others queue behind it, so on
        // SQLite all three end up in one group.
        let mut first = t.db.begin().await.unwrap();
        let failing = tokio::spawn({
            let db = t.db.clone();
            async move {
                let mut tx = db.begin().await.unwrap();
                let twice = event("failing");
                append_event(&mut tx, &twice).await.unwrap();
                // The same id again: a primary-key conflict, and the unit is
                // dropped on the error path without commit.
                append_event(&mut tx, &twice).await
            }
        });
        let last = tokio::spawn({
            let db = t.db.clone();
            async move {
                let mut tx = db.begin().await.unwrap();
                append_event(&mut tx, &event("last")).await.unwrap();
                tx.commit().await
            }
        });
        let_them_queue().await;
        append_event(&mut first, &event("first")).await.unwrap();
        first.commit().await.unwrap();

        assert!(failing.await.unwrap().is_err());
        last.await.unwrap().unwrap();
        assert_eq!(kinds(&t.db).await, ["first", "last"]);
    }
}

backend_test! {
    async fn two_hundred_concurrent_units_all_commit_and_are_all_visible(t: TestDb) {
        let tasks: Vec<_> = (0..200)
            .map(|i| {
                let db = t.db.clone();
                tokio::spawn(async move {
                    let mut tx = db.begin().await?;
                    append_event(&mut tx, &event(&format!("unit {i:03}"))).await?;
                    if i % 2 == 0 {
                        append_event(&mut tx, &event(&format!("unit {i:03} again"))).await?;
                    }
                    tx.commit().await
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(count_rows(&t.db, "events").await, 300);
        let kinds = kinds(&t.db).await;
        assert!(kinds.contains(&"unit 000 again".to_owned()) && kinds.contains(&"unit 199".to_owned()));
    }
}

backend_test! {
    async fn a_dropped_unit_leaves_nothing_and_does_not_block_the_next_writer(t: TestDb) {
        // Alone (it began the group) and inside a group (after a commit that
        // is waiting for it).
        let mut alone = t.db.begin().await.unwrap();
        append_event(&mut alone, &event("dropped alone")).await.unwrap();
        drop(alone);

        let mut first = t.db.begin().await.unwrap();
        let inside = tokio::spawn({
            let db = t.db.clone();
            async move {
                let mut tx = db.begin().await.unwrap();
                append_event(&mut tx, &event("dropped inside")).await.unwrap();
            }
        });
        let_them_queue().await;
        append_event(&mut first, &event("kept")).await.unwrap();
        first.commit().await.unwrap();
        inside.await.unwrap();

        let next = async {
            let mut tx = t.db.begin().await.unwrap();
            append_event(&mut tx, &event("next")).await.unwrap();
            tx.commit().await.unwrap();
        };
        // Within 5 s: the next writer gets its turn.
        tokio::time::timeout(Duration::from_secs(5), next).await.unwrap();
        assert_eq!(kinds(&t.db).await, ["kept", "next"]);
    }
}

#[tokio::test]
async fn sqlite_acknowledged_commits_are_in_the_file_when_it_is_opened_again() {
    let t = TestDb::sqlite().await;
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            let db = t.db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin().await?;
                append_event(&mut tx, &event(&format!("durable {i}"))).await?;
                tx.commit().await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    t.db.close().await;

    let again = Db::connect(&t.url, 2, "test").await.unwrap();
    assert_eq!(count_rows(&again, "events").await, 64);
    again.close().await;
}

#[tokio::test]
async fn sqlite_a_unit_that_undoes_the_group_fails_every_unit_of_it() {
    let t = TestDb::sqlite().await;
    let mut first = t.db.begin().await.unwrap();
    let breaker = tokio::spawn({
        let db = t.db.clone();
        async move {
            let mut tx = db.begin().await.unwrap();
            append_event(&mut tx, &event("breaker")).await.unwrap();
            // What SQLite does on its own after some errors (a full disk,
            // an I/O error): the whole outer transaction is undone.
            if let Tx::Sqlite(unit) = &mut tx {
                sqlx::query("ROLLBACK").execute(&mut **unit).await.unwrap();
            }
            tx.commit().await
        }
    });
    let_them_queue().await;
    append_event(&mut first, &event("first")).await.unwrap();
    let first = first.commit().await;

    assert!(
        first.is_err(),
        "a unit of an undone group must not be acknowledged"
    );
    assert!(breaker.await.unwrap().is_err());
    assert_eq!(count_rows(&t.db, "events").await, 0);

    let mut tx = t.db.begin().await.unwrap();
    append_event(&mut tx, &event("after")).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(kinds(&t.db).await, ["after"]);
}

#[tokio::test]
async fn sqlite_a_closed_database_refuses_new_units() {
    let t = TestDb::sqlite().await;
    t.db.close().await;
    assert!(matches!(
        t.db.begin().await,
        Err(samspill_store::Error::Unavailable(_))
    ));
}

#[tokio::test]
async fn sqlite_units_waiting_at_the_same_moment_share_one_commit() {
    let t = TestDb::sqlite().await;
    let Db::Sqlite(sqlite) = &t.db else {
        unreachable!("a SQLite test database")
    };
    let before = sqlite.group_commits();
    let mut first = t.db.begin().await.unwrap();
    let others: Vec<_> = (0..10)
        .map(|i| {
            let db = t.db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin().await?;
                append_event(&mut tx, &event(&format!("other {i}"))).await?;
                tx.commit().await
            })
        })
        .collect();
    let_them_queue().await;
    append_event(&mut first, &event("first")).await.unwrap();
    first.commit().await.unwrap();
    for task in others {
        task.await.unwrap().unwrap();
    }
    assert_eq!(count_rows(&t.db, "events").await, 11);
    assert_eq!(
        sqlite.group_commits() - before,
        1,
        "eleven units, one COMMIT"
    );
}
