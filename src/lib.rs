//! scepter: an offline linter for Intune NDES/SCEP certificate-connector server bundles.
//!
//! The pipeline flows one way: [`bundle`] → [`source`] → [`parse`] → [`model`] →
//! [`rules`] / [`engine`] → [`report`].

// Bundles are untrusted input: library code must not panic on them.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod bundle;
mod fuzz_entry;
pub mod model;
pub mod parse;
pub mod source;

pub use fuzz_entry::{TARGETS as FUZZ_TARGETS, fuzz_one};
pub mod cli;
pub mod engine;
pub mod pipeline;
pub mod report;
pub mod rules;
