// Internal to roost::crypto: makes sure libsodium is initialised before any call into it.
#pragma once

namespace roost::crypto::detail {

// Initialises libsodium once (thread-safe); aborts with a message when that fails.
void ensure_sodium();

}  // namespace roost::crypto::detail
