//! The tile grid: my tiles, then the others' in pages of at most N tiles, and
//! an optional spotlight (a pinned tile shown large, per viewer).
//!
//! N is the `tiles` URL parameter (1–25) when given, else it follows the
//! viewport: 4 on a phone-sized one (narrower than 600 px or lower than
//! 500 px), 9 otherwise. My camera (and my screen while I share) and a pinned
//! tile are always shown and count towards N; the others fill the rest, a
//! page at a time (`#page-prev` / `#page-next`). Tiles of other pages stay in
//! the page, hidden, so their sound keeps playing, but their video consumers
//! are paused on the server (`RoomState::hidden_tiles`, `room::extras`).

use std::collections::HashSet;

use leptos::ev;
use leptos::prelude::*;
use stunroom_shared::ids::PeerId;

use super::tile;
use crate::actions::Actions;
use crate::paging::{page_window, tiles_for_viewport, tiles_param};
use crate::state::{RoomState, Source};

/// A tile of the grid: one per remote (peer, source).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TileKey {
    pub peer_id: PeerId,
    pub source: Source,
}

/// `data-layout` of the grid: the tile count up to 9, then "many" (the
/// stylesheet maps it to columns × rows, different for tall grids).
fn layout_for(tiles: usize) -> String {
    match tiles {
        0 => "1".into(),
        1..=9 => tiles.to_string(),
        _ => "many".into(),
    }
}

/// What tiles read from the grid: the pin (per viewer) and what is shown.
#[derive(Clone, Copy)]
pub struct Layout {
    pub pinned: RwSignal<Option<TileKey>>,
    shown: Memo<HashSet<TileKey>>,
}

impl Layout {
    pub fn is_shown(self, key: &TileKey) -> bool {
        self.shown.with(|s| s.contains(key))
    }

    pub fn is_pinned(self, key: &TileKey) -> bool {
        self.pinned.with(|p| p.as_ref() == Some(key))
    }

    /// Pins `key`, or unpins it if it is the pinned one.
    pub fn toggle_pin(self, key: TileKey) {
        self.pinned.update(|p| {
            *p = if p.as_ref() == Some(&key) {
                None
            } else {
                Some(key)
            }
        });
    }
}

fn viewport() -> (f64, f64) {
    let w = window();
    let num = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    (num(w.inner_width()), num(w.inner_height()))
}

fn url_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// The tiles: me (camera, and my screen while I share), then everyone else's
/// camera and screen, a page at a time.
#[component]
pub fn Grid(state: RoomState, actions: Actions) -> impl IntoView {
    let forced = match tiles_param(url_param("tiles")) {
        Ok(n) => n,
        Err(e) => {
            state.show_error(e.to_string());
            None
        }
    };
    let view_size = RwSignal::new(viewport());
    let resize = window_event_listener(ev::resize, move |_| view_size.set(viewport()));
    on_cleanup(move || resize.remove());
    let per_page = Memo::new(move |_| {
        forced.unwrap_or_else(|| {
            let (w, h) = view_size.get();
            tiles_for_viewport(w, h)
        })
    });

    let remote_keys = Memo::new(move |_| {
        state.peers.with(|peers| {
            let mut keys = Vec::with_capacity(peers.len() * 2);
            for p in peers {
                keys.push(TileKey {
                    peer_id: p.id.clone(),
                    source: Source::Camera,
                });
                if p.has_screen {
                    keys.push(TileKey {
                        peer_id: p.id.clone(),
                        source: Source::Screen,
                    });
                }
            }
            keys
        })
    });
    let my_screen = Memo::new(move |_| {
        state.local_version.track();
        state.local_screen.with_value(Option::is_some)
    });
    let pinned = RwSignal::new(None::<TileKey>);
    // The pinned tile left (its peer, or the screen share, is gone).
    Effect::new(move |_| {
        let gone = pinned.with(|p| {
            p.as_ref()
                .is_some_and(|k| !remote_keys.with(|keys| keys.contains(k)))
        });
        if gone {
            pinned.set(None);
        }
    });
    let page = RwSignal::new(0usize);
    // (shown remote tiles, the page, how many pages)
    let paging = Memo::new(move |_| {
        let pin = pinned.get();
        let mine = 1 + usize::from(my_screen.get());
        let others: Vec<TileKey> = remote_keys.with(|keys| {
            keys.iter()
                .filter(|k| Some(*k) != pin.as_ref())
                .cloned()
                .collect()
        });
        let slots = per_page
            .get()
            .saturating_sub(mine + usize::from(pin.is_some()));
        let (start, end, at, pages) = page_window(others.len(), slots, page.get());
        let mut shown: HashSet<TileKey> = others[start..end].iter().cloned().collect();
        shown.extend(pin);
        (shown, at, pages)
    });
    let shown = Memo::new(move |_| paging.with(|(s, _, _)| s.clone()));
    let layout = Layout { pinned, shown };
    provide_context(layout);

    // What is not shown gets its video paused (only when the set changes;
    // `sync_hidden` also runs when a new consumer asks, see `room::extras`).
    Effect::new(move |_| {
        let hidden: HashSet<(PeerId, Source)> = remote_keys.with(|keys| {
            shown.with(|s| {
                keys.iter()
                    .filter(|k| !s.contains(*k))
                    .map(|k| (k.peer_id.clone(), k.source))
                    .collect()
            })
        });
        if state.hidden_tiles.with_untracked(|h| *h != hidden) {
            state.hidden_tiles.set(hidden);
        }
    });
    Effect::new(move |_| {
        state.hidden_tiles.track();
        actions.sync_hidden();
    });

    let count = move || 1 + usize::from(my_screen.get()) + shown.with(HashSet::len);
    let pages = move || paging.with(|(_, _, n)| *n);
    let at = move || paging.with(|(_, p, _)| *p);
    view! {
        <main
            class="grid"
            data-tiles=count
            data-layout=move || layout_for(count())
            data-spotlight=move || super::bool_str(pinned.with(Option::is_some))
            data-page-size=move || per_page.get().to_string()
            aria-label="Participants' video"
        >
            <tile::LocalTile state/>
            <Show when=move || my_screen.get()>
                <tile::LocalScreenTile state/>
            </Show>
            <For each=move || remote_keys.get() key=|k| k.clone() let:k>
                <tile::RemoteTile state actions peer_id=k.peer_id source=k.source/>
            </For>
        </main>
        <Show when=move || { pages() > 1 }>
            <nav class="pager" aria-label="Pages of participants">
                <button
                    id="page-prev"
                    class="pager-button"
                    aria-label="Previous page"
                    disabled=move || at() == 0
                    on:click=move |_| page.set(at().saturating_sub(1))
                >
                    "‹"
                </button>
                <span id="page-label" aria-live="polite">
                    {move || format!("Page {} of {}", at() + 1, pages())}
                </span>
                <button
                    id="page-next"
                    class="pager-button"
                    aria-label="Next page"
                    disabled=move || { at() + 1 >= pages() }
                    on:click=move |_| page.set(at() + 1)
                >
                    "›"
                </button>
            </nav>
        </Show>
    }
}
