#ifndef WORKJET_JSON_H
#define WORKJET_JSON_H

#include <stddef.h>
#include <stdint.h>

/// The index of the first byte at or after `from` that a JSON string literal cannot hold as it is (a quote,
/// a backslash or a control byte below 0x20) or, when `stop_at_non_ascii` is set, any byte from 0x80;
/// `n` when there is none (and when from >= n). 32 bytes a step where the CPU has AVX2.
size_t wj_json_next_special(const uint8_t *buf, size_t n, size_t from, int stop_at_non_ascii);

/// The same, always with the variant compiled for any CPU (eight bytes a step in a 64-bit word); the tests
/// compare the two.
size_t wj_json_next_special_portable(const uint8_t *buf, size_t n, size_t from, int stop_at_non_ascii);

#endif
