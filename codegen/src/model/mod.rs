//! The two models and their location type: [`doc`] (the document as written, located), [`api`] (the resolved model
//! the emitter prints), and [`diagnostic`] (the `file:line:col` locations and the diagnostics that carry them).

pub mod api;
pub mod diagnostic;
pub mod doc;
