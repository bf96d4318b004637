// Loading an AOF directory at start-up: read the manifest, then replay the base file and every
// incremental file in order through the engine, as a client would send them. A base file that
// starts with an RDB preamble ("REDIS…") is loaded as a snapshot (aof/rdb_file.h) first.
//
// A truncated last command of the last file is handled like Redis's aof-load-truncated: the file
// is truncated back to its last complete command and loading goes on (or, with the setting off,
// start-up fails). Anything malformed elsewhere is refused with the file name and byte offset;
// nothing is loaded silently. Files are streamed, so memory does not grow with their size.
#pragma once

#include <cstdint>
#include <string>

#include "aof/manifest.h"
#include "engine/engine.h"

namespace ringkv::aof {

struct LoadStats {
  uint64_t commands = 0;
  uint64_t bytes = 0;
  bool truncated = false;  // a partial last command was cut off
  // Where a failed load stopped (ringkv-inspect's verify and repair-aof read these): the file and
  // byte offset of the fault, and whether it is a cut-off end of file (a partial command or a
  // MULTI without its EXEC) rather than malformed bytes.
  std::string fault_file;
  uint64_t fault_offset = 0;
  bool fault_truncated = false;
  // Commands the engine answered with an error (an unknown command, a wrong type...). Loading goes
  // on, but an offline check wants to know: the first one's file, offset and error text.
  uint64_t rejected = 0;
  std::string first_rejected;
};

// Replays `manifest`'s files from `dir` into `engine`. False with a message naming the file and
// offset of the fault.
bool LoadAof(const std::string& dir, const Manifest& manifest, Engine& engine, bool load_truncated,
             LoadStats* stats, std::string* error);

// Reads dir/<prefix>.manifest. Returns false if it does not exist (*error empty) or is invalid.
bool ReadManifest(const std::string& dir, const std::string& prefix, Manifest* out,
                  std::string* error);

}  // namespace ringkv::aof
