//! Step 1: pairs the sections, operations, types and enums of two models by stable keys.
//!
//! Every list comes out in the report's order: items of the new model in its order, then the removed ones in the old
//! order. Matching is one to one, in stages from the strongest key to the weakest; what no stage pairs is added or
//! removed.

use super::Position;
use crate::model::api::{Api, ApiSection, EnumDef, Occurrence, Operation, TypeDef};
use crate::model::doc::Method;
use std::collections::HashMap;

/// An item of the old model, the new model, or both.
#[derive(Clone, Copy, Debug)]
pub(super) enum Pair<'a, T> {
    /// Only in the new model, at this index.
    Added(usize, &'a T),
    /// Only in the old model, at this index.
    Removed(usize, &'a T),
    /// In both: (old, new), at the new index.
    Both(usize, &'a T, &'a T),
}

impl<T> Pair<'_, T> {
    pub(super) fn position(&self) -> Position {
        match self {
            Pair::Added(index, _) | Pair::Both(index, _, _) => Position::New(*index),
            Pair::Removed(index, _) => Position::Removed(*index),
        }
    }
}

/// The pairs of two models.
pub(super) struct Alignment<'a> {
    pub sections: Vec<Pair<'a, ApiSection>>,
    pub operations: Vec<Pair<'a, Operation>>,
    pub types: Vec<Pair<'a, TypeDef>>,
    pub enums: Vec<Pair<'a, EnumDef>>,
    /// Old type and enum names → new ones, for those renamed.
    pub renames: HashMap<String, String>,
}

pub(super) fn align<'a>(old: &'a Api, new: &'a Api) -> Alignment<'a> {
    let sections = pairs(&old.sections, &new.sections, &[&|s: &ApiSection| Some(s.module.clone())]);
    let operations = pairs(&old.operations, &new.operations, &[&|op| Some(key(op)), &|op| Some(op.path.clone())]);
    // An occurrence names the operation by its default verb: read old occurrences as the new model names them.
    let moved: HashMap<(Method, &str), (Method, &str)> = operations
        .iter()
        .filter_map(|pair| match pair {
            Pair::Both(_, old, new) if key(old) != key(new) => {
                Some(((old.method(), old.path.as_str()), (new.method(), new.path.as_str())))
            }
            _ => None,
        })
        .collect();
    let mut types = pairs(&old.types, &new.types, &[&|t: &TypeDef| Some(t.name.clone())]);
    match_by_occurrence(&mut types, &moved);
    let enums = pairs(&old.enums, &new.enums, &[&|e: &EnumDef| Some(e.name.clone()), &|e| Some(values(e))]);
    let mut renames = HashMap::new();
    for pair in &types {
        if let Pair::Both(_, old, new) = pair {
            renames.insert(old.name.clone(), new.name.clone());
        }
    }
    for pair in &enums {
        if let Pair::Both(_, old, new) = pair {
            renames.insert(old.name.clone(), new.name.clone());
        }
    }
    renames.retain(|old, new| old != new);
    Alignment { sections, operations, types, enums, renames }
}

/// `METHOD /path` of an operation's default verb.
pub(super) fn key(op: &Operation) -> String {
    format!("{} {}", op.method(), op.path)
}

/// An enum's wire values, as one key.
fn values(def: &EnumDef) -> String {
    let values: Vec<String> = def.variants.iter().map(|v| format!("{:?}", v.value)).collect();
    values.join(",")
}

/// A key function: `None` means the item takes no part in that stage.
type KeyFn<'k, T> = &'k dyn Fn(&T) -> Option<String>;

/// Pairs `old` and `new` by each key in turn; a stage pairs only keys that are unique among the items still
/// unpaired on both sides.
fn pairs<'a, T>(old: &'a [T], new: &'a [T], keys: &[KeyFn<'_, T>]) -> Vec<Pair<'a, T>> {
    let mut partner: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    for key in keys {
        let unique = |items: &[T], free: &dyn Fn(usize) -> bool| {
            let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
            for (index, item) in items.iter().enumerate().filter(|(i, _)| free(*i)) {
                if let Some(k) = key(item) {
                    let entry = counts.entry(k).or_insert((0, index));
                    entry.0 += 1;
                }
            }
            counts.into_iter().filter(|(_, (count, _))| *count == 1).map(|(k, (_, i))| (k, i)).collect()
        };
        let old_keys: HashMap<String, usize> = unique(old, &|i| !taken[i]);
        let new_keys: HashMap<String, usize> = unique(new, &|i| partner[i].is_none());
        for (k, new_index) in new_keys {
            if let Some(&old_index) = old_keys.get(&k) {
                partner[new_index] = Some(old_index);
                taken[old_index] = true;
            }
        }
    }
    let mut out: Vec<Pair<'a, T>> = new
        .iter()
        .enumerate()
        .map(|(i, item)| match partner[i] {
            Some(o) => Pair::Both(i, &old[o], item),
            None => Pair::Added(i, item),
        })
        .collect();
    out.extend(old.iter().enumerate().filter(|(i, _)| !taken[*i]).map(|(i, item)| Pair::Removed(i, item)));
    out
}

/// Pairs the types left unpaired by name when they occur at the same places: each new type (in order) takes the old
/// type it shares the most occurrences with (the first such on a tie).
fn match_by_occurrence<'a>(types: &mut Vec<Pair<'a, TypeDef>>, moved: &HashMap<(Method, &str), (Method, &str)>) {
    let renamed = |occurrence: &Occurrence| -> Occurrence {
        match moved.get(&(occurrence.method, occurrence.path.as_str())) {
            Some(&(method, path)) => Occurrence { method, path: path.to_owned(), ..occurrence.clone() },
            None => occurrence.clone(),
        }
    };
    let mut removed: Vec<Option<&'a TypeDef>> =
        types.iter().map(|p| if let Pair::Removed(_, t) = p { Some(*t) } else { None }).collect();
    for pair in types.iter_mut() {
        let Pair::Added(position, new) = *pair else { continue };
        let shared = |old: &TypeDef| old.occurrences.iter().filter(|o| new.occurrences.contains(&renamed(o))).count();
        let best = removed
            .iter()
            .enumerate()
            .filter_map(|(i, old)| old.map(|old| (i, shared(old))))
            .filter(|(_, count)| *count > 0)
            .fold(None, |best: Option<(usize, usize)>, (i, count)| match best {
                Some((_, most)) if most >= count => best,
                _ => Some((i, count)),
            });
        if let Some((old_index, _)) = best
            && let Some(old) = removed[old_index].take()
        {
            *pair = Pair::Both(position, old, new);
        }
    }
    let paired: Vec<bool> = removed.iter().map(Option::is_none).collect();
    let mut index = 0;
    types.retain(|pair| {
        let keep = !(matches!(pair, Pair::Removed(..)) && paired[index]);
        index += 1;
        keep
    });
}
