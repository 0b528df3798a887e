// The nara command line: parses arguments and runs a command. main() only calls
// RunCli, so the commands can be tested in-process.
//
// Exit codes, mapped here and nowhere else:
//   0  done
//   1  check-config found problems
//   2  bad input: a malformed extract, configuration or parameter (message on stderr)
//   3  I/O or internal error
#pragma once

#include <iosfwd>

namespace nara::cli {

// `in` is what commands read from standard input (a password for `nara user`).
int RunCli(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err);
// The same, reading std::cin.
int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace nara::cli
