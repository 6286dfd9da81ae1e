use samspill_testkit::backend_test;

#[test]
fn both_backends_have_the_same_migrations() {
    let (sqlite, postgres) = samspill_store::migration_versions();
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

backend_test! {
    async fn migrating_twice_changes_nothing(t: TestDb) {
        t.db.migrate().await.unwrap();
        assert_eq!(samspill_store::org::people::count_people(&t.db).await.unwrap(), 0);
    }
}
