use samspill_domain::{Email, Handle, Locale, PersonName, TimeZone, Title, WorkMode};
use samspill_store::org::people::{self, PeopleFilter, ProfilePatch};
use samspill_testkit::backend_test;
use time::Duration;

use crate::fixtures::{T0, new_person, person, unit};

backend_test! {
    async fn a_person_reads_back_as_written(t: TestDb) {
        let data = unit(&t.db, "Acme/Data", None).await;
        let id = person(&t.db, "kari", "Kari Nordmann", Some(data)).await;
        let p = people::find_person(&t.db, id).await.unwrap().unwrap();
        assert_eq!(p.email, "kari@acme.test");
        assert_eq!(p.handle, "kari");
        assert_eq!(p.unit_id, Some(data));
        assert_eq!(p.unit_name.as_deref(), Some("Data"));
        assert_eq!(p.work_mode, WorkMode::ClientSite);
        assert_eq!(p.locale, Some(Locale::Nb));
        assert_eq!(p.created_at, T0);
        let by_handle = people::find_person_by_handle(&t.db, "KARI").await.unwrap().unwrap();
        assert_eq!(by_handle.id, id);
    }
}

backend_test! {
    async fn duplicate_email_and_handle_are_conflicts_named_alike_on_both_backends(t: TestDb) {
        person(&t.db, "kari", "Kari", None).await;
        let mut same_email = new_person("other", "Other", None);
        same_email.email = Email::parse("KARI@acme.test").unwrap();
        let mut tx = t.db.begin().await.unwrap();
        let err = people::insert_person(&mut tx, &same_email).await.unwrap_err();
        assert_eq!(err.conflict_on(), Some("people_email_unique"));
        drop(tx);

        let mut same_handle = new_person("kari", "Kari 2", None);
        same_handle.email = Email::parse("kari2@acme.test").unwrap();
        let mut tx = t.db.begin().await.unwrap();
        let err = people::insert_person(&mut tx, &same_handle).await.unwrap_err();
        assert_eq!(err.conflict_on(), Some("people_handle_unique"));
        drop(tx);
        assert_eq!(people::count_people(&t.db).await.unwrap(), 1);
    }
}

backend_test! {
    async fn an_uncommitted_transaction_leaves_nothing(t: TestDb) {
        let mut tx = t.db.begin().await.unwrap();
        people::insert_person(&mut tx, &new_person("kari", "Kari", None)).await.unwrap();
        drop(tx);
        assert_eq!(people::count_people(&t.db).await.unwrap(), 0);
    }
}

backend_test! {
    async fn moving_a_person_keeps_their_unit_history(t: TestDb) {
        let a = unit(&t.db, "Acme/A", None).await;
        let b = unit(&t.db, "Acme/B", None).await;
        let id = person(&t.db, "kari", "Kari", Some(a)).await;
        let later = T0 + Duration::days(30);
        let mut tx = t.db.begin().await.unwrap();
        people::move_person(&mut tx, id, Some(b), later).await.unwrap();
        people::move_person(&mut tx, id, Some(b), later + Duration::days(1)).await.unwrap();
        tx.commit().await.unwrap();

        let history = people::list_memberships(&t.db, id).await.unwrap();
        assert_eq!(history, vec![(a, T0, Some(later)), (b, later, None)]);
        let p = people::find_person(&t.db, id).await.unwrap().unwrap();
        assert_eq!(p.unit_name.as_deref(), Some("B"));
        // The directory finds people by their new unit's name.
        let found = people::list_people(&t.db, &PeopleFilter { query: Some("b".into()), unit_id: Some(b) }, None, 10).await.unwrap();
        assert_eq!(found.len(), 1);
    }
}

backend_test! {
    async fn directory_search_matches_every_word_in_name_title_handle_or_unit(t: TestDb) {
        let data = unit(&t.db, "Acme/Data Platform", None).await;
        let kari = person(&t.db, "kari", "Kari Nordmann", Some(data)).await;
        person(&t.db, "ola", "Ola Hansen", None).await;
        let mut tx = t.db.begin().await.unwrap();
        let patch = ProfilePatch {
            name: PersonName::parse("Kari Nordmann").unwrap(),
            title: Title::parse("Principal 100% Engineer").unwrap(),
            work_mode: WorkMode::Remote,
            locale: Some(Locale::En),
            time_zone: TimeZone::parse("UTC").unwrap(),
        };
        people::update_profile(&mut tx, kari, &patch, T0).await.unwrap();
        tx.commit().await.unwrap();

        let search = |q: &str| {
            let db = t.db.clone();
            let q = q.to_owned();
            async move {
                let filter = PeopleFilter { query: Some(q), unit_id: None };
                people::list_people(&db, &filter, None, 10).await.unwrap().into_iter().map(|p| p.handle).collect::<Vec<_>>()
            }
        };
        assert_eq!(search("NORD").await, ["kari"]);
        assert_eq!(search("platform kari").await, ["kari"]);
        assert_eq!(search("@ola").await, ["ola"]);
        assert_eq!(search("100%").await, ["kari"]);
        assert!(search("10_%").await.is_empty(), "wildcards are literal");
        assert!(search("kari ola").await.is_empty());
    }
}

backend_test! {
    async fn directory_pages_by_keyset_in_name_order_without_gaps(t: TestDb) {
        let names = ["Åse", "anna", "Bjørn", "Ola", "Øystein", "Kari", "kari", "Per"];
        for (i, n) in names.iter().enumerate() {
            person(&t.db, &format!("p{i}"), n, None).await;
        }
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = people::list_people(&t.db, &PeopleFilter::default(), cursor.as_ref(), 3).await.unwrap();
            if page.is_empty() {
                break;
            }
            let last = page.last().unwrap();
            cursor = Some((last.sort_key.clone(), last.id));
            seen.extend(page.into_iter().map(|p| p.name));
        }
        let mut expected: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        expected.sort_by_key(|n| n.to_lowercase());
        let mut seen_sorted = seen.clone();
        seen_sorted.sort_by_key(|n| n.to_lowercase());
        assert_eq!(seen.len(), names.len());
        assert_eq!(seen, seen_sorted, "pages come in name order");
        assert_eq!(seen_sorted, expected);
    }
}

backend_test! {
    async fn credentials_are_found_by_normalized_email(t: TestDb) {
        let mut p = new_person("kari", "Kari", None);
        p.password_hash = Some("$argon2id$fake".into());
        p.is_admin = true;
        let mut tx = t.db.begin().await.unwrap();
        people::insert_person(&mut tx, &p).await.unwrap();
        tx.commit().await.unwrap();
        let c = people::find_credentials(&t.db, "kari@acme.test").await.unwrap().unwrap();
        assert_eq!(c.person_id, p.id);
        assert_eq!(c.password_hash.as_deref(), Some("$argon2id$fake"));
        assert!(c.is_active);
        assert!(people::find_credentials(&t.db, "nobody@acme.test").await.unwrap().is_none());
        let _ = Handle::parse("unused-ok").unwrap();
    }
}

backend_test! {
    async fn set_active_reports_whether_the_state_changed(t: TestDb) {
        let id = person(&t.db, "kari", "Kari", None).await;
        let mut tx = t.db.begin().await.unwrap();
        assert!(!people::set_active(&mut tx, id, true, T0).await.unwrap(), "already active");
        assert!(people::set_active(&mut tx, id, false, T0).await.unwrap());
        assert!(!people::set_active(&mut tx, id, false, T0).await.unwrap(), "already deactivated");
        tx.commit().await.unwrap();
        assert!(!people::find_person(&t.db, id).await.unwrap().unwrap().is_active);
        assert!(!people::find_credentials(&t.db, "kari@acme.test").await.unwrap().unwrap().is_active);
        let mut tx = t.db.begin().await.unwrap();
        assert!(people::set_active(&mut tx, id, true, T0).await.unwrap());
        tx.commit().await.unwrap();
        assert!(people::find_person(&t.db, id).await.unwrap().unwrap().is_active);
    }
}

backend_test! {
    async fn text_postgres_cannot_hold_is_a_refused_value_not_an_outage(t: TestDb) {
        person(&t.db, "kari", "Kari", None).await;
        let postgres = matches!(t.db, samspill_store::Db::Postgres(_));
        let by_handle = people::find_person_by_handle(&t.db, "ka\0ri").await;
        let by_email = people::find_credentials(&t.db, "kari\0@acme.test").await;
        if postgres {
            // SQLSTATE 22021, whose number happens to end like SQLITE_BUSY.
            assert!(matches!(by_handle, Err(samspill_store::Error::InvalidValue(_))), "{by_handle:?}");
            assert!(matches!(by_email, Err(samspill_store::Error::InvalidValue(_))), "{by_email:?}");
        } else {
            assert!(by_handle.unwrap().is_none());
            assert!(by_email.unwrap().is_none());
        }
        assert!(people::find_person_by_handle(&t.db, "kari").await.unwrap().is_some(), "the pool is fine");
    }
}
