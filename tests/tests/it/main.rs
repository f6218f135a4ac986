//! The cross-crate tests, one module per former test file, in one binary: the SDK, the generator and the mock
//! server are linked once instead of once per file (matklad's "one integration-test crate per crate"). A new test
//! file goes here as a module. Snapshots are in `snapshots/`, named `it__<module>__<name>.snap`.

mod codegen_output;
mod coverage;
mod decode;
mod document_update;
mod emulator;
mod mock;
mod quickstart;
mod raw_call;
mod runtime_call_loop;
mod runtime_layers;
mod runtime_limits;
mod runtime_retry;
mod runtime_session;
mod runtime_tracing;
mod safe_types;
mod spec_invariants;
mod update_spec;
mod upload;
mod vendored;
mod wire_ai;
mod wire_example;
mod wire_failures;
mod wire_file;
mod wire_group_a;
mod wire_group_b;
mod wire_message;
mod wire_paging;
mod wire_push_token;
mod wire_roster;
mod wire_user_a;
mod wire_user_b;
