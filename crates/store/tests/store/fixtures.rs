//! Small builders for store tests.

use samspill_domain::{
    Email, Handle, Locale, PersonId, PersonName, TimeZone, Title, UnitId, WorkMode,
};
use samspill_store::Db;
use samspill_store::org::people::NewPerson;
use samspill_store::org::units::NewUnit;
use time::OffsetDateTime;
use time::macros::datetime;

pub(crate) const T0: OffsetDateTime = datetime!(2026-03-01 09:00:00.123456 UTC);

pub(crate) async fn unit(db: &Db, path: &str, parent: Option<UnitId>) -> UnitId {
    let id = UnitId::new();
    let name = path.rsplit('/').next().unwrap().to_owned();
    let mut tx = db.begin().await.unwrap();
    samspill_store::org::units::insert_unit(
        &mut tx,
        &NewUnit {
            id,
            parent_id: parent,
            name,
            kind: "team".into(),
            path: path.into(),
            path_key: path.to_lowercase(),
            created_at: T0,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

pub(crate) fn new_person(handle: &str, name: &str, unit: Option<UnitId>) -> NewPerson {
    NewPerson {
        id: PersonId::new(),
        email: Email::parse(&format!("{handle}@acme.test")).unwrap(),
        handle: Handle::parse(handle).unwrap(),
        name: PersonName::parse(name).unwrap(),
        title: Title::parse("Consultant").unwrap(),
        unit_id: unit,
        work_mode: WorkMode::ClientSite,
        locale: Some(Locale::Nb),
        time_zone: TimeZone::default(),
        password_hash: None,
        is_admin: false,
        created_at: T0,
    }
}

pub(crate) async fn person(db: &Db, handle: &str, name: &str, unit: Option<UnitId>) -> PersonId {
    let p = new_person(handle, name, unit);
    let mut tx = db.begin().await.unwrap();
    samspill_store::org::people::insert_person(&mut tx, &p)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    p.id
}
