#include "workjet_sha256.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define WJ_SHA256_X86 1
#endif

// The round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

// One round in the spec's terms, with the working variables renamed instead of moved: the caller rotates
// the names, so each round leaves its new E in `d` and its new A in `h`.
#define WJ_ROUND(a, b, c, d, e, f, g, h, t)                                                          \
    do {                                                                                             \
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (g ^ (e & (f ^ g))) + K[t] + w[t]; \
        d += t1;                                                                                     \
        h = t1 + (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b)));               \
    } while (0)

void wj_sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks) {
    for (; blocks > 0; blocks--, data += 64) {
        uint32_t w[64];
        for (int t = 0; t < 16; t++) w[t] = load_be32(data + 4 * t);
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        // Eight rounds per pass bring the names back to where they started: a loop of single rounds that
        // moved all eight variables took twice the instructions.
        for (int t = 0; t < 64; t += 8) {
            WJ_ROUND(a, b, c, d, e, f, g, h, t);
            WJ_ROUND(h, a, b, c, d, e, f, g, t + 1);
            WJ_ROUND(g, h, a, b, c, d, e, f, t + 2);
            WJ_ROUND(f, g, h, a, b, c, d, e, t + 3);
            WJ_ROUND(e, f, g, h, a, b, c, d, t + 4);
            WJ_ROUND(d, e, f, g, h, a, b, c, t + 5);
            WJ_ROUND(c, d, e, f, g, h, a, b, t + 6);
            WJ_ROUND(b, c, d, e, f, g, h, a, t + 7);
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
#undef WJ_ROUND

#ifdef WJ_SHA256_X86
// The SHA extensions keep the state as two vectors, ABEF and CDGH (A in the highest lane), and run two
// rounds per SHA256RNDS2 with the message words plus constants in the low half of a third vector.
__attribute__((target("sha,sse4.1"))) static void blocks_hardware(uint32_t state[8], const uint8_t *data, size_t blocks) {
    // Big-endian words: reverse the bytes of each 32-bit lane.
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
// Rounds 4i..4i+3 with message words `words`. Two rounds make the old ABEF the new CDGH: each call's result
// is the next call's ABEF, and the vector it overwrites held the CDGH that the call consumed.
#define WJ_ROUNDS4(words, i)                                                                    \
    do {                                                                                        \
        __m128i wk = _mm_add_epi32((words), _mm_loadu_si128((const __m128i *)&K[4 * (i)]));     \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);                                           \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));                  \
    } while (0)
// w0 (words t-16..t-13) becomes words t..t+3: s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], given the
// following groups w1 (t-12..), w2 (t-8..) and w3 (t-4..t-1).
#define WJ_SCHEDULE(w0, w1, w2, w3) \
    w0 = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4)), w3)
    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abef_start = abef, cdgh_start = cdgh;
        // Unrolled by hand with the four groups of message words in named vectors: a loop indexing an array
        // of them kept the array in memory and ran at half the speed.
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), byte_swap);
        WJ_ROUNDS4(w0, 0);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), byte_swap);
        WJ_ROUNDS4(w1, 1);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), byte_swap);
        WJ_ROUNDS4(w2, 2);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), byte_swap);
        WJ_ROUNDS4(w3, 3);
        for (int i = 4; i < 16; i += 4) {
            WJ_SCHEDULE(w0, w1, w2, w3);
            WJ_ROUNDS4(w0, i);
            WJ_SCHEDULE(w1, w2, w3, w0);
            WJ_ROUNDS4(w1, i + 1);
            WJ_SCHEDULE(w2, w3, w0, w1);
            WJ_ROUNDS4(w2, i + 2);
            WJ_SCHEDULE(w3, w0, w1, w2);
            WJ_ROUNDS4(w3, i + 3);
        }
        abef = _mm_add_epi32(abef, abef_start);
        cdgh = _mm_add_epi32(cdgh, cdgh_start);
    }
#undef WJ_ROUNDS4
#undef WJ_SCHEDULE
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}
#endif

void wj_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, int hardware) {
#ifdef WJ_SHA256_X86
    if (hardware) {
        blocks_hardware(state, data, blocks);
        return;
    }
#else
    (void)hardware;
#endif
    wj_sha256_blocks_portable(state, data, blocks);
}

int wj_sha256_has_hardware(void) {
#ifdef WJ_SHA256_X86
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3)) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & bit_SHA) ? 1 : 0;
#else
    return 0;
#endif
}
