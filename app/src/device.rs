//! This phone's membership: the device token a coordinator's invite code
//! gave it, kept in local storage. Recording needs none of this; only
//! sending does, so a volunteer can record before joining.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use netral_shared::accounts::{DeviceInfo, JoinRequest, JoinResponse};
use netral_shared::sync::{API_PREFIX, ErrorBody};
use serde::{Deserialize, Serialize};

const KEY: &str = "netral.device";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Device {
    pub token: String,
    pub pseudonym: String,
    pub organisation: String,
    /// Set when the server said a coordinator revoked this device.
    #[serde(default)]
    pub revoked: bool,
}

/// The device as stored, reactive: the join page, the settings and the
/// sync all read this one signal.
#[derive(Clone, Copy)]
pub struct DeviceState(pub RwSignal<Option<Device>>);

pub fn provide_device() -> DeviceState {
    let state = DeviceState(RwSignal::new(LocalStorage::get::<Device>(KEY).ok()));
    provide_context(state);
    state
}

pub fn stored() -> Option<Device> {
    LocalStorage::get::<Device>(KEY).ok()
}

/// The token to send, if this device has joined and was not revoked.
pub fn token() -> Option<String> {
    stored().filter(|d| !d.revoked).map(|d| d.token)
}

pub fn mark_revoked() {
    if let Some(mut d) = stored() {
        d.revoked = true;
        let _ = LocalStorage::set(KEY, &d);
    }
}

pub fn forget() {
    LocalStorage::delete(KEY);
}

#[derive(Clone, Debug, PartialEq)]
pub enum JoinError {
    Offline,
    Server(ErrorBody),
}

/// Redeems an invite code; on success the token is stored at once.
pub async fn join(code: &str) -> Result<Device, JoinError> {
    let body = serde_json::to_string(&JoinRequest {
        code: code.to_owned(),
    })
    .map_err(|_| JoinError::Offline)?;
    let (status, text) = crate::http::post_json(&format!("{API_PREFIX}/devices/join"), &body, None)
        .await
        .map_err(|_| JoinError::Offline)?;
    if status == 201 || status == 200 {
        let response: JoinResponse = serde_json::from_str(&text).map_err(|_| JoinError::Offline)?;
        let device = from_response(response.token, &response.device);
        LocalStorage::set(KEY, &device).map_err(|_| JoinError::Offline)?;
        return Ok(device);
    }
    Err(match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => JoinError::Server(body),
        Err(_) => JoinError::Offline,
    })
}

fn from_response(token: String, info: &DeviceInfo) -> Device {
    Device {
        token,
        pseudonym: info.pseudonym.clone(),
        organisation: info.organisation.clone(),
        revoked: false,
    }
}
