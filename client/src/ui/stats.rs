//! `#stats-panel`: browser `getStats` and server stats side by side,
//! refreshed every 2 s while the panel is open.

use std::time::Duration;

use leptos::prelude::*;

use super::chat::PanelHeader;
use super::{Panel, Panels};
use crate::actions::Actions;
use crate::state::{Phase, RoomState, StatsRow};

#[component]
pub fn StatsPanel(state: RoomState, actions: Actions, panels: Panels) -> impl IntoView {
    let open = panels.open_signal(Panel::Stats);
    let polling = Memo::new(move |_| open.get() && state.phase.get() == Phase::Joined);
    Effect::new(move |previous: Option<Option<IntervalHandle>>| {
        if let Some(Some(handle)) = previous {
            handle.clear();
        }
        if !polling.get() {
            return None;
        }
        actions.refresh_stats();
        set_interval_with_handle(move || actions.refresh_stats(), Duration::from_secs(2)).ok()
    });

    view! {
        <section
            id="stats-panel"
            class="panel"
            class:open=open
            aria-labelledby="stats-title"
            inert=move || !open.get()
        >
            <PanelHeader title="Statistics" title_id="stats-title" panels/>
            <div class="stats-body">
                <Show
                    when=move || state.stats.with(|s| !s.is_empty())
                    fallback=|| view! { <p class="empty">"Collecting statistics…"</p> }
                >
                    <For
                        each=move || state.stats.get()
                        key=|row| row.label.clone()
                        children=move |row| view! { <StatsTable state label=row.label/> }
                    />
                </Show>
            </div>
        </section>
    }
}

/// One `StatsRow` as a table: each key with the browser's and the server's value.
#[component]
fn StatsTable(state: RoomState, label: String) -> impl IntoView {
    let key = label.clone();
    let row = Memo::new(move |_| {
        state
            .stats
            .with(|rows| rows.iter().find(|r| r.label == key).cloned())
            .unwrap_or_default()
    });
    view! {
        <table class="stats-table">
            <caption>{label}</caption>
            <thead>
                <tr>
                    <th scope="col">""</th>
                    <th scope="col">"Browser"</th>
                    <th scope="col">"Server"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    merged(&row.get())
                        .into_iter()
                        .map(|(k, local, server)| {
                            view! {
                                <tr>
                                    <th scope="row">{k}</th>
                                    <td>{local}</td>
                                    <td>{server}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

/// Keys in order of first appearance (browser first), with "—" where a side lacks one.
fn merged(row: &StatsRow) -> Vec<(String, String, String)> {
    let mut keys: Vec<&str> = Vec::new();
    for (k, _) in row.local.iter().chain(&row.server) {
        if !keys.contains(&k.as_str()) {
            keys.push(k);
        }
    }
    let find = |side: &[(String, String)], k: &str| {
        side.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| "—".into())
    };
    keys.into_iter()
        .map(|k| (k.to_owned(), find(&row.local, k), find(&row.server, k)))
        .collect()
}
