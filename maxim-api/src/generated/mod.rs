//! Generated code (placeholder).
