use samspill_services::{auth, demo};
use samspill_store::{people, units};
use samspill_testkit::backend_test;

use crate::ctx;

backend_test! {
    async fn the_demo_builds_once_and_its_accounts_sign_in(t: TestDb) {
        let (ctx, _) = ctx(&t);
        assert!(demo::ensure_demo(&ctx, false, &mut |_| {}).await.unwrap());
        let n = people::count_people(&ctx.db).await.unwrap();
        assert!((280..=330).contains(&n), "{n} people");
        let tree = units::list_units(&ctx.db).await.unwrap();
        assert!(tree.len() >= 12);
        assert!(tree.iter().all(|u| !u.leaders.is_empty()), "a leader on every unit");
        let depth = tree.iter().map(|u| u.path.matches('/').count() + 1).max().unwrap();
        assert!((3..=4).contains(&depth));

        assert!(!demo::ensure_demo(&ctx, false, &mut |_| {}).await.unwrap(), "reused");
        let admin = auth::sign_in(&ctx, demo::DEMO_ADMIN, demo::DEMO_PASSWORD).await.unwrap();
        assert!(admin.person.is_admin);
        let leader = auth::sign_in(&ctx, demo::DEMO_LEADER, demo::DEMO_PASSWORD).await.unwrap();
        assert!(!units::list_units_led_by(&ctx.db, leader.person.id).await.unwrap().is_empty());
        auth::sign_in(&ctx, demo::DEMO_EMPLOYEE, demo::DEMO_PASSWORD).await.unwrap();

        assert!(demo::ensure_demo(&ctx, true, &mut |_| {}).await.unwrap(), "fresh rebuilds");
        assert_eq!(people::count_people(&ctx.db).await.unwrap(), n);
    }
}
