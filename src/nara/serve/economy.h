// The economy's routes (issue 16; follow/economy.h and whatif.h over the snapshot's
// ledger, forecasts, listings and staff tables), as JSON in tkr:
//   GET /api/economy             budget, outcome and forecast of a unit and the units
//                                right below it; its months and accounts
//   GET /api/economy/capitation  computed against booked capitation per health centre
//   GET /api/economy/whatif      the configured price models of a year side by side
// `config_dir` is the configuration folder whose economy.toml (the price per care
// point) and whatif/*.toml (the models) are read, at each request (small files).
#pragma once

#include <string>
#include <vector>

#include "nara/follow/economy.h"
#include "nara/follow/whatif.h"
#include "nara/model/period.h"
#include "nara/model/prices.h"
#include "nara/serve/http_message.h"
#include "nara/serve/snapshot.h"

namespace nara::serve::api {

// The answers' bodies from the figures (nara economy --format json writes the same).
json EconomyJson(const follow::EconomySummary& e, const model::OrgTree& tree, const model::Period& period, int unit,
                 Lang lang);
json CapitationJson(const follow::CapitationCheck& c, const model::OrgTree& tree, const model::Period& period,
                    int unit);
json WhatIfJson(const follow::WhatIfComparison& c, const std::vector<model::WhatIfModel>& models,
                const model::OrgTree& tree);

Result EconomySummaryJson(const http::Request& req, const Snapshot& s);
Result CapitationJson(const http::Request& req, const Snapshot& s, const std::string& config_dir);
Result WhatIfJson(const http::Request& req, const Snapshot& s, const std::string& config_dir);

}  // namespace nara::serve::api
