// The one constant-time comparison used for tags, MACs and key confirmation.
#pragma once

#include "common/bytes.h"

namespace e2e::ct {

// equal returns true iff |a| and |b| have the same length and contents. The
// lengths are treated as public; the contents are compared in constant time.
bool equal(ByteView a, ByteView b);

}  // namespace e2e::ct
