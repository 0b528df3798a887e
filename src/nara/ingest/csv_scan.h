// Pieces of the CSV reader that stand on their own (internal to ingest, use
// csv_reader.h; the simulator's typed output builds its dictionaries with the same
// TextInterner, so its codes are the reader's): the dictionary a text column is built
// into while reading, and the scans that tell a file's encoding and line ends apart
// before it is parsed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nara::ingest {

// A text column's dictionary while reading: open addressing over codes into the
// column's list of distinct texts, so each text is held once and a lookup costs no
// allocation (patient keys are mostly distinct, millions per file).
class TextInterner {
 public:
  int32_t Intern(std::string_view v, std::vector<std::string>* texts) {
    if ((texts->size() + 1) * 2 > slots_.size()) Grow(*texts);
    const size_t h = std::hash<std::string_view>{}(v);
    const auto tag = static_cast<uint32_t>(h >> 32);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.code < 0) {
        slot = {tag, static_cast<int32_t>(texts->size())};
        texts->emplace_back(v);
        return slot.code;
      }
      if (slot.tag == tag && (*texts)[slot.code] == v) return slot.code;
    }
  }

 private:
  struct Slot {
    uint32_t tag = 0;
    int32_t code = -1;
  };
  void Grow(const std::vector<std::string>& texts) {
    std::vector<Slot> slots(std::max<size_t>(64, slots_.size() * 2));
    const size_t mask = slots.size() - 1;
    for (size_t code = 0; code < texts.size(); ++code) {
      const size_t h = std::hash<std::string_view>{}(texts[code]);
      size_t i = h & mask;
      while (slots[i].code >= 0) i = (i + 1) & mask;
      slots[i] = {static_cast<uint32_t>(h >> 32), static_cast<int32_t>(code)};
    }
    slots_ = std::move(slots);
  }
  std::vector<Slot> slots_;
};

// Offset of the first well-formed UTF-8 multi-byte sequence in `b`, or npos.
inline size_t FirstUtf8Sequence(std::string_view b) {
  auto cont = [&](size_t i) { return i < b.size() && (static_cast<unsigned char>(b[i]) & 0xC0) == 0x80; };
  for (size_t i = 0; i < b.size(); ++i) {
    const auto c = static_cast<unsigned char>(b[i]);
    if (c < 0xC2) continue;
    const int need = c < 0xE0 ? 1 : c < 0xF0 ? 2 : c < 0xF5 ? 3 : 0;
    if (need == 0) continue;
    bool ok = true;
    for (int k = 1; k <= need; ++k) ok = ok && cont(i + k);
    if (ok) return i;
  }
  return std::string_view::npos;
}

// Offset of a carriage return that is not followed by a line feed and stands outside
// quotes (an old Mac line end), or npos. Inside quotes a CR is text.
inline size_t FirstLoneCarriageReturn(std::string_view t) {
  size_t quotes = 0, counted_to = 0;
  for (size_t at = t.find('\r'); at != std::string_view::npos; at = t.find('\r', at + 1)) {
    if (at + 1 < t.size() && t[at + 1] == '\n') continue;
    quotes += static_cast<size_t>(std::count(t.begin() + counted_to, t.begin() + at, '"'));
    counted_to = at;
    if (quotes % 2 == 0) return at;
  }
  return std::string_view::npos;
}

}  // namespace nara::ingest
