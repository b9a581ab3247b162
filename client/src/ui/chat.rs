//! `#chat-panel`: the conversation and the message form. Always in the DOM;
//! the side panel shows or hides it.

use leptos::html;
use leptos::prelude::*;

use super::icons::{icon, Icon};
use super::{Panel, Panels};
use crate::actions::Actions;
use crate::state::{ChatFrom, RoomState};

#[component]
pub fn ChatPanel(state: RoomState, actions: Actions, panels: Panels) -> impl IntoView {
    let open = panels.open_signal(Panel::Chat);
    // `datachannel=false` or `produce=false`: no data producer to send with.
    let can_send = move || state.options.with(|o| o.can_send_chat());
    let input = NodeRef::<html::Input>::new();
    let list = NodeRef::<html::Ol>::new();

    // Opening the chat puts the cursor in the message field.
    Effect::new(move |was_open: Option<bool>| {
        let now = open.get();
        if now && was_open == Some(false) {
            request_animation_frame(move || {
                if let Some(el) = input.get_untracked() {
                    let _ = el.focus();
                }
            });
        }
        now
    });
    // Keep the newest line in view.
    Effect::new(move |_| {
        state.chat.with(Vec::len);
        open.track();
        if let Some(el) = list.get() {
            request_animation_frame(move || el.set_scroll_top(el.scroll_height()));
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(el) = input.get_untracked() else {
            return;
        };
        let text = el.value();
        if text.trim().is_empty() {
            return;
        }
        actions.send_chat(text.trim().to_owned());
        el.set_value("");
    };

    view! {
        <section
            id="chat-panel"
            class="panel"
            class:open=open
            aria-labelledby="chat-title"
            inert=move || !open.get()
        >
            <PanelHeader title="Chat" title_id="chat-title" panels/>
            <ol class="chat-lines" node_ref=list aria-live="polite" aria-label="Messages">
                <For each=move || state.chat.get() key=|l| l.id let:line>
                    {
                        let from = match line.from {
                            ChatFrom::Me => "me",
                            ChatFrom::Peer => "peer",
                            ChatFrom::Bot => "bot",
                        };
                        view! {
                            <li class="chat-line" data-from=from>
                                <span class="chat-name">{line.name}</span>
                                <span class="chat-text">{line.text}</span>
                            </li>
                        }
                    }
                </For>
            </ol>
            <Show when=move || state.chat.with(Vec::is_empty)>
                <p class="empty">"No messages yet. Say hello!"</p>
            </Show>
            <form id="chat-form" class="chat-form" on:submit=on_submit>
                <label for="chat-input" class="visually-hidden">"Message"</label>
                <input
                    id="chat-input"
                    node_ref=input
                    type="text"
                    autocomplete="off"
                    maxlength="1000"
                    disabled=move || !can_send()
                    placeholder=move || {
                        if can_send() {
                            "Message everyone"
                        } else {
                            "Chat is off on this page (datachannel=false or produce=false)"
                        }
                    }
                    aria-describedby="chat-hint"
                />
                <button
                    type="submit"
                    class="icon-button send"
                    aria-label="Send"
                    disabled=move || !can_send()
                >
                    {icon(Icon::Send)}
                </button>
            </form>
            <p id="chat-hint" class="hint">
                "Start with " <code>"@bot"</code> " to talk to the room's bot, e.g. "
                <code>"@bot hello"</code>
            </p>
        </section>
    }
}

/// Title and close button of a side panel.
#[component]
pub fn PanelHeader(title: &'static str, title_id: &'static str, panels: Panels) -> impl IntoView {
    view! {
        <div class="panel-header">
            <h2 id=title_id>{title}</h2>
            <button
                class="icon-button"
                aria-label=format!("Close {}", title.to_lowercase())
                title="Close (Esc)"
                on:click=move |_| panels.close()
            >
                {icon(Icon::Close)}
            </button>
        </div>
    }
}
