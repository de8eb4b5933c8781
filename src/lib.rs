//! scepter: an offline linter for Intune NDES/SCEP certificate-connector server bundles.
//!
//! The pipeline flows one way: [`bundle`] → [`source`] → [`parse`] → [`model`] →
//! [`rules`] / [`engine`] → [`report`].

pub mod bundle;
pub mod model;
pub mod parse;
pub mod source;
