//! scepter: an offline linter for Intune NDES/SCEP certificate-connector server bundles.
//!
//! The pipeline flows one way: [`bundle`] → [`source`] → [`parse`] → [`model`] →
//! [`rules`] / [`engine`] → [`report`].

pub mod bundle;
pub mod model;
pub mod parse;
pub mod source;
mod fuzz_entry;

pub use fuzz_entry::{TARGETS as FUZZ_TARGETS, fuzz_one};
pub mod rules;
pub mod engine;
pub mod pipeline;
pub mod report;
pub mod cli;
