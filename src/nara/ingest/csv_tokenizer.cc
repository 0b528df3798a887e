#include "nara/ingest/csv_tokenizer.h"

#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace nara::ingest {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

const char* CsvErrorText(CsvError error) {
  switch (error) {
    case CsvError::kNone: return "ok";
    case CsvError::kUnterminatedQuote: return "unterminated quoted field";
    case CsvError::kQuoteInUnquoted:
      return "a quote inside an unquoted field (quote the whole field and double the quote)";
    case CsvError::kAfterClosingQuote: return "unexpected character after the closing quote";
    case CsvError::kLoneCarriageReturn: return "carriage return without a line feed (lines must end with LF or CRLF)";
    case CsvError::kFieldTooLong: return "field longer than 65536 bytes";
  }
  return "?";
}

CsvTokenizer::CsvTokenizer(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {
  bits_ = text_.empty() ? 0 : Mask(0);
}

uint64_t CsvTokenizer::Mask(size_t base) const {
  const char* p = text_.data() + base;
  alignas(16) char tail[64];
  if (text_.size() - base < 64) {
    // NUL is never structural, so padding with it adds no positions.
    std::memset(tail, 0, sizeof tail);
    std::memcpy(tail, p, text_.size() - base);
    p = tail;
  }
#if defined(__SSE2__)
  const __m128i delim = _mm_set1_epi8(delimiter_);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i lf = _mm_set1_epi8('\n');
  uint64_t mask = 0;
  for (int i = 0; i < 4; ++i) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, delim), _mm_cmpeq_epi8(v, quote)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)));
    mask |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hit))) << (16 * i);
  }
  return mask;
#else
  uint64_t mask = 0;
  for (int i = 0; i < 64; ++i) {
    char c = p[i];
    if (c == delimiter_ || c == '"' || c == '\r' || c == '\n') mask |= uint64_t{1} << i;
  }
  return mask;
#endif
}

size_t CsvTokenizer::NextStructural() {
  while (bits_ == 0) {
    if (block_ + 64 >= text_.size()) {
      block_ = text_.size();
      return text_.size();
    }
    block_ += 64;
    bits_ = Mask(block_);
  }
  size_t at = block_ + static_cast<size_t>(__builtin_ctzll(bits_));
  bits_ &= bits_ - 1;
  return at;
}

bool CsvTokenizer::Fail(CsvError error, size_t offset) {
  error_ = error;
  error_offset_ = offset;
  pos_ = text_.size();
  return false;
}

bool CsvTokenizer::Next(CsvField* fields, size_t capacity, size_t* count) {
  const size_t n = text_.size();
  const char* t = text_.data();
  record_start_ = pos_;
  size_t found = 0;
  size_t field_start = pos_;
  while (true) {
    CsvField f;
    f.start = field_start;
    size_t at = NextStructural();  // the character that ends (or quotes) this field
    if (at < n && t[at] == '"') {
      for (size_t i = field_start; i < at; ++i) {
        if (!IsBlank(t[i])) return Fail(CsvError::kQuoteInUnquoted, field_start);
      }
      f.quoted = true;
      f.begin = at + 1;
      while (true) {
        size_t q = NextStructural();
        if (q >= n) return Fail(CsvError::kUnterminatedQuote, field_start);
        if (t[q] == '\n') {
          ++line_;
          continue;
        }
        if (t[q] != '"') continue;
        if (q + 1 < n && t[q + 1] == '"') {
          f.escaped = true;
          NextStructural();  // the second quote of the pair
          continue;
        }
        f.end = q;
        break;
      }
      at = NextStructural();
      for (size_t i = f.end + 1; i < at && i < n; ++i) {
        if (!IsBlank(t[i])) return Fail(CsvError::kAfterClosingQuote, field_start);
      }
      if (at < n && t[at] == '"') return Fail(CsvError::kAfterClosingQuote, field_start);
    } else {
      size_t b = field_start, e = at;
      while (b < e && IsBlank(t[b])) ++b;
      while (e > b && IsBlank(t[e - 1])) --e;
      f.begin = b;
      f.end = e;
    }
    if (f.end - f.begin > kMaxFieldBytes) return Fail(CsvError::kFieldTooLong, field_start);
    if (found < capacity) fields[found] = f;
    ++found;
    if (at >= n) {
      pos_ = n;
      break;
    }
    char c = t[at];
    if (c == delimiter_) {
      field_start = at + 1;
      continue;
    }
    if (c == '\r') {
      if (at + 1 >= n || t[at + 1] != '\n') return Fail(CsvError::kLoneCarriageReturn, at);
      NextStructural();  // the LF
      ++at;
    }
    ++line_;
    pos_ = at + 1;
    break;
  }
  *count = found;
  return true;
}

std::string_view FieldValue(std::string_view text, const CsvField& field, std::string* scratch) {
  std::string_view v = text.substr(field.begin, field.end - field.begin);
  if (!field.escaped) return v;
  scratch->clear();
  for (size_t i = 0; i < v.size(); ++i) {
    scratch->push_back(v[i]);
    if (v[i] == '"') ++i;  // the pair's second quote
  }
  return *scratch;
}

}  // namespace nara::ingest
