#ifndef WORKJET_DIGITS_H
#define WORKJET_DIGITS_H

#include <stddef.h>
#include <stdint.h>

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

#endif
