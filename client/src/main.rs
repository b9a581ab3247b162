#[cfg(target_arch = "wasm32")]
fn main() {
    stunroom_client::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the stunroom client runs in the browser: build it with `trunk build --release`");
}
