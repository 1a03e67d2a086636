#ifndef COSMOLITE_CLMDB_SHIM_H
#define COSMOLITE_CLMDB_SHIM_H

#include <lmdb.h>

// Cosmolite relies on MDB_NOTLS semantics, mdb_reader_check and MDB_MAP_RESIZED adoption as documented in 0.9.24.
#if MDB_VERSION_FULL < MDB_VERINT(0, 9, 24)
#error "Cosmolite needs liblmdb 0.9.24 or newer (Debian: apt-get install liblmdb-dev)"
#endif

#include <stddef.h>

/// Asks the CPU to start loading `count` bytes at `start` into cache, so that the misses of a cold mapped value
/// overlap instead of arriving one cache line at a time. Swift has no prefetch intrinsic.
static inline void cosmolite_prefetch(const void *start, size_t count) {
    const char *byte = (const char *)start;
    for (size_t offset = 0; offset < count; offset += 64) {
        __builtin_prefetch(byte + offset, 0, 3);
    }
}

#endif
