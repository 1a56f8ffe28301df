#ifndef WORKJET_SHA256_H
#define WORKJET_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// The SHA-256 compression function (FIPS 180-4, section 6.2.2) over `blocks` consecutive 64-byte blocks
/// of `data`, updating the eight state words `state` in place (state[0] is H0). Padding and the length
/// are the caller's (the CLI's fingerprinter, which keeps keyed HMAC states as plain values and so copies
/// them without an allocation). With `hardware` set, uses the x86 SHA extensions; the caller sets it only
/// when wj_sha256_has_hardware() returned 1.
void wj_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks, int hardware);

/// The same, always with the variant compiled for any CPU; the tests compare the two.
void wj_sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks);

/// 1 when this CPU has the SHA extensions (and the SSE4.1 the hardware variant also uses), else 0.
int wj_sha256_has_hardware(void);

#endif
