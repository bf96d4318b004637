#include "engine/rdb/legacy.h"

#include <cstring>

namespace ringkv::rdb {

namespace {

uint32_t Le32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

constexpr size_t kZiplistHeader = 10;  // zlbytes, zltail, zllen
constexpr uint8_t kZipEnd = 0xFF;
constexpr uint8_t kZipBigPrevlen = 0xFE;

// Decodes the entry at zl[pos] (pos < end); sets *size to its bytes and *prevlen to its stored
// previous-entry length. False when it runs past `end` or has an unknown encoding.
bool ZipEntry(const uint8_t* zl, size_t pos, size_t end, lp::Entry* e, size_t* size,
              size_t* prevlen) {
  size_t p = pos;
  if (zl[p] < kZipBigPrevlen) {
    *prevlen = zl[p++];
  } else if (zl[p] == kZipBigPrevlen) {
    if (end - p < 5) return false;
    *prevlen = Le32(zl + p + 1);
    p += 5;
  } else {
    return false;
  }
  if (p >= end) return false;
  uint8_t b = zl[p];
  size_t header = 1, len = 0;
  e->is_int = true;
  switch (b & 0xC0) {
    case 0x00:
      e->is_int = false;
      len = b & 0x3F;
      break;
    case 0x40:
      if (end - p < 2) return false;
      e->is_int = false;
      len = (static_cast<size_t>(b & 0x3F) << 8) | zl[p + 1];
      header = 2;
      break;
    case 0x80:
      if (end - p < 5) return false;
      e->is_int = false;
      len = (static_cast<size_t>(zl[p + 1]) << 24) | (static_cast<size_t>(zl[p + 2]) << 16) |
            (static_cast<size_t>(zl[p + 3]) << 8) | zl[p + 4];
      header = 5;
      break;
    default:
      break;
  }
  if (e->is_int) {
    int width = 0;
    switch (b) {
      case 0xC0:
        width = 2;
        break;
      case 0xD0:
        width = 4;
        break;
      case 0xE0:
        width = 8;
        break;
      case 0xF0:
        width = 3;
        break;
      case 0xFE:
        width = 1;
        break;
      default:
        if (b >= 0xF1 && b <= 0xFD) {
          e->ival = (b & 0x0F) - 1;
          width = 0;
        } else {
          return false;
        }
    }
    len = static_cast<size_t>(width);
    if (end - p - header < len) return false;
    if (width > 0) {
      uint64_t u = 0;
      for (int i = width - 1; i >= 0; i--) u = (u << 8) | zl[p + header + i];
      // Sign-extend from `width` bytes.
      int shift = 64 - 8 * width;
      e->ival = static_cast<int64_t>(u << shift) >> shift;
    }
  } else {
    if (end - p - header < len) return false;
    e->sval = {reinterpret_cast<const char*>(zl + p + header), len};
  }
  *size = p + header + len - pos;
  return true;
}

}  // namespace

bool DecodeZiplist(const uint8_t* zl, size_t size, std::vector<lp::Entry>* out) {
  out->clear();
  if (size < kZiplistHeader + 1) return false;
  if (Le32(zl) != size || zl[size - 1] != kZipEnd) return false;
  uint32_t tail = Le32(zl + 4);
  uint16_t count;
  std::memcpy(&count, zl + 8, 2);
  size_t pos = kZiplistHeader, prev_size = 0, last = kZiplistHeader;
  size_t end = size - 1;
  while (pos < end) {
    lp::Entry e;
    size_t esize = 0, prevlen = 0;
    if (!ZipEntry(zl, pos, end, &e, &esize, &prevlen)) return false;
    if (prevlen != prev_size) return false;
    out->push_back(e);
    last = pos;
    prev_size = esize;
    pos += esize;
  }
  if (tail != last) return false;
  // A count of 65535 means "too many to count in the header".
  if (count != UINT16_MAX && count != out->size()) return false;
  return true;
}

bool DecodeZipmap(const uint8_t* zm, size_t size,
                  std::vector<std::pair<std::string_view, std::string_view>>* out) {
  out->clear();
  if (size < 2 || zm[size - 1] != 0xFF) return false;
  size_t p = 1;  // zmlen
  auto read_len = [&](size_t* len) {
    if (p >= size) return false;
    if (zm[p] < 254) {
      *len = zm[p++];
      return true;
    }
    if (zm[p] == 254 && size - p >= 5) {
      *len = Le32(zm + p + 1);
      p += 5;
      return true;
    }
    return false;
  };
  while (p < size && zm[p] != 0xFF) {
    size_t flen = 0, vlen = 0;
    if (!read_len(&flen) || size - p < flen) return false;
    std::string_view f(reinterpret_cast<const char*>(zm + p), flen);
    p += flen;
    if (!read_len(&vlen) || p >= size) return false;
    size_t free_bytes = zm[p++];
    if (size - p < vlen + free_bytes) return false;
    out->emplace_back(f, std::string_view(reinterpret_cast<const char*>(zm + p), vlen));
    p += vlen + free_bytes;
  }
  // The terminator must be the last byte.
  return p == size - 1;
}

}  // namespace ringkv::rdb
