#include "nara/cli/text_table.h"

#include <algorithm>
#include <ostream>

#include "nara/base/text.h"

namespace nara::cli {

void PrintTable(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<size_t> width;
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], TextWidth(r[c]));
    }
  }
  for (const auto& r : rows) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c) {
      line += c == 0 ? PadText(r[c], width[c]) : "  " + PadText(r[c], width[c], /*right=*/true);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

}  // namespace nara::cli
