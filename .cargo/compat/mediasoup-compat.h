// Force-included into every C++ unit of mediasoup-sys 0.2.x (see .cargo/config.toml).
// glibc >= 2.34 turned SIGSTKSZ into a runtime value; the abseil bundled with the
// mediasoup worker uses it as a constant, so pin it back to a compile-time number.
#include <csignal>
#include <cstdint>
#include <limits>
#undef SIGSTKSZ
#define SIGSTKSZ 8192
