#include "tools/inspect/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "tools/inspect/value_walk.h"

namespace ringkv::inspect {

namespace {

// Decodes one UTF-8 sequence at s[i] strictly as Python does (no overlong forms, no surrogates,
// nothing above U+10FFFF); returns its length, 0 if invalid.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  auto b = [&](size_t j) { return static_cast<unsigned char>(s[j]); };
  unsigned char c = b(i);
  size_t n = c < 0x80             ? 1
             : (c & 0xE0) == 0xC0 ? 2
             : (c & 0xF0) == 0xE0 ? 3
             : (c & 0xF8) == 0xF0 ? 4
                                  : 0;
  if (n == 0 || i + n > s.size()) return 0;
  if (n == 1) {
    *cp = c;
    return 1;
  }
  uint32_t v = c & (0x7F >> n);
  for (size_t j = 1; j < n; j++) {
    if ((b(i + j) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(i + j) & 0x3F);
  }
  static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < kMin[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

bool ValidUtf8(std::string_view s) {
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    size_t n = DecodeUtf8(s, i, &cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void AppendU16(std::string* out, uint32_t u) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "\\u%04x", u & 0xFFFF);
  out->append(buf);
}

// A JSON string of valid UTF-8 with json.dumps's ensure_ascii escapes.
void AppendJsonText(std::string* out, std::string_view s) {
  out->push_back('"');
  uint32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    i += DecodeUtf8(s, i, &cp);
    switch (cp) {
      case '"':
        out->append("\\\"");
        continue;
      case '\\':
        out->append("\\\\");
        continue;
      case '\n':
        out->append("\\n");
        continue;
      case '\r':
        out->append("\\r");
        continue;
      case '\t':
        out->append("\\t");
        continue;
      case '\b':
        out->append("\\b");
        continue;
      case '\f':
        out->append("\\f");
        continue;
      default:
        break;
    }
    if (cp >= 0x20 && cp < 0x7F) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x10000) {
      AppendU16(out, cp);
    } else {
      uint32_t v = cp - 0x10000;
      AppendU16(out, 0xD800 | (v >> 10));
      AppendU16(out, 0xDC00 | (v & 0x3FF));
    }
  }
  out->push_back('"');
}

void AppendBase64(std::string* out, std::string_view s) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto at = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i])); };
  size_t i = 0;
  for (; i + 3 <= s.size(); i += 3) {
    uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    for (int k = 18; k >= 0; k -= 6) out->push_back(kAlphabet[(v >> k) & 63]);
  }
  size_t rest = s.size() - i;
  if (rest > 0) {
    uint32_t v = at(i) << 16;
    if (rest == 2) v |= at(i + 1) << 8;
    out->push_back(kAlphabet[(v >> 18) & 63]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out->push_back('=');
  }
}

// Python sorts the decoded strings by code point, which for valid UTF-8 is byte order; invalid
// strings (base64 objects) sort after the valid ones, by bytes.
bool PyLess(std::string_view a, std::string_view b) {
  bool va = ValidUtf8(a), vb = ValidUtf8(b);
  if (va != vb) return va;
  return a < b;
}

}  // namespace

void AppendJsonBytes(std::string* out, std::string_view s) {
  if (ValidUtf8(s)) {
    AppendJsonText(out, s);
    return;
  }
  out->append("{\"base64\": \"");
  AppendBase64(out, s);
  out->append("\"}");
}

void AppendPyFloat(std::string* out, double d) {
  if (std::isnan(d)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(d)) {
    out->append(d > 0 ? "Infinity" : "-Infinity");
    return;
  }
  if (std::signbit(d)) {
    out->push_back('-');
    d = -d;
  }
  // Shortest round-trip digits and the decimal exponent, then Python's layout: positional for
  // exponents in [-4, 16), scientific otherwise.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exp = std::atoi(std::string(sci.substr(e + 1)).c_str());
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      if (digits.size() < static_cast<size_t>(exp) + 1) digits.append(exp + 1 - digits.size(), '0');
      out->append(digits, 0, exp + 1);
      out->push_back('.');
      out->append(digits.size() > static_cast<size_t>(exp) + 1 ? digits.substr(exp + 1) : "0");
    } else {
      out->append("0.");
      out->append(static_cast<size_t>(-exp - 1), '0');
      out->append(digits);
    }
    return;
  }
  out->push_back(digits[0]);
  if (digits.size() > 1) {
    out->push_back('.');
    out->append(digits, 1);
  }
  char ebuf[16];
  std::snprintf(ebuf, sizeof(ebuf), "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
  out->append(ebuf);
}

void AppendJsonValue(std::string* out, const KeyView& k) {
  const Value& v = *k.value;
  switch (v.type()) {
    case ObjType::kString: {
      char scratch[kIntScratch];
      AppendJsonBytes(out, v.StringView(scratch));
      return;
    }
    case ObjType::kList: {
      out->push_back('[');
      bool first = true;
      ForEachListItem(v, [&](std::string_view e) {
        if (!first) out->append(", ");
        first = false;
        AppendJsonBytes(out, e);
      });
      out->push_back(']');
      return;
    }
    case ObjType::kHash: {
      std::vector<std::pair<std::string, std::string>> fields;
      ForEachHashField(v, [&](std::string_view f, std::string_view val) {
        fields.emplace_back(std::string(f), std::string(val));
      });
      std::sort(fields.begin(), fields.end(),
                [](const auto& a, const auto& b) { return PyLess(a.first, b.first); });
      out->push_back('{');
      for (size_t i = 0; i < fields.size(); i++) {
        if (i > 0) out->append(", ");
        // A JSON key must be a string: a field that is not UTF-8 is written as its base64 text.
        if (ValidUtf8(fields[i].first)) {
          AppendJsonText(out, fields[i].first);
        } else {
          std::string b64 = "base64:";
          AppendBase64(&b64, fields[i].first);
          AppendJsonText(out, b64);
        }
        out->append(": ");
        AppendJsonBytes(out, fields[i].second);
      }
      out->push_back('}');
      return;
    }
    case ObjType::kSet: {
      std::vector<std::string> members;
      ForEachSetMember(v, [&](std::string_view m) { members.emplace_back(m); });
      std::sort(members.begin(), members.end(), PyLess);
      out->push_back('[');
      for (size_t i = 0; i < members.size(); i++) {
        if (i > 0) out->append(", ");
        AppendJsonBytes(out, members[i]);
      }
      out->push_back(']');
      return;
    }
    case ObjType::kZSet: {
      out->push_back('[');
      bool first = true;
      ForEachZSetMember(v, [&](std::string_view m, double score) {
        if (!first) out->append(", ");
        first = false;
        out->push_back('[');
        AppendJsonBytes(out, m);
        out->append(", ");
        AppendPyFloat(out, score);
        out->push_back(']');
      });
      out->push_back(']');
      return;
    }
    case ObjType::kStream:
      out->append("null");
      return;
  }
}

bool AppendJsonLine(std::string* out, const KeyView& k) {
  if (k.value == nullptr) return false;
  out->append("{\"db\": ");
  out->append(std::to_string(k.db));
  out->append(", \"key\": ");
  AppendJsonBytes(out, k.key);
  out->append(", \"pexpiretime\": ");
  out->append(std::to_string(k.expire_ms));
  out->append(", \"type\": ");
  AppendJsonText(out, KeyTypeName(k));
  out->append(", \"value\": ");
  AppendJsonValue(out, k);
  out->append("}\n");
  return true;
}

}  // namespace ringkv::inspect
