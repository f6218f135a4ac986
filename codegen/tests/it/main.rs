//! The generator's integration tests, one module per former test file, in one binary (the generator is linked once
//! instead of once per file). A new test file goes here as a module. Fixtures stay in `tests/fixtures/`; snapshots
//! are in `snapshots/`, named `it__<module>__<name>.snap`.

mod api_diff;
mod document;
mod fuzz;
mod history;
mod inert_rustdoc;
mod layouts;
mod malformed;
mod mutations;
mod obstacle_course;
mod parse_fixtures;
mod reserved_names;
mod resolved;
mod runtime_contract;
mod sizes;
