// PointInTimeSnapshot: an RDB image of the whole keyspace as it was at one instant, produced
// while the server keeps serving and without fork() (BGSAVE, and the new base of an AOF rewrite).
//
// At Begin every key is "pending" (its snap_mark differs from the databases' new epoch). Step()
// walks the databases between event-loop iterations, serializing pending keys and marking them
// written; keys added afterwards get the new epoch and are never written. A command about to
// change or remove a pending key first lets the snapshot serialize it (Database::BeforeChange →
// Engine::OnBeforeChange → Capture), so the file holds every key exactly as it was at Begin —
// serialize-before-mutate. Keys captured out of walk order carry their own SELECTDB, which the
// RDB format allows anywhere.
//
// Pure logic: the output accumulates in a buffer the frontend takes (Take) and writes through the
// ring. If captures make the buffer exceed the spill threshold within one iteration (a FLUSHALL
// or SWAPDB drains whole databases), the `spill` callback writes it out at once, so extra memory
// stays bounded by the buffer size plus the biggest single value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/keyspace/database.h"
#include "engine/rdb/writer.h"

namespace ringkv {

class Engine;

// The start of every snapshot file: header, aux fields and the function libraries (Redis 7's
// function opcode), shared by SAVE and the background snapshots.
void WriteSnapshotHead(rdb::RdbWriter& w, Engine& engine, bool aof_base);

class PointInTimeSnapshot {
 public:
  using Spill = std::function<void(std::string&&)>;

  // Starts the snapshot: writes the header and aux fields, flips the mark epoch of every database
  // and starts capturing. `aof_base` marks the file as an AOF base (the aof-base aux field).
  PointInTimeSnapshot(Engine& engine, bool aof_base, size_t spill_threshold, Spill spill);
  // Stops capturing. If the walk did not finish, the keys it did not reach are marked written,
  // so the next snapshot starts from a clean epoch.
  ~PointInTimeSnapshot();
  PointInTimeSnapshot(const PointInTimeSnapshot&) = delete;
  PointInTimeSnapshot& operator=(const PointInTimeSnapshot&) = delete;

  // Serializes pending keys until about `budget_bytes` are buffered or the walk ends, at which
  // point the EOF and checksum are appended and done() becomes true.
  void Step(size_t budget_bytes);
  bool done() const { return done_; }

  // `e` in database `db` is about to change: write it now if it is still pending.
  void Capture(int db, KeyEntry* e);
  // Writes every pending key of database `db` now (before FLUSHDB, SWAPDB empties or moves it).
  void DrainDatabase(int db);

  size_t buffered() const { return writer_.buffered(); }
  std::string Take() { return writer_.Take(); }

  uint64_t keys_written() const { return keys_written_; }
  uint64_t keys_captured() const { return keys_captured_; }
  int64_t started_ms() const { return started_ms_; }

 private:
  void Write(int db, KeyEntry* e);
  void MaybeSpill();

  Engine& engine_;
  rdb::RdbWriter writer_;
  size_t spill_threshold_;
  Spill spill_;
  int walk_db_ = 0;          // database the walk is in
  uint64_t walk_cursor_ = 0;  // its scan cursor (0 at the start of a database)
  int last_db_written_ = -1;  // the database the last SELECTDB in the file named
  std::vector<bool> announced_;  // databases whose SELECTDB+RESIZEDB the file already has
  uint32_t epoch_ = 0;
  bool done_ = false;
  uint64_t keys_written_ = 0;
  uint64_t keys_captured_ = 0;
  int64_t started_ms_ = 0;
};

}  // namespace ringkv
