// Tables of text for the terminal, shared by the commands that print them.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace nara::cli {

// Prints `rows` (the first one usually a header), the first column left-aligned and
// the others right-aligned, each as wide as its widest cell (TextWidth: characters,
// not bytes), two spaces between columns, no trailing spaces.
void PrintTable(const std::vector<std::vector<std::string>>& rows, std::ostream& out);

}  // namespace nara::cli
