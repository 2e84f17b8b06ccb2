//! The engine's JavaScript face, for the extension's background. (Filled in by the extension issue.)
