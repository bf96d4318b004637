#include "tools/inspect/stream_keys.h"

#include <cstdio>

#include "tools/inspect/text.h"

namespace ringkv::inspect {

std::string UnsupportedMessage(const KeyView& k) {
  return "key " + Repr(k.key) + " in db " + std::to_string(k.db) + " is a " +
         std::string(k.unsupported) + "; ringkv does not decode " + std::string(k.unsupported) +
         " values yet, so its value is left out";
}

void HideUndecodedValue(KeyView* k) {
  if (k->value != nullptr && k->value->type() == ObjType::kStream) {
    k->value = nullptr;
    k->unsupported = "stream";
  }
}

void WarnUnsupported(const KeyView& k, const char* what) {
  std::fprintf(stderr, "ringkv-inspect: warning: %s: %s\n", what, UnsupportedMessage(k).c_str());
}

}  // namespace ringkv::inspect
