//! x
pub mod generated;
