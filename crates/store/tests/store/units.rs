use samspill_store::org::units;
use samspill_testkit::backend_test;

use crate::fixtures::{T0, person, unit};

backend_test! {
    async fn the_tree_lists_parents_first_with_leaders_and_member_counts(t: TestDb) {
        let acme = unit(&t.db, "Acme", None).await;
        let data = unit(&t.db, "Acme/Data", Some(acme)).await;
        let team = unit(&t.db, "Acme/Data/Team 1", Some(data)).await;
        let lead = person(&t.db, "lead", "Lead", Some(data)).await;
        person(&t.db, "dev", "Dev", Some(team)).await;
        let mut tx = t.db.begin().await.unwrap();
        units::add_leader(&mut tx, data, lead, T0).await.unwrap();
        units::add_leader(&mut tx, data, lead, T0).await.unwrap();
        tx.commit().await.unwrap();

        let tree = units::list_units(&t.db).await.unwrap();
        let paths: Vec<_> = tree.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["Acme", "Acme/Data", "Acme/Data/Team 1"]);
        assert_eq!(tree[1].leaders, vec![lead]);
        assert_eq!(tree[1].member_count, 1);
        assert_eq!(tree[2].parent_id, Some(data));
        assert_eq!(units::list_units_led_by(&t.db, lead).await.unwrap(), vec![data]);

        let mut subtree = units::list_subtree_ids(&t.db, data).await.unwrap();
        subtree.sort();
        let mut expected = vec![data, team];
        expected.sort();
        assert_eq!(subtree, expected);
        assert_eq!(units::list_children(&t.db, acme).await.unwrap().len(), 1);

        let mut tx = t.db.begin().await.unwrap();
        units::remove_leader(&mut tx, data, lead).await.unwrap();
        tx.commit().await.unwrap();
        assert!(units::find_unit(&t.db, data).await.unwrap().unwrap().leaders.is_empty());
    }
}

backend_test! {
    async fn unit_paths_are_unique_case_insensitively(t: TestDb) {
        unit(&t.db, "Acme", None).await;
        let mut tx = t.db.begin().await.unwrap();
        let err = units::insert_unit(&mut tx, &units::NewUnit {
            id: samspill_domain::UnitId::new(),
            parent_id: None,
            name: "ACME".into(),
            kind: "company".into(),
            path: "ACME".into(),
            path_key: "acme".into(),
            created_at: T0,
        }).await.unwrap_err();
        assert_eq!(err.conflict_on(), Some("units_path_key_unique"));
    }
}
