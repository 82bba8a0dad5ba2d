// FreeType, HarfBuzz (with its FreeType glue) and fontconfig, for TextKit. FreeType's headers
// must be reached through ft2build.h and its macros; the macros Swift cannot import are wrapped
// as static inline functions with a `ctk_` prefix. Verified with FreeType 2.12, HarfBuzz 6.0,
// fontconfig 2.14.
#ifndef CTYPESET_SHIM_H
#define CTYPESET_SHIM_H

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <hb-ft.h>
#include <hb-ot.h>
#include <fontconfig/fontconfig.h>

/// FT_LOAD_TARGET_LIGHT: vertical-only hinting, so advances stay those HarfBuzz shaped with.
static inline FT_Int32 ctk_load_flags_light(void) { return FT_LOAD_DEFAULT | FT_LOAD_TARGET_LIGHT; }
/// Whether the face has outlines (it can be drawn at any size).
static inline int ctk_face_is_scalable(FT_Face face) { return FT_IS_SCALABLE(face) ? 1 : 0; }

#endif
