//! Any bytes as a page, through every entry point a page's content reaches, with the
//! checks of the bounded driver (tests/common/entry_points.rs): no panic, reports within
//! bounds, and the snapshot front-end deciding as the HTML one.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/mod.rs"]
mod common;

use common::entry_points::{run_one, Rng};

fuzz_target!(|data: &[u8]| {
    // The input's own hash (FNV-1a) chooses the URL and how the snapshot is damaged in
    // transit, so that each input is one repeatable run.
    let hash = data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut rng = Rng(hash | 1);
    let url = *rng.pick(&[
        "https://www.myworksearch.co.uk/register",
        "https://example.org/",
        "",
    ]);
    run_one(&mut rng, &String::from_utf8_lossy(data), url);
});
