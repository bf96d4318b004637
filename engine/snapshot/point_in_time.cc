#include "engine/snapshot/point_in_time.h"

#include "engine/engine.h"
#include "engine/scripting/script_engine.h"
#include "engine/util/clock.h"

namespace ringkv {

void WriteSnapshotHead(rdb::RdbWriter& w, Engine& engine, bool aof_base) {
  w.WriteRedisPreamble(engine.arena().UsedBytes(), aof_base);
  for (const auto& [name, lib] : engine.scripting().functions().libraries()) {
    w.WriteFunction(lib.code);
  }
}

PointInTimeSnapshot::PointInTimeSnapshot(Engine& engine, bool aof_base, size_t spill_threshold,
                                         Spill spill)
    : engine_(engine),
      writer_(engine.config().rdbcompression),
      spill_threshold_(spill_threshold),
      spill_(std::move(spill)),
      announced_(engine.db_count(), false),
      started_ms_(WallClockMs()) {
  WriteSnapshotHead(writer_, engine, aof_base);
  // A huge value is written in chunks as it is serialized, through the same spill.
  if (spill_) writer_.set_chunk_sink(spill_threshold_, spill_);
  // Every key now differs from the new epoch: all of them are pending.
  epoch_ = engine.db(0).snapshot_epoch() ^ 1;
  for (int i = 0; i < engine.db_count(); i++) {
    engine.db(i).set_snapshot_epoch(epoch_);
    engine.db(i).set_capturing(true);
  }
}

PointInTimeSnapshot::~PointInTimeSnapshot() {
  for (int i = 0; i < engine_.db_count(); i++) {
    Database& db = engine_.db(i);
    db.set_capturing(false);
    // An abandoned walk leaves keys with the old mark; the epoch flips again at the next start,
    // which would take them for written. Mark them now.
    if (!done_) db.ForEach([&](KeyEntry* e) { db.MarkSnapshotted(e); });
  }
}

void PointInTimeSnapshot::Write(int db_index, KeyEntry* e) {
  Database& db = engine_.db(db_index);
  if (db_index != last_db_written_) {
    // The first time a database appears, with its sizes as a loading hint; later switches back
    // (captures out of walk order) name it only.
    if (!announced_[db_index]) {
      announced_[db_index] = true;
      writer_.WriteSelectDb(db_index, db.size(), db.expires_size());
    } else {
      writer_.WriteSelectDbOnly(db_index);
    }
    last_db_written_ = db_index;
  }
  writer_.WriteKey(e->key(), e->value, e->has_expire ? db.GetExpire(e) : -1);
  db.MarkSnapshotted(e);
  keys_written_++;
}

void PointInTimeSnapshot::Step(size_t budget_bytes) {
  while (!done_ && writer_.buffered() < budget_bytes) {
    if (walk_db_ >= engine_.db_count()) {
      writer_.WriteEof();
      done_ = true;
      for (int i = 0; i < engine_.db_count(); i++) engine_.db(i).set_capturing(false);
      return;
    }
    Database& db = engine_.db(walk_db_);
    if (db.size() > 0) {
      walk_cursor_ = db.Scan(walk_cursor_, [&](KeyEntry* e) {
        if (db.SnapshotPending(e)) Write(walk_db_, e);
      });
    } else {
      walk_cursor_ = 0;
    }
    if (walk_cursor_ == 0) {
      walk_db_++;
    }
  }
}

void PointInTimeSnapshot::Capture(int db, KeyEntry* e) {
  if (done_ || !engine_.db(db).SnapshotPending(e)) return;
  Write(db, e);
  keys_captured_++;
  MaybeSpill();
}

void PointInTimeSnapshot::DrainDatabase(int db_index) {
  if (done_) return;
  Database& db = engine_.db(db_index);
  db.ForEach([&](KeyEntry* e) {
    if (db.SnapshotPending(e)) {
      Write(db_index, e);
      keys_captured_++;
      MaybeSpill();
    }
  });
}

void PointInTimeSnapshot::MaybeSpill() {
  if (writer_.buffered() >= spill_threshold_ && spill_) spill_(writer_.Take());
}

}  // namespace ringkv
