//! Spaces, posts, comments, reactions, the feed, notifications and search
//! through the API, on both backends.

use reqwest::StatusCode;
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{TestApp, expect_error};

backend_test! {
    async fn a_post_is_written_read_commented_reacted_to_and_found(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let ola = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;
        let spaces: Value = kari.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let org = spaces["spaces"].as_array().unwrap().iter().find(|s| s["kind"] == "org").unwrap()["id"].as_str().unwrap().to_owned();

        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"space_id": org, "kind": "question", "title": "Which pipeline?", "body": "Asking @ola about <script>alert(1)</script> #deploy"}))
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let post: Value = res.json().await.unwrap();
        let id = post["post"]["id"].as_str().unwrap().to_owned();
        let html = post["post"]["body_html"].as_str().unwrap();
        assert!(!html.contains("<script") && html.contains(r#"href="/people/ola""#), "{html}");
        assert_eq!(post["post"]["author"]["handle"], "kari");
        assert_eq!(post["post"]["topics"], json!(["deploy"]));

        let res = ola.post(app.url(&format!("/api/v1/posts/{id}/comments"))).header("X-CSRF-Token", &ocsrf)
            .json(&json!({"body": "The new one"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let comment: Value = res.json().await.unwrap();
        let cid = comment["comment"]["id"].as_str().unwrap().to_owned();
        let res = ola.put(app.url(&format!("/api/v1/posts/{id}/reactions/insightful"))).header("X-CSRF-Token", &ocsrf).send().await.unwrap();
        let reacted: Value = res.json().await.unwrap();
        assert_eq!(reacted["post"]["reactions"]["insightful"], 1);
        let res = kari.post(app.url(&format!("/api/v1/posts/{id}/accept"))).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"comment_id": cid})).send().await.unwrap();
        let accepted: Value = res.json().await.unwrap();
        assert_eq!(accepted["post"]["accepted_comment_id"], cid.as_str());

        let feed: Value = ola.get(app.url("/api/v1/feed")).send().await.unwrap().json().await.unwrap();
        assert_eq!(feed["posts"][0]["id"], id.as_str());
        let notes: Value = ola.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        assert_eq!(notes["unread"], 2, "{notes}");
        let found: Value = ola.get(app.url("/api/v1/search?q=pipeline")).send().await.unwrap().json().await.unwrap();
        assert_eq!(found["results"][0]["type"], "post");
        assert_eq!(found["results"][0]["id"], id.as_str());
        assert!(found["results"][0]["snippet"].as_str().unwrap().contains("<mark>"));
        let res = ola.get(app.url("/api/v1/search?q=x&type=bogus")).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let res = ola.get(app.url("/api/v1/feed?limit=101")).send().await.unwrap();
        expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;

        let res = ola.delete(app.url(&format!("/api/v1/posts/{id}"))).header("X-CSRF-Token", &ocsrf).send().await.unwrap();
        expect_error(res, StatusCode::FORBIDDEN, "forbidden").await;
        let res = kari.delete(app.url(&format!("/api/v1/posts/{id}"))).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        let res = ola.get(app.url(&format!("/api/v1/posts/{id}"))).send().await.unwrap();
        expect_error(res, StatusCode::NOT_FOUND, "not_found").await;
    }
}

backend_test! {
    async fn a_secret_space_answers_404_like_one_that_does_not_exist(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let ola = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        app.api_sign_in(&ola, "ola@acme.test").await;
        let res = kari.post(app.url("/api/v1/spaces")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"name": "Reorg", "visibility": "secret"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let space: Value = res.json().await.unwrap();
        let sid = space["space"]["id"].as_str().unwrap();
        let hidden = expect_error(ola.get(app.url(&format!("/api/v1/spaces/{sid}"))).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
        let unknown = expect_error(ola.get(app.url(&format!("/api/v1/spaces/{}", uuid::Uuid::now_v7()))).send().await.unwrap(), StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(hidden, unknown);
        let listed: Value = ola.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        assert!(!listed.to_string().contains("Reorg"));
    }
}

backend_test! {
    async fn marking_notifications_read_takes_at_most_a_hundred_ids(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let ola = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;
        let spaces: Value = kari.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let org = spaces["spaces"].as_array().unwrap().iter().find(|s| s["kind"] == "org").unwrap()["id"].as_str().unwrap().to_owned();
        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"space_id": org, "kind": "discussion", "body": "Hello @ola"})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let notes: Value = ola.get(app.url("/api/v1/notifications")).send().await.unwrap().json().await.unwrap();
        let mine = notes["notifications"][0]["id"].as_str().unwrap().to_owned();
        let unread = |c: reqwest::Client| {
            let url = app.url("/api/v1/notifications");
            async move { c.get(url).send().await.unwrap().json::<Value>().await.unwrap()["unread"].clone() }
        };
        assert_eq!(unread(ola.clone()).await, 1);

        // 101 ids: refused with the field named, and nothing is marked.
        let mut ids: Vec<String> = (0..100).map(|_| uuid::Uuid::now_v7().to_string()).collect();
        ids.push(mine.clone());
        let res = ola.post(app.url("/api/v1/notifications/read")).header("X-CSRF-Token", &ocsrf)
            .json(&json!({"ids": ids})).send().await.unwrap();
        let body = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert!(body["error"]["fields"]["ids"].as_str().unwrap().contains("100"), "{body}");
        assert_eq!(unread(ola.clone()).await, 1);

        // 100 are taken.
        ids.remove(0);
        let res = ola.post(app.url("/api/v1/notifications/read")).header("X-CSRF-Token", &ocsrf)
            .json(&json!({"ids": ids})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(unread(ola.clone()).await, 0);
    }
}

backend_test! {
    async fn post_kinds_and_reactions_keep_their_wire_names_and_the_document_lists_them(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        let ola = TestApp::client();
        let kcsrf = app.api_sign_in(&kari, "kari@acme.test").await;
        let ocsrf = app.api_sign_in(&ola, "ola@acme.test").await;
        let spaces: Value = kari.get(app.url("/api/v1/spaces")).send().await.unwrap().json().await.unwrap();
        let org = spaces["spaces"].as_array().unwrap().iter().find(|s| s["kind"] == "org").unwrap()["id"].as_str().unwrap().to_owned();

        // Unknown kinds are refused with the other invalid fields, by name.
        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"space_id": org, "kind": "Poll", "body": ""})).send().await.unwrap();
        let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        let fields = err["error"]["fields"].as_object().unwrap();
        assert!(fields.contains_key("kind") && fields.contains_key("body"), "{err}");

        let res = kari.post(app.url("/api/v1/posts")).header("X-CSRF-Token", &kcsrf)
            .json(&json!({"space_id": org, "kind": "poll", "body": "Lunch?", "options": ["Pizza", "Sushi"]})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let post: Value = res.json().await.unwrap();
        assert_eq!(post["post"]["kind"], "poll");
        assert_eq!(post["post"]["poll"]["options"][1]["text"], "Sushi");
        let id = post["post"]["id"].as_str().unwrap().to_owned();
        let reactions = |name: &str| app.url(&format!("/api/v1/posts/{id}/reactions/{name}"));

        for name in ["celebrate", "like"] {
            let res = ola.put(reactions(name)).header("X-CSRF-Token", &ocsrf).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
        }
        let res = kari.put(reactions("like")).header("X-CSRF-Token", &kcsrf).send().await.unwrap();
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["post"]["reactions"], json!({"celebrate": 1, "like": 2}));
        assert_eq!(body["post"]["my_reactions"], json!(["like"]));
        let res = ola.delete(reactions("celebrate")).header("X-CSRF-Token", &ocsrf).send().await.unwrap();
        let body: Value = res.json().await.unwrap();
        assert_eq!((&body["post"]["reactions"], &body["post"]["my_reactions"]), (&json!({"like": 2}), &json!(["like"])));
        for name in ["angry", "Like"] {
            let res = ola.put(reactions(name)).header("X-CSRF-Token", &ocsrf).send().await.unwrap();
            let err = expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
            assert!(err["error"]["fields"]["kind"].is_string(), "{err}");
            let res = ola.delete(reactions(name)).header("X-CSRF-Token", &ocsrf).send().await.unwrap();
            expect_error(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        }

        // The document names the closed sets where they appear.
        let doc: Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["PostKind"]["type"], "string");
        assert_eq!(schemas["PostKind"]["enum"], json!(["discussion", "question", "announcement", "vision", "praise", "idea", "article", "lesson", "poll"]));
        assert_eq!(schemas["Reaction"]["enum"], json!(["like", "celebrate", "insightful", "support"]));
        assert_eq!(schemas["PostJson"]["properties"]["kind"]["$ref"], "#/components/schemas/PostKind");
        assert_eq!(schemas["CreatePostRequest"]["properties"]["kind"]["$ref"], "#/components/schemas/PostKind");
        assert_eq!(schemas["PostJson"]["properties"]["my_reactions"]["items"]["$ref"], "#/components/schemas/Reaction");
        let counts = &schemas["PostJson"]["properties"]["reactions"]["properties"];
        assert_eq!(counts.as_object().unwrap().keys().collect::<Vec<_>>(), ["celebrate", "insightful", "like", "support"]);
        for method in ["put", "delete"] {
            let params = doc["paths"]["/posts/{id}/reactions/{kind}"][method]["parameters"].as_array().unwrap();
            let kind = params.iter().find(|p| p["name"] == "kind").unwrap();
            assert_eq!(kind["schema"]["$ref"], "#/components/schemas/Reaction", "{method}");
        }
    }
}

backend_test! {
    async fn the_pages_offer_every_kind_and_reaction_by_name(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = TestApp::client();
        assert_eq!(app.ui_sign_in(&kari, "kari@acme.test").await.status(), StatusCode::SEE_OTHER);
        let home = kari.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        let csrf = crate::helpers::hidden_field(&home, "csrf");
        for (name, label) in [("discussion", "Discussion"), ("question", "Question"), ("poll", "Poll")] {
            assert!(home.contains(&format!(r#"<option value="{name}">{label}</option>"#)), "composer offers {name}");
        }
        let space = {
            let start = home.find(r#"<select id="composer-space" name="space_id">"#).unwrap();
            let rest = &home[start..];
            let v = rest.find(r#"value=""#).unwrap() + 7;
            rest[v..v + rest[v..].find('"').unwrap()].to_owned()
        };
        let res = kari.post(app.url("/posts"))
            .form(&[("csrf", csrf.as_str()), ("space_id", &space), ("kind", "poll"), ("body", "Lunch?"), ("options", "Pizza\nSushi")])
            .send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let post = res.headers()["location"].to_str().unwrap().to_owned();

        let page = kari.get(app.url(&post)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"<span class="badge badge-kind">Poll</span>"#), "the kind's label");
        assert!(page.contains(&format!(r#"action="{post}/vote""#)), "a poll has its vote form");
        for name in ["like", "celebrate", "insightful", "support"] {
            assert!(page.contains(&format!(r#"action="{post}/reactions/{name}""#)), "a form for {name}");
        }
        let res = kari.post(app.url(&format!("{post}/reactions/insightful"))).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let page = kari.get(app.url(&post)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"<button type="submit" class="reaction mine" aria-pressed="true">Insightful <span>1</span></button>"#), "{page}");
    }
}
