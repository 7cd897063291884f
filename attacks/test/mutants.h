// Test-only mutant clients: driver factories that wrap the reference client
// and weaken it in one way, so each attack test can show it fails when the
// defence it credits is missing.
#pragma once

#include "driver/driver.h"

namespace e2e::attacks::testing {

// amnesiac_factory: after every received frame the client forgets its
// processed item ids and its replay windows (as a client that keeps them
// only in memory and is reloaded between frames would). In-process only.
driver::DriverFactory amnesiac_factory();

// leaky_factory: every send_text also posts the plaintext, unencrypted, in a
// second `send` to the chat (as a debug log or a push preview would).
driver::DriverFactory leaky_factory();

}  // namespace e2e::attacks::testing
