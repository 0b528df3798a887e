// The Swedish wording of what nara says about a file that breaks the data contract,
// for the pages' Dataimport (Swedish by default). The readers and the store write their
// messages in English, as `nara import` prints them; the API gives each problem in both
// (`message`, `message_sv`). One table of patterns covers every message of the
// malformed-file corpus (tests/malformed/expected.txt), which the test checks.
#pragma once

#include <string>
#include <string_view>

namespace nara::serve {

// `message` (one problem, without its "file:line:column: ") in Swedish; a message no
// pattern knows comes back unchanged. Values quoted in it ('2024-02-30') are kept.
std::string SwedishProblem(std::string_view message);

}  // namespace nara::serve
