//! Small-group suppression: which per-unit figures may be released.
//!
//! Every statistic Samspill shows per unit (the reach of a vision, a survey's
//! results, and later the analytics) is released through [`release`], so one
//! rule protects them all. A view is a forest of groups (units, each with
//! its sub-units) under one total. Each group's figure covers its whole
//! subtree; what is counted is the group's *count* (the people reached, the
//! respondents), and the people it is counted among are its *population*.
//!
//! The rule has two steps:
//! 1. **Primary suppression.** A group counting fewer than `k` is suppressed.
//! 2. **Complementary suppression.** Subtracting shown figures from each
//!    other must not isolate fewer than `k`. For each shown group (the total
//!    included) its *residual* is the group minus its nearest shown
//!    descendants: exactly what subtraction can isolate. While some residual
//!    holds people but counts fewer than `k`, the smallest of that group's
//!    nearest shown descendants is suppressed too, and the residuals are
//!    computed again.
//!
//! Why this is enough: the shown groups nest (a laminar family), so every
//! figure computable from them, by any sum or difference, is a sum of
//! residuals, and residuals are disjoint. Once every residual with people in
//! it counts at least `k`, any group that can be computed either holds nobody
//! or counts at least `k`; a suppressed group under `k` cannot be computed. A
//! residual that holds people but counts nobody is refused as well: that it
//! counts nobody (nobody there answered) is itself a figure under `k`.
//! [`derivable`] checks a release independently, by linear algebra over
//! everything shown; the tests run it over random trees.

use std::collections::HashMap;
use std::hash::Hash;

/// The fewest people a unit's reach figures may describe.
pub const REACH_MIN: u64 = 10;
/// A survey's minimum group size unless its owner chooses another.
pub const SURVEY_MIN_DEFAULT: u64 = 5;
/// The smallest minimum group size a survey may have.
pub const SURVEY_MIN_LOWEST: u64 = 3;

/// One group of a view, with what is *directly* in it (not in its children).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<K> {
    /// The group (a unit id).
    pub key: K,
    /// Its parent in this view; `None` (or a key not in the view) makes it a
    /// root, directly under the total.
    pub parent: Option<K>,
    /// People directly in the group who belong to the view's population (the
    /// audience).
    pub population: u64,
    /// Of those, how many are counted (reach: all of them; a survey: those
    /// who answered). At most `population`.
    pub count: u64,
}

/// A released figure: the totals over a group's subtree, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Shown, with the subtree's totals.
    Shown {
        /// People in the subtree's population.
        population: u64,
        /// Of those, how many are counted.
        count: u64,
    },
    /// Not shown: too few, or it would let a small group be computed.
    Suppressed,
}

impl Cell {
    /// Is it shown?
    #[must_use]
    pub fn is_shown(self) -> bool {
        matches!(self, Self::Shown { .. })
    }
}

/// What a view may show: the total and each group, in the input's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release<K> {
    /// The whole view.
    pub total: Cell,
    /// Each group's cell, in the order the groups were given.
    pub groups: Vec<(K, Cell)>,
}

impl<K: PartialEq> Release<K> {
    /// The cell of one group.
    #[must_use]
    pub fn cell(&self, key: &K) -> Option<Cell> {
        self.groups.iter().find(|(k, _)| k == key).map(|(_, c)| *c)
    }
}

/// The view as a tree of indexes: `parent[i]` is `n` (the total) for roots.
struct Tree {
    parent: Vec<usize>,
    /// Subtree population and count, per group, with the total at index `n`.
    population: Vec<u64>,
    count: Vec<u64>,
}

impl Tree {
    fn of<K: Eq + Hash>(groups: &[Group<K>]) -> Self {
        let n = groups.len();
        let index: HashMap<&K, usize> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (&g.key, i))
            .collect();
        let mut parent: Vec<usize> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                g.parent
                    .as_ref()
                    .and_then(|p| index.get(p).copied())
                    .filter(|&p| p != i)
                    .unwrap_or(n)
            })
            .collect();
        // A cycle cannot come from the unit tree; should one appear, its
        // groups become roots rather than loop.
        for i in 0..n {
            let mut at = parent[i];
            let mut steps = 0;
            while at < n && steps <= n {
                at = parent[at];
                steps += 1;
            }
            if steps > n {
                parent[i] = n;
            }
        }
        let depth = |mut i: usize| {
            let mut d = 0;
            while i < n {
                i = parent[i];
                d += 1;
            }
            d
        };
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(depth(i)));
        let mut population: Vec<u64> = groups.iter().map(|g| g.population).collect();
        let mut count: Vec<u64> = groups.iter().map(|g| g.count.min(g.population)).collect();
        population.push(0);
        count.push(0);
        for i in order {
            population[parent[i]] += population[i];
            count[parent[i]] += count[i];
        }
        Self {
            parent,
            population,
            count,
        }
    }

    /// The nearest shown strict ancestor of each group (the total, index
    /// `n`, is always an ancestor and taken as shown here).
    fn nearest_shown(&self, shown: &[bool]) -> Vec<usize> {
        let n = self.parent.len();
        (0..n)
            .map(|i| {
                let mut at = self.parent[i];
                while at < n && !shown[at] {
                    at = self.parent[at];
                }
                at
            })
            .collect()
    }
}

/// Decides which of a view's groups may be shown, at a minimum count `k`.
///
/// Deterministic: the same groups give the same release.
#[must_use]
pub fn release<K: Eq + Hash + Ord + Clone>(groups: &[Group<K>], k: u64) -> Release<K> {
    let n = groups.len();
    let tree = Tree::of(groups);
    let total_shown = tree.count[n] >= k && tree.count[n] > 0;
    let mut shown: Vec<bool> = (0..n)
        .map(|i| total_shown && tree.count[i] >= k && tree.count[i] > 0)
        .collect();
    loop {
        let up = tree.nearest_shown(&shown);
        // Residuals of the shown groups and the total (index n).
        let mut res_pop = tree.population.clone();
        let mut res_count = tree.count.clone();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
        for i in (0..n).filter(|&i| shown[i]) {
            res_pop[up[i]] -= tree.population[i];
            res_count[up[i]] -= tree.count[i];
            children[up[i]].push(i);
        }
        let exposed = (0..=n).find(|&r| {
            (r == n && total_shown || r < n && shown[r]) && res_pop[r] > 0 && res_count[r] < k
        });
        let Some(r) = exposed else { break };
        // The smallest nearest shown descendant joins the residual. There is
        // one: a shown group with none would be its own residual, counting
        // at least k.
        let Some(&d) = children[r].iter().min_by(|&&a, &&b| {
            tree.count[a]
                .cmp(&tree.count[b])
                .then(groups[a].key.cmp(&groups[b].key))
        }) else {
            break;
        };
        shown[d] = false;
    }
    let cell = |i: usize, on: bool| {
        if on {
            Cell::Shown {
                population: tree.population[i],
                count: tree.count[i],
            }
        } else {
            Cell::Suppressed
        }
    };
    Release {
        total: cell(n, total_shown),
        groups: groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.key.clone(), cell(i, shown[i])))
            .collect(),
    }
}

/// A group under the threshold that a release lets someone compute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exposed<K> {
    /// A group with its subtree.
    Subtree(K),
    /// The people directly in a group, without its children.
    Direct(K),
    /// The whole view.
    Total,
}

/// Checks a release independently of how it was made: every group of
/// people (each group with its subtree, each group's direct people, the
/// total) that holds people but counts fewer than `k` must not be a linear
/// combination of the shown figures. Answers those that are; empty means
/// the release is safe. `k` is the release's threshold.
///
/// It works on the people's groups as vectors: each shown figure is the sum
/// over the direct groups in its subtree, and a figure can be computed from
/// the shown ones exactly when its vector lies in their span. Direct groups
/// without people are known to be zero and left out.
#[must_use]
pub fn derivable<K: Eq + Hash + Clone>(
    groups: &[Group<K>],
    release: &Release<K>,
    k: u64,
) -> Vec<Exposed<K>> {
    let n = groups.len();
    let tree = Tree::of(groups);
    let columns: Vec<usize> = (0..n).filter(|&i| groups[i].population > 0).collect();
    let in_subtree = |i: usize, root: usize| {
        let mut at = i;
        loop {
            if at == root {
                return true;
            }
            if at >= n {
                return false;
            }
            at = tree.parent[at];
        }
    };
    let vector = |root: usize| -> Vec<f64> {
        columns
            .iter()
            .map(|&c| if in_subtree(c, root) { 1.0 } else { 0.0 })
            .collect()
    };
    let shown: HashMap<&K, bool> = release
        .groups
        .iter()
        .map(|(k, c)| (k, c.is_shown()))
        .collect();
    let mut rows: Vec<Vec<f64>> = (0..n)
        .filter(|&i| shown.get(&groups[i].key).copied().unwrap_or(false))
        .map(vector)
        .collect();
    if release.total.is_shown() {
        rows.push(vector(n));
    }
    let basis = Basis::of(rows);
    let small = |population: u64, count: u64| population > 0 && count < k;
    let mut out = Vec::new();
    if small(tree.population[n], tree.count[n]) && basis.spans(&vector(n)) {
        out.push(Exposed::Total);
    }
    for (i, g) in groups.iter().enumerate() {
        if small(tree.population[i], tree.count[i]) && basis.spans(&vector(i)) {
            out.push(Exposed::Subtree(g.key.clone()));
        }
        if small(g.population, g.count.min(g.population)) {
            let direct: Vec<f64> = columns
                .iter()
                .map(|&c| if c == i { 1.0 } else { 0.0 })
                .collect();
            if basis.spans(&direct) {
                out.push(Exposed::Direct(g.key.clone()));
            }
        }
    }
    out
}

/// Row-reduced vectors: each has a pivot column where it is 1 and every
/// earlier vector's pivot column is 0.
struct Basis(Vec<(usize, Vec<f64>)>);

const EPS: f64 = 1e-9;

impl Basis {
    fn of(rows: Vec<Vec<f64>>) -> Self {
        let mut basis = Self(Vec::new());
        for row in rows {
            let r = basis.reduce(row);
            let pivot = r
                .iter()
                .enumerate()
                .filter(|(_, v)| v.abs() > EPS)
                .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
                .map(|(i, _)| i);
            if let Some(p) = pivot {
                let scale = r[p];
                basis
                    .0
                    .push((p, r.into_iter().map(|v| v / scale).collect()));
            }
        }
        basis
    }

    fn reduce(&self, mut v: Vec<f64>) -> Vec<f64> {
        for (p, b) in &self.0 {
            let f = v[*p];
            if f.abs() > EPS {
                for (x, y) in v.iter_mut().zip(b) {
                    *x -= f * y;
                }
            }
        }
        v
    }

    fn spans(&self, v: &[f64]) -> bool {
        self.reduce(v.to_vec()).iter().all(|x| x.abs() <= EPS)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn g(key: u32, parent: Option<u32>, population: u64, count: u64) -> Group<u32> {
        Group {
            key,
            parent,
            population,
            count,
        }
    }

    fn shown(r: &Release<u32>, key: u32) -> bool {
        r.cell(&key).is_some_and(Cell::is_shown)
    }

    #[test]
    fn a_group_under_k_is_suppressed_and_the_rest_shown_with_subtree_totals() {
        let groups = [
            g(1, None, 2, 2),
            g(2, Some(1), 12, 12),
            g(3, Some(1), 11, 11),
        ];
        let r = release(&groups, 10);
        assert_eq!(
            r.total,
            Cell::Shown {
                population: 25,
                count: 25
            }
        );
        assert_eq!(
            r.cell(&1),
            Some(Cell::Shown {
                population: 25,
                count: 25
            })
        );
        // Unit 1's own two people would be 25 - 12 - 11: one child goes.
        assert_eq!(shown(&r, 2) as u8 + shown(&r, 3) as u8, 1);
        assert!(!shown(&r, 3), "the smaller child is the one suppressed");
        assert!(derivable(&groups, &r, 10).is_empty());
    }

    #[test]
    fn a_parent_minus_its_other_children_does_not_give_a_small_child() {
        // 30 = 12 + 15 + 3: showing 30, 12 and 15 would give the 3.
        let groups = [
            g(1, None, 0, 0),
            g(2, Some(1), 12, 12),
            g(3, Some(1), 15, 15),
            g(4, Some(1), 3, 3),
        ];
        let naive = Release {
            total: Cell::Shown {
                population: 30,
                count: 30,
            },
            groups: vec![
                (
                    1,
                    Cell::Shown {
                        population: 30,
                        count: 30,
                    },
                ),
                (
                    2,
                    Cell::Shown {
                        population: 12,
                        count: 12,
                    },
                ),
                (
                    3,
                    Cell::Shown {
                        population: 15,
                        count: 15,
                    },
                ),
                (4, Cell::Suppressed),
            ],
        };
        assert_eq!(
            derivable(&groups, &naive, 10),
            vec![Exposed::Subtree(4), Exposed::Direct(4)]
        );
        let r = release(&groups, 10);
        assert!(!shown(&r, 4));
        assert!(!shown(&r, 2), "the smallest sibling is suppressed with it");
        assert!(shown(&r, 3));
        assert!(derivable(&groups, &r, 10).is_empty());
    }

    #[test]
    fn the_total_minus_the_roots_does_not_give_a_small_root() {
        // Two audience units side by side: the total would give the small one.
        let groups = [g(1, None, 40, 40), g(2, None, 4, 4)];
        let r = release(&groups, 10);
        assert!(!shown(&r, 2));
        assert!(!shown(&r, 1), "40 beside a total of 44 would give the 4");
        assert!(r.total.is_shown());
        assert!(derivable(&groups, &r, 10).is_empty());
    }

    #[test]
    fn nobody_counted_among_people_is_a_small_figure_too() {
        // Survey: unit 3's five people all kept silent. Showing 1 (= 10) and
        // 2 (= 10) would tell that nobody in 3 answered.
        let groups = [g(1, None, 0, 0), g(2, Some(1), 12, 10), g(3, Some(1), 5, 0)];
        let r = release(&groups, 5);
        assert!(!shown(&r, 3));
        assert!(!shown(&r, 2));
        assert!(shown(&r, 1));
        assert!(derivable(&groups, &r, 5).is_empty());
    }

    #[test]
    fn a_view_counting_fewer_than_k_shows_nothing() {
        let groups = [g(1, None, 20, 2), g(2, Some(1), 3, 1)];
        let r = release(&groups, 5);
        assert_eq!(r.total, Cell::Suppressed);
        assert!(r.groups.iter().all(|(_, c)| !c.is_shown()));
        assert!(derivable(&groups, &r, 5).is_empty());
    }

    #[test]
    fn groups_without_people_change_nothing() {
        let groups = [g(1, None, 0, 0), g(2, Some(1), 20, 20), g(3, Some(1), 0, 0)];
        let r = release(&groups, 10);
        assert!(shown(&r, 1) && shown(&r, 2));
        assert!(!shown(&r, 3));
        assert!(derivable(&groups, &r, 10).is_empty());
    }

    #[test]
    fn a_parent_outside_the_view_or_a_cycle_makes_a_root() {
        let groups = [
            g(1, Some(99), 12, 12),
            g(2, Some(3), 12, 12),
            g(3, Some(2), 12, 12),
        ];
        let r = release(&groups, 10);
        assert_eq!(
            r.total,
            Cell::Shown {
                population: 36,
                count: 36
            }
        );
        assert!(derivable(&groups, &r, 10).is_empty());
    }

    /// Random forests: each group's parent is an earlier group or none.
    fn forest() -> impl Strategy<Value = (Vec<Group<u32>>, u64)> {
        (1usize..24, 3u64..12, any::<bool>()).prop_flat_map(|(n, k, reach)| {
            let nodes = (0..n)
                .map(|i| {
                    let parent = if i == 0 {
                        Just(None).boxed()
                    } else {
                        prop_oneof![1 => Just(None), 4 => (0..i as u32).prop_map(Some)].boxed()
                    };
                    (parent, 0u64..16, 0u64..=100)
                })
                .collect::<Vec<_>>();
            nodes.prop_map(move |nodes| {
                let groups = nodes
                    .into_iter()
                    .enumerate()
                    .map(|(i, (parent, population, share))| Group {
                        key: i as u32,
                        parent,
                        population,
                        count: if reach {
                            population
                        } else {
                            population * share / 100
                        },
                    })
                    .collect();
                (groups, k)
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn no_group_under_k_can_be_computed_from_a_release((groups, k) in forest()) {
            let r = release(&groups, k);
            prop_assert!(derivable(&groups, &r, k).is_empty(), "{:?}", r);
            // What is shown is the truth and at least k.
            let under = |root: u32| -> (u64, u64) {
                groups.iter().filter(|g| {
                    let mut at = Some(g.key);
                    let mut steps = 0;
                    while let Some(a) = at {
                        if a == root { return true; }
                        at = groups[a as usize].parent;
                        steps += 1;
                        if steps > groups.len() { return false; }
                    }
                    false
                }).fold((0, 0), |(p, c), g| (p + g.population, c + g.count))
            };
            for (i, (key, cell)) in r.groups.iter().enumerate() {
                prop_assert_eq!(*key, groups[i].key);
                if let Cell::Shown { population, count } = cell {
                    prop_assert!(*count >= k);
                    prop_assert_eq!((*population, *count), under(*key));
                }
            }
            prop_assert_eq!(release(&groups, k), r);
        }
    }
}
