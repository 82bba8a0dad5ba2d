// librsvg and cairo, for TextKit's SVG → PNG rendering. Verified with librsvg 2.54, cairo 1.16.
#ifndef CRSVG_SHIM_H
#define CRSVG_SHIM_H

#include <librsvg/rsvg.h>
#include <cairo.h>
#include <glib-object.h>

/// g_object_unref takes a gpointer; this keeps the handle's type visible at the call site.
static inline void ctk_rsvg_handle_free(RsvgHandle *handle) { g_object_unref(handle); }

#endif
