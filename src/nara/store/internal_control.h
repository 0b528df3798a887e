// The internal-control register (intern kontroll, nara issue 16), in the store's
// SQLite file beside the comments (comments.h: the same file, the tables created when
// opened, every change an audit entry in the same transaction).
//
// A register per plan year: risks (area, description, probability and consequence
// 1–4, their product the risk value, owner, whether the board took part in
// prioritising it), each risk's controls (what, how, how often, who) and each
// control's result per tertial of the year (done / deviation found / not done, with a
// text; at most one per control and tertial, a second replaces the first).
//
// Tables: `ic_risks`, `ic_controls` (removed with their risk), `ic_results` (removed
// with their control). The register can be read and written as CSV, one row per
// control (docs/api.md, "Intern kontroll"): whole file or nothing, every problem with
// its line and column.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "nara/base/status.h"
#include "nara/store/audit.h"
#include "nara/store/sqlite.h"

namespace nara::store {

// A control's result in one tertial.
struct IcResult {
  std::string period;   // "2024-T1", "2024-T2" or "2024-T3"
  std::string outcome;  // "done", "deviation" or "not_done"
  std::string text;     // required for "deviation" and "not_done"
  std::string by;       // who wrote it
  std::string at;       // when, UTC: 2024-05-02T09:14:00Z
};

struct IcControl {
  int64_t id = 0;  // 0 when new
  int64_t risk_id = 0;
  std::string what;
  std::string how;        // method, may be empty
  std::string frequency;  // "monthly", "tertial" or "yearly"
  std::string responsible;
  std::vector<IcResult> results;  // in period order
};

struct IcRisk {
  int64_t id = 0;  // 0 when new
  int year = 0;
  std::string unit_id;  // the area (unit of the organisation tree) the risk is in
  std::string title;
  std::string description;
  int probability = 0;  // 1–4
  int consequence = 0;  // 1–4
  std::string owner;
  bool board_prioritised = false;
  std::vector<IcControl> controls;  // by id

  int risk_value() const { return probability * consequence; }
};

// What an import stored.
struct IcImportCounts {
  int risks = 0;
  int controls = 0;
  int results = 0;
};

// The outcomes, frequencies and CSV columns as written.
bool IcOutcomeKnown(std::string_view outcome);
bool IcFrequencyKnown(std::string_view frequency);
// Whether `outcome` needs a text (deviation, not_done).
bool IcOutcomeNeedsText(std::string_view outcome);
// "2024-T1" … "2024-T3".
std::vector<std::string> IcPeriods(int year);
// The CSV's header, `;`-separated.
const std::vector<std::string>& IcCsvColumns();

// Reads a register CSV (`;` or `,`, UTF-8, optional BOM, CRLF or LF; a line whose
// first field starts with '#' is a comment and is passed by) for `year`. The whole
// file or nothing: a DataError with every problem (its line and column name) when any
// row is wrong. `known_units`, when given, are the unit ids a risk may name.
StatusOr<std::vector<IcRisk>> ParseIcCsv(std::string_view text, int year, const std::set<std::string>* known_units,
                                         const std::string& file_name = "");
// The register as CSV: `;`-separated, UTF-8 without BOM, LF, a header line, one row
// per control (a risk without controls: one row with the control's fields empty),
// fields quoted when they hold `;`, `"` or a line break.
std::string IcCsv(const std::vector<IcRisk>& risks);

// One connection to the register; use it from one thread at a time.
class InternalControl {
 public:
  // The existing database at `path`, the tables created when missing.
  static StatusOr<InternalControl> Open(const std::string& path);
  // The same tables in memory (a server without a database).
  static StatusOr<InternalControl> OpenInMemory();

  InternalControl(InternalControl&&) noexcept = default;
  InternalControl& operator=(InternalControl&&) noexcept = default;

  // The register of `year`: highest risk value first, then by id; controls by id,
  // results in period order.
  StatusOr<std::vector<IcRisk>> Register(int year);
  // A risk (with its controls and results), or nothing.
  StatusOr<std::optional<IcRisk>> FindRisk(int64_t id);
  // A control (with its results), or nothing.
  StatusOr<std::optional<IcControl>> FindControl(int64_t id);

  // Adds (id 0) or changes a risk (its fields; its controls are left alone); returns
  // it as stored. NotFound for an unknown id; Invalid for a field out of range.
  StatusOr<IcRisk> PutRisk(IcRisk risk, const Actor& by);
  // Removes a risk with its controls and their results. NotFound for an unknown id.
  Status RemoveRisk(int64_t id, const Actor& by);
  // Adds (id 0) or changes a control (risk_id of a new one must exist; a change keeps
  // the control's risk). NotFound for an unknown control or risk.
  StatusOr<IcControl> PutControl(IcControl control, const Actor& by);
  Status RemoveControl(int64_t id, const Actor& by);
  // Writes the result of `control_id` in `result.period` (replacing one written
  // before); `at` is set here when empty. NotFound for an unknown control, Invalid for
  // a period not in the risk's year, an unknown outcome or a missing text.
  StatusOr<IcResult> PutResult(int64_t control_id, IcResult result, const Actor& by);

  // Whether `year` has a register (any risk).
  StatusOr<bool> HasRegister(int year);
  // Stores `risks` (as ParseIcCsv reads them) as the register of `year`, in one
  // transaction with one audit entry. With `replace` the year's register is removed
  // first; without it a year that has one is refused (InvalidArgument
  // "register_exists").
  StatusOr<IcImportCounts> Import(int year, const std::vector<IcRisk>& risks, bool replace, const Actor& by);

 private:
  explicit InternalControl(Database db) : db_(std::move(db)) {}
  static StatusOr<InternalControl> Prepare(Database db, const std::string& where);
  StatusOr<std::vector<IcRisk>> Risks(const char* where, int64_t key);
  StatusOr<std::vector<IcControl>> Controls(int64_t risk_id, int64_t control_id);
  Status InsertRisk(IcRisk& risk);
  Status InsertControl(IcControl& control);
  Status InsertResult(int64_t control_id, const IcResult& result);
  Database db_;
};

// The time results are stamped with: now, UTC, 2024-05-02T09:14:00Z.
std::string IcNow();

}  // namespace nara::store
