//! Passing messages, stacked bottom-right (`.toast[data-level]`).

use leptos::prelude::*;

use super::icons::{icon, Icon};
use crate::state::{RoomState, ToastLevel};

#[component]
pub fn Toasts(state: RoomState) -> impl IntoView {
    view! {
        <section class="toasts" aria-label="Notifications" aria-live="polite">
            <For each=move || state.toasts.get() key=|t| t.id let:toast>
                {
                    let id = toast.id;
                    let error = toast.level == ToastLevel::Error;
                    view! {
                        <div
                            class="toast"
                            data-level=if error { "error" } else { "info" }
                            role=if error { "alert" } else { "status" }
                        >
                            <span class="toast-text">{toast.text}</span>
                            <button
                                class="icon-button toast-close"
                                aria-label="Dismiss"
                                on:click=move |_| state.toasts.update(|t| t.retain(|x| x.id != id))
                            >
                                {icon(Icon::Close)}
                            </button>
                        </div>
                    }
                }
            </For>
        </section>
    }
}
