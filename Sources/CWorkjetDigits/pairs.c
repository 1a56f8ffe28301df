// The keyword prefilter: where a two-byte pair from two byte sets starts. The engine's keyword
// windows (48-64 bytes before most candidates) and the placeholder filter search their words from
// here; a byte at a time, the search cost about 8 instructions a position.
#include "workjet_digits.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define WJ_HAVE_AVX2_PAIRS 1
#include <immintrin.h>
#else
#define WJ_HAVE_AVX2_PAIRS 0
#endif

// The first position of `m` (bit k: position base + k) whose pair is in `pairs`, or -1.
static inline long exact_pair(const uint8_t *buf, size_t base, uint32_t m, const uint64_t *pairs) {
    while (m) {
        size_t i = base + (size_t)__builtin_ctz(m);
        unsigned key = (unsigned)buf[i] << 8 | buf[i + 1];
        if ((pairs[key >> 6] >> (key & 63)) & 1) return (long)i;
        m &= m - 1;
    }
    return -1;
}

size_t wj_next_pair_portable(const uint8_t *buf, size_t n, size_t from, const wj_pair_filter *f, const uint64_t *pairs) {
    (void)f;
    if (from + 1 >= n) return from < n ? from : n;
    unsigned key = buf[from];
    for (size_t i = from; i + 1 < n; i++) {
        key = (key & 0xff) << 8 | buf[i + 1];
        if ((pairs[key >> 6] >> (key & 63)) & 1) return i;
    }
    return n - 1;
}

#if WJ_HAVE_AVX2_PAIRS
// Bit k set: position k of the 32 starting at p is in the set (nibble lookups, as Hyperscan's "shufti").
__attribute__((target("avx2"))) static inline uint32_t set_mask32(__m256i v, __m256i lo, __m256i hi) {
    const __m256i nibble = _mm256_set1_epi8(0x0f);
    __m256i l = _mm256_shuffle_epi8(lo, _mm256_and_si256(v, nibble));
    __m256i h = _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
    __m256i none = _mm256_cmpeq_epi8(_mm256_and_si256(l, h), _mm256_setzero_si256());
    return ~(uint32_t)_mm256_movemask_epi8(none);
}

__attribute__((target("avx2,bmi"))) static size_t next_pair_avx2(const uint8_t *buf, size_t n, size_t from,
                                                                  const wj_pair_filter *f, const uint64_t *pairs) {
    if (from + 1 >= n) return from < n ? from : n;
    const __m256i flo = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)f->first_lo));
    const __m256i fhi = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)f->first_hi));
    const __m256i slo = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)f->second_lo));
    const __m256i shi = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)f->second_hi));
    size_t i = from;
    // Full steps: positions i .. i + 31, whose pairs reach byte i + 32 < n.
    for (; i + 33 <= n; i += 32) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(buf + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(buf + i + 1));
        uint32_t m = set_mask32(a, flo, fhi) & set_mask32(b, slo, shi);
        long hit = exact_pair(buf, i, m, pairs);
        if (hit >= 0) return (size_t)hit;
    }
    if (i + 1 >= n) return n - 1;
    if (n >= 33) {
        // The rest (positions i .. n - 2, fewer than 32): the last 32 positions again, those before i masked.
        size_t j = n - 33;
        __m256i a = _mm256_loadu_si256((const __m256i *)(buf + j));
        __m256i b = _mm256_loadu_si256((const __m256i *)(buf + j + 1));
        uint32_t m = set_mask32(a, flo, fhi) & set_mask32(b, slo, shi) & (~(uint32_t)0 << (i - j));
        long hit = exact_pair(buf, j, m, pairs);
        return hit >= 0 ? (size_t)hit : n - 1;
    }
    // A buffer shorter than one step: copied, so that no load reads past it.
    uint8_t tail[64] = {0};
    for (size_t k = 0; k < n - i; k++) tail[k] = buf[i + k];
    __m256i a = _mm256_loadu_si256((const __m256i *)tail);
    __m256i b = _mm256_loadu_si256((const __m256i *)(tail + 1));
    uint32_t valid = ((uint32_t)1 << (n - 1 - i)) - 1;  // positions i .. n - 2: fewer than 32
    uint32_t m = set_mask32(a, flo, fhi) & set_mask32(b, slo, shi) & valid;
    long hit = exact_pair(buf, i, m, pairs);
    return hit >= 0 ? (size_t)hit : n - 1;
}
#endif

size_t wj_next_pair(const uint8_t *buf, size_t n, size_t from, const wj_pair_filter *f, const uint64_t *pairs) {
#if WJ_HAVE_AVX2_PAIRS
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi")) return next_pair_avx2(buf, n, from, f, pairs);
#endif
    return wj_next_pair_portable(buf, n, from, f, pairs);
}
