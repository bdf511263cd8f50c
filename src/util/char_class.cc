// char_class.h is all constexpr; this file keeps the compile-time checks next to the definitions.
#include "util/char_class.h"

namespace kwx::internal {

static_assert(IsBlockChar('-') && IsBlockChar('%') && !IsBlockChar('@'));
static_assert(IsPosBlockChar('_') && IsPosBlockChar('.') && IsPosBlockChar(0x4E00) &&
              !IsPosBlockChar('-') && !IsPosBlockChar('%') && !IsPosBlockChar(0x9FD6));
static_assert(IsHan(0x4E00) && IsHan(0x9FD5) && !IsHan(0x9FD6) && !IsHan(0x3400));
static_assert(IsPySpace(0x1F) && IsPySpace(0x85) && IsPySpace(0x3000) && !IsPySpace(0x180E));
static_assert(!IsPySpace(0x200B) && IsPySpace(0x200A));

}  // namespace kwx::internal
