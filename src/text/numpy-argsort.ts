// numpy's default argsort (introsort, not stable), ported so max_features breaks ties as scikit-learn does.

/**
 * The permutation `np.argsort(values)` returns with numpy's default `kind='quicksort'`: numpy 1.x's
 * introsort (median-of-three quicksort, insertion sort below 16 elements, heapsort past a depth of
 * 2*floor(log2 n)), as compiled without SIMD (numpy < 1.25, or any build without AVX-512 argsort).
 * Equal values come out in the order this algorithm leaves them, which is what scikit-learn's
 * `CountVectorizer(max_features=...)` keeps when several terms tie at the cut-off.
 * `kind: 'heapsort'` is `np.argsort(values, kind='heapsort')`, the fallback introsort uses on deep recursion.
 */
export function numpyArgsort(values: ArrayLike<number>, kind: 'quicksort' | 'heapsort' = 'quicksort'): Int32Array {
  const num = values.length;
  const t = new Int32Array(num);
  for (let i = 0; i < num; i++) t[i] = i;
  if (num <= 1) return t;
  if (kind === 'heapsort') {
    heapsort(values, t, 0, num);
    return t;
  }
  const v = values;
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = num - 1;
  let cdepth = 2 * (31 - Math.clz32(num));
  for (;;) {
    if (cdepth < 0) {
      heapsort(v, t, pl, pr - pl + 1);
    } else {
      while (pr - pl > 15) {
        const pm = pl + ((pr - pl) >> 1);
        if (v[t[pm]] < v[t[pl]]) swap(t, pm, pl);
        if (v[t[pr]] < v[t[pm]]) swap(t, pr, pm);
        if (v[t[pm]] < v[t[pl]]) swap(t, pm, pl);
        const vp = v[t[pm]];
        let pi = pl;
        let pj = pr - 1;
        swap(t, pm, pj);
        for (;;) {
          do pi++;
          while (v[t[pi]] < vp);
          do pj--;
          while (vp < v[t[pj]]);
          if (pi >= pj) break;
          swap(t, pi, pj);
        }
        swap(t, pi, pr - 1);
        // Push the larger partition, continue with the smaller.
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = t[pi];
        const vp = v[vi];
        let pj = pi;
        while (pj > pl && vp < v[t[pj - 1]]) {
          t[pj] = t[pj - 1];
          pj--;
        }
        t[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depths.pop()!;
  }
  return t;
}

function swap(t: Int32Array, a: number, b: number): void {
  const tmp = t[a];
  t[a] = t[b];
  t[b] = tmp;
}

/** numpy's aheapsort on t[offset .. offset+n), 1-based heap indexing as in the C source. */
function heapsort(v: ArrayLike<number>, t: Int32Array, offset: number, n: number): void {
  const base = offset - 1;
  let tmp: number;
  let i: number;
  let j: number;
  for (let l = n >> 1; l > 0; l--) {
    tmp = t[base + l];
    for (i = l, j = l << 1; j <= n; ) {
      if (j < n && v[t[base + j]] < v[t[base + j + 1]]) j++;
      if (v[tmp] < v[t[base + j]]) {
        t[base + i] = t[base + j];
        i = j;
        j += j;
      } else break;
    }
    t[base + i] = tmp;
  }
  for (let m = n; m > 1; ) {
    tmp = t[base + m];
    t[base + m] = t[base + 1];
    m--;
    for (i = 1, j = 2; j <= m; ) {
      if (j < m && v[t[base + j]] < v[t[base + j + 1]]) j++;
      if (v[tmp] < v[t[base + j]]) {
        t[base + i] = t[base + j];
        i = j;
        j += j;
      } else break;
    }
    t[base + i] = tmp;
  }
}
