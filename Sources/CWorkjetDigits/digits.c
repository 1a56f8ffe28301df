// The digit-run scanner behind the engine's digit patterns (cards, SSNs, phone numbers).
//
// Hyperscan has no literal to skip to in a digit pattern, so on digit-heavy text (logs) its automata
// stay busy on every byte. This scanner works on 64-byte blocks: it builds bit masks of digits and of
// run separators (" .-()"), splits the blocks into stretches of those bytes with bit operations, and
// walks byte by byte only the rare stretch with enough digits (or a '+' before it) to hold a run
// that some pattern could match.
#include "workjet_digits.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// x86-64 builds also compile an AVX2 variant, chosen at run time when the CPU has it.
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define WJ_HAVE_AVX2_VARIANT 1
#include <immintrin.h>
#else
#define WJ_HAVE_AVX2_VARIANT 0
#endif

// 1: digit, 2: separator allowed inside a run, 0: anything else.
static const uint8_t kind[256] = {
    [' '] = 2, ['.'] = 2, ['-'] = 2, ['('] = 2, [')'] = 2,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
};

static inline int is_digit(uint8_t b) { return (uint8_t)(b - '0') < 10; }

// Bit k set: p[k] is a digit (of the 64 bytes at p).
static inline uint64_t digit_mask(const uint8_t *p) {
#if defined(__SSE2__)
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    uint64_t d = 0;
    for (int k = 0; k < 4; k++) {
        __m128i t = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * k)), zero);
        d |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, nine), t)) << (16 * k);
    }
    return d;
#else
    uint64_t d = 0;
    for (int k = 0; k < 64; k++) d |= (uint64_t)(kind[p[k]] == 1) << k;
    return d;
#endif
}

// Bit k set: p[k] is a separator that may sit inside a run.
static inline uint64_t separator_mask(const uint8_t *p) {
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(' '), dot = _mm_set1_epi8('.'), dash = _mm_set1_epi8('-');
    const __m128i open = _mm_set1_epi8('('), close = _mm_set1_epi8(')');
    uint64_t s = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i is = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, dot)),
            _mm_or_si128(_mm_cmpeq_epi8(v, dash), _mm_or_si128(_mm_cmpeq_epi8(v, open), _mm_cmpeq_epi8(v, close))));
        s |= (uint64_t)(uint16_t)_mm_movemask_epi8(is) << (16 * k);
    }
    return s;
#else
    uint64_t s = 0;
    for (int k = 0; k < 64; k++) s |= (uint64_t)(kind[p[k]] == 2) << k;
    return s;
#endif
}

// Walks the stretch buf[i, end) of digits and separators and appends its runs that have enough digits.
// Returns the new count; when `out` fills up, sets *stop to where scanning should continue.
static size_t walk(const uint8_t *buf, size_t i, size_t end, uint32_t min_digits, uint32_t plus_min_digits,
                   wj_digit_run *out, size_t count, size_t cap, size_t *stop) {
    while (i < end) {
        while (i < end && !is_digit(buf[i])) i++;
        if (i >= end) break;
        size_t start = i, last = i, gap = 0;
        uint32_t digits = 0;
        for (; i < end; i++) {
            if (is_digit(buf[i])) {
                digits++;
                gap = 0;
                last = i;
            } else if (++gap > WJ_DIGIT_RUN_MAX_GAP) {
                break;
            }
        }
        uint32_t plus = start > 0 && buf[start - 1] == '+';
        if (digits >= min_digits || (plus && digits >= plus_min_digits)) {
            out[count].start = start;
            out[count].end = last + 1;
            out[count].digits = digits;
            out[count].plus = plus;
            if (++count == cap) {
                *stop = last + 1;
                return count;
            }
        }
        i = last + 1;
    }
    return count;
}

// Whether the stretch [start, end) with `digits` digits may hold a run worth reporting.
static inline int worth_walking(const uint8_t *buf, size_t start, size_t digits, uint32_t min_digits,
                                uint32_t plus_min_digits) {
    if (digits >= min_digits) return 1;
    return digits >= plus_min_digits && start > 0 && buf[start - 1] == '+' && is_digit(buf[start]);
}

static inline uint64_t low_bits(unsigned n) { return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1); }

// The scanner's body, compiled twice below: for any x86-64 (or other) CPU, and, where the compiler can
// target it, for CPUs with POPCNT, BMI and LZCNT, whose single instructions replace the bit-twiddling
// sequences the baseline needs for every popcount and leading-zero count.
// Bit p set: bits p .. p+len-1 of `bits` are all set (within the word).
static inline uint64_t runs_of(uint64_t bits, unsigned len) {
    uint64_t r = bits;
    for (unsigned have = 1; have < len && r;) {
        unsigned step = have < len - have ? have : len - have;
        r &= r >> step;
        have += step;
    }
    return r;
}

static inline uint64_t byte_mask(const uint8_t *p, uint8_t byte) {
#if defined(__SSE2__)
    const __m128i b = _mm_set1_epi8((char)byte);
    uint64_t m = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        m |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, b)) << (16 * k);
    }
    return m;
#else
    uint64_t m = 0;
    for (int k = 0; k < 64; k++) m |= (uint64_t)(p[k] == byte) << k;
    return m;
#endif
}

#if WJ_HAVE_AVX2_VARIANT
// The same masks, 32 bytes per instruction. Only called by the AVX2 variant of the scanner, which
// runs only where the CPU has AVX2.
__attribute__((target("avx2"))) static inline uint64_t digit_mask_avx2(const uint8_t *p) {
    const __m256i zero = _mm256_set1_epi8('0'), nine = _mm256_set1_epi8(9);
    __m256i a = _mm256_sub_epi8(_mm256_loadu_si256((const __m256i *)p), zero);
    __m256i b = _mm256_sub_epi8(_mm256_loadu_si256((const __m256i *)(p + 32)), zero);
    uint32_t lo = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(a, nine), a));
    uint32_t hi = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(b, nine), b));
    return (uint64_t)lo | (uint64_t)hi << 32;
}

__attribute__((target("avx2"))) static inline uint32_t separator_mask32_avx2(__m256i v) {
    __m256i is = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(' ')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('.'))),
        _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('-')),
                        _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('(')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8(')')))));
    return (uint32_t)_mm256_movemask_epi8(is);
}

__attribute__((target("avx2"))) static inline uint64_t separator_mask_avx2(const uint8_t *p) {
    return (uint64_t)separator_mask32_avx2(_mm256_loadu_si256((const __m256i *)p))
        | (uint64_t)separator_mask32_avx2(_mm256_loadu_si256((const __m256i *)(p + 32))) << 32;
}

__attribute__((target("avx2"))) static inline uint64_t byte_mask_avx2(const uint8_t *p, uint8_t byte) {
    const __m256i b = _mm256_set1_epi8((char)byte);
    uint32_t lo = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)p), b));
    uint32_t hi = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(p + 32)), b));
    return (uint64_t)lo | (uint64_t)hi << 32;
}
#endif

// Appends the run [start, end) when it has enough digits. Returns 0 when `out` is full.
static inline int emit(const uint8_t *buf, size_t start, size_t end, uint32_t digits, uint32_t min_digits,
                       uint32_t plus_min_digits, wj_digit_run *out, size_t *count, size_t cap) {
    uint32_t plus = start > 0 && buf[start - 1] == '+';
    if (digits >= min_digits || (plus && digits >= plus_min_digits)) {
        out[*count].start = start;
        out[*count].end = end;
        out[*count].digits = digits;
        out[*count].plus = plus;
        if (++*count == cap) return 0;
    }
    return 1;
}

// The scanner's body, compiled twice below: for any x86-64 (or other) CPU, and, where the compiler can
// target it, for CPUs with AVX2, POPCNT, BMI and LZCNT: 32-byte compares, and single instructions in
// place of the bit-twiddling sequences the baseline needs for every popcount and bit scan.
//
// Per 64-byte block: masks of digits and separators. A run lies in a stretch of those bytes with no
// four separators in a row, so after removing such separator rows, each remaining stretch holds at
// most one run: it is found with bit scans, and only a stretch long enough for `min_digits` digits
// (or one right after a '+') is looked at. A stretch that reaches the end of a block is carried into
// the next and walked byte by byte when it ends (rare: one per block at most).
__attribute__((always_inline))
static inline size_t digit_runs(const uint8_t *buf, size_t n, size_t from, int final, uint32_t min_digits,
                                uint32_t plus_min_digits, wj_digit_run *out, size_t cap, size_t *resume, int avx2) {
    size_t count = 0;
    // The stretch open at the end of the previous block: its start (SIZE_MAX: none) and digits so far.
    size_t open_start = SIZE_MAX, open_digits = 0;
    unsigned plus_runs = plus_min_digits < min_digits;
    size_t i = from;
    while (i < n) {
        unsigned width = n - i >= 64 ? 64 : (unsigned)(n - i);
        uint8_t tail[64];
        const uint8_t *block = buf + i;
        if (width < 64) {
            for (unsigned k = 0; k < 64; k++) tail[k] = k < width ? buf[i + k] : 0;
            block = tail;
        }
#if WJ_HAVE_AVX2_VARIANT
        uint64_t digits = avx2 ? digit_mask_avx2(block) : digit_mask(block);
#else
        uint64_t digits = digit_mask(block);
#endif
        if (open_start == SIZE_MAX && digits == 0) {
            i += width;
            continue;
        }
        if (open_start == SIZE_MAX && (uint32_t)__builtin_popcountll(digits) < min_digits) {
            // Too few digits for a run inside this block: unless one follows a '+', only a stretch
            // reaching the block's end (it may go on) matters. Find its start byte by byte.
            uint64_t plus = 0;
            if (plus_runs) {
#if WJ_HAVE_AVX2_VARIANT
                uint64_t plus_here = avx2 ? byte_mask_avx2(block, '+') : byte_mask(block, '+');
#else
                uint64_t plus_here = byte_mask(block, '+');
#endif
                plus = (plus_here << 1 | (uint64_t)(i > 0 && buf[i - 1] == '+')) & digits;
            }
            if (!plus) {
                unsigned start = width;
                while (start > 0 && kind[block[start - 1]]) start--;
                if (start < width) {
                    open_start = i + start;
                    open_digits = (size_t)__builtin_popcountll(digits & ~low_bits(start) & low_bits(width));
                }
                i += width;
                continue;
            }
        }
#if WJ_HAVE_AVX2_VARIANT
        uint64_t separators = avx2 ? separator_mask_avx2(block) : separator_mask(block);
#else
        uint64_t separators = separator_mask(block);
#endif
        uint64_t joinable = (digits | separators) & low_bits(width);
        if (open_start != SIZE_MAX) {
            // The open stretch goes on through the block's leading joinable bytes.
            unsigned length = ~joinable ? (unsigned)__builtin_ctzll(~joinable) : 64;
            if (length > width) length = width;
            open_digits += (size_t)__builtin_popcountll(digits & low_bits(length));
            if (length == width && i + width == n) break;  // reaches the end of the data
            if (length == 64) {
                i += 64;
                continue;
            }
            if (worth_walking(buf, open_start, open_digits, min_digits, plus_min_digits)) {
                size_t stop = 0;
                count = walk(buf, open_start, i + length, min_digits, plus_min_digits, out, count, cap, &stop);
                if (count == cap) {
                    *resume = stop;
                    return count;
                }
            }
            open_start = SIZE_MAX;
            joinable &= ~low_bits(length);
        }
        // A stretch reaching the end of the block may go on in the next one: carry it.
        uint64_t stretches = joinable;
        if (width > 0 && (joinable >> (width - 1)) & 1) {
            uint64_t gaps = ~joinable & low_bits(width);
            unsigned start = gaps ? 64 - (unsigned)__builtin_clzll(gaps) : 0;
            open_start = i + start;
            open_digits = (size_t)__builtin_popcountll(digits & joinable & ~low_bits(start));
            stretches &= low_bits(start);
        }
        // Rows of four or more separators end runs.
        uint64_t rows = separators & stretches;
        rows &= (rows >> 1) & (rows >> 2) & (rows >> 3);
        stretches &= ~(rows | (rows << 1) | (rows << 2) | (rows << 3));
        uint64_t interesting = runs_of(stretches, min_digits);
        if (plus_runs) {
#if WJ_HAVE_AVX2_VARIANT
            uint64_t plus_here = avx2 ? byte_mask_avx2(block, '+') : byte_mask(block, '+');
#else
            uint64_t plus_here = byte_mask(block, '+');
#endif
            uint64_t plus = plus_here << 1 | (uint64_t)(i > 0 && buf[i - 1] == '+');
            interesting |= plus & digits & stretches;
        }
        uint64_t breaks = ~stretches;
        while (interesting) {
            unsigned p = (unsigned)__builtin_ctzll(interesting);
            uint64_t below = breaks & low_bits(p);
            unsigned s = below ? 64 - (unsigned)__builtin_clzll(below) : 0;
            unsigned e = p + (unsigned)__builtin_ctzll(breaks >> p);
            uint64_t in_stretch = digits & low_bits(e) & ~low_bits(s);
            if (in_stretch) {
                size_t start = i + (unsigned)__builtin_ctzll(in_stretch);
                size_t end = i + 64 - (unsigned)__builtin_clzll(in_stretch);
                if (!emit(buf, start, end, (uint32_t)__builtin_popcountll(in_stretch), min_digits, plus_min_digits, out,
                          &count, cap)) {
                    *resume = end;
                    return count;
                }
            }
            interesting &= ~low_bits(e);
        }
        i += width;
    }
    if (open_start != SIZE_MAX) {
        if (!final) {
            // The stretch reaches the end of the data and may go on in the next chunk.
            *resume = open_start;
            return count;
        }
        if (worth_walking(buf, open_start, open_digits, min_digits, plus_min_digits)) {
            size_t stop = 0;
            count = walk(buf, open_start, n, min_digits, plus_min_digits, out, count, cap, &stop);
            if (count == cap) {
                *resume = stop;
                return count;
            }
        }
    }
    *resume = n;
    return count;
}

size_t wj_digit_runs_portable(const uint8_t *buf, size_t n, size_t from, int final, uint32_t min_digits,
                                  uint32_t plus_min_digits, wj_digit_run *out, size_t cap, size_t *resume) {
    return digit_runs(buf, n, from, final, min_digits, plus_min_digits, out, cap, resume, 0);
}

#if WJ_HAVE_AVX2_VARIANT
__attribute__((target("avx2,popcnt,bmi,lzcnt")))
static size_t digit_runs_avx2(const uint8_t *buf, size_t n, size_t from, int final, uint32_t min_digits,
                              uint32_t plus_min_digits, wj_digit_run *out, size_t cap, size_t *resume) {
    return digit_runs(buf, n, from, final, min_digits, plus_min_digits, out, cap, resume, 1);
}
#endif

size_t wj_digit_runs(const uint8_t *buf, size_t n, size_t from, int final, uint32_t min_digits,
                     uint32_t plus_min_digits, wj_digit_run *out, size_t cap, size_t *resume) {
#if WJ_HAVE_AVX2_VARIANT
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi")
        && __builtin_cpu_supports("lzcnt")) {
        return digit_runs_avx2(buf, n, from, final, min_digits, plus_min_digits, out, cap, resume);
    }
#endif
    return wj_digit_runs_portable(buf, n, from, final, min_digits, plus_min_digits, out, cap, resume);
}
