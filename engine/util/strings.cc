#include "engine/util/strings.h"

#include <cctype>

namespace ringkv {

namespace {
inline unsigned char Fold(unsigned char c, bool nocase) {
  return nocase ? static_cast<unsigned char>(std::tolower(c)) : c;
}

// Matches one pattern element at p (not '*') against character c. Sets *width to the element's
// length in the pattern. Follows Redis's stringmatchlen for classes and escapes, including its
// handling of malformed patterns (an unterminated class ends at the pattern's end; a trailing
// backslash is a literal backslash).
bool MatchOne(std::string_view pat, size_t p, unsigned char c, bool nocase, size_t* width) {
  unsigned char pc = static_cast<unsigned char>(pat[p]);
  if (pc == '?') {
    *width = 1;
    return true;
  }
  if (pc == '\\' && p + 1 < pat.size()) {
    *width = 2;
    return Fold(static_cast<unsigned char>(pat[p + 1]), nocase) == Fold(c, nocase);
  }
  if (pc != '[') {
    *width = 1;
    return Fold(pc, nocase) == Fold(c, nocase);
  }
  size_t i = p + 1;
  bool negate = i < pat.size() && pat[i] == '^';
  if (negate) i++;
  bool match = false;
  while (true) {
    if (i >= pat.size()) break;  // unterminated: the class ends with the pattern
    if (pat[i] == '\\' && i + 1 < pat.size()) {
      if (Fold(static_cast<unsigned char>(pat[i + 1]), nocase) == Fold(c, nocase)) match = true;
      i += 2;
      continue;
    }
    if (pat[i] == ']') {
      i++;
      break;
    }
    if (i + 2 < pat.size() && pat[i + 1] == '-') {
      unsigned char start = Fold(static_cast<unsigned char>(pat[i]), nocase);
      unsigned char end = Fold(static_cast<unsigned char>(pat[i + 2]), nocase);
      if (start > end) std::swap(start, end);
      unsigned char cc = Fold(c, nocase);
      if (cc >= start && cc <= end) match = true;
      i += 3;
      continue;
    }
    if (Fold(static_cast<unsigned char>(pat[i]), nocase) == Fold(c, nocase)) match = true;
    i++;
  }
  *width = i - p;
  return negate ? !match : match;
}
}  // namespace

bool GlobMatch(std::string_view pat, std::string_view s, bool nocase) {
  // Iterative matching with one backtrack point (the last '*'): linear in practice and never
  // exponential on hostile patterns such as "a*a*a*a*...b", unlike naive recursion.
  size_t p = 0, i = 0;
  size_t star_p = std::string_view::npos, star_i = 0;
  while (i < s.size()) {
    if (p < pat.size() && pat[p] == '*') {
      while (p < pat.size() && pat[p] == '*') p++;
      if (p == pat.size()) return true;
      star_p = p;
      star_i = i;
      continue;
    }
    size_t width = 0;
    if (p < pat.size() && MatchOne(pat, p, static_cast<unsigned char>(s[i]), nocase, &width)) {
      p += width;
      i++;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    i = ++star_i;
  }
  while (p < pat.size() && pat[p] == '*') p++;
  return p == pat.size();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsValidClientName(std::string_view name) {
  for (char c : name) {
    if (c < '!' || c > '~') return false;  // Redis: printable ASCII without spaces
  }
  return true;
}

}  // namespace ringkv
