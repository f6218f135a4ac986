//! The tools around the pipeline: [`render`] prints both models as text (snapshots, `cargo xtask spec`); for
//! document updates, [`source`] finds a spec (a path or a git revision), [`diff`] says what changed for users of the
//! SDK, and [`update`] takes in a new release of the pages; [`fuzz`] runs mutated copies of the real inputs through
//! the whole pipeline (`cargo xtask fuzz`).

pub mod diff;
pub mod fuzz;
pub mod render;
pub mod source;
pub mod update;
