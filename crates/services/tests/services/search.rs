//! Search over posts, comments, people and spaces, on both backends: what is
//! found, in which order, what stays hidden, hostile input, and safe
//! snippets. Ranks differ between backends, so order is only checked where
//! the data leaves no doubt.

use std::collections::HashSet;

use samspill_demo::bulk::{self, CommentRow, PostRow};
use samspill_domain::{CommentId, PersonId, PostId, SpaceId, SpaceKind};
use samspill_services::social::posts::{self, PostInput};
use samspill_services::social::search::{self, SearchHit};
use samspill_services::social::spaces::{self, NewCommunity};
use samspill_services::{Actor, Ctx, Error, org::import, social::comments};
use samspill_store::Ts;
use samspill_store::org::people;
use samspill_store::social::search::SearchKind;
use samspill_testkit::backend_test;
use uuid::Uuid;

use crate::ctx;

const CHART: &str = "email,name,handle,unit_path,title,work_mode,leader_of\n\
    owner@acme.test,Ingrid Eier,owner,Acme/A,Community Lead,office,\n\
    member@acme.test,Mads Medlem,member,Acme/A,Data Engineer,office,\n\
    outsider@acme.test,Olav Utenfor,outsider,Acme/B,Payroll Specialist,office,\n\
    solveig@acme.test,Solveig Kvamme,skvamme,Acme/B,Head of Kvantum,office,\n\
    admin@acme.test,Ada Admin,admin,Acme/B,,office,\n";

async fn actor(ctx: &Ctx, handle: &str) -> Actor {
    let mut p = people::find_person_by_handle(ctx.db(), handle)
        .await
        .unwrap()
        .unwrap();
    if handle == "admin" && !p.is_admin {
        let mut tx = ctx.db().begin().await.unwrap();
        people::set_admin(&mut tx, p.id, true).await.unwrap();
        tx.commit().await.unwrap();
        p.is_admin = true;
    }
    Actor::of(&p)
}

async fn setup(t: &samspill_testkit::TestDb) -> (Ctx, Actor) {
    let (ctx, _) = ctx(t);
    import::run(&ctx, CHART.as_bytes(), false, &mut |_| {})
        .await
        .unwrap();
    samspill_testkit::accept_guidelines(ctx.db()).await;
    let owner = actor(&ctx, "owner").await;
    (ctx, owner)
}

async fn org_space(ctx: &Ctx, a: &Actor) -> SpaceId {
    spaces::list_spaces(ctx, a)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.kind == SpaceKind::Org)
        .unwrap()
        .id
}

async fn post(ctx: &Ctx, a: &Actor, space: SpaceId, title: &str, body: &str) -> PostId {
    posts::create_post(
        ctx,
        a,
        &PostInput {
            space_id: space,
            kind: "discussion".into(),
            title: title.into(),
            body: body.into(),
            ..PostInput::default()
        },
    )
    .await
    .unwrap()
    .id
}

async fn community(ctx: &Ctx, owner: &Actor, name: &str, visibility: &str) -> SpaceId {
    spaces::create_community(
        ctx,
        owner,
        &NewCommunity {
            name: name.into(),
            description: format!("A {visibility} place for testing"),
            visibility: visibility.into(),
        },
    )
    .await
    .unwrap()
    .id
}

async fn find(ctx: &Ctx, a: &Actor, q: &str, kind: Option<&str>) -> Vec<SearchHit> {
    search::search(ctx, a, q, kind, Some(100)).await.unwrap()
}

fn ids(hits: &[SearchHit]) -> HashSet<Uuid> {
    hits.iter().map(|h| h.id).collect()
}

fn set<const N: usize>(ids: [Uuid; N]) -> HashSet<Uuid> {
    ids.into_iter().collect()
}

backend_test! {
    async fn posts_are_found_by_words_in_title_and_body_best_match_first(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let org = org_space(&ctx, &owner).await;
        let recipe = post(&ctx, &owner, org, "Kanelbolle recipe",
            "Kanelbolle dough needs cardamom. Bake each kanelbolle at 220 degrees.").await;
        let update = post(&ctx, &owner, org, "Weekly update",
            "Someone brought a kanelbolle to the meeting; the rest is about budgets, plans, \
             travel, the office move, the new coffee machine and the parking rules.").await;
        let berries = post(&ctx, &owner, org, "Sommer", "Blåbærsyltetøy på skolen.").await;
        for i in 0..3 {
            post(&ctx, &owner, org, &format!("Filler {i}"), "Nothing to see here.").await;
        }

        let hits = find(&ctx, &owner, "kanelbolle", Some("post")).await;
        assert_eq!(ids(&hits), set([recipe.as_uuid(), update.as_uuid()]));
        assert_eq!(hits[0].id, recipe.as_uuid(), "title and body beat one mention in a long body");
        assert!(hits[0].rank >= hits[1].rank);
        assert_eq!(hits[0].kind, SearchKind::Post);
        assert_eq!(hits[0].post_id, Some(recipe));
        assert_eq!(hits[0].title.as_deref(), Some("Kanelbolle recipe"));

        assert_eq!(ids(&find(&ctx, &owner, "recipe", Some("post")).await), set([recipe.as_uuid()]), "a title word");
        assert_eq!(ids(&find(&ctx, &owner, "cardamom", Some("post")).await), set([recipe.as_uuid()]), "a body word");
        assert_eq!(ids(&find(&ctx, &owner, "KANELBOLLE budgets", Some("post")).await), set([update.as_uuid()]), "every word is required");
        assert_eq!(ids(&find(&ctx, &owner, "kanelbol", Some("post")).await), set([recipe.as_uuid(), update.as_uuid()]), "the last word is a prefix");
        assert!(find(&ctx, &owner, "kanelbol budgets", Some("post")).await.is_empty(), "only the last word is a prefix");
        assert_eq!(ids(&find(&ctx, &owner, "blåbærsyltetøy", Some("post")).await), set([berries.as_uuid()]), "Norwegian letters");
        assert!(find(&ctx, &owner, "nonexistentword", None).await.is_empty());

        let one = search::search(&ctx, &owner, "kanelbolle", Some("post"), Some(1)).await.unwrap();
        assert_eq!(one.len(), 1);
        // A complete word that fills the page is not widened to a prefix.
        let bun = post(&ctx, &owner, org, "Kanelbol", "A short one.").await;
        let ids_of = |hits: Vec<SearchHit>| hits.into_iter().map(|h| h.id).collect::<Vec<_>>();
        let exact = search::search(&ctx, &owner, "kanelbol", Some("post"), Some(1)).await.unwrap();
        assert_eq!(ids_of(exact), [bun.as_uuid()], "the word itself fills a page of one");
        let widened = search::search(&ctx, &owner, "kanelbol", Some("post"), Some(2)).await.unwrap();
        assert_eq!(widened.len(), 2, "a page of two needs the prefix");
        assert_eq!(one[0].id, recipe.as_uuid());
    }
}

backend_test! {
    async fn edited_posts_are_found_by_their_new_words_only(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let org = org_space(&ctx, &owner).await;
        let id = post(&ctx, &owner, org, "Animals", "The platypus is odd.").await;
        posts::edit_post(&ctx, &owner, id, Some("Marsupials"), Some("The wombat is odd.")).await.unwrap();

        assert!(find(&ctx, &owner, "platypus", None).await.is_empty());
        assert!(find(&ctx, &owner, "animals", None).await.is_empty());
        assert_eq!(ids(&find(&ctx, &owner, "wombat", None).await), set([id.as_uuid()]));
        assert_eq!(ids(&find(&ctx, &owner, "marsupials", None).await), set([id.as_uuid()]));
    }
}

backend_test! {
    async fn comments_are_found_and_point_at_their_post(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let member = actor(&ctx, "member").await;
        let org = org_space(&ctx, &owner).await;
        let id = post(&ctx, &owner, org, "Baking", "Who bakes bread?").await;
        let c = comments::add_comment(&ctx, &member, id, "My sourdough starter lives in the fridge.", None)
            .await
            .unwrap();

        let hits = find(&ctx, &owner, "sourdough", Some("comment")).await;
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, SearchKind::Comment);
        assert_eq!(hits[0].id, c.id.as_uuid());
        assert_eq!(hits[0].post_id, Some(id));
        assert_eq!(hits[0].title.as_deref(), Some("Baking"), "a comment is titled by its post");
        assert!(hits[0].snippet.contains("<mark>sourdough</mark>"), "{}", hits[0].snippet);
        assert!(find(&ctx, &owner, "sourdough", Some("post")).await.is_empty(), "the post itself does not say it");
    }
}

backend_test! {
    async fn people_are_found_by_name_handle_and_title(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let solveig = people::find_person_by_handle(ctx.db(), "skvamme").await.unwrap().unwrap();
        let only_solveig = set([solveig.id.as_uuid()]);

        for q in ["Solveig", "kvamme", "skvamme", "Kvantum", "head of kvan", "solv"] {
            let hits = find(&ctx, &owner, q, Some("person")).await;
            assert_eq!(ids(&hits), only_solveig, "query {q:?}");
            assert_eq!(hits[0].kind, SearchKind::Person);
            assert_eq!(hits[0].post_id, None);
            assert_eq!(hits[0].title.as_deref(), Some("Solveig Kvamme"));
        }
        let by_title = find(&ctx, &owner, "kvantum", Some("person")).await;
        assert_eq!(by_title[0].snippet, "Head of <mark>Kvantum</mark>", "the snippet is the field that matched");
        let by_name = find(&ctx, &owner, "solveig", Some("person")).await;
        assert_eq!(by_name[0].snippet, "<mark>Solveig</mark> Kvamme");
        assert_eq!(find(&ctx, &owner, "engineer", Some("person")).await.len(), 1);
    }
}

backend_test! {
    async fn spaces_are_found_by_name_and_secret_ones_only_by_members(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let member = actor(&ctx, "member").await;
        let outsider = actor(&ctx, "outsider").await;
        let admin = actor(&ctx, "admin").await;
        let open = community(&ctx, &owner, "Orienteering club", "open").await;
        let secret = community(&ctx, &owner, "Orienteering skunkworks", "secret").await;
        spaces::add_member(&ctx, &owner, secret, member.id).await.unwrap();

        let hits = find(&ctx, &outsider, "orienteering", Some("space")).await;
        assert_eq!(ids(&hits), set([open.as_uuid()]), "a secret space is not found by others");
        assert_eq!(hits[0].kind, SearchKind::Space);
        assert_eq!(hits[0].title.as_deref(), Some("Orienteering club"));
        for a in [&member, &owner, &admin] {
            assert_eq!(ids(&find(&ctx, a, "orienteering", Some("space")).await), set([open.as_uuid(), secret.as_uuid()]));
        }
        assert!(find(&ctx, &outsider, "skunkworks", None).await.is_empty());
    }
}

backend_test! {
    async fn closed_communities_posts_and_comments_are_found_only_by_members(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let member = actor(&ctx, "member").await;
        let outsider = actor(&ctx, "outsider").await;
        let admin = actor(&ctx, "admin").await;
        let mut readable_by_all = Vec::new();
        let mut members_only = Vec::new();
        for vis in ["open", "private", "secret"] {
            let space = community(&ctx, &owner, &format!("{vis} club"), vis).await;
            spaces::add_member(&ctx, &owner, space, member.id).await.unwrap();
            let p = post(&ctx, &owner, space, "Zeppelin plans", &format!("The {vis} zeppelin hangar.")).await;
            let c = comments::add_comment(&ctx, &member, p, "A zeppelin needs helium.", None).await.unwrap();
            let found = [p.as_uuid(), c.id.as_uuid()];
            if vis == "open" { readable_by_all.extend(found) } else { members_only.extend(found) }
        }
        let everything: HashSet<Uuid> = readable_by_all.iter().chain(&members_only).copied().collect();

        let seen_by_outsider = ids(&find(&ctx, &outsider, "zeppelin", None).await);
        assert_eq!(seen_by_outsider, readable_by_all.iter().copied().collect(), "no leak to non-members");
        for a in [&member, &owner, &admin] {
            assert_eq!(ids(&find(&ctx, a, "zeppelin", None).await), everything);
        }
        // Filtering happens before the limit: the outsider's one result is
        // the readable post, however many hidden ones rank alongside it.
        let one = search::search(&ctx, &outsider, "zeppelin", Some("post"), Some(1)).await.unwrap();
        assert_eq!(ids(&one), set([readable_by_all[0]]));
    }
}

backend_test! {
    async fn deleted_posts_and_their_comments_are_not_found(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let org = org_space(&ctx, &owner).await;
        let kept = post(&ctx, &owner, org, "Quokka facts", "Quokkas smile.").await;
        let gone = post(&ctx, &owner, org, "Quokka rumours", "Quokkas fly.").await;
        comments::add_comment(&ctx, &owner, gone, "A quokka comment.", None).await.unwrap();
        assert_eq!(find(&ctx, &owner, "quokka", None).await.len(), 3);

        posts::delete_post(&ctx, &owner, gone).await.unwrap();
        assert_eq!(ids(&find(&ctx, &owner, "quokka", None).await), set([kept.as_uuid()]));
        assert!(find(&ctx, &owner, "rumours", None).await.is_empty());
    }
}

backend_test! {
    async fn hostile_queries_never_fail(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let org = org_space(&ctx, &owner).await;
        let id = post(&ctx, &owner, org, "Robust", "Kanelbolle near the table.").await;
        let hostile = [
            "", "   ", "\"", "\"\"", "-", "*", "NEAR(", "NEAR(a b)", "a:b", "title:x", "^x",
            "'; drop table posts; --", "\") OR 1=1 --", "(((", "AND", "OR NOT", "a OR", "\\",
            "%_", "😀", "😀😀 🎉", "日本語", "e\u{301}", "x\u{0}y", "\u{1}\u{2}", "½ ² Ⅻ", "<script>",
            "'", "''", ":*", "!", "&|", "<->", "a & b | !c",
        ];
        for q in hostile {
            let r = search::search(&ctx, &owner, q, None, None).await;
            assert!(r.is_ok(), "query {q:?}: {r:?}");
        }
        for q in ["", "   ", "\"", "-", "*", "😀", "'; --", ":*"] {
            assert!(find(&ctx, &owner, q, None).await.is_empty(), "no words, no results: {q:?}");
        }
        for q in ["\"kanelbolle", "-kanelbolle", "kanelbolle*", "kanelbolle:", "(kanelbolle)", "NEAR(kanelbolle", "table'; --"] {
            assert_eq!(ids(&find(&ctx, &owner, q, Some("post")).await), set([id.as_uuid()]), "query {q:?}");
        }
        assert_eq!(ids(&find(&ctx, &owner, "kanelbolle", None).await), set([id.as_uuid()]), "posts survived");

        let ok = search::search(&ctx, &owner, &"k".repeat(200), None, None).await;
        assert!(ok.is_ok(), "200 characters are allowed");
        match search::search(&ctx, &owner, &"x".repeat(300), None, None).await {
            Err(Error::Invalid(errors)) => assert_eq!(errors[0].field, "q"),
            other => panic!("expected Invalid(q), got {other:?}"),
        }
        match search::search(&ctx, &owner, "x", Some("posts"), Some(0)).await {
            Err(Error::Invalid(errors)) => {
                let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
                assert_eq!(fields, ["type", "limit"]);
            }
            other => panic!("expected Invalid(type, limit), got {other:?}"),
        }
    }
}

backend_test! {
    async fn snippets_mark_the_hit_and_escape_the_post_body(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let org = org_space(&ctx, &owner).await;
        post(&ctx, &owner, org, "Escaping", "<script>x</script> findme & \"quoted\" <b>bold</b>").await;
        post(&ctx, &owner, org, "Contacts", "Write to kari@acme.no or see https://wiki.acme.no/start for access.").await;

        for q in ["findme", "findm"] {
            let hits = find(&ctx, &owner, q, None).await;
            assert_eq!(hits.len(), 1, "query {q:?}");
            let s = &hits[0].snippet;
            assert!(s.contains("&lt;script&gt;"), "{s}");
            assert!(s.contains("<mark>findme</mark>"), "{s}");
            assert!(s.contains("&amp; &quot;quoted&quot;"), "{s}");
            let bare = s.replace("<mark>", "").replace("</mark>", "");
            assert!(!bare.contains('<') && !bare.contains('>'), "only <mark> tags: {s}");
            assert_eq!(s, "&lt;script&gt;x&lt;/script&gt; <mark>findme</mark> &amp; &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;",
                "a short field is shown whole");
        }
        let long = format!("{} needle {}", "Lorem ipsum dolor sit amet. ".repeat(40), "Consectetur adipiscing elit. ".repeat(40));
        post(&ctx, &owner, org, "Long", &long).await;
        let hits = find(&ctx, &owner, "needle", Some("post")).await;
        let s = &hits[0].snippet;
        assert!(s.contains("<mark>needle</mark>") && s.len() < 400, "a long body is cut around the match: {s}");
        let hits = find(&ctx, &owner, "acme", Some("post")).await;
        assert_eq!(hits.len(), 1, "e-mail addresses and URLs are split into words on both backends");
        assert!(hits[0].snippet.contains("kari@<mark>acme</mark>.no"), "{}", hits[0].snippet);
        let hits = find(&ctx, &owner, "escaping", Some("post")).await;
        assert!(hits[0].snippet.contains("<mark>Escaping</mark>"), "a title-only match shows the title: {}", hits[0].snippet);
    }
}

backend_test! {
    async fn one_query_finds_every_kind(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let org = org_space(&ctx, &owner).await;
        let p = post(&ctx, &owner, org, "Heliotrope", "A colour.").await;
        comments::add_comment(&ctx, &owner, p, "Heliotrope is purple.", None).await.unwrap();
        community(&ctx, &owner, "Heliotrope guild", "open").await;
        let kinds: HashSet<SearchKind> = find(&ctx, &owner, "heliotrope", None).await.iter().map(|h| h.kind).collect();
        assert_eq!(kinds, [SearchKind::Post, SearchKind::Comment, SearchKind::Space].into_iter().collect());
        let kinds: Vec<SearchKind> = find(&ctx, &owner, "ingrid", None).await.iter().map(|h| h.kind).collect();
        assert_eq!(kinds, [SearchKind::Person]);
        assert_eq!(search::search(&ctx, &owner, "heliotrope", None, Some(2)).await.unwrap().len(), 2, "the limit caps the merged list");
    }
}

/// More matches than search ranks at once (its window is 1,000).
const BURIED: usize = 1_100;

/// Writes `n` posts saying `body` in `space`, each newer than everything
/// before (the clock's time plus a minute and `i` ms), in bulk: what a busy
/// space wrote since. Returns their ids, oldest first.
async fn bury_posts(
    ctx: &Ctx,
    space: SpaceId,
    author: PersonId,
    body: &str,
    n: usize,
) -> Vec<PostId> {
    // A minute after the tests' clock, when everything else was written.
    let start = time::macros::datetime!(2026-11-27 10:01 UTC);
    let rows: Vec<PostRow> = (0..n)
        .map(|i| PostRow {
            id: PostId::new(),
            space_id: space,
            author_id: author,
            kind: "discussion",
            title: format!("Note {i}"),
            body: body.to_owned(),
            body_html: format!("<p>{body}</p>"),
            important: false,
            comment_count: 0,
            created_at: Ts::new(start + time::Duration::milliseconds(i as i64)),
        })
        .collect();
    let mut tx = ctx.db().begin().await.unwrap();
    assert_eq!(
        bulk::insert_posts_batch(&mut tx, &rows).await.unwrap(),
        n as u64
    );
    tx.commit().await.unwrap();
    rows.into_iter().map(|r| r.id).collect()
}

/// Writes `n` comments saying `body` on `post`, each newer than everything
/// before, in bulk. Returns their ids.
async fn bury_comments(
    ctx: &Ctx,
    post: PostId,
    author: PersonId,
    body: &str,
    n: usize,
) -> Vec<CommentId> {
    // A minute after the tests' clock, when everything else was written.
    let start = time::macros::datetime!(2026-11-27 10:01 UTC);
    let rows: Vec<CommentRow> = (0..n)
        .map(|i| CommentRow {
            id: CommentId::new(),
            post_id: post,
            parent_id: None,
            author_id: author,
            body: body.to_owned(),
            body_html: format!("<p>{body}</p>"),
            created_at: Ts::new(start + time::Duration::milliseconds(i as i64)),
        })
        .collect();
    let mut tx = ctx.db().begin().await.unwrap();
    assert_eq!(
        bulk::insert_comments_batch(&mut tx, &rows).await.unwrap(),
        n as u64
    );
    tx.commit().await.unwrap();
    rows.into_iter().map(|r| r.id).collect()
}

backend_test! {
    async fn a_readable_post_behind_many_newer_hidden_matches_is_found(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let outsider = actor(&ctx, "outsider").await;
        let org = org_space(&ctx, &owner).await;
        let old = post(&ctx, &owner, org, "Quasar survey", "The nebula survey found one quasar.").await;
        // Newer matches the outsider may not read: a secret space they do
        // not know of and a private one they see but may not read.
        let secret = community(&ctx, &owner, "Observatory", "secret").await;
        let private = community(&ctx, &owner, "Telescope", "private").await;
        let hidden: HashSet<Uuid> = [
            bury_posts(&ctx, secret, owner.id, "Another quasar sighting.", BURIED).await,
            bury_posts(&ctx, private, owner.id, "A quasar, again.", 50).await,
        ]
        .concat()
        .into_iter()
        .map(|p| p.as_uuid())
        .collect();

        // A common word (1,151 matches, the readable one the oldest), a rare
        // one, both together, and the common one as a prefix.
        for q in ["quasar", "nebula", "quasar nebula", "quasa"] {
            let hits = find(&ctx, &outsider, q, Some("post")).await;
            assert_eq!(ids(&hits), set([old.as_uuid()]), "query {q:?}");
            let one = search::search(&ctx, &outsider, q, Some("post"), Some(1)).await.unwrap();
            assert_eq!(ids(&one), set([old.as_uuid()]), "a page of one, query {q:?}");
        }
        let hits = find(&ctx, &outsider, "quasar", None).await;
        assert_eq!(ids(&hits), set([old.as_uuid()]), "every kind");

        // Members find a full page, of what they may read: the hidden posts.
        let hits = find(&ctx, &owner, "quasar", Some("post")).await;
        assert_eq!(hits.len(), 100);
        assert!(ids(&hits).is_subset(&hidden), "the newest matches rank first for members");
    }
}

backend_test! {
    async fn a_readable_comment_behind_many_newer_hidden_matches_is_found(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let outsider = actor(&ctx, "outsider").await;
        let org = org_space(&ctx, &owner).await;
        let open_post = post(&ctx, &owner, org, "Stargazing", "Bring a blanket.").await;
        let old = comments::add_comment(&ctx, &outsider, open_post, "I saw a quasar and a nebula.", None)
            .await
            .unwrap();
        let secret = community(&ctx, &owner, "Observatory", "secret").await;
        let hidden_post = post(&ctx, &owner, secret, "Logbook", "Nightly notes.").await;
        let hidden: HashSet<Uuid> = bury_comments(&ctx, hidden_post, owner.id, "Another quasar tonight.", BURIED)
            .await
            .into_iter()
            .map(|c| c.as_uuid())
            .collect();

        for q in ["quasar", "nebula", "quasar nebula", "quasa"] {
            let hits = find(&ctx, &outsider, q, Some("comment")).await;
            assert_eq!(ids(&hits), set([old.id.as_uuid()]), "query {q:?}");
            assert_eq!(hits[0].post_id, Some(open_post));
        }
        assert_eq!(ids(&find(&ctx, &outsider, "quasar", None).await), set([old.id.as_uuid()]), "every kind");

        let hits = find(&ctx, &owner, "quasar", Some("comment")).await;
        assert_eq!(hits.len(), 100);
        assert!(ids(&hits).is_subset(&hidden));
    }
}

backend_test! {
    async fn a_viewer_who_reads_little_gets_full_pages_of_only_what_they_may_read(t: TestDb) {
        let (ctx, owner) = setup(&t).await;
        let outsider = actor(&ctx, "outsider").await;
        let member = actor(&ctx, "member").await;
        let org = org_space(&ctx, &owner).await;
        // 30 readable posts and comments, then far more newer ones the
        // outsider may not read.
        let mut readable_posts = HashSet::new();
        let mut readable_comments = HashSet::new();
        for i in 0..30 {
            let p = post(&ctx, &owner, org, &format!("Pulsar {i}"), "A pulsar timing note.").await;
            readable_posts.insert(p.as_uuid());
            let c = comments::add_comment(&ctx, &member, p, "Pulsar timing looks fine.", None).await.unwrap();
            readable_comments.insert(c.id.as_uuid());
        }
        let secret = community(&ctx, &owner, "Radio astronomy", "secret").await;
        spaces::add_member(&ctx, &owner, secret, member.id).await.unwrap();
        let hidden = bury_posts(&ctx, secret, owner.id, "A pulsar in the secret survey.", BURIED).await;
        bury_comments(&ctx, hidden[0], member.id, "Secret pulsar timing.", BURIED).await;
        // More closed spaces than open ones, so that the outsider's search
        // goes by the spaces they may read, not by those they may not (on
        // PostgreSQL the two are different statements; the other tests
        // here take the second).
        for i in 0..8 {
            let vis = if i % 2 == 0 { "private" } else { "secret" };
            let closed = community(&ctx, &owner, &format!("Closed club {i}"), vis).await;
            bury_posts(&ctx, closed, owner.id, "A closed pulsar note.", 20).await;
        }

        let page = search::search(&ctx, &outsider, "pulsar", Some("post"), Some(20)).await.unwrap();
        assert_eq!(page.len(), 20, "a full page");
        assert!(ids(&page).is_subset(&readable_posts), "only readable posts");
        assert_eq!(ids(&find(&ctx, &outsider, "pulsar", Some("post")).await), readable_posts, "every readable post");

        let page = search::search(&ctx, &outsider, "timing", Some("comment"), Some(20)).await.unwrap();
        assert_eq!(page.len(), 20, "a full page of comments");
        assert!(ids(&page).is_subset(&readable_comments));
        assert_eq!(ids(&find(&ctx, &outsider, "pulsar", Some("comment")).await), readable_comments);

        let everything: HashSet<Uuid> = readable_posts.union(&readable_comments).copied().collect();
        let page = search::search(&ctx, &outsider, "pulsar", None, Some(50)).await.unwrap();
        assert_eq!(page.len(), 50, "a full page of every kind");
        assert!(ids(&page).is_subset(&everything));
        // The member of the secret space reads it all: full pages, and the
        // newest (hidden to others) matches among them.
        let page = search::search(&ctx, &member, "pulsar", Some("post"), Some(20)).await.unwrap();
        assert_eq!(page.len(), 20);
        assert!(!ids(&page).is_subset(&readable_posts));
    }
}

backend_test! {
    async fn hidden_matches_spread_over_many_closed_spaces_stay_hidden(t: TestDb) {
        // A viewer who reads most spaces but not ten of them, where all the
        // newer matches are: too many spaces to name in the search itself
        // on SQLite, so the visibility predicate alone filters the walk.
        let (ctx, owner) = setup(&t).await;
        let outsider = actor(&ctx, "outsider").await;
        let org = org_space(&ctx, &owner).await;
        let mut readable = HashSet::new();
        for i in 0..12 {
            let open = community(&ctx, &owner, &format!("Open club {i}"), "open").await;
            readable.insert(post(&ctx, &owner, open, "Comet watch", "A comet, low in the west.").await.as_uuid());
        }
        readable.insert(post(&ctx, &owner, org, "Comet", "Comet tonight.").await.as_uuid());
        for i in 0..10 {
            let closed = community(&ctx, &owner, &format!("Closed club {i}"), "secret").await;
            bury_posts(&ctx, closed, owner.id, "A secret comet.", BURIED / 10).await;
        }
        assert_eq!(ids(&find(&ctx, &outsider, "comet", Some("post")).await), readable);
        let page = search::search(&ctx, &outsider, "comet", Some("post"), Some(5)).await.unwrap();
        assert_eq!(page.len(), 5);
        assert!(ids(&page).is_subset(&readable));
    }
}

backend_test! {
    async fn a_viewer_of_many_spaces_among_more_closed_ones_sees_only_theirs(t: TestDb) {
        // More readable spaces than are named or searched one at a time,
        // and still more unreadable ones.
        let (ctx, owner) = setup(&t).await;
        let outsider = actor(&ctx, "outsider").await;
        let mut readable = HashSet::new();
        let mut readable_comments = HashSet::new();
        for i in 0..70 {
            let open = community(&ctx, &owner, &format!("Open club {i}"), "open").await;
            if i % 10 == 0 {
                let p = post(&ctx, &owner, open, "Meteor", "A meteor shower.").await;
                readable.insert(p.as_uuid());
                let c = comments::add_comment(&ctx, &owner, p, "Saw the meteor too.", None).await.unwrap();
                readable_comments.insert(c.id.as_uuid());
            }
        }
        for i in 0..80 {
            let vis = if i % 2 == 0 { "private" } else { "secret" };
            let closed = community(&ctx, &owner, &format!("Closed club {i}"), vis).await;
            if i % 8 == 0 {
                let hidden = bury_posts(&ctx, closed, owner.id, "A closed meteor.", BURIED / 10).await;
                bury_comments(&ctx, hidden[0], owner.id, "A closed meteor comment.", BURIED / 10).await;
            }
        }
        assert_eq!(ids(&find(&ctx, &outsider, "meteor", Some("post")).await), readable);
        assert_eq!(ids(&find(&ctx, &outsider, "meteor", Some("comment")).await), readable_comments);
        let page = search::search(&ctx, &outsider, "meteor", Some("post"), Some(3)).await.unwrap();
        assert_eq!(page.len(), 3);
        assert!(ids(&page).is_subset(&readable));
    }
}
