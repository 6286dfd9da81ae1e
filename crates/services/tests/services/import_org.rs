use samspill_services::org::import::{self, Change, ImportError};
use samspill_store::{events, org::people, org::units};
use samspill_testkit::backend_test;

use crate::ctx;

const HEADER: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n";

fn csv(rows: &str) -> String {
    format!("{HEADER}{rows}")
}

const CHART: &str = "ceo@acme.no,Cecilie CEO,ceo,Acme,CEO,office,Acme\n\
    lead@acme.no,Lars Lead,lars,Acme/Consulting/Data,Head of Data,remote,Acme/Consulting/Data\n\
    kari@acme.no,Kari Nordmann,kari,Acme/Consulting/Data,Consultant,client_site,\n\
    ola@acme.no,Ola Hansen,ola,Acme/Ops,Controller,office,\n";

backend_test! {
    async fn an_import_creates_units_people_and_leaders_and_a_second_run_changes_nothing(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let plan = import::run(&ctx, csv(CHART).as_bytes(), false, &mut |_| {}).await.unwrap();
        assert_eq!(plan.counts(), (4, 4, 0, 0, 2));
        let tree = units::list_units(ctx.db()).await.unwrap();
        let paths: Vec<_> = tree.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["Acme", "Acme/Consulting", "Acme/Consulting/Data", "Acme/Ops"]);
        assert_eq!(tree[0].kind, "company");
        assert_eq!(tree[2].kind, "department");
        assert_eq!(tree[2].member_count, 2);
        assert_eq!(tree[2].parent_id, Some(tree[1].id));
        let lars = people::find_person_by_handle(ctx.db(), "lars").await.unwrap().unwrap();
        assert_eq!(tree[2].leaders, vec![lars.id]);
        assert_eq!(events::list_events(ctx.db(), Some("person.created"), 10).await.unwrap().len(), 4);

        let again = import::run(&ctx, csv(CHART).as_bytes(), false, &mut |_| {}).await.unwrap();
        assert!(again.changes.is_empty(), "second run planned {:?}", again.changes);
        assert_eq!(events::list_events(ctx.db(), None, 100).await.unwrap().len(), 4 + 4 + 2);
    }
}

backend_test! {
    async fn a_changed_chart_moves_people_updates_fields_and_leaders_keeping_history(t: TestDb) {
        let (ctx, clock) = ctx(&t);
        import::run(&ctx, csv(CHART).as_bytes(), false, &mut |_| {}).await.unwrap();
        clock.advance(time::Duration::days(10));
        let changed = CHART
            .replace("kari@acme.no,Kari Nordmann,kari,Acme/Consulting/Data,Consultant,client_site,",
                     "KARI@acme.no,Kari Nordmann,kari,Acme/Ops/Finance,Senior Consultant,office,Acme/Ops/Finance")
            .replace("Acme/Consulting/Data,Head of Data,remote,Acme/Consulting/Data", "Acme/Consulting/Data,Head of Data,remote,");
        let dry = import::run(&ctx, csv(&changed).as_bytes(), true, &mut |_| {}).await.unwrap();
        assert!(dry.changes.contains(&Change::CreateUnit { path: "Acme/Ops/Finance".into() }));
        assert!(dry.changes.iter().any(|c| matches!(c, Change::MovePerson { email, to, .. } if email == "kari@acme.no" && to == "Acme/Ops/Finance")));
        assert!(dry.changes.iter().any(|c| matches!(c, Change::UpdatePerson { fields, .. } if fields.len() == 2)));
        assert!(dry.changes.contains(&Change::RemoveLeader { email: "lead@acme.no".into(), unit: "Acme/Consulting/Data".into() }));
        assert_eq!(units::list_units(ctx.db()).await.unwrap().len(), 4, "a dry run writes nothing");

        import::run(&ctx, csv(&changed).as_bytes(), false, &mut |_| {}).await.unwrap();
        let kari = people::find_person_by_handle(ctx.db(), "kari").await.unwrap().unwrap();
        assert_eq!(kari.unit_name.as_deref(), Some("Finance"));
        assert_eq!(kari.title, "Senior Consultant");
        assert_eq!(kari.work_mode.as_str(), "office");
        let history = people::list_memberships(ctx.db(), kari.id).await.unwrap();
        assert_eq!(history.len(), 2);
        assert!(history[0].2.is_some() && history[1].2.is_none());
        let lars = people::find_person_by_handle(ctx.db(), "lars").await.unwrap().unwrap();
        assert!(units::list_units_led_by(ctx.db(), lars.id).await.unwrap().is_empty());
    }
}

backend_test! {
    async fn bad_rows_are_all_reported_and_nothing_is_applied(t: TestDb) {
        let (ctx, _) = ctx(&t);
        import::run(&ctx, csv(CHART).as_bytes(), false, &mut |_| {}).await.unwrap();
        let bad = csv("new1@acme.no,New One,new1,Acme/New,,office,\n\
            ,Nobody,nobody,Acme,,office,\n\
            new2@acme.no,New Two,kari,Acme,,office,\n\
            new3@acme.no,New Three,new3,Acme,,hybrid,\n\
            a@acme.no,A,aa,Acme/X,,office,Acme/Y\n\
            b@acme.no,B,bb,Acme/Y,,office,Acme/X\n");
        let Err(ImportError::Rows(errors)) = import::run(&ctx, bad.as_bytes(), false, &mut |_| {}).await else {
            panic!("bad file accepted");
        };
        let lines: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(lines, [(3, "email"), (5, "work_mode")], "row checks come first");

        let cyclic = csv("new2@acme.no,New Two,kari,Acme,,office,\n\
            a@acme.no,A,aa,Acme/X,,office,Acme/Y\n\
            b@acme.no,B,bb,Acme/Y,,office,Acme/X\n");
        let Err(ImportError::Rows(errors)) = import::run(&ctx, cyclic.as_bytes(), false, &mut |_| {}).await else {
            panic!("cyclic file accepted");
        };
        let lines: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(lines, [(2, "handle"), (3, "leader_of"), (4, "leader_of")]);
        assert!(errors[0].message.contains("kari@acme.no"));
        assert_eq!(people::count_people(ctx.db()).await.unwrap(), 4, "nothing applied");
        assert_eq!(units::list_units(ctx.db()).await.unwrap().len(), 4);
    }
}

backend_test! {
    async fn an_import_uses_the_same_text_rules_as_every_other_door(t: TestDb) {
        let (ctx, _) = ctx(&t);
        let bad = csv("nul@acme.no,Nul\0Name,nul,Acme,,office,\n\
            rlo@acme.no,Kari \u{202E}nnamdroN,rlo,Acme,,office,\n\
            unit@acme.no,Unit,unit,Acme/\u{202E}ataD,,office,\n\
            mail\u{202E}@acme.no,Mail,mail,Acme,,office,\n");
        let Err(ImportError::Rows(errors)) = import::run(&ctx, bad.as_bytes(), false, &mut |_| {}).await else {
            panic!("bad file accepted");
        };
        let lines: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(lines, [(2, "name"), (3, "name"), (4, "unit_path"), (5, "email")]);
        assert_eq!(people::count_people(ctx.db()).await.unwrap(), 0, "nothing applied");

        let good = csv("kari@acme.no,Kari,kari,Acme,Head of \u{202E}ataD,office,\n");
        import::run(&ctx, good.as_bytes(), false, &mut |_| {}).await.unwrap();
        let kari = people::find_person_by_handle(ctx.db(), "kari").await.unwrap().unwrap();
        assert_eq!(kari.title, "Head of ataD", "a title loses its bidi controls");
    }
}
