// The internal-control register over HTTP (nara issue 16; the contract is docs/api.md
// "Intern kontroll"): GET /api/internal-control, POST /api/internal-control/risks,
// /controls, /results and /import. The register is store/internal_control.h's, in the
// store's SQLite file when the server runs on a database, else in a database in
// memory for the life of the process. api.cc registers the routes and who may use
// them; what they read, check and answer is here.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "nara/serve/http_message.h"
#include "nara/serve/snapshot.h"
#include "nara/store/internal_control.h"

namespace nara::serve {

// The register, one request at a time (one connection).
class InternalControlStore {
 public:
  explicit InternalControlStore(store::InternalControl ic) : ic_(std::move(ic)) {}

  // GET /api/internal-control?year=Y[&lang=en]; `may_edit` as the caller's role allows.
  api::Result Get(const http::Request& req, const api::Snapshot& s, bool may_edit);
  // POST /api/internal-control/risks, /controls, /results (JSON bodies) and /import
  // (the register as CSV): the HTTP status of success (201 made or changed, 200 a
  // removal or an import) and the body, or the error. `by` is the signed-in user and
  // the client's address, for the audit trail.
  std::pair<int, api::Result> PostRisk(const http::Request& req, const api::Snapshot& s, const store::Actor& by);
  std::pair<int, api::Result> PostControl(const http::Request& req, const store::Actor& by);
  std::pair<int, api::Result> PostResult(const http::Request& req, const store::Actor& by);
  std::pair<int, api::Result> Import(const http::Request& req, const api::Snapshot& s, const store::Actor& by);

  // The register of `year` (the board report reads it).
  StatusOr<std::vector<store::IcRisk>> Register(int year);

 private:
  std::mutex mutex_;
  store::InternalControl ic_;
};

// The register in the database at `db_path`, or in memory when it is empty.
StatusOr<std::unique_ptr<InternalControlStore>> MakeInternalControlStore(const std::string& db_path);

// An outcome's words in `lang` ("Genomförd", "Avvikelse", "Ej genomförd").
std::string IcOutcomeText(const std::string& outcome, Lang lang);

}  // namespace nara::serve
