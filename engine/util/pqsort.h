// PartialQsort: Redis's pqsort (Bentley & McIlroy's quicksort that only recurses into partitions
// overlapping the wanted range), for sorting results exactly as redis-server orders them. After
// the call, elements [lrange, rrange] hold what a full sort would put there; equal elements end
// up in the same order as in Redis (which a std::partial_sort would not reproduce), so replies
// that list ties (GEOSEARCH ... COUNT) match byte for byte.
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace ringkv {

namespace pqsort_detail {

// The median of three positions under cmp (Redis's med3).
template <typename T, typename Cmp>
size_t Med3(const std::vector<T>& v, size_t a, size_t b, size_t c, Cmp& cmp) {
  return cmp(v[a], v[b]) < 0 ? (cmp(v[b], v[c]) < 0 ? b : (cmp(v[a], v[c]) < 0 ? c : a))
                             : (cmp(v[b], v[c]) > 0 ? b : (cmp(v[a], v[c]) < 0 ? a : c));
}

// Swaps the n elements starting at a with the n starting at b (Redis's vecswap).
template <typename T>
void VecSwap(std::vector<T>& v, size_t a, size_t b, size_t n) {
  for (size_t i = 0; i < n; i++) std::swap(v[a + i], v[b + i]);
}

// Whether the k elements from `a` can hold any of [lo, hi].
inline bool Overlaps(size_t a, size_t k, size_t lo, size_t hi) {
  return !((lo < a && hi < a) || (lo >= a + k && hi >= a + k));
}

template <typename T, typename Cmp>
void Sort(std::vector<T>& v, size_t a, size_t n, Cmp& cmp, size_t lo, size_t hi) {
  for (;;) {
    if (n < 7) {
      for (size_t pm = a + 1; pm < a + n; pm++) {
        for (size_t pl = pm; pl > a && cmp(v[pl - 1], v[pl]) > 0; pl--) std::swap(v[pl], v[pl - 1]);
      }
      return;
    }
    size_t pm = a + n / 2;
    if (n > 7) {
      size_t pl = a, pn = a + n - 1;
      if (n > 40) {
        size_t d = n / 8;
        pl = Med3(v, pl, pl + d, pl + 2 * d, cmp);
        pm = Med3(v, pm - d, pm, pm + d, cmp);
        pn = Med3(v, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = Med3(v, pl, pm, pn, cmp);
    }
    std::swap(v[a], v[pm]);
    size_t pa = a + 1, pb = a + 1;
    size_t pc = a + n - 1, pd = a + n - 1;
    for (;;) {
      int r = 0;
      while (pb <= pc && (r = cmp(v[pb], v[a])) <= 0) {
        if (r == 0) std::swap(v[pa++], v[pb]);
        pb++;
      }
      while (pb <= pc && (r = cmp(v[pc], v[a])) >= 0) {
        if (r == 0) std::swap(v[pc], v[pd--]);
        pc--;
      }
      if (pb > pc) break;
      std::swap(v[pb++], v[pc--]);
    }
    const size_t pn = a + n;
    size_t r = std::min(pa - a, pb - pa);
    VecSwap(v, a, pb - r, r);
    r = std::min(pd - pc, pn - pd - 1);
    VecSwap(v, pb, pn - r, r);
    if ((r = pb - pa) > 1 && Overlaps(a, r, lo, hi)) Sort(v, a, r, cmp, lo, hi);
    if ((r = pd - pc) <= 1) return;
    a = pn - r;
    n = r;
    if (!Overlaps(a, n, lo, hi)) return;
  }
}

}  // namespace pqsort_detail

// Sorts v so that positions [lrange, rrange] are final; cmp(a, b) returns <0, 0 or >0.
template <typename T, typename Cmp>
void PartialQsort(std::vector<T>& v, size_t lrange, size_t rrange, Cmp cmp) {
  pqsort_detail::Sort(v, 0, v.size(), cmp, lrange, rrange);
}

}  // namespace ringkv
