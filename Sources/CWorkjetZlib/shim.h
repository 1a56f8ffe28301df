#ifndef WORKJET_CZLIB_SHIM_H
#define WORKJET_CZLIB_SHIM_H
/* zlib's inflateInit2 is a macro (it passes the library version and struct size), which Swift
   cannot call; the helper below wraps it. Window bits 15 + 32 let zlib detect gzip or zlib headers. */
#include <zlib.h>

static inline int wj_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}

/* Raw deflate (no header), as zip members store it: window bits -15. */
static inline int wj_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -15);
}
#endif
