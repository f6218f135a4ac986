//! Compiles the generator's naming obstacle course (`src/naming_obstacle_course/`) into the crate's tests where it is
//! there: in the workspace, not in the published package, which leaves it out as test material.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(naming_obstacle_course)");
    // The course is part of the workspace or not; its files are tracked by rustc once compiled.
    println!("cargo::rerun-if-changed=build.rs");
    if std::path::Path::new("src/naming_obstacle_course/mod.rs").exists() {
        println!("cargo::rustc-cfg=naming_obstacle_course");
    }
}
