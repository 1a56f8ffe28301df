#ifndef WORKJET_DIGITS_H
#define WORKJET_DIGITS_H

#include <stddef.h>
#include <stdint.h>
#include "workjet_json.h"

/// A digit run: ASCII digits in which consecutive digits are separated by at most
/// WJ_DIGIT_RUN_MAX_GAP bytes of " .-()". Found by wj_digit_runs.
typedef struct {
    /// Offset of the first digit.
    size_t start;
    /// Offset after the last digit.
    size_t end;
    /// Number of digits in the run.
    uint32_t digits;
    /// 1 when the byte before `start` is '+'.
    uint32_t plus;
} wj_digit_run;

/// The longest separator run inside a digit run.
#define WJ_DIGIT_RUN_MAX_GAP 3

/// Finds the digit runs of buf[from, n) with at least `min_digits` digits, or at least `plus_min_digits`
/// digits when the byte before the run is '+', and writes them to `out` (at most `cap`).
///
/// Returns how many runs were written and sets `*resume` to where the next call continues: `n` when the
/// buffer is done, the end of the last run written when `out` filled up, or, when `final` is 0, the start
/// of a run that reaches the end of the buffer and may go on in the next chunk (it is not reported).
/// `from` must not be inside a run (0, a previous `*resume`, or any offset after a non-run byte).
size_t wj_digit_runs(const uint8_t *buf, size_t n, size_t from, int final, uint32_t min_digits,
                     uint32_t plus_min_digits, wj_digit_run *out, size_t cap, size_t *resume);

/// The same, always with the variant compiled for any CPU (SSE2 on x86-64): wj_digit_runs picks a faster
/// variant at run time where the CPU allows, and the tests compare the two.
size_t wj_digit_runs_portable(const uint8_t *buf, size_t n, size_t from, int final, uint32_t min_digits,
                              uint32_t plus_min_digits, wj_digit_run *out, size_t cap, size_t *resume);

/// Two byte sets for wj_next_pair, as nibble tables: byte b is in a set when
/// lo[b & 15] & hi[b >> 4] is not zero (see wj_pair_filter_hi_bit for the bit of each high nibble).
typedef struct {
    uint8_t first_lo[16], first_hi[16], second_lo[16], second_hi[16];
} wj_pair_filter;

/// The bit that stands for high nibble `hi` in a wj_pair_filter: the ASCII rows 0x20-0x7F have a bit
/// each, 0x00-0x1F share one and 0x80-0xFF share one (a set with a byte of those rows admits its row).
static inline uint8_t wj_pair_filter_hi_bit(unsigned hi) {
    return hi < 2 ? (uint8_t)0x40 : hi < 8 ? (uint8_t)(1u << (hi - 2)) : (uint8_t)0x80;
}

/// The first i in [from, n - 1) whose pair buf[i], buf[i + 1] is in `pairs` (bit b0 << 8 | b1 of 1,024
/// words), else n - 1 (the last byte, which starts no pair); `from` itself when from + 1 >= n and
/// from < n, and n when from >= n. Where the CPU has AVX2, 32 positions a step go through `filter`
/// first (its first set must hold every b0 of `pairs` and its second set every b1), and only the
/// positions it admits are looked up in `pairs`.
size_t wj_next_pair(const uint8_t *buf, size_t n, size_t from, const wj_pair_filter *filter, const uint64_t *pairs);

/// The same, always one byte at a time through `pairs` alone (the tests compare the two).
size_t wj_next_pair_portable(const uint8_t *buf, size_t n, size_t from, const wj_pair_filter *filter,
                             const uint64_t *pairs);

#endif
