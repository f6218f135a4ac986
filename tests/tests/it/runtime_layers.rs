//! The runtime's modules import each other in one direction only: leaf values, then the transport, the decoder and
//! the errors, then the call loop. These tests read the `crate::…` paths of every module of `maxim-api/src/` (the
//! generated code and unit tests aside) and fail on an import cycle, naming it, and on a transport or decoder that
//! reaches up to the client, the call loop or the sessions, naming the import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Modules whose imports do not count: generated code, which uses the runtime and is used by it only through
/// the crate root.
const GENERATED: [&str; 2] = ["generated", "naming_obstacle_course"];

/// The runtime's modules and, for each, the runtime modules its code names through `crate::…`.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules = BTreeMap::new();
    for entry in std::fs::read_dir(src).expect("maxim-api/src") {
        let path = entry.expect("entry").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        if path.extension().is_some_and(|e| e == "rs") && name != "lib" {
            let text = std::fs::read_to_string(&path).expect("readable");
            modules.insert(name.to_owned(), text);
        }
    }
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(name, text)| {
            // Unit tests may reach anywhere; comments and docs link freely.
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
            let mut uses = BTreeSet::new();
            for line in code.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
                uses.extend(named_modules(line, &names).into_iter().filter(|m| m != name));
            }
            (name.clone(), uses)
        })
        .filter(|(name, _)| !GENERATED.contains(&name.as_str()))
        .collect()
}

/// The runtime modules a line of code names through `crate::…` (generated modules aside).
fn named_modules(line: &str, names: &BTreeSet<String>) -> BTreeSet<String> {
    let mut modules = BTreeSet::new();
    for (at, _) in line.match_indices("crate::") {
        let rest = &line[at + "crate::".len()..];
        let targets: Vec<&str> = match rest.strip_prefix('{') {
            // `crate::{a, b::C}`
            Some(group) => group.split([',', '}']).map(|part| part.trim()).collect(),
            None => vec![rest],
        };
        for target in targets {
            let module: String = target.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if names.contains(&module) && !GENERATED.contains(&module.as_str()) {
                modules.insert(module);
            }
        }
    }
    modules
}

/// A chain of imports from `from` to one of `forbidden`, as `a → b → c`, if there is one (shortest first).
fn forbidden_path(graph: &BTreeMap<String, BTreeSet<String>>, from: &str, forbidden: &[&str]) -> Option<String> {
    let mut queue = std::collections::VecDeque::from([vec![from.to_owned()]]);
    let mut seen = BTreeSet::from([from.to_owned()]);
    while let Some(path) = queue.pop_front() {
        let last = path.last().expect("never empty");
        for next in graph.get(last).into_iter().flatten() {
            let mut longer = path.clone();
            longer.push(next.clone());
            if forbidden.contains(&next.as_str()) {
                return Some(longer.join(" → "));
            }
            if seen.insert(next.clone()) {
                queue.push_back(longer);
            }
        }
    }
    None
}

/// The first cycle found, as `a → b → a`.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<String> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<String> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle.join(" → "));
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_runtime_modules_have_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../maxim-api/src");
    let graph = module_graph(&src);
    assert!(graph.len() > 10 && graph.contains_key("request"), "read the runtime: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("the runtime's modules import each other in a circle: {cycle}");
    }
    // The call loop is on top: nothing below names it. Only the entries into it stand above it, as the generated
    // operations do: `raw`, the JSON entry of the `maxim` tool.
    let above = ["raw"];
    let users: Vec<&String> = graph
        .iter()
        .filter(|(module, uses)| uses.contains("request") && !above.contains(&module.as_str()))
        .map(|(m, _)| m)
        .collect();
    assert!(users.is_empty(), "{users:?} import the call loop");
}

/// The layers below the call loop: what they may not reach, directly or through another module.
const BELOW_THE_CALL_LOOP: [&str; 2] = ["transport", "decode"];
const ABOVE_THEM: [&str; 3] = ["client", "request", "session"];

#[test]
fn the_transport_and_the_decoder_know_neither_the_client_nor_the_call_loop() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../maxim-api/src");
    let graph = module_graph(&src);
    let names: BTreeSet<String> = graph.keys().cloned().collect();
    for module in BELOW_THE_CALL_LOOP {
        assert!(graph.contains_key(module), "no module {module} in {graph:?}");
        let Some(path) = forbidden_path(&graph, module, &ABOVE_THEM) else { continue };
        // The line of `module` that starts the chain.
        let first = path.split(" → ").nth(1).expect("a chain has two modules");
        let text = std::fs::read_to_string(src.join(format!("{module}.rs"))).expect("readable");
        let line = text
            .lines()
            .enumerate()
            .find(|(_, l)| !l.trim().starts_with("//") && named_modules(l, &names).contains(first))
            .map(|(n, l)| format!("maxim-api/src/{module}.rs:{}: {}", n + 1, l.trim()))
            .unwrap_or_default();
        panic!("{module} reaches above its layer: {path} ({line})");
    }
}

#[test]
fn a_forbidden_import_is_found_through_other_modules() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("decode", &["download", "error"][..]),
        ("download", &["transport"][..]),
        ("transport", &["error", "client"][..]),
        ("client", &[][..]),
        ("error", &[][..]),
    ]
    .into_iter()
    .map(|(m, uses)| (m.to_owned(), uses.iter().map(|u| (*u).to_owned()).collect()))
    .collect();
    assert_eq!(
        forbidden_path(&graph, "decode", &ABOVE_THEM).as_deref(),
        Some("decode → download → transport → client")
    );
    assert_eq!(forbidden_path(&graph, "error", &ABOVE_THEM), None);
    let names: BTreeSet<String> = graph.keys().cloned().collect();
    assert_eq!(
        named_modules("use crate::{client::Client, error::Result};", &names),
        BTreeSet::from(["client".to_owned(), "error".to_owned()])
    );
}

#[test]
fn a_cycle_is_found_and_named() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("client", &["session", "error"][..]),
        ("session", &["values", "client"][..]),
        ("error", &[][..]),
        ("values", &[][..]),
    ]
    .into_iter()
    .map(|(m, uses)| (m.to_owned(), uses.iter().map(|u| (*u).to_owned()).collect()))
    .collect();
    assert_eq!(find_cycle(&graph).as_deref(), Some("client → session → client"));
}
