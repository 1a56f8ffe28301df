// Where a JSON string literal's run of plain bytes ends: the gateway's request reader, the engine's JSON
// walker and the string encoder all skip prompts this way, and a prompt is mostly such runs. The word loop
// runs about 20 instructions per 8 bytes (its disassembly); the AVX2 loop tests 32 bytes a step.
#include "workjet_json.h"
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define WJ_HAVE_AVX2_JSON 1
#include <immintrin.h>
#else
#define WJ_HAVE_AVX2_JSON 0
#endif

static inline int is_special(uint8_t b, int stop_at_non_ascii) {
    return b == '"' || b == '\\' || b < 0x20 || (stop_at_non_ascii && b >= 0x80);
}

size_t wj_json_next_special_portable(const uint8_t *buf, size_t n, size_t from, int stop_at_non_ascii) {
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const uint64_t non_ascii = stop_at_non_ascii ? highs : 0;
    if (from >= n) return n;
    size_t i = from;
    while (i + 8 <= n) {
        uint64_t word;
        memcpy(&word, buf + i, 8);
        // Byte k of the buffer must be byte k of the word (from the low end) for the count of trailing zeros.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        word = __builtin_bswap64(word);
#endif
        // The classic "has a byte less than n" tests; the lowest flagged byte is always exact.
        uint64_t quote = word ^ (ones * 0x22), backslash = word ^ (ones * 0x5C);
        uint64_t flags = (word & non_ascii)
            | (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | ((word - ones * 0x20) & ~word)) & highs;
        if (flags) return i + (size_t)__builtin_ctzll(flags) / 8;
        i += 8;
    }
    for (; i < n; i++) if (is_special(buf[i], stop_at_non_ascii)) return i;
    return n;
}

#if WJ_HAVE_AVX2_JSON
// Bit k set: byte k of the 32 at p is special.
__attribute__((target("avx2"))) static inline uint32_t special_mask32(const uint8_t *p, int stop_at_non_ascii) {
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    __m256i m = _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\')));
    // Unsigned b < 0x20 exactly when min(b, 0x1F) == b.
    m = _mm256_or_si256(m, _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(0x1F)), v));
    uint32_t mask = (uint32_t)_mm256_movemask_epi8(m);
    if (stop_at_non_ascii) mask |= (uint32_t)_mm256_movemask_epi8(v);
    return mask;
}

__attribute__((target("avx2,bmi"))) static size_t next_special_avx2(const uint8_t *buf, size_t n, size_t from, int stop_at_non_ascii) {
    if (n < 32) return wj_json_next_special_portable(buf, n, from, stop_at_non_ascii);
    size_t i = from;
    while (i + 32 <= n) {
        uint32_t mask = special_mask32(buf + i, stop_at_non_ascii);
        if (mask) return i + _tzcnt_u32(mask);
        i += 32;
    }
    if (i >= n) return n;
    // The last, partial step: the 32 bytes ending at n, without the positions before i.
    uint32_t mask = special_mask32(buf + n - 32, stop_at_non_ascii) >> (i - (n - 32));
    return mask ? i + _tzcnt_u32(mask) : n;
}
#endif

size_t wj_json_next_special(const uint8_t *buf, size_t n, size_t from, int stop_at_non_ascii) {
    if (from >= n) return n;
#if WJ_HAVE_AVX2_JSON
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi")) return next_special_avx2(buf, n, from, stop_at_non_ascii);
#endif
    return wj_json_next_special_portable(buf, n, from, stop_at_non_ascii);
}
