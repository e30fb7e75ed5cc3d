//! Schemas of request fields that `#[schema(...)]` cannot state: arrays whose
//! items follow a pattern. The other rules are attributes on the fields
//! themselves; `server/tests/openapi.rs` checks both against the rules of
//! this crate.
//!
//! Where the server trims a value before checking it, a pattern allows the
//! characters `str::trim` removes (`char::is_whitespace`) around it, spelt
//! out so every regex dialect reads the same set.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};

use crate::validate::MAX_LINKS;

/// An evidence link as `EvidenceUrl::parse` takes it: http(s), no spaces or
/// control characters inside.
pub const EVIDENCE_LINK: &str = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[Hh][Tt][Tt][Pp][Ss]?://[^\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$";

/// A province (`35`) or kabupaten/kota (`35.78`) code, as `RegionCode::parse`
/// takes it.
pub const REGION_CODE: &str = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[0-9]{2}(\.[0-9]{2})?[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$";

fn string(pattern: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
}

/// `Report::evidence_links`.
pub fn evidence_links() -> RefOr<Schema> {
    ArrayBuilder::new()
        .items(string(EVIDENCE_LINK))
        .max_items(Some(MAX_LINKS))
        .description(Some(format!(
            "Links to the posts or articles: http(s), with a host; at most {MAX_LINKS}."
        )))
        .default(Some(serde_json::json!([])))
        .into()
}

/// `NewInvite::scopes`: left out or `null` for the coordinator's own
/// regions, else at least one.
pub fn invite_scopes() -> RefOr<Schema> {
    ArrayBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
        .items(string(REGION_CODE))
        .min_items(Some(1))
        .description(Some(
            "Region codes (`35`, `35.78`). Default: the coordinator's regions. Each must lie in them.",
        ))
        .default(Some(serde_json::Value::Null))
        .into()
}
