// LAME 3.100's public header, imported as is. Verified with Debian's libmp3lame-dev.
#ifndef CLAME_SHIM_H
#define CLAME_SHIM_H
#include <lame/lame.h>
#endif
