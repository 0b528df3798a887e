// Where an export's bytes land. Every export is written beside its target under a
// temporary name and then put in place, so the target is whole or untouched, and an
// existing file is replaced only when the user said so (--force).
#pragma once

#include <string>
#include <string_view>

#include "nara/base/status.h"

namespace nara::exports {

// Invalid when `path` is a folder, or an existing file and `overwrite` is false; Ok
// otherwise (also when the folder it would go in is missing: writing says so).
// A cheap check before the work; PlaceFile checks again.
Status CheckTarget(const std::string& path, bool overwrite);

// A name beside `path` for writing it first (same folder, so it can be renamed).
std::string TemporaryPathFor(const std::string& path);

// Moves the finished `temporary` to `path`. Without `overwrite`, a `path` that has
// come to exist meanwhile is kept (the check and the move are one step: link(2)) and
// the answer is Invalid. `temporary` is gone afterwards in every case.
Status PlaceFile(const std::string& temporary, const std::string& path, bool overwrite);

// Writes `bytes` to `path` through a temporary file and PlaceFile.
Status WriteFile(const std::string& path, std::string_view bytes, bool overwrite);

}  // namespace nara::exports
