//! Prints the resolved model (development aid).
fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    match codegen::load_api(&root) {
        Ok(api) => print!("{}", codegen::render::api(&api)),
        Err(d) => println!("{d}"),
    }
}
