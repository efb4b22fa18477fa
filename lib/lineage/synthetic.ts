/**
 * A deterministic synthetic lineage graph for benchmarks, tests and warming elkjs up: `nodes` products in
 * `groups` domains, `edges` edges that always point from an earlier node to a later one (a DAG,
 * like data flowing from sources to consumers), 80 % within a domain.
 */
import type { LayoutInput } from "./layout";

export function syntheticLineage(nodes: number, edges: number, groups: number, seed = 7): LayoutInput {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const list = Array.from({ length: nodes }, (_, i) => ({
    id: `n${i}`,
    group: `domain-${i % groups}`,
    width: 220,
    height: 64,
  }));
  const seen = new Set<string>();
  const out: LayoutInput["edges"] = [];
  while (out.length < edges) {
    const t = 1 + Math.floor(random() * (nodes - 1));
    const sameGroup = random() < 0.8;
    let s = Math.floor(random() * t);
    if (sameGroup) s = t - groups * (1 + Math.floor(random() * Math.min(5, Math.floor(t / groups) || 1)));
    if (s < 0 || s >= t) continue;
    const key = `${s}>${t}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ id: `e${out.length}`, source: `n${s}`, target: `n${t}` });
  }
  return { nodes: list, edges: out };
}
