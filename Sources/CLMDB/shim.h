#ifndef COSMOLITE_CLMDB_SHIM_H
#define COSMOLITE_CLMDB_SHIM_H

#include <lmdb.h>

// Cosmolite relies on MDB_NOTLS semantics, mdb_reader_check and MDB_MAP_RESIZED adoption as documented in 0.9.24.
#if MDB_VERSION_FULL < MDB_VERINT(0, 9, 24)
#error "Cosmolite needs liblmdb 0.9.24 or newer (Debian: apt-get install liblmdb-dev)"
#endif

#endif
