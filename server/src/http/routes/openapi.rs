//! The API contract, generated from the handlers and the shared types, at
//! `GET /api/v1/openapi.json`.

use axum::Json;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayItems, Schema};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Netral API",
        description = "Sync of election-neutrality reports from volunteers' devices, and cases for coordinators. \
                       Every error body is `{code, message: {id, en}, problems}` with a stable `code`."
    ),
    paths(
        super::health::healthz,
        super::health::readyz,
        super::metrics::metrics,
        super::sync::sync,
        super::reports::get_report,
        super::reports::put_report,
        super::reports::statuses,
        super::cases::list,
        super::cases::detail,
        super::cases::split,
        super::cases::merge,
        super::cases::links,
        super::cases::dismiss_link,
        super::overview::overview,
        super::export::export,
        super::workflow::status,
        super::workflow::canonical,
        super::evidence::put_evidence,
        super::evidence::head_evidence,
        super::evidence::get_evidence,
        openapi_json,
        super::calendar::calendar,
        super::public::public_statistics,
        super::sign_in::login,
        super::sign_in::logout,
        super::sign_in::me,
        super::sign_in::change_password,
        super::sign_in::reporter,
        super::invites::join,
        super::invites::device_me,
        super::invites::list_devices,
        super::invites::revoke_device,
        super::invites::list_invites,
        super::invites::create_invite,
        super::invites::revoke_invite,
        super::admin::list_users,
        super::admin::create_user,
        super::admin::disable_user,
        super::admin::list_organisations,
        super::admin::create_organisation,
        super::admin::audit,
    ),
    modifiers(&Security, &RequiredHaveNoDefault),
    tags(
        (name = "sync", description = "Devices send their outbox"),
        (name = "reports", description = "One report, and the state of a device's reports"),
        (name = "cases", description = "Duplicate reports grouped into cases"),
        (name = "evidence", description = "Photos and documents, addressed by their SHA-256"),
        (name = "operations", description = "Health, readiness, metrics and this description"),
        (name = "accounts", description = "Coordinators and admins: sign-in with a session cookie"),
        (name = "devices", description = "Volunteers' devices: invite codes, joining, revoking"),
        (name = "admin", description = "Organisations, accounts and the audit log (admins)"),
        (name = "public", description = "Statistics anyone may read, small counts withheld (when the deployment publishes them)"),
    )
)]
pub struct ApiDoc;

/// The two ways to authenticate: a device's bearer token, a person's
/// session cookie.
struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "device",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The token a device got from `POST /api/v1/devices/join`",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::config::SESSION_COOKIE,
            ))),
        );
    }
}

/// A field the server needs in a request (`required`) has no default, though
/// serde would fill one in: the derive writes the `Default` value of every
/// field of a `#[serde(default)]` struct, and for a required field it is the
/// value the server refuses (revision 0, an empty name, no election).
struct RequiredHaveNoDefault;

impl Modify for RequiredHaveNoDefault {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        for schema in doc
            .components
            .iter_mut()
            .flat_map(|c| c.schemas.values_mut())
        {
            drop_required_defaults(schema);
        }
    }
}

fn drop_required_defaults(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => {
            for (name, property) in object.properties.iter_mut() {
                if let (true, RefOr::T(property)) = (object.required.contains(name), &mut *property)
                {
                    match property {
                        Schema::Object(o) => o.default = None,
                        Schema::Array(a) => a.default = None,
                        Schema::OneOf(o) => o.default = None,
                        Schema::AllOf(a) => a.default = None,
                        Schema::AnyOf(a) => a.default = None,
                        _ => {}
                    }
                }
                drop_required_defaults(property);
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                drop_required_defaults(items);
            }
        }
        Schema::OneOf(o) => o.items.iter_mut().for_each(drop_required_defaults),
        Schema::AllOf(a) => a.items.iter_mut().for_each(drop_required_defaults),
        Schema::AnyOf(a) => a.items.iter_mut().for_each(drop_required_defaults),
        _ => {}
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "operations",
    responses((status = 200, description = "This document"))
)]
pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
