use samspill_domain::EventId;
use samspill_store::events::{self, Event};
use samspill_testkit::backend_test;
use serde_json::json;

use crate::fixtures::{T0, person};

backend_test! {
    async fn events_are_appended_and_read_back_newest_first(t: TestDb) {
        let kari = person(&t.db, "kari", "Kari", None).await;
        let mut tx = t.db.begin().await.unwrap();
        for (i, kind) in ["person.created", "person.moved"].iter().enumerate() {
            events::append_event(&mut tx, &Event {
                id: EventId::new(),
                occurred_at: T0 + time::Duration::seconds(i64::try_from(i).unwrap()),
                kind: (*kind).into(),
                actor_id: Some(kari),
                subject_id: Some(kari.as_uuid()),
                unit_id: None,
                payload: json!({"n": i, "name": "Kari ø"}),
            }).await.unwrap();
        }
        tx.commit().await.unwrap();
        let all = events::list_events(&t.db, None, 10).await.unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].kind, "person.moved");
        assert_eq!(all[0].payload, json!({"n": 1, "name": "Kari ø"}));
        let moved = events::list_events(&t.db, Some("person.created"), 10).await.unwrap();
        assert_eq!(moved.len(), 1);
        assert_eq!(moved[0].occurred_at, T0);
    }
}
