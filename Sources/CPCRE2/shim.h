#ifndef WORKJET_CPCRE2_SHIM_H
#define WORKJET_CPCRE2_SHIM_H
/* PCRE2 selects its code-unit width by macro; Swift cannot define it, so the shim does
   and re-exports the 8-bit functions under their unsuffixed names through inline helpers. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static inline pcre2_code_8 *wj_pcre2_compile(const unsigned char *pattern, size_t length, uint32_t options,
                                             int *errorcode, size_t *erroroffset) {
    return pcre2_compile_8(pattern, length, options, errorcode, erroroffset, NULL);
}
/* PCRE2_ZERO_TERMINATED is ~(size_t)0, a macro Swift imports poorly. */
static inline size_t wj_pcre2_unset(void) { return PCRE2_UNSET; }
#endif
