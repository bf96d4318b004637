// libFuzzer harness for the RDB reader (scripts/fuzz.sh builds and runs it).
//
// Input: the bytes of an RDB file. The harness checks that reading never crashes, leaks or reads
// outside its input (ASan/UBSan), whatever the bytes, and that every value it does load
// re-serializes to a payload that reads back to a value of the same type and serialized size (the
// writer and the reader agree on everything the reader accepts).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "engine/arena.h"
#include "engine/rdb/reader.h"
#include "engine/rdb/writer.h"

namespace {

using ringkv::MallocArena;
using ringkv::Value;
using ringkv::rdb::MemorySource;
using ringkv::rdb::RdbEntry;
using ringkv::rdb::RdbReader;
using ringkv::rdb::RdbWriter;

std::span<const uint8_t> Span(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

void CheckRoundTrip(MallocArena& arena, const Value& v) {
  std::string first;
  if (!RdbWriter::AppendTypedValue(&first, v, true)) return;
  MemorySource src(Span(first));
  RdbReader r(src, arena, {});
  uint8_t type = 0;
  Value again;
  bool empty = false;
  if (!r.ReadByte(&type) || !r.ReadObject(type, &again, &empty) || empty || src.remaining() != 0) {
    std::abort();  // the reader refused what the writer wrote
  }
  std::string second;
  RdbWriter::AppendTypedValue(&second, again, true);
  again.Destroy(arena);
  // Hash tables may iterate in another order after a reload, so only the sizes must agree.
  if (second.size() != first.size() || second[0] != first[0]) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  MallocArena arena;
  MemorySource src({data, size});
  RdbReader reader(src, arena, {});
  if (!reader.ReadHeader()) return 0;
  for (int i = 0; i < 10000; i++) {
    RdbEntry e;
    RdbReader::Step s = reader.Next(&e);
    if (s == RdbReader::Step::kKey) {
      CheckRoundTrip(arena, e.value);
      e.value.Destroy(arena);
      continue;
    }
    if (s != RdbReader::Step::kUnsupported) break;
  }
  if (arena.UsedBytes() != 0) std::abort();  // everything built was freed
  return 0;
}
