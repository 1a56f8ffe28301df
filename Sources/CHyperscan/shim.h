#ifndef WORKJET_CHYPERSCAN_SHIM_H
#define WORKJET_CHYPERSCAN_SHIM_H
#include <hs/hs.h>
#endif
