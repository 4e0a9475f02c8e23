//! Helpers shared by the integration tests.

use std::sync::OnceLock;
use tactful::Engine;

/// The engine with the built-in packs, built once per test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::builder()
            .builtin_packs()
            .build()
            .expect("built-in packs are valid")
    })
}
