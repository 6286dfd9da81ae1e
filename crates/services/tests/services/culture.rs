//! Values, praise (validation, notifications, the values page and profile
//! praise through the visibility predicate), and the code of conduct
//! (versions, acceptance, the 403 before it, the rule-level difference, a
//! space's own rules).

use samspill_domain::culture::{RuleChange, ValueId};
use samspill_domain::{PersonId, PostId};
use samspill_services::culture::guidelines::{self, RuleInput};
use samspill_services::culture::praise;
use samspill_services::culture::values::{self, ValueInput, ValuePatch};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::spaces::{self, NewCommunity};
use samspill_services::{Actor, Ctx, Error, org::import, social::comments, social::notifications};
use samspill_store::org::people;
use samspill_testkit::backend_test;

use crate::ctx;

const CHART: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    lead@acme.test,Lead,lead,Acme/Data,Head,office,Acme/Data\n\
    kari@acme.test,Kari,kari,Acme/Data,,client_site,\n\
    ola@acme.test,Ola,ola,Acme/Data,,office,\n\
    per@acme.test,Per,per,Acme/Ops,,office,\n";

async fn actor(ctx: &Ctx, handle: &str) -> Actor {
    Actor::of(
        &people::find_person_by_handle(ctx.db(), handle)
            .await
            .unwrap()
            .unwrap(),
    )
}

async fn admin(ctx: &Ctx) -> Actor {
    Actor {
        is_admin: true,
        ..actor(ctx, "lead").await
    }
}

async fn setup(t: &samspill_testkit::TestDb, accepted: bool) -> Ctx {
    let (ctx, _) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    if accepted {
        samspill_testkit::accept_guidelines(ctx.db()).await;
    }
    ctx
}

async fn org_space(ctx: &Ctx, a: &Actor) -> samspill_domain::SpaceId {
    spaces::list_spaces(ctx, a)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Data")
        .map(|s| s.id)
        .unwrap()
}

fn praise_input(
    space: samspill_domain::SpaceId,
    to: &[PersonId],
    value: Option<ValueId>,
) -> PostInput {
    PostInput {
        space_id: space,
        kind: "praise".into(),
        body: "Thank you!".into(),
        recipient_ids: to.to_vec(),
        value_id: value,
        ..PostInput::default()
    }
}

fn fields(e: Error) -> Vec<(&'static str, &'static str)> {
    let Error::Invalid(list) = e else {
        panic!("{e:?}")
    };
    list.into_iter().map(|v| (v.field, v.code)).collect()
}

backend_test! {
    async fn a_new_installation_has_default_values_that_only_admins_change(t: TestDb) {
        let ctx = setup(&t, true).await;
        let kari = actor(&ctx, "kari").await;
        let admin = admin(&ctx).await;
        let defaults = values::list_values(&ctx, &kari, false).await.unwrap();
        assert_eq!(defaults.len(), 4);
        let input = ValueInput { name: "Curiosity".into(), description: "We ask.".into(), icon: "lightbulb".into() };
        assert!(matches!(values::create_value(&ctx, &kari, &input).await, Err(Error::Forbidden)));
        let v = values::create_value(&ctx, &admin, &input).await.unwrap();
        assert_eq!((v.name.as_str(), v.position), ("Curiosity", 5));
        let again = ValueInput { name: "CURIOSITY".into(), ..input.clone() };
        assert_eq!(fields(values::create_value(&ctx, &admin, &again).await.unwrap_err()), [("name", "taken")]);
        let bad = ValueInput { name: " ".into(), description: String::new(), icon: "skull".into() };
        assert_eq!(fields(values::create_value(&ctx, &admin, &bad).await.unwrap_err()), [("name", "required"), ("icon", "invalid")]);
        let archive = ValuePatch { archived: Some(true), ..ValuePatch::default() };
        assert!(matches!(values::update_value(&ctx, &kari, v.id, &archive).await, Err(Error::Forbidden)));
        let archived = values::update_value(&ctx, &admin, v.id, &archive).await.unwrap();
        assert!(archived.archived_at.is_some());
        assert_eq!(values::list_values(&ctx, &kari, false).await.unwrap().len(), 4);
        assert_eq!(values::list_values(&ctx, &kari, true).await.unwrap().len(), 5);
        let renamed = values::update_value(&ctx, &admin, v.id, &ValuePatch { name: Some("Nysgjerrighet".into()), archived: Some(false), ..ValuePatch::default() }).await.unwrap();
        assert_eq!((renamed.name.as_str(), renamed.archived_at), ("Nysgjerrighet", None));
        assert!(matches!(values::update_value(&ctx, &admin, ValueId::new(), &archive).await, Err(Error::NotFound)));
    }
}

backend_test! {
    async fn praise_names_people_and_an_active_value_and_tells_them(t: TestDb) {
        let ctx = setup(&t, true).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let per = actor(&ctx, "per").await;
        let space = org_space(&ctx, &kari).await;
        let value = values::list_values(&ctx, &kari, false).await.unwrap()[0].clone();
        let d = posts::create_post_detail(&ctx, &kari, &praise_input(space, &[ola.id, per.id, ola.id], Some(value.id))).await.unwrap();
        let p = d.praise.clone().unwrap();
        assert_eq!(p.value_id, value.id);
        assert_eq!(p.recipients.iter().map(|r| r.handle.as_str()).collect::<Vec<_>>(), ["ola", "per"]);
        // A read gives the same as the answer.
        assert_eq!(posts::get_post(&ctx, &ola, d.post.id).await.unwrap().praise, d.praise);
        for who in [&ola, &per] {
            let (notes, _) = notifications::list(&ctx, who, None, None).await.unwrap();
            assert_eq!((notes.items[0].kind.as_str(), notes.items[0].post_id), ("praise", Some(d.post.id)));
        }
        let bad = |to: Vec<PersonId>, v: Option<ValueId>| {
            let ctx = ctx.clone();
            let kari = kari.clone();
            async move { posts::create_post(&ctx, &kari, &praise_input(space, &to, v)).await.unwrap_err() }
        };
        assert_eq!(fields(bad(vec![], Some(value.id)).await), [("recipient_ids", "required")]);
        assert_eq!(fields(bad(vec![kari.id], Some(value.id)).await), [("recipient_ids", "self_only")]);
        assert_eq!(fields(bad(vec![PersonId::new()], Some(value.id)).await), [("recipient_ids", "unknown")]);
        assert_eq!(fields(bad((0..21).map(|_| PersonId::new()).collect(), Some(value.id)).await), [("recipient_ids", "too_many")]);
        assert_eq!(fields(bad(vec![ola.id], None).await), [("value_id", "required")]);
        assert_eq!(fields(bad(vec![ola.id], Some(ValueId::new())).await), [("value_id", "invalid")]);
        values::update_value(&ctx, &admin(&ctx).await, value.id, &ValuePatch { archived: Some(true), ..ValuePatch::default() }).await.unwrap();
        assert_eq!(fields(bad(vec![ola.id], Some(value.id)).await), [("value_id", "invalid")]);
        let discussion = PostInput { kind: "discussion".into(), ..praise_input(space, &[ola.id], None) };
        assert_eq!(fields(posts::create_post(&ctx, &kari, &discussion).await.unwrap_err()), [("recipient_ids", "invalid")]);
        // The archived value keeps its praise.
        assert_eq!(praise::praise_of_value(&ctx, &ola, value.id, 10).await.unwrap().len(), 1);
    }
}

backend_test! {
    async fn the_values_page_counts_what_each_reader_may_read_and_profiles_show_it(t: TestDb) {
        let ctx = setup(&t, true).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let per = actor(&ctx, "per").await;
        let space = org_space(&ctx, &kari).await;
        let secret = spaces::create_community(&ctx, &kari, &NewCommunity { name: "Secret".into(), description: String::new(), visibility: "secret".into() }).await.unwrap();
        spaces::add_member(&ctx, &kari, secret.id, ola.id).await.unwrap();
        let vals = values::list_values(&ctx, &kari, false).await.unwrap();
        // (space, value index, recipient)
        let plan = [(space, 0, ola.id), (space, 0, per.id), (space, 1, ola.id), (secret.id, 1, ola.id), (secret.id, 2, ola.id)];
        let mut written: Vec<(PostId, ValueId, PersonId)> = Vec::new();
        for (s, v, to) in plan {
            let p = posts::create_post(&ctx, &kari, &praise_input(s, &[to], Some(vals[v].id))).await.unwrap();
            written.push((p.id, vals[v].id, to));
        }
        for reader in [&kari, &ola, &per] {
            let page = praise::values_page(&ctx, reader, 12).await.unwrap();
            assert_eq!(page.months.len(), 12);
            assert_eq!(page.months.last().unwrap(), "2026-11");
            for stats in &page.values {
                let mut direct = 0;
                for (post, value, _) in &written {
                    if *value == stats.value.id && posts::find_post(&ctx, reader, *post).await.unwrap().is_some() {
                        direct += 1;
                    }
                }
                assert_eq!(stats.total, direct, "{} for {:?}", stats.value.name, reader.id);
                assert_eq!(*stats.per_month.last().unwrap(), direct);
            }
            let readable = page.recent.iter().map(|d| d.post.id).collect::<Vec<_>>();
            for id in &readable {
                assert!(posts::find_post(&ctx, reader, *id).await.unwrap().is_some());
            }
        }
        let per_sees = praise::values_page(&ctx, &per, 12).await.unwrap();
        assert_eq!(per_sees.recent.len(), 3, "the secret space's praise is not shown to per");
        assert_eq!(praise::praise_received(&ctx, &per, ola.id, 10).await.unwrap().len(), 2);
        assert_eq!(praise::praise_received(&ctx, &ola, ola.id, 10).await.unwrap().len(), 4);
        let received = praise::praise_received(&ctx, &ola, ola.id, 10).await.unwrap();
        assert!(received.iter().all(|d| d.praise.as_ref().is_some_and(|p| p.recipients.iter().any(|r| r.id == ola.id))));
        assert!(matches!(praise::values_page(&ctx, &per, 0).await, Err(Error::Invalid(_))));
    }
}

fn edit(rules: &[samspill_domain::culture::GuidelineRule]) -> Vec<RuleInput> {
    rules
        .iter()
        .map(|r| RuleInput {
            rule_id: Some(r.id),
            title_en: r.title_en.clone(),
            title_nb: r.title_nb.clone(),
            body_en: r.body_en.clone(),
            body_nb: r.body_nb.clone(),
        })
        .collect()
}

backend_test! {
    async fn posting_and_commenting_wait_for_the_current_guidelines(t: TestDb) {
        let ctx = setup(&t, false).await;
        let kari = actor(&ctx, "kari").await;
        let admin = admin(&ctx).await;
        let space = org_space(&ctx, &kari).await;
        let post = PostInput { space_id: space, kind: "discussion".into(), body: "Hi".into(), ..PostInput::default() };
        let g = guidelines::current(&ctx, &kari).await.unwrap();
        assert_eq!((g.version.version, g.rules.len(), g.accepted, g.accepted_version), (1, 5, false, None));
        assert!(g.rules.iter().all(|r| !r.title_en.is_empty() && !r.title_nb.is_empty()));
        assert!(matches!(posts::create_post(&ctx, &kari, &post).await, Err(Error::GuidelinesNotAccepted { version: 1 })));
        guidelines::accept(&ctx, &admin, 1).await.unwrap();
        let p = posts::create_post(&ctx, &admin, &post).await.unwrap();
        assert!(matches!(comments::add_comment(&ctx, &kari, p.id, "Hello", None).await, Err(Error::GuidelinesNotAccepted { version: 1 })));
        assert!(matches!(guidelines::accept(&ctx, &kari, 2).await, Err(Error::Conflict { code: "not_current_version", .. })));
        let g = guidelines::accept(&ctx, &kari, 1).await.unwrap();
        assert!(g.accepted);
        guidelines::accept(&ctx, &kari, 1).await.unwrap();
        comments::add_comment(&ctx, &kari, p.id, "Hello", None).await.unwrap();
        // A new version: one rule changed, one removed, one added.
        let v1 = g.rules.clone();
        let mut next = edit(&v1);
        next[0].body_en.push_str(" Always.");
        next.pop();
        next.push(RuleInput { rule_id: None, title_en: "Give credit".into(), title_nb: "Gi æren".into(), body_en: "Name them.".into(), body_nb: "Nevn dem.".into() });
        assert!(matches!(guidelines::publish(&ctx, &kari, &next).await, Err(Error::Forbidden)));
        let g2 = guidelines::publish(&ctx, &admin, &next).await.unwrap();
        assert_eq!(g2.version.version, 2);
        assert!(matches!(posts::create_post(&ctx, &kari, &post).await, Err(Error::GuidelinesNotAccepted { version: 2 })));
        assert!(matches!(posts::edit_post(&ctx, &admin, p.id, None, Some("Edited")).await, Err(Error::GuidelinesNotAccepted { version: 2 })));
        let seen = guidelines::current(&ctx, &kari).await.unwrap();
        assert_eq!(seen.accepted_version, Some(1));
        let diff: Vec<(RuleChange, String)> = seen.changes.iter().map(|(c, r)| (*c, r.title_en.clone())).collect();
        assert_eq!(diff, [
            (RuleChange::Changed, v1[0].title_en.clone()),
            (RuleChange::Added, "Give credit".to_owned()),
            (RuleChange::Removed, v1[4].title_en.clone()),
        ]);
        assert_eq!(seen.rules[0].id, v1[0].id, "an edited rule keeps its id");
        // Published versions do not change.
        assert_eq!(guidelines::version(&ctx, &kari, 1).await.unwrap().1, v1);
        assert!(matches!(guidelines::accept(&ctx, &kari, 1).await, Err(Error::Conflict { .. })));
        guidelines::accept(&ctx, &kari, 2).await.unwrap();
        posts::create_post(&ctx, &kari, &post).await.unwrap();
        // Bad versions are refused whole.
        let mut empty = edit(&seen.rules);
        empty[0].title_nb = " ".into();
        assert!(matches!(guidelines::publish(&ctx, &admin, &empty).await, Err(Error::Invalid(_))));
        let mut foreign = edit(&seen.rules);
        foreign[0].rule_id = Some(samspill_domain::culture::RuleId::new());
        assert!(matches!(guidelines::publish(&ctx, &admin, &foreign).await, Err(Error::Invalid(_))));
        assert!(matches!(guidelines::publish(&ctx, &admin, &[]).await, Err(Error::Invalid(_))));
        assert_eq!(guidelines::current(&ctx, &kari).await.unwrap().version.version, 2);
    }
}

backend_test! {
    async fn a_space_adds_rules_that_moderation_can_cite_with_the_code(t: TestDb) {
        let ctx = setup(&t, true).await;
        let kari = actor(&ctx, "kari").await;
        let ola = actor(&ctx, "ola").await;
        let club = spaces::create_community(&ctx, &kari, &NewCommunity { name: "Guild".into(), description: String::new(), visibility: "open".into() }).await.unwrap();
        spaces::join(&ctx, &ola, club.id).await.unwrap();
        assert!(matches!(guidelines::add_space_rule(&ctx, &ola, club.id, "No sales", "None.").await, Err(Error::Forbidden)));
        let r1 = guidelines::add_space_rule(&ctx, &kari, club.id, "No sales", "Recruiting and sales elsewhere.").await.unwrap();
        let r2 = guidelines::add_space_rule(&ctx, &kari, club.id, "No client data", "Screenshots without client data.").await.unwrap();
        assert_eq!((r1.number, r2.number), (1, 2));
        assert!(matches!(guidelines::add_space_rule(&ctx, &kari, club.id, "", "x").await, Err(Error::Invalid(_))));
        let post = posts::create_post(&ctx, &ola, &PostInput { space_id: club.id, kind: "discussion".into(), body: "Hi".into(), ..PostInput::default() }).await.unwrap();
        let cited = guidelines::citable_rules_for_post(&ctx, &ola, post.id).await.unwrap();
        assert_eq!(cited.len(), 7);
        assert_eq!(cited.iter().filter(|r| r.space_id == Some(club.id)).map(|r| r.id).collect::<Vec<_>>(), [r1.id, r2.id]);
        assert_eq!(samspill_store::culture::guidelines::citable_rules_for_post(ctx.db(), post.id).await.unwrap(), cited);
        let edited = guidelines::edit_space_rule(&ctx, &kari, club.id, r1.id, "No selling", "Elsewhere.").await.unwrap();
        assert_eq!((edited.id, edited.title.as_str()), (r1.id, "No selling"));
        guidelines::remove_space_rule(&ctx, &kari, club.id, r2.id).await.unwrap();
        assert!(matches!(guidelines::remove_space_rule(&ctx, &kari, club.id, r2.id).await, Err(Error::NotFound)));
        assert_eq!(guidelines::space_rules(&ctx, &ola, club.id).await.unwrap().len(), 1);
        assert_eq!(guidelines::citable_rules(&ctx, &ola, None).await.unwrap().len(), 5);
    }
}
