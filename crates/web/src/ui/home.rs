//! The front page: where I belong, who I report to, and my colleagues.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use samspill_services::{org, people};
use samspill_store::people::PersonView;
use samspill_store::units::UnitView;

use super::{Nav, render, service_error_page};
use crate::AppState;
use crate::auth::UiUser;
use crate::i18n::{Msgs, fill};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    t: &'static Msgs,
    nav: Option<Nav>,
    page_title: String,
    welcome: String,
    unit: Option<UnitView>,
    reports_to: Vec<PersonView>,
    leads: Vec<UnitView>,
    colleagues: Vec<PersonView>,
}

/// `GET /`
pub(crate) async fn home(
    State(state): State<AppState>,
    user: UiUser,
    headers: HeaderMap,
) -> Response {
    let actor = user.actor();
    let result = async {
        let me = people::me(&state.ctx, &actor).await?;
        let (unit, colleagues) = match me.person.unit_id {
            Some(id) => {
                let d = org::unit_detail(&state.ctx, &actor, id, None, Some(12)).await?;
                let colleagues = d
                    .members
                    .items
                    .into_iter()
                    .filter(|p| p.id != me.person.id)
                    .collect();
                (Some(d.unit), colleagues)
            }
            None => (None, Vec::new()),
        };
        Ok::<_, samspill_services::Error>((me, unit, colleagues))
    }
    .await;
    let (me, unit, colleagues) = match result {
        Ok(r) => r,
        Err(e) => return service_error_page(&e, &user, &headers),
    };
    let t = user.t;
    render(&HomePage {
        t,
        nav: Nav::of(&user, "home"),
        page_title: t.nav_home.to_owned(),
        welcome: fill(t.welcome, "name", &me.person.name),
        unit,
        reports_to: me.reports_to,
        leads: me.leads,
        colleagues,
    })
}
