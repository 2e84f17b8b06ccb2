//! Audit speed. (Filled in by the engine issue.)
fn main() {}
