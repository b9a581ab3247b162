//! How many video tiles the grid shows at once and which: the `tiles` URL
//! parameter, the viewport's default, and the page window over the others'
//! tiles (see `ui/grid.rs`). Pure, tested natively.

use crate::params::ParamError;

/// Most tiles `?tiles=` may ask for.
pub const MAX_TILES: usize = 25;
const PHONE_TILES: usize = 4;
const DESKTOP_TILES: usize = 9;

/// The `tiles` URL parameter: `None` when absent or empty.
pub fn tiles_param(value: Option<String>) -> Result<Option<usize>, ParamError> {
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match v.parse::<usize>() {
        Ok(n) if (1..=MAX_TILES).contains(&n) => Ok(Some(n)),
        _ => Err(ParamError::Invalid {
            name: "tiles",
            why: format!("expected a whole number from 1 to {MAX_TILES}, got {v:?}"),
        }),
    }
}

/// Tiles per page for a viewport of `width` × `height` CSS pixels.
pub fn tiles_for_viewport(width: f64, height: f64) -> usize {
    if width < 600.0 || height < 500.0 {
        PHONE_TILES
    } else {
        DESKTOP_TILES
    }
}

/// Which of `others` tiles are shown: `slots` per page, page `page` (clamped).
/// Returns (first index, end index, the page, how many pages).
pub fn page_window(others: usize, slots: usize, page: usize) -> (usize, usize, usize, usize) {
    let slots = slots.max(1);
    let pages = others.div_ceil(slots).max(1);
    let page = page.min(pages - 1);
    let start = page * slots;
    (start, (start + slots).min(others), page, pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_param_is_checked() {
        assert_eq!(tiles_param(None), Ok(None));
        assert_eq!(tiles_param(Some(String::new())), Ok(None));
        assert_eq!(tiles_param(Some("2".into())), Ok(Some(2)));
        assert_eq!(tiles_param(Some("25".into())), Ok(Some(25)));
        for bad in ["0", "26", "-1", "two", "2.5"] {
            let e = tiles_param(Some(bad.into())).unwrap_err().to_string();
            assert!(e.contains("`tiles`") && e.contains(bad), "{e}");
        }
    }

    #[test]
    fn pages_split_the_others() {
        assert_eq!(tiles_for_viewport(390.0, 844.0), 4);
        assert_eq!(tiles_for_viewport(1280.0, 800.0), 9);
        // 3 others, 1 slot: three pages, one each.
        assert_eq!(page_window(3, 1, 0), (0, 1, 0, 3));
        assert_eq!(page_window(3, 1, 2), (2, 3, 2, 3));
        // A page past the end (someone left) is clamped to the last.
        assert_eq!(page_window(3, 2, 5), (2, 3, 1, 2));
        // No room (N taken by my tiles): still one at a time.
        assert_eq!(page_window(2, 0, 1), (1, 2, 1, 2));
        assert_eq!(page_window(0, 8, 0), (0, 0, 0, 1));
        assert_eq!(page_window(8, 8, 0), (0, 8, 0, 1));
    }
}
