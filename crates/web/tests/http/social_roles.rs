//! `PUT /spaces/{id}/members/{person_id}`: changing a member's role through
//! the API, every answer it gives, and its place in the OpenAPI document; on
//! both backends.

use reqwest::{Client, Response, StatusCode};
use samspill_testkit::backend_test;
use serde_json::{Value, json};

use crate::helpers::{TestApp, expect_error};

/// A signed-in client and its CSRF token.
struct User {
    client: Client,
    csrf: String,
}

async fn sign_in(app: &TestApp, email: &str) -> User {
    let client = TestApp::client();
    let csrf = app.api_sign_in(&client, email).await;
    User { client, csrf }
}

async fn person_id(app: &TestApp, u: &User, handle: &str) -> String {
    let p: Value = u
        .client
        .get(app.url(&format!("/api/v1/people/{handle}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    p["person"]["id"].as_str().unwrap().to_owned()
}

async fn create_space(app: &TestApp, u: &User, name: &str, visibility: &str) -> String {
    let res = u
        .client
        .post(app.url("/api/v1/spaces"))
        .header("X-CSRF-Token", &u.csrf)
        .json(&json!({"name": name, "visibility": visibility}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    body["space"]["id"].as_str().unwrap().to_owned()
}

async fn join(app: &TestApp, u: &User, space: &str) {
    let res = u
        .client
        .post(app.url(&format!("/api/v1/spaces/{space}/members")))
        .header("X-CSRF-Token", &u.csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

async fn put_role(app: &TestApp, u: &User, space: &str, person: &str, body: &Value) -> Response {
    u.client
        .put(app.url(&format!("/api/v1/spaces/{space}/members/{person}")))
        .header("X-CSRF-Token", &u.csrf)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn my_role(app: &TestApp, u: &User, space: &str) -> Value {
    let s: Value = u
        .client
        .get(app.url(&format!("/api/v1/spaces/{space}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    s["space"]["my_role"].clone()
}

backend_test! {
    async fn owners_and_moderators_change_roles_within_their_powers(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = sign_in(&app, "kari@acme.test").await;
        let ola = sign_in(&app, "ola@acme.test").await;
        let lars = sign_in(&app, "lead@acme.test").await;
        let space = create_space(&app, &kari, "Guild", "open").await;
        join(&app, &ola, &space).await;
        join(&app, &lars, &space).await;
        let (kari_id, ola_id, lars_id) = (person_id(&app, &kari, "kari").await, person_id(&app, &kari, "ola").await, person_id(&app, &kari, "lars").await);

        // 200: the owner makes a moderator; the answer is the member's new role.
        let res = put_role(&app, &kari, &space, &ola_id, &json!({"role": "moderator"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body, json!({"member": {"person_id": ola_id, "role": "moderator"}}));
        assert_eq!(my_role(&app, &ola, &space).await, "moderator");
        // A moderator makes members moderators and back…
        let res = put_role(&app, &ola, &space, &lars_id, &json!({"role": "moderator"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let res = put_role(&app, &ola, &space, &lars_id, &json!({"role": "member"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(my_role(&app, &lars, &space).await, "member");

        // 403: …but neither grants nor takes ownership, and a member changes nothing.
        expect_error(put_role(&app, &ola, &space, &lars_id, &json!({"role": "owner"})).await, StatusCode::FORBIDDEN, "forbidden").await;
        expect_error(put_role(&app, &ola, &space, &kari_id, &json!({"role": "member"})).await, StatusCode::FORBIDDEN, "forbidden").await;
        expect_error(put_role(&app, &lars, &space, &ola_id, &json!({"role": "member"})).await, StatusCode::FORBIDDEN, "forbidden").await;
        assert_eq!(my_role(&app, &kari, &space).await, "owner");

        // 409: the last owner keeps ownership.
        expect_error(put_role(&app, &kari, &space, &kari_id, &json!({"role": "member"})).await, StatusCode::CONFLICT, "last_owner").await;
        assert_eq!(my_role(&app, &kari, &space).await, "owner");

        // An owner hands ownership on; then the old owner may step down.
        let res = put_role(&app, &kari, &space, &ola_id, &json!({"role": "owner"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let res = put_role(&app, &kari, &space, &kari_id, &json!({"role": "member"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!((my_role(&app, &kari, &space).await, my_role(&app, &ola, &space).await), (json!("member"), json!("owner")));
    }
}

backend_test! {
    async fn administrators_grant_and_take_ownership_without_being_members(t: TestDb) {
        let app = TestApp::spawn(t).await;
        app.add_admin("root@acme.test", "Rut Admin").await;
        let admin = sign_in(&app, "root@acme.test").await;
        let kari = sign_in(&app, "kari@acme.test").await;
        let ola = sign_in(&app, "ola@acme.test").await;
        let space = create_space(&app, &kari, "Guild", "private").await;
        let (kari_id, ola_id) = (person_id(&app, &kari, "kari").await, person_id(&app, &kari, "ola").await);
        let res = kari.client.post(app.url(&format!("/api/v1/spaces/{space}/members"))).header("X-CSRF-Token", &kari.csrf)
            .json(&json!({"person_id": ola_id})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);

        let res = put_role(&app, &admin, &space, &ola_id, &json!({"role": "owner"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        let res = put_role(&app, &admin, &space, &kari_id, &json!({"role": "moderator"})).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!((my_role(&app, &kari, &space).await, my_role(&app, &ola, &space).await), (json!("moderator"), json!("owner")));
        // Not even an administrator takes the role from the last owner.
        expect_error(put_role(&app, &admin, &space, &ola_id, &json!({"role": "member"})).await, StatusCode::CONFLICT, "last_owner").await;
        // The administrator is not a member, so has no role to be given.
        let admin_id = person_id(&app, &admin, "root").await;
        expect_error(put_role(&app, &admin, &space, &admin_id, &json!({"role": "owner"})).await, StatusCode::NOT_FOUND, "not_found").await;
    }
}

backend_test! {
    async fn unknown_hidden_and_bad_requests_answer_404_400_422_401_and_403(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let kari = sign_in(&app, "kari@acme.test").await;
        let ola = sign_in(&app, "ola@acme.test").await;
        let space = create_space(&app, &kari, "Guild", "open").await;
        let secret = create_space(&app, &kari, "Hush", "secret").await;
        join(&app, &ola, &space).await;
        let (kari_id, ola_id, cecilie_id) = (person_id(&app, &kari, "kari").await, person_id(&app, &kari, "ola").await, person_id(&app, &kari, "cecilie").await);
        let moderator = json!({"role": "moderator"});

        // 404: an unknown space, a malformed id, someone who is not a member,
        // and a secret space one is not in (the same body as an unknown one).
        let unknown = expect_error(put_role(&app, &ola, &uuid::Uuid::now_v7().to_string(), &kari_id, &moderator).await, StatusCode::NOT_FOUND, "not_found").await;
        let hidden = expect_error(put_role(&app, &ola, &secret, &kari_id, &moderator).await, StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(hidden, unknown);
        expect_error(put_role(&app, &kari, "not-an-id", &ola_id, &moderator).await, StatusCode::NOT_FOUND, "not_found").await;
        expect_error(put_role(&app, &kari, &space, "not-an-id", &moderator).await, StatusCode::NOT_FOUND, "not_found").await;
        expect_error(put_role(&app, &kari, &space, &cecilie_id, &moderator).await, StatusCode::NOT_FOUND, "not_found").await;

        // 422: a role that does not exist, named in `fields`; 400: no role at all.
        let bad = expect_error(put_role(&app, &kari, &space, &ola_id, &json!({"role": "root"})).await, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(bad["error"]["fields"]["role"], "one of owner, moderator, member");
        expect_error(put_role(&app, &kari, &space, &ola_id, &json!({"rank": "owner"})).await, StatusCode::BAD_REQUEST, "bad_request").await;
        expect_error(put_role(&app, &kari, &space, &ola_id, &json!({"role": 1})).await, StatusCode::BAD_REQUEST, "bad_request").await;

        // 401 without signing in; 403 with the cookie but without the CSRF token.
        let url = app.url(&format!("/api/v1/spaces/{space}/members/{ola_id}"));
        let res = TestApp::client().put(&url).json(&moderator).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let res = kari.client.put(&url).json(&moderator).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(my_role(&app, &ola, &space).await, "member", "no refused request changed anything");
    }
}

backend_test! {
    async fn the_openapi_document_describes_the_role_change_and_the_role_values(t: TestDb) {
        let app = TestApp::spawn(t).await;
        let doc: Value = reqwest::get(app.url("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
        let member = &doc["paths"]["/spaces/{id}/members/{person_id}"];
        assert!(member["delete"].is_object(), "leaving is still routed");
        let put = &member["put"];
        let mut statuses: Vec<&str> = put["responses"].as_object().unwrap().keys().map(String::as_str).collect();
        statuses.sort_unstable();
        assert_eq!(statuses, ["200", "400", "401", "403", "404", "409", "413", "422"]);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["RoleRequest"]["properties"]["role"]["enum"], json!(["owner", "moderator", "member"]));
        let space = &schemas["SpaceJson"]["properties"];
        assert_eq!(space["kind"]["enum"], json!(["org", "unit", "community"]));
        assert_eq!(space["visibility"]["enum"], json!(["open", "private", "secret"]));
        assert_eq!(space["write_access"]["enum"], json!(["everyone", "members", "moderators"]));
        assert_eq!(space["my_role"]["enum"], json!(["owner", "moderator", "member", null]));
    }
}
