// Value copies: COPY duplicates a key's value through CopyValue, keeping the encoding Redis's
// dupStringObject (and, with them, the collection types' dup functions) would report.
//
// Also here: MakeStringLikeCreate, a string value built as Redis's createStringObject builds one
// (embstr up to 44 bytes, raw beyond, never int) — what INCRBYFLOAT stores and what a copy of an
// embstr holds, where Value::MakeString would pick "int" for integer-looking bytes.
#pragma once

#include <optional>
#include <string_view>

#include "engine/arena.h"
#include "engine/types/value.h"

namespace ringkv {

// A deep copy of `v` allocated in `arena`, with the same type and reported encoding: strings
// here, collections through their type's Ops::Copy. std::nullopt for a type the engine does not
// have (COPY then replies "ERR unknown type object", as Redis does for a type it cannot dup).
std::optional<Value> CopyValue(Arena& arena, const Value& v);

// "embstr" for up to kEmbstrMaxLength bytes, "raw" beyond; never int-encoded.
Value MakeStringLikeCreate(Arena& arena, std::string_view s);

}  // namespace ringkv
