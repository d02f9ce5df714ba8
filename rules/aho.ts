/**
 * Aho-Corasick over UTF-16 code units: every keyword of every rule is found in one pass over a
 * text, overlapping terms included ("free" and "free money"), whatever the number of rules.
 */
import { isWordChar } from "./normalize.ts";

/** One occurrence of a term: which term, where, and whether it stands as a whole word. */
export interface TermHit {
  term: number;
  start: number;
  end: number;
  wholeWord: boolean;
}

/** A compiled set of terms. */
export class AhoCorasick {
  // Trie edges as one map keyed by node * 65536 + code unit: compact and fast enough in V8.
  private readonly edges = new Map<number, number>();
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  private readonly lengths: number[] = [];

  constructor(terms: readonly string[]) {
    terms.forEach((t, i) => this.add(t, i));
    this.build();
  }

  /** The number of terms. */
  get size(): number {
    return this.lengths.length;
  }

  private add(term: string, id: number) {
    this.lengths[id] = term.length;
    if (term.length === 0) return;
    let node = 0;
    for (let i = 0; i < term.length; i++) {
      const key = node * 65536 + term.charCodeAt(i);
      let next = this.edges.get(key);
      if (next === undefined) {
        next = this.fail.length;
        this.fail.push(0);
        this.out.push([]);
        this.edges.set(key, next);
      }
      node = next;
    }
    this.out[node].push(id);
  }

  private build() {
    const children = new Map<number, Array<[number, number]>>();
    for (const [key, child] of this.edges) {
      const parent = Math.floor(key / 65536);
      const list = children.get(parent) ?? [];
      list.push([key % 65536, child]);
      children.set(parent, list);
    }
    const queue: number[] = [];
    for (const [, child] of children.get(0) ?? []) queue.push(child);
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi];
      for (const [code, child] of children.get(node) ?? []) {
        let f = this.fail[node];
        let target = this.edges.get(f * 65536 + code);
        while (target === undefined && f !== 0) {
          f = this.fail[f];
          target = this.edges.get(f * 65536 + code);
        }
        this.fail[child] = target ?? 0;
        if (this.out[this.fail[child]].length) {
          this.out[child] = [...this.out[child], ...this.out[this.fail[child]]];
        }
        queue.push(child);
      }
    }
  }

  /** Every occurrence of every term in `text`. */
  search(text: string): TermHit[] {
    const hits: TermHit[] = [];
    if (this.edges.size === 0) return hits;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = this.edges.get(node * 65536 + code);
      while (next === undefined && node !== 0) {
        node = this.fail[node];
        next = this.edges.get(node * 65536 + code);
      }
      node = next ?? 0;
      const found = this.out[node];
      if (found.length === 0) continue;
      for (const term of found) {
        const start = i + 1 - this.lengths[term];
        const before = start > 0 ? text.charCodeAt(start - 1) : 32;
        const after = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
        const wholeWord = !(isWordChar(before) && isWordChar(text.charCodeAt(start))) &&
          !(isWordChar(after) && isWordChar(code));
        hits.push({ term, start, end: i + 1, wholeWord });
      }
    }
    return hits;
  }
}
