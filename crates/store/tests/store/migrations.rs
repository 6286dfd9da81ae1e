use samspill_testkit::{TestDb, backend_test};

mod schema;

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

/// The two migration directories are written by hand, twice; this reads
/// what they produced from each catalog and compares tables, columns (name,
/// type class, nullability), primary keys, unique constraints, foreign keys
/// and indexes (name, columns, uniqueness, partial predicate). Whatever
/// differs by design is in [`schema::allowed`], with the reason.
#[tokio::test]
async fn both_backends_migrate_to_the_same_schema() {
    let sqlite = TestDb::sqlite().await;
    let Some(postgres) = TestDb::postgres().await else {
        return;
    };
    let allowed = schema::allowed();
    let mut on_sqlite = schema::Filter::new(&allowed, schema::Side::Sqlite);
    let lite = schema::read_sqlite(&sqlite.db, &mut on_sqlite).await;
    let mut on_postgres = schema::Filter::new(&allowed, schema::Side::Postgres);
    let pg = schema::read_postgres(&postgres.db, &mut on_postgres).await;

    // An allow-list entry that matches nothing on its side is stale, and
    // would hide the next object of that name: it must go.
    let stale: Vec<_> = allowed
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            let (l, p) = (on_sqlite.used.contains(i), on_postgres.used.contains(i));
            match a.side {
                schema::Side::Sqlite => !l,
                schema::Side::Postgres => !p,
                schema::Side::Both => !(l && p),
            }
        })
        .map(|(_, a)| a)
        .collect();
    assert!(
        stale.is_empty(),
        "allow-list entries that match nothing: {stale:#?}"
    );

    let differences = schema::differences(&lite, &pg);
    assert!(
        differences.is_empty(),
        "the migrated schemas differ (fix with a new migration pair, or allow-list with a reason in schema::allowed):\n  {}",
        differences.join("\n  ")
    );
    // The comparison saw the schema, not two empty sets.
    assert!(lite.tables.contains_key("posts") && lite.tables["posts"].indexes.len() >= 2);
}
