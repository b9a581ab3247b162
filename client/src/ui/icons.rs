//! Inline SVG icons (24×24, stroked with `currentColor`), decorative only:
//! the button or element around them carries the accessible name.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Mic,
    MicOff,
    Camera,
    CameraOff,
    Screen,
    Chat,
    People,
    Stats,
    Restart,
    Link,
    Check,
    Leave,
    Close,
    Send,
    Edit,
    Pin,
    Hand,
    Smile,
}

impl Icon {
    fn paths(self) -> &'static str {
        match self {
            Icon::Mic => {
                r#"<rect x="9" y="2.5" width="6" height="11" rx="3"/><path d="M5.5 10.5a6.5 6.5 0 0 0 13 0"/><path d="M12 17v4M8.5 21h7"/>"#
            }
            Icon::MicOff => {
                r#"<path d="M15 9.5V5.5a3 3 0 0 0-5.6-1.5"/><path d="M9 9v1.5a3 3 0 0 0 4.9 2.3"/><path d="M18.3 12.5a6.5 6.5 0 0 1-10.9 2.7M5.5 10.5a6.5 6.5 0 0 0 .4 2.2"/><path d="M12 17v4M8.5 21h7"/><path d="M3.5 3.5l17 17"/>"#
            }
            Icon::Camera => {
                r#"<rect x="2.5" y="6" width="13" height="12" rx="2.5"/><path d="M15.5 10.5l6-3.5v10l-6-3.5z"/>"#
            }
            Icon::CameraOff => {
                r#"<path d="M10 6h3a2.5 2.5 0 0 1 2.5 2.5v2l6-3.5v10l-3-1.75"/><path d="M15.5 15.5A2.5 2.5 0 0 1 13 18H5a2.5 2.5 0 0 1-2.5-2.5v-7A2.5 2.5 0 0 1 5 6"/><path d="M3.5 3.5l17 17"/>"#
            }
            Icon::Screen => {
                r#"<rect x="2.5" y="3.5" width="19" height="13" rx="2"/><path d="M8 21h8M12 16.5V21"/><path d="M12 13V7.5M9.5 10l2.5-2.5 2.5 2.5"/>"#
            }
            Icon::Chat => {
                r#"<path d="M6 4h12a2.5 2.5 0 0 1 2.5 2.5v8A2.5 2.5 0 0 1 18 17H9.5L4 21V6.5A2.5 2.5 0 0 1 6 4z"/><path d="M8 9h8M8 12.5h5"/>"#
            }
            Icon::People => {
                r#"<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0"/><path d="M15.5 4.7a3.5 3.5 0 0 1 0 6.6"/><path d="M18 14.3a6.5 6.5 0 0 1 3.5 5.7"/>"#
            }
            Icon::Stats => {
                r#"<path d="M3 20.5h18"/><path d="M6.5 17v-5M11 17V6M15.5 17v-8M20 17v-3"/>"#
            }
            Icon::Restart => r#"<path d="M20 12a8 8 0 1 1-2.4-5.7"/><path d="M20 3.5V8h-4.5"/>"#,
            Icon::Link => {
                r#"<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>"#
            }
            Icon::Check => r#"<path d="M4.5 12.5l5 5 10-11"/>"#,
            Icon::Leave => {
                r#"<path d="M2.8 14.3c5.2-4.4 13.2-4.4 18.4 0l-2 3-4-1.4v-2.7a12 12 0 0 0-6.4 0v2.7l-4 1.4z"/>"#
            }
            Icon::Close => r#"<path d="M6 6l12 12M18 6L6 18"/>"#,
            Icon::Send => {
                r#"<path d="M3.5 11.5l17-7.5-6 17-3-6.5z"/><path d="M11.5 14.5l9-10.5"/>"#
            }
            Icon::Edit => {
                r#"<path d="M4 20h4l10.5-10.5a2.8 2.8 0 0 0-4-4L4 16z"/><path d="M13.5 6.5l4 4"/>"#
            }
            Icon::Pin => {
                r#"<path d="M9 3.5h6l-1 6 3.5 3.5v1.5h-11V13L10 9.5z"/><path d="M12 14.5V21"/>"#
            }
            Icon::Hand => {
                r#"<path d="M8 13V5.5a1.5 1.5 0 0 1 3 0V11M11 10.5V4a1.5 1.5 0 0 1 3 0v6.5M14 10.5V5.5a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7h-.5a6 6 0 0 1-4.6-2.2L3.2 16a1.6 1.6 0 0 1 2.4-2.1L8 16"/>"#
            }
            Icon::Smile => {
                r#"<circle cx="12" cy="12" r="9"/><path d="M8.5 14.5a4.5 4.5 0 0 0 7 0"/><path d="M9 9.5h.01M15 9.5h.01"/>"#
            }
        }
    }
}

/// An icon as an `<svg>`; hidden from assistive technology.
pub fn icon(which: Icon) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
            inner_html=which.paths()
        ></svg>
    }
}
